#pragma once

#include <common/result.h>

namespace Slipway {

class PgConnection;

// The team library's schema: versioned migrations applied by an administrator (team init), checked by every
// client when it connects.
namespace TeamSchema {

// The schema version this program reads and writes.
constexpr int kVersion = 1;

// The database's schema version: 0 when no team library was set up in it.
Result<int> installedVersion(PgConnection& connection);

// Succeeds when the database holds exactly the schema this program knows; otherwise a clear error (not set up,
// older: run team init, newer: update Slipway).
Status check(PgConnection& connection);

// Creates or migrates the schema and the roles slipway_publisher and slipway_reader, in one transaction under an
// advisory lock (two administrators at once are serialized). Refused when the database is newer than the program.
// Returns the version it was at before.
Result<int> migrate(PgConnection& connection);

} // namespace TeamSchema
} // namespace Slipway
