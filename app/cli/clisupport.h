#pragma once

#include <QCommandLineParser>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>
#include <common/error.h>
#include <session/workspace.h>

namespace Slipway {

class Job;

namespace Cli {

// What every command gets: parsed global options, the workspace, and the two output streams.
struct Context
{
    Workspace* workspace = nullptr;
    QTextStream* out = nullptr; // stdout: results (human text or JSON)
    QTextStream* err = nullptr; // stderr: errors, warnings, progress
    bool stderrIsTty = false;
};

// Prints "slipway-cli: error: <message>" on stderr and returns the error's exit code.
int fail(Context& ctx, const Error& error);
int usageError(Context& ctx, const QString& message);
void printJson(Context& ctx, const QJsonValue& value);
// Runs a job to the end, showing progress on stderr when it is a terminal. Ctrl+C cancels it.
bool runJob(Context& ctx, Job* job);
// Parses a sub-command's arguments; returns false (and sets exitCode) on --help or an error.
bool parse(Context& ctx, QCommandLineParser& parser, const QStringList& args, const QString& usage, int& exitCode);
// Reads "KEY=VALUE" options into a map.
bool parseSetOptions(Context& ctx, const QStringList& values, QVariantMap& out);
QString humanSize(qint64 bytes);

int runInspect(Context& ctx, const QStringList& args);
int runApps(Context& ctx, const QStringList& args);
int runVersions(Context& ctx, const QStringList& args);
int runPublish(Context& ctx, const QStringList& args);
int runDelete(Context& ctx, const QStringList& args);
int runAccounts(Context& ctx, const QStringList& args);

} // namespace Cli
} // namespace Slipway
