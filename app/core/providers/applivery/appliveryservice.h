#pragma once

// The keys of an Applivery account's fields (Account::fields; the token lives in the keychain under its key).
namespace Slipway::AppliveryKeys {

inline constexpr char organizationId[] = "organization-id";
inline constexpr char token[] = "token";

} // namespace Slipway::AppliveryKeys
