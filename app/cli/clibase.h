#pragma once

// What every slipway-cli command uses, and `inspect`: the part of the command line that needs only the package layer.
// The front end (frontmain.cpp) links just this, so `slipway-cli inspect` starts without the network, SQL and
// keychain stack; everything else runs in the full program (main.cpp, clisupport.h).

#include <QCommandLineParser>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>
#include <common/error.h>

namespace Slipway {

class Workspace;

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
    // The key --secret-stdin fills for the account's service, named in an account field's hint. The full CLI sets
    // primarySecretOf (clisupport.h), which reads the workspace and the service registry; the inspect-only front end
    // (frontmain.cpp) has no accounts and leaves it unset.
    QString (*primarySecretOf)(const Context& ctx) = nullptr;
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
// Parses a sub-command's arguments; returns false (and sets exitCode) on --help or an error.
bool parse(Context& ctx, QCommandLineParser& parser, const QStringList& args, const QString& usage, int& exitCode);
// Reads "KEY=VALUE" options into a map.
bool parseSetOptions(Context& ctx, const QStringList& values, QVariantMap& out);
QString humanSize(qint64 bytes);

// The application's names and the logging rules every slipway-cli program starts with.
void initApplication();

int runInspect(Context& ctx, const QStringList& args); // packagecommands.cpp

} // namespace Cli
} // namespace Slipway
