#pragma once

#include <QHash>
#include <QStringList>
#include <credentials/credentialstore.h>

namespace Slipway {

// Secrets kept in this process's memory only: for tests, `--memory-secrets` style runs and the "keep this
// secret for this run only" choice when the OS keychain is missing or locked. Nothing is ever written to disk.
class MemoryCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    using CredentialStore::CredentialStore;
    ~MemoryCredentialStore() override;

    SecretJob* read(const QString& key) override;
    CredentialJob* write(const QString& key, const QByteArray& secret) override;
    CredentialJob* remove(const QString& key) override;

    // Synchronous access for tests and for the session overlay.
    bool contains(const QString& key) const { return m_secrets.contains(key); }
    QByteArray value(const QString& key) const { return m_secrets.value(key); }
    QStringList keys() const { return m_secrets.keys(); }
    void insert(const QString& key, const QByteArray& secret) { m_secrets.insert(key, secret); }
    void erase(const QString& key) { m_secrets.remove(key); }

    // Tests: make every following write (and remove) fail with `error` (Kind::None restores normal behaviour),
    // to exercise the "keychain refused" paths without a broken keyring.
    void setFailure(const Error& error) { m_failure = error; }

private:
    QHash<QString, QByteArray> m_secrets;
    Error m_failure;
};

} // namespace Slipway
