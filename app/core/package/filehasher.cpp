#include "filehasher.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <cstring>
#include <openssl/evp.h>

namespace Slipway {

ParallelDigests::ParallelDigests(Which which)
    : m_md5(which == Which::Md5AndSha256)
    , m_slots(kSlots)
    , m_lengths(kSlots, 0)
{
    for (QByteArray& slot : m_slots)
        slot.resize(kSlotBytes);
    if (m_md5)
        m_threads[0] = std::thread([this] { run(0); });
    m_threads[1] = std::thread([this] { run(1); });
}

qint64 ParallelDigests::slowest() const
{
    return m_md5 ? std::min(m_consumed[0], m_consumed[1]) : m_consumed[1];
}

ParallelDigests::~ParallelDigests()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_closed = true;
    }
    m_changed.notify_all();
    for (std::thread& t : m_threads) {
        if (t.joinable())
            t.join();
    }
}

char* ParallelDigests::buffer()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_produced - slowest() < kSlots; });
    return m_slots[size_t(m_produced % kSlots)].data();
}

void ParallelDigests::commit(qint64 bytes)
{
    if (bytes <= 0)
        return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_lengths[size_t(m_produced % kSlots)] = bytes;
        ++m_produced;
        m_size += bytes;
    }
    m_changed.notify_all();
}

void ParallelDigests::add(const char* data, qint64 bytes)
{
    while (bytes > 0) {
        const qint64 n = std::min(bytes, kSlotBytes);
        std::memcpy(buffer(), data, size_t(n));
        commit(n);
        data += n;
        bytes -= n;
    }
}

void ParallelDigests::run(int which)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), which == 0 ? EVP_md5() : EVP_sha256(), nullptr);
    for (;;) {
        const char* data = nullptr;
        qint64 length = 0;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [&] { return m_consumed[which] < m_produced || m_closed; });
            if (m_consumed[which] == m_produced)
                break; // closed and drained
            const size_t slot = size_t(m_consumed[which] % kSlots);
            data = m_slots[slot].constData();
            length = m_lengths[slot];
        }
        // The producer does not touch this slot until both digests have moved past it.
        EVP_DigestUpdate(ctx.get(), data, size_t(length));
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_consumed[which];
        }
        m_changed.notify_all();
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), out, &len);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_results[which] = QByteArray(reinterpret_cast<const char*>(out), int(len));
}

FileDigests ParallelDigests::finish()
{
    if (!m_finished) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_closed = true;
        }
        m_changed.notify_all();
        for (std::thread& t : m_threads) {
            if (t.joinable())
                t.join();
        }
        m_finished = true;
    }
    return FileDigests {m_size, m_md5 ? QString::fromLatin1(m_results[0].toHex()) : QString(),
        QString::fromLatin1(m_results[1].toHex())};
}

Result<FileDigests> FileHasher::hash(const QString& path, const ProgressFn& progress, const std::atomic_bool* cancel)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(Error::Kind::Io,
            QCoreApplication::translate("Slipway::FileHasher", "%1 cannot be read: %2.")
                .arg(QFileInfo(path).fileName(), file.errorString()));
    }
    const qint64 total = file.size();
    qint64 done = 0;
    ParallelDigests digests;
    for (;;) {
        if (cancel && cancel->load())
            return Error(Error::Kind::Cancelled, QCoreApplication::translate("Slipway::FileHasher", "Cancelled."));
        char* block = digests.buffer();
        const qint64 got = file.read(block, ParallelDigests::kSlotBytes);
        if (got < 0) {
            return Error(Error::Kind::Io,
                QCoreApplication::translate("Slipway::FileHasher", "Reading %1 failed: %2.")
                    .arg(QFileInfo(path).fileName(), file.errorString()));
        }
        if (got == 0)
            break;
        digests.commit(got);
        done += got;
        if (progress)
            progress(done, total);
    }
    return digests.finish();
}

} // namespace Slipway
