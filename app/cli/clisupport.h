#pragma once

#include "clibase.h"

#include <session/workspace.h>

namespace Slipway {

class Job;

namespace Cli {

// Context::primarySecretOf for the full CLI: the primary secret's key of ctx.service, or of ctx.account's service.
QString primarySecretOf(const Context& ctx);
// Runs a job to the end, showing progress on stderr when it is a terminal. Ctrl+C cancels it.
bool runJob(Context& ctx, Job* job);
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
