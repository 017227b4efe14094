// slipway-cli preflight FILE... --to ACCOUNT[/APP]... [--json]: every check of every destination; and the gate
// that publish runs first.
#include "preflightcommand.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Slipway::Cli {

namespace {

// Runs preflight for each destination in turn; false when cancelled (the error is then printed).
bool runAll(Context& ctx, Preflight& preflight, const PublishRequest& request,
    const QList<PreflightDestination>& destinations, PreflightResult& out, int& exitCode)
{
    for (const PreflightDestination& d : destinations) {
        PreflightJob* job = preflight.run(request, d);
        if (!runJob(ctx, job)) {
            exitCode = fail(ctx, job->error());
            return false;
        }
        out.checks += job->result().checks;
        job->deleteLater();
    }
    return true;
}

QString statusTag(PreflightCheck::Status status)
{
    return QStringLiteral("[%1]").arg(PreflightCheck::statusName(status)).leftJustified(8);
}

int exitCodeFor(const PreflightResult& result, bool strict)
{
    if (!result.blocks(strict))
        return 0;
    return result.blocksOnExistingVersion() ? 7 : 3;
}

} // namespace

int runPreflight(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check packages against each destination's live state before publishing: the versions there, "
                       "the app's id, signing, provisioning, the service's limits and the account's credentials. "
                       "Nothing is uploaded. Exit 0 when nothing blocks, 3 when something does."));
    const QCommandLineOption to(QStringLiteral("to"),
        QStringLiteral("A destination, ACCOUNT or ACCOUNT/APP (repeatable; default: local)."),
        QStringLiteral("ACCOUNT[/APP]"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the checks as JSON on stdout."));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Warnings block too (exit 3)."));
    const QCommandLineOption versionCode(
        QStringLiteral("version-code"), QStringLiteral("Check this version code instead."), QStringLiteral("N"));
    const QCommandLineOption versionName(
        QStringLiteral("version-name"), QStringLiteral("Check this version name instead."), QStringLiteral("V"));
    const QCommandLineOption label(
        QStringLiteral("label"), QStringLiteral("The label the version would get."), QStringLiteral("L"));
    const QCommandLineOption notes(
        QStringLiteral("notes"), QStringLiteral("The release notes to check."), QStringLiteral("TEXT"));
    const QCommandLineOption set(
        QStringLiteral("set"), QStringLiteral("A service field, KEY=VALUE (repeatable)."), QStringLiteral("KEY=VALUE"));
    for (const auto& o : {to, json, strict, versionCode, versionName, label, notes, set})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Package files"), QStringLiteral("FILE..."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("preflight")} + args,
            QStringLiteral("preflight FILE... --to ACCOUNT[/APP]... [--json] [--strict]"), code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(ctx, QStringLiteral("preflight needs at least one FILE"));

    PublishRequest request;
    for (const QString& f : files)
        request.files.append(QFileInfo(f).absoluteFilePath());
    request.versionCode = parser.value(versionCode);
    request.versionName = parser.value(versionName);
    request.label = parser.value(label);
    request.notes = parser.value(notes);
    if (!parseSetOptions(ctx, parser.values(set), request.options))
        return 2;

    Preflight preflight(ctx.workspace);
    QList<PreflightDestination> destinations;
    QStringList targets = parser.values(to);
    if (targets.isEmpty())
        targets.append(QStringLiteral("local"));
    for (const QString& t : targets)
        destinations.append(preflight.destinationFor(t));

    PreflightResult result;
    if (!runAll(ctx, preflight, request, destinations, result, code))
        return code;

    if (parser.isSet(json)) {
        printJson(ctx, result.toJson());
    } else {
        QString current;
        for (const PreflightCheck& c : result.checks) {
            if (c.destination != current) {
                current = c.destination;
                *ctx.out << current << "\n";
            }
            *ctx.out << "  " << statusTag(c.status) << c.check << ": " << c.message << "\n";
            if (!c.fix.isEmpty() && c.status != PreflightCheck::Status::Pass)
                *ctx.out << "  " << QString(8, QLatin1Char(' ')) << "fix: " << c.fix << "\n";
        }
    }
    // A version that exists is a block like any other here (exit 3); publish tells it apart (exit 7).
    return result.blocks(parser.isSet(strict)) ? 3 : 0;
}

int preflightGate(
    Context& ctx, const PublishRequest& request, const QList<PreflightDestination>& destinations, bool strict)
{
    Preflight preflight(ctx.workspace);
    PreflightResult result;
    int code = 0;
    if (!runAll(ctx, preflight, request, destinations, result, code))
        return code;
    for (const PreflightCheck& c : result.checks) {
        const bool block
            = c.status == PreflightCheck::Status::Block || (strict && c.status == PreflightCheck::Status::Warn);
        // The package's own warnings were printed with the inspection; only blocks are repeated.
        if (c.status == PreflightCheck::Status::Warn && !block && c.check.startsWith(QLatin1String("package:")))
            continue;
        if (block) {
            *ctx.err << "slipway-cli: error: " << c.check << ": " << c.message
                     << (c.fix.isEmpty() ? QString() : QStringLiteral(" (") + c.fix + QLatin1Char(')')) << Qt::endl;
        } else if (c.status == PreflightCheck::Status::Warn) {
            *ctx.err << "slipway-cli: warning: " << c.check << ": " << c.message << Qt::endl;
        }
    }
    const int exit = exitCodeFor(result, strict);
    if (exit != 0)
        *ctx.err << "slipway-cli: error: preflight stopped the publish; nothing was sent" << Qt::endl;
    return exit;
}

} // namespace Slipway::Cli
