#include "releaseexport.h"

#include <QJsonDocument>

namespace Slipway::ReleaseExport {

namespace {

QByteArray csvField(const QString& value)
{
    QString v = value;
    if (v.contains(QLatin1Char('"')) || v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('\n'))
        || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1String("\""), QLatin1String("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v.toUtf8();
}

QByteArray csvRow(const QStringList& fields)
{
    QByteArrayList out;
    for (const QString& f : fields)
        out.append(csvField(f));
    return out.join(',') + "\r\n";
}

} // namespace

QString versionUrl(const VersionInfo& version)
{
    if (!version.downloadUrl.isEmpty())
        return version.downloadUrl;
    for (const char* key : {"public_url", "publicUrl", "url", "config_url", "webUrl"}) {
        const QString v = version.extra.value(QLatin1String(key)).toString();
        if (!v.isEmpty())
            return v;
    }
    return {};
}

QByteArray toJson(const QList<Release>& releases)
{
    QJsonArray all;
    for (const Release& r : releases)
        all.append(r.toJson());
    return QJsonDocument(all).toJson(QJsonDocument::Indented);
}

QByteArray toCsv(const QList<Release>& releases)
{
    QByteArray out = csvRow({QStringLiteral("release"), QStringLiteral("created"), QStringLiteral("publisher"),
        QStringLiteral("package"), QStringLiteral("version name"), QStringLiteral("version code"),
        QStringLiteral("files"), QStringLiteral("sizes"), QStringLiteral("md5"), QStringLiteral("sha256"),
        QStringLiteral("signer sha256"), QStringLiteral("notes"), QStringLiteral("account"), QStringLiteral("app"),
        QStringLiteral("state"), QStringLiteral("version id"), QStringLiteral("url"), QStringLiteral("error")});
    for (const Release& r : releases) {
        QStringList names, sizes, md5s, shas;
        for (const ReleaseFile& f : r.files) {
            names.append(f.fileName);
            sizes.append(QString::number(f.size));
            md5s.append(f.md5);
            shas.append(f.sha256);
        }
        const QString sep = QStringLiteral(";");
        for (const ReleaseDestination& d : r.destinations) {
            out += csvRow({QString::number(r.id), r.created.toUTC().toString(Qt::ISODate), r.publisher, r.packageId,
                r.versionName(), r.versionCode(), names.join(sep), sizes.join(sep), md5s.join(sep), shas.join(sep),
                r.signer.value(QLatin1String("sha256")).toString(), r.request.notes, d.account, d.appId,
                destinationStateName(d.state), d.version.id, versionUrl(d.version), d.error.message});
        }
    }
    return out;
}

} // namespace Slipway::ReleaseExport
