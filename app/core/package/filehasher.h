#pragma once

#include <QString>
#include <atomic>
#include <common/result.h>
#include <functional>

namespace Slipway {

struct FileDigests
{
    qint64 size = 0;
    QString md5; // lowercase hex
    QString sha256; // lowercase hex
};

// MD5 and SHA-256 of a file in one streaming pass: both digests are fed from the same buffer, so the file is
// read once whatever its size and memory stays flat.
class FileHasher
{
public:
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    static Result<FileDigests> hash(
        const QString& path, const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);
};

} // namespace Slipway
