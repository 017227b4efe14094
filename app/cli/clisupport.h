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
    // The account the command works on, named in the hint for an account field ("account:KEY"), and its service
    // when the account is not saved yet (accounts add).
    QString account;
    QString service;
    // The command sets account fields itself (accounts add/edit): an account field's hint is its own option.
    bool setsAccountFields = false;
};

// The process exit code for an error (the README's table): 0 none, 3 validation, 4 package or file, 5 auth or
// keychain, 6 not found, 7 conflict, 8 network or server, 130 cancelled, 1 anything else.
int exitCodeFor(const Error& error);

// What fail() needs to say which flag or command changes Error::field.
struct HintTarget
{
    QString account; // the account in use; "ACCOUNT" when unknown
    QString primarySecret; // the key --secret-stdin fills for that account's service
    bool setsAccountFields = false; // see Context::setsAccountFields
};
// One hint for Error::field ("use --app APP"), or an empty string when the error names no field.
QString hintFor(const Error& error, const HintTarget& target = {});

// Prints "slipway-cli: error: <message> (<hint>)" on one line of stderr and returns exitCodeFor(error).
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
int runVersionEdit(Context& ctx, const QStringList& args); // editcommands.cpp
int runChannel(Context& ctx, const QStringList& args); // editcommands.cpp
int runAccounts(Context& ctx, const QStringList& args);
int runTeam(Context& ctx, const QStringList& args); // teamcommands.cpp
// The QA commands (qacommands.cpp).
int runVersionsAllAccounts(Context& ctx, const QStringList& args);
int runDownload(Context& ctx, const QStringList& args);
int runQr(Context& ctx, const QStringList& args);
int runDiff(Context& ctx, const QStringList& args);
int runPrune(Context& ctx, const QStringList& args);
int runHistory(Context& ctx, const QStringList& args); // historycommand.cpp
// releasecommands.cpp: publish goes through the release queue.
int runReleases(Context& ctx, const QStringList& args);
int runResume(Context& ctx, const QStringList& args);
int runCancel(Context& ctx, const QStringList& args);
int runRetry(Context& ctx, const QStringList& args);

} // namespace Cli
} // namespace Slipway
