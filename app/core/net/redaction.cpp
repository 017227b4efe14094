#include "redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>
#include <algorithm>

namespace Slipway::Redaction {

namespace {

void redactJson(QJsonValue& value)
{
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (isSecretKey(it.key()) && !it.value().isObject() && !it.value().isArray()) {
                it.value() = QStringLiteral("<redacted>");
            } else {
                QJsonValue v = it.value();
                redactJson(v);
                it.value() = v;
            }
        }
        value = o;
    } else if (value.isArray()) {
        QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            QJsonValue v = a.at(i);
            redactJson(v);
            a[i] = v;
        }
        value = a;
    }
}

// A body that is not complete JSON (cut off for the log, or a form): scrubs "key":"value" and key=value pairs.
QString redactText(const QByteArray& body)
{
    QString s = QString::fromUtf8(body);
    static const QRegularExpression jsonPair(QStringLiteral("(\"[^\"]*(?:pass|secret|token|key|authorization|cookie|"
                                                            "csrf|session|credential)[^\"]*\"\\s*:\\s*)\"[^\"]*\"?"),
        QRegularExpression::CaseInsensitiveOption);
    s.replace(jsonPair, QStringLiteral("\\1\"<redacted>\""));
    static const QRegularExpression formPair(
        QStringLiteral("((?:^|[&\\s])[^=&\\s]*(?:pass|secret|token|key|csrf|session|credential)[^=&\\s]*=)[^&\\s]*"),
        QRegularExpression::CaseInsensitiveOption);
    s.replace(formPair, QStringLiteral("\\1<redacted>"));
    return s;
}

} // namespace

bool isSecretKey(const QString& key)
{
    static const QRegularExpression re(
        QStringLiteral("pass(word)?|secret|token|api[-_]?key|apikey|authorization|cookie|csrf|session|private[-_]?key|"
                       "credential|signature|^key$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

bool isSensitiveHeader(const QByteArray& name, const QList<QByteArray>& alsoSensitive)
{
    const QByteArray n = name.toLower();
    if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie"
        || n.startsWith("x-csrf") || n.contains("token") || n.contains("api-key") || n.contains("apikey")
        || n.contains("secret") || n.contains("password"))
        return true;
    return std::any_of(alsoSensitive.begin(), alsoSensitive.end(),
        [&n](const QByteArray& s) { return s.compare(n, Qt::CaseInsensitive) == 0; });
}

QByteArray header(const QByteArray& name, const QByteArray& value, const QList<QByteArray>& alsoSensitive)
{
    if (!isSensitiveHeader(name, alsoSensitive))
        return value;
    if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
        const qsizetype space = value.indexOf(' ');
        if (space > 0)
            return value.left(space) + " <redacted>";
    }
    return "<redacted>";
}

QByteArray body(const QByteArray& body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &pe);
        if (pe.error == QJsonParseError::NoError) {
            QJsonValue v = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
            redactJson(v);
            return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
        }
    }
    return redactText(body).toUtf8();
}

QString url(const QUrl& url)
{
    QUrl u = url.adjusted(QUrl::RemoveUserInfo);
    if (u.hasQuery()) {
        QUrlQuery q(u);
        QUrlQuery out;
        for (const auto& item : q.queryItems(QUrl::FullyEncoded))
            out.addQueryItem(item.first, isSecretKey(item.first) ? QStringLiteral("redacted") : item.second);
        u.setQuery(out);
    }
    return u.toString(QUrl::FullyEncoded);
}

} // namespace Slipway::Redaction
