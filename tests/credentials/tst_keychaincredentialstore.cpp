// KeychainCredentialStore against a real Secret Service (gnome-keyring started by tests/with-keyring.sh):
// what it writes is in the keyring, where an independent client (secret-tool) finds it.
#include "keyringtest.h"

#include <QProcess>
#include <QRandomGenerator>
#include <credentials/keychaincredentialstore.h>

using namespace Slipway;

class TestKeychainCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void write_readsBackSameSecret();
    void write_overwritesPreviousSecret();
    void remove_thenReadIsNotFound();
    void removeMissing_succeeds();
    void readMissing_isNotFound();
    void twoAccountsOfOneService_keptApart();
    void write_isVisibleToSecretTool();
    void binarySecret_roundTrips();
    void pemKey_roundTripsExactly();

private:
    QString account(const QString& suffix) const { return m_prefix + suffix; }
    QByteArray read(const QString& key, Error* error = nullptr);
    bool write(const QString& key, const QByteArray& secret);
    bool remove(const QString& key);

    KeychainCredentialStore* m_store = nullptr;
    QString m_prefix;
    QStringList m_written;
};

void TestKeychainCredentialStore::initTestCase()
{
    SLIPWAY_REQUIRE_KEYRING();
    m_store = new KeychainCredentialStore(QStringLiteral("Slipway"), this);
    m_prefix = QStringLiteral("tst-%1-%2-")
                   .arg(QCoreApplication::applicationPid())
                   .arg(QRandomGenerator::global()->generate());
}

void TestKeychainCredentialStore::cleanup()
{
    for (const QString& key : std::as_const(m_written))
        remove(key);
    m_written.clear();
}

QByteArray TestKeychainCredentialStore::read(const QString& key, Error* error)
{
    SecretJob* job = m_store->read(key);
    const bool done = Test::finishes(job);
    QByteArray out = done && job->succeeded() ? job->result() : QByteArray();
    if (error)
        *error = done ? job->error() : Error(Error::Kind::Timeout, QStringLiteral("keyring read timed out"));
    job->deleteLater();
    return out;
}

bool TestKeychainCredentialStore::write(const QString& key, const QByteArray& secret)
{
    m_written.append(key);
    CredentialJob* job = m_store->write(key, secret);
    const bool ok = Test::finishes(job) && job->succeeded();
    if (!ok)
        qWarning() << "write failed:" << job->error().message << job->error().details;
    job->deleteLater();
    return ok;
}

bool TestKeychainCredentialStore::remove(const QString& key)
{
    CredentialJob* job = m_store->remove(key);
    const bool ok = Test::finishes(job) && job->succeeded();
    job->deleteLater();
    return ok;
}

void TestKeychainCredentialStore::write_readsBackSameSecret()
{
    const QString key = CredentialStore::keyFor(account(QStringLiteral("mxr")), QStringLiteral("key-secret"));
    QVERIFY(write(key, "s3cr3t-value-1"));
    Error error;
    QCOMPARE(read(key, &error), QByteArray("s3cr3t-value-1"));
    QVERIFY(!error.isError());
}

void TestKeychainCredentialStore::write_overwritesPreviousSecret()
{
    const QString key = CredentialStore::keyFor(account(QStringLiteral("hock")), QStringLiteral("token"));
    QVERIFY(write(key, "first-token"));
    QVERIFY(write(key, "second-token"));
    QCOMPARE(read(key), QByteArray("second-token"));
}

void TestKeychainCredentialStore::remove_thenReadIsNotFound()
{
    const QString key = CredentialStore::keyFor(account(QStringLiteral("akana")), QStringLiteral("password"));
    QVERIFY(write(key, "pa55word"));
    QVERIFY(remove(key));
    Error error;
    QVERIFY(read(key, &error).isEmpty());
    QCOMPARE(error.kind, Error::Kind::NotFound);
}

void TestKeychainCredentialStore::removeMissing_succeeds()
{
    QVERIFY(remove(CredentialStore::keyFor(account(QStringLiteral("never")), QStringLiteral("token"))));
}

void TestKeychainCredentialStore::readMissing_isNotFound()
{
    Error error;
    QVERIFY(
        read(CredentialStore::keyFor(account(QStringLiteral("nobody")), QStringLiteral("token")), &error).isEmpty());
    QCOMPARE(error.kind, Error::Kind::NotFound);
}

void TestKeychainCredentialStore::twoAccountsOfOneService_keptApart()
{
    const QString staging
        = CredentialStore::keyFor(account(QStringLiteral("asc-staging")), QStringLiteral("private-key"));
    const QString production
        = CredentialStore::keyFor(account(QStringLiteral("asc-prod")), QStringLiteral("private-key"));
    QVERIFY(write(staging, "staging-key"));
    QVERIFY(write(production, "production-key"));
    QCOMPARE(read(staging), QByteArray("staging-key"));
    QCOMPARE(read(production), QByteArray("production-key"));
    QVERIFY(remove(staging));
    QCOMPARE(read(production), QByteArray("production-key"));
    Error error;
    read(staging, &error);
    QCOMPARE(error.kind, Error::Kind::NotFound);
}

void TestKeychainCredentialStore::write_isVisibleToSecretTool()
{
    // QtKeychain's libsecret backend stores attributes server=<service name>, user=<key>, type=plaintext.
    const QString key = CredentialStore::keyFor(account(QStringLiteral("applivery")), QStringLiteral("token"));
    QVERIFY(write(key, "independent-client-token"));
    QProcess lookup;
    lookup.start(QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("Slipway"), QStringLiteral("user"), key});
    QVERIFY2(lookup.waitForFinished(15000), "secret-tool did not finish");
    QCOMPARE(lookup.exitCode(), 0);
    QCOMPARE(lookup.readAllStandardOutput(), QByteArray("independent-client-token"));

    QVERIFY(remove(key));
    QProcess again;
    again.start(QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("Slipway"), QStringLiteral("user"), key});
    QVERIFY(again.waitForFinished(15000));
    QVERIFY(again.readAllStandardOutput().isEmpty());
    QVERIFY(again.exitCode() != 0);
}

void TestKeychainCredentialStore::binarySecret_roundTrips()
{
    const QString key = CredentialStore::keyFor(account(QStringLiteral("bin")), QStringLiteral("token"));
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QVERIFY(write(key, binary));
    QCOMPARE(read(key), binary);
}

void TestKeychainCredentialStore::pemKey_roundTripsExactly()
{
    const QString key = CredentialStore::keyFor(account(QStringLiteral("asc")), QStringLiteral("private-key"));
    const QByteArray pem = "-----BEGIN PRIVATE KEY-----\n"
                           "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                           "-----END PRIVATE KEY-----\n";
    QVERIFY(write(key, pem));
    QCOMPARE(read(key), pem);
}

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
