#pragma once

#include <QHash>
#include <QString>
#include <atomic>
#include <common/result.h>
#include <domain/types.h>
#include <functional>
#include <package/packageinfo.h>

class QSqlQuery;

namespace Slipway {

struct StoredFile;

// The Local library: a catalog in SQLite (catalog.sqlite) plus content-addressed artifacts
// (artifacts/<first two hex digits>/<sha256>) in one folder, which a team may put on a shared drive.
//
// Publishing is atomic: each file is copied to tmp/ while hashed, re-read and verified, renamed into
// artifacts/, and only then is the row committed in one transaction. A process killed at any point leaves a
// consistent library: a row is committed only after its files are in place, and an artifact without a row is
// invisible (collectGarbage() removes it later). Several processes may use one library at once: every write is
// an IMMEDIATE transaction and SQLite waits for a busy lock instead of failing.
//
// Artifacts are deleted only while holding the write lock, after counting their references in it, and a publish
// checks (and if needed re-places) its artifacts inside its own transaction, so a delete racing a publish of the
// same bytes cannot leave a row without its file. Leftovers are collected on open() and after each publish.
//
// A library whose folder or catalog is not writable (a read-only share) is opened read-only: listing and
// download work, and publish, removeVersion and edit fail with Error::Kind::Forbidden.
//
// One instance per thread: it owns a Qt SQL connection, which belongs to the thread that opened it.
class LocalLibrary
{
public:
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    // The points of a publish after which a crash must leave a consistent library, in order.
    enum class PublishStage
    {
        Copied, // a file is in tmp/, flushed
        Verified, // ... and read back
        Renamed, // ... and in artifacts/
        BeforeCommit, // the rows are inserted, not committed
        Committed,
    };
    using StageHook = std::function<void(PublishStage stage)>;

    // <data location>/library; XDG_DATA_HOME moves it.
    static QString defaultPath();

    explicit LocalLibrary(const QString& root = {});
    ~LocalLibrary();
    LocalLibrary(const LocalLibrary&) = delete;
    LocalLibrary& operator=(const LocalLibrary&) = delete;

    QString root() const { return m_root; }
    // Creates the folders and the schema when needed, then collects leftovers. Every other call needs a successful
    // open(). A read-only folder or catalog is opened read-only, without schema writes or collection.
    Status open();
    // Opens the library read-only even when it is writable (call before open()).
    void setReadOnly(bool readOnly) { m_forceReadOnly = readOnly; }
    // For a reader (a listing, one version's details): an existing catalog is opened read-only, so reading takes no
    // write lock and does not collect leftovers (which scans every artifact); a missing one is created as by open().
    Status openForReading();
    // Valid after a successful open().
    bool isReadOnly() const { return m_readOnly; }

    // How much of a version a listing reads.
    enum class VersionDetail
    {
        Listing, // the columns a table or listing shows and the primary file: no stored inspection, no file list
        RawInspection, // ... plus extra["files"], and the stored inspection handed to forEachVersion() as the
                       // text of a valid JSON object (empty when the stored one is missing or damaged)
        Full, // ... plus the parsed inspection in extra["inspection"]
    };
    // Called once per version, newest first, with the stored inspection's JSON text (RawInspection and Full; may be
    // empty or invalid in an old catalog); return false to stop.
    // `version` may be moved from.
    using VersionFn = std::function<bool(VersionInfo& version, const QByteArray& inspection)>;

    Result<QList<AppInfo>> apps();
    // The icon (PNG) stored with each app that has one, by app id (libraryfiles.cpp).
    Result<QHash<QString, QByteArray>> appIcons();
    // The versions of an app, newest first. Memory grows with the count only here (the list), never in the reading.
    // At most `limit` versions (the newest) when limit >= 0.
    Result<QList<VersionInfo>> versions(
        const QString& appId, VersionDetail detail = VersionDetail::Listing, qsizetype limit = -1);
    // Streams the versions of an app row by row (two forward-only cursors, nothing cached).
    Status forEachVersion(const QString& appId, VersionDetail detail, const VersionFn& fn);
    // One version with everything stored: its files in extra["files"] and its inspection in extra["inspection"].
    Result<VersionInfo> version(const QString& appId, const QString& versionId);

    // Stores `files` (primary first) as a new version of the app the primary package belongs to
    // (request.appId, else the package id). `packages` holds the inspection of each file, same order.
    Result<VersionInfo> publish(const PublishRequest& request, const QList<PackageInfo>& packages,
        const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);

    // Removes a version; its artifacts go when no other version uses them. The app goes with its last version.
    Status removeVersion(const QString& appId, const QString& versionId);

    // Changes a version's notes and label in one transaction. A label that would give the app two versions with
    // the same code and label is refused, as publish() refuses it; the Local library has no other fields.
    Status edit(const QString& appId, const QString& versionId, const VersionEdit& changes);

    // Copies the primary file of a version to `destination`: streamed to a temporary file next to it, checked
    // against the stored SHA-256 and MD5, then renamed over it. On failure or cancel nothing is left behind.
    Status download(const QString& appId, const QString& versionId, const QString& destination,
        const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);

    // The stored file of an artifact.
    QString artifactPath(const QString& sha256) const;

    // Removes leftovers of interrupted publishes and returns how many files went: temporary files whose publisher is
    // gone (its lock on tmp/<name>.lock is free; a temporary file without a lock file only when older than
    // `minAgeSeconds`), and, inside a write transaction, artifacts no version refers to. Does nothing read-only.
    int collectGarbage(qint64 minAgeSeconds = 3600);

    // Test seam: the catalog may not grow any more, as on a full disk (SQLite then reports SQLITE_FULL).
    Status limitCatalogGrowthForTest();

    // Called on the publishing thread as a publish passes each stage (tests stop a process there).
    void setStageHook(StageHook hook) { m_stageHook = std::move(hook); }

private:
    void reached(PublishStage stage) const;
    Status exec(QSqlQuery& query, const char* what);
    Status openCatalog();
    Status requireWritable() const;
    // Inside the write transaction of a publish: every artifact of `stored` is in place, copied again from its
    // source when a concurrent delete or collection removed it since it was stored.
    Status ensureArtifacts(const QStringList& sources, const QList<StoredFile>& stored);
    // In a write transaction of its own: deletes those of `shas` that no version refers to.
    void dropUnreferenced(const QStringList& shas);
    int collectParts(qint64 minAgeSeconds);
    Result<VersionInfo> storeVersion(
        const PublishRequest& request, const QList<PackageInfo>& packages, const QList<StoredFile>& stored);
    // Copies `source` into the artifacts, checks the copy's SHA-256 against the inspection's digests (or, when
    // they are absent, against those computed while copying), and returns what was stored.
    Result<StoredFile> storeFile(const QString& source, const QString& expectedSha256, const QString& expectedMd5,
        qint64 offset, qint64 total, const ProgressFn& progress, const std::atomic_bool* cancel);
    Status checkDuplicate(
        const QString& appId, const QString& versionCode, const QString& label, const QString& exceptVersionId = {});

    QString m_root;
    QString m_connection;
    bool m_open = false;
    bool m_readOnly = false;
    bool m_forceReadOnly = false;
    StageHook m_stageHook;
};

} // namespace Slipway
