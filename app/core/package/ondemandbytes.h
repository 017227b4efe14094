#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <memory>
#include <vector>

namespace Slipway {

// The bytes of one zip entry, read from the file only where they are looked at. resources.arsc is stored
// uncompressed and can be tens of MB (19.6 MB in framework-res.apk), while the badging needs its chunk headers and
// a few entries and strings: reading it whole, with its CRC, was most of the time `inspect` took on such an APK
// (docs/performance.md). Parsers copy the few bytes they look at into their own small buffers, so memory does not
// grow with the entry and no page is touched for bytes nobody reads (each newly touched page is a fault, and
// faults were the largest cost measured).
//
// Not a memory map: a package shortened by another process while mapped would kill Slipway with SIGBUS, while a
// short read here is an error the parser reports.
class OnDemandBytes
{
public:
    // The whole of `bytes`, already in memory (a compressed entry, or a test's buffer).
    explicit OnDemandBytes(QByteArray bytes);
    // `size` bytes of the file at `path`, starting at `fileOffset`; nullptr when the file cannot be opened.
    static std::unique_ptr<OnDemandBytes> fromFile(const QString& path, qint64 fileOffset, qint64 size);

    OnDemandBytes(const OnDemandBytes&) = delete;
    OnDemandBytes& operator=(const OnDemandBytes&) = delete;

    qint64 size() const { return m_size; }
    // Copies [offset, offset + length) into `out`: one pread(2) of exactly those bytes. False when the range is
    // outside the bytes or the file cannot be read there any more (shortened, an I/O error): error() says which.
    bool read(qint64 offset, qint64 length, uchar* out) const;
    // The same for a walk forward through many small reads a few KB apart (the chunk headers): they are served
    // from a read-ahead window of kWindow bytes, refilled by one pread when a read leaves it. A system call costs
    // more than copying the window.
    bool readAhead(qint64 offset, qint64 length, uchar* out) const;
    QString error() const { return m_error; }
    // How many bytes were read from the file so far (tests check that a lookup reads little).
    qint64 bytesRead() const { return m_bytesRead; }

private:
    OnDemandBytes() = default;
    bool inRange(qint64 offset, qint64 length) const;
    bool readFile(qint64 offset, qint64 length, uchar* out) const;

    static constexpr qint64 kWindow = 64 * 1024;

    QByteArray m_whole; // the in-memory case
    bool m_inMemory = true;
    qint64 m_size = 0;
    mutable QFile m_file;
    qint64 m_fileOffset = 0;
    mutable std::vector<uchar> m_window; // readAhead()'s window
    mutable qint64 m_windowAt = 0;
    mutable QString m_error;
    mutable qint64 m_bytesRead = 0;
};

} // namespace Slipway
