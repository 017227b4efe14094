#include "releasequeue.h"

#include "releaseowner.h"
#include "releasestore.h"

#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <algorithm>
#include <preflight/preflight.h>
#include <session/workspace.h>

namespace Slipway {

ReleaseQueue::ReleaseQueue(Workspace* workspace, ReleaseStore* store, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_store(store)
    , m_preflight(new Preflight(workspace, this))
    , m_owner(std::make_unique<ReleaseOwner>(QFileInfo(store->path()).absolutePath()))
    , m_pid(m_owner->pid())
    , m_pollTimer(new QTimer(this))
{
    qRegisterMetaType<ReleaseDestination>();
    qRegisterMetaType<DestinationProgress>();
    setConcurrency(QSettings().value(QLatin1String(kConcurrencyKey), 2).toInt());
    m_pollTimer->setInterval(1000);
    connect(m_pollTimer, &QTimer::timeout, this, &ReleaseQueue::poll);
}

ReleaseQueue::~ReleaseQueue()
{
    // Destinations still running stay "uploading" in the store with this process as owner: the next start (or
    // `slipway-cli resume`) adopts them once this process is gone.
    qDeleteAll(m_runners);
}

void ReleaseQueue::setConcurrency(int limit)
{
    m_concurrency = std::clamp(limit, 1, 16);
    schedule();
}

bool ReleaseQueue::ownerAlive(qint64 pid) const
{
    return m_owner->isAlive(pid);
}

Result<qint64> ReleaseQueue::submit(Release& release)
{
    for (ReleaseDestination& d : release.destinations) {
        d.ownerPid = m_pid;
        d.state = DestinationState::Queued;
    }
    if (Status s = m_store->create(release); !s)
        return s.error();
    for (const ReleaseDestination& d : release.destinations)
        m_owned.insert(d.id, release.id);
    m_pollTimer->start();
    QTimer::singleShot(0, this, &ReleaseQueue::schedule);
    return release.id;
}

Result<int> ReleaseQueue::adopt(qint64 releaseId)
{
    auto release = m_store->load(releaseId);
    if (!release)
        return release.error();
    int adopted = 0;
    for (ReleaseDestination d : release.value().destinations) {
        if (isFinalState(d.state) || m_runners.contains(d.id))
            continue;
        if (d.ownerPid != m_pid) {
            if (ownerAlive(d.ownerPid))
                continue; // another live process runs it
            auto claimed = m_store->claim(d.id, d.ownerPid, m_pid);
            if (!claimed)
                return claimed.error();
            if (!claimed.value())
                continue;
            d.ownerPid = m_pid;
        }
        if (isActiveState(d.state)) {
            // Interrupted: back to the queue; the runner looks up what the earlier attempt left before sending.
            d.state = DestinationState::Queued;
            if (Status s = m_store->save(d); !s)
                return s.error();
        }
        m_owned.insert(d.id, releaseId);
        ++adopted;
    }
    if (adopted > 0) {
        m_pollTimer->start();
        QTimer::singleShot(0, this, &ReleaseQueue::schedule);
    }
    return adopted;
}

Result<QList<qint64>> ReleaseQueue::adoptInterrupted()
{
    auto ids = m_store->unfinishedReleases();
    if (!ids)
        return ids.error();
    QList<qint64> adopted;
    for (qint64 id : ids.value()) {
        auto n = adopt(id);
        if (!n)
            return n.error();
        if (n.value() > 0)
            adopted.append(id);
    }
    return adopted;
}

Result<ReleaseDestination> ReleaseQueue::stored(qint64 destinationId) const
{
    return m_store->destination(destinationId);
}

Result<ReleaseDestination> ReleaseQueue::destination(qint64 destinationId) const
{
    if (DestinationRunner* r = m_runners.value(destinationId))
        return r->destination();
    return stored(destinationId);
}

Status ReleaseQueue::update(qint64 destinationId, const std::function<void(ReleaseDestination&)>& change)
{
    auto d = stored(destinationId);
    if (!d)
        return d.error();
    ReleaseDestination changed = d.value();
    change(changed);
    if (Status s = m_store->save(changed); !s)
        return s;
    Q_EMIT destinationChanged(changed.releaseId, changed);
    return Ok {};
}

Status ReleaseQueue::cancel(qint64 destinationId)
{
    auto d = destination(destinationId);
    if (!d)
        return d.error();
    if (isFinalState(d.value().state))
        return Error(Error::Kind::Validation,
            tr("%1 is already %2.").arg(d.value().label(), destinationStateName(d.value().state)));
    if (DestinationRunner* r = m_runners.value(destinationId)) {
        r->stop(false);
        return Ok {};
    }
    if (d.value().ownerPid != m_pid && ownerAlive(d.value().ownerPid))
        return m_store->setControl(destinationId, QStringLiteral("cancel")); // its process stops it
    return update(destinationId, [](ReleaseDestination& x) {
        x.state = DestinationState::Cancelled;
        x.error = Error(Error::Kind::Cancelled, tr("Cancelled."));
        x.finished = QDateTime::currentDateTimeUtc();
    });
}

Status ReleaseQueue::retry(qint64 destinationId)
{
    auto d = stored(destinationId);
    if (!d)
        return d.error();
    const ReleaseDestination& x = d.value();
    if (x.state != DestinationState::Failed && x.state != DestinationState::Cancelled)
        return Error(Error::Kind::Validation,
            tr("%1 is %2; only a failed or cancelled destination can be retried.")
                .arg(x.label(), destinationStateName(x.state)));
    if (x.ownerPid != m_pid && ownerAlive(x.ownerPid)) {
        // Its process still runs the release: it picks the change up from the store.
        return update(destinationId, [](ReleaseDestination& y) {
            y.state = DestinationState::Queued;
            y.paused = false;
            y.error = {};
        });
    }
    auto claimed = m_store->claim(destinationId, x.ownerPid, m_pid);
    if (!claimed)
        return claimed.error();
    Status s = update(destinationId, [this](ReleaseDestination& y) {
        y.state = DestinationState::Queued;
        y.paused = false;
        y.error = {};
        y.ownerPid = m_pid;
    });
    if (!s)
        return s;
    m_owned.insert(destinationId, x.releaseId);
    m_pollTimer->start();
    QTimer::singleShot(0, this, &ReleaseQueue::schedule);
    return Ok {};
}

Status ReleaseQueue::pause(qint64 destinationId)
{
    if (DestinationRunner* r = m_runners.value(destinationId)) {
        r->stop(true);
        return Ok {};
    }
    auto d = stored(destinationId);
    if (!d)
        return d.error();
    if (isFinalState(d.value().state))
        return Error(Error::Kind::Validation,
            tr("%1 is already %2.").arg(d.value().label(), destinationStateName(d.value().state)));
    if (d.value().ownerPid != m_pid && ownerAlive(d.value().ownerPid))
        return m_store->setControl(destinationId, QStringLiteral("pause"));
    return update(destinationId, [](ReleaseDestination& x) { x.paused = true; });
}

Status ReleaseQueue::resume(qint64 destinationId)
{
    Status s = update(destinationId, [](ReleaseDestination& x) { x.paused = false; });
    if (s)
        QTimer::singleShot(0, this, &ReleaseQueue::schedule);
    return s;
}

Status ReleaseQueue::moveTo(qint64 destinationId, int position)
{
    Status s = m_store->move(destinationId, position);
    if (s)
        QTimer::singleShot(0, this, &ReleaseQueue::schedule);
    return s;
}

DestinationProgress ReleaseQueue::progress(qint64 destinationId) const
{
    if (m_progress.contains(destinationId))
        return m_progress.value(destinationId);
    DestinationProgress p;
    if (auto d = destination(destinationId)) {
        p.bytesDone = d.value().bytesDone;
        p.bytesTotal = d.value().bytesTotal;
    }
    return p;
}

DestinationProgress ReleaseQueue::overallProgress(qint64 releaseId) const
{
    DestinationProgress all;
    auto release = m_store->load(releaseId);
    if (!release)
        return all;
    for (const ReleaseDestination& d : release.value().destinations) {
        const DestinationProgress p = progress(d.id);
        all.bytesDone += p.bytesDone;
        all.bytesTotal += p.bytesTotal;
        all.bytesPerSecond += m_runners.contains(d.id) ? p.bytesPerSecond : 0;
        all.stalled = all.stalled || p.stalled;
    }
    if (all.bytesPerSecond > 0 && all.bytesTotal > all.bytesDone)
        all.etaSeconds = qint64((all.bytesTotal - all.bytesDone) / all.bytesPerSecond);
    return all;
}

bool ReleaseQueue::isIdle() const
{
    if (!m_runners.isEmpty())
        return false;
    for (auto it = m_owned.cbegin(); it != m_owned.cend(); ++it) {
        auto d = stored(it.key());
        if (d && d.value().state == DestinationState::Queued && !d.value().paused && d.value().ownerPid == m_pid)
            return false;
    }
    return true;
}

void ReleaseQueue::schedule()
{
    if (m_scheduling)
        return;
    m_scheduling = true;
    QList<ReleaseDestination> waiting;
    for (auto it = m_owned.cbegin(); it != m_owned.cend(); ++it) {
        if (m_runners.contains(it.key()))
            continue;
        auto d = stored(it.key());
        if (d && d.value().state == DestinationState::Queued && !d.value().paused && d.value().ownerPid == m_pid)
            waiting.append(d.value());
    }
    std::sort(waiting.begin(), waiting.end(),
        [](const ReleaseDestination& a, const ReleaseDestination& b) { return a.position < b.position; });
    for (const ReleaseDestination& d : waiting) {
        if (m_runners.size() >= m_concurrency)
            break;
        auto release = m_store->load(d.releaseId);
        if (!release)
            continue;
        auto* runner = new DestinationRunner(m_workspace, m_preflight, m_store, release.value(), d, this);
        m_runners.insert(d.id, runner);
        connect(runner, &DestinationRunner::changed, this,
            [this](const ReleaseDestination& x) { Q_EMIT destinationChanged(x.releaseId, x); });
        connect(runner, &DestinationRunner::progressed, this,
            [this, releaseId = d.releaseId](qint64 id, const DestinationProgress& p) {
                m_progress.insert(id, p);
                Q_EMIT progressChanged(releaseId, id, p);
            });
        connect(runner, &DestinationRunner::finished, this, &ReleaseQueue::onRunnerFinished, Qt::QueuedConnection);
        runner->start();
    }
    m_scheduling = false;
    if (m_runners.isEmpty() && isIdle()) {
        m_pollTimer->stop();
        Q_EMIT idle();
    }
}

void ReleaseQueue::onRunnerFinished(qint64 destinationId)
{
    DestinationRunner* runner = m_runners.take(destinationId);
    if (!runner)
        return;
    const qint64 releaseId = runner->destination().releaseId;
    runner->deleteLater();
    auto release = m_store->load(releaseId);
    if (release && release.value().isFinished())
        Q_EMIT releaseFinished(releaseId);
    schedule();
}

// Another process may have asked to cancel or pause a destination this one owns, or queued one of them again.
void ReleaseQueue::poll()
{
    const QList<qint64> owned = m_owned.keys();
    for (qint64 id : owned) {
        auto d = stored(id);
        if (!d || d.value().control.isEmpty())
            continue;
        const bool cancel = d.value().control == QLatin1String("cancel");
        m_store->setControl(id, {});
        if (DestinationRunner* r = m_runners.value(id))
            r->stop(!cancel);
        else if (cancel)
            this->cancel(id);
        else
            pause(id);
    }
    schedule();
}

} // namespace Slipway
