#include "providerregistry.h"

#include <QCoreApplication>
#include <QRecursiveMutex>
#include <providers/builtinservices.h>

namespace Slipway {

namespace {

struct Registered
{
    ServiceInfo info;
    ProviderRegistry::Factory factory;
};

QRecursiveMutex& registryMutex()
{
    static QRecursiveMutex mutex;
    return mutex;
}

QList<Registered>& registered()
{
    static QList<Registered> list;
    static bool initialised = false;
    if (!initialised) {
        initialised = true;
        registerBuiltinServices();
    }
    return list;
}

} // namespace

ProviderRegistry::ProviderRegistry(const ProviderContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{ }

ProviderRegistry::~ProviderRegistry() = default;

QList<ServiceInfo> ProviderRegistry::services()
{
    QMutexLocker lock(&registryMutex());
    QList<ServiceInfo> out;
    for (const Registered& r : registered())
        out.append(r.info);
    return out;
}

const ServiceInfo* ProviderRegistry::service(const QString& id)
{
    QMutexLocker lock(&registryMutex());
    for (const Registered& r : registered()) {
        if (r.info.id == id)
            return &r.info;
    }
    return nullptr;
}

void ProviderRegistry::registerService(const ServiceInfo& info, const Factory& factory)
{
    QMutexLocker lock(&registryMutex());
    auto& all = registered();
    for (Registered& r : all) {
        if (r.info.id == info.id) {
            r = {info, factory};
            return;
        }
    }
    all.append({info, factory});
}

Provider* ProviderRegistry::provider(const Account& account)
{
    if (Provider* existing = m_providers.value(account.name))
        return existing;
    Factory factory;
    {
        QMutexLocker lock(&registryMutex());
        for (const Registered& r : registered()) {
            if (r.info.id == account.service)
                factory = r.factory;
        }
    }
    if (!factory)
        return nullptr;
    Provider* p = factory(account, m_context, this);
    if (p)
        m_providers.insert(account.name, p);
    return p;
}

void ProviderRegistry::forget(const QString& accountName)
{
    if (Provider* p = m_providers.take(accountName))
        p->deleteLater();
}

QList<Provider*> ProviderRegistry::providers() const
{
    return m_providers.values();
}

Account ProviderRegistry::localAccount(const QString& libraryPath)
{
    Account a;
    a.name = QStringLiteral("local");
    a.service = QStringLiteral("local");
    if (!libraryPath.isEmpty())
        a.fields.insert(QStringLiteral("path"), libraryPath);
    return a;
}

} // namespace Slipway
