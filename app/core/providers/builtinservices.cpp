#include "builtinservices.h"

#include <providers/akana/akanaprovider.h>
#include <providers/appstoreconnect/appstoreconnectprovider.h>
#include <providers/applivery/appliveryprovider.h>
#include <providers/hockeyapp/hockeyappprovider.h>
#include <providers/local/localprovider.h>
#include <providers/managexr/managexrprovider.h>
#include <providers/providerregistry.h>
#include <providers/servicecatalog.h>

namespace Slipway {

namespace {

// A service whose provider is not built yet: accounts can be stored, Workspace::provider() says the build
// cannot connect to it. Each network helper replaces its line below with its real factory.
Provider* noProviderYet(const Account&, const ProviderContext&, QObject*)
{
    return nullptr;
}

} // namespace

void registerBuiltinServices()
{
    LocalProvider::registerService();
    ManageXrProvider::registerService();
    AppStoreConnectProvider::registerService();
    AkanaProvider::registerService();
    ProviderRegistry::registerService(ServiceCatalog::applivery(), &AppliveryProvider::create);
    ProviderRegistry::registerService(ServiceCatalog::hockeyApp(), &HockeyAppProvider::create);
}

} // namespace Slipway
