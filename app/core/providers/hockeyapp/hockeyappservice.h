#pragma once

// The keys of a HockeyApp account's fields (the API token lives in the keychain under its key).
namespace Slipway::HockeyAppKeys {

inline constexpr char token[] = "token";

} // namespace Slipway::HockeyAppKeys
