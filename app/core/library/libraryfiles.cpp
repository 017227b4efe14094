// LocalLibrary, the artifact side: storing a file (copy, verify, rename) and reading one back out.
#include "libraryinternal.h"
#include "locallibrary.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <optional>
#include <package/filehasher.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace Slipway {

namespace {

using LibraryInternal::PartLock;
using LibraryInternal::Texts;

constexpr qint64 kChunkSize = 1 << 20;
constexpr qint64 kKernelChunkSize = 8 << 20; // copy_file_range: fewer calls, cancel still noticed quickly

bool syncFile(QFile& file)
{
    if (!file.flush())
        return false;
    return ::fsync(file.handle()) == 0;
}

// How a copy ended; the caller words the error (its file names, its library or destination).
enum class CopyEnd
{
    Done,
    Cancelled,
    ReadFailed,
    WriteFailed,
};

// Copies `in` to `out` in kChunkSize chunks, feeding every chunk to `digests` (MD5 and SHA-256 on their own
// threads) when given, and reporting the bytes copied so far after each one. Checks `cancel` before every chunk.
CopyEnd copyHashed(QFile& in, QFile& out, ParallelDigests* digests, const std::atomic_bool* cancel,
    const std::function<void(qint64 copied)>& copiedSoFar)
{
    qint64 copied = 0;
    if (!digests) {
        // Nothing to hash: the kernel copies (copy_file_range, as `cp` does), without moving every byte through
        // this process twice. File systems that cannot (another device, old kernels) fall back to read and write.
        for (;;) {
            if (cancel && cancel->load())
                return CopyEnd::Cancelled;
            const ssize_t got
                = ::copy_file_range(in.handle(), nullptr, out.handle(), nullptr, size_t(kKernelChunkSize), 0);
            if (got == 0)
                return CopyEnd::Done;
            if (got < 0) {
                if (copied == 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP))
                    break; // the plain copy below
                if (errno == EINTR)
                    continue;
                return errno == ENOSPC || errno == EDQUOT || errno == EFBIG ? CopyEnd::WriteFailed
                                                                            : CopyEnd::ReadFailed;
            }
            copied += got;
            copiedSoFar(copied);
        }
    }
    QByteArray own(digests ? 0 : kChunkSize, Qt::Uninitialized);
    for (;;) {
        if (cancel && cancel->load())
            return CopyEnd::Cancelled;
        char* buffer = digests ? digests->buffer() : own.data();
        const qint64 got = in.read(buffer, qMin<qint64>(kChunkSize, ParallelDigests::kSlotBytes));
        if (got < 0)
            return CopyEnd::ReadFailed;
        if (got == 0)
            return CopyEnd::Done;
        if (out.write(buffer, got) != got)
            return CopyEnd::WriteFailed;
        if (digests)
            digests->commit(got);
        copied += got;
        copiedSoFar(copied);
    }
}

// The digests of a whole file (`which`: both, or only SHA-256 for a copy whose MD5 is known), reporting the bytes
// read after each chunk; nullopt when cancelled or unreadable.
std::optional<FileDigests> hashFile(QFile& file, ParallelDigests::Which which, const std::atomic_bool* cancel,
    const std::function<void(qint64 read)>& readSoFar)
{
    ParallelDigests digests(which);
    qint64 done = 0;
    for (;;) {
        if (cancel && cancel->load())
            return std::nullopt;
        char* buffer = digests.buffer();
        const qint64 got = file.read(buffer, ParallelDigests::kSlotBytes);
        if (got < 0)
            return std::nullopt;
        if (got == 0)
            return digests.finish();
        digests.commit(got);
        done += got;
        readSoFar(done);
    }
}

} // namespace

bool LibraryInternal::PartLock::acquire(const QString& lockPath)
{
    const QByteArray path = QFile::encodeName(lockPath);
    // Collection may take and unlink a lock file between its creation and the flock: then lock a new one.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            return false;
        struct stat held
        { };
        struct stat named
        { };
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(m_fd, &held) == 0 && ::stat(path.constData(), &named) == 0
            && held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
            m_path = lockPath;
            return true;
        }
        ::close(m_fd);
        m_fd = -1;
    }
    return false;
}

bool LibraryInternal::PartLock::takeAbandoned(const QString& lockPath)
{
    m_fd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CLOEXEC);
    if (m_fd < 0)
        return false;
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    m_path = lockPath;
    return true;
}

LibraryInternal::PartLock::~PartLock()
{
    if (m_fd < 0)
        return;
    ::unlink(QFile::encodeName(m_path).constData()); // while still locked: nobody else can think it abandoned
    ::close(m_fd);
}

int LocalLibrary::collectParts(qint64 minAgeSeconds)
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-minAgeSeconds);
    const QString tmpDir = m_root + QStringLiteral("/tmp/");
    int removed = 0;
    QDirIterator parts(tmpDir, {QStringLiteral("*.part")}, QDir::Files);
    while (parts.hasNext()) {
        const QFileInfo fi(parts.next());
        const QString lockPath = tmpDir + fi.completeBaseName() + QStringLiteral(".lock");
        if (QFileInfo::exists(lockPath)) {
            PartLock lock; // removes the lock file when it goes
            if (lock.takeAbandoned(lockPath) && QFile::remove(fi.absoluteFilePath()))
                ++removed;
        } else if (fi.lastModified().toUTC() < cutoff && QFile::remove(fi.absoluteFilePath())) {
            ++removed; // no lock: an older Slipway's, or one on another machine, so only an old one
        }
    }
    // A lock file without its temporary file: a publisher killed before its .part or after renaming it. One whose
    // publisher is alive stays locked; acquire() notices when its fresh lock file was unlinked here.
    QDirIterator locks(tmpDir, {QStringLiteral("*.lock")}, QDir::Files);
    while (locks.hasNext()) {
        const QFileInfo fi(locks.next());
        if (QFileInfo::exists(tmpDir + fi.completeBaseName() + QStringLiteral(".part")))
            continue; // handled above
        PartLock lock;
        if (lock.takeAbandoned(fi.absoluteFilePath()))
            ++removed;
    }
    return removed;
}

Status LocalLibrary::ensureArtifacts(const QStringList& sources, const QList<StoredFile>& stored)
{
    for (int i = 0; i < stored.size(); ++i) {
        const StoredFile& f = stored.at(i);
        const QFileInfo existing(artifactPath(f.sha256));
        if (existing.exists() && existing.size() == f.size)
            continue;
        StageHook hook = std::exchange(m_stageHook, StageHook {}); // the stages were passed already
        auto again = storeFile(sources.value(i), f.sha256, f.md5, 0, 0, {}, nullptr);
        m_stageHook = std::move(hook);
        if (!again)
            return again.error();
    }
    return Ok {};
}

void LocalLibrary::reached(PublishStage stage) const
{
    if (m_stageHook)
        m_stageHook(stage);
}

Result<StoredFile> LocalLibrary::storeFile(const QString& source, const QString& expectedSha256,
    const QString& expectedMd5, qint64 offset, qint64 total, const ProgressFn& progress, const std::atomic_bool* cancel)
{
    const QFileInfo fi(source);
    StoredFile stored;
    stored.fileName = fi.fileName();
    const auto cancelled = [&] { return cancel && cancel->load(); };
    const Error cancelledError(Error::Kind::Cancelled, Texts::tr("Publishing was cancelled; nothing was stored."));

    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be read: %2.").arg(stored.fileName, in.errorString()));
    const qint64 size = in.size();

    // Same content already stored: content addressing makes the second copy free.
    if (!expectedSha256.isEmpty()) {
        const QFileInfo existing(artifactPath(expectedSha256));
        if (existing.exists() && existing.size() == size) {
            stored.size = size;
            stored.sha256 = expectedSha256;
            stored.md5 = expectedMd5;
            if (stored.md5.isEmpty()) { // no inspection digests to take it from: one read of the source
                const std::optional<FileDigests> digests
                    = hashFile(in, ParallelDigests::Which::Md5AndSha256, cancel, [](qint64) {});
                if (!digests)
                    return cancelled() ? cancelledError
                                       : Error(Error::Kind::Io,
                                           Texts::tr("%1 cannot be read: %2.").arg(stored.fileName, in.errorString()));
                stored.md5 = digests->md5;
            }
            if (progress)
                progress(offset + 2 * size, total);
            reached(PublishStage::Renamed);
            return stored;
        }
    }

    const QString tmpBase = QStringLiteral("%1/tmp/%2").arg(m_root, QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString tmpPath = tmpBase + QStringLiteral(".part");
    PartLock lock; // held until the temporary file is gone (renamed or removed): collection leaves it alone
    if (!lock.acquire(tmpBase + QStringLiteral(".lock")))
        return Error(
            Error::Kind::Io, Texts::tr("The Local library cannot write to %1: %2.").arg(m_root, qt_error_string()));
    QFile out(tmpPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Error(
            Error::Kind::Io, Texts::tr("The Local library cannot write to %1: %2.").arg(m_root, out.errorString()));
    auto discard = [&] {
        out.close();
        QFile::remove(tmpPath);
    };

    // With the inspection's digests the source is not hashed while copying: the copy's SHA-256 is computed once and
    // checked against the inspection's (a changed source and a storage error both show), as `cp` then `sha256sum`
    // of the copy would; its MD5 is the inspection's, which that match vouches for. Without them the source is
    // hashed (both digests) while copying and the copy's SHA-256 checked against that. Either way MD5 is computed
    // once per publish, and no file is read a third time.
    const bool known = !expectedSha256.isEmpty() && !expectedMd5.isEmpty();
    std::optional<ParallelDigests> sourceDigests;
    if (!known)
        sourceDigests.emplace();
    qint64 copied = 0;
    const CopyEnd end = copyHashed(in, out, sourceDigests ? &*sourceDigests : nullptr, cancel, [&](qint64 done) {
        copied = done;
        if (progress)
            progress(offset + copied, total);
    });
    if (end != CopyEnd::Done) {
        const QString why = end == CopyEnd::ReadFailed ? in.errorString() : out.errorString();
        discard();
        if (end == CopyEnd::Cancelled)
            return cancelledError;
        if (end == CopyEnd::ReadFailed)
            return Error(Error::Kind::Io, Texts::tr("Reading %1 failed: %2.").arg(stored.fileName, why));
        return Error(Error::Kind::Io, Texts::tr("Writing to the Local library failed: %1 (disk full?).").arg(why));
    }
    if (!syncFile(out)) {
        discard();
        return Error(Error::Kind::Io, Texts::tr("The Local library could not flush %1 to disk.").arg(stored.fileName));
    }
    out.close();
    reached(PublishStage::Copied);
    const FileDigests original = known ? FileDigests {size, expectedMd5, expectedSha256} : sourceDigests->finish();

    // Verify what reached the disk (a shared drive may not store what it was given).
    QFile check(tmpPath);
    if (!check.open(QIODevice::ReadOnly)) {
        QFile::remove(tmpPath);
        return Error(Error::Kind::Io, Texts::tr("The stored copy of %1 cannot be read back.").arg(stored.fileName));
    }
    const std::optional<FileDigests> copy
        = hashFile(check, ParallelDigests::Which::Sha256Only, cancel, [&](qint64 verified) {
              if (progress)
                  progress(offset + copied + verified, total);
          });
    check.close();
    if (!copy) {
        QFile::remove(tmpPath);
        if (cancelled())
            return cancelledError;
        return Error(Error::Kind::Io, Texts::tr("The stored copy of %1 cannot be read back.").arg(stored.fileName));
    }
    stored.size = copy->size;
    stored.md5 = original.md5;
    stored.sha256 = copy->sha256;
    // A source whose own digests disagree with the inspection's changed in between.
    const bool sourceChanged = !known && !expectedSha256.isEmpty() && original.sha256 != expectedSha256;
    if (copy->sha256 != original.sha256 || sourceChanged) {
        QFile::remove(tmpPath);
        if (known || sourceChanged)
            return Error(Error::Kind::Io,
                Texts::tr(
                    "%1 changed after it was inspected (or its copy in the Local library is damaged); drop it again "
                    "to publish the current file.")
                    .arg(stored.fileName));
        return Error(Error::Kind::Io,
            Texts::tr("The copy of %1 in the Local library does not match the original (storage error); nothing was "
                      "published.")
                .arg(stored.fileName));
    }
    reached(PublishStage::Verified);

    const QString finalPath = artifactPath(stored.sha256);
    QDir().mkpath(QFileInfo(finalPath).absolutePath());
    if (QFileInfo::exists(finalPath)) {
        QFile::remove(tmpPath); // stored before, identical by hash
    } else if (!QFile::rename(tmpPath, finalPath)) {
        if (!QFileInfo::exists(finalPath)) { // another process may have stored the same file a moment ago
            QFile::remove(tmpPath);
            return Error(
                Error::Kind::Io, Texts::tr("The Local library could not move %1 into place.").arg(stored.fileName));
        }
        QFile::remove(tmpPath);
    }
    reached(PublishStage::Renamed);
    return stored;
}

Result<QHash<QString, QByteArray>> LocalLibrary::appIcons()
{
    if (auto st = open(); !st)
        return st.error();
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT id, icon FROM apps WHERE icon IS NOT NULL"));
    if (auto st = exec(q, "list app icons"); !st)
        return st.error();
    QHash<QString, QByteArray> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toByteArray());
    return out;
}

Status LocalLibrary::download(const QString& appId, const QString& versionId, const QString& destination,
    const ProgressFn& progress, const std::atomic_bool* cancel)
{
    auto found = version(appId, versionId);
    if (!found)
        return found.error();
    const VersionInfo& v = found.value();
    const Error cancelledError(Error::Kind::Cancelled, Texts::tr("The download was cancelled; nothing was saved."));
    QFile in(artifactPath(v.sha256));
    if (v.sha256.isEmpty() || !in.open(QIODevice::ReadOnly)) {
        return Error(Error::Kind::Io,
            Texts::tr("The stored copy of %1 is missing from the Local library.").arg(v.fileName), in.fileName());
    }
    // A temporary file next to the destination, so the final rename stays on one file system.
    const QFileInfo target(destination);
    const QString tmpPath
        = QStringLiteral("%1/.%2.%3.part")
              .arg(target.absolutePath(), target.fileName(), QUuid::createUuid().toString(QUuid::WithoutBraces));
    QFile out(tmpPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be written: %2.").arg(destination, out.errorString()));
    auto discard = [&] {
        out.close();
        QFile::remove(tmpPath);
    };

    ParallelDigests digests;
    const qint64 total = in.size();
    const CopyEnd end = copyHashed(in, out, &digests, cancel, [&](qint64 copied) {
        if (progress)
            progress(copied, total);
    });
    if (end != CopyEnd::Done) {
        const QString why = end == CopyEnd::ReadFailed ? in.errorString() : out.errorString();
        discard();
        if (end == CopyEnd::Cancelled)
            return cancelledError;
        if (end == CopyEnd::ReadFailed)
            return Error(Error::Kind::Io, Texts::tr("Reading %1 failed: %2.").arg(v.fileName, why));
        return Error(Error::Kind::Io, Texts::tr("Writing %1 failed: %2 (disk full?).").arg(destination, why));
    }
    if (!syncFile(out)) {
        discard();
        return Error(Error::Kind::Io, Texts::tr("%1 could not be flushed to disk.").arg(destination));
    }
    out.close();
    const FileDigests saved = digests.finish();
    if (saved.sha256 != v.sha256 || (!v.md5.isEmpty() && saved.md5 != v.md5)) {
        QFile::remove(tmpPath);
        return Error(Error::Kind::Io,
            Texts::tr("The stored copy of %1 is damaged (its checksum does not match); nothing was saved.")
                .arg(v.fileName));
    }
    if (cancel && cancel->load()) {
        QFile::remove(tmpPath);
        return cancelledError;
    }
    // rename(2) replaces an existing destination in one step; QFile::rename would refuse it.
    if (::rename(QFile::encodeName(tmpPath).constData(), QFile::encodeName(destination).constData()) != 0) {
        QFile::remove(tmpPath);
        return Error(Error::Kind::Io, Texts::tr("%1 could not be saved as %2.").arg(v.fileName, destination));
    }
    return Ok {};
}

} // namespace Slipway
