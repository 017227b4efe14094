#pragma once

// Shared by the two halves of LocalLibrary (locallibrary.cpp: the catalog; libraryfiles.cpp: the artifacts).
#include <QCoreApplication>
#include <QString>

namespace Slipway {

struct StoredFile
{
    QString fileName;
    QString kind;
    qint64 size = 0;
    QString md5;
    QString sha256;
};

namespace LibraryInternal {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::LocalLibrary)
};

// The lock a publisher holds (flock) on tmp/<name>.lock while its tmp/<name>.part exists, so that collection
// can tell a live publisher's temporary file from an abandoned one. The lock file goes with the object.
class PartLock
{
public:
    // Creates and locks `lockPath`, waiting for nothing; false when it cannot.
    bool acquire(const QString& lockPath);
    // Locks an existing lock file only when no live process holds it (its publisher is gone).
    bool takeAbandoned(const QString& lockPath);
    ~PartLock();

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace LibraryInternal
} // namespace Slipway
