#include "servicejson.h"

#include <QCoreApplication>
#include <QJsonParseError>
#include <QLocale>
#include <cmath>

namespace Slipway::ServiceJson {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::ServiceJson", text);
}

// Why a body is not JSON, in words: an HTML page (a sign-in page, a proxy's error page), nothing at all, or
// where the JSON breaks off.
QString notJsonReason(const QByteArray& body, const QJsonParseError& error)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('<'))
        return tr("an HTML page");
    if (trimmed.isEmpty())
        return tr("an empty body");
    return tr("%1 at offset %2").arg(error.errorString()).arg(error.offset);
}

} // namespace

QString text(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        // Whole numbers as integers (ids, build numbers); others in the shortest form that reads back exactly.
        const double d = value.toDouble();
        if (d == std::trunc(d) && std::abs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString firstText(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QString value = text(object.value(QLatin1String(key)));
        if (!value.isEmpty())
            return value;
    }
    return {};
}

qint64 integer(const QJsonValue& value, qint64 fallback)
{
    if (value.isDouble())
        return static_cast<qint64>(value.toDouble());
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

QDateTime dateTime(const QJsonValue& value)
{
    if (value.isDouble())
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(value.toDouble()), Qt::UTC);
    if (!value.isString())
        return {};
    const QString s = value.toString().trimmed();
    if (s.isEmpty())
        return {};
    QDateTime d = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!d.isValid())
        d = QDateTime::fromString(s, Qt::ISODate);
    if (!d.isValid()) {
        bool ok = false;
        const qint64 ms = s.toLongLong(&ok);
        if (ok)
            d = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    return d;
}

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    if (value.isArray()) {
        for (const QJsonValue& item : value.toArray()) {
            const QString s = text(item).trimmed();
            if (!s.isEmpty())
                out.append(s);
        }
        return out;
    }
    for (const QString& part : text(value).split(QLatin1Char(','))) {
        const QString s = part.trimmed();
        if (!s.isEmpty())
            out.append(s);
    }
    return out;
}

QString snippet(const QByteArray& body)
{
    QString s = QString::fromUtf8(body.left(200)).simplified();
    if (body.size() > 200)
        s += QStringLiteral("…");
    return s;
}

Error badResponse(const QString& service, const QString& why, const QByteArray& body)
{
    return Error(Error::Kind::BadResponse, tr("%1 answered with something Slipway cannot read: %2.").arg(service, why),
        tr("Body: %1").arg(snippet(body)));
}

Result<QJsonDocument> parse(const QString& service, const QByteArray& body, const QString& what)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || doc.isNull())
        return badResponse(service, tr("%1 is not JSON (%2)").arg(what, notJsonReason(body, parseError)), body);
    return doc;
}

Result<QJsonObject> parseObject(const QString& service, const QByteArray& body, const QString& what)
{
    auto doc = parse(service, body, what);
    if (!doc)
        return doc.error();
    if (!doc->isObject())
        return badResponse(service, tr("%1 is not a JSON object").arg(what), body);
    return doc->object();
}

void adoptError(Error& error, const Error& service)
{
    error.kind = service.kind;
    error.message = service.message;
    if (!service.serverMessage.isEmpty())
        error.serverMessage = service.serverMessage;
    if (!service.details.isEmpty())
        error.details = service.details + QStringLiteral(" (") + error.details + QLatin1Char(')');
}

} // namespace Slipway::ServiceJson
