#pragma once

#include "release.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <functional>
#include <net/transferprogress.h>

class QTimer;

namespace Slipway {

class Job;
class Preflight;
class Provider;
class ReleaseStore;
class Workspace;

// Transfer figures of one destination: bytes, speed, time left, and whether it stalled.
struct DestinationProgress
{
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    double bytesPerSecond = 0;
    qint64 etaSeconds = -1; // -1: unknown
    bool stalled = false; // no byte moved for stallSeconds
};

// Runs one destination of a release through checking → uploading → processing → done | failed | cancelled,
// writing each state to the store before it takes effect.
//
// Checking: when an earlier upload of this destination was started (a crash, a pause, a failure), a lookup
// (fetchVersions) first looks for the version it may have created: found, the destination is done without
// sending anything; the lookup failing fails the destination (an upload is never repeated blindly). Then the
// preflight runs (a block fails the destination: Validation, or Conflict when the version exists); then the
// versions already there are recorded as the baseline of any later lookup. Uploading: Provider::publish().
class DestinationRunner : public QObject
{
    Q_OBJECT

public:
    static constexpr int kStallSeconds = 30;

    DestinationRunner(Workspace* workspace, Preflight* preflight, ReleaseStore* store, const Release& release,
        const ReleaseDestination& destination, QObject* parent = nullptr);
    ~DestinationRunner() override;

    void start();
    // Stops the running step. `pause`: the destination returns to the queue, paused; otherwise it is cancelled.
    void stop(bool pause);

    const ReleaseDestination& destination() const { return m_dest; }
    DestinationProgress progress() const { return m_progress; }

Q_SIGNALS:
    void changed(const Slipway::ReleaseDestination& destination);
    void progressed(qint64 destinationId, const Slipway::DestinationProgress& progress);
    void finished(qint64 destinationId);

private:
    void lookup(bool beforeUpload);
    void runPreflight();
    void takeBaseline();
    void upload();
    void resolveApp(std::function<void()> next);
    void onPublishProgress(qint64 done, qint64 total);
    void onPublishFinished();
    void checkStall();
    void setState(DestinationState state);
    void end(DestinationState state, const Error& error = {}, const VersionInfo& version = {});
    QString expectedVersionCode() const;

    Workspace* m_workspace;
    Preflight* m_preflight;
    ReleaseStore* m_store;
    Release m_release;
    ReleaseDestination m_dest;
    Provider* m_provider = nullptr;
    QPointer<Job> m_job;
    bool m_stopping = false;
    bool m_pausing = false;
    bool m_ended = false;
    DestinationProgress m_progress;
    TransferMeter m_meter;
    TransferProgress m_transfer;
    QElapsedTimer m_sinceBytes;
    QElapsedTimer m_sinceSave;
    QTimer* m_stallTimer = nullptr;
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::DestinationProgress)
