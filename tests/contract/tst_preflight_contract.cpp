// Contract test: preflight's list requests (apps, versions, builds) against Prism serving the published OpenAPI
// descriptions of ManageXR and App Store Connect (../shared/specs/). Prism runs with --errors, so a request that
// violates the spec is answered 4xx instead of the mock: preflight then reports the live state as unreadable
// ("live-state") or the credentials as refused. Every list request validating shows as a check that compared the
// version code with the versions Prism returned.
#include <testutils/testutils.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <preflight/preflight.h>
#include <providers/provider.h>
#include <session/workspace.h>

using namespace Slipway;

class TestPreflightContract : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void managexr_listRequestsPassValidation();
    void appStoreConnect_listRequestsPassValidation();

private:
    void skipOrFail(const char* why);
    // Starts Prism on `spec` and returns its base URL (empty on failure, with the test failed).
    QUrl startPrism(const QString& spec);
    void addAccount(const Account& account, const QString& secretKey, const QByteArray& secret);
    PreflightResult run(const QString& destination, const QString& file);
    static QString summary(const PreflightResult& result);

    QString m_prismPath;
    QProcess* m_prism = nullptr;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
};

void TestPreflightContract::skipOrFail(const char* why)
{
    if (qEnvironmentVariableIntValue("SLIPWAY_REQUIRE_SHARED") == 1)
        QFAIL(why);
    QSKIP(why);
}

void TestPreflightContract::initTestCase()
{
    m_prismPath
        = qEnvironmentVariable("SLIPWAY_SOURCE_DIR") + QStringLiteral("/tests/contract/node_modules/.bin/prism");
    if (!QFileInfo::exists(m_prismPath))
        skipOrFail("Prism is not installed: run `npm ci` in tests/contract (./scripts/test does)");
    if (Test::corpusDir().isEmpty())
        skipOrFail("../shared is missing (SLIPWAY_SHARED_DIR)");
}

void TestPreflightContract::cleanup()
{
    if (m_prism) {
        m_prism->terminate();
        if (!m_prism->waitForFinished(5000))
            m_prism->kill();
        m_prism->waitForFinished(2000);
        delete m_prism;
        m_prism = nullptr;
    }
    m_workspace.reset();
    m_dir.reset();
}

QUrl TestPreflightContract::startPrism(const QString& spec)
{
    if (!QFileInfo::exists(spec)) {
        qWarning("%s is missing", qPrintable(spec));
        return {};
    }
    quint16 port = 0;
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return {};
        port = probe.serverPort();
    }
    m_prism = new QProcess;
    m_prism->setProcessChannelMode(QProcess::MergedChannels);
    m_prism->start(m_prismPath,
        {QStringLiteral("mock"), spec, QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
            QString::number(port), QStringLiteral("--errors")});
    if (!m_prism->waitForStarted(10000))
        return {};
    // Poll until Prism accepts connections, bounded, woken by its output.
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 180000 && m_prism->state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(500)) {
            m_dir = std::make_unique<QTemporaryDir>();
            Workspace::Options options;
            options.libraryPath = m_dir->filePath(QStringLiteral("library"));
            options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
            options.memorySecrets = true;
            m_workspace = std::make_unique<Workspace>(options);
            return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        }
        m_prism->waitForReadyRead(500);
    }
    qWarning("Prism did not start: %s", m_prism->readAll().constData());
    return {};
}

void TestPreflightContract::addAccount(const Account& account, const QString& secretKey, const QByteArray& secret)
{
    const Slipway::Status saved = m_workspace->accountStore().save(account);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    CredentialJob* job = m_workspace->credentials()->write(CredentialStore::keyFor(account.name, secretKey), secret);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(job->succeeded());
    job->deleteLater();
}

PreflightResult TestPreflightContract::run(const QString& destination, const QString& file)
{
    Preflight preflight(m_workspace.get());
    PublishRequest request;
    request.files = {Test::corpusFile(file)};
    PreflightJob* job = preflight.run(request, preflight.destinationFor(destination));
    if (!job->waitForFinished(60000))
        qWarning("preflight did not finish");
    return job->result();
}

QString TestPreflightContract::summary(const PreflightResult& result)
{
    return QString::fromUtf8(QJsonDocument(result.toJson()).toJson());
}

void TestPreflightContract::managexr_listRequestsPassValidation()
{
    const QUrl base
        = startPrism(qEnvironmentVariable("SLIPWAY_SHARED_DIR") + QStringLiteral("/specs/managexr-openapi.yaml"));
    QVERIFY(base.isValid() && !base.isEmpty());
    Account a;
    a.name = QStringLiteral("mxr-contract");
    a.service = QStringLiteral("managexr");
    a.baseUrl = base;
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("key-id"));
    a.fields.insert(QStringLiteral("organization-id"), QStringLiteral("org_123"));
    addAccount(a, QStringLiteral("key-secret"), "secret");

    // Whatever app Prism's mock lists is the destination; the package is another app, which preflight says after
    // it listed the apps and that app's versions.
    auto provider = m_workspace->provider(QStringLiteral("mxr-contract"));
    QVERIFY(provider);
    AppsJob* apps = provider.value()->fetchApps();
    QVERIFY(apps->waitForFinished(60000));
    QVERIFY2(apps->succeeded(), qPrintable(apps->error().message));
    QVERIFY(!apps->result().isEmpty());
    const PreflightResult r
        = run(QStringLiteral("mxr-contract/") + apps->result().first().id, QStringLiteral("com.politedroid_4.apk"));
    bool versionsCompared = false;
    for (const PreflightCheck& c : r.checks) {
        QVERIFY2((c.check != QLatin1String("live-state") && c.check != QLatin1String("credentials"))
                || c.status == PreflightCheck::Status::Pass,
            qPrintable(summary(r)));
        versionsCompared |= c.check == QLatin1String("version-exists") || c.check == QLatin1String("version-lower");
    }
    QVERIFY2(versionsCompared, qPrintable(summary(r)));
    bool identity = false;
    for (const PreflightCheck& c : r.checks)
        identity |= c.check == QLatin1String("package-id") && c.status == PreflightCheck::Status::Block;
    QVERIFY2(identity, qPrintable(summary(r)));
}

void TestPreflightContract::appStoreConnect_listRequestsPassValidation()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        skipOrFail("openssl is not installed");
    const QUrl base = startPrism(
        qEnvironmentVariable("SLIPWAY_SHARED_DIR") + QStringLiteral("/specs/app-store-connect-openapi.json"));
    QVERIFY(base.isValid() && !base.isEmpty());
    const QString key = m_dir->filePath(QStringLiteral("AuthKey.p8"));
    QProcess p;
    p.start(openssl,
        {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"), key});
    QVERIFY(p.waitForFinished(30000));
    QFile f(key);
    QVERIFY(f.open(QIODevice::ReadOnly));
    Account a;
    a.name = QStringLiteral("asc-contract");
    a.service = QStringLiteral("appstoreconnect");
    a.baseUrl = base;
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34"));
    a.fields.insert(QStringLiteral("issuer-id"), QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
    addAccount(a, QStringLiteral("private-key"), f.readAll());

    // Whatever app Prism's mock lists is the destination: preflight reads its App Store versions and builds.
    auto provider = m_workspace->provider(QStringLiteral("asc-contract"));
    QVERIFY(provider);
    AppsJob* apps = provider.value()->fetchApps();
    QVERIFY(apps->waitForFinished(60000));
    QVERIFY2(apps->succeeded(), qPrintable(apps->error().message));
    QVERIFY(!apps->result().isEmpty());
    const QString appId = apps->result().first().id;

    const PreflightResult r
        = run(QStringLiteral("asc-contract/") + appId, QStringLiteral("shorebird_app_file_space.ipa"));
    bool trainChecked = false;
    for (const PreflightCheck& c : r.checks) {
        QVERIFY2((c.check != QLatin1String("live-state") && c.check != QLatin1String("credentials"))
                || c.status == PreflightCheck::Status::Pass,
            qPrintable(summary(r)));
        trainChecked |= c.check == QLatin1String("version-exists") || c.check == QLatin1String("version-lower");
    }
    QVERIFY2(trainChecked, qPrintable(summary(r)));
}

QTEST_GUILESS_MAIN(TestPreflightContract)
#include "tst_preflight_contract.moc"
