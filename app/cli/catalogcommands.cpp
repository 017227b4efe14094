#include "clisupport.h"
#include "preflightcommand.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>
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
    VersionsJob* job = provider.value()->fetchVersions(parser.positionalArguments().first());
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QList<VersionInfo> versions = job->result();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const VersionInfo& v : versions)
            arr.append(v.toJson());
        printJson(ctx, arr);
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
