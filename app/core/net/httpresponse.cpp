#include "httpresponse.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <net/redaction.h>

namespace Slipway {

namespace {

Error badResponse(const HttpResponse& response, const QString& message, const QString& details)
{
    Error e(Error::Kind::BadResponse, message, details);
    e.httpStatus = response.status;
    return e;
}

} // namespace

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

Result<QJsonDocument> HttpResponse::json() const
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error == QJsonParseError::NoError && !body.trimmed().isEmpty())
        return doc;
    return badResponse(*this, ResponseText::describeUnexpectedBody(*this),
        QStringLiteral("HTTP %1 from %2: %3").arg(QString::number(status), Redaction::url(url), pe.errorString()));
}

Result<QJsonObject> HttpResponse::jsonObject() const
{
    auto doc = json();
    if (!doc)
        return doc.error();
    if (!doc.value().isObject()) {
        return badResponse(*this,
            QCoreApplication::translate(
                "Slipway::HttpClient", "The server's answer is JSON but not the object Slipway expected."),
            QStringLiteral("HTTP %1 from %2").arg(QString::number(status), Redaction::url(url)));
    }
    return doc.value().object();
}

namespace ResponseText {

QString serviceOr(const QString& serviceName)
{
    return serviceName.isEmpty() ? QCoreApplication::translate("Slipway::HttpClient", "The server") : serviceName;
}

bool looksLikeHtml(const HttpResponse& response)
{
    if (response.header("content-type").toLower().contains("text/html"))
        return true;
    const QByteArray t = response.body.left(512).trimmed().toLower();
    return t.startsWith("<!doctype html") || t.startsWith("<html") || t.startsWith("<head") || t.startsWith("<body")
        || (t.startsWith('<') && t.contains("<title"));
}

QString htmlTitle(const QByteArray& body)
{
    static const QRegularExpression re(
        QStringLiteral("<title[^>]*>([^<]{1,200})</title>"), QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(body.left(64 * 1024)));
    return m.hasMatch() ? m.captured(1).simplified() : QString();
}

QString serverMessage(const HttpResponse& response)
{
    const QJsonDocument doc = QJsonDocument::fromJson(response.body);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    for (const char* key : {"message", "error_description", "detail", "title", "error"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            return v.toString();
        if (v.isObject()) {
            const QJsonValue inner = v.toObject().value(QLatin1String("message"));
            if (inner.isString())
                return inner.toString();
        }
    }
    return {};
}

QString describeUnexpectedBody(const HttpResponse& response)
{
    if (looksLikeHtml(response)) {
        const QString title = htmlTitle(response.body);
        if (!title.isEmpty())
            return QCoreApplication::translate("Slipway::HttpClient",
                "The server answered with an HTML page (\"%1\") instead of JSON — is the base URL right?")
                .arg(title);
        return QCoreApplication::translate(
            "Slipway::HttpClient", "The server answered with an HTML page instead of JSON — is the base URL right?");
    }
    if (response.body.trimmed().isEmpty())
        return QCoreApplication::translate("Slipway::HttpClient",
            "The server sent an empty answer where Slipway expected data — is the base URL right?");
    return QCoreApplication::translate("Slipway::HttpClient",
        "The server's answer is not valid JSON (it may have been cut off or come from another server) — is the "
        "base URL right?");
}

} // namespace ResponseText

} // namespace Slipway
