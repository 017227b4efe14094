#pragma once

#include <QByteArray>
#include <QString>
#include <atomic>
#include <common/result.h>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Slipway {

struct FileDigests
{
    qint64 size = 0;
    QString md5; // lowercase hex
    QString sha256; // lowercase hex
};

// MD5 and SHA-256 of one stream of bytes, each digest on its own thread, through OpenSSL's EVP (which uses
// the CPU's SHA instructions). The producer fills ring buffers (buffer(), then commit()); the two digest
// threads each consume every block, and a block is reused once both are done: one read feeds both digests,
// memory stays at the ring's size and the producer blocks only when it runs a full ring ahead.
// With Sha256Only the MD5 thread is not started and finish() leaves `md5` empty (checking a copy whose MD5 is
// already known from the pass that wrote it: MD5 is the slower digest).
class ParallelDigests
{
public:
    static constexpr int kSlots = 8;
    static constexpr qint64 kSlotBytes = 1 << 20;

    enum class Which
    {
        Md5AndSha256,
        Sha256Only,
    };

    explicit ParallelDigests(Which which = Which::Md5AndSha256);
    ~ParallelDigests();
    ParallelDigests(const ParallelDigests&) = delete;
    ParallelDigests& operator=(const ParallelDigests&) = delete;

    // The next free block (kSlotBytes), waiting for the digests to release one; fill it, then commit().
    char* buffer();
    void commit(qint64 bytes);
    // Convenience for data that lives elsewhere: copies into the ring in blocks.
    void add(const char* data, qint64 bytes);
    // Waits for both digests and returns them; the object cannot take more bytes afterwards.
    FileDigests finish();

private:
    void run(int which);
    qint64 slowest() const; // blocks digested by every running digest; under m_mutex

    bool m_md5 = true;

    std::vector<QByteArray> m_slots;
    std::vector<qint64> m_lengths;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    qint64 m_produced = 0; // blocks committed
    qint64 m_consumed[2] = {0, 0}; // blocks digested, per digest
    bool m_closed = false;
    qint64 m_size = 0;
    QByteArray m_results[2];
    std::thread m_threads[2];
    bool m_finished = false;
};

// MD5 and SHA-256 of a file in one streaming pass (ParallelDigests): the file is read once whatever its size
// and memory stays flat.
class FileHasher
{
public:
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    static Result<FileDigests> hash(
        const QString& path, const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);
};

} // namespace Slipway
