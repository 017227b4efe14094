#pragma once

#include <domain/account.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>

namespace Slipway {

class ServiceClient;

// What every network service's provider shares: the account it was built for, the ServiceClient all its
// requests go through, the name the window shows ("ManageXR (mxr-prod)") and its capabilities. A service's
// provider derives from this and implements the operations.
class NetworkProvider : public Provider
{
    Q_OBJECT

public:
    QString accountName() const override { return m_account.name; }
    QString serviceId() const override { return m_serviceId; }
    QString displayName() const override;
    Capabilities capabilities() const override { return m_capabilities; }

    const Account& account() const { return m_account; }
    ServiceClient* client() const { return m_client; }

    // Registers the provider class P: its description P::serviceInfo() and its factory P::create.
    template<typename P> static void registerService()
    {
        ProviderRegistry::registerService(P::serviceInfo(), &P::create);
    }

protected:
    // `shortName` is how the window names the service next to the account ("Akana (portal)").
    NetworkProvider(const Account& account, const QString& serviceId, const QString& shortName,
        Capabilities capabilities, QObject* parent);

    Account m_account;
    ServiceClient* m_client = nullptr; // set by the derived constructor; a child of the provider

private:
    QString m_serviceId;
    QString m_shortName;
    Capabilities m_capabilities;
};

} // namespace Slipway
