#pragma once

#include <QDateTime>
#include <QString>
#include <atomic>
#include <common/result.h>
#include <domain/types.h>
#include <functional>
#include <library/team/pgconnection.h>
#include <memory>
#include <package/packageinfo.h>

namespace Slipway {

class ArtifactStore;

// The team library: a catalog in PostgreSQL (apps, versions, files, artifacts) and the artifacts' bytes in an
// ArtifactStore (large objects in the same database by default), shared by a whole release team.
//
// A publish is one transaction: the version row is inserted first (so a second publisher of the same app, version
// code and label waits on the unique index and gets Conflict once the first commits: exactly one wins), then each
// file is streamed in chunks into a new large object while hashed (or found by its SHA-256 and shared), then the
// file rows; COMMIT makes it all visible at once. A crash, a kill or a lost connection before COMMIT rolls back the
// rows and the large objects together: nothing is half-visible and nothing is left over. Every committed change of
// a version notifies the channel "slipway_team" (a trigger), which TeamListener turns into Provider::changed().
//
// One instance per thread: it owns one blocking connection, opened by open().
class TeamLibrary
{
public:
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;
    static constexpr const char* kChannel = "slipway_team";

    // The points of a publish at which tests stop a process, in order.
    enum class PublishStage
    {
        VersionInserted, // the version row is inserted, nothing written yet
        Streaming, // about half of the primary file is in its large object
        FilesInserted, // every artifact and file row is in, not committed
        Committed,
    };
    using StageHook = std::function<void(PublishStage stage)>;

    explicit TeamLibrary(const PgParams& params);
    ~TeamLibrary();
    TeamLibrary(const TeamLibrary&) = delete;
    TeamLibrary& operator=(const TeamLibrary&) = delete;

    // Connects and checks the schema (not set up, older or newer than this program: a clear error).
    Status open();
    PgConnection* connection() const { return m_connection.get(); }
    const PgParams& params() const { return m_params; }

    Result<QList<AppInfo>> apps();
    Result<QList<VersionInfo>> versions(const QString& appId);
    Result<VersionInfo> version(const QString& appId, const QString& versionId);
    // The version of an app with this code and label, if any (NotFound otherwise).
    Result<VersionInfo> findVersion(const QString& appId, const QString& versionCode, const QString& label);

    // Stores `request.files` (primary first; `packages` is their inspection, same order, with SHA-256) as a new
    // version. `created`: the publish date to record (imports keep the original); invalid: now.
    Result<VersionInfo> publish(const PublishRequest& request, const QList<PackageInfo>& packages,
        const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr, const QDateTime& created = {});

    // Removes a version; artifacts no other version uses go with it, and the app with its last version.
    Status removeVersion(const QString& appId, const QString& versionId);
    // Notes and label; another version with the same code and label is a Conflict.
    Status edit(const QString& appId, const QString& versionId, const VersionEdit& changes);
    // Streams the primary file of a version to a temporary file next to `destination`, checks SHA-256 and MD5, then
    // renames it over `destination`. On failure or cancel nothing is left behind.
    Status download(const QString& appId, const QString& versionId, const QString& destination,
        const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);

    // Large objects the catalog does not refer to (an interrupted publish leaves none: the count a test asserts).
    Result<int> unreferencedLargeObjects();

    void setStageHook(StageHook hook) { m_stageHook = std::move(hook); }
    // Test seam: the artifact store (default: LargeObjectStore).
    void setArtifactStore(std::shared_ptr<ArtifactStore> store);

    // The OS user name, the default publisher.
    static QString defaultPublisher();

private:
    void reached(PublishStage stage) const;
    Result<QString> storeArtifact(const QString& path, const PackageInfo& package, qint64 offset, qint64 total,
        const ProgressFn& progress, const std::atomic_bool* cancel);
    Error notFound(const QString& appId, const QString& versionId) const;

    PgParams m_params;
    std::unique_ptr<PgConnection> m_connection;
    std::shared_ptr<ArtifactStore> m_store;
    StageHook m_stageHook;
};

} // namespace Slipway
