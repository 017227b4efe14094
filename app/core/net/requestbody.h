#pragma once

#include <QByteArray>
#include <common/error.h>
#include <net/httprequest.h>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Slipway {

// How HttpJob hands one attempt and its body to Qt. Files and the file parts of a multipart body are streamed
// from disk, never read into memory.
namespace RequestBody {

struct Sent
{
    QNetworkReply* reply = nullptr; // null when a file of the body cannot be read (see error)
    qint64 bodySize = 0;
    Error error;
};

// Sends `method` to req's URL with the body of `request` (no body when `withBody` is false); sets Content-Type and,
// for streamed bodies, Content-Length on `req`. When `rewindable` is false, a body can be read only once, so Qt
// cannot silently send a non-idempotent request twice after a dropped keep-alive connection.
Sent send(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool withBody, bool rewindable);

} // namespace RequestBody

} // namespace Slipway
