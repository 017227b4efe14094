#pragma once

#include <QString>

namespace Slipway::LibCurl {

// libcurl (and the twenty-odd libraries it brings: GnuTLS, Kerberos, LDAP, SSH, RTMP...) is loaded when the first
// file is uploaded (net/curlreply.h), not when Slipway starts (common/lazylibrary.h). libcurlloader.cpp defines
// the curl_* functions CurlReply calls and forwards them to the loaded library. False, with `error` set, when
// libcurl cannot be loaded.
bool load(QString* error);

} // namespace Slipway::LibCurl
