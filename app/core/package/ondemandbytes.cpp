#include "ondemandbytes.h"

#include <QCoreApplication>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::OnDemandBytes)
};

} // namespace

OnDemandBytes::OnDemandBytes(QByteArray bytes)
    : m_whole(std::move(bytes))
    , m_size(m_whole.size())
{ }

std::unique_ptr<OnDemandBytes> OnDemandBytes::fromFile(const QString& path, qint64 fileOffset, qint64 size)
{
    if (fileOffset < 0 || size < 0)
        return nullptr;
    std::unique_ptr<OnDemandBytes> bytes(new OnDemandBytes);
    bytes->m_file.setFileName(path);
    if (!bytes->m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return nullptr;
    bytes->m_inMemory = false;
    bytes->m_size = size;
    bytes->m_fileOffset = fileOffset;
    return bytes;
}

bool OnDemandBytes::inRange(qint64 offset, qint64 length) const
{
    if (offset >= 0 && length >= 0 && offset <= m_size && length <= m_size - offset)
        return true;
    m_error
        = Texts::tr("a read at offset %1 (%2 bytes) runs past the end (%3 bytes)").arg(offset).arg(length).arg(m_size);
    return false;
}

bool OnDemandBytes::read(qint64 offset, qint64 length, uchar* out) const
{
    if (!inRange(offset, length))
        return false;
    if (m_inMemory) {
        memcpy(out, m_whole.constData() + offset, size_t(length));
        return true;
    }
    if (offset >= m_windowAt && offset + length <= m_windowAt + qint64(m_window.size())) {
        memcpy(out, m_window.data() + (offset - m_windowAt), size_t(length));
        return true;
    }
    return readFile(offset, length, out);
}

bool OnDemandBytes::readAhead(qint64 offset, qint64 length, uchar* out) const
{
    if (!inRange(offset, length))
        return false;
    if (m_inMemory || length > kWindow)
        return read(offset, length, out);
    if (offset < m_windowAt || offset + length > m_windowAt + qint64(m_window.size())) {
        m_window.resize(size_t(qMin<qint64>(kWindow, m_size - offset)));
        m_windowAt = offset;
        if (!readFile(offset, qint64(m_window.size()), m_window.data())) {
            m_window.clear();
            return false;
        }
    }
    memcpy(out, m_window.data() + (offset - m_windowAt), size_t(length));
    return true;
}

// pread(2) until `length` bytes are in: a short read is a shortened file, not the end of the entry.
bool OnDemandBytes::readFile(qint64 offset, qint64 length, uchar* out) const
{
    qint64 done = 0;
    while (done < length) {
        const ssize_t got
            = ::pread(m_file.handle(), out + done, size_t(length - done), off_t(m_fileOffset + offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            m_error
                = Texts::tr("reading %1 failed: %2").arg(m_file.fileName(), QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        if (got == 0) {
            m_error = Texts::tr("%1 ends before the entry does (was it shortened while being read?)")
                          .arg(m_file.fileName());
            return false;
        }
        done += got;
        m_bytesRead += got;
    }
    return true;
}

} // namespace Slipway
