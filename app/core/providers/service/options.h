#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

// Reading a service's publish options (PublishRequest::options, from the Publish dialog or `--set KEY=VALUE`).
namespace Slipway::Options {

// An option as a bool: true/1/yes/on (any case) or a QVariant bool.
inline bool optionBool(const QVariantMap& options, const QString& key, bool fallback)
{
    const QVariant v = options.value(key);
    if (!v.isValid() || (v.typeId() == QMetaType::QString && v.toString().trimmed().isEmpty()))
        return fallback;
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    const QString s = v.toString().trimmed().toLower();
    if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes") || s == QLatin1String("on"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no") || s == QLatin1String("off"))
        return false;
    return fallback;
}

// Whether an option holds a readable bool (for validation messages).
inline bool isBoolText(const QVariant& v)
{
    if (!v.isValid() || v.typeId() == QMetaType::Bool)
        return true;
    const QString s = v.toString().trimmed().toLower();
    return s.isEmpty() || s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes")
        || s == QLatin1String("on") || s == QLatin1String("false") || s == QLatin1String("0")
        || s == QLatin1String("no") || s == QLatin1String("off");
}

// A comma-separated option ("qa, rc ,") as its trimmed, non-empty items ("qa", "rc").
inline QStringList optionList(const QVariantMap& options, const QString& key)
{
    QStringList items;
    for (const QString& item : options.value(key).toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

} // namespace Slipway::Options
