#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>
#include <common/result.h>

namespace Slipway {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// What came back from a server: the final status, headers and (small, API-sized) body.
struct HttpResponse
{
    int status = 0;
    QUrl url; // the final URL, after redirects
    HttpHeaders headers;
    QByteArray body;
    // true when the body is not the server's answer to this request but what a RetryPolicy::verify lookup found
    // after an ambiguous failure (the first attempt did create the resource).
    bool recovered = false;

    // Case-insensitive; the first value, empty when absent.
    QByteArray header(const QByteArray& name) const;
    bool isSuccess() const { return status >= 200 && status < 300; }
    // The body as JSON. A BadResponse error with a helpful message when it is HTML, empty or garbage.
    Result<QJsonDocument> json() const;
    Result<QJsonObject> jsonObject() const;
};

// How a response reads to a person: what the messages of the network client say about it.
namespace ResponseText {

// The service's name for messages, "The server" when there is none.
QString serviceOr(const QString& serviceName);
// An HTML page (by content type or by its first bytes).
bool looksLikeHtml(const HttpResponse& response);
// The page's <title>, empty when there is none.
QString htmlTitle(const QByteArray& body);
// The server's own message from a JSON error body in a common shape ("message", "error_description", ...).
QString serverMessage(const HttpResponse& response);
// "The server answered with an HTML page instead of JSON — is the base URL right?" and friends.
QString describeUnexpectedBody(const HttpResponse& response);

} // namespace ResponseText

} // namespace Slipway
