// slipway-cli, the program users run. It answers `inspect` and `--version` itself, linked against nothing but the
// package layer and QtCore, so the commands a CI job runs on every build do not load the network, SQL and keychain
// libraries they never use (docs/performance.md, bench/startup). Every other command, and
// `inspect` after a global option, is handed to the full program (slipway-cli-full, main.cpp) with the same
// arguments by execv(): same process, same exit code, same signals, no second copy of the command table.
#include "clibase.h"

#include <QStringList>
#include <QTextStream>
#include <cerrno>
#include <common/version.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <openssl/crypto.h>
#include <string>
#include <unistd.h>

using namespace Slipway;

namespace {

// Where the full program is: SLIPWAY_CLI_FULL_DIR is its folder relative to this program's own (the build tree and
// the installation have the same layout: bin/ and libexec/slipway/). /proc/self/exe is this program with every
// symbolic link resolved, so a link to slipway-cli from elsewhere still finds it.
std::string fullProgramPath()
{
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return {};
    std::string dir(self, size_t(n));
    dir.erase(dir.rfind('/') + 1);
    return dir + SLIPWAY_CLI_FULL_DIR "/slipway-cli-full";
}

int runFullProgram(char* argv[])
{
    const std::string full = fullProgramPath();
    if (!full.empty())
        ::execv(full.c_str(), argv);
    const int error = errno;
    std::fprintf(stderr,
        "slipway-cli: error: cannot run %s: %s (slipway-cli runs it for every command but inspect; reinstall "
        "Slipway)\n",
        full.empty() ? "slipway-cli-full" : full.c_str(),
        full.empty() ? "/proc/self/exe is unreadable" : std::strerror(error));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("slipway-cli %s\n", SLIPWAY_VERSION);
        return 0;
    }
    if (argc < 2 || std::strcmp(argv[1], "inspect") != 0)
        return runFullProgram(argv);

    // libzip turns every entry's DOS time into a time_t with mktime(), and glibc checks /etc/localtime again on
    // each call while TZ is unset: 2,768 stat() calls for framework-res.apk. ":/etc/localtime" names the same
    // zone (Qt reads it so too) and is read once. Set before any thread exists, for this process only.
    ::setenv("TZ", ":/etc/localtime", 0);
    // OpenSSL's first use reads the system's openssl.cnf (TLS policy, extra providers): a quarter of what describing
    // the first certificate costs. Inspecting uses the built-in default provider alone, and this program makes no
    // TLS connection; slipway-cli-full, which does, still reads the file.
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    // No QCoreApplication: inspecting needs no event loop, timer, settings or translator (the readers hash on pool
    // threads and wait for them), and constructing one costs a millisecond of the few this command takes.
    // The arguments are decoded as QCoreApplication::arguments() decodes them on Unix.
    QStringList args;
    for (int i = 2; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    Cli::initApplication();
    QTextStream out(stdout);
    QTextStream err(stderr);
    Cli::Context ctx;
    ctx.out = &out;
    ctx.err = &err;
    ctx.stderrIsTty = ::isatty(fileno(stderr));
    return Cli::runInspect(ctx, args);
}
