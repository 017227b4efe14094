#pragma once

#include <QObject>
#include <common/result.h>
#include <domain/account.h>
#include <memory>

namespace Slipway {

class AccountStore;
class CredentialStore;
class HttpClient;
class Provider;
class ProviderRegistry;

// Everything the window and the CLI share: the accounts, the keychain, the one HTTP client of the main thread,
// and the providers built from them. Both front ends create exactly one.
class Workspace : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString libraryPath; // empty: SLIPWAY_LIBRARY, then the "library/path" setting, then the default
        QString settingsFile; // empty: the user's QSettings location
        bool memorySecrets = false; // keep secrets in memory for this run only (no keychain)
    };

    explicit Workspace(const Options& options, QObject* parent = nullptr);
    ~Workspace() override;

    AccountStore& accountStore() { return *m_accounts; }
    CredentialStore* credentials() { return m_credentials; }
    HttpClient* http() { return m_http; }
    ProviderRegistry& registry() { return *m_registry; }
    QString libraryPath() const { return m_libraryPath; }

    // The Local library first, then the stored accounts by name.
    QList<Account> accounts() const;
    Result<Account> account(const QString& name) const;
    // The provider of an account ("local" when empty); a clear error for an unknown name or a service this
    // build cannot talk to.
    Result<Provider*> provider(const QString& accountName);

    // Replaces the secret store (tests; the "keep for this run only" fallback when the keychain is missing).
    void setCredentialStore(CredentialStore* store);

Q_SIGNALS:
    void accountsChanged();

private:
    Options m_options;
    QString m_libraryPath;
    AccountStore* m_accounts = nullptr;
    CredentialStore* m_credentials = nullptr;
    HttpClient* m_http = nullptr;
    ProviderRegistry* m_registry = nullptr;
};

} // namespace Slipway
