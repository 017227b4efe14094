#include "workspace.h"

#include <QCoreApplication>
#include <QSettings>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/keychaincredentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <credentials/sessioncredentialstore.h>
#include <library/locallibrary.h>
#include <net/httpclient.h>
#include <providers/providerregistry.h>

namespace Slipway {

Workspace::Workspace(const Options& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
{
    m_accounts = new AccountStore(&ProviderRegistry::service, options.settingsFile, this);
    m_libraryPath = options.libraryPath;
    if (m_libraryPath.isEmpty())
        m_libraryPath = qEnvironmentVariable("SLIPWAY_LIBRARY");
    if (m_libraryPath.isEmpty()) {
        const QSettings settings(m_accounts->settingsFile(), QSettings::IniFormat);
        m_libraryPath = settings.value(QStringLiteral("library/path")).toString();
    }
    if (m_libraryPath.isEmpty())
        m_libraryPath = LocalLibrary::defaultPath();

    // Secrets: the OS keychain (or memory only, when asked), under a session layer that holds the secrets the
    // user chose to keep for this run only when the keychain was missing or locked.
    CredentialStore* persistent = nullptr;
    if (options.memorySecrets)
        persistent = new MemoryCredentialStore();
    else
        persistent = new KeychainCredentialStore(QStringLiteral("Slipway"));
    m_credentials = new SessionCredentialStore(persistent, this);

    // The one HTTP client of the main thread, shared by every provider.
    m_http = new HttpClient(this);
    ProviderContext context;
    context.credentials = m_credentials;
    context.http = m_http;
    context.libraryPath = m_libraryPath;
    m_registry = new ProviderRegistry(context, this);
    connect(m_accounts, &AccountStore::changed, this, &Workspace::accountsChanged);
}

Workspace::~Workspace() = default;

void Workspace::setCredentialStore(CredentialStore* store)
{
    m_credentials = store;
    ProviderContext context = m_registry->context();
    context.credentials = store;
    delete m_registry;
    m_registry = new ProviderRegistry(context, this);
}

QList<Account> Workspace::accounts() const
{
    QList<Account> out {ProviderRegistry::localAccount(m_libraryPath)};
    for (const Account& a : m_accounts->accounts()) {
        if (a.name != QLatin1String("local"))
            out.append(a);
    }
    return out;
}

Result<Account> Workspace::account(const QString& name) const
{
    const QString wanted = name.isEmpty() ? QStringLiteral("local") : name;
    for (const Account& a : accounts()) {
        if (a.name == wanted)
            return a;
    }
    Error e(Error::Kind::NotFound,
        tr("There is no account named \"%1\"; choose one of the connected accounts, or connect it first.").arg(wanted));
    e.field = QStringLiteral("account");
    return e;
}

Result<Provider*> Workspace::provider(const QString& accountName)
{
    auto a = account(accountName);
    if (!a)
        return a.error();
    Account acc = a.value();
    if (acc.baseUrl.isEmpty()) {
        if (const ServiceInfo* s = ProviderRegistry::service(acc.service))
            acc.baseUrl = s->defaultBaseUrl;
    }
    Provider* p = m_registry->provider(acc);
    if (!p) {
        return Error(
            Error::Kind::Unsupported, tr("This build of Slipway cannot connect to %1 accounts yet.").arg(acc.service));
    }
    return p;
}

} // namespace Slipway
