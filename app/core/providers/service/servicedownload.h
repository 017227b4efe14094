#pragma once

#include <QString>
#include <QUrl>
#include <providers/provider.h>

namespace Slipway {

class ServiceClient;

// Streams a service's artifact to disk for Provider::download(): into a temporary file next to the destination
// (memory stays flat), hashing as it goes, with progress and cancel on the outer job; verified against what the
// service says about the file (MD5, SHA-256, size) before it is renamed to the destination. A mismatch, a cancel
// or a failure deletes the temporary file, so nothing is ever left at (or next to) the destination.
namespace ServiceDownload {

struct Expected
{
    QString md5; // lowercase hex (or base64, as some services send it); empty: unknown
    QString sha256; // lowercase hex; empty: unknown
    qint64 size = -1; // -1: unknown
};

// Downloads `url` into `destination`. The service's credential is sent only when `url` has the same scheme, host
// and port as the service's base URL; a file hosted elsewhere (a self-hosted APK) gets no credential at all.
// `fileName` names the artifact in messages. The job's result is `destination`.
DownloadJob* start(Provider* provider, ServiceClient* client, const QUrl& url, const QString& destination,
    const QString& fileName, const Expected& expected);

// Finishes `outer` as `inner` finishes (result or error), forwarding progress, status and cancel: for a download
// that first has to look the version up.
void forward(DownloadJob* outer, DownloadJob* inner);

// The hash check on its own (lowercase hex or base64 MD5): an empty string when `md5Hex`/`sha256Hex` (of the bytes
// received) agree with `expected`, else the sentence that says which check failed.
QString verify(const Expected& expected, const QByteArray& md5, const QByteArray& sha256, qint64 size,
    const QString& fileName, const QString& serviceName);

} // namespace ServiceDownload

} // namespace Slipway
