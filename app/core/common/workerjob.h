#pragma once

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <atomic>
#include <common/job.h>
#include <common/result.h>
#include <functional>
#include <memory>

namespace Slipway {

using WorkerProgress = std::function<void(qint64 done, qint64 total)>;

// Runs `work` on the global thread pool and completes `job` with its result on the GUI/main thread.
// `work` gets a cancel flag (set when the job is cancelled) and a progress callback that may be called from
// the worker thread.
template<typename T, typename Work> void runOnWorker(ValueJob<T>* job, Work work)
{
    auto cancel = std::make_shared<std::atomic_bool>(false);
    QObject::connect(job, &Job::cancelRequested, job, [cancel] { cancel->store(true); });
    QObject::connect(job, &QObject::destroyed, qApp, [cancel] { cancel->store(true); });
    QPointer<ValueJob<T>> self(job);
    QThreadPool::globalInstance()->start([self, cancel, work = std::move(work)]() mutable {
        const WorkerProgress progress = [self](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(
                qApp,
                [self, done, total] {
                    if (self)
                        self->reportProgress(done, total);
                },
                Qt::QueuedConnection);
        };
        Result<T> result = work(cancel.get(), progress);
        QMetaObject::invokeMethod(
            qApp,
            [self, result = std::move(result)]() mutable {
                if (!self || self->isFinished())
                    return;
                if (result)
                    self->complete(std::move(result).value());
                else
                    self->fail(result.error());
            },
            Qt::QueuedConnection);
    });
}

} // namespace Slipway
