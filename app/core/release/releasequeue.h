#pragma once

#include "release.h"
#include "releaserunner.h"

#include <QHash>
#include <QObject>
#include <common/result.h>
#include <memory>

class QTimer;

namespace Slipway {

class Preflight;
class ReleaseOwner;
class ReleaseStore;
class Workspace;

// Runs the destinations of the releases this process owns, at most concurrency() at a time, in queue order.
// Each destination can be paused, resumed, cancelled, retried and moved without touching the others. Another
// process (the window, a slipway-cli run) may change a destination through the same state database; the queue
// notices within a second (a cancel or pause there stops the transfer here).
//
// Resume after a crash: adopt() takes the unfinished destinations whose process is gone (ReleaseOwner: the owner's
// lock, not its pid, which another process may have by now). Those that were
// checking, uploading or processing start over from the lookup (DestinationRunner), so a version that landed
// while nobody watched is recorded as done and never published twice.
class ReleaseQueue : public QObject
{
    Q_OBJECT

public:
    // Settings key of the concurrency limit (default 2).
    static constexpr const char* kConcurrencyKey = "releases/concurrency";

    ReleaseQueue(Workspace* workspace, ReleaseStore* store, QObject* parent = nullptr);
    ~ReleaseQueue() override;

    ReleaseStore* store() const { return m_store; }
    int concurrency() const { return m_concurrency; }
    void setConcurrency(int limit);

    // Stores a new release and queues its destinations. The release's ids are set on return.
    Result<qint64> submit(Release& release);
    // Takes over the unfinished destinations of a release whose owning process is gone (or that this process
    // owns), and queues them. Returns how many destinations were adopted.
    Result<int> adopt(qint64 releaseId);
    // adopt() for every unfinished release; returns the ids of the releases with adopted destinations.
    Result<QList<qint64>> adoptInterrupted();

    Status cancel(qint64 destinationId);
    Status retry(qint64 destinationId);
    Status pause(qint64 destinationId);
    Status resume(qint64 destinationId);
    // Moves a queued destination to the front (position 0) or behind another one.
    Status moveTo(qint64 destinationId, int position);

    // The destination as this process last saw it (from the store when it is not running here).
    Result<ReleaseDestination> destination(qint64 destinationId) const;
    DestinationProgress progress(qint64 destinationId) const;
    // Sum over a release's destinations; speed is the sum of the running ones, ETA from the two.
    DestinationProgress overallProgress(qint64 releaseId) const;
    int runningCount() const { return int(m_runners.size()); }
    // Nothing of this process is running or waiting to run.
    bool isIdle() const;

    // True while the process recorded as a destination's owner still runs (releaseowner.h).
    bool ownerAlive(qint64 pid) const;

Q_SIGNALS:
    void destinationChanged(qint64 releaseId, const Slipway::ReleaseDestination& destination);
    void progressChanged(qint64 releaseId, qint64 destinationId, const Slipway::DestinationProgress& progress);
    void releaseFinished(qint64 releaseId);
    void idle();

private:
    void schedule();
    void poll();
    void onRunnerFinished(qint64 destinationId);
    Result<ReleaseDestination> stored(qint64 destinationId) const;
    Status update(qint64 destinationId, const std::function<void(ReleaseDestination&)>& change);

    Workspace* m_workspace;
    ReleaseStore* m_store;
    Preflight* m_preflight;
    int m_concurrency = 2;
    std::unique_ptr<ReleaseOwner> m_owner; // this process's owner lock, taken before it records itself anywhere
    qint64 m_pid;
    QHash<qint64, qint64> m_owned; // destination id -> release id, of this process
    QHash<qint64, DestinationRunner*> m_runners;
    QHash<qint64, DestinationProgress> m_progress;
    QTimer* m_pollTimer;
    bool m_scheduling = false;
};

} // namespace Slipway
