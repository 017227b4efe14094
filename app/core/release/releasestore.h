#pragma once

#include "cleanuphistory.h"
#include "release.h"

#include <QString>
#include <common/result.h>

namespace Slipway {

// The state database of the releases: SQLite at `releases.sqlite` under the app's data location (or
// $SLIPWAY_STATE_DIR), separate from the Local library. Every release, every destination and each of its state
// changes is written here before it takes effect, so a crash at any point is recovered from this file.
//
// A file that is not a database, fails its integrity check, or was written by a newer Slipway (PRAGMA
// user_version above ours) is moved aside (`releases.sqlite.corrupt-<time>` / `.newer-<time>`) and a new one is
// started; notice() says so in one sentence. Nothing else (the libraries, the accounts) is touched.
// Several processes (the window, slipway-cli runs) share the file: WAL journal, a busy timeout, and ownership of
// a running destination by process id (claim()); whether that owner still runs is asked of its owner lock
// (releaseowner.h), not of the pid.
class ReleaseStore
{
public:
    static constexpr int kSchemaVersion = 2; // 2: the cleanups table

    // $SLIPWAY_STATE_DIR/releases.sqlite, else QStandardPaths::AppDataLocation/releases.sqlite.
    static QString defaultPath();

    explicit ReleaseStore(QString path = defaultPath());
    ~ReleaseStore();
    ReleaseStore(const ReleaseStore&) = delete;
    ReleaseStore& operator=(const ReleaseStore&) = delete;

    // Opens (and creates or migrates) the database. Fails only when no usable database can be made at all.
    Status open();
    QString path() const { return m_path; }
    // What open() had to do about an unusable file, or empty.
    QString notice() const { return m_notice; }

    // Stores a new release with its destinations, assigning every id and queue position.
    Status create(Release& release);
    Result<Release> load(qint64 releaseId) const;
    Result<ReleaseDestination> destination(qint64 destinationId) const;
    // Newest first; `limit` <= 0: all.
    Result<QList<Release>> list(int limit = 0) const;
    // Writes every mutable column of one destination (state, progress, result, checkpoint, ...).
    Status save(const ReleaseDestination& destination);
    // Takes ownership of a destination for process `pid` when its owner is `expectedOwner`; false when another
    // process got there first.
    Result<bool> claim(qint64 destinationId, qint64 expectedOwner, qint64 pid);
    // Sets (or clears, with an empty string) the request to the process that owns a destination.
    Status setControl(qint64 destinationId, const QString& control);
    // Releases that have an unfinished destination, oldest first.
    Result<QList<qint64>> unfinishedReleases() const;
    // Moves one destination to queue position `position` (others shift).
    Status move(qint64 destinationId, int position);

    // The clean-up entries of the history (cleanuphistory.cpp): one per prune or bulk delete/expire.
    Status recordCleanup(CleanupEntry& entry);
    // Newest first; `limit` <= 0: all.
    Result<QList<CleanupEntry>> cleanups(int limit = 0) const;

private:
    Status openFile();
    Status createSchema();
    void moveAside(const QString& why, const QString& suffix);
    Result<QList<ReleaseDestination>> destinationsOf(qint64 releaseId) const;

    QString m_path;
    QString m_connection;
    QString m_notice;
};

} // namespace Slipway
