#pragma once

// `slipway-cli preflight` and the gate `publish` runs before any transfer.
#include "clisupport.h"

#include <preflight/preflight.h>

namespace Slipway::Cli {

int runPreflight(Context& ctx, const QStringList& args);

// Runs preflight for every destination before a publish: blocks are printed as errors (with their fix), warnings
// as "warning:" lines; `strict` makes warnings block. Returns 0 when the publish may go on, else the exit code:
// 7 when a block is a version that already exists, 3 for any other block.
int preflightGate(
    Context& ctx, const PublishRequest& request, const QList<PreflightDestination>& destinations, bool strict);

} // namespace Slipway::Cli
