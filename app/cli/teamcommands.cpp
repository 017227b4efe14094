// slipway-cli team init|import: setting up a team library and moving a Local library into it.
#include "clisupport.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonObject>
#include <library/locallibrary.h>
#include <library/team/pgconnection.h>
#include <library/team/teamlibrary.h>
#include <library/team/teamschema.h>
#include <providers/team/teamprovider.h>

namespace Slipway::Cli {

namespace {

const char* const kTeamHelp = R"(Set up a team library or import a Local library into it.

  init     Creates or migrates the team library's schema in the account's database and the roles
           slipway_publisher (publish, edit, delete) and slipway_reader (browse, download). Run it as a
           database user who may create tables and roles; grant the roles to people with
           GRANT slipway_publisher TO alice; / GRANT slipway_reader TO bob;
  import   Copies every app and version of the Local library (--library DIR, or the default one) into the
           team library with its notes, publisher, date and files; each file's SHA-256 is checked as it is
           copied. Versions already there (same app, version code, label and bytes) are skipped, so running
           it again changes nothing.
)";

// The team account's connection parameters with its keychain password.
Result<PgParams> teamParams(Context& ctx, const QString& accountName)
{
    ctx.account = accountName;
    auto provider = ctx.workspace->provider(accountName);
    if (!provider)
        return provider.error();
    auto* team = qobject_cast<TeamProvider*>(provider.value());
    if (!team) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("account"),
            QStringLiteral("Account %1 is not a team library.").arg(accountName));
    }
    std::optional<Result<PgParams>> params;
    QEventLoop loop;
    team->withParams(&loop, [&](const Result<PgParams>& p) {
        params = p;
        loop.quit();
    });
    if (!params)
        loop.exec();
    return *params;
}

int runInit(Context& ctx, const QString& accountName)
{
    auto params = teamParams(ctx, accountName);
    if (!params)
        return fail(ctx, params.error());
    auto connection = PgConnection::open(params.value());
    if (!connection)
        return fail(ctx, connection.error());
    auto before = TeamSchema::migrate(*connection.value());
    if (!before)
        return fail(ctx, before.error());
    const QString where = params->where();
    if (before.value() == TeamSchema::kVersion) {
        *ctx.out << "The team library at " << where << " is up to date (schema " << TeamSchema::kVersion
                 << "); roles slipway_publisher and slipway_reader are in place.\n";
    } else {
        *ctx.out << "The team library at " << where << " is ready: schema " << before.value() << " -> "
                 << TeamSchema::kVersion << ", roles slipway_publisher and slipway_reader.\n"
                 << "Grant them with: GRANT slipway_publisher TO <user>; GRANT slipway_reader TO <user>;\n";
    }
    return 0;
}

// The inspection facts a team publish needs of one stored file of the Local library.
PackageInfo storedPackage(const VersionInfo& v, const QVariantMap& file, bool primary)
{
    PackageInfo p;
    p.fileName = file.value(QStringLiteral("fileName")).toString();
    p.kind = packageKindFromName(file.value(QStringLiteral("kind")).toString());
    p.size = file.value(QStringLiteral("size")).toLongLong();
    p.md5 = file.value(QStringLiteral("md5")).toString();
    p.sha256 = file.value(QStringLiteral("sha256")).toString();
    if (primary) {
        const QVariantMap inspection = v.extra.value(QStringLiteral("inspection")).toMap();
        p.packageId = v.appId;
        p.versionCode = v.versionCode;
        p.versionName = v.versionName;
        p.platform = inspection.value(QStringLiteral("platform")).toString();
        p.label = inspection.value(QStringLiteral("label")).toString();
    }
    return p;
}

int runImport(Context& ctx, const QString& accountName, bool json)
{
    auto params = teamParams(ctx, accountName);
    if (!params)
        return fail(ctx, params.error());
    LocalLibrary local(ctx.workspace->libraryPath());
    local.setReadOnly(true);
    if (auto st = local.open(); !st)
        return fail(ctx, st.error());
    auto apps = local.apps();
    if (!apps)
        return fail(ctx, apps.error());
    QList<QPair<AppInfo, VersionInfo>> all;
    for (const AppInfo& app : apps.value()) {
        auto versions = local.versions(app.id, LocalLibrary::VersionDetail::Full);
        if (!versions)
            return fail(ctx, versions.error());
        // Oldest first, so the team library lists them in the same order.
        for (auto it = versions->crbegin(); it != versions->crend(); ++it)
            all.append({app, *it});
    }
    TeamLibrary team(params.value());
    if (auto st = team.open(); !st)
        return fail(ctx, st.error());
    int copied = 0;
    int skipped = 0;
    for (int i = 0; i < all.size(); ++i) {
        const AppInfo& app = all.at(i).first;
        const VersionInfo& v = all.at(i).second;
        const QString what
            = QStringLiteral("[%1/%2] %3 %4%5")
                  .arg(i + 1)
                  .arg(all.size())
                  .arg(v.appId, v.versionCode, v.label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(v.label));
        auto existing = team.findVersion(v.appId, v.versionCode, v.label);
        if (existing) {
            if (existing->sha256 != v.sha256) {
                return fail(ctx,
                    Error(Error::Kind::Conflict,
                        QStringLiteral("%1 is already in the team library with other bytes (SHA-256 %2, the Local "
                                       "library has %3); nothing more was imported.")
                            .arg(what, existing->sha256, v.sha256)));
            }
            ++skipped;
            *ctx.err << what << ": already there\n";
            ctx.err->flush();
            continue;
        }
        if (existing.error().kind != Error::Kind::NotFound)
            return fail(ctx, existing.error());
        PublishRequest request;
        request.appId = v.appId;
        request.appName = app.name;
        request.versionName = v.versionName;
        request.versionCode = v.versionCode;
        request.label = v.label;
        request.notes = v.notes;
        request.publisher = v.publisher;
        request.inspection = QJsonObject::fromVariantMap(v.extra.value(QStringLiteral("inspection")).toMap());
        QList<PackageInfo> packages;
        const QVariantList files = v.extra.value(QStringLiteral("files")).toList();
        for (int f = 0; f < files.size(); ++f) {
            const QVariantMap file = files.at(f).toMap();
            request.files.append(local.artifactPath(file.value(QStringLiteral("sha256")).toString()));
            packages.append(storedPackage(v, file, f == 0));
        }
        if (request.files.isEmpty())
            continue;
        auto published = team.publish(request, packages, {}, nullptr, v.created);
        if (!published)
            return fail(ctx, published.error());
        ++copied;
        *ctx.err << what << ": copied (" << humanSize(published->size) << ", SHA-256 verified)\n";
        ctx.err->flush();
    }
    if (json) {
        QJsonObject o;
        o.insert(QStringLiteral("copied"), copied);
        o.insert(QStringLiteral("skipped"), skipped);
        o.insert(QStringLiteral("total"), int(all.size()));
        printJson(ctx, o);
    } else {
        *ctx.out << "Imported " << copied << " version(s), " << skipped << " already in the team library.\n";
    }
    return 0;
}

} // namespace

int runTeam(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kTeamHelp));
    parser.addOption(QCommandLineOption(
        QStringLiteral("account"), QStringLiteral("The team library account."), QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("from"), QStringLiteral("What to import (local)."), QStringLiteral("SOURCE")));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON on stdout.")));
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("init or import"));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("team")} + args,
            QStringLiteral("team init|import --account NAME [--from local] [--json]"), code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(ctx, QStringLiteral("team takes one action: init or import"));
    if (!parser.isSet(QStringLiteral("account")))
        return usageError(ctx, QStringLiteral("team %1 needs --account NAME").arg(positional.first()));
    const QString account = parser.value(QStringLiteral("account"));
    if (positional.first() == QLatin1String("init"))
        return runInit(ctx, account);
    if (positional.first() == QLatin1String("import")) {
        if (parser.value(QStringLiteral("from")) != QLatin1String("local"))
            return usageError(ctx, QStringLiteral("team import needs --from local"));
        return runImport(ctx, account, parser.isSet(QStringLiteral("json")));
    }
    return usageError(ctx, QStringLiteral("unknown team action \"%1\" (init or import)").arg(positional.first()));
}

} // namespace Slipway::Cli
