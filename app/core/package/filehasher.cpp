#include "filehasher.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace Slipway {

Result<FileDigests> FileHasher::hash(const QString& path, const ProgressFn& progress, const std::atomic_bool* cancel)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(Error::Kind::Io,
            QCoreApplication::translate("FileHasher", "%1 cannot be read: %2.")
                .arg(QFileInfo(path).fileName(), file.errorString()));
    }
    QCryptographicHash md5(QCryptographicHash::Md5);
    QCryptographicHash sha256(QCryptographicHash::Sha256);
    const qint64 total = file.size();
    qint64 done = 0;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (cancel && cancel->load())
            return Error(Error::Kind::Cancelled, QCoreApplication::translate("FileHasher", "Cancelled."));
        const qint64 got = file.read(buffer.data(), buffer.size());
        if (got < 0) {
            return Error(Error::Kind::Io,
                QCoreApplication::translate("FileHasher", "Reading %1 failed: %2.")
                    .arg(QFileInfo(path).fileName(), file.errorString()));
        }
        if (got == 0)
            break;
        const QByteArrayView chunk(buffer.constData(), got);
        md5.addData(chunk);
        sha256.addData(chunk);
        done += got;
        if (progress)
            progress(done, total);
    }
    return FileDigests {done, QString::fromLatin1(md5.result().toHex()), QString::fromLatin1(sha256.result().toHex())};
}

} // namespace Slipway
