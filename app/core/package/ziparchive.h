#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <common/result.h>
#include <functional>
#include <memory>
#include <optional>
#include <package/packageinfo.h>
#include <vector>

struct zip;
struct zip_file;

namespace Slipway {

class OnDemandBytes;

// Read-only view of a zip archive through libzip. Nothing is extracted to disk; every read is bounded.
class ZipArchive
{
public:
    // The largest entry read() accepts by default: manifests, plists and resource tables are far smaller.
    static constexpr qint64 kDefaultMaxEntryBytes = 64 * 1024 * 1024;

    struct Entry
    {
        int index = -1;
        QString name;
        qint64 size = 0; // declared uncompressed size
        qint64 compressedSize = 0;
        quint16 compressionMethod = 0;
        bool encrypted = false;
    };

    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // Opens `path`. Errors are Error::Kind::InvalidPackage ("not a zip archive", "truncated", ...) or Io.
    static Result<std::unique_ptr<ZipArchive>> open(const QString& path);

    QString path() const { return m_path; }
    int count() const { return m_entries.size(); }
    const QList<Entry>& entries() const { return m_entries; }
    QStringList names() const;
    bool contains(const QString& name) const { return m_index.contains(name); }
    // The first entry with that exact name, or nullptr.
    const Entry* find(const QString& name) const;

    // Reads a whole entry into memory, refusing entries whose declared or real size exceeds maxBytes
    // (zip bombs) and encrypted entries.
    Result<QByteArray> read(const QString& name, qint64 maxBytes = kDefaultMaxEntryBytes) const;
    Result<QByteArray> read(const Entry& entry, qint64 maxBytes = kDefaultMaxEntryBytes) const;
    // The entry's bytes, read where they are looked at (package/ondemandbytes.h) when it is stored uncompressed:
    // resources.arsc of tens of MB costs the few KB a lookup needs. Its CRC-32 is not checked then (aapt, which
    // maps it, does not either; the signature verification covers every byte of it). A compressed entry, or one
    // whose data cannot be located, is read whole like read() does, with the same errors and limits.
    Result<std::unique_ptr<OnDemandBytes>> readOnDemand(const Entry& entry, qint64 maxBytes) const;
    // What Slipway needs of each central directory record, in directory order (libzip's entry index), read once
    // on first use: where its local header is, the method and 32-bit sizes, and whether the raw name holds a NUL
    // (Android refuses that; libzip's names end at it). The list stops at the first malformed record, and is
    // empty when the directory is over 16 MiB or cannot be read.
    struct CentralRecord
    {
        qint64 localHeader = 0;
        quint32 compressedSize = 0;
        quint32 uncompressedSize = 0;
        quint16 method = 0;
        bool nameHasNul = false;
    };
    const std::vector<CentralRecord>& centralRecords() const;
    // Reads at most `length` bytes starting at `offset` of the uncompressed entry (fewer at its end), for
    // headers inside big entries such as Mach-O executables. libzip cannot seek inside deflated entries,
    // so the bytes before `offset` are inflated and discarded; `length` is capped at kDefaultMaxEntryBytes.
    Result<QByteArray> readRange(const Entry& entry, qint64 offset, qint64 length) const;
    // Streams a whole entry's uncompressed bytes to `sink` in blocks, whatever its size (signature digests).
    // An entry whose compression method libzip does not know is inflated as raw deflate, as Android's
    // installer and apksigner do for every method other than "stored"; a failure is an InvalidPackage error.
    Status stream(const Entry& entry, const std::function<void(const char*, qint64)>& sink) const;

    // Facts from the end of central directory record, read directly from the file (libzip does not expose
    // them): where the central directory starts, and whether the archive uses zip64 records.
    qint64 centralDirectoryOffset() const { return m_cdOffset; }
    qint64 centralDirectorySize() const { return m_cdSize; }
    qint64 eocdOffset() const { return m_eocdOffset; }

    ZipFacts facts() const { return m_facts; }

private:
    ZipArchive() = default;
    void scanEndOfCentralDirectory();
    Result<QByteArray> readStored(zip_file* zf, const Entry& entry, qint64 maxBytes) const;
    // Where a stored entry's data starts in the file (after its local header), or -1 when that cannot be told
    // from the central directory and the local header (zip64 offsets, sizes that disagree, out of the file).
    qint64 storedDataOffset(const Entry& entry) const;

    QString m_path;
    zip* m_zip = nullptr;
    QList<Entry> m_entries;
    QHash<QString, int> m_index; // name -> position in m_entries (first occurrence)
    ZipFacts m_facts;
    qint64 m_cdOffset = -1;
    qint64 m_cdSize = -1;
    qint64 m_eocdOffset = -1;
    mutable std::optional<std::vector<CentralRecord>> m_centralRecords;
};

} // namespace Slipway
