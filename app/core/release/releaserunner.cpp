#include "releaserunner.h"

#include "releasestore.h"

#include <QLoggingCategory>
#include <QTimer>
#include <preflight/preflight.h>
#include <providers/provider.h>
#include <session/workspace.h>

namespace Slipway {

namespace {

Q_LOGGING_CATEGORY(lcRelease, "slipway.release")

} // namespace

DestinationRunner::DestinationRunner(Workspace* workspace, Preflight* preflight, ReleaseStore* store,
    const Release& release, const ReleaseDestination& destination, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_preflight(preflight)
    , m_store(store)
    , m_release(release)
    , m_dest(destination)
{
    m_stallTimer = new QTimer(this);
    m_stallTimer->setInterval(1000);
    connect(m_stallTimer, &QTimer::timeout, this, &DestinationRunner::checkStall);
}

DestinationRunner::~DestinationRunner()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
    }
}

QString DestinationRunner::expectedVersionCode() const
{
    return m_release.versionCode();
}

void DestinationRunner::setState(DestinationState state)
{
    m_dest.state = state;
    if (Status s = m_store->save(m_dest); !s)
        qCWarning(lcRelease) << "cannot record the state of destination" << m_dest.id << s.error().toString();
    Q_EMIT changed(m_dest);
}

void DestinationRunner::end(DestinationState state, const Error& error, const VersionInfo& version)
{
    if (m_ended)
        return;
    m_ended = true;
    m_stallTimer->stop();
    if (m_pausing && state == DestinationState::Cancelled) {
        state = DestinationState::Queued; // back in the queue, paused; the next start looks up first
        m_dest.paused = true;
        m_dest.error = {};
    } else {
        m_dest.error = error;
        m_dest.finished = QDateTime::currentDateTimeUtc();
        // A rejected or finished upload is not continued: a retry starts a new one.
        if (state == DestinationState::Failed || state == DestinationState::Done)
            m_dest.resumeState = {};
    }
    if (state == DestinationState::Done) {
        m_dest.version = version;
        if (m_dest.appId.isEmpty())
            m_dest.appId = version.appId;
        if (m_dest.bytesTotal > 0)
            m_dest.bytesDone = m_dest.bytesTotal;
    }
    setState(state);
    Q_EMIT finished(m_dest.id);
}

void DestinationRunner::start()
{
    auto provider = m_workspace->provider(m_dest.account);
    m_dest.started = QDateTime::currentDateTimeUtc();
    m_dest.finished = {};
    m_dest.error = {};
    setState(DestinationState::Checking);
    if (!provider) {
        end(DestinationState::Failed, provider.error());
        return;
    }
    m_provider = provider.value();
    resolveApp([this]() {
        if (m_dest.uploadStarted)
            lookup(true);
        else
            runPreflight();
    });
}

// The app the destination publishes to: the one chosen, else the one whose package id matches (none: the
// service creates it on publish, where it can).
void DestinationRunner::resolveApp(std::function<void()> next)
{
    if (!m_dest.appId.isEmpty() || !(m_provider->capabilities() & Provider::ListApps)
        || m_release.packageId.isEmpty()) {
        next();
        return;
    }
    AppsJob* job = m_provider->fetchApps();
    m_job = job;
    connect(job, &Job::finished, this, [this, job, next]() {
        job->deleteLater();
        if (m_stopping) {
            end(DestinationState::Cancelled, Error(Error::Kind::Cancelled, tr("Cancelled.")));
            return;
        }
        if (!job->succeeded()) {
            end(DestinationState::Failed, job->error());
            return;
        }
        m_dest.appId = Provider::matchApp(job->result(), m_release.packageId);
        next();
    });
}

void DestinationRunner::lookup(bool beforeUpload)
{
    if (m_dest.appId.isEmpty() || !(m_provider->capabilities() & Provider::ListVersions)) {
        // No app to look in: the earlier attempt created nothing there (an app it created would have matched).
        beforeUpload ? runPreflight() : takeBaseline();
        return;
    }
    setState(DestinationState::Checking);
    VersionsJob* job = m_provider->fetchVersions(m_dest.appId);
    m_job = job;
    connect(job, &Job::finished, this, [this, job, beforeUpload]() {
        job->deleteLater();
        if (m_stopping) {
            end(DestinationState::Cancelled, Error(Error::Kind::Cancelled, tr("Cancelled.")));
            return;
        }
        if (!job->succeeded() && job->error().kind != Error::Kind::NotFound) {
            Error e = job->error();
            if (beforeUpload)
                e.message = tr("%1 could not be checked for the version an interrupted upload may have "
                               "created, so nothing was sent again: %2")
                                .arg(m_dest.label(), job->error().message);
            end(DestinationState::Failed, e);
            return;
        }
        const QList<VersionInfo> versions = job->succeeded() ? job->result() : QList<VersionInfo>();
        if (!beforeUpload) {
            m_dest.baselineVersionIds.clear();
            for (const VersionInfo& v : versions)
                m_dest.baselineVersionIds.append(v.id);
            upload();
            return;
        }
        const QString code = expectedVersionCode();
        for (const VersionInfo& v : versions) {
            if (m_dest.baselineVersionIds.contains(v.id))
                continue;
            if (code.isEmpty() || v.versionCode == code) {
                qCInfo(lcRelease) << "destination" << m_dest.id << "already has version" << v.id;
                VersionInfo found = v;
                if (found.appId.isEmpty())
                    found.appId = m_dest.appId;
                end(DestinationState::Done, {}, found);
                return;
            }
        }
        runPreflight();
    });
}

void DestinationRunner::runPreflight()
{
    setState(DestinationState::Checking);
    if (m_release.request.skipPreflight) {
        PreflightCheck skipped;
        skipped.destination = m_dest.label();
        skipped.check = QStringLiteral("preflight-skipped");
        skipped.status = PreflightCheck::Status::Warn;
        skipped.message = tr("%1: preflight was skipped by the publisher.").arg(m_dest.label());
        m_dest.checks = PreflightResult {{skipped}}.toJson();
        takeBaseline();
        return;
    }
    // destinationFor() adds the account's production flag (the package's error warnings block there).
    const PreflightDestination where = m_preflight->destinationFor(m_dest.account + QLatin1Char('/') + m_dest.appId);
    PreflightJob* job = m_preflight->run(m_release.requestFor(m_dest), where);
    m_job = job;
    connect(job, &Job::finished, this, [this, job]() {
        job->deleteLater();
        if (m_stopping || !job->succeeded()) {
            end(DestinationState::Cancelled, Error(Error::Kind::Cancelled, tr("Cancelled.")));
            return;
        }
        const PreflightResult result = job->result();
        m_dest.checks = result.toJson();
        if (result.blocks()) {
            QStringList reasons;
            for (const PreflightCheck& c : result.checks) {
                if (c.status == PreflightCheck::Status::Block)
                    reasons.append(c.fix.isEmpty() ? c.message : c.message + QLatin1Char(' ') + c.fix);
            }
            end(DestinationState::Failed,
                Error(result.blocksOnExistingVersion() ? Error::Kind::Conflict : Error::Kind::Validation,
                    reasons.join(QLatin1Char(' '))));
            return;
        }
        takeBaseline();
    });
}

void DestinationRunner::takeBaseline()
{
    if (m_dest.uploadStarted || m_dest.appId.isEmpty() || !(m_provider->capabilities() & Provider::ListVersions)) {
        upload();
        return;
    }
    lookup(false);
}

void DestinationRunner::upload()
{
    // Recorded before a byte is sent: from here on, a restart looks up before uploading again.
    m_dest.uploadStarted = true;
    m_dest.attempts += 1;
    m_dest.bytesDone = 0;
    setState(DestinationState::Uploading);
    m_meter.restart();
    m_transfer = {};
    m_sinceBytes.start();
    m_sinceSave.start();
    m_stallTimer->start();
    PublishJob* job = m_provider->publish(m_release.requestFor(m_dest));
    m_job = job;
    connect(job, &Job::progress, this, &DestinationRunner::onPublishProgress);
    // Stored before the job goes on: a crash after this point resumes from it (App Store Connect parts).
    connect(job, &Job::checkpoint, this, [this](const QJsonObject& state) {
        m_dest.resumeState = state;
        m_store->save(m_dest);
    });
    connect(job, &Job::finished, this, &DestinationRunner::onPublishFinished);
}

void DestinationRunner::onPublishProgress(qint64 done, qint64 total)
{
    if (done != m_progress.bytesDone)
        m_sinceBytes.restart();
    m_transfer.sent = done;
    m_transfer.sendTotal = total;
    if (m_meter.estimate(m_transfer)) {
        m_progress.bytesPerSecond = m_transfer.bytesPerSecond;
        m_progress.etaSeconds = m_transfer.etaSeconds;
    }
    m_progress.bytesDone = done;
    m_progress.bytesTotal = total;
    m_progress.stalled = false;
    m_dest.bytesDone = done;
    m_dest.bytesTotal = total;
    if (total > 0 && done >= total && m_dest.state == DestinationState::Uploading) {
        setState(DestinationState::Processing); // every byte is out; the service takes it from here
    } else if (m_sinceSave.elapsed() > 2000) {
        m_sinceSave.restart();
        m_store->save(m_dest);
    }
    Q_EMIT progressed(m_dest.id, m_progress);
}

void DestinationRunner::checkStall()
{
    const bool stalled = m_dest.state == DestinationState::Uploading && m_sinceBytes.elapsed() > kStallSeconds * 1000;
    if (stalled != m_progress.stalled) {
        m_progress.stalled = stalled;
        Q_EMIT progressed(m_dest.id, m_progress);
    }
}

void DestinationRunner::onPublishFinished()
{
    auto* job = static_cast<PublishJob*>(m_job.data());
    if (!job)
        return;
    job->deleteLater();
    if (job->succeeded()) {
        VersionInfo v = job->result();
        if (v.appId.isEmpty())
            v.appId = m_dest.appId;
        end(DestinationState::Done, {}, v);
    } else if (job->error().kind == Error::Kind::Cancelled) {
        end(DestinationState::Cancelled, job->error());
    } else {
        end(DestinationState::Failed, job->error());
    }
}

void DestinationRunner::stop(bool pause)
{
    if (m_ended)
        return;
    m_stopping = true;
    m_pausing = pause;
    if (m_job)
        m_job->cancel();
    else
        end(DestinationState::Cancelled, Error(Error::Kind::Cancelled, tr("Cancelled.")));
}

} // namespace Slipway
