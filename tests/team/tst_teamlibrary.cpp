// The team library's engine and provider against a real PostgreSQL server (pgtestserver.h): schema and roles,
// publish/list/download/edit/delete, deduplication, the connection's errors (server down, wrong password, missing
// database, TLS with verify-full, schema too new), a server stopped mid-publish, and live notifications.
#include "../preflight/signedvariants.h"
#include "pgtestserver.h"

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <library/team/artifactstore.h>
#include <library/team/pgconnection.h>
#include <library/team/teamlibrary.h>
#include <library/team/teamlistener.h>
#include <library/team/teamschema.h>
#include <preflight/preflight.h>
#include <providers/team/teamprovider.h>
#include <session/workspace.h>

using namespace Slipway;
using Slipway::Test::PgTestServer;

namespace {

// A file of `size` bytes whose content depends on `seed`, with its inspection facts as a publish needs them.
PackageInfo makeFile(const QString& path, qint64 size, char seed, const QString& appId, const QString& code)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QByteArray block(1024 * 1024, seed);
    for (int i = 0; i < block.size(); i += 4096)
        block[i] = char(i / 4096);
    QCryptographicHash sha(QCryptographicHash::Sha256);
    QCryptographicHash md5(QCryptographicHash::Md5);
    for (qint64 done = 0; done < size;) {
        const QByteArray piece = block.left(int(qMin<qint64>(block.size(), size - done)));
        f.write(piece);
        sha.addData(piece);
        md5.addData(piece);
        done += piece.size();
    }
    PackageInfo p;
    p.fileName = QFileInfo(path).fileName();
    p.size = size;
    p.sha256 = QString::fromLatin1(sha.result().toHex());
    p.md5 = QString::fromLatin1(md5.result().toHex());
    p.packageId = appId;
    p.versionCode = code;
    return p;
}

} // namespace

class TestTeamLibrary : public QObject
{
    Q_OBJECT

    PgTestServer m_server;
    QTemporaryDir m_files;

    PgParams params(const QString& user, const QString& database = QStringLiteral("slipway")) const
    {
        PgParams p;
        p.url = m_server.url(user, database);
        p.password = PgTestServer::passwordOf(user).toUtf8();
        p.sslmode = QStringLiteral("disable");
        return p;
    }

    QString file(const QString& name) const { return m_files.filePath(name); }

    Result<VersionInfo> publishAs(const QString& user, const QString& appId, const QString& code, char seed,
        qint64 size = 300 * 1024, const QString& label = {})
    {
        const QString path = file(QStringLiteral("%1-%2-%3.bin").arg(appId, code).arg(int(seed)));
        PackageInfo p = makeFile(path, size, seed, appId, code);
        PublishRequest request;
        request.files = {path};
        request.label = label;
        request.notes = QStringLiteral("Notes of %1").arg(code);
        request.publisher = user;
        TeamLibrary library(params(user));
        return library.publish(request, {p});
    }

private Q_SLOTS:
    void initTestCase()
    {
        SLIPWAY_START_POSTGRES(m_server, PgTestServer::Options());
        QVERIFY(m_files.isValid());
        auto admin = PgConnection::open(params(QStringLiteral("admin")));
        QVERIFY2(admin, qPrintable(admin.error().message));
        auto before = TeamSchema::migrate(*admin.value());
        QVERIFY2(before, qPrintable(before.error().message));
        QCOMPARE(before.value(), 0);
        QCOMPARE(m_server.psql(QStringLiteral("GRANT slipway_publisher TO alice; GRANT slipway_reader TO bob; "
                                              "SELECT 'ok'")),
            QStringLiteral("ok"));
    }

    void migrate_isIdempotentAndRefusesNewerSchema()
    {
        auto admin = PgConnection::open(params(QStringLiteral("admin")));
        QVERIFY(admin);
        auto again = TeamSchema::migrate(*admin.value());
        QVERIFY2(again, qPrintable(again.error().message));
        QCOMPARE(again.value(), TeamSchema::kVersion);

        // A database a newer Slipway migrated: refused by every client, and by init, which changes nothing.
        QString error;
        m_server.psql(QStringLiteral("CREATE DATABASE newer"), QStringLiteral("postgres"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto newer = PgConnection::open(params(QStringLiteral("admin"), QStringLiteral("newer")));
        QVERIFY(newer);
        QVERIFY(TeamSchema::migrate(*newer.value()));
        QVERIFY(newer.value()->run(QStringLiteral("INSERT INTO slipway_schema (version) VALUES (99)")));
        TeamLibrary library(params(QStringLiteral("admin"), QStringLiteral("newer")));
        const Status opened = library.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, Error::Kind::Unsupported);
        QVERIFY2(opened.error().message.contains(QLatin1String("newer than this Slipway")),
            qPrintable(opened.error().message));
        auto refused = TeamSchema::migrate(*newer.value());
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Unsupported);
        QCOMPARE(m_server.psql(QStringLiteral("SELECT max(version) FROM slipway_schema"), QStringLiteral("newer")),
            QStringLiteral("99"));
    }

    void notSetUp_saysSo()
    {
        QString error;
        m_server.psql(QStringLiteral("CREATE DATABASE empty"), QStringLiteral("postgres"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        TeamLibrary library(params(QStringLiteral("alice"), QStringLiteral("empty")));
        const Status st = library.open();
        QCOMPARE(st.error().kind, Error::Kind::NotFound);
        QVERIFY2(st.error().message.contains(QLatin1String("team init")), qPrintable(st.error().message));
    }

    void connectionErrors_areSpecific()
    {
        PgParams wrongPassword = params(QStringLiteral("alice"));
        wrongPassword.password = "not-the-password";
        auto auth = PgConnection::open(wrongPassword);
        QCOMPARE(auth.error().kind, Error::Kind::Auth);
        QCOMPARE(auth.error().field, QStringLiteral("account:password"));
        QVERIFY(!auth.error().message.contains(QLatin1String("not-the-password")));

        auto missingDb = PgConnection::open(params(QStringLiteral("alice"), QStringLiteral("nosuchdb")));
        QCOMPARE(missingDb.error().kind, Error::Kind::NotFound);
        QVERIFY2(missingDb.error().message.contains(QLatin1String("nosuchdb")), qPrintable(missingDb.error().message));

        PgParams down = params(QStringLiteral("alice"));
        QTcpServer probe; // a port nobody listens on once the probe closes
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int port = probe.serverPort();
        probe.close();
        down.url = QStringLiteral("postgresql://alice@127.0.0.1:%1/slipway").arg(port);
        auto refused = PgConnection::open(down);
        QCOMPARE(refused.error().kind, Error::Kind::Network);
        QVERIFY2(refused.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(port)),
            qPrintable(refused.error().message));

        PgParams withPassword = params(QStringLiteral("alice"));
        withPassword.url = QStringLiteral("postgresql://alice:pw@127.0.0.1:%1/slipway").arg(m_server.port());
        QCOMPARE(PgConnection::open(withPassword).error().kind, Error::Kind::Validation);
        PgParams tlsRequired = params(QStringLiteral("alice"));
        tlsRequired.sslmode = QStringLiteral("require"); // this server has no TLS
        QCOMPARE(PgConnection::open(tlsRequired).error().kind, Error::Kind::Tls);
    }

    void publish_listDownloadEditDelete()
    {
        auto published = publishAs(QStringLiteral("alice"), QStringLiteral("com.example.one"), QStringLiteral("7"), 'a',
            3 * LargeObjectStore::kChunkSize + 123);
        QVERIFY2(published, qPrintable(published.error().message));
        QCOMPARE(published->versionCode, QStringLiteral("7"));
        QCOMPARE(published->publisher, QStringLiteral("alice"));
        QCOMPARE(published->size, qint64(3 * LargeObjectStore::kChunkSize + 123));

        // A reader sees it, with its notes and file.
        TeamLibrary reader(params(QStringLiteral("bob")));
        auto apps = reader.apps();
        QVERIFY2(apps, qPrintable(apps.error().message));
        QVERIFY(std::any_of(apps->cbegin(), apps->cend(),
            [](const AppInfo& a) { return a.id == QLatin1String("com.example.one") && a.versionCount == 1; }));
        auto versions = reader.versions(QStringLiteral("com.example.one"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 1);
        QCOMPARE(versions->first().notes, QStringLiteral("Notes of 7"));
        QCOMPARE(versions->first().sha256, published->sha256);

        // The reader downloads the same bytes, checked.
        const QString out = file(QStringLiteral("downloaded.bin"));
        const Status got = reader.download(QStringLiteral("com.example.one"), published->id, out);
        QVERIFY2(got, qPrintable(got.error().message));
        QFile a(file(QStringLiteral("com.example.one-7-97.bin")));
        QFile b(out);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());

        // ... but may not change anything: an Auth error, nothing changed.
        VersionEdit edit;
        edit.notes = QStringLiteral("reader was here");
        QCOMPARE(reader.edit(QStringLiteral("com.example.one"), published->id, edit).error().kind, Error::Kind::Auth);
        QCOMPARE(
            reader.removeVersion(QStringLiteral("com.example.one"), published->id).error().kind, Error::Kind::Auth);
        auto readerPublish
            = publishAs(QStringLiteral("bob"), QStringLiteral("com.example.one"), QStringLiteral("8"), 'r');
        QCOMPARE(readerPublish.error().kind, Error::Kind::Auth);
        QVERIFY2(readerPublish.error().message.contains(QLatin1String("slipway_publisher")),
            qPrintable(readerPublish.error().message));

        // The publisher edits; the same bytes under another label share one artifact.
        TeamLibrary publisher(params(QStringLiteral("alice")));
        edit.notes = QStringLiteral("Fixed notes");
        edit.label = QStringLiteral("beta");
        QVERIFY(publisher.edit(QStringLiteral("com.example.one"), published->id, edit));
        auto same = publishAs(QStringLiteral("alice"), QStringLiteral("com.example.one"), QStringLiteral("7"), 'a',
            3 * LargeObjectStore::kChunkSize + 123);
        QVERIFY2(same, qPrintable(same.error().message));
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_artifacts")), QStringLiteral("1"));
        auto edited = publisher.version(QStringLiteral("com.example.one"), published->id);
        QCOMPARE(edited->notes, QStringLiteral("Fixed notes"));
        QCOMPARE(edited->label, QStringLiteral("beta"));
        // A label that would give the app two equal versions is a conflict.
        edit.notes.reset();
        edit.label = QString();
        QCOMPARE(
            publisher.edit(QStringLiteral("com.example.one"), published->id, edit).error().kind, Error::Kind::Conflict);

        // Deleting one keeps the shared artifact; deleting the last removes it, its large object and the app.
        QVERIFY(publisher.removeVersion(QStringLiteral("com.example.one"), published->id));
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM pg_largeobject_metadata")), QStringLiteral("1"));
        QVERIFY(publisher.removeVersion(QStringLiteral("com.example.one"), same->id));
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_artifacts")), QStringLiteral("0"));
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM pg_largeobject_metadata")), QStringLiteral("0"));
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_apps WHERE id = 'com.example.one'")),
            QStringLiteral("0"));
        QCOMPARE(
            publisher.removeVersion(QStringLiteral("com.example.one"), same->id).error().kind, Error::Kind::NotFound);
    }

    void duplicateVersion_isConflict()
    {
        auto first = publishAs(QStringLiteral("alice"), QStringLiteral("com.example.dup"), QStringLiteral("1"), 'd');
        QVERIFY(first);
        auto second = publishAs(QStringLiteral("alice"), QStringLiteral("com.example.dup"), QStringLiteral("1"), 'e');
        QCOMPARE(second.error().kind, Error::Kind::Conflict);
        QVERIFY2(second.error().message.contains(QLatin1String("com.example.dup")), qPrintable(second.error().message));
        // The loser's bytes were rolled back with it.
        TeamLibrary library(params(QStringLiteral("alice")));
        QCOMPARE(library.unreferencedLargeObjects().value(), 0);
        QCOMPARE(library.versions(QStringLiteral("com.example.dup"))->size(), 1);
    }

    void serverStoppedMidPublish_clearErrorNothingCommitted()
    {
        const QString path = file(QStringLiteral("midway.bin"));
        PackageInfo p
            = makeFile(path, 24 * 1024 * 1024, 'm', QStringLiteral("com.example.midway"), QStringLiteral("1"));
        TeamLibrary library(params(QStringLiteral("alice")));
        bool stopped = false;
        library.setStageHook([&](TeamLibrary::PublishStage stage) {
            if (stage == TeamLibrary::PublishStage::Streaming) {
                stopped = m_server.stop();
            }
        });
        PublishRequest request;
        request.files = {path};
        auto published = library.publish(request, {p});
        QVERIFY(stopped);
        QVERIFY(!published);
        QCOMPARE(published.error().kind, Error::Kind::Network);
        QVERIFY2(published.error().message.contains(QLatin1String("lost")), qPrintable(published.error().message));
        QString why;
        QVERIFY2(m_server.restart(&why), qPrintable(why));
        TeamLibrary after(params(QStringLiteral("alice")));
        auto versions = after.versions(QStringLiteral("com.example.midway"));
        QVERIFY2(versions, qPrintable(versions.error().message));
        QCOMPARE(versions->size(), 0);
        QCOMPARE(after.unreferencedLargeObjects().value(), 0);
    }

    void tls_verifyFullWithSelfSignedCa()
    {
        // A server of its own with TLS: a CA made by openssl, a certificate for localhost and 127.0.0.1.
        PgTestServer tls;
        PgTestServer::Options options;
        options.tls = true;
        SLIPWAY_START_POSTGRES(tls, options);
        PgParams p;
        p.url = tls.url(QStringLiteral("alice"), QStringLiteral("slipway"), QStringLiteral("localhost"));
        p.password = PgTestServer::passwordOf(QStringLiteral("alice")).toUtf8();
        p.sslmode = QStringLiteral("verify-full");
        p.sslrootcert = tls.caFile();
        auto secure = PgConnection::open(p);
        QVERIFY2(secure, qPrintable(secure.error().message));
        auto rows
            = secure.value()->exec(QStringLiteral("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        QVERIFY(rows);
        QCOMPARE(rows->text(0, 0), QStringLiteral("true"));

        // A CA that did not sign the server's certificate: a TLS error that names the setting to check.
        QTemporaryDir other;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                QStringLiteral("/CN=Someone else"), QStringLiteral("-keyout"), other.filePath(QStringLiteral("k")),
                QStringLiteral("-out"), other.filePath(QStringLiteral("ca.crt"))});
        QVERIFY(openssl.waitForFinished(60000) && openssl.exitCode() == 0);
        p.sslrootcert = other.filePath(QStringLiteral("ca.crt"));
        auto untrusted = PgConnection::open(p);
        QVERIFY(!untrusted);
        QCOMPARE(untrusted.error().kind, Error::Kind::Tls);
        QCOMPARE(untrusted.error().field, QStringLiteral("account:sslrootcert"));

        // The right CA but a name the certificate does not carry: verify-full refuses it.
        p.sslrootcert = tls.caFile();
        p.url = QStringLiteral("postgresql://alice@db.example.com:%1/slipway?hostaddr=127.0.0.1").arg(tls.port());
        auto wrongName = PgConnection::open(p);
        QVERIFY(!wrongName);
        QCOMPARE(wrongName.error().kind, Error::Kind::Tls);
        QVERIFY2(
            wrongName.error().message.contains(QLatin1String("db.example.com")), qPrintable(wrongName.error().message));
    }

    void provider_passwordFromKeychainAndLiveChanges()
    {
        const Account account = m_server.teamAccount(QStringLiteral("team-test"), QStringLiteral("alice"));
        MemoryCredentialStore keychain;
        QVERIFY(PgTestServer::storePassword(keychain, account, QStringLiteral("alice")));
        TeamProvider provider(account, &keychain);
        QSignalSpy listening(&provider, &TeamProvider::listening);
        QSignalSpy changed(&provider, &Provider::changed);
        QVERIFY(listening.wait(10000));

        // A colleague publishes (another connection): the provider hears it without being asked.
        auto published
            = publishAs(QStringLiteral("alice"), QStringLiteral("com.example.live"), QStringLiteral("3"), 'l');
        QVERIFY(published);
        QVERIFY(changed.count() > 0 || changed.wait(5000));

        VersionsJob* versions = provider.fetchVersions(QStringLiteral("com.example.live"));
        QVERIFY(versions->waitForFinished(30000));
        QVERIFY2(versions->succeeded(), qPrintable(versions->error().message));
        QCOMPARE(versions->result().size(), 1);
        QCOMPARE(versions->result().first().id, published->id);

        // The listener survives a server restart and says "changed" once it listens again.
        changed.clear();
        QVERIFY(m_server.stop());
        QString why;
        QVERIFY2(m_server.restart(&why), qPrintable(why));
        provider.listener()->setRetryInterval(200);
        QVERIFY(listening.wait(30000));
        QVERIFY(changed.count() > 0 || changed.wait(5000));
    }

    // Preflight's signing check against the team library (issue 12): each version keeps its inspection, so the
    // previous version's signer is known to every colleague's preflight without downloading anything.
    void preflight_signerAgainstTeamLibrary()
    {
        QTemporaryDir keys;
        Test::SignedVariants variants;
        SLIPWAY_MAKE_SIGNED_VARIANTS(variants, keys.path());
        Workspace::Options options;
        options.libraryPath = file(QStringLiteral("preflight-library"));
        options.settingsFile = file(QStringLiteral("preflight-settings.ini"));
        options.memorySecrets = true;
        Workspace workspace(options);
        const Account account = m_server.teamAccount(QStringLiteral("team-preflight"), QStringLiteral("alice"));
        QVERIFY(PgTestServer::storePassword(*workspace.credentials(), account, QStringLiteral("alice")));
        QVERIFY(workspace.accountStore().save(account));
        auto provider = workspace.provider(account.name);
        QVERIFY2(provider, qPrintable(provider.error().message));
        PublishRequest request;
        request.files = {variants.old};
        PublishJob* published = provider.value()->publish(request);
        QVERIFY(published->waitForFinished(60000));
        QVERIFY2(published->succeeded(), qPrintable(published->error().message));
        published->deleteLater();
        // The catalog keeps the primary signer with the version (in its inspection), and lists it.
        QCOMPARE(m_server.psql(QStringLiteral("SELECT inspection->'signing'->'certificates'->0->>'sha256' FROM "
                                              "slipway_versions WHERE app_id = 'com.politedroid'")),
            variants.oldSha256);
        VersionsJob* versions = provider.value()->fetchVersions(QStringLiteral("com.politedroid"));
        QVERIFY(versions->waitForFinished(30000));
        QVERIFY(versions->succeeded() && versions->result().size() == 1);
        QCOMPARE(versions->result().first().extra.value(QStringLiteral("signerSha256")).toString(), variants.oldSha256);
        versions->deleteLater();

        Preflight preflight(&workspace);
        const auto signerCheck = [&](const QString& path) {
            PublishRequest next;
            next.files = {path};
            next.versionCode = QStringLiteral("4");
            PreflightJob* job = preflight.run(next, preflight.destinationFor(account.name));
            PreflightCheck found;
            if (job->waitForFinished(60000)) {
                for (const PreflightCheck& c : job->result().checks) {
                    if (c.check == QLatin1String("signer-changed"))
                        found = c;
                }
            }
            job->deleteLater();
            return found;
        };
        PreflightCheck c = signerCheck(variants.unrelated);
        QCOMPARE(c.status, PreflightCheck::Status::Block);
        QVERIFY2(c.message.contains(QLatin1String("team-preflight/com.politedroid")), qPrintable(c.message));
        QVERIFY2(c.message.contains(variants.oldSha256.left(16)), qPrintable(c.message));
        c = signerCheck(variants.rotated);
        QCOMPARE(c.status, PreflightCheck::Status::Pass);
        QVERIFY2(c.message.contains(QLatin1String("lineage")), qPrintable(c.message));
    }
};

QTEST_GUILESS_MAIN(TestTeamLibrary)
#include "tst_teamlibrary.moc"
