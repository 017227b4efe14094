#pragma once

#include <QString>

namespace Slipway::LibPq {

// libpq (and the Kerberos, LDAP and GnuTLS libraries it brings, about twenty) is loaded when a team library is
// first opened, not when Slipway starts (common/lazylibrary.h): `slipway-cli inspect` and the window without a team
// account never pay for it. libpqloader.cpp defines the PQ* and lo_* functions the team library calls and forwards them
// to the loaded library. False, with `error` set, when libpq cannot be loaded.
bool load(QString* error);

} // namespace Slipway::LibPq
