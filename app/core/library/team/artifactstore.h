#pragma once

#include <QByteArray>
#include <QString>
#include <atomic>
#include <common/result.h>
#include <functional>

class QIODevice;

namespace Slipway {

class PgConnection;

// Where the team library keeps the bytes of its artifacts. The catalog knows an artifact by its SHA-256 and a
// `location` text the store gave it; nothing else of the store leaks into the catalog, so another store (an
// S3-compatible bucket) can be added by implementing this interface. Every call runs inside the catalog's open
// transaction on `connection`: the large-object store is transactional with it, so an interrupted publish leaves
// no artifact behind. (A store outside the database would have to collect what an aborted publish left.)
class ArtifactStore
{
public:
    using ProgressFn = std::function<void(qint64 done)>;

    virtual ~ArtifactStore();

    // Writes `size` bytes from `source` (read in chunks; never all in memory) and returns the new location.
    // Feeds every chunk to `chunk` (hashing) before writing it.
    virtual Result<QString> write(PgConnection& connection, QIODevice& source, qint64 size,
        const std::function<void(const QByteArray&)>& chunk, const ProgressFn& progress, const std::atomic_bool* cancel)
        = 0;
    // Streams the artifact at `location` to `sink` in chunks.
    virtual Status read(PgConnection& connection, const QString& location, QIODevice& sink, const ProgressFn& progress,
        const std::atomic_bool* cancel)
        = 0;
    // Removes the artifact (the catalog no longer refers to it).
    virtual Status remove(PgConnection& connection, const QString& location) = 0;
};

// Artifacts as PostgreSQL large objects ("lo:<oid>"), written and read in 256 KiB chunks with the lo_* API. A new
// object is handed to the slipway_publisher role (so any publisher may remove it later) and made readable by
// slipway_reader.
class LargeObjectStore : public ArtifactStore
{
public:
    static constexpr int kChunkSize = 256 * 1024;

    Result<QString> write(PgConnection& connection, QIODevice& source, qint64 size,
        const std::function<void(const QByteArray&)>& chunk, const ProgressFn& progress,
        const std::atomic_bool* cancel) override;
    Status read(PgConnection& connection, const QString& location, QIODevice& sink, const ProgressFn& progress,
        const std::atomic_bool* cancel) override;
    Status remove(PgConnection& connection, const QString& location) override;

    // The object id of a "lo:<oid>" location; 0 when it is not one.
    static quint32 oidOf(const QString& location);
};

} // namespace Slipway
