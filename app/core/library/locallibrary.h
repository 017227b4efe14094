#pragma once

#include <QString>
#include <atomic>
#include <common/result.h>
#include <functional>
#include <package/packageinfo.h>
#include <domain/types.h>

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
    // Creates the folders and the schema when needed. Every other call needs a successful open().
    Status open();

    Result<QList<AppInfo>> apps();
    Result<QList<VersionInfo>> versions(const QString& appId);
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

    // Removes leftovers of interrupted publishes: temporary files and artifacts no version refers to, both
    // older than `minAge` seconds (younger ones may belong to a publish running in another process).
    int collectGarbage(qint64 minAgeSeconds = 3600);

    // Called on the publishing thread as a publish passes each stage (tests stop a process there).
    void setStageHook(StageHook hook) { m_stageHook = std::move(hook); }

private:
    void reached(PublishStage stage) const;
    Status exec(QSqlQuery& query, const char* what);
    Result<VersionInfo> storeVersion(
        const PublishRequest& request, const QList<PackageInfo>& packages, const QList<StoredFile>& stored);
    Result<StoredFile> storeFile(const QString& source, const QString& expectedSha256, qint64 offset, qint64 total,
        const ProgressFn& progress, const std::atomic_bool* cancel);
    Status checkDuplicate(
        const QString& appId, const QString& versionCode, const QString& label, const QString& exceptVersionId = {});

    QString m_root;
    QString m_connection;
    bool m_open = false;
    StageHook m_stageHook;
};

} // namespace Slipway
