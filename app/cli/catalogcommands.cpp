#include "clisupport.h"
#include "preflightcommand.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>
#include <package/packageinspector.h>
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

int runPublish(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Publish a version: the primary package (APK, AAB, IPA, ...) first, then companion files "
                       "(OBB, dSYM). Service-specific fields are passed with --set KEY=VALUE; `--set help` lists "
                       "the keys of the chosen account's service."));
    parser.addOption(accountOption());
    parser.addOption(jsonOption());
    const QCommandLineOption app(
        QStringLiteral("app"), QStringLiteral("Target app (default: the package id)."), QStringLiteral("APP"));
    const QCommandLineOption appName(
        QStringLiteral("app-name"), QStringLiteral("Title of a new app."), QStringLiteral("NAME"));
    const QCommandLineOption notes(QStringLiteral("notes"), QStringLiteral("Release notes."), QStringLiteral("TEXT"));
    const QCommandLineOption notesFile(
        QStringLiteral("notes-file"), QStringLiteral("Read release notes from a file."), QStringLiteral("F"));
    const QCommandLineOption versionName(
        QStringLiteral("version-name"), QStringLiteral("Override the version name."), QStringLiteral("V"));
    const QCommandLineOption versionCode(
        QStringLiteral("version-code"), QStringLiteral("Override the version code."), QStringLiteral("N"));
    const QCommandLineOption label(QStringLiteral("label"),
        QStringLiteral("Label that tells apart builds with the same code."), QStringLiteral("L"));
    const QCommandLineOption set(
        QStringLiteral("set"), QStringLiteral("A service field, KEY=VALUE (repeatable)."), QStringLiteral("KEY=VALUE"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Preflight warnings stop the publish."));
    const QCommandLineOption noPreflight(QStringLiteral("no-preflight"),
        QStringLiteral("Skip the preflight checks (the service still refuses what it refuses)."));
    for (const auto& o : {app, appName, notes, notesFile, versionName, versionCode, label, set, strict, noPreflight})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Package files"), QStringLiteral("FILE..."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("publish")} + args,
            QStringLiteral(
                "publish FILE... [--account NAME] [--app APP] [--notes TEXT | --notes-file F] [--set KEY=VALUE]..."),
            code))
        return code;

    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    Provider* p = provider.value();

    if (parser.values(set).contains(QStringLiteral("help"))) {
        *ctx.out << "--set keys for " << p->displayName() << ":\n";
        for (const FieldSpec& f : p->publishFields())
            *ctx.out << "  " << f.key << (f.required ? " (required)" : "") << "\t" << f.label << ". " << f.help << "\n";
        return 0;
    }

    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(ctx, QStringLiteral("publish needs at least one FILE"));
    if (parser.isSet(notes) && parser.isSet(notesFile))
        return usageError(ctx, QStringLiteral("use either --notes or --notes-file, not both"));

    PublishRequest request;
    for (const QString& f : files)
        request.files.append(QFileInfo(f).absoluteFilePath());
    request.appName = parser.value(appName);
    request.versionName = parser.value(versionName);
    request.versionCode = parser.value(versionCode);
    request.label = parser.value(label);
    request.notes = parser.value(notes);
    if (parser.isSet(notesFile)) {
        QFile f(parser.value(notesFile));
        if (!f.open(QIODevice::ReadOnly))
            return fail(ctx,
                Error(Error::Kind::Io, QStringLiteral("%1 cannot be read: %2").arg(f.fileName(), f.errorString())));
        request.notes = QString::fromUtf8(f.read(1 << 20));
    }
    if (!parseSetOptions(ctx, parser.values(set), request.options))
        return 2;
    const QList<FieldSpec> fields = p->publishFields();
    for (auto it = request.options.cbegin(); it != request.options.cend(); ++it) {
        const bool known
            = std::any_of(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.key == it.key(); });
        if (!known) {
            return usageError(
                ctx, QStringLiteral("%1 has no field \"%2\" (see --set help)").arg(p->displayName(), it.key()));
        }
    }

    // Metadata first (cheap): refuses a non-package before any transfer and shows the warnings.
    InspectOptions inspectOptions;
    inspectOptions.computeHashes = false;
    QList<PackageInfo> infos;
    for (const QString& f : request.files) {
        auto info = PackageInspector::inspect(f, inspectOptions);
        if (!info)
            return fail(ctx, info.error());
        infos.append(info.value());
    }
    PackageInfo& primary = infos.first();
    for (const PackageWarning& w : PackageInspector::checkCompanions(primary, infos.mid(1)))
        primary.addWarning(w.code, w.message, w.severity);
    // Package warnings do not stop a publish: they are printed as warnings (or notes), never as "error:", which
    // is kept for what fails the command.
    for (const PackageWarning& w : primary.rankedWarnings()) {
        const char* prefix = w.severity == PackageWarning::Severity::Info ? "note" : "warning";
        *ctx.err << "slipway-cli: " << prefix << ": " << w.code << ": " << w.message << Qt::endl;
    }
    request.appId = parser.value(app);
    request.inspection = primary.toJson();

    // Preflight: a block stops here, before any transfer (exit 3, or 7 for a version that exists).
    if (parser.isSet(noPreflight)) {
        *ctx.err << "slipway-cli: warning: preflight skipped (--no-preflight)" << Qt::endl;
    } else {
        const PreflightDestination destination
            = Preflight(ctx.workspace).destinationFor(p->accountName() + QLatin1Char('/') + request.appId);
        if (const int gate = preflightGate(ctx, request, {destination}, parser.isSet(strict)))
            return gate;
    }

    PublishJob* job = p->publish(request);
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const VersionInfo v = job->result();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = v.toJson();
        o.insert(QStringLiteral("account"), p->accountName());
        printJson(ctx, o);
    } else {
        *ctx.out << "Published " << (v.appId.isEmpty() ? primary.packageId : v.appId) << " " << v.versionName << " ("
                 << v.versionCode << ") to " << p->displayName()
                 << (v.id.isEmpty() ? QString() : QStringLiteral(" as version ") + v.id) << "\n";
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
