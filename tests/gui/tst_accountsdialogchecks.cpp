// The Accounts dialog's checks (issue 15), offscreen with an in-memory secret store: fields are checked as they are
// typed (App Store Connect issuer ID a UUID, key ID ten characters, the .p8 an EC P-256 key, URLs https:// except
// on loopback); a required secret that is missing is not saved; Tab walks every field of every service between
// the common fields and Save; Test connection has Cancel and a timeout (a loopback server that never answers);
// the Local library is listed read-only; each service shows its own name hint; the Production flag is saved.
// (tests/credentials/tst_accountsdialog covers saving, editing, the keychain and Test connection's results.)
#include "guitestsupport.h"

#include <gui/accountsdialog.h>
#include <testutils/httptestserver.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <providers/providerregistry.h>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

// A fresh EC private key on `curve` in PKCS#8 PEM ("P-256" is what App Store Connect issues).
QByteArray newEcPem(const char* curve)
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
    if (!key)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

} // namespace

class TestAccountsDialogChecks : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    MemoryCredentialStore* m_store = nullptr;
    std::unique_ptr<AccountsDialog> m_dialog;

    template<typename T> T* child(const char* name) const { return m_dialog->findChild<T*>(QLatin1String(name)); }
    QLineEdit* field(const QString& key) const { return qobject_cast<QLineEdit*>(m_dialog->fieldEditor(key)); }

    void startNew(const QString& service, const QString& name)
    {
        m_dialog->startNewAccount(service);
        QCOMPARE(child<QComboBox>("serviceComboBox")->currentData().toString(), service);
        child<QLineEdit>("nameLineEdit")->setText(name);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspace = Test::makeWorkspace(*m_dir);
        m_store = new MemoryCredentialStore(m_workspace.get());
        m_workspace->setCredentialStore(m_store);
        m_dialog = std::make_unique<AccountsDialog>(m_workspace.get());
        m_dialog->setConfirmFunction([](QWidget*, const QString&, const QString&, const QString&) { return false; });
        m_dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    }
    void cleanup()
    {
        m_dialog.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void appStoreConnectFields_areCheckedAsTyped()
    {
        startNew(QStringLiteral("appstoreconnect"), QStringLiteral("asc"));
        QLineEdit* issuer = field(QStringLiteral("issuer-id"));
        QLineEdit* keyId = field(QStringLiteral("key-id"));
        QLineEdit* key = field(QStringLiteral("private-key"));
        QVERIFY(issuer && keyId && key);

        QTest::keyClicks(issuer, QStringLiteral("not-a-uuid"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("issuer-id")).contains(QLatin1String("UUID")));
        QVERIFY(issuer->property("invalid").toBool());
        QVERIFY(m_dialog->statusText().contains(QLatin1String("UUID")));
        issuer->setText(QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("issuer-id")).isEmpty());
        QVERIFY(!issuer->property("invalid").toBool());

        QTest::keyClicks(keyId, QStringLiteral("2X9R4"));
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("key-id")).isEmpty());
        QTest::keyClicks(keyId, QStringLiteral("HXF34"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("key-id")).isEmpty());

        // A P-384 key is a real EC key, but not the P-256 one App Store Connect issues; pasted on one line.
        const QByteArray p384 = newEcPem("P-384");
        QVERIFY(!p384.isEmpty());
        key->setText(QString::fromLatin1(p384).simplified());
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("private-key")).isEmpty());
        key->setText(QStringLiteral("hunter2"));
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("private-key")).isEmpty());
        QVERIFY(!m_dialog->statusText().contains(QLatin1String("hunter2"))); // the secret is never quoted
        key->setText(QString::fromLatin1(newEcPem("P-256")).simplified());
        QVERIFY2(m_dialog->fieldProblem(QStringLiteral("private-key")).isEmpty(),
            qPrintable(m_dialog->fieldProblem(QStringLiteral("private-key"))));
    }

    void urls_mustBeHttpsExceptLoopback()
    {
        startNew(QStringLiteral("hockeyapp"), QStringLiteral("hock"));
        auto* base = child<QLineEdit>("baseUrlLineEdit");
        base->setText(QStringLiteral("http://hockey.example.com/api/2"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("base-url")).contains(QLatin1String("https://")));
        base->setText(QStringLiteral("ftp://hockey.example.com"));
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("base-url")).isEmpty());
        base->setText(QStringLiteral("http://127.0.0.1:8080/api/2"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("base-url")).isEmpty());
        base->setText(QStringLiteral("https://hockey.example.com/api/2"));
        QVERIFY(m_dialog->fieldProblem(QStringLiteral("base-url")).isEmpty());

        // A service's own URL field follows the same rule (ManageXR's hosting base URL).
        startNew(QStringLiteral("managexr"), QStringLiteral("mxr"));
        QLineEdit* hosting = field(QStringLiteral("hosting-base-url"));
        QVERIFY(hosting);
        hosting->setText(QStringLiteral("http://files.example.com/apks"));
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("hosting-base-url")).isEmpty());
    }

    void invalidField_isNotSaved()
    {
        startNew(QStringLiteral("appstoreconnect"), QStringLiteral("asc-bad"));
        field(QStringLiteral("key-id"))->setText(QStringLiteral("KID"));
        field(QStringLiteral("private-key"))->setText(QString::fromLatin1(newEcPem("P-256")));
        QSignalSpy failed(m_dialog.get(), &AccountsDialog::saveFailed);
        QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QLatin1String("key ID")));
        QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("asc-bad")));
        QVERIFY(m_store->keys().isEmpty());
    }

    void requiredSecretMissing_isNotSaved_fieldHighlighted()
    {
        startNew(QStringLiteral("hockeyapp"), QStringLiteral("hock"));
        QSignalSpy failed(m_dialog.get(), &AccountsDialog::saveFailed);
        QSignalSpy saved(m_dialog.get(), &AccountsDialog::accountSaved);
        QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(saved.count(), 0);
        QLineEdit* token = field(QStringLiteral("token"));
        QVERIFY(!m_dialog->fieldProblem(QStringLiteral("token")).isEmpty());
        QVERIFY(token->property("invalid").toBool());
        QTRY_COMPARE(m_dialog->focusWidget(), token);
        QVERIFY(m_dialog->statusText().contains(QLatin1String("required")));
        QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("hock")));

        // Typed, it saves.
        QTest::keyClicks(token, QStringLiteral("0123456789abcdef"));
        QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
        QTRY_COMPARE(saved.count(), 1);
        QVERIFY(m_workspace->accountStore().contains(QStringLiteral("hock")));
    }

    void tab_reachesEveryFieldOfEveryService_beforeSave()
    {
        auto* services = child<QComboBox>("serviceComboBox");
        auto* save = child<QPushButton>("saveButton");
        for (int i = 0; i < services->count(); ++i) {
            const QString service = services->itemData(i).toString();
            m_dialog->startNewAccount(service);
            // The order Tab takes from the base URL on, up to Save.
            QList<QWidget*> order;
            QWidget* w = child<QLineEdit>("baseUrlLineEdit");
            for (int step = 0; step < 100 && w && w != save; ++step) {
                w = w->nextInFocusChain();
                if (w->focusPolicy() & Qt::TabFocus)
                    order.append(w);
            }
            QCOMPARE(w, save);
            // Every field editor of the service (secrets too) comes before Save, in the form's order.
            int last = -1;
            const ServiceInfo* info = ProviderRegistry::service(service);
            QVERIFY(info);
            for (const FieldSpec& f : info->accountFields) {
                QWidget* editor = m_dialog->fieldEditor(f.key);
                QVERIFY2(editor, qPrintable(service + QLatin1Char('/') + f.key));
                const int at = int(order.indexOf(editor));
                QVERIFY2(at > last, qPrintable(service + QStringLiteral(": Tab misses or reorders ") + f.key));
                last = at;
            }
            QVERIFY(order.contains(child<QCheckBox>("productionCheckBox")));
        }
    }

    void testConnection_cancelAndTimeout_withAServerThatNeverAnswers()
    {
        Test::HttpTestServer server;
        QVERIFY(server.listen());
        server.route("GET", QStringLiteral("/api/2/apps"),
            Test::HttpTestResponse::failure(Test::HttpTestResponse::Fault::NeverAnswer));
        Account a;
        a.name = QStringLiteral("silent");
        a.service = QStringLiteral("hockeyapp");
        a.baseUrl = server.url(QStringLiteral("/api/2"));
        QVERIFY(m_workspace->accountStore().save(a));
        m_store->insert(CredentialStore::keyFor(a.name, QStringLiteral("token")), "0123456789abcdef");
        m_dialog.reset();
        m_dialog = std::make_unique<AccountsDialog>(m_workspace.get());
        m_dialog->show();
        m_dialog->selectAccount(a.name);
        QVERIFY(m_dialog->isEditing());

        auto* cancel = child<QPushButton>("cancelTestButton");
        QVERIFY(cancel && !cancel->isVisible());
        QSignalSpy tested(m_dialog.get(), &AccountsDialog::connectionTested);
        QSignalSpy started(&server, &Test::HttpTestServer::requestStarted);
        QTest::mouseClick(child<QPushButton>("testConnectionButton"), Qt::LeftButton);
        QVERIFY(m_dialog->isTestingConnection());
        QVERIFY(cancel->isVisible());
        QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
        QVERIFY(started.wait()); // the request is at the server, which keeps quiet
        QCOMPARE(tested.count(), 0);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(tested.count(), 1);
        QCOMPARE(tested.first().at(0).toBool(), false);
        QVERIFY(tested.first().at(1).toString().contains(QLatin1String("cancelled")));
        QVERIFY(!cancel->isVisible());
        QVERIFY(!m_dialog->isTestingConnection());
        QVERIFY(child<QPushButton>("saveButton")->isEnabled());

        // The timeout gives up by itself (a short one here; the dialog's is kTestConnectionTimeoutMs).
        QVERIFY(AccountsDialog::kTestConnectionTimeoutMs <= 30000);
        m_dialog->setTestConnectionTimeout(200);
        m_dialog->testConnection();
        QTRY_COMPARE(tested.count(), 2);
        QCOMPARE(tested.last().at(0).toBool(), false);
        QVERIFY2(tested.last().at(1).toString().contains(QLatin1String("no answer")),
            qPrintable(tested.last().at(1).toString()));
    }

    void localLibrary_isListedReadOnly()
    {
        auto* list = child<QListWidget>("accountListWidget");
        QVERIFY(list->count() >= 1);
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("local"));
        list->setCurrentRow(0);
        auto* panel = m_dialog->findChild<QWidget*>(QStringLiteral("localLibraryPanel"));
        QVERIFY(panel && panel->isVisible());
        QVERIFY(child<QLabel>("localLibraryPathLabel")
                    ->text()
                    .contains(QDir::toNativeSeparators(m_workspace->libraryPath())));
        QVERIFY(child<QPushButton>("openLibraryFolderButton")->isVisible());
        QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
        QVERIFY(!child<QPushButton>("removeButton")->isEnabled());
        QVERIFY(!child<QCheckBox>("productionCheckBox")->isChecked()); // the Local library is not production
        // Back to a new account: the form is editable again.
        m_dialog->startNewAccount(QStringLiteral("hockeyapp"));
        QVERIFY(!panel->isVisible());
        QVERIFY(child<QPushButton>("saveButton")->isEnabled());
    }

    void nameHint_perService()
    {
        auto* name = child<QLineEdit>("nameLineEdit");
        for (const QString& service : {QStringLiteral("appstoreconnect"), QStringLiteral("managexr")}) {
            m_dialog->startNewAccount(service);
            const ServiceInfo* info = ProviderRegistry::service(service);
            QVERIFY(info && !info->nameHint.isEmpty());
            QVERIFY2(name->placeholderText().contains(info->nameHint), qPrintable(name->placeholderText()));
        }
    }

    void productionFlag_defaultsPerService_andIsSaved()
    {
        auto* production = child<QCheckBox>("productionCheckBox");
        m_dialog->startNewAccount(QStringLiteral("hockeyapp"));
        QVERIFY(!production->isChecked());
        startNew(QStringLiteral("appstoreconnect"), QStringLiteral("asc-prod"));
        QVERIFY(production->isChecked());
        field(QStringLiteral("key-id"))->setText(QStringLiteral("2X9R4HXF34"));
        field(QStringLiteral("private-key"))->setText(QString::fromLatin1(newEcPem("P-256")));
        QSignalSpy saved(m_dialog.get(), &AccountsDialog::accountSaved);
        m_dialog->save();
        QTRY_COMPARE(saved.count(), 1);
        const ServiceInfo* asc = ProviderRegistry::service(QStringLiteral("appstoreconnect"));
        QVERIFY(m_workspace->accountStore().account(QStringLiteral("asc-prod"))->isProduction(asc));

        // Unticked and saved again: no longer a production destination.
        production->setChecked(false);
        m_dialog->save();
        QTRY_COMPARE(saved.count(), 2);
        const auto account = m_workspace->accountStore().account(QStringLiteral("asc-prod"));
        QCOMPARE(account->field(QStringLiteral("production")), QStringLiteral("false"));
        QVERIFY(!account->isProduction(asc));
        m_dialog->selectAccount(QStringLiteral("asc-prod"));
        QVERIFY(!production->isChecked());
    }
};

QTEST_MAIN(TestAccountsDialogChecks)
#include "tst_accountsdialogchecks.moc"
