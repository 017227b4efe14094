#pragma once

#include <credentials/credentialstore.h>

namespace Slipway {

// The OS keychain through QtKeychain: the Secret Service (gnome-keyring, KWallet) on Linux, Keychain on macOS,
// the Credential Manager on Windows. One entry per account and secret field, under the service name
// "Slipway" and the key CredentialStore::keyFor(account, field). Never falls back to a file
// (setInsecureFallback(false)); a missing entry finishes with Error::Kind::NotFound, any other failure with
// Error::Kind::Keychain and a sentence that says what is wrong and how to fix it. A backend that is not ready
// yet (a keyring daemon still starting) is retried once.
class KeychainCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    explicit KeychainCredentialStore(const QString& serviceName = QStringLiteral("Slipway"), QObject* parent = nullptr);
    ~KeychainCredentialStore() override;

    SecretJob* read(const QString& key) override;
    CredentialJob* write(const QString& key, const QByteArray& secret) override;
    CredentialJob* remove(const QString& key) override;

    QString serviceName() const { return m_service; }
    // Delay before the single retry of a backend that was not ready (default 500 ms).
    void setRetryDelay(int ms) { m_retryDelayMs = ms; }

    enum class Operation
    {
        Read,
        Write,
        Remove
    };
    // The user-facing error for a QtKeychain failure (`code` is a QKeychain::Error, `backendMessage` its
    // errorString()). Public for tests; never contains the secret (QtKeychain never puts it in errorString).
    static Error describeFailure(int code, const QString& backendMessage, Operation operation);
    // Whether a failure is worth one retry (the backend may still be starting).
    static bool isRetryable(int code, const QString& backendMessage);

private:
    void startRead(SecretJob* job, const QString& key, int attempt);
    void startWrite(CredentialJob* job, const QString& key, const QByteArray& secret, int attempt);
    void startRemove(CredentialJob* job, const QString& key, int attempt);

    QString m_service;
    int m_retryDelayMs = 500;
};

} // namespace Slipway
