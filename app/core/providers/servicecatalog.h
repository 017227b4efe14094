#pragma once

#include <QList>
#include <domain/account.h>

namespace Slipway {

// The description of every network service Slipway knows: its id, display name, default base URL and the
// fields an account of it needs (FieldSpec::Type::Secret marks the ones that live only in the keychain).
// The field keys are the `--set KEY=VALUE` keys of `slipway-cli accounts add` and the keys providers read
// with Account::field(); `base-url` is Account::baseUrl, never a field.
namespace ServiceCatalog {

// Field keys shared by the providers (one constant per key, so a typo is a compile error).
namespace Keys {
inline constexpr char keyId[] = "key-id";
inline constexpr char keySecret[] = "key-secret";
inline constexpr char organizationId[] = "organization-id";
inline constexpr char hostingFolder[] = "hosting-folder";
inline constexpr char hostingBaseUrl[] = "hosting-base-url";
inline constexpr char issuerId[] = "issuer-id";
inline constexpr char privateKey[] = "private-key";
inline constexpr char email[] = "email";
inline constexpr char password[] = "password";
inline constexpr char token[] = "token";
inline constexpr char baseUrl[] = "base-url"; // the --set key of Account::baseUrl
} // namespace Keys

// ManageXR: key-id, key-secret [secret], organization-id (multi-organization keys), and where Slipway
// copies the packages it registers (hosting-folder) with the public URL that folder is served under
// (hosting-base-url). Base URL https://managexrapi.com.
ServiceInfo managexr();
// App Store Connect: issuer-id (empty for an individual key), key-id, private-key [secret: the .p8 PEM text].
// Base URL https://api.appstoreconnect.apple.com.
ServiceInfo appStoreConnect();
// Akana API Platform: no default base URL (the tenant's own https://host), email, password [secret].
ServiceInfo akana();
// Applivery: organization-id (24-hex id or slug), token [secret]. Base URL https://api.applivery.io.
ServiceInfo applivery();
// HockeyApp: token [secret]. Base URL https://rink.hockeyapp.net/api/2.
ServiceInfo hockeyApp();

// Every network service above, in display order (the Local library registers itself).
QList<ServiceInfo> networkServices();

} // namespace ServiceCatalog

} // namespace Slipway
