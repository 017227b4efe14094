#include "releaseowner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QLockFile>
#include <QMutex>
#include <QMutexLocker>
#include <QtDebug>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace Slipway {

namespace {

// One lock per process and directory, whatever the number of queues (a window restarted in process, tests).
QMutex s_mutex;
QHash<QString, std::weak_ptr<QLockFile>>& locks()
{
    static QHash<QString, std::weak_ptr<QLockFile>> held;
    return held;
}

std::shared_ptr<QLockFile> acquire(const QString& dir, qint64 pid)
{
    QMutexLocker guard(&s_mutex);
    const QString path = ReleaseOwner::lockPath(dir, pid);
    if (auto existing = locks().value(path).lock())
        return existing;
    if (!QDir().mkpath(dir + QStringLiteral("/owners"))) {
        qWarning("Slipway: cannot create %s", qPrintable(dir + QStringLiteral("/owners")));
        return nullptr;
    }
    auto lock = std::make_shared<QLockFile>(path);
    lock->setStaleLockTime(0); // held for the whole life of the process: its age says nothing
    if (!lock->tryLock(0) && lock->error() == QLockFile::LockFailedError) {
        // A file with this process's own pid that this process does not hold: left by an earlier process that had
        // the same pid and died. Nobody else can own it.
        lock->removeStaleLockFile();
        lock->tryLock(0);
    }
    if (!lock->isLocked()) {
        qWarning("Slipway: cannot take the owner lock %s", qPrintable(path));
        return nullptr;
    }
    locks().insert(path, lock);
    return lock;
}

} // namespace

ReleaseOwner::ReleaseOwner(const QString& stateDir)
    : m_dir(QDir(stateDir).absolutePath())
    , m_pid(QCoreApplication::applicationPid())
    , m_lock(acquire(m_dir, m_pid))
{ }

ReleaseOwner::~ReleaseOwner()
{
    QMutexLocker guard(&s_mutex);
    m_lock.reset(); // the last owner of the process on this directory unlocks (and removes) the file
}

bool ReleaseOwner::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

bool ReleaseOwner::isAlive(qint64 pid) const
{
    return pid == m_pid || isAlive(m_dir, pid);
}

QString ReleaseOwner::lockPath(const QString& stateDir, qint64 pid)
{
    return QDir(stateDir).absoluteFilePath(QStringLiteral("owners/%1.lock").arg(pid));
}

bool ReleaseOwner::isAlive(const QString& stateDir, qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid()) {
        QMutexLocker guard(&s_mutex);
        if (auto held = locks().value(lockPath(stateDir, pid)).lock())
            return true;
        // This process records itself only while it holds the lock: a destination with its pid but no lock was
        // left by an earlier process with the same pid.
        return false;
    }
    const QString path = lockPath(stateDir, pid);
    if (!QFile::exists(path))
        return false; // an owner takes its lock before it records itself: this pid is not one (any more)
#ifdef Q_OS_UNIX
    // QLockFile holds an flock() on the file for as long as the process runs. Only the lock itself is asked: the
    // pid written in the file may belong to another process by now.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno != ENOENT;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
        ::unlink(QFile::encodeName(path).constData()); // stale: nobody holds it
        ::close(fd);
        return false;
    }
    // EWOULDBLOCK: its process holds it. Any other error (a file system without locks) cannot prove the owner
    // gone, and a live owner adopted twice would publish twice: count it alive.
    ::close(fd);
    return true;
#else
    QLockFile probe(path);
    probe.setStaleLockTime(0);
    if (probe.tryLock(0)) {
        probe.unlock(); // stale: nobody held it (removed with the unlock)
        return false;
    }
    return true;
#endif
}

} // namespace Slipway
