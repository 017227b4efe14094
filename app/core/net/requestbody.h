#pragma once

#include <QByteArray>
#include <common/error.h>
#include <net/httprequest.h>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Slipway {

// How HttpJob hands one attempt and its body to the network. Bodies with a file (a file region, or a multipart body
// with a file part) go through libcurl (CurlReply), streamed from disk, never read into memory; everything else goes
// through Qt's QNetworkAccessManager.
namespace RequestBody {

struct Sent
{
    QNetworkReply* reply = nullptr; // null when a file of the body cannot be read (see error)
    qint64 bodySize = 0;
    Error error;
};

// Sends `method` to req's URL with the body of `request` (no body when `withBody` is false); sets Content-Type and,
// for streamed bodies, Content-Length on `req`. When `rewindable` is false, a body can be read only once, so neither
// Qt nor libcurl can silently send a non-idempotent request twice after a dropped keep-alive connection (libcurl
// never rewinds a file body, and uses a connection of its own per reply).
Sent send(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool withBody, bool rewindable);

} // namespace RequestBody

} // namespace Slipway
