#include "builtinservices.h"

#include <providers/akana/akanaprovider.h>
#include <providers/applivery/appliveryprovider.h>
#include <providers/appstoreconnect/appstoreconnectprovider.h>
#include <providers/hockeyapp/hockeyappprovider.h>
#include <providers/local/localprovider.h>
#include <providers/managexr/managexrprovider.h>
#include <providers/providerregistry.h>
#include <providers/team/teamprovider.h>

namespace Slipway {

void registerBuiltinServices()
{
    LocalProvider::registerService();
    NetworkProvider::registerService<ManageXrProvider>();
    NetworkProvider::registerService<AppStoreConnectProvider>();
    NetworkProvider::registerService<AkanaProvider>();
    NetworkProvider::registerService<AppliveryProvider>();
    NetworkProvider::registerService<HockeyAppProvider>();
    TeamProvider::registerService();
}

} // namespace Slipway
