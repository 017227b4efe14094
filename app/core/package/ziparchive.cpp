#include "ziparchive.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QtEndian>
#include <algorithm>
#include <package/ondemandbytes.h>
#include <vector>
#include <zip.h>
#include <zlib.h>

namespace Slipway {

namespace {

constexpr qint64 kMaxCentralDirectoryBytes = 16 * 1024 * 1024;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ZipArchive)
};

// Whether the file begins like a zip archive (a local entry header, or an empty archive's end record).
bool startsLikeZip(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(4);
    return head == QByteArrayLiteral("PK\x03\x04") || head == QByteArrayLiteral("PK\x05\x06");
}

Error openError(int code, const QString& path, const QString& fileName)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    const QString libzipText = QString::fromUtf8(zip_error_strerror(&ze));
    zip_error_fini(&ze);
    switch (code) {
    case ZIP_ER_NOZIP:
        if (startsLikeZip(path)) {
            // The entries start where a zip's do, but the directory at the end is missing: cut short.
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("%1 is damaged or incomplete: it starts like a zip archive but its end is missing (an "
                          "interrupted download or copy?). Get the file again.")
                    .arg(fileName),
                libzipText);
        }
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is not a zip archive, so it cannot be an app package.").arg(fileName), libzipText);
    case ZIP_ER_INCONS:
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is damaged: its zip structure is inconsistent (truncated or corrupt download?).")
                .arg(fileName),
            libzipText);
    case ZIP_ER_MULTIDISK:
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is one part of a split (multi-disk) zip archive, which packages never are.").arg(fileName),
            libzipText);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_NOENT:
        return Error(Error::Kind::Io, Texts::tr("%1 could not be read.").arg(fileName), libzipText);
    case ZIP_ER_MEMORY:
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 is too large or malformed to open.").arg(fileName), libzipText);
    default:
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 could not be opened as a zip archive.").arg(fileName),
            libzipText);
    }
}

bool isUnsafeName(QByteArrayView raw)
{
    if (raw.startsWith('/') || raw.startsWith('\\') || (raw.size() > 1 && raw.at(1) == ':'))
        return true;
    // A control character, or a ".." component between separators ('/' or '\\'); read in place, no copy per name.
    qsizetype componentStart = 0;
    for (qsizetype i = 0; i <= raw.size(); ++i) {
        const char c = i < raw.size() ? raw.at(i) : '/';
        if (static_cast<unsigned char>(c) < 0x20 && i < raw.size())
            return true;
        if (c == '/' || c == '\\') {
            if (i - componentStart == 2 && raw.at(componentStart) == '.' && raw.at(componentStart + 1) == '.')
                return true;
            componentStart = i + 1;
        }
    }
    return false;
}

} // namespace

ZipArchive::~ZipArchive()
{
    if (m_zip)
        zip_discard(m_zip);
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(const QString& path)
{
    const QFileInfo fi(path);
    const QString fileName = fi.fileName();
    if (!fi.exists())
        return Error(Error::Kind::Io, Texts::tr("%1 does not exist.").arg(path));
    if (fi.isDir())
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is a folder, not a package file.").arg(fileName));
    if (fi.size() == 0)
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is empty (0 bytes).").arg(fileName));
    if (!fi.isReadable())
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be read: permission denied.").arg(fileName));

    int code = 0;
    zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &code);
    if (!z)
        return openError(code, path, fileName);

    std::unique_ptr<ZipArchive> archive(new ZipArchive);
    archive->m_path = path;
    archive->m_zip = z;

    const zip_int64_t n = zip_get_num_entries(z, 0);
    archive->m_facts.isZip = true;
    archive->m_facts.entries = int(n);
    archive->m_entries.reserve(qsizetype(n));
    std::optional<QSet<QByteArray>> rawNames;
    auto rawName = [z](int index) { return QByteArrayView(zip_get_name(z, zip_uint64_t(index), ZIP_FL_ENC_RAW)); };
    archive->m_index.reserve(qsizetype(n));
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z, zip_uint64_t(i), ZIP_FL_ENC_RAW, &st) != 0)
            continue;
        const QByteArrayView raw = st.name ? QByteArrayView(st.name) : QByteArrayView();
        Entry e;
        e.index = int(i);
        e.name = QString::fromUtf8(raw);
        e.size = (st.valid & ZIP_STAT_SIZE) ? qint64(st.size) : 0;
        e.compressedSize = (st.valid & ZIP_STAT_COMP_SIZE) ? qint64(st.comp_size) : 0;
        e.compressionMethod = (st.valid & ZIP_STAT_COMP_METHOD) ? quint16(st.comp_method) : 0;
        e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
        archive->m_facts.declaredUncompressed += e.size;
        if (e.encrypted)
            archive->m_facts.encryptedEntries.append(e.name);
        if (isUnsafeName(raw))
            archive->m_facts.unsafeNames.append(e.name);
        // A duplicate is the same raw name twice. Names are looked up decoded, so the decoded index finds the
        // candidates without a copy of every raw name; two raw names that decode alike (not UTF-8) are not
        // duplicates, and from the first such pair on every raw name is kept in a set, so none is missed.
        bool duplicate = false;
        if (rawNames) {
            duplicate = rawNames->contains(raw.toByteArray());
            rawNames->insert(raw.toByteArray());
        } else if (const auto known = archive->m_index.constFind(e.name); known != archive->m_index.cend()) {
            duplicate = raw == rawName(archive->m_entries.at(*known).index);
            if (!duplicate) {
                rawNames.emplace();
                for (const Entry& earlier : std::as_const(archive->m_entries))
                    rawNames->insert(rawName(earlier.index).toByteArray());
                rawNames->insert(raw.toByteArray());
            }
        }
        if (duplicate) {
            if (!archive->m_facts.duplicateNames.contains(e.name))
                archive->m_facts.duplicateNames.append(e.name);
        } else {
            archive->m_index.insert(e.name, archive->m_entries.size());
        }
        archive->m_entries.append(e);
    }
    archive->scanEndOfCentralDirectory();
    return archive;
}

void ZipArchive::scanEndOfCentralDirectory()
{
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    const qint64 size = f.size();
    // The end record is 22 bytes plus a comment of up to 64 KiB, with a zip64 locator of 20 bytes before it. Packages
    // rarely carry a comment, so the last 1 KiB is searched first, and the whole possible range only when the
    // record (with room for the locator) is not in it.
    for (const qint64 wanted : {qint64(1024), qint64(22 + 0xFFFF + 20)}) {
        const qint64 tailSize = qMin<qint64>(size, wanted);
        const qint64 tailStart = size - tailSize;
        if (!f.seek(tailStart))
            return;
        const QByteArray tail = f.read(tailSize);
        if (tail.size() != tailSize)
            return;
        const auto* d = reinterpret_cast<const uchar*>(tail.constData());
        for (qint64 i = tailSize - 22; i >= 0; --i) {
            if (qFromLittleEndian<quint32>(d + i) != 0x06054b50u)
                continue;
            const quint16 commentLen = qFromLittleEndian<quint16>(d + i + 20);
            if (i + 22 + commentLen != tailSize)
                continue; // a signature inside the comment; keep looking further back
            if (i < 20 && tailStart > 0)
                break; // the zip64 locator would be before this tail: read the larger one
            m_eocdOffset = tailStart + i;
            m_cdSize = qFromLittleEndian<quint32>(d + i + 12);
            m_cdOffset = qFromLittleEndian<quint32>(d + i + 16);
            // A zip64 end of central directory locator sits right before the EOCD record.
            if (i >= 20 && qFromLittleEndian<quint32>(d + i - 20) == 0x07064b50u) {
                m_facts.zip64 = true;
                const qint64 eocd64 = qint64(qFromLittleEndian<quint64>(d + i - 20 + 8));
                if (eocd64 >= 0 && eocd64 + 56 <= size && f.seek(eocd64)) {
                    const QByteArray rec = f.read(56);
                    const auto* r = reinterpret_cast<const uchar*>(rec.constData());
                    if (rec.size() == 56 && qFromLittleEndian<quint32>(r) == 0x06064b50u) {
                        m_cdSize = qint64(qFromLittleEndian<quint64>(r + 40));
                        m_cdOffset = qint64(qFromLittleEndian<quint64>(r + 48));
                    }
                }
            }
            return;
        }
        if (tailSize == size)
            return; // the whole file was searched
    }
}

QStringList ZipArchive::names() const
{
    QStringList out;
    out.reserve(m_entries.size());
    for (const Entry& e : m_entries)
        out.append(e.name);
    return out;
}

const ZipArchive::Entry* ZipArchive::find(const QString& name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.cend() ? nullptr : &m_entries.at(*it);
}

Result<QByteArray> ZipArchive::read(const QString& name, qint64 maxBytes) const
{
    const Entry* e = find(name);
    if (!e)
        return Error(Error::Kind::InvalidPackage, Texts::tr("The archive has no entry %1.").arg(name));
    return read(*e, maxBytes);
}

Result<QByteArray> ZipArchive::read(const Entry& e, qint64 maxBytes) const
{
    if (e.encrypted)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is encrypted inside the archive and cannot be read.").arg(e.name));
    if (e.size > maxBytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 declares %2 bytes uncompressed, more than the %3 bytes Slipway reads (zip bomb?).")
                .arg(e.name)
                .arg(e.size)
                .arg(maxBytes));
    zip_file_t* zf = zip_fopen_index(m_zip, zip_uint64_t(e.index), 0);
    if (!zf && zip_error_code_zip(zip_get_error(m_zip)) == ZIP_ER_COMPNOTSUPP) {
        // A method libzip does not know: Android inflates it as deflate (see stream()).
        QByteArray out;
        bool tooBig = false;
        const Status st = stream(e, [&](const char* data, qint64 n) {
            tooBig = tooBig || out.size() + n > maxBytes;
            if (!tooBig)
                out.append(data, n);
        });
        if (!st)
            return st.error();
        if (tooBig)
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("%1 expands beyond %2 bytes (zip bomb?).").arg(e.name).arg(maxBytes));
        return out;
    }
    if (!zf) {
        const QString why = QString::fromUtf8(zip_strerror(m_zip));
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 cannot be read from the archive: %2.").arg(e.name, why), why);
    }
    if (e.compressionMethod == ZIP_CM_STORE)
        return readStored(zf, e, maxBytes);
    QByteArray out;
    out.reserve(int(qMin<qint64>(e.size, maxBytes)));
    char buf[64 * 1024];
    for (;;) {
        const zip_int64_t got = zip_fread(zf, buf, sizeof buf);
        if (got < 0) {
            const QString why = QString::fromUtf8(zip_file_strerror(zf));
            zip_fclose(zf);
            return Error(
                Error::Kind::InvalidPackage, Texts::tr("%1 is damaged inside the archive: %2.").arg(e.name, why), why);
        }
        if (got == 0)
            break;
        if (out.size() + got > maxBytes) {
            zip_fclose(zf);
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("%1 expands beyond %2 bytes (zip bomb?).").arg(e.name).arg(maxBytes));
        }
        out.append(buf, int(got));
    }
    zip_fclose(zf);
    return out;
}

// A stored (uncompressed) entry is read straight into the result, in one zip_fread of its declared size rather
// than 64 KiB at a time through a buffer (resources.arsc is stored and can be tens of MB). libzip still checks
// the entry's CRC-32: it does so when the read reaches the entry's end, which the final read below asks for; a
// stored entry cannot be longer than its declared size (the size bounds the window libzip reads), so the limit
// checked by the caller against e.size holds.
Result<QByteArray> ZipArchive::readStored(zip_file_t* zf, const Entry& e, qint64 maxBytes) const
{
    QByteArray out(qsizetype(qMin<qint64>(e.size, maxBytes)), Qt::Uninitialized);
    qint64 done = 0;
    auto damaged = [&] {
        const QString why = QString::fromUtf8(zip_file_strerror(zf));
        zip_fclose(zf);
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 is damaged inside the archive: %2.").arg(e.name, why), why);
    };
    while (done < out.size()) {
        const zip_int64_t got = zip_fread(zf, out.data() + done, zip_uint64_t(out.size() - done));
        if (got < 0)
            return damaged();
        if (got == 0)
            break;
        done += got;
    }
    char more = 0;
    const zip_int64_t extra = zip_fread(zf, &more, 1); // reaches the end: libzip compares the CRC-32 here
    if (extra < 0)
        return damaged();
    zip_fclose(zf);
    if (extra > 0)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 expands beyond %2 bytes (zip bomb?).").arg(e.name).arg(maxBytes));
    out.truncate(qsizetype(done));
    return out;
}

const std::vector<ZipArchive::CentralRecord>& ZipArchive::centralRecords() const
{
    if (m_centralRecords)
        return *m_centralRecords;
    m_centralRecords.emplace();
    if (m_cdOffset < 0 || m_cdSize <= 0 || m_cdSize > kMaxCentralDirectoryBytes)
        return *m_centralRecords;
    // A few fields of each record are kept, not the directory itself (160 KB for 1,600 entries): the records are
    // copied out one by one through OnDemandBytes' read-ahead window.
    const auto directory = OnDemandBytes::fromFile(m_path, m_cdOffset, m_cdSize);
    if (!directory)
        return *m_centralRecords;
    uchar r[46];
    std::vector<uchar> name;
    qint64 at = 0;
    while (directory->readAhead(at, sizeof r, r) && qFromLittleEndian<quint32>(r) == 0x02014b50u) {
        const quint16 nameLen = qFromLittleEndian<quint16>(r + 28);
        CentralRecord record;
        record.method = qFromLittleEndian<quint16>(r + 10);
        record.compressedSize = qFromLittleEndian<quint32>(r + 20);
        record.uncompressedSize = qFromLittleEndian<quint32>(r + 24);
        record.localHeader = qFromLittleEndian<quint32>(r + 42);
        name.resize(nameLen);
        if (!directory->readAhead(at + 46, nameLen, name.data()))
            break; // the name runs past the directory
        record.nameHasNul = std::find(name.begin(), name.end(), uchar(0)) != name.end();
        m_centralRecords->push_back(record);
        at += 46 + qint64(nameLen) + qFromLittleEndian<quint16>(r + 30) + qFromLittleEndian<quint16>(r + 32);
    }
    return *m_centralRecords;
}

qint64 ZipArchive::storedDataOffset(const Entry& e) const
{
    const std::vector<CentralRecord>& records = centralRecords();
    if (e.index < 0 || size_t(e.index) >= records.size())
        return -1;
    const CentralRecord& record = records[size_t(e.index)];
    if (record.method != ZIP_CM_STORE || record.compressedSize != record.uncompressedSize
        || record.compressedSize != e.size || record.localHeader == 0xFFFFFFFFu)
        return -1; // not stored, or zip64 values that live in an extra field
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(record.localHeader))
        return -1;
    const QByteArray head = f.read(30);
    const auto* h = reinterpret_cast<const uchar*>(head.constData());
    if (head.size() != 30 || qFromLittleEndian<quint32>(h) != 0x04034b50u)
        return -1;
    const qint64 data
        = qint64(record.localHeader) + 30 + qFromLittleEndian<quint16>(h + 26) + qFromLittleEndian<quint16>(h + 28);
    if (data + e.size > f.size())
        return -1;
    return data;
}

Result<std::unique_ptr<OnDemandBytes>> ZipArchive::readOnDemand(const Entry& e, qint64 maxBytes) const
{
    if (!e.encrypted && e.compressionMethod == ZIP_CM_STORE && e.size <= maxBytes) {
        if (const qint64 at = storedDataOffset(e); at >= 0) {
            if (auto bytes = OnDemandBytes::fromFile(m_path, at, e.size))
                return bytes;
        }
    }
    auto whole = read(e, maxBytes);
    if (!whole)
        return whole.error();
    return std::make_unique<OnDemandBytes>(std::move(whole).value());
}

Result<QByteArray> ZipArchive::readRange(const Entry& e, qint64 offset, qint64 length) const
{
    if (e.encrypted)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is encrypted inside the archive and cannot be read.").arg(e.name));
    if (offset < 0 || length < 0 || length > kDefaultMaxEntryBytes)
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1: a read outside the entry was refused.").arg(e.name));
    QByteArray out;
    if (length == 0 || offset >= e.size)
        return out;
    zip_file_t* zf = zip_fopen_index(m_zip, zip_uint64_t(e.index), 0);
    if (!zf) {
        const QString why = QString::fromUtf8(zip_strerror(m_zip));
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 cannot be read from the archive: %2.").arg(e.name, why), why);
    }
    out.reserve(int(qMin<qint64>(length, e.size - offset)));
    qint64 pos = 0;
    char buf[64 * 1024];
    while (out.size() < length) {
        const zip_int64_t got = zip_fread(zf, buf, sizeof buf);
        if (got < 0) {
            const QString why = QString::fromUtf8(zip_file_strerror(zf));
            zip_fclose(zf);
            return Error(
                Error::Kind::InvalidPackage, Texts::tr("%1 is damaged inside the archive: %2.").arg(e.name, why), why);
        }
        if (got == 0)
            break;
        const qint64 chunkEnd = pos + got;
        if (chunkEnd > offset) {
            const qint64 from = qMax<qint64>(offset - pos, 0);
            const qint64 take = qMin<qint64>(got - from, length - out.size());
            out.append(buf + from, int(take));
        }
        pos = chunkEnd;
    }
    zip_fclose(zf);
    return out;
}

Status ZipArchive::stream(const Entry& e, const std::function<void(const char*, qint64)>& sink) const
{
    if (e.encrypted)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is encrypted inside the archive and cannot be read.").arg(e.name));
    zip_file_t* zf = zip_fopen_index(m_zip, zip_uint64_t(e.index), 0);
    bool rawDeflate = false;
    if (!zf && zip_error_code_zip(zip_get_error(m_zip)) == ZIP_ER_COMPNOTSUPP) {
        zip_error_clear(m_zip);
        zf = zip_fopen_index(m_zip, zip_uint64_t(e.index), ZIP_FL_COMPRESSED);
        rawDeflate = true;
    }
    if (!zf) {
        const QString why = QString::fromUtf8(zip_strerror(m_zip));
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 cannot be read from the archive: %2.").arg(e.name, why), why);
    }
    z_stream z = {};
    if (rawDeflate && inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        zip_fclose(zf);
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be inflated: out of memory.").arg(e.name));
    }
    std::vector<char> buf(256 * 1024);
    std::vector<char> out(rawDeflate ? 256 * 1024 : 0);
    QString failure;
    bool ended = false;
    while (failure.isEmpty() && !ended) {
        const zip_int64_t got = zip_fread(zf, buf.data(), buf.size());
        if (got < 0) {
            failure = QString::fromUtf8(zip_file_strerror(zf));
            break;
        }
        if (got == 0)
            break;
        if (!rawDeflate) {
            sink(buf.data(), got);
            continue;
        }
        z.next_in = reinterpret_cast<Bytef*>(buf.data());
        z.avail_in = uInt(got);
        while (z.avail_in > 0 && !ended) {
            z.next_out = reinterpret_cast<Bytef*>(out.data());
            z.avail_out = uInt(out.size());
            const int rc = inflate(&z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) {
                failure = Texts::tr("the data is neither stored nor deflated");
                break;
            }
            sink(out.data(), qint64(out.size() - z.avail_out));
            ended = rc == Z_STREAM_END;
        }
    }
    if (rawDeflate) {
        if (failure.isEmpty() && !ended)
            failure = Texts::tr("the deflated data ends early");
        inflateEnd(&z);
    }
    zip_fclose(zf);
    if (!failure.isEmpty())
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is damaged inside the archive: %2.").arg(e.name, failure), failure);
    return Ok {};
}

} // namespace Slipway
