#pragma once

#include <QString>
#include <memory>

class QLockFile;

namespace Slipway {

// Which process runs a destination, robust against pid reuse.
//
// A destination's owner is recorded as a process id. A pid alone cannot tell whether its owner is still running:
// after a crash the same pid may belong to any other process, and an interrupted release would never be resumed.
// So every process that runs destinations also holds an owner lock for as long as it lives: a lock file named after
// its pid in `owners/` next to the state database (QLockFile, which the operating system releases when the
// process ends, however it ends). An owner counts as alive only while that lock is held; a pid with no lock, or a
// lock nobody holds any more, is an owner that is gone.
class ReleaseOwner
{
public:
    // Takes this process's owner lock in `stateDir` (shared by every ReleaseOwner of the process on that directory).
    explicit ReleaseOwner(const QString& stateDir);
    ~ReleaseOwner();
    ReleaseOwner(const ReleaseOwner&) = delete;
    ReleaseOwner& operator=(const ReleaseOwner&) = delete;

    qint64 pid() const { return m_pid; }
    // Whether the lock could be taken (a directory that cannot be written leaves the owner unprovable to others).
    bool isLocked() const;
    // True while the process that recorded itself as `pid` still runs (this process always does).
    bool isAlive(qint64 pid) const;

    // The lock file of process `pid` in `stateDir`.
    static QString lockPath(const QString& stateDir, qint64 pid);
    // isAlive() for any state directory, from any process. A stale lock found on the way is removed.
    static bool isAlive(const QString& stateDir, qint64 pid);

private:
    QString m_dir;
    qint64 m_pid;
    std::shared_ptr<QLockFile> m_lock;
};

} // namespace Slipway
