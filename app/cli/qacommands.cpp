// The QA commands (issue 13): versions across every account, download, QR codes, comparing two builds, pruning.
#include "clisupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <cstdio>
#include <package/filehasher.h>
#include <providers/downloadcheck.h>
#include <providers/provider.h>
#include <qa/allaccounts.h>
#include <qa/comparejob.h>
#include <qa/prune.h>
#include <qa/qrcode.h>
#include <release/releasestore.h>
#include <unistd.h>

namespace Slipway::Cli {

namespace {

QCommandLineOption accountOpt()
{
    return QCommandLineOption({QStringLiteral("a"), QStringLiteral("account")},
        QStringLiteral("Account to use (default: local, the Local library)."), QStringLiteral("NAME"),
        QStringLiteral("local"));
}

QCommandLineOption jsonOpt()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
}

// The provider of --account and the version VERSION-ID of APP on it (a NotFound error names both).
struct Found
{
    Provider* provider = nullptr;
    VersionInfo version;
};

Result<Found> findVersion(Context& ctx, const QCommandLineParser& parser, const QString& app, const QString& versionId)
{
    ctx.account = parser.value(QStringLiteral("account"));
    auto provider = ctx.workspace->provider(ctx.account);
    if (!provider)
        return provider.error();
    VersionsJob* job = provider.value()->fetchVersions(app);
    if (!runJob(ctx, job))
        return job->error();
    job->deleteLater();
    for (const VersionInfo& v : job->result()) {
        if (v.id == versionId)
            return Found {provider.value(), v};
    }
    return Error(Error::Kind::NotFound,
        QStringLiteral("%1 has no version %2 of %3 (see `versions %3`).")
            .arg(provider.value()->displayName(), versionId, app));
}

QString fileNameFor(const VersionInfo& v, const QString& app)
{
    QString name = QFileInfo(v.fileName).fileName();
    if (name.isEmpty())
        name = QUrl(v.downloadUrl).fileName();
    if (name.isEmpty())
        name = QStringLiteral("%1-%2").arg(app, v.versionName.isEmpty() ? v.id : v.versionName);
    return name;
}

QString versionLine(const VersionInfo& v)
{
    QStringList cols {v.id, v.versionName, v.versionCode, v.label.isEmpty() ? QStringLiteral("-") : v.label,
        humanSize(v.size), v.created.isValid() ? v.created.toUTC().toString(Qt::ISODate) : QStringLiteral("-")};
    if (!v.state.isEmpty())
        cols << v.state;
    return cols.join(QLatin1Char('\t'));
}

bool confirm(Context& ctx, const QString& question)
{
    *ctx.err << question << " [y/N] " << Qt::flush;
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

} // namespace

int runVersionsAllAccounts(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List every version of an app (package or bundle id) across every connected account, newest "
                       "first."));
    parser.addOption(QCommandLineOption(QStringLiteral("all-accounts"), QStringLiteral("Search every account.")));
    parser.addOption(jsonOpt());
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("Package or bundle id."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("versions")} + args,
            QStringLiteral("versions APP --all-accounts [--json]"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, QStringLiteral("versions needs exactly one APP"));
    AllAccountsJob job(*ctx.workspace, parser.positionalArguments().first());
    job.start();
    if (!runJob(ctx, &job))
        return fail(ctx, job.error());
    const MergedVersions& merged = job.result();
    for (const AccountFailure& f : merged.failures)
        *ctx.err << "slipway-cli: warning: account " << f.account << " was not searched: " << f.error.toString()
                 << "\n";
    ctx.err->flush();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const VersionInfo& v : merged.versions)
            arr.append(AllAccountsJob::toJson(v));
        printJson(ctx, arr);
    } else {
        for (const VersionInfo& v : merged.versions)
            *ctx.out << AllAccountsJob::accountOf(v) << "\t" << versionLine(v) << "\n";
    }
    return merged.failures.isEmpty() ? 0 : 1;
}

int runDownload(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Download a version's package, verified against the checksum the service gives (the Local "
                       "library's SHA-256, ManageXR's apkMd5). A file that does not match is deleted."));
    parser.addOption(accountOpt());
    parser.addOption(jsonOpt());
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("File to write, or a folder to save it in under its original name (default: the current "
                       "folder)."),
        QStringLiteral("FILE|DIR"));
    parser.addOption(output);
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    parser.addPositionalArgument(QStringLiteral("VERSION-ID"), QStringLiteral("Version id (see `versions`)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("download")} + args,
            QStringLiteral("download APP VERSION-ID [--account NAME] [-o FILE|DIR] [--json]"), code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return usageError(ctx, QStringLiteral("download needs APP and VERSION-ID"));
    auto found = findVersion(ctx, parser, pos.at(0), pos.at(1));
    if (!found)
        return fail(ctx, found.error());
    const VersionInfo& v = found.value().version;
    const QString out = parser.isSet(output) ? parser.value(output) : QDir::currentPath();
    QString destination = out;
    if (QFileInfo(out).isDir() || out.endsWith(QLatin1Char('/')))
        destination = QDir(out).filePath(fileNameFor(v, pos.at(0)));
    if (!QFileInfo(QFileInfo(destination).absolutePath()).isDir()) {
        return fail(ctx,
            Error(Error::Kind::Io,
                QStringLiteral("The folder of %1 does not exist.").arg(QDir::toNativeSeparators(destination))));
    }
    DownloadJob* job
        = found.value().provider->download(pos.at(0), pos.at(1), QFileInfo(destination).absoluteFilePath());
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QString path = job->result();
    const QString verifiedBy = DownloadCheck::verifiedBy(job);
    job->deleteLater();
    // The provider verified what the service knows; report the digests of what is on disk now.
    auto hashes = FileHasher::hash(path);
    if (!hashes)
        return fail(ctx, hashes.error());
    // Verified means the provider checked the bytes against a hash it had (a listing may not carry it: ManageXR's
    // apkMd5 comes with the version's details, which download() asks for).
    const bool known = !verifiedBy.isEmpty();
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(ctx,
            QJsonObject {{QStringLiteral("path"), path}, {QStringLiteral("size"), QFileInfo(path).size()},
                {QStringLiteral("md5"), hashes->md5}, {QStringLiteral("sha256"), hashes->sha256},
                {QStringLiteral("verified"), known},
                {QStringLiteral("verifiedBy"), known ? QJsonValue(verifiedBy) : QJsonValue()},
                {QStringLiteral("account"), ctx.account}, {QStringLiteral("app"), pos.at(0)},
                {QStringLiteral("versionId"), pos.at(1)}});
    } else {
        *ctx.out << "Saved " << QDir::toNativeSeparators(path) << " (" << humanSize(QFileInfo(path).size()) << ", "
                 << (known ? QStringLiteral("%1 verified").arg(verifiedBy.toUpper())
                           : QStringLiteral("the service gives no checksum"))
                 << ")\n";
    }
    return 0;
}

int runQr(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A QR code of a version's install or download link, so a tester can open it on a phone."));
    parser.addOption(accountOpt());
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Write the QR code to FILE.png or FILE.svg."), QStringLiteral("FILE"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("Print the QR code on the terminal."));
    parser.addOption(output);
    parser.addOption(text);
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    parser.addPositionalArgument(QStringLiteral("VERSION-ID"), QStringLiteral("Version id (see `versions`)."));
    int code = 0;
    const QString usage = QStringLiteral("qr APP VERSION-ID [--account NAME] (-o FILE.png|FILE.svg | --text)");
    if (!parse(ctx, parser, QStringList {QStringLiteral("qr")} + args, usage, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return usageError(ctx, QStringLiteral("qr needs APP and VERSION-ID"));
    if (parser.isSet(output) == parser.isSet(text))
        return usageError(ctx, QStringLiteral("qr needs either -o FILE.png|FILE.svg or --text"));
    auto found = findVersion(ctx, parser, pos.at(0), pos.at(1));
    if (!found)
        return fail(ctx, found.error());
    const QString link = QrCode::linkFor(found.value().version);
    if (link.isEmpty()) {
        return fail(ctx,
            Error(Error::Kind::NotFound,
                QStringLiteral("%1 gives no install or download link for version %2 of %3.")
                    .arg(found.value().provider->displayName(), pos.at(1), pos.at(0))));
    }
    auto qr = QrCode::encode(link);
    if (!qr)
        return fail(ctx, qr.error());
    if (parser.isSet(text)) {
        *ctx.out << qr->toText() << link << "\n";
        return 0;
    }
    if (auto st = qr->save(parser.value(output)); !st)
        return fail(ctx, st.error());
    *ctx.err << "Saved the QR code of " << link << " as " << parser.value(output) << "\n";
    return 0;
}

int runDiff(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compare two builds: package files, or published versions as ACCOUNT/APP/VERSION-ID "
                       "(downloaded first)."));
    parser.addOption(jsonOpt());
    parser.addPositionalArgument(
        QStringLiteral("A"), QStringLiteral("The older build: FILE or ACCOUNT/APP/VERSION-ID."));
    parser.addPositionalArgument(
        QStringLiteral("B"), QStringLiteral("The newer build: FILE or ACCOUNT/APP/VERSION-ID."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("diff")} + args, QStringLiteral("diff A B [--json]"), code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return usageError(ctx, QStringLiteral("diff needs two builds, A and B"));
    auto a = CompareSide::parse(pos.at(0));
    if (!a)
        return fail(ctx, a.error());
    auto b = CompareSide::parse(pos.at(1));
    if (!b)
        return fail(ctx, b.error());
    CompareJob job(*ctx.workspace, a.value(), b.value());
    job.start();
    if (!runJob(ctx, &job))
        return fail(ctx, job.error());
    const QJsonObject diff = job.result();
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(ctx, diff);
        return 0;
    }
    if (diff.value(QLatin1String("identical")).toBool()) {
        *ctx.out << "No changes.\n";
        return 0;
    }
    auto show = [](const QJsonValue& v) {
        return v.isNull() || v.isUndefined() ? QStringLiteral("-") : v.toVariant().toString();
    };
    for (const QJsonValue& c : diff.value(QLatin1String("changes")).toArray()) {
        const QJsonObject o = c.toObject();
        *ctx.out << o.value(QLatin1String("field")).toString() << ": " << show(o.value(QLatin1String("before")))
                 << " -> " << show(o.value(QLatin1String("after"))) << "\n";
    }
    for (const char* group : {"permissions", "abis"}) {
        const QJsonObject g = diff.value(QLatin1String(group)).toObject();
        for (const QJsonValue& s : g.value(QLatin1String("added")).toArray())
            *ctx.out << group << " + " << s.toString() << "\n";
        for (const QJsonValue& s : g.value(QLatin1String("removed")).toArray())
            *ctx.out << group << " - " << s.toString() << "\n";
    }
    const QJsonObject signing = diff.value(QLatin1String("signing")).toObject();
    if (signing.value(QLatin1String("changed")).toBool())
        *ctx.out << "signing: " << signing.value(QLatin1String("status")).toString() << "\n";
    const QJsonObject size = diff.value(QLatin1String("size")).toObject();
    const qint64 delta = size.value(QLatin1String("delta")).toInteger();
    *ctx.out << "size: " << humanSize(size.value(QLatin1String("before")).toInteger()) << " -> "
             << humanSize(size.value(QLatin1String("after")).toInteger()) << " (" << (delta >= 0 ? "+" : "-")
             << humanSize(std::abs(delta)) << ")\n";
    const QJsonObject byKind = size.value(QLatin1String("byKind")).toObject();
    for (auto it = byKind.begin(); it != byKind.end(); ++it) {
        const qint64 d = it.value().toObject().value(QLatin1String("delta")).toInteger();
        if (d != 0)
            *ctx.out << "  " << it.key() << ": " << (d > 0 ? "+" : "-") << humanSize(std::abs(d)) << "\n";
    }
    return 0;
}

int runPrune(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Delete old versions of an app: keep the latest N, or remove those older than N days (both: "
                       "only versions both rules select). --dry-run lists exactly what would go."));
    parser.addOption(accountOpt());
    parser.addOption(jsonOpt());
    const QCommandLineOption keep(
        QStringLiteral("keep"), QStringLiteral("Keep the N newest versions."), QStringLiteral("N"));
    const QCommandLineOption older(QStringLiteral("older-than"),
        QStringLiteral("Remove versions published more than DAYS days ago."), QStringLiteral("DAYS"));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"), QStringLiteral("List what would be deleted; delete nothing."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    parser.addOptions({keep, older, dryRun, yes});
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("prune")} + args,
            QStringLiteral("prune APP (--keep N | --older-than DAYS) [--account NAME] [--dry-run] [--yes] [--json]"),
            code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return usageError(ctx, QStringLiteral("prune needs exactly one APP"));
    PruneRule rule;
    for (const auto& [opt, target] : {std::pair {&keep, &rule.keep}, std::pair {&older, &rule.olderThanDays}}) {
        if (!parser.isSet(*opt))
            continue;
        bool ok = false;
        *target = parser.value(*opt).toInt(&ok);
        if (!ok || *target < 0)
            return usageError(ctx, QStringLiteral("--%1 takes a whole number of 0 or more").arg(opt->names().first()));
    }
    if (rule.isEmpty())
        return usageError(ctx, QStringLiteral("prune needs --keep N or --older-than DAYS"));
    const bool dry = parser.isSet(dryRun);
    if (!dry && !parser.isSet(yes) && !::isatty(fileno(stdin)))
        return usageError(
            ctx, QStringLiteral("refusing to delete without --yes when not interactive (or use --dry-run)"));

    ctx.account = parser.value(QStringLiteral("account"));
    auto provider = ctx.workspace->provider(ctx.account);
    if (!provider)
        return fail(ctx, provider.error());
    VersionsJob* list = provider.value()->fetchVersions(pos.at(0));
    if (!runJob(ctx, list))
        return fail(ctx, list->error());
    list->deleteLater();
    auto plan = Prune::plan(list->result(), rule, QDateTime::currentDateTimeUtc());
    if (!plan)
        return fail(ctx, plan.error());
    const QList<VersionInfo>& remove = plan->remove;
    // App Store Connect builds cannot be deleted: deleteVersion() expires them (testers can no longer install them).
    const bool expire = provider.value()->serviceId() == QLatin1String("appstoreconnect");
    const QString verb = expire ? QStringLiteral("expire") : QStringLiteral("delete");
    auto versionsJson = [](const QList<VersionInfo>& versions) {
        QJsonArray arr;
        for (const VersionInfo& v : versions)
            arr.append(v.toJson());
        return arr;
    };
    const bool json = parser.isSet(QStringLiteral("json"));
    if (dry || remove.isEmpty()) {
        if (json) {
            printJson(ctx,
                QJsonObject {{QStringLiteral("dryRun"), dry}, {QStringLiteral("remove"), versionsJson(remove)},
                    {QStringLiteral("keep"), versionsJson(plan->keep)}, {QStringLiteral("deleted"), QJsonArray()}});
        } else {
            *ctx.out << (remove.isEmpty() ? QStringLiteral("Nothing to %1").arg(verb)
                                          : QStringLiteral("Would %1").arg(verb))
                     << " (" << remove.size() << " of " << (remove.size() + plan->keep.size()) << " versions):\n";
            for (const VersionInfo& v : remove)
                *ctx.out << versionLine(v) << "\n";
        }
        return 0;
    }
    if (!parser.isSet(yes)
        && !confirm(ctx,
            QStringLiteral("%1 %2 version(s) of %3 from %4: %5?")
                .arg(expire ? QStringLiteral("Expire") : QStringLiteral("Delete"))
                .arg(remove.size())
                .arg(pos.at(0), provider.value()->displayName(), Prune::describe(remove))))
        return fail(ctx, Error(Error::Kind::Cancelled, QStringLiteral("Nothing was deleted.")));
    PruneJob job(provider.value(), pos.at(0), remove);
    job.start();
    const bool ok = runJob(ctx, &job);
    if (!ok && job.error().kind != Error::Kind::Cancelled)
        return fail(ctx, job.error());
    const PruneResult& result = job.result();
    // Every real run that tried a version goes into the history (slipway-cli history), failures included.
    CleanupEntry entry = CleanupEntry::now(ctx.account, provider.value()->serviceId(), pos.at(0),
        CleanupEntry::describeRule(rule.keep, rule.olderThanDays), result.deleted, result.failed, result.errors);
    ReleaseStore store;
    Status recorded = Ok {};
    if (!result.deleted.isEmpty() || !result.failed.isEmpty()) { // a cancel before the first one changed nothing
        recorded = store.open();
        if (recorded)
            recorded = store.recordCleanup(entry);
    }
    if (!recorded)
        *ctx.err << "slipway-cli: warning: the clean-up was not added to the history: " << recorded.error().message
                 << "\n";
    if (json) {
        QJsonArray failed;
        for (int i = 0; i < result.failed.size(); ++i) {
            QJsonObject o = result.failed.at(i).toJson();
            o.insert(QStringLiteral("error"), result.errors.at(i).toJson());
            failed.append(o);
        }
        printJson(ctx,
            QJsonObject {{QStringLiteral("dryRun"), false}, {QStringLiteral("remove"), versionsJson(remove)},
                {QStringLiteral("keep"), versionsJson(plan->keep)},
                {QStringLiteral("deleted"), versionsJson(result.deleted)}, {QStringLiteral("failed"), failed}});
    } else {
        *ctx.out << (expire ? "Expired " : "Deleted ") << result.deleted.size() << " of " << remove.size()
                 << " versions\n";
        for (int i = 0; i < result.failed.size(); ++i)
            *ctx.err << "slipway-cli: error: " << result.failed.at(i).id << ": " << result.errors.at(i).toString()
                     << "\n";
    }
    if (!ok)
        return fail(ctx, job.error());
    return result.failed.isEmpty() ? 0 : exitCodeFor(result.errors.first());
}

} // namespace Slipway::Cli
