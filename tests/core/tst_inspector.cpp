// The inspector's front door: what any file gets (kind, size, hashes, zip facts), every way a file can be
// unusable, and that inspecting writes nothing anywhere. Per-kind agreement with the reference tools is in
// tests/package.
#include <testutils/testutils.h>

#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <package/packageinspector.h>
#include <unistd.h>

using namespace Slipway;

namespace {

QList<QJsonObject> corpusRecords()
{
    QList<QJsonObject> out;
    QFile f(Test::corpusFile(QStringLiteral("expected.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

int filesUnder(const QString& dir)
{
    int n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toLocal8Bit());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toLocal8Bit());
        qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toLocal8Bit());
        qputenv("TMPDIR", m_home.filePath(QStringLiteral("tmp")).toLocal8Bit());
    }

    void badFiles_getSpecificErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("text named .apk") << QByteArray("hello, I am text") << QStringLiteral("app.apk")
                                         << int(Error::Kind::InvalidPackage) << QStringLiteral("is not a zip archive");
        QTest::newRow("html named .ipa") << QByteArray("<!doctype html><title>404</title>") << QStringLiteral("app.ipa")
                                         << int(Error::Kind::InvalidPackage) << QStringLiteral("is not a zip archive");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty.apk") << int(Error::Kind::InvalidPackage)
                               << QStringLiteral("is empty (0 bytes)");
        QTest::newRow("zip magic then garbage")
            << QByteArray("PK\x03\x04garbagegarbage", 18) << QStringLiteral("cut.apk")
            << int(Error::Kind::InvalidPackage) << QStringLiteral("cut.apk");
    }

    void badFiles_getSpecificErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        auto r = PackageInspector::inspect(f.fileName());
        QVERIFY(!r);
        QCOMPARE(int(r.error().kind), kind);
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    }

    void folderMissingAndUnreadable_areRefused()
    {
        QTemporaryDir dir;
        auto folder = PackageInspector::inspect(dir.path());
        QCOMPARE(folder.error().kind, Error::Kind::InvalidPackage);
        QVERIFY(folder.error().message.contains(QStringLiteral("is a folder")));
        auto missing = PackageInspector::inspect(dir.filePath(QStringLiteral("gone.apk")));
        QCOMPARE(missing.error().kind, Error::Kind::Io);
        QVERIFY(missing.error().message.contains(QStringLiteral("does not exist")));
        if (::geteuid() == 0)
            QSKIP("running as root: permission bits do not stop reading");
        QFile f(dir.filePath(QStringLiteral("locked.apk")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PK");
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::Permissions()));
        auto locked = PackageInspector::inspect(f.fileName());
        QCOMPARE(locked.error().kind, Error::Kind::Io);
        QVERIFY(locked.error().message.contains(QStringLiteral("permission denied")));
    }

    // Every corpus file: the same size and SHA-256 as SOURCES/expected say, and the kind the content implies.
    void corpus_hashesSizesAndKinds()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const auto records = corpusRecords();
        QVERIFY(records.size() > 100);
        int inspected = 0;
        for (const QJsonObject& rec : records) {
            const QString file = rec.value(QStringLiteral("file")).toString();
            auto r = PackageInspector::inspect(Test::corpusFile(file));
            if (!r) {
                // Files the reference tools could not read either must fail with a sentence, not crash.
                QVERIFY2(!r.error().message.isEmpty(), qPrintable(file));
                continue;
            }
            ++inspected;
            QCOMPARE(r->size, rec.value(QStringLiteral("size")).toInteger());
            QCOMPARE(r->sha256, rec.value(QStringLiteral("sha256")).toString());
            QCOMPARE(r->md5.size(), 32);
            const QString kind = rec.value(QStringLiteral("kind")).toString();
            if (rec.value(QStringLiteral("valid")).toBool()
                && (kind == QLatin1String("apk") || kind == QLatin1String("aab") || kind == QLatin1String("ipa")
                    || kind == QLatin1String("obb") || kind == QLatin1String("dsym-zip")))
                QVERIFY2(packageKindName(r->kind) == kind,
                    qPrintable(file + QStringLiteral(": ") + packageKindName(r->kind)));
        }
        QVERIFY(inspected > 90);
    }

    void inspecting_writesNothing()
    {
        SLIPWAY_REQUIRE_CORPUS();
        for (const char* name : {"com.politedroid_3.apk", "UnCrackable-Level1.ipa", "bugsnag_app-release.aab"})
            QVERIFY(PackageInspector::inspect(Test::corpusFile(QLatin1String(name))));
        QCOMPARE(filesUnder(m_home.path()), 0);
    }

    void inspectJob_runsOffThreadWithProgress()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("main.5.com.example.big.obb"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(8 * 1024 * 1024));
        f.close();
        InspectJob job(path);
        QSignalSpy progress(&job, &Job::progress);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QVERIFY(job.succeeded());
        QCOMPARE(job.result().kind, PackageKind::Obb);
        QCOMPARE(job.result().packageId, QStringLiteral("com.example.big"));
        QCOMPARE(job.result().versionCode, QStringLiteral("5"));
        QCOMPARE(job.result().obbType, QStringLiteral("main"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(8 * 1024 * 1024));
    }

    void groupForPublish_attachesCompanions()
    {
        PackageInfo apk;
        apk.kind = PackageKind::Apk;
        apk.packageId = QStringLiteral("com.example.game");
        apk.versionCode = QStringLiteral("12");
        PackageInfo ipa;
        ipa.kind = PackageKind::Ipa;
        ipa.packageId = QStringLiteral("com.example.ios");
        PackageInfo obb;
        obb.kind = PackageKind::Obb;
        obb.obbType = QStringLiteral("main");
        obb.packageId = QStringLiteral("com.example.game");
        obb.versionCode = QStringLiteral("11");
        obb.fileName = QStringLiteral("main.11.com.example.game.obb");
        PackageInfo dsym;
        dsym.kind = PackageKind::DsymZip;
        const auto groups = PackageInspector::groupForPublish({obb, apk, dsym, ipa});
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups.at(0).size(), 2);
        QCOMPARE(groups.at(0).at(0).kind, PackageKind::Apk);
        QCOMPARE(groups.at(0).at(1).kind, PackageKind::Obb);
        QCOMPARE(groups.at(1).at(0).kind, PackageKind::Ipa);
        QCOMPARE(groups.at(1).at(1).kind, PackageKind::DsymZip);
        const auto warnings = PackageInspector::checkCompanions(apk, {obb});
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().code, QStringLiteral("obb-version-mismatch"));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestInspector)
#include "tst_inspector.moc"
