// Releases: one package group to several destinations through the persisted queue, and its recovery.
//  - the state database: a corrupt or newer-schema file is kept aside with a clear message, the rest untouched;
//  - the queue in process against loopback HockeyApp-compatible servers (docs/apis/hockeyapp.md, through
//    tests/providers/hockeyappfakeserver): the concurrency limit as the servers see it, cancel one destination while
//    another continues, pause and resume (the resumed upload looks up first and publishes exactly once);
//  - slipway-cli publish --to ... (Local library + two services), kill -9 mid-upload then `resume`, and a version
//    that landed while the process was dead is recorded as done without a second upload.
#include "hockeyappfakeserver.h"

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/accountstore.h>
#include <credentials/memorycredentialstore.h>
#include <package/packageinspector.h>
#include <release/releaseowner.h>
#include <release/releasequeue.h>
#include <release/releasestore.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QString kIpa = QStringLiteral("UnCrackable-Level1.ipa"); // sg.vp.UnCrackable1 1.0 (1)
const QString kBundle = QStringLiteral("sg.vp.UnCrackable1");
constexpr qint64 kPart = 4 * 1024 * 1024; // App Store Connect part size in the resume test
const QString kUpload = QStringLiteral("/api/2/apps/*/app_versions/upload");

// The corpus IPA with a stored (uncompressed) filler entry of `megabytes` MiB appended: a real package, large
// enough that an upload is still running when the test acts on it. Written by Python's zipfile. The filler sits at
// the archive's root, outside the signed bundle: inside it, the CodeResources check rightly calls the build
// tampered and preflight blocks it.
QString bigIpa(const QString& dir, int megabytes)
{
    const QString path = dir + QStringLiteral("/big-%1.ipa").arg(megabytes);
    if (QFile::exists(path))
        return path;
    if (!QFile::copy(corpusFile(kIpa), path))
        return {};
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess py;
    py.start(QStringLiteral("python3"),
        {QStringLiteral("-c"),
            QStringLiteral("import sys, zipfile\n"
                           "with zipfile.ZipFile(sys.argv[1], 'a', zipfile.ZIP_STORED, allowZip64=True) as z:\n"
                           "    with z.open('filler.bin', 'w', force_zip64=True) as f:\n"
                           "        block = bytes(range(256)) * 4096\n"
                           "        for i in range(int(sys.argv[2]) ):\n"
                           "            f.write(block)\n"),
            path, QString::number(megabytes)});
    if (!py.waitForFinished(120000) || py.exitCode() != 0)
        return {};
    return path;
}

// A HockeyApp version record's id: the documented list items carry none, it is the last segment of config_url
// (tests/providers/hockeyappfakeserver.cpp, docs/apis/hockeyapp.md).
QString recordId(const QJsonObject& version)
{
    return version.value(QLatin1String("config_url")).toString().section(QLatin1Char('/'), -1);
}

QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

// Counts the uploads a set of servers is receiving at once, as the servers see them.
struct InFlight
{
    int now = 0;
    int max = 0;
    void watch(HttpTestServer& server)
    {
        QObject::connect(&server, &HttpTestServer::requestStarted, &server, [this](const RecordedRequest& r) {
            if (HttpTestServer::matches(kUpload, r.path))
                max = std::max(max, ++now);
        });
        QObject::connect(&server, &HttpTestServer::requestRecorded, &server, [this](const RecordedRequest& r) {
            if (HttpTestServer::matches(kUpload, r.path))
                --now;
        });
    }
};

} // namespace

class TstReleases : public QObject
{
    Q_OBJECT

private:
    // One in-process workspace: its own settings, Local library, secrets in memory and state database.
    struct Bench
    {
        QTemporaryDir dir;
        MemoryCredentialStore secrets;
        std::unique_ptr<Workspace> workspace;
        std::unique_ptr<ReleaseStore> store;
        std::unique_ptr<ReleaseQueue> queue;
    };

    std::unique_ptr<Bench> bench()
    {
        auto b = std::make_unique<Bench>();
        Workspace::Options o;
        o.libraryPath = b->dir.filePath(QStringLiteral("library"));
        o.settingsFile = b->dir.filePath(QStringLiteral("settings.ini"));
        o.memorySecrets = true;
        b->workspace = std::make_unique<Workspace>(o);
        b->workspace->setCredentialStore(&b->secrets);
        b->store = std::make_unique<ReleaseStore>(b->dir.filePath(QStringLiteral("state/releases.sqlite")));
        if (!b->store->open())
            return nullptr;
        b->queue = std::make_unique<ReleaseQueue>(b->workspace.get(), b->store.get());
        return b;
    }

    static bool addAccount(Bench& b, const QString& name, HockeyAppFakeServer& server)
    {
        Account a;
        a.name = name;
        a.service = QStringLiteral("hockeyapp");
        a.baseUrl = server.apiUrl();
        b.secrets.insert(CredentialStore::keyFor(name, QStringLiteral("token")), server.token.toUtf8());
        return bool(b.workspace->accountStore().save(a));
    }

    static Release releaseOf(const QString& file, const QStringList& accounts)
    {
        Release r;
        r.request.files = {file};
        InspectOptions o;
        o.computeHashes = false;
        auto info = PackageInspector::inspect(file, o);
        if (info) {
            r.request.inspection = info.value().toJson();
            r.packageId = info.value().packageId;
        }
        r.files = describeReleaseFiles(r.request.files).value();
        for (const QString& a : accounts) {
            ReleaseDestination d;
            d.account = a;
            r.destinations.append(d);
        }
        return r;
    }

    static bool waitFinished(ReleaseQueue& queue, qint64 releaseId, int timeoutMs = 120000)
    {
        QSignalSpy spy(&queue, &ReleaseQueue::releaseFinished);
        auto done = [&]() {
            auto r = queue.store()->load(releaseId);
            return r && r.value().isFinished();
        };
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < timeoutMs)
            spy.wait(1000);
        return done();
    }

    static QProcessEnvironment cliEnv(const QString& home)
    {
        QProcessEnvironment env = cliEnvironment(home);
        env.insert(QStringLiteral("SLIPWAY_STATE_DIR"), home + QStringLiteral("/state"));
        return env;
    }

    static bool cliAccount(const QString& home, const QString& name, HockeyAppFakeServer& server)
    {
        const CliRun r
            = runCli({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"),
                         QStringLiteral("--name"), name, QStringLiteral("--set"),
                         QStringLiteral("base-url=") + server.apiUrl().toString(), QStringLiteral("--secret-stdin")},
                cliEnv(home), server.token.toUtf8() + '\n', 30000);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.exitCode == 0;
    }

    static void removeAccount(const QString& home, const QString& name)
    {
        runCli({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")}, cliEnv(home));
    }

    static QString uniqueName(const char* what)
    {
        return QStringLiteral("rel-%1-%2").arg(QLatin1String(what)).arg(QCoreApplication::applicationPid());
    }

    static void requireKeyring()
    {
        if (qEnvironmentVariable("SLIPWAY_KEYRING_AVAILABLE") != QLatin1String("1")) {
            if (requireShared())
                QFAIL("No test keyring: run through tests/with-keyring.sh");
            QSKIP("No test keyring (SLIPWAY_KEYRING_AVAILABLE is not 1); run through tests/with-keyring.sh");
        }
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void store_corruptFileIsKeptAsideAndTheRestUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("releases.sqlite"));
        const QByteArray garbage = QByteArray("this is not SQLite at all ").repeated(200);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        const QString libraryFile = dir.filePath(QStringLiteral("library/catalog.sqlite"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("library"))));
        {
            QFile f(libraryFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("library bytes");
        }
        ReleaseStore store(path);
        QVERIFY(store.open());
        QVERIFY2(store.notice().contains(QLatin1String("is not a database")), qPrintable(store.notice()));
        QVERIFY2(store.notice().contains(QLatin1String("libraries and accounts were not touched")),
            qPrintable(store.notice()));
        const QStringList aside
            = QDir(dir.path()).entryList({QStringLiteral("releases.sqlite.corrupt-*")}, QDir::Files);
        QCOMPARE(aside.size(), 1);
        QFile kept(dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
        QFile lib(libraryFile);
        QVERIFY(lib.open(QIODevice::ReadOnly));
        QCOMPARE(lib.readAll(), QByteArray("library bytes"));

        // The new database works.
        Release r;
        r.packageId = kBundle;
        ReleaseDestination d;
        d.account = QStringLiteral("local");
        r.destinations = {d};
        QVERIFY(store.create(r));
        auto loaded = store.load(r.id);
        QVERIFY(loaded);
        QCOMPARE(loaded.value().destinations.size(), 1);
    }

    void store_newerSchemaIsKeptAside_cliSaysSo()
    {
        QTemporaryDir home;
        const QString stateDir = home.filePath(QStringLiteral("state"));
        QVERIFY(QDir().mkpath(stateDir));
        const QString path = stateDir + QStringLiteral("/releases.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE future (x)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const CliRun r = runCli({QStringLiteral("releases"), QStringLiteral("--json")}, cliEnv(home.path()));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("was written by a newer Slipway (schema 99"), r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 0);
        QCOMPARE(QDir(stateDir).entryList({QStringLiteral("releases.sqlite.newer-*")}, QDir::Files).size(), 1);
        // The file kept aside is the newer one, unchanged.
        ReleaseStore again(path);
        QVERIFY(again.open());
        QVERIFY(again.notice().isEmpty());
    }

    void queue_concurrencyLimitAsTheServersSeeIt()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto b = bench();
        QVERIFY(b);
        const QString ipa = bigIpa(b->dir.path(), 48);
        QVERIFY(!ipa.isEmpty());
        HockeyAppFakeServer servers[3];
        InFlight inFlight;
        int held = 0;
        QStringList names;
        for (int i = 0; i < 3; ++i) {
            HockeyAppFakeServer& s = servers[i];
            QVERIFY(s.listen());
            s.addApp(QStringLiteral("UnCrackable"), kBundle);
            s.server.holdDuringBody("POST", kUpload, 256 * 1024);
            inFlight.watch(s.server);
            names << QStringLiteral("h%1").arg(i);
            QVERIFY(addAccount(*b, names.last(), s));
            // Hold the first two uploads until both are in flight, then let every upload through.
            connect(&s.server, &HttpTestServer::bodyHeld, this, [&servers, &held] {
                if (++held >= 2) {
                    for (auto& x : servers)
                        x.server.releaseHeld();
                }
            });
        }
        b->queue->setConcurrency(2);
        Release r = releaseOf(ipa, names);
        auto id = b->queue->submit(r);
        QVERIFY(id);
        QVERIFY(waitFinished(*b->queue, id.value()));
        QCOMPARE(inFlight.max, 2); // two at once, never three
        for (auto& s : servers)
            QCOMPARE(s.versionCount(), 1);
        auto done = b->store->load(id.value());
        for (const ReleaseDestination& d : done.value().destinations)
            QCOMPARE(d.state, DestinationState::Done);
    }

    void queue_cancelOneWhileTheOtherContinues()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto b = bench();
        QVERIFY(b);
        const QString ipa = bigIpa(b->dir.path(), 48);
        HockeyAppFakeServer a, c;
        for (HockeyAppFakeServer* s : {&a, &c}) {
            QVERIFY(s->listen());
            s->addApp(QStringLiteral("UnCrackable"), kBundle);
            s->server.holdDuringBody("POST", kUpload, 256 * 1024);
        }
        QVERIFY(addAccount(*b, QStringLiteral("a"), a));
        QVERIFY(addAccount(*b, QStringLiteral("c"), c));
        QSignalSpy heldA(&a.server, &HttpTestServer::bodyHeld);
        QSignalSpy heldC(&c.server, &HttpTestServer::bodyHeld);
        Release r = releaseOf(ipa, {QStringLiteral("a"), QStringLiteral("c")});
        auto id = b->queue->submit(r);
        QVERIFY(id);
        QVERIFY(heldA.size() > 0 || heldA.wait(60000));
        QVERIFY(heldC.size() > 0 || heldC.wait(60000));
        const qint64 destA = r.destinations.at(0).id;
        QVERIFY(b->queue->cancel(destA));
        QTRY_COMPARE_WITH_TIMEOUT(b->store->destination(destA).value().state, DestinationState::Cancelled, 30000);
        // The other one is still uploading, and finishes.
        QCOMPARE(b->store->destination(r.destinations.at(1).id).value().state, DestinationState::Uploading);
        c.server.releaseHeld();
        QVERIFY(waitFinished(*b->queue, id.value()));
        QCOMPARE(b->store->destination(r.destinations.at(1).id).value().state, DestinationState::Done);
        QCOMPARE(a.versionCount(), 0);
        QCOMPARE(c.versionCount(), 1);
    }

    void queue_pauseThenResume_publishesExactlyOnce()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto b = bench();
        QVERIFY(b);
        const QString ipa = bigIpa(b->dir.path(), 48);
        HockeyAppFakeServer s;
        QVERIFY(s.listen());
        const QString app = s.addApp(QStringLiteral("UnCrackable"), kBundle);
        s.server.holdDuringBody("POST", kUpload, 256 * 1024);
        QVERIFY(addAccount(*b, QStringLiteral("p"), s));
        QSignalSpy held(&s.server, &HttpTestServer::bodyHeld);
        Release r = releaseOf(ipa, {QStringLiteral("p")});
        auto id = b->queue->submit(r);
        QVERIFY(id);
        QVERIFY(held.wait(60000));
        const qint64 dest = r.destinations.first().id;
        QVERIFY(b->queue->pause(dest));
        QTRY_VERIFY_WITH_TIMEOUT(b->store->destination(dest).value().paused, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(b->queue->runningCount(), 0, 30000);
        ReleaseDestination paused = b->store->destination(dest).value();
        QCOMPARE(paused.state, DestinationState::Queued);
        QVERIFY(paused.uploadStarted);
        QCOMPARE(paused.appId, app);
        QCOMPARE(s.versionCount(), 0);

        QVERIFY(b->queue->resume(dest));
        QVERIFY(waitFinished(*b->queue, id.value()));
        const ReleaseDestination done = b->store->destination(dest).value();
        QCOMPARE(done.state, DestinationState::Done);
        QCOMPARE(done.attempts, 2);
        QCOMPARE(s.versionCount(), 1);
        QCOMPARE(done.version.id, recordId(s.versions[app].first()));
        QCOMPARE(s.server.requests("POST", kUpload).last().part("ipa")->sha256, sha256Of(ipa));
    }

    // The owner of an interrupted destination is recorded as a pid. After a crash another process may run with
    // that pid: a `sleep` here, with the crashed owner's lock file still on disk (nobody holds it). The queue must
    // see through the reused pid and adopt the release; a live owner (a process that holds its lock: Python's
    // flock, as QLockFile takes it) keeps its destination until it ends.
    void adopt_ownerPidReusedByAnotherProcess_isAdopted()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto b = bench();
        QVERIFY(b);
        const QString stateDir = QFileInfo(b->store->path()).absolutePath();
        QVERIFY(QDir().mkpath(stateDir + QStringLiteral("/owners")));

        // A process that is alive and is not Slipway, with the pid an interrupted destination recorded.
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("300")});
        QVERIFY(sleeper.waitForStarted());
        const qint64 reused = sleeper.processId();
        QFile stale(ReleaseOwner::lockPath(stateDir, reused)); // what the crashed owner left behind
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write(QByteArray::number(reused) + "\nslipway\n" + QSysInfo::machineHostName().toUtf8() + '\n');
        stale.close();

        // A live owner in another process: it holds the lock named after its own pid until its stdin closes.
        QProcess owner;
        owner.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
                QStringLiteral("import fcntl, os, sys\n"
                               "f = open(os.path.join(sys.argv[1], '%d.lock' % os.getpid()), 'w')\n"
                               "fcntl.flock(f, fcntl.LOCK_EX)\n"
                               "print('ready', flush=True)\n"
                               "sys.stdin.read()\n"),
                stateDir + QStringLiteral("/owners")});
        QVERIFY(owner.waitForStarted());
        QVERIFY(owner.waitForReadyRead(30000));
        QCOMPARE(owner.readLine().trimmed(), QByteArray("ready"));
        const qint64 live = owner.processId();

        // Two interrupted releases, as a crash leaves them: uploading, owned by those pids.
        auto interrupted = [&](qint64 pid) -> qint64 {
            Release r = releaseOf(corpusFile(kIpa), {QStringLiteral("local")});
            r.destinations.first().ownerPid = pid;
            if (!b->store->create(r))
                return 0;
            ReleaseDestination d = b->store->destination(r.destinations.first().id).value();
            d.state = DestinationState::Uploading;
            d.uploadStarted = true;
            return b->store->save(d) ? d.id : 0;
        };
        const qint64 crashed = interrupted(reused);
        const qint64 running = interrupted(live);
        QVERIFY(crashed > 0 && running > 0);
        QCOMPARE(sleeper.state(), QProcess::Running); // the pid alone says "alive": what this guards against
        QVERIFY(!b->queue->ownerAlive(reused));
        QVERIFY(b->queue->ownerAlive(live));

        auto adopted = b->queue->adoptInterrupted();
        QVERIFY2(adopted, qPrintable(adopted.error().toString()));
        QCOMPARE(adopted.value(), QList<qint64> {b->store->destination(crashed).value().releaseId});
        QVERIFY(!QFile::exists(stale.fileName())); // the stale lock is cleared on the way
        QVERIFY(waitFinished(*b->queue, b->store->destination(crashed).value().releaseId));
        QCOMPARE(b->store->destination(crashed).value().state, DestinationState::Done);
        QCOMPARE(b->store->destination(crashed).value().ownerPid, QCoreApplication::applicationPid());
        // The live owner's destination is untouched.
        ReleaseDestination other = b->store->destination(running).value();
        QCOMPARE(other.state, DestinationState::Uploading);
        QCOMPARE(other.ownerPid, live);

        // Once that owner ends (however it ends), its destination is adopted too.
        owner.closeWriteChannel();
        QVERIFY(owner.waitForFinished(30000));
        QVERIFY(!b->queue->ownerAlive(live));
        adopted = b->queue->adoptInterrupted();
        QVERIFY(adopted);
        QCOMPARE(adopted.value(), QList<qint64> {other.releaseId});
        QVERIFY(waitFinished(*b->queue, other.releaseId));
        QCOMPARE(b->store->destination(running).value().state, DestinationState::Done);
        sleeper.kill();
        sleeper.waitForFinished();
    }

    // App Store Connect Build Upload (../shared/docs/apis/apple-app-store-connect.md, "Binary upload via the API"):
    // POST /v1/buildUploads, POST /v1/buildUploadFiles (uploadOperations: method, url, offset, length,
    // requestHeaders), PUT each part to its URL, PATCH /v1/buildUploadFiles/{id} to commit. The process "dies" (its
    // queue is destroyed without recording anything) while two parts are unacknowledged; the resumed release sends
    // exactly those two parts, reserves nothing again, and commits once.
    void queue_appStoreConnect_resumeSendsOnlyUnacknowledgedParts()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed");
        auto b = bench();
        QVERIFY(b);
        const QString key = b->dir.filePath(QStringLiteral("AuthKey.p8"));
        QProcess gen;
        gen.start(openssl,
            {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"), key});
        QVERIFY(gen.waitForFinished(30000));
        QFile keyFile(key);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QString ipa = bigIpa(b->dir.path(), 48);
        QVERIFY(!ipa.isEmpty());
        const qint64 size = QFileInfo(ipa).size();

        HttpTestServer server;
        QVERIFY(server.listen());
        server.setFallback([](const RecordedRequest&) {
            return HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})"));
        });
        server.route("GET", QStringLiteral("/v1/apps"),
            HttpTestResponse::json(200,
                QByteArray(R"({"data":[{"type":"apps","id":"app1","attributes":{"name":"UnCrackable","bundleId":")"
                    + kBundle.toLatin1() + R"("}}],"links":{"self":"x"}})")));
        server.route("POST", QStringLiteral("/v1/buildUploads"),
            HttpTestResponse::json(201,
                QByteArray(
                    R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"AWAITING_UPLOAD"}}}})")));
        server.route("POST", QStringLiteral("/v1/buildUploadFiles"), [&server, size](const RecordedRequest&) {
            QJsonArray ops;
            int part = 1;
            for (qint64 offset = 0; offset < size; offset += kPart, ++part) {
                ops.append(QJsonObject {{QStringLiteral("method"), QStringLiteral("PUT")},
                    {QStringLiteral("url"),
                        server.url(QStringLiteral("/upload/part%1?X-Amz-Signature=abc").arg(part)).toString()},
                    {QStringLiteral("offset"), offset}, {QStringLiteral("length"), qMin(kPart, size - offset)},
                    {QStringLiteral("partNumber"), part},
                    {QStringLiteral("requestHeaders"),
                        QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("Content-Type")},
                            {QStringLiteral("value"), QStringLiteral("application/octet-stream")}}}}});
            }
            const QJsonObject data {{QStringLiteral("type"), QStringLiteral("buildUploadFiles")},
                {QStringLiteral("id"), QStringLiteral("file1")},
                {QStringLiteral("attributes"),
                    QJsonObject {{QStringLiteral("fileSize"), size},
                        {QStringLiteral("assetDeliveryState"),
                            QJsonObject {{QStringLiteral("state"), QStringLiteral("AWAITING_UPLOAD")}}},
                        {QStringLiteral("uploadOperations"), ops}}}};
            return HttpTestResponse::json(201, QJsonObject {{QStringLiteral("data"), data}});
        });
        server.route("PUT", QStringLiteral("/upload/*"), HttpTestResponse::empty(200));
        server.route("PATCH", QStringLiteral("/v1/buildUploadFiles/file1"),
            HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":{"type":"buildUploadFiles","id":"file1","attributes":{"assetDeliveryState":{"state":"UPLOAD_COMPLETE"}}}})")));
        // Parts 3 and 7 stop mid-body; everything else is acknowledged meanwhile.
        server.holdDuringBody("PUT", QStringLiteral("/upload/part3"), 64 * 1024);
        server.holdDuringBody("PUT", QStringLiteral("/upload/part7"), 64 * 1024);

        Account asc;
        asc.name = QStringLiteral("asc");
        asc.service = QStringLiteral("appstoreconnect");
        asc.baseUrl = server.baseUrl();
        asc.fields.insert(QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34"));
        asc.fields.insert(QStringLiteral("issuer-id"), QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
        b->secrets.insert(
            CredentialStore::keyFor(QStringLiteral("asc"), QStringLiteral("private-key")), keyFile.readAll());
        QVERIFY(b->workspace->accountStore().save(asc));

        Release r = releaseOf(ipa, {QStringLiteral("asc")});
        // The corpus IPA's profile expired in 2018, which preflight blocks for App Store Connect (tests/preflight);
        // this test is about the resumed upload, so the release skips preflight as `publish --no-preflight` does.
        r.request.skipPreflight = true;
        r.destinations.first().options.insert(QStringLiteral("wait"), QStringLiteral("false"));
        auto id = b->queue->submit(r);
        QVERIFY(id);
        const int parts = int((size + kPart - 1) / kPart);
        QVERIFY(parts > 8);
        QTRY_COMPARE_WITH_TIMEOUT(server.count("PUT", QStringLiteral("/upload/*")), parts - 2, 60000);
        const qint64 dest = r.destinations.first().id;
        auto acknowledged = [&]() {
            int n = 0;
            const QJsonArray list
                = b->store->destination(dest).value().resumeState.value(QLatin1String("parts")).toArray();
            for (const QJsonValue& p : list)
                n += p.toObject().value(QLatin1String("done")).toBool() ? 1 : 0;
            return n;
        };
        // The checkpoint in the state database lists every acknowledged part.
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(), parts - 2, 30000);

        // The "crash": the queue goes away mid-upload without recording an outcome.
        b->queue.reset();
        QCOMPARE(b->store->destination(dest).value().state, DestinationState::Uploading);
        b->queue = std::make_unique<ReleaseQueue>(b->workspace.get(), b->store.get());
        auto adopted = b->queue->adopt(id.value());
        QVERIFY(adopted);
        QCOMPARE(adopted.value(), 1);
        QVERIFY(waitFinished(*b->queue, id.value()));
        const ReleaseDestination done = b->store->destination(dest).value();
        QVERIFY2(done.state == DestinationState::Done, qPrintable(done.error.toString()));

        QCOMPARE(server.count("POST", QStringLiteral("/v1/buildUploads")), 1);
        QCOMPARE(server.count("POST", QStringLiteral("/v1/buildUploadFiles")), 1);
        QCOMPARE(server.count("PATCH", QStringLiteral("/v1/buildUploadFiles/file1")), 1);
        // Every part arrived whole exactly once: the ones acknowledged before the crash were not sent again.
        QFile file(ipa);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (int part = 1; part <= parts; ++part) {
            const QList<RecordedRequest> puts = server.requests("PUT", QStringLiteral("/upload/part%1").arg(part));
            QCOMPARE(puts.size(), 1);
            const qint64 offset = (part - 1) * kPart;
            QCOMPARE(puts.first().bodySize, qMin(kPart, size - offset));
            file.seek(offset);
            QCOMPARE(puts.first().bodySha256,
                QCryptographicHash::hash(file.read(qMin(kPart, size - offset)), QCryptographicHash::Sha256).toHex());
        }
    }

    void cli_oneReleaseToLocalAndTwoServices()
    {
        SLIPWAY_REQUIRE_CORPUS();
        requireKeyring();
        QTemporaryDir home;
        HockeyAppFakeServer a, c;
        QStringList ids;
        for (HockeyAppFakeServer* s : {&a, &c}) {
            QVERIFY(s->listen());
            ids << s->addApp(QStringLiteral("UnCrackable"), kBundle);
        }
        const QString na = uniqueName("a"), nc = uniqueName("c");
        QVERIFY(cliAccount(home.path(), na, a));
        QVERIFY(cliAccount(home.path(), nc, c));
        const CliRun r
            = runCli({QStringLiteral("publish"), corpusFile(kIpa), QStringLiteral("--to"), QStringLiteral("local"),
                         QStringLiteral("--to"), na, QStringLiteral("--to"), nc, QStringLiteral("--notes"),
                         QStringLiteral("One drop, three places"), QStringLiteral("--set"),
                         na + QStringLiteral(".notify=all"), QStringLiteral("--json")},
                cliEnv(home.path()), {}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        const QJsonArray dests = out.value(QLatin1String("destinations")).toArray();
        QCOMPARE(dests.size(), 3);
        for (const QJsonValue& d : dests) {
            QCOMPARE(d.toObject().value(QLatin1String("state")).toString(), QStringLiteral("done"));
            QVERIFY(!d.toObject()
                         .value(QLatin1String("version"))
                         .toObject()
                         .value(QLatin1String("id"))
                         .toString()
                         .isEmpty());
        }
        QCOMPARE(a.versionCount(), 1);
        QCOMPARE(c.versionCount(), 1);
        QCOMPARE(a.server.count("POST", kUpload), 1);
        QCOMPARE(c.server.count("POST", kUpload), 1);
        // --set ACCOUNT.KEY went to that account only.
        QCOMPARE(a.server.requests("POST", kUpload).first().part("notify")->body, QByteArray("2"));
        QVERIFY(c.server.requests("POST", kUpload).first().part("notify") == nullptr
            || c.server.requests("POST", kUpload).first().part("notify")->body != "2");
        const CliRun local
            = runCli({QStringLiteral("versions"), kBundle, QStringLiteral("--json")}, cliEnv(home.path()));
        QCOMPARE(QJsonDocument::fromJson(local.out).array().size(), 1);

        const CliRun hist = runCli({QStringLiteral("releases"), QStringLiteral("--json")}, cliEnv(home.path()));
        QCOMPARE(hist.exitCode, 0);
        const QJsonObject release = QJsonDocument::fromJson(hist.out).array().first().toObject();
        QCOMPARE(release.value(QLatin1String("release")).toInteger(), out.value(QLatin1String("release")).toInteger());
        QCOMPARE(release.value(QLatin1String("notes")).toString(), QStringLiteral("One drop, three places"));
        QCOMPARE(release.value(QLatin1String("files"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("sha256"))
                     .toString(),
            QString::fromLatin1(sha256Of(corpusFile(kIpa))));
        QCOMPARE(release.value(QLatin1String("versionCode")).toString(), QStringLiteral("1"));
        const QJsonArray histDests = release.value(QLatin1String("destinations")).toArray();
        QCOMPARE(histDests.size(), 3);
        QCOMPARE(
            histDests.at(1).toObject().value(QLatin1String("version")).toObject().value(QLatin1String("id")).toString(),
            recordId(a.versions[ids.at(0)].first()));
        QCOMPARE(
            histDests.at(2).toObject().value(QLatin1String("version")).toObject().value(QLatin1String("id")).toString(),
            recordId(c.versions[ids.at(1)].first()));
        removeAccount(home.path(), na);
        removeAccount(home.path(), nc);
    }

    void cli_killMidUploadThenResume_exactlyOneVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        requireKeyring();
        QTemporaryDir home;
        const QString ipa = bigIpa(home.path(), 200);
        QVERIFY(!ipa.isEmpty());
        HockeyAppFakeServer s;
        QVERIFY(s.listen());
        const QString app = s.addApp(QStringLiteral("UnCrackable"), kBundle);
        const QString name = uniqueName("kill");
        QVERIFY(cliAccount(home.path(), name, s));
        s.server.holdDuringBody("POST", kUpload, 8 * 1024 * 1024); // a server that stops reading mid-upload
        QSignalSpy held(&s.server, &HttpTestServer::bodyHeld);
        QProcess* p
            = startCli({QStringLiteral("publish"), ipa, QStringLiteral("--to"), name}, this, cliEnv(home.path()));
        QVERIFY(held.wait(120000));
        p->kill(); // SIGKILL
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitStatus(), QProcess::CrashExit);

        CliRun hist = runCli({QStringLiteral("releases"), QStringLiteral("--json")}, cliEnv(home.path()));
        QJsonObject d = QJsonDocument::fromJson(hist.out)
                            .array()
                            .first()
                            .toObject()
                            .value(QLatin1String("destinations"))
                            .toArray()
                            .first()
                            .toObject();
        QCOMPARE(d.value(QLatin1String("state")).toString(), QStringLiteral("uploading"));
        QCOMPARE(s.versionCount(), 0);

        const CliRun resumed
            = runCli({QStringLiteral("resume"), QStringLiteral("--json")}, cliEnv(home.path()), {}, 180000);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(s.versionCount(), 1);
        QCOMPARE(s.server.requests("POST", kUpload).last().part("ipa")->sha256, sha256Of(ipa));
        hist = runCli({QStringLiteral("releases"), QStringLiteral("--json")}, cliEnv(home.path()));
        d = QJsonDocument::fromJson(hist.out)
                .array()
                .first()
                .toObject()
                .value(QLatin1String("destinations"))
                .toArray()
                .first()
                .toObject();
        QCOMPARE(d.value(QLatin1String("state")).toString(), QStringLiteral("done"));
        QCOMPARE(d.value(QLatin1String("version")).toObject().value(QLatin1String("id")).toString(),
            recordId(s.versions[app].first()));
        // Nothing left to resume.
        const CliRun again = runCli({QStringLiteral("resume")}, cliEnv(home.path()));
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(s.versionCount(), 1);
        removeAccount(home.path(), name);
    }

    void cli_landedWhileDead_isDoneWithoutUploadingAgain()
    {
        SLIPWAY_REQUIRE_CORPUS();
        requireKeyring();
        QTemporaryDir home;
        HockeyAppFakeServer s;
        QVERIFY(s.listen());
        const QString app = s.addApp(QStringLiteral("UnCrackable"), kBundle);
        const QString name = uniqueName("landed");
        QVERIFY(cliAccount(home.path(), name, s));
        // The server stores the version (docs/apis/hockeyapp.md: 201 with the version), but the answer never
        // arrives: the process dies before it can record it.
        s.server.route("POST", kUpload, [&s, app](const RecordedRequest&) {
            s.versions[app].prepend(QJsonObject {
                {QStringLiteral("config_url"), QStringLiteral("https://rink.example/manage/apps/1/app_versions/777")},
                {QStringLiteral("version"), QStringLiteral("1")},
                {QStringLiteral("shortversion"), QStringLiteral("1.0")}, {QStringLiteral("status"), 2},
                {QStringLiteral("timestamp"), 1700000000}});
            return HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer);
        });
        QSignalSpy recorded(&s.server, &HttpTestServer::requestRecorded);
        QProcess* p = startCli(
            {QStringLiteral("publish"), corpusFile(kIpa), QStringLiteral("--to"), name}, this, cliEnv(home.path()));
        QTRY_VERIFY_WITH_TIMEOUT(s.server.count("POST", kUpload) == 1, 60000);
        p->kill();
        QVERIFY(p->waitForFinished(30000));

        const CliRun resumed
            = runCli({QStringLiteral("resume"), QStringLiteral("--json")}, cliEnv(home.path()), {}, 60000);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(s.server.count("POST", kUpload), 1); // not sent again
        QCOMPARE(s.versionCount(), 1);
        const QJsonObject out = QJsonDocument::fromJson(resumed.out).object();
        const QJsonObject d = out.value(QLatin1String("destinations")).toArray().first().toObject();
        QCOMPARE(d.value(QLatin1String("state")).toString(), QStringLiteral("done"));
        QCOMPARE(
            d.value(QLatin1String("version")).toObject().value(QLatin1String("id")).toString(), QStringLiteral("777"));
        removeAccount(home.path(), name);
    }
};

QTEST_GUILESS_MAIN(TstReleases)
#include "tst_releases.moc"
