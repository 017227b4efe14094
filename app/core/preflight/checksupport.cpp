// Helpers shared by the preflight checks.
#include <QCoreApplication>
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

int compareCodes(const QString& a, const QString& b)
{
    const QStringList pa = a.trimmed().split(QLatin1Char('.'));
    const QStringList pb = b.trimmed().split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const QString x = i < pa.size() ? pa.at(i) : QStringLiteral("0");
        const QString y = i < pb.size() ? pb.at(i) : QStringLiteral("0");
        bool okX = false;
        bool okY = false;
        const qulonglong nx = x.toULongLong(&okX);
        const qulonglong ny = y.toULongLong(&okY);
        const int c = okX && okY ? (nx < ny ? -1 : (nx > ny ? 1 : 0)) : x.compare(y);
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    return 0;
}

QString day(const QDateTime& when)
{
    return when.isValid() ? when.toUTC().date().toString(Qt::ISODate) : QString();
}

QString describeVersion(const PreflightInput& in, const VersionInfo& v)
{
    const QString what
        = in.isApple() ? Texts::tr("build %1").arg(v.versionCode) : Texts::tr("version code %1").arg(v.versionCode);
    QStringList details;
    if (!v.versionName.isEmpty())
        details.append(v.versionName);
    if (!v.label.isEmpty() && !in.isAppStoreConnect())
        details.append(Texts::tr("label \"%1\"").arg(v.label));
    if (v.created.isValid())
        details.append(Texts::tr("published %1").arg(day(v.created)));
    return details.isEmpty() ? what : QStringLiteral("%1 (%2)").arg(what, details.join(QStringLiteral(", ")));
}

} // namespace Slipway::PreflightChecks
