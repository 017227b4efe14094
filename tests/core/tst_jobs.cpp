#include <QSignalSpy>
#include <QTest>
#include <common/job.h>
#include <common/workerjob.h>
#include <providers/provider.h>

using namespace Slipway;

namespace {

// A provider that implements only what every provider must.
class MinimalProvider : public Provider
{
public:
    QString accountName() const override { return QStringLiteral("minimal"); }
    QString serviceId() const override { return QStringLiteral("minimal"); }
    QString displayName() const override { return QStringLiteral("Minimal"); }
    Capabilities capabilities() const override { return ListApps; }
    AppsJob* fetchApps() override { return nullptr; }
    VersionsJob* fetchVersions(const QString&) override { return nullptr; }
    PublishJob* publish(const PublishRequest&) override { return nullptr; }
};

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finished_isAlwaysQueued()
    {
        auto* job = new ValueJob<int>(this);
        QSignalSpy finished(job, &Job::finished);
        job->complete(42);
        QCOMPARE(finished.size(), 0); // not from inside the call
        QVERIFY(!job->isFinished());
        QVERIFY(finished.wait(1000));
        QCOMPARE(finished.size(), 1);
        QVERIFY(job->succeeded());
        QCOMPARE(job->result(), 42);
        job->fail(Error(Error::Kind::Server, QStringLiteral("late")));
        QVERIFY(!job->error().isError()); // a finished job keeps its outcome
    }

    void cancel_finishesAsCancelledOnce()
    {
        auto* job = new ValueJob<int>(this);
        QSignalSpy requested(job, &Job::cancelRequested);
        QSignalSpy finished(job, &Job::finished);
        job->cancel();
        job->cancel();
        QCOMPARE(requested.size(), 1);
        QVERIFY(finished.wait(1000));
        QCOMPARE(job->error().kind, Error::Kind::Cancelled);
        QCoreApplication::processEvents(); // a second finished() would be queued: deliver it
        QCOMPARE(finished.size(), 1);
    }

    void worker_runsOffThreadAndReportsProgress()
    {
        auto* job = new ValueJob<QString>(this);
        QThread* mainThread = QThread::currentThread();
        runOnWorker(job, [mainThread](const std::atomic_bool*, const WorkerProgress& progress) -> Result<QString> {
            progress(1, 2);
            progress(2, 2);
            return QThread::currentThread() == mainThread ? QStringLiteral("main") : QStringLiteral("worker");
        });
        QSignalSpy progress(job, &Job::progress);
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(job->result(), QStringLiteral("worker"));
        QCOMPARE(progress.size(), 2);
    }

    void worker_seesCancel()
    {
        auto* job = new ValueJob<int>(this);
        std::atomic_bool started(false);
        runOnWorker(job, [&started](const std::atomic_bool* cancel, const WorkerProgress&) -> Result<int> {
            started = true;
            while (!cancel->load())
                QThread::yieldCurrentThread();
            return Error(Error::Kind::Cancelled, QStringLiteral("stopped"));
        });
        QTRY_VERIFY(started.load());
        QSignalSpy finished(job, &Job::finished);
        job->cancel();
        QVERIFY(finished.wait(5000));
        QCOMPARE(job->error().kind, Error::Kind::Cancelled);
        QThreadPool::globalInstance()->waitForDone(5000);
    }

    // The exit codes of the kinds are the CLI's (tests/cli/tst_clisupport.cpp).
    void errorKinds_namesAndText()
    {
        QCOMPARE(Error::kindName(Error::Kind::RateLimited), QStringLiteral("rate-limited"));
        Error e(Error::Kind::Server, QStringLiteral("The server failed."));
        e.serverMessage = QStringLiteral("boom");
        QCOMPARE(e.toString(), QStringLiteral("The server failed. (server: boom)"));
    }

    void providerDefaults_failAsUnsupported()
    {
        MinimalProvider provider;
        const QList<Job*> jobs {provider.deleteVersion(QStringLiteral("a"), QStringLiteral("1")),
            provider.download(QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("/nonexistent/out.apk")),
            provider.edit(QStringLiteral("a"), QStringLiteral("1"), VersionEdit())};
        for (Job* job : jobs) {
            QVERIFY(job->waitForFinished(1000));
            QCOMPARE(job->error().kind, Error::Kind::Unsupported);
            QVERIFY2(job->error().message.startsWith(QStringLiteral("Minimal does not support")),
                qPrintable(job->error().message));
        }
    }

    void matchApp_findsByPackageId()
    {
        QList<AppInfo> apps(2);
        apps[0].id = QStringLiteral("123");
        apps[0].packageId = QStringLiteral("com.example.a");
        apps[1].id = QStringLiteral("456");
        apps[1].packageId = QStringLiteral("com.example.B");
        QCOMPARE(Provider::matchApp(apps, QStringLiteral("com.example.b")), QStringLiteral("456"));
        QCOMPARE(Provider::matchApp(apps, QStringLiteral("com.other")), QString());
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
