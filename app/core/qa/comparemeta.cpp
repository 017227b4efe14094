#include "comparemeta.h"

#include <QStringList>
#include <QVariant>
#include <algorithm>
#include <vector>

namespace Slipway::CompareMeta {

QJsonArray lineDiff(const QString& before, const QString& after)
{
    const QStringList a = before.split(QLatin1Char('\n'));
    const QStringList b = after.split(QLatin1Char('\n'));
    QJsonArray out;
    auto line = [&out](const char* op, const QString& text) {
        out.append(QJsonObject {{QStringLiteral("op"), QLatin1String(op)}, {QStringLiteral("text"), text}});
    };
    if (a.size() > kMaxLines || b.size() > kMaxLines) {
        for (const QString& l : a)
            line("-", l);
        for (const QString& l : b)
            line("+", l);
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            lcs[i][j] = a.at(i) == b.at(j) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            line(" ", a.at(i));
            ++i;
            ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            line("-", a.at(i++));
        } else {
            line("+", b.at(j++));
        }
    }
    while (i < n)
        line("-", a.at(i++));
    while (j < m)
        line("+", b.at(j++));
    return out;
}

QJsonObject notesDiff(const QString& before, const QString& after)
{
    if (before.isEmpty() && after.isEmpty())
        return {};
    return QJsonObject {{QStringLiteral("before"), before}, {QStringLiteral("after"), after},
        {QStringLiteral("changed"), before != after}, {QStringLiteral("lines"), lineDiff(before, after)}};
}

QJsonObject versionSummary(const VersionInfo& v)
{
    QJsonObject o;
    auto put = [&o](const char* key, const QString& value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("versionName", v.versionName);
    put("versionCode", v.versionCode);
    put("label", v.label);
    put("state", v.state);
    put("file", v.fileName);
    put("sha256", v.sha256);
    put("md5", v.md5);
    if (v.size >= 0)
        o.insert(QStringLiteral("size"), v.size);
    if (v.created.isValid())
        o.insert(QStringLiteral("created"), v.created.toUTC().toString(Qt::ISODate));
    QJsonObject service;
    for (auto it = v.extra.cbegin(); it != v.extra.cend(); ++it) {
        // Scalars only: what a person reads side by side (not stored inspections or file lists).
        const QMetaType::Type type = QMetaType::Type(it.value().typeId());
        if (type == QMetaType::QVariantMap || type == QMetaType::QVariantList || type == QMetaType::QByteArray)
            continue;
        if (it.key().contains(QLatin1String("url"), Qt::CaseInsensitive) || it.key() == QLatin1String("account")
            || it.key() == QLatin1String("accountAppId") || it.key() == QLatin1String("serviceName"))
            continue;
        service.insert(it.key(), QJsonValue::fromVariant(it.value()));
    }
    if (!service.isEmpty())
        o.insert(QStringLiteral("service"), service);
    return o;
}

QStringList unavailableFields()
{
    return {QStringLiteral("minSdk"), QStringLiteral("targetSdk"), QStringLiteral("permissions"),
        QStringLiteral("abis"), QStringLiteral("signing"), QStringLiteral("sizeByKind"), QStringLiteral("provisioning"),
        QStringLiteral("icon")};
}

QJsonObject compareMetadata(const QJsonObject& a, const QJsonObject& b)
{
    QJsonArray changes;
    QStringList keys;
    for (const QJsonObject& side : {a, b}) {
        for (auto it = side.begin(); it != side.end(); ++it) {
            if (!keys.contains(it.key()) && it.key() != QLatin1String("service") && it.key() != QLatin1String("path")
                && it.key() != QLatin1String("file") && it.key() != QLatin1String("created"))
                keys << it.key();
        }
    }
    const QJsonObject sa = a.value(QLatin1String("service")).toObject();
    const QJsonObject sb = b.value(QLatin1String("service")).toObject();
    auto differ = [&changes](const QString& field, const QJsonValue& before, const QJsonValue& after) {
        // Only what both sides know: a field one side cannot tell is not a change.
        if (before.isUndefined() || after.isUndefined() || before == after)
            return;
        changes.append(QJsonObject {
            {QStringLiteral("field"), field}, {QStringLiteral("before"), before}, {QStringLiteral("after"), after}});
    };
    for (const QString& k : keys)
        differ(k, a.value(k), b.value(k));
    for (auto it = sa.begin(); it != sa.end(); ++it)
        differ(QStringLiteral("service.") + it.key(), it.value(), sb.value(it.key()));
    return QJsonObject {{QStringLiteral("a"), a}, {QStringLiteral("b"), b}, {QStringLiteral("changes"), changes},
        {QStringLiteral("identical"), false}, {QStringLiteral("metadataOnly"), true},
        {QStringLiteral("unavailable"), QJsonArray::fromStringList(unavailableFields())}};
}

} // namespace Slipway::CompareMeta
