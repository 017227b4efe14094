// slipway-cli history: the release history and the clean-ups (prune, bulk delete/expire) in one list, newest
// first. `releases` shows the releases alone, with every destination.
#include "clisupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <release/releasestore.h>

namespace Slipway::Cli {

namespace {

struct HistoryLine
{
    QDateTime when;
    QJsonObject json;
    QString text;
};

QString versionsText(const QList<VersionInfo>& versions)
{
    QStringList names;
    for (const VersionInfo& v : versions) {
        QString name = v.versionName.isEmpty() ? v.id : v.versionName;
        if (!v.versionCode.isEmpty())
            name += QStringLiteral(" (%1)").arg(v.versionCode);
        names << name;
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

int runHistory(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Everything Slipway did to your accounts, newest first: each release and each clean-up "
                       "(prune, bulk delete or expire) with what it removed."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Show the newest N."), QStringLiteral("N"));
    parser.addOption(json);
    parser.addOption(limit);
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("history")} + args,
            QStringLiteral("history [--json] [--limit N]"), code))
        return code;
    bool ok = true;
    const int n = parser.isSet(limit) ? parser.value(limit).toInt(&ok) : 0;
    if (!ok || n < 0)
        return usageError(ctx, QStringLiteral("--limit takes a positive whole number"));
    ReleaseStore store;
    if (Status s = store.open(); !s)
        return fail(ctx, s.error());
    auto releases = store.list(n);
    if (!releases)
        return fail(ctx, releases.error());
    auto cleanups = store.cleanups(n);
    if (!cleanups)
        return fail(ctx, cleanups.error());

    QList<HistoryLine> lines;
    for (const Release& r : releases.value()) {
        QJsonObject o = r.toJson();
        o.insert(QStringLiteral("kind"), QStringLiteral("release"));
        QStringList to;
        for (const ReleaseDestination& d : r.destinations)
            to << d.label();
        lines.append(HistoryLine {r.created, o,
            QStringLiteral("release\t%1\t%2 %3 (%4)\t%5\tto %6")
                .arg(r.created.toUTC().toString(Qt::ISODate), r.packageId, r.versionName(), r.versionCode(),
                    destinationStateName(r.overallState()), to.join(QStringLiteral(", ")))});
    }
    for (const CleanupEntry& c : cleanups.value()) {
        QString text
            = QStringLiteral("cleanup\t%1\t%2 on %3\t%4 %5 (%6): %7")
                  .arg(c.created.toUTC().toString(Qt::ISODate), c.appId, c.account,
                      c.action == QLatin1String("expire") ? QStringLiteral("expired") : QStringLiteral("deleted"))
                  .arg(c.removed.size())
                  .arg(c.rule, c.removed.isEmpty() ? QStringLiteral("-") : versionsText(c.removed));
        if (!c.failed.isEmpty())
            text += QStringLiteral("\t%1 failed: %2").arg(c.failed.size()).arg(versionsText(c.failed));
        lines.append(HistoryLine {c.created, c.toJson(), text});
    }
    std::stable_sort(
        lines.begin(), lines.end(), [](const HistoryLine& a, const HistoryLine& b) { return a.when > b.when; });
    if (n > 0 && lines.size() > n)
        lines.resize(n);
    if (parser.isSet(json)) {
        QJsonArray arr;
        for (const HistoryLine& l : lines)
            arr.append(l.json);
        printJson(ctx, arr);
        return 0;
    }
    for (const HistoryLine& l : lines)
        *ctx.out << l.text << "\n";
    return 0;
}

} // namespace Slipway::Cli
