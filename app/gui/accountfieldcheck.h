#pragma once

#include <QString>
#include <domain/account.h>

namespace Slipway::Gui {

// The Accounts dialog's checks of one field as it is typed, so a wrong value is pointed at before Save: URLs are
// https:// (plain http:// only for a server on this machine, as AccountStore accepts), an App Store Connect issuer
// ID is a UUID and its key ID ten letters and digits, and a .p8 is an EC P-256 private key (keyvalidation.h).
// An empty value passes: whether a field is required is checked on Save.
namespace AccountFieldCheck {

// The key the base URL is checked under (it is not one of the service's FieldSpecs).
inline constexpr char kBaseUrl[] = "base-url";

// Empty when `value` is acceptable for `fieldKey` of `service`; otherwise one sentence saying what is wrong.
QString check(const ServiceInfo& service, const QString& fieldKey, const QString& value);
QString checkUrl(const QString& label, const QString& value);

} // namespace AccountFieldCheck

} // namespace Slipway::Gui
