#include "job.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QMetaObject>
#include <QThreadPool>
#include <QTimer>

namespace Slipway {

namespace {

// Work started by runOnWorker() (workerjob.h) may still run on the global pool when the application object goes:
// a window closed while it lists the Local library. Qt tears its globals down in the post routines, which run at
// the start of ~QCoreApplication, before it waits for the pool; a worker still inside SQLite then crashed
// (tst_translations, once). This routine, registered after Qt's own, runs first (they run newest first) and waits
// for the workers, which see their jobs' cancel flags set as the jobs were deleted with their windows.
void waitForWorkers()
{
    QThreadPool::globalInstance()->waitForDone();
}

} // namespace

Job::Job(QObject* parent)
    : QObject(parent)
{
    static const bool registered = [] {
        qAddPostRoutine(waitForWorkers);
        return true;
    }();
    Q_UNUSED(registered);
}

Job::~Job() = default;

bool Job::waitForFinished(int timeoutMs)
{
    if (m_finished)
        return true;
    QEventLoop loop;
    connect(this, &Job::finished, &loop, &QEventLoop::quit);
    QTimer timer;
    if (timeoutMs >= 0) {
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
    }
    loop.exec();
    return m_finished;
}

void Job::cancel()
{
    if (m_finished || m_finishQueued || m_cancelRequested)
        return;
    m_cancelRequested = true;
    Q_EMIT cancelRequested();
    onCancel();
    if (!m_finishQueued)
        fail(Error(Error::Kind::Cancelled, tr("Cancelled.")));
}

void Job::setStatus(const QString& status)
{
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

void Job::reportProgress(qint64 done, qint64 total)
{
    if (!m_finished)
        Q_EMIT progress(done, total);
}

void Job::finish()
{
    if (m_finishQueued)
        return;
    m_finishQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_finished = true;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

void Job::fail(const Error& error)
{
    if (m_finishQueued)
        return;
    m_error = error;
    if (m_error.kind == Error::Kind::None)
        m_error.kind = Error::Kind::Internal;
    finish();
}

} // namespace Slipway
