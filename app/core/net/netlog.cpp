#include "netlog.h"

#include <QNetworkRequest>
#include <net/redaction.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcNet, "slipway.net", QtInfoMsg)

namespace NetLog {

namespace {

constexpr qint64 kLogBodyLimit = 2048;

} // namespace

void request(const QNetworkRequest& req, const QByteArray& method, int attempt, qint64 bodySize, const QByteArray& body,
    const QList<QByteArray>& sensitive)
{
    if (!lcNet().isDebugEnabled())
        return;
    qCDebug(lcNet).noquote() << "->" << method << Redaction::url(req.url()) << "attempt" << attempt << "body"
                             << bodySize << "bytes";
    for (const QByteArray& name : req.rawHeaderList())
        qCDebug(lcNet).noquote() << "   " << name + ":" << Redaction::header(name, req.rawHeader(name), sensitive);
    if (!body.isEmpty())
        qCDebug(lcNet).noquote() << "   body:" << Redaction::body(body.left(kLogBodyLimit));
}

void response(const HttpResponse& response, const QByteArray& method, const QUrl& url, qint64 elapsedMs,
    const QString& error, const QList<QByteArray>& sensitive)
{
    if (!lcNet().isDebugEnabled())
        return;
    qCDebug(lcNet).noquote() << "<-" << response.status << method << Redaction::url(url) << elapsedMs << "ms"
                             << response.body.size() << "bytes" << error;
    for (const auto& h : response.headers)
        qCDebug(lcNet).noquote() << "   " << h.first + ":" << Redaction::header(h.first, h.second, sensitive);
    if (!response.body.isEmpty())
        qCDebug(lcNet).noquote() << "   body:" << Redaction::body(response.body.left(kLogBodyLimit));
}

} // namespace NetLog

} // namespace Slipway
