#pragma once

// The keys of a ManageXR account's fields (Account::fields; the key secret lives in the keychain under its key).
namespace Slipway::ManageXrKeys {

inline constexpr char keyId[] = "key-id";
inline constexpr char keySecret[] = "key-secret";
inline constexpr char organizationId[] = "organization-id";
inline constexpr char hostingFolder[] = "hosting-folder";
inline constexpr char hostingBaseUrl[] = "hosting-base-url";

} // namespace Slipway::ManageXrKeys
