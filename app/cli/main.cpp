// slipway-cli-full: every command of slipway-cli, the command-line twin of Slipway, for CI. Same core, JSON on stdout,
// errors on stderr, documented exit codes. Users run slipway-cli (frontmain.cpp), which answers `inspect` and
// `--version` itself and executes this program, with the same arguments, for everything else.
#include "clisupport.h"
#include "preflightcommand.h"

#include <QCoreApplication>
#include <QTextStream>
#include <common/version.h>
#include <cstdio>
#include <cstring>
#include <unistd.h>

using namespace Slipway;

namespace {

const char* const kUsage = R"(Usage: slipway-cli [--library DIR] COMMAND [ARGS...]

Commands:
  inspect FILE... [--json] [--no-hash]     Show what is inside packages, with warnings
  apps [--account NAME] [--json]           List the apps of an account (default: the Local library)
  versions APP [--account NAME] [--json]   List the versions of an app
  publish FILE... [--to ACCOUNT[/APP]]... [--account NAME] [--app APP] [--notes TEXT | --notes-file F]
          [--version-name V] [--version-code N] [--label L] [--set [ACCOUNT.]KEY=VALUE]...
          [--strict | --no-preflight] [--json]
                                           Publish one release (primary package first, then OBB/dSYM)
                                           to every --to destination (default: local), after preflight
  preflight FILE... --to ACCOUNT[/APP]... [--json] [--strict]
                                           Check packages against each destination before publishing
  releases [--json | --csv] [--limit N]    The release history, newest first
  history [--json] [--limit N]             Releases and clean-ups (prune, bulk delete/expire), newest first
  resume [RELEASE-ID] [--json]             Resume interrupted releases (never publishes twice)
  cancel RELEASE-ID [--to ACCOUNT]         Cancel a release's unfinished destinations
  retry RELEASE-ID [--to ACCOUNT] [--json] Retry a release's failed or cancelled destinations
  delete APP VERSION-ID [--account NAME] [--yes]
                                           Remove a version
  edit APP VERSION-ID [--account NAME] [--notes TEXT | --notes-file F] [--label L] [--set KEY=VALUE]... [--json]
                                           Change a version's notes, label or service fields
                                           (--set help lists them)
  channel list|set ... --account NAME --app APP
                                           ManageXR release channels: list them, or
                                           set CHANNEL VERSION-ID to point one at a version
  accounts list|add|remove ...             Manage connected accounts (see accounts --help)
  team init|import --account NAME [--from local]
                                           Set up a team library (PostgreSQL) or import the Local library
  versions APP --all-accounts [--json]     Every version of a package/bundle id in every account
  download APP VERSION-ID [--account NAME] [-o FILE|DIR] [--json]
                                           Download a version, verified against the service's checksum
  qr APP VERSION-ID [--account NAME] (-o FILE.png|FILE.svg | --text)
                                           A QR code of a version's install or download link
  diff A B [--json]                        Compare two builds (files or ACCOUNT/APP/VERSION-ID)
  prune APP (--keep N | --older-than DAYS) [--account NAME] [--dry-run] [--yes] [--json]
                                           Delete old versions (--dry-run lists exactly what would go)

Global options:
  --library DIR    Use this Local library folder (default: $SLIPWAY_LIBRARY, the setting, or
                   $XDG_DATA_HOME/slipway/library)
  --stall-timeout S  Give up on a transfer after S seconds without any data moving (1-3600; default 30,
                   or $SLIPWAY_STALL_SECONDS)
  --attempts N     Send a request at most N times before reporting the failure (1-10; default 3,
                   or $SLIPWAY_ATTEMPTS)
  --version        Print the version
  -h, --help       Show this help; COMMAND --help shows the command's options

Exit codes: 0 ok, 1 other error, 2 usage, 3 validation, 4 invalid package or file error,
5 authentication/keychain, 6 not found, 7 conflict (version exists), 8 network/server, 130 cancelled.
)";

} // namespace

int main(int argc, char* argv[])
{
    // `--version` alone needs nothing of Qt: answered before the application object exists (bench/startup).
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("slipway-cli %s\n", SLIPWAY_VERSION);
        return 0;
    }
    QCoreApplication app(argc, argv);
    Cli::initApplication();

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = app.arguments();
    args.removeFirst();

    Workspace::Options options;
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString opt = args.takeFirst();
        if (opt == QLatin1String("--library") && !args.isEmpty()) {
            options.libraryPath = args.takeFirst();
        } else if (opt.startsWith(QLatin1String("--library="))) {
            options.libraryPath = opt.mid(10);
        } else if ((opt == QLatin1String("--stall-timeout") || opt == QLatin1String("--attempts")) && !args.isEmpty()) {
            // The network defaults read these variables (net/retrypolicy.cpp); the option sets them for this run.
            const bool stall = opt == QLatin1String("--stall-timeout");
            bool ok = false;
            const int value = args.takeFirst().toInt(&ok);
            if (!ok || value < 1 || value > (stall ? 3600 : 10)) {
                err << "slipway-cli: error: " << opt << " takes a whole number from 1 to " << (stall ? 3600 : 10)
                    << Qt::endl;
                return 2;
            }
            qputenv(stall ? "SLIPWAY_STALL_SECONDS" : "SLIPWAY_ATTEMPTS", QByteArray::number(value));
        } else if (opt == QLatin1String("--version")) {
            out << "slipway-cli " << SLIPWAY_VERSION << Qt::endl;
            return 0;
        } else if (opt == QLatin1String("-h") || opt == QLatin1String("--help")) {
            out << kUsage;
            return 0;
        } else {
            err << "slipway-cli: error: unknown option " << opt << " (see --help)" << Qt::endl;
            return 2;
        }
    }
    if (args.isEmpty()) {
        err << kUsage;
        return 2;
    }
    const QString command = args.takeFirst();

    Workspace workspace(options);
    Cli::Context ctx;
    ctx.workspace = &workspace;
    ctx.out = &out;
    ctx.err = &err;
    ctx.stderrIsTty = ::isatty(fileno(stderr));
    ctx.primarySecretOf = &Cli::primarySecretOf;

    if (command == QLatin1String("inspect"))
        return Cli::runInspect(ctx, args);
    if (command == QLatin1String("apps"))
        return Cli::runApps(ctx, args);
    if (command == QLatin1String("versions") && args.contains(QLatin1String("--all-accounts")))
        return Cli::runVersionsAllAccounts(ctx, args);
    if (command == QLatin1String("versions"))
        return Cli::runVersions(ctx, args);
    if (command == QLatin1String("download"))
        return Cli::runDownload(ctx, args);
    if (command == QLatin1String("qr"))
        return Cli::runQr(ctx, args);
    if (command == QLatin1String("diff"))
        return Cli::runDiff(ctx, args);
    if (command == QLatin1String("prune"))
        return Cli::runPrune(ctx, args);
    if (command == QLatin1String("publish"))
        return Cli::runPublish(ctx, args);
    if (command == QLatin1String("preflight"))
        return Cli::runPreflight(ctx, args);
    if (command == QLatin1String("releases"))
        return Cli::runReleases(ctx, args);
    if (command == QLatin1String("history"))
        return Cli::runHistory(ctx, args);
    if (command == QLatin1String("resume"))
        return Cli::runResume(ctx, args);
    if (command == QLatin1String("cancel"))
        return Cli::runCancel(ctx, args);
    if (command == QLatin1String("retry"))
        return Cli::runRetry(ctx, args);
    if (command == QLatin1String("delete"))
        return Cli::runDelete(ctx, args);
    if (command == QLatin1String("edit"))
        return Cli::runVersionEdit(ctx, args);
    if (command == QLatin1String("channel"))
        return Cli::runChannel(ctx, args);
    if (command == QLatin1String("accounts"))
        return Cli::runAccounts(ctx, args);
    if (command == QLatin1String("team"))
        return Cli::runTeam(ctx, args);
    if (command == QLatin1String("help")) {
        out << kUsage;
        return 0;
    }
    err << "slipway-cli: error: unknown command \"" << command << "\" (see --help)" << Qt::endl;
    return 2;
}
