#pragma once

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QObject;
class QProcess;

namespace Slipway::Test {

// The shared/ reference folder (corpus, specs, API docs), or an empty string when it is missing.
// When SLIPWAY_REQUIRE_SHARED=1 (CI) a missing folder is a hard failure; otherwise tests skip.
QString sharedDir();
QString corpusDir();
QString corpusFile(const QString& name);
bool requireShared();

// A zip archive of stored (uncompressed) `entries`, names taken byte for byte: enough for libzip, and for hostile
// names no zip tool would write.
QByteArray storedZip(const QList<QPair<QByteArray, QByteArray>>& entries);

// Path of the slipway-cli binary built next to the tests.
QString cliPath();

// What one slipway-cli run left behind. exitCode is -1 when it did not start, crashed or timed out.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The system environment with slipway-cli's settings, data and Local library under `home` (config/, data/,
// library/), so a run touches nothing of the user's.
QProcessEnvironment cliEnvironment(const QString& home);

// Runs slipway-cli (cliPath()) with `args` to the end: writes `stdinData`, closes stdin and waits up to
// `timeoutMs` with the event loop running, so servers living in the test process answer meanwhile. A run that
// times out is killed.
CliRun runCli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
    const QByteArray& stdinData = {}, int timeoutMs = 60000);

// Starts slipway-cli with `args` and returns at once (stdin closed), for runs that overlap or get killed.
QProcess* startCli(const QStringList& args, QObject* parent = nullptr,
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

} // namespace Slipway::Test

// Skips the test (or fails it, under SLIPWAY_REQUIRE_SHARED=1) when shared/ is not there.
#define SLIPWAY_REQUIRE_CORPUS()                                                                                       \
    do {                                                                                                               \
        if (Slipway::Test::corpusDir().isEmpty()) {                                                                    \
            if (Slipway::Test::requireShared())                                                                        \
                QFAIL("../shared/corpus is missing (SLIPWAY_SHARED_DIR); it is required under "                        \
                      "SLIPWAY_REQUIRE_SHARED=1");                                                                     \
            QSKIP("../shared/corpus is missing; set SLIPWAY_SHARED_DIR to run this test");                             \
        }                                                                                                              \
    } while (false)
