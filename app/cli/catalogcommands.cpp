#include "clisupport.h"
#include "preflightcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <library/locallibrary.h>
#include <providers/local/localprovider.h>
#include <providers/provider.h>
#include <unistd.h>

namespace Slipway::Cli {

namespace {

QCommandLineOption accountOption()
{
    return QCommandLineOption({QStringLiteral("a"), QStringLiteral("account")},
        QStringLiteral("Account to use (default: local, the Local library)."), QStringLiteral("NAME"),
        QStringLiteral("local"));
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
}

Result<Provider*> providerFor(Context& ctx, const QCommandLineParser& parser)
{
    ctx.account = parser.value(QStringLiteral("account"));
    return ctx.workspace->provider(ctx.account);
}

// `versions --json` writes a JSON array one compact row per line as the rows are read, so memory stays flat for any
// number of versions; the content is that of VersionInfo::toJson() for each row.
class JsonRows
{
public:
    explicit JsonRows(Context& ctx)
        : m_out(*ctx.out)
    { }
    void add(const QByteArray& row)
    {
        m_out << (m_first ? "[\n" : ",\n") << row;
        m_first = false;
    }
    void finish()
    {
        m_out << (m_first ? "[]\n" : "\n]\n");
        m_out.flush();
    }

private:
    QTextStream& m_out;
    bool m_first = true;
};

// A Local library version as `versions --json` shows it: its row, its files and the stored inspection, which is
// copied as stored (compact JSON the library wrote) instead of being parsed into a map and written again.
QByteArray localVersionJson(const VersionInfo& v, const QByteArray& inspection)
{
    QJsonObject row = v.toJson();
    QJsonObject extra = row.take(QStringLiteral("extra")).toObject();
    QByteArray out = QJsonDocument(row).toJson(QJsonDocument::Compact);
    out.chop(1); // the closing brace: "extra" follows
    out += ",\"extra\":";
    QJsonParseError error;
    const QJsonDocument stored = QJsonDocument::fromJson(inspection, &error);
    if (inspection.isEmpty() || error.error != QJsonParseError::NoError || !stored.isObject()) {
        out += QJsonDocument(extra).toJson(QJsonDocument::Compact); // no usable inspection: none, as before
    } else {
        extra.remove(QStringLiteral("inspection"));
        QByteArray rest = QJsonDocument(extra).toJson(QJsonDocument::Compact);
        rest.chop(1);
        out += rest + (extra.isEmpty() ? "" : ",") + "\"inspection\":" + inspection.trimmed() + "}";
    }
    out += "}";
    return out;
}

// Streams the versions of the Local library behind `local` straight from its catalog.
int streamLocalVersions(Context& ctx, LocalProvider* local, const QString& appId)
{
    LocalLibrary library(local->libraryPath());
    if (auto st = library.openForReading(); !st)
        return fail(ctx, st.error());
    JsonRows rows(ctx);
    const Status st = library.forEachVersion(
        appId, LocalLibrary::VersionDetail::RawInspection, [&rows](const VersionInfo& v, const QByteArray& inspection) {
            rows.add(localVersionJson(v, inspection));
            return true;
        });
    if (!st) {
        ctx.out->flush();
        return fail(ctx, st.error());
    }
    rows.finish();
    return 0;
}

} // namespace

int runApps(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the apps of an account."));
    parser.addOption(accountOption());
    parser.addOption(jsonOption());
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("apps")} + args,
            QStringLiteral("apps [--account NAME] [--json]"), code))
        return code;
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    AppsJob* job = provider.value()->fetchApps();
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QList<AppInfo> apps = job->result();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const AppInfo& a : apps)
            arr.append(a.toJson());
        printJson(ctx, arr);
    } else {
        for (const AppInfo& a : apps) {
            *ctx.out << a.id;
            if (a.name != a.id)
                *ctx.out << "\t" << a.name;
            if (a.versionCount >= 0)
                *ctx.out << "\t" << a.versionCount << (a.versionCount == 1 ? " version" : " versions");
            *ctx.out << "\n";
        }
    }
    job->deleteLater();
    return 0;
}

int runVersions(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the versions of an app, newest first."));
    parser.addOption(accountOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id (package id for the Local library)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("versions")} + args,
            QStringLiteral("versions APP [--account NAME] [--json]"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, QStringLiteral("versions needs exactly one APP"));
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    const bool json = parser.isSet(QStringLiteral("json"));
    if (auto* local = qobject_cast<LocalProvider*>(provider.value()); local && json)
        return streamLocalVersions(ctx, local, parser.positionalArguments().first());
    // The text listing shows only the table's columns.
    VersionsJob* job = json ? provider.value()->fetchVersions(parser.positionalArguments().first())
                            : provider.value()->fetchVersionList(parser.positionalArguments().first());
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QList<VersionInfo> versions = job->result();
    if (json) {
        JsonRows rows(ctx);
        for (const VersionInfo& v : versions)
            rows.add(QJsonDocument(v.toJson()).toJson(QJsonDocument::Compact));
        rows.finish();
    } else {
        for (const VersionInfo& v : versions) {
            *ctx.out << v.id << "\t" << v.versionName << "\t" << v.versionCode;
            *ctx.out << "\t" << (v.label.isEmpty() ? QStringLiteral("-") : v.label);
            *ctx.out << "\t" << humanSize(v.size);
            *ctx.out << "\t" << (v.created.isValid() ? v.created.toUTC().toString(Qt::ISODate) : QStringLiteral("-"));
            *ctx.out << "\t" << (v.publisher.isEmpty() ? QStringLiteral("-") : v.publisher);
            if (!v.state.isEmpty())
                *ctx.out << "\t" << v.state;
            *ctx.out << "\n";
        }
    }
    job->deleteLater();
    return 0;
}

int runDelete(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove a version from an account."));
    parser.addOption(accountOption());
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    parser.addOption(yes);
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    parser.addPositionalArgument(QStringLiteral("VERSION-ID"), QStringLiteral("Version id (see `versions`)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("delete")} + args,
            QStringLiteral("delete APP VERSION-ID [--account NAME] [--yes]"), code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return usageError(ctx, QStringLiteral("delete needs APP and VERSION-ID"));
    if (!parser.isSet(yes)) {
        if (!::isatty(fileno(stdin)))
            return usageError(ctx, QStringLiteral("refusing to delete without --yes when not interactive"));
        *ctx.err << "Delete version " << pos.at(1) << " of " << pos.at(0) << "? [y/N] " << Qt::flush;
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return fail(ctx, Error(Error::Kind::Cancelled, QStringLiteral("Nothing was deleted.")));
    }
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    ActionJob* job = provider.value()->deleteVersion(pos.at(0), pos.at(1));
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    *ctx.out << "Deleted version " << pos.at(1) << " of " << pos.at(0) << "\n";
    return 0;
}

} // namespace Slipway::Cli
