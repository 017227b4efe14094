#pragma once

namespace Slipway {

// Registers every built-in service with ProviderRegistry (one line per service, in builtinservices.cpp).
void registerBuiltinServices();

} // namespace Slipway
