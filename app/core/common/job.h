#pragma once

#include <QJsonObject>
#include <QObject>
#include <common/error.h>

namespace Slipway {

// One asynchronous operation of a provider (list apps, list versions, publish, ...).
// Lifetime: the provider parents the job; whoever started it calls deleteLater() once it has read the
// result. finished() is emitted exactly once, always from the event loop (never from inside the call
// that created the job), so connecting after the call returns is safe.
class Job : public QObject
{
    Q_OBJECT

public:
    explicit Job(QObject* parent = nullptr);
    ~Job() override;

    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelRequested; }
    const Error& error() const { return m_error; }
    bool succeeded() const { return m_finished && !m_error.isError(); }

    // The current step in words ("Uploading app-release.apk", "Waiting for processing").
    QString status() const { return m_status; }

    // Runs a local event loop until the job finishes; for the CLI and tests. false on timeout.
    bool waitForFinished(int timeoutMs = -1);

public Q_SLOTS:
    // Asks the job to stop. It still emits finished(), with Error::Kind::Cancelled unless it was already done.
    void cancel();

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void statusChanged(const QString& status);
    // Emitted once when cancel() is called on an unfinished job, before it finishes as cancelled.
    void cancelRequested();
    // Where a resumable operation stands (a publish passes it back as PublishRequest::resumeState after a crash);
    // the release queue stores it before the operation goes on.
    void checkpoint(const QJsonObject& state);
    void finished();

protected:
    // Implementations call these. finish()/fail() queue the finished() signal.
    void setStatus(const QString& status);
    void reportProgress(qint64 done, qint64 total);
    void finish();
    void fail(const Error& error);
    // Called once when cancel() is requested; abort network replies, set flags for worker threads.
    virtual void onCancel() { }

private:
    bool m_finished = false;
    bool m_finishQueued = false;
    bool m_cancelRequested = false;
    Error m_error;
    QString m_status;
};

// A job that produces a value of type T on success.
template<typename T> class ValueJob : public Job
{
public:
    using Job::Job;
    const T& result() const { return m_result; }
    void setResult(T value) { m_result = std::move(value); }

    // Finishes successfully with a value.
    void complete(T value)
    {
        m_result = std::move(value);
        finish();
    }
    using Job::fail;
    using Job::finish;
    using Job::reportProgress;
    using Job::setStatus;

private:
    T m_result {};
};

} // namespace Slipway
