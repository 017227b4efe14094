#include "job.h"

#include <QEventLoop>
#include <QMetaObject>
#include <QTimer>

namespace Slipway {

Job::Job(QObject* parent)
    : QObject(parent)
{ }

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
