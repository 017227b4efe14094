#pragma once

#include <QByteArray>
#include <common/result.h>

namespace Slipway {

// Checks an App Store Connect API private key (the contents of AuthKey_<key ID>.p8) before it is saved:
// it must be an unencrypted PEM private key (PKCS#8 "BEGIN PRIVATE KEY" or SEC1 "BEGIN EC PRIVATE KEY")
// on the EC curve P-256 (prime256v1), the only kind App Store Connect issues and the one ES256 needs.
// The error (Kind::Validation) says what the text is instead and never quotes it.
Status validateAppStoreConnectKey(const QByteArray& pem);

} // namespace Slipway
