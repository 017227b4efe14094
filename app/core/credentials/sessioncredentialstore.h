#pragma once

#include <credentials/credentialstore.h>

namespace Slipway {

class MemoryCredentialStore;

// The store a Workspace hands to providers: the persistent store (the OS keychain) plus secrets the user chose
// to keep for this run only, in memory, when the keychain was missing or locked. Reads prefer the in-memory
// secrets; writes go to the persistent store (and drop the in-memory copy once it succeeded); removes clear both.
class SessionCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    // Takes ownership of `persistent` (reparents it).
    explicit SessionCredentialStore(CredentialStore* persistent, QObject* parent = nullptr);
    ~SessionCredentialStore() override;

    SecretJob* read(const QString& key) override;
    CredentialJob* write(const QString& key, const QByteArray& secret) override;
    CredentialJob* remove(const QString& key) override;

    // Keeps a secret in memory until the process ends; nothing is written anywhere.
    void keepForThisRun(const QString& key, const QByteArray& secret);
    bool isKeptForThisRun(const QString& key) const;
    CredentialStore* persistent() const { return m_persistent; }

private:
    CredentialStore* m_persistent;
    MemoryCredentialStore* m_session;
};

} // namespace Slipway
