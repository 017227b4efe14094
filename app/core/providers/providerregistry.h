#pragma once

#include <QHash>
#include <QObject>
#include <domain/account.h>
#include <functional>
#include <providers/provider.h>

namespace Slipway {

class CredentialStore;
class HttpClient;

// What a provider gets when it is built: where to read its secrets, the one HTTP client of this thread,
// and the Local library's folder.
struct ProviderContext
{
    CredentialStore* credentials = nullptr;
    HttpClient* http = nullptr;
    QString libraryPath; // the Local library's root folder; empty = the default location
};

// Knows every service Slipway supports and builds the providers of the connected accounts.
class ProviderRegistry : public QObject
{
    Q_OBJECT

public:
    using Factory = std::function<Provider*(const Account& account, const ProviderContext& context, QObject* parent)>;

    explicit ProviderRegistry(const ProviderContext& context, QObject* parent = nullptr);
    ~ProviderRegistry() override;

    // Every built-in service, in display order (Local library first).
    static QList<ServiceInfo> services();
    static const ServiceInfo* service(const QString& id);
    // Adds a service (used by registerBuiltinServices() and by tests that plug in a service of their own).
    static void registerService(const ServiceInfo& info, const Factory& factory);

    const ProviderContext& context() const { return m_context; }

    // The provider of an account, built on first use and kept until the account changes.
    Provider* provider(const Account& account);
    // Drops a provider after its account was removed or edited.
    void forget(const QString& accountName);
    QList<Provider*> providers() const;

    // The always-present Local library account.
    static Account localAccount(const QString& libraryPath = {});

private:
    ProviderContext m_context;
    QHash<QString, Provider*> m_providers;
};

} // namespace Slipway
