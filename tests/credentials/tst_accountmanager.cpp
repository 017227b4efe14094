// The account operations and the pieces under them, without a keyring: the error sentences of the keychain
// store, the .p8 check, the session layer ("keep for this run only"), and AccountManager's ordering (secrets
// first; nothing on disk when the store refuses; rename moves secrets; remove deletes them).
#include <QTemporaryDir>
#include <QtTest>
#include <credentials/accountstore.h>
#include <credentials/keychaincredentialstore.h>
#include <credentials/keyvalidation.h>
#include <credentials/memorycredentialstore.h>
#include <credentials/sessioncredentialstore.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <providers/providerregistry.h>
#include <qt6keychain/keychain.h>
#include <session/accountmanager.h>
#include <session/workspace.h>

using namespace Slipway;

namespace {

QByteArray pemOf(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

template<typename J> J* finished(J* job)
{
    job->waitForFinished(5000);
    return job;
}

} // namespace

class TestAccountManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void catalog_everyServiceRegisteredWithItsFields();
    void workspace_unknownAccount_blamesTheAccount();
    void describeFailure_data();
    void describeFailure();
    void describeFailure_entryNotFound_isNotFound();
    void validateKey_p256Accepted();
    void validateKey_rejections_data();
    void validateKey_rejections();
    void sessionStore_keepsForThisRunOverPersistent();

    void add_writesSecretThenSettings();
    void add_storeRefuses_nothingOnDisk();
    void add_missingSecret_refused();
    void add_unknownField_refused();
    void add_secretAsPlainField_refused();
    void add_duplicateName_conflict();
    void add_managexrHostingNeedsBoth();
    void edit_emptySecretKeepsStored();
    void rename_movesSecrets();
    void remove_deletesSecretsAndSettings();
    void remove_storeRefuses_accountKept();
    void thisRunOnly_secretInSessionNotInPersistentStore();
    void secretPresence_reportsStoredAndMissing();

private:
    Account hockey(const QString& name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    MemoryCredentialStore* m_store = nullptr;
    std::unique_ptr<AccountManager> m_manager;
};

void TestAccountManager::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Workspace::Options options;
    options.settingsFile = m_dir->filePath(QStringLiteral("Slipway.ini"));
    options.libraryPath = m_dir->filePath(QStringLiteral("library"));
    options.memorySecrets = true;
    m_workspace = std::make_unique<Workspace>(options);
    m_store = new MemoryCredentialStore(m_workspace.get());
    m_workspace->setCredentialStore(m_store);
    m_manager = std::make_unique<AccountManager>(m_workspace.get());
}

void TestAccountManager::cleanup()
{
    m_manager.reset();
    m_workspace.reset();
}

Account TestAccountManager::hockey(const QString& name) const
{
    Account a;
    a.name = name;
    a.service = QStringLiteral("hockeyapp");
    return a;
}

void TestAccountManager::catalog_everyServiceRegisteredWithItsFields()
{
    const QHash<QString, QStringList> expected {
        {QStringLiteral("managexr"), {"key-id", "key-secret", "organization-id", "hosting-folder", "hosting-base-url"}},
        {QStringLiteral("appstoreconnect"), {"issuer-id", "key-id", "private-key"}},
        {QStringLiteral("akana"), {"email", "password"}},
        {QStringLiteral("applivery"), {"organization-id", "upload-url", "token"}},
        {QStringLiteral("hockeyapp"), {"token"}},
    };
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const ServiceInfo* s = ProviderRegistry::service(it.key());
        QVERIFY2(s, qPrintable(it.key()));
        QStringList keys;
        for (const FieldSpec& f : s->accountFields)
            keys << f.key;
        QCOMPARE(keys, it.value());
        QCOMPARE(s->secretFields().size(), 1);
        QCOMPARE(AccountManager::primarySecretField(it.key()), s->secretFields().first().key);
    }
    QVERIFY(ProviderRegistry::service(QStringLiteral("akana"))->defaultBaseUrl.isEmpty());
    QCOMPARE(ProviderRegistry::service(QStringLiteral("hockeyapp"))->defaultBaseUrl,
        QUrl(QStringLiteral("https://rink.hockeyapp.net/api/2")));
    QVERIFY(
        !ProviderRegistry::service(QStringLiteral("appstoreconnect"))->field(QStringLiteral("issuer-id"))->required);
}

void TestAccountManager::workspace_unknownAccount_blamesTheAccount()
{
    const auto provider = m_workspace->provider(QStringLiteral("nobody"));
    QVERIFY(!provider);
    QCOMPARE(provider.error().kind, Error::Kind::NotFound);
    QCOMPARE(provider.error().message,
        QStringLiteral("There is no account named \"nobody\"; choose one of the connected accounts, or connect it "
                       "first."));
    QCOMPARE(provider.error().field, QStringLiteral("account"));
    QVERIFY(m_workspace->provider(QStringLiteral("local")));
}

void TestAccountManager::describeFailure_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no bus") << int(QKeychain::OtherError)
                            << QStringLiteral("Could not connect: No such file or directory")
                            << QStringLiteral("No keyring service is running");
    QTest::newRow("no autolaunch") << int(QKeychain::OtherError)
                                   << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
                                   << QStringLiteral("no D-Bus session");
    QTest::newRow("no provider") << int(QKeychain::OtherError)
                                 << QStringLiteral(
                                        "The name org.freedesktop.secrets was not provided by any .service files")
                                 << QStringLiteral("install and start gnome-keyring or KWallet");
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QString()
                                << QStringLiteral("install and start gnome-keyring or KWallet");
    QTest::newRow("locked") << int(QKeychain::AccessDenied)
                            << QStringLiteral("Cannot create an item in a locked collection")
                            << QStringLiteral("The keyring is locked");
    QTest::newRow("prompt refused") << int(QKeychain::AccessDeniedByUser) << QString()
                                    << QStringLiteral("refused at its prompt");
    QTest::newRow("no collection") << int(QKeychain::OtherError)
                                   << QStringLiteral(
                                          "Object does not exist at path “/org/freedesktop/secrets/collection/login”")
                                   << QStringLiteral("no default collection");
}

void TestAccountManager::describeFailure()
{
    QFETCH(int, code);
    QFETCH(QString, backend);
    QFETCH(QString, expected);
    const Error e = KeychainCredentialStore::describeFailure(code, backend, KeychainCredentialStore::Operation::Write);
    QCOMPARE(e.kind, Error::Kind::Keychain);
    QVERIFY2(e.message.contains(expected), qPrintable(e.message));
    QCOMPARE(e.details, backend); // Keychain: slipway-cli exits 5 (tst_clisupport)
}

void TestAccountManager::describeFailure_entryNotFound_isNotFound()
{
    const Error e = KeychainCredentialStore::describeFailure(
        QKeychain::EntryNotFound, QStringLiteral("Entry not found"), KeychainCredentialStore::Operation::Read);
    QCOMPARE(e.kind, Error::Kind::NotFound);
}

void TestAccountManager::validateKey_p256Accepted()
{
    const QByteArray pem = pemOf(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    QVERIFY(pem.contains("BEGIN PRIVATE KEY"));
    const Status st = validateAppStoreConnectKey(pem);
    QVERIFY2(st.ok(), qPrintable(st.error().message));
}

void TestAccountManager::validateKey_rejections_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray("  \n") << QStringLiteral("is empty");
    QTest::newRow("not pem") << QByteArray("hello") << QStringLiteral("not a PEM private key");
    QTest::newRow("garbage body") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                                  << QStringLiteral("could not be read");
    QTest::newRow("p384") << pemOf(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384")) << QStringLiteral("secp384r1");
    QTest::newRow("rsa") << pemOf(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024))) << QStringLiteral("RSA");
    QTest::newRow("encrypted") << QByteArray(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
                               << QStringLiteral("encrypted");
    QTest::newRow("public") << QByteArray("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
                            << QStringLiteral("public key");
}

void TestAccountManager::validateKey_rejections()
{
    QFETCH(QByteArray, pem);
    QFETCH(QString, expected);
    const Status st = validateAppStoreConnectKey(pem);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().kind, Error::Kind::Validation);
    QVERIFY2(st.error().message.contains(expected), qPrintable(st.error().message));
}

void TestAccountManager::sessionStore_keepsForThisRunOverPersistent()
{
    auto* persistent = new MemoryCredentialStore;
    SessionCredentialStore session(persistent);
    session.keepForThisRun(QStringLiteral("k"), "memory-only");
    QVERIFY(session.isKeptForThisRun(QStringLiteral("k")));
    QVERIFY(!persistent->contains(QStringLiteral("k")));
    QCOMPARE(finished(session.read(QStringLiteral("k")))->result(), QByteArray("memory-only"));
    // A successful write to the persistent store replaces the in-memory copy.
    QVERIFY(finished(session.write(QStringLiteral("k"), "persisted"))->succeeded());
    QVERIFY(!session.isKeptForThisRun(QStringLiteral("k")));
    QCOMPARE(finished(session.read(QStringLiteral("k")))->result(), QByteArray("persisted"));
    QVERIFY(finished(session.remove(QStringLiteral("k")))->succeeded());
    QCOMPARE(finished(session.read(QStringLiteral("k")))->error().kind, Error::Kind::NotFound);
}

void TestAccountManager::add_writesSecretThenSettings()
{
    Account a;
    a.name = QStringLiteral("mxr");
    a.service = QStringLiteral("managexr");
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("KID"));
    AccountJob* job = finished(m_manager->add(a, {{QStringLiteral("key-secret"), "sek"}}));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QCOMPARE(m_store->value(QStringLiteral("account/mxr/key-secret")), QByteArray("sek"));
    QCOMPARE(m_workspace->accountStore().account(QStringLiteral("mxr"))->field(QStringLiteral("key-id")),
        QStringLiteral("KID"));
}

void TestAccountManager::add_storeRefuses_nothingOnDisk()
{
    m_store->setFailure(Error(Error::Kind::Keychain, QStringLiteral("No keyring service is running.")));
    AccountJob* job = finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t"}}));
    QCOMPARE(job->error().kind, Error::Kind::Keychain);
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("h")));
    QVERIFY(!QFile::exists(m_workspace->accountStore().settingsFile()));
    QVERIFY(m_store->keys().isEmpty());
}

void TestAccountManager::add_missingSecret_refused()
{
    AccountJob* job = finished(m_manager->add(hockey(QStringLiteral("h")), {}));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY(job->error().message.contains(QLatin1String("API token")));
    QCOMPARE(job->error().field, QStringLiteral("account:token"));
    QVERIFY(!QFile::exists(m_workspace->accountStore().settingsFile()));
}

void TestAccountManager::add_unknownField_refused()
{
    Account a = hockey(QStringLiteral("h"));
    a.fields.insert(QStringLiteral("colour"), QStringLiteral("blue"));
    AccountJob* job = finished(m_manager->add(a, {{QStringLiteral("token"), "t"}}));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY(job->error().message.contains(QLatin1String("colour")));
}

void TestAccountManager::add_secretAsPlainField_refused()
{
    Account a = hockey(QStringLiteral("h"));
    a.fields.insert(QStringLiteral("token"), QStringLiteral("leaked"));
    AccountJob* job = finished(m_manager->add(a, {{QStringLiteral("token"), "t"}}));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QCOMPARE(job->error().field, QStringLiteral("account:token"));
    QVERIFY(!QFile::exists(m_workspace->accountStore().settingsFile()));
}

void TestAccountManager::add_duplicateName_conflict()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t1"}}))->succeeded());
    AccountJob* job = finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t2"}}));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(m_store->value(QStringLiteral("account/h/token")), QByteArray("t1"));
}

void TestAccountManager::add_managexrHostingNeedsBoth()
{
    Account a;
    a.name = QStringLiteral("mxr");
    a.service = QStringLiteral("managexr");
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("KID"));
    a.fields.insert(QStringLiteral("hosting-folder"), m_dir->path());
    AccountJob* job = finished(m_manager->add(a, {{QStringLiteral("key-secret"), "s"}}));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    a.fields.insert(QStringLiteral("hosting-base-url"), QStringLiteral("https://cdn.example.com/builds/"));
    job = finished(m_manager->add(a, {{QStringLiteral("key-secret"), "s"}}));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
}

void TestAccountManager::edit_emptySecretKeepsStored()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "keep-me"}}))->succeeded());
    Account a = hockey(QStringLiteral("h"));
    a.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/api/2"));
    AccountJob* job = finished(m_manager->edit(QStringLiteral("h"), a, {{QStringLiteral("token"), QByteArray()}}));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QCOMPARE(m_store->value(QStringLiteral("account/h/token")), QByteArray("keep-me"));
    QCOMPARE(m_workspace->accountStore().account(QStringLiteral("h"))->baseUrl, a.baseUrl);
    job = finished(m_manager->edit(QStringLiteral("h"), a, {{QStringLiteral("token"), "new"}}));
    QVERIFY(job->succeeded());
    QCOMPARE(m_store->value(QStringLiteral("account/h/token")), QByteArray("new"));
}

void TestAccountManager::rename_movesSecrets()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("old")), {{QStringLiteral("token"), "tok"}}))->succeeded());
    AccountJob* job = finished(m_manager->rename(QStringLiteral("old"), QStringLiteral("new")));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("old")));
    QVERIFY(m_workspace->accountStore().contains(QStringLiteral("new")));
    QCOMPARE(m_store->value(QStringLiteral("account/new/token")), QByteArray("tok"));
    QVERIFY(!m_store->contains(QStringLiteral("account/old/token")));
}

void TestAccountManager::remove_deletesSecretsAndSettings()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t"}}))->succeeded());
    QVERIFY(finished(m_manager->remove(QStringLiteral("h")))->succeeded());
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("h")));
    QVERIFY(m_store->keys().isEmpty());
    QCOMPARE(finished(m_manager->remove(QStringLiteral("h")))->error().kind, Error::Kind::NotFound);
}

void TestAccountManager::remove_storeRefuses_accountKept()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t"}}))->succeeded());
    m_store->setFailure(Error(Error::Kind::Keychain, QStringLiteral("The keyring is locked.")));
    auto* job = finished(m_manager->remove(QStringLiteral("h")));
    QCOMPARE(job->error().kind, Error::Kind::Keychain);
    QVERIFY(m_workspace->accountStore().contains(QStringLiteral("h")));
}

void TestAccountManager::thisRunOnly_secretInSessionNotInPersistentStore()
{
    // The real wiring: a Workspace's own store (memory-backed here) under its session layer.
    Workspace::Options options;
    options.settingsFile = m_dir->filePath(QStringLiteral("other.ini"));
    options.memorySecrets = true;
    Workspace workspace(options);
    auto* session = qobject_cast<SessionCredentialStore*>(workspace.credentials());
    QVERIFY(session);
    auto* persistent = qobject_cast<MemoryCredentialStore*>(session->persistent());
    QVERIFY(persistent);
    AccountManager manager(&workspace);
    AccountJob* job = finished(manager.add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "run-only"}},
        AccountManager::SecretStorage::ThisRunOnly));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QVERIFY(session->isKeptForThisRun(QStringLiteral("account/h/token")));
    QVERIFY(!persistent->contains(QStringLiteral("account/h/token")));
    SecretPresenceJob* presence = finished(manager.secretPresence(QStringLiteral("h")));
    QCOMPARE(presence->result().size(), 1);
    QVERIFY(presence->result().first().present);
    QVERIFY(presence->result().first().thisRunOnly);
    QFile settings(options.settingsFile);
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(!settings.readAll().contains("run-only"));
}

void TestAccountManager::secretPresence_reportsStoredAndMissing()
{
    QVERIFY(finished(m_manager->add(hockey(QStringLiteral("h")), {{QStringLiteral("token"), "t"}}))->succeeded());
    SecretPresenceJob* job = finished(m_manager->secretPresence(QStringLiteral("h")));
    QVERIFY(job->succeeded());
    QCOMPARE(job->result().size(), 1);
    QCOMPARE(job->result().first().field, QStringLiteral("token"));
    QVERIFY(job->result().first().present);
    m_store->erase(QStringLiteral("account/h/token"));
    job = finished(m_manager->secretPresence(QStringLiteral("h")));
    QVERIFY(!job->result().first().present);
    QVERIFY(!job->result().first().error.isError());
}

QTEST_GUILESS_MAIN(TestAccountManager)
#include "tst_accountmanager.moc"
