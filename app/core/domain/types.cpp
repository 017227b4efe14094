#include "types.h"

namespace Slipway {

QJsonObject AppInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}};
    if (!packageId.isEmpty())
        o.insert(QStringLiteral("packageId"), packageId);
    if (!platform.isEmpty())
        o.insert(QStringLiteral("platform"), platform);
    if (!iconUrl.isEmpty())
        o.insert(QStringLiteral("iconUrl"), iconUrl);
    if (versionCount >= 0)
        o.insert(QStringLiteral("versionCount"), versionCount);
    if (!extra.isEmpty())
        o.insert(QStringLiteral("extra"), QJsonObject::fromVariantMap(extra));
    return o;
}

QJsonObject VersionInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("id"), id}, {QStringLiteral("appId"), appId},
        {QStringLiteral("versionName"), versionName}, {QStringLiteral("versionCode"), versionCode}};
    auto put = [&o](const char* key, const QString& value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("label", label);
    if (size >= 0)
        o.insert(QStringLiteral("size"), size);
    if (created.isValid())
        o.insert(QStringLiteral("created"), created.toUTC().toString(Qt::ISODate));
    put("publisher", publisher);
    put("notes", notes);
    put("state", state);
    put("downloadUrl", downloadUrl);
    put("fileName", fileName);
    put("md5", md5);
    put("sha256", sha256);
    if (!extra.isEmpty())
        o.insert(QStringLiteral("extra"), QJsonObject::fromVariantMap(extra));
    return o;
}

} // namespace Slipway
