// The Accounts dialog, offscreen, with an in-memory secret store: fill a service's form and save, then check
// the account landed in settings and the secret only in the store; editing never pre-fills a secret; a
// refused keychain offers "keep for this run only"; Test connection reports the app count or the error.
#include <gui/accountsdialog.h>

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <credentials/accountstore.h>
#include <credentials/memorycredentialstore.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

using namespace Slipway;

namespace {

// Answers prompts without showing them, and remembers what was asked.
struct ScriptedPrompts
{
    bool answer = true;
    QStringList asked;
    bool confirm(QWidget*, const QString& title, const QString& text, const QString&)
    {
        asked << title + QLatin1Char('\n') + text;
        return answer;
    }
};

// A provider of the test-only service "fakesvc": lists two apps, or fails like a server would.
class FakeProvider : public Provider
{
public:
    FakeProvider(const Account& account, QObject* parent)
        : Provider(parent)
        , m_account(account)
    { }
    QString accountName() const override { return m_account.name; }
    QString serviceId() const override { return m_account.service; }
    QString displayName() const override { return m_account.name; }
    Capabilities capabilities() const override { return ListApps; }
    AppsJob* fetchApps() override
    {
        auto* job = new AppsJob(this);
        if (m_account.field(QStringLiteral("mode")) == QLatin1String("fail")) {
            Error e(Error::Kind::Auth, QStringLiteral("The server refused the credentials."));
            e.httpStatus = 401;
            e.serverMessage = QStringLiteral("Invalid API token");
            job->fail(e);
        } else {
            job->complete({AppInfo {}, AppInfo {}});
        }
        return job;
    }
    VersionsJob* fetchVersions(const QString&) override
    {
        return failedJob<VersionsJob>(Error(Error::Kind::Unsupported, {}));
    }
    PublishJob* publish(const PublishRequest&) override
    {
        return failedJob<PublishJob>(Error(Error::Kind::Unsupported, {}));
    }

private:
    Account m_account;
};

void registerTestServices()
{
    ServiceInfo fake;
    fake.id = QStringLiteral("fakesvc");
    fake.displayName = QStringLiteral("Fake service");
    fake.defaultBaseUrl = QUrl(QStringLiteral("https://fake.example.com"));
    FieldSpec mode;
    mode.key = QStringLiteral("mode");
    mode.label = QStringLiteral("Mode");
    FieldSpec token;
    token.key = QStringLiteral("token");
    token.label = QStringLiteral("Token");
    token.type = FieldSpec::Type::Secret;
    token.required = true;
    fake.accountFields = {mode, token};
    ProviderRegistry::registerService(
        fake, [](const Account& a, const ProviderContext&, QObject* parent) { return new FakeProvider(a, parent); });
    ServiceInfo none = fake;
    none.id = QStringLiteral("noprovider");
    none.displayName = QStringLiteral("Not built");
    ProviderRegistry::registerService(
        none, [](const Account&, const ProviderContext&, QObject*) -> Provider* { return nullptr; });
}

} // namespace

class TestAccountsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void addManageXr_savesFieldsToSettingsAndSecretToStore();
    void edit_neverPrefillsSecret_emptyKeepsIt();
    void keychainRefused_offersThisRunOnly_declinedWritesNothing();
    void keychainRefused_keepForThisRun_savesWithoutDiskSecret();
    void remove_dropsAccountAndSecret();
    void testConnection_reportsAppCount();
    void testConnection_reportsServerError();
    void testConnection_withoutProvider_saysSo();

private:
    QLineEdit* line(const QString& key) const { return qobject_cast<QLineEdit*>(m_dialog->fieldEditor(key)); }
    void addAccount(const QString& service, const QString& name, const QHash<QString, QString>& values);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    MemoryCredentialStore* m_store = nullptr;
    std::unique_ptr<Gui::AccountsDialog> m_dialog;
    ScriptedPrompts m_prompts;
};

void TestAccountsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    registerTestServices();
}

void TestAccountsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Workspace::Options options;
    options.settingsFile = m_dir->filePath(QStringLiteral("Slipway.ini"));
    options.libraryPath = m_dir->filePath(QStringLiteral("library"));
    options.memorySecrets = true;
    m_workspace = std::make_unique<Workspace>(options);
    m_store = new MemoryCredentialStore(m_workspace.get());
    m_workspace->setCredentialStore(m_store);
    m_dialog = std::make_unique<Gui::AccountsDialog>(m_workspace.get());
    m_prompts = ScriptedPrompts();
    m_dialog->setConfirmFunction([this](QWidget* parent, const QString& title, const QString& text,
                                     const QString& accept) { return m_prompts.confirm(parent, title, text, accept); });
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestAccountsDialog::cleanup()
{
    m_dialog.reset();
    m_workspace.reset();
}

void TestAccountsDialog::addAccount(const QString& service, const QString& name, const QHash<QString, QString>& values)
{
    auto* add = m_dialog->findChild<QPushButton*>(QStringLiteral("addButton"));
    QVERIFY(add);
    QTest::mouseClick(add, Qt::LeftButton);
    auto* combo = m_dialog->findChild<QComboBox*>(QStringLiteral("serviceComboBox"));
    QVERIFY(combo && combo->isEnabled());
    const int index = combo->findData(service);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    auto* nameEdit = m_dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
    QVERIFY(nameEdit);
    nameEdit->clear();
    QTest::keyClicks(nameEdit, name);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        QLineEdit* editor = it.key() == QLatin1String("base-url")
            ? m_dialog->findChild<QLineEdit*>(QStringLiteral("baseUrlLineEdit"))
            : line(it.key());
        QVERIFY2(editor, qPrintable(it.key()));
        editor->clear();
        QTest::keyClicks(editor, it.value());
    }
    QSignalSpy saved(m_dialog.get(), &Gui::AccountsDialog::accountSaved);
    QSignalSpy failed(m_dialog.get(), &Gui::AccountsDialog::saveFailed);
    QTest::mouseClick(m_dialog->findChild<QPushButton*>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_VERIFY(saved.count() + failed.count() > 0);
}

void TestAccountsDialog::addManageXr_savesFieldsToSettingsAndSecretToStore()
{
    addAccount(QStringLiteral("managexr"), QStringLiteral("mxr-prod"),
        {{QStringLiteral("key-id"), QStringLiteral("KID-42")},
            {QStringLiteral("organization-id"), QStringLiteral("org-9")},
            {QStringLiteral("key-secret"), QStringLiteral("super-secret-value")}});
    const std::optional<Account> account = m_workspace->accountStore().account(QStringLiteral("mxr-prod"));
    QVERIFY2(account, qPrintable(m_dialog->statusText()));
    QCOMPARE(account->service, QStringLiteral("managexr"));
    QCOMPARE(account->field(QStringLiteral("key-id")), QStringLiteral("KID-42"));
    QCOMPARE(account->field(QStringLiteral("organization-id")), QStringLiteral("org-9"));
    QVERIFY(!account->fields.contains(QStringLiteral("key-secret")));
    QCOMPARE(m_store->value(CredentialStore::keyFor(QStringLiteral("mxr-prod"), QStringLiteral("key-secret"))),
        QByteArray("super-secret-value"));
    QFile settings(m_workspace->accountStore().settingsFile());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray content = settings.readAll();
    QVERIFY(content.contains("KID-42"));
    QVERIFY(!content.contains("super-secret-value"));
    auto* list = m_dialog->findChild<QListWidget*>(QStringLiteral("accountListWidget"));
    QCOMPARE(list->count(), 2); // the Local library (read-only, first) and the new account
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("local"));
}

void TestAccountsDialog::edit_neverPrefillsSecret_emptyKeepsIt()
{
    addAccount(
        QStringLiteral("hockeyapp"), QStringLiteral("hock"), {{QStringLiteral("token"), QStringLiteral("tok-1")}});
    QVERIFY(m_workspace->accountStore().contains(QStringLiteral("hock")));
    m_dialog->startNewAccount();
    m_dialog->selectAccount(QStringLiteral("hock"));
    QVERIFY(m_dialog->isEditing());
    QLineEdit* token = line(QStringLiteral("token"));
    QVERIFY(token);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QVERIFY(token->text().isEmpty());
    QTRY_VERIFY(token->placeholderText().contains(QLatin1String("Stored")));

    // Change the base URL only: the stored token stays.
    auto* base = m_dialog->findChild<QLineEdit*>(QStringLiteral("baseUrlLineEdit"));
    base->setText(QStringLiteral("https://hockey.example.com/api/2"));
    QSignalSpy saved(m_dialog.get(), &Gui::AccountsDialog::accountSaved);
    m_dialog->save();
    QVERIFY(saved.wait());
    QCOMPARE(m_workspace->accountStore().account(QStringLiteral("hock"))->baseUrl,
        QUrl(QStringLiteral("https://hockey.example.com/api/2")));
    QCOMPARE(
        m_store->value(CredentialStore::keyFor(QStringLiteral("hock"), QStringLiteral("token"))), QByteArray("tok-1"));
    QVERIFY(line(QStringLiteral("token"))->text().isEmpty());

    // Rename: the secret moves with the account.
    auto* nameEdit = m_dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
    nameEdit->setText(QStringLiteral("hock2"));
    m_dialog->save();
    QVERIFY(saved.wait());
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("hock")));
    QCOMPARE(
        m_store->value(CredentialStore::keyFor(QStringLiteral("hock2"), QStringLiteral("token"))), QByteArray("tok-1"));
    QVERIFY(!m_store->contains(CredentialStore::keyFor(QStringLiteral("hock"), QStringLiteral("token"))));
}

void TestAccountsDialog::keychainRefused_offersThisRunOnly_declinedWritesNothing()
{
    m_store->setFailure(Error(Error::Kind::Keychain,
        QStringLiteral("No keyring service is running: install and start "
                       "gnome-keyring or KWallet.")));
    m_prompts.answer = false;
    addAccount(QStringLiteral("applivery"), QStringLiteral("apl"),
        {{QStringLiteral("organization-id"), QStringLiteral("acme")},
            {QStringLiteral("token"), QStringLiteral("t0k")}});
    QCOMPARE(m_prompts.asked.size(), 1);
    QVERIFY(m_prompts.asked.first().contains(QLatin1String("No keyring service is running")));
    QVERIFY(m_prompts.asked.first().contains(QLatin1String("this run only")));
    QVERIFY(m_dialog->statusText().contains(QLatin1String("No keyring service is running")));
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("apl")));
    QVERIFY(!QFile::exists(m_workspace->accountStore().settingsFile()));
    QVERIFY(m_store->keys().isEmpty());
}

void TestAccountsDialog::keychainRefused_keepForThisRun_savesWithoutDiskSecret()
{
    m_store->setFailure(Error(Error::Kind::Keychain, QStringLiteral("The keyring is locked.")));
    m_prompts.answer = true;
    addAccount(QStringLiteral("applivery"), QStringLiteral("apl"),
        {{QStringLiteral("organization-id"), QStringLiteral("acme")},
            {QStringLiteral("token"), QStringLiteral("t0k")}});
    QCOMPARE(m_prompts.asked.size(), 1);
    QVERIFY(m_workspace->accountStore().contains(QStringLiteral("apl")));
    QCOMPARE(
        m_store->value(CredentialStore::keyFor(QStringLiteral("apl"), QStringLiteral("token"))), QByteArray("t0k"));
    QVERIFY(m_dialog->statusText().contains(QLatin1String("this run only")));
    QFile settings(m_workspace->accountStore().settingsFile());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(!settings.readAll().contains("t0k"));
}

void TestAccountsDialog::remove_dropsAccountAndSecret()
{
    addAccount(QStringLiteral("hockeyapp"), QStringLiteral("gone"), {{QStringLiteral("token"), QStringLiteral("x")}});
    m_dialog->selectAccount(QStringLiteral("gone"));
    QSignalSpy removed(m_dialog.get(), &Gui::AccountsDialog::accountRemoved);
    QTest::mouseClick(m_dialog->findChild<QPushButton*>(QStringLiteral("removeButton")), Qt::LeftButton);
    QVERIFY(removed.wait());
    QVERIFY(!m_workspace->accountStore().contains(QStringLiteral("gone")));
    QVERIFY(!m_store->contains(CredentialStore::keyFor(QStringLiteral("gone"), QStringLiteral("token"))));
}

void TestAccountsDialog::testConnection_reportsAppCount()
{
    addAccount(QStringLiteral("fakesvc"), QStringLiteral("fake-ok"), {{QStringLiteral("token"), QStringLiteral("x")}});
    QVERIFY(m_dialog->isEditing());
    QSignalSpy tested(m_dialog.get(), &Gui::AccountsDialog::connectionTested);
    QTest::mouseClick(m_dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
    QTRY_COMPARE(tested.count(), 1);
    QCOMPARE(tested.first().at(0).toBool(), true);
    QVERIFY2(
        tested.first().at(1).toString().contains(QLatin1String("2 app")), qPrintable(tested.first().at(1).toString()));
}

void TestAccountsDialog::testConnection_reportsServerError()
{
    addAccount(QStringLiteral("fakesvc"), QStringLiteral("fake-bad"),
        {{QStringLiteral("mode"), QStringLiteral("fail")}, {QStringLiteral("token"), QStringLiteral("x")}});
    QSignalSpy tested(m_dialog.get(), &Gui::AccountsDialog::connectionTested);
    m_dialog->testConnection();
    QTRY_COMPARE(tested.count(), 1);
    QCOMPARE(tested.first().at(0).toBool(), false);
    QVERIFY2(tested.first().at(1).toString().contains(QLatin1String("Invalid API token")),
        qPrintable(tested.first().at(1).toString()));
}

void TestAccountsDialog::testConnection_withoutProvider_saysSo()
{
    addAccount(QStringLiteral("noprovider"), QStringLiteral("later"), {{QStringLiteral("token"), QStringLiteral("x")}});
    QSignalSpy tested(m_dialog.get(), &Gui::AccountsDialog::connectionTested);
    m_dialog->testConnection();
    QCOMPARE(tested.count(), 1);
    QCOMPARE(tested.first().at(0).toBool(), false);
    QVERIFY(tested.first().at(1).toString().contains(QLatin1String("no provider")));
}

QTEST_MAIN(TestAccountsDialog)
#include "tst_accountsdialog.moc"
