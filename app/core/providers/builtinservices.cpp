#include "builtinservices.h"

#include <providers/local/localprovider.h>

namespace Slipway {

void registerBuiltinServices()
{
    LocalProvider::registerService();
}

} // namespace Slipway
