// `slipway-cli accounts` end to end, as a user runs it: accounts of every service added with their secrets,
// then every file under the config, data, cache and home locations and every byte the CLI printed searched
// for those secrets (zero hits); the secrets are in the keyring instead (secret-tool finds them). Without any
// Secret Service the CLI says exactly what is wrong, exits with the keychain code and writes nothing.
#include "keyringtest.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <common/error.h>
#include <credentials/credentialstore.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace Slipway;

using Test::CliRun;

namespace {

QString randomSecret(const char* prefix)
{
    return QStringLiteral("%1-%2%3")
        .arg(QLatin1String(prefix))
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

// A fresh EC P-256 private key in PKCS#8 PEM, like an App Store Connect AuthKey_*.p8.
QByteArray newP256Pem()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
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

class TestAccountsCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void addHelp_listsEveryServiceAndKey();
    void addEveryService_secretsOnlyInKeyring();
    void rename_keepsSecret_remove_deletesIt();
    void invalidAppStoreConnectKey_refusedAndNothingWritten();
    void secretOnCommandLine_refused();
    void accountFieldErrors_hintTheCommandThatFixesThem();
    void noSecretService_specificErrorAndNothingWritten();
    void list_showsProductionFlag();

private:
    CliRun run(const QStringList& args, const QByteArray& stdinData = {}, const QProcessEnvironment& env = {});
    QProcessEnvironment environment() const;
    QStringList filesUnder(const QString& dir) const;
    static QByteArray secretToolLookup(const QString& key);

    std::unique_ptr<QTemporaryDir> m_root; // HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME of the CLI
    std::unique_ptr<QTemporaryDir> m_input; // files the user passes (outside the scanned locations)
};

void TestAccountsCli::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    m_input = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid() && m_input->isValid());
    for (const char* sub : {"home", "config", "data", "cache"})
        QVERIFY(QDir(m_root->path()).mkpath(QLatin1String(sub)));
    QVERIFY2(QFileInfo::exists(Test::cliPath()), qPrintable(Test::cliPath()));
}

QProcessEnvironment TestAccountsCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_root->filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_root->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_root->filePath(QStringLiteral("cache")));
    env.remove(QStringLiteral("SLIPWAY_LIBRARY"));
    // Logging on, so a secret that reached a log line would be caught by the output scan too.
    env.insert(QStringLiteral("SLIPWAY_DEBUG"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("slipway.*=true"));
    return env;
}

CliRun TestAccountsCli::run(const QStringList& args, const QByteArray& stdinData, const QProcessEnvironment& env)
{
    return Test::runCli(args, env.isEmpty() ? environment() : env, stdinData, 30000);
}

QStringList TestAccountsCli::filesUnder(const QString& dir) const
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(it.next());
    return out;
}

QByteArray TestAccountsCli::secretToolLookup(const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("Slipway"), QStringLiteral("user"), key});
    if (!p.waitForFinished(15000))
        return {};
    return p.readAllStandardOutput();
}

void TestAccountsCli::addHelp_listsEveryServiceAndKey()
{
    const CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    for (const char* s : {"local", "managexr", "appstoreconnect", "akana", "applivery", "hockeyapp", "base-url",
             "key-id", "key-secret", "organization-id", "hosting-folder", "hosting-base-url", "issuer-id",
             "private-key", "email", "password", "token", "--secret-stdin", "--secret-file"}) {
        QVERIFY2(text.contains(QLatin1String(s)), s);
    }
}

void TestAccountsCli::addEveryService_secretsOnlyInKeyring()
{
    SLIPWAY_REQUIRE_KEYRING();
    const QByteArray pem = newP256Pem();
    QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    const QString p8 = m_input->filePath(QStringLiteral("AuthKey_TEST123.p8"));
    {
        QFile f(p8);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(pem);
    }
    const QByteArray mxrSecret = randomSecret("mxr").toUtf8();
    const QByteArray akanaPassword = randomSecret("akana").toUtf8();
    const QByteArray applivery = randomSecret("applivery").toUtf8();
    const QByteArray hockey = randomSecret("hockey").toUtf8();
    const QString tag = QString::number(QRandomGenerator::global()->generate(), 16);

    struct Add
    {
        QStringList args;
        QByteArray stdinData;
        QString secretKey;
        QByteArray secret;
    };
    const QString mxr = QStringLiteral("mxr-") + tag, asc = QStringLiteral("asc-") + tag,
                  akana = QStringLiteral("akana-") + tag, apl = QStringLiteral("apl-") + tag,
                  hock = QStringLiteral("hock-") + tag, lib = QStringLiteral("lib-") + tag;
    const QList<Add> adds = {
        {{QStringLiteral("managexr"), QStringLiteral("--name"), mxr, QStringLiteral("--set"),
             QStringLiteral("key-id=KID-1"), QStringLiteral("--set"), QStringLiteral("organization-id=org-7"),
             QStringLiteral("--secret-stdin")},
            mxrSecret + '\n', CredentialStore::keyFor(mxr, QStringLiteral("key-secret")), mxrSecret},
        {{QStringLiteral("appstoreconnect"), QStringLiteral("--name"), asc, QStringLiteral("--set"),
             QStringLiteral("issuer-id=69a6de70-03db-47e3-e053-5b8c7c11a4d1"), QStringLiteral("--set"),
             QStringLiteral("key-id=TEST123"), QStringLiteral("--secret-file"), p8},
            {}, CredentialStore::keyFor(asc, QStringLiteral("private-key")), pem},
        {{QStringLiteral("akana"), QStringLiteral("--name"), akana, QStringLiteral("--set"),
             QStringLiteral("base-url=https://portal.example.com"), QStringLiteral("--set"),
             QStringLiteral("email=rm@example.com"), QStringLiteral("--secret-stdin")},
            akanaPassword, CredentialStore::keyFor(akana, QStringLiteral("password")), akanaPassword},
        {{QStringLiteral("applivery"), QStringLiteral("--name"), apl, QStringLiteral("--set"),
             QStringLiteral("organization-id=acme"), QStringLiteral("--secret-stdin")},
            applivery, CredentialStore::keyFor(apl, QStringLiteral("token")), applivery},
        {{QStringLiteral("hockeyapp"), QStringLiteral("--name"), hock, QStringLiteral("--secret-stdin")}, hockey,
            CredentialStore::keyFor(hock, QStringLiteral("token")), hockey},
        {{QStringLiteral("local"), QStringLiteral("--name"), lib, QStringLiteral("--set"),
             QStringLiteral("path=") + m_root->filePath(QStringLiteral("data/other-library"))},
            {}, {}, {}},
    };

    QByteArray allOutput;
    for (const Add& a : adds) {
        const CliRun r = run(QStringList {QStringLiteral("accounts"), QStringLiteral("add")} + a.args, a.stdinData);
        allOutput += r.out + r.err;
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    for (const QStringList& args : {QStringList {QStringLiteral("accounts"), QStringLiteral("list")},
             QStringList {QStringLiteral("accounts"), QStringLiteral("list"), QStringLiteral("--json")}}) {
        const CliRun r = run(args);
        QCOMPARE(r.exitCode, 0);
        allOutput += r.out + r.err;
        for (const QString& name : {mxr, asc, akana, apl, hock, lib})
            QVERIFY2(r.out.contains(name.toUtf8()), qPrintable(name));
    }
    QVERIFY(allOutput.contains("stored"));

    // The non-secret fields are in the settings file, so the scan below looks at the right place.
    const QStringList files = filesUnder(m_root->path());
    QByteArray settings;
    for (const QString& f : files) {
        if (f.endsWith(QLatin1String("Slipway.ini"))) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            settings = file.readAll();
        }
    }
    QVERIFY2(settings.contains("KID-1") && settings.contains("rm@example.com") && settings.contains("TEST123")
            && settings.contains("org-7"),
        "the account settings were not written under XDG_CONFIG_HOME");

    // Zero hits for any secret (or its base64 form, or the PEM key's body) in any file or in the output.
    QList<QByteArray> needles;
    for (const Add& a : adds) {
        if (a.secret.isEmpty())
            continue;
        needles << a.secret << a.secret.toBase64();
    }
    const QList<QByteArray> pemLines = pem.split('\n');
    QVERIFY(pemLines.size() > 3);
    needles << pemLines.at(1) << pemLines.at(2); // the base64 body of the key
    for (const QString& f : files) {
        QFile file(f);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(f));
        const QByteArray content = file.readAll();
        for (const QByteArray& n : std::as_const(needles))
            QVERIFY2(!content.contains(n), qPrintable(QStringLiteral("a secret was found in %1").arg(f)));
    }
    for (const QByteArray& n : std::as_const(needles))
        QVERIFY2(!allOutput.contains(n), "a secret was printed by slipway-cli");

    // Instead they are in the keyring, where an independent client reads them.
    for (const Add& a : adds) {
        if (!a.secretKey.isEmpty())
            QCOMPARE(secretToolLookup(a.secretKey), a.secret);
    }

    // Removing the accounts removes their keychain entries.
    for (const Add& a : adds) {
        const CliRun r = run({QStringLiteral("accounts"), QStringLiteral("remove"), a.args.at(2)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        if (!a.secretKey.isEmpty())
            QVERIFY(secretToolLookup(a.secretKey).isEmpty());
    }
}

void TestAccountsCli::rename_keepsSecret_remove_deletesIt()
{
    SLIPWAY_REQUIRE_KEYRING();
    const QString tag = QString::number(QRandomGenerator::global()->generate(), 16);
    const QString from = QStringLiteral("stage-") + tag, to = QStringLiteral("prod-") + tag;
    const QByteArray token = randomSecret("tok").toUtf8();
    CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"),
                       QStringLiteral("--name"), from, QStringLiteral("--secret-stdin")},
        token);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run({QStringLiteral("accounts"), QStringLiteral("rename"), from, to});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(secretToolLookup(CredentialStore::keyFor(to, QStringLiteral("token"))), token);
    QVERIFY(secretToolLookup(CredentialStore::keyFor(from, QStringLiteral("token"))).isEmpty());
    r = run({QStringLiteral("accounts"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY(r.out.contains(to.toUtf8()) && !r.out.contains(from.toUtf8()));
    r = run({QStringLiteral("accounts"), QStringLiteral("remove"), to});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(secretToolLookup(CredentialStore::keyFor(to, QStringLiteral("token"))).isEmpty());
    r = run({QStringLiteral("accounts"), QStringLiteral("remove"), to});
    QCOMPARE(r.exitCode, 6); // not found
}

void TestAccountsCli::invalidAppStoreConnectKey_refusedAndNothingWritten()
{
    const QString p8 = m_input->filePath(QStringLiteral("not-a-key.p8"));
    {
        QFile f(p8);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a key\n");
    }
    const CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("appstoreconnect"),
        QStringLiteral("--name"), QStringLiteral("asc"), QStringLiteral("--set"), QStringLiteral("key-id=K"),
        QStringLiteral("--secret-file"), p8});
    QCOMPARE(r.exitCode, 3); // validation
    QVERIFY2(r.err.contains("not a PEM private key"), r.err.constData());
    QVERIFY(filesUnder(m_root->path()).isEmpty());
}

void TestAccountsCli::secretOnCommandLine_refused()
{
    const CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"),
        QStringLiteral("--name"), QStringLiteral("h"), QStringLiteral("--set"), QStringLiteral("token=abc")});
    QCOMPARE(r.exitCode, 3); // validation
    QVERIFY2(r.err.contains("--secret-stdin"), r.err.constData());
    QVERIFY(filesUnder(m_root->path()).isEmpty());
}

void TestAccountsCli::accountFieldErrors_hintTheCommandThatFixesThem()
{
    SLIPWAY_REQUIRE_KEYRING();
    // The core blames the base URL (Error::field "account:base-url"); `accounts add` names its own option.
    CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("akana"),
                       QStringLiteral("--name"), QStringLiteral("portal"), QStringLiteral("--set"),
                       QStringLiteral("email=rm@example.com"), QStringLiteral("--secret-stdin")},
        "pw");
    QCOMPARE(r.exitCode, 3); // validation
    QVERIFY2(r.err.startsWith("slipway-cli: error: Akana"), r.err.constData());
    QVERIFY2(r.err.endsWith(" needs a base URL. (use --set base-url=VALUE)\n"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(filesUnder(m_root->path()).isEmpty());

    // A saved account whose secret is gone: the hint is the command that stores it again.
    const QString name = QStringLiteral("hint-") + QString::number(QRandomGenerator::global()->generate(), 16);
    r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"), QStringLiteral("--name"),
                name, QStringLiteral("--secret-stdin")},
        randomSecret("hint").toUtf8());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QProcess clear;
    clear.start(QStringLiteral("secret-tool"),
        {QStringLiteral("clear"), QStringLiteral("server"), QStringLiteral("Slipway"), QStringLiteral("user"),
            CredentialStore::keyFor(name, QStringLiteral("token"))});
    QVERIFY(clear.waitForFinished(15000));
    QVERIFY(secretToolLookup(CredentialStore::keyFor(name, QStringLiteral("token"))).isEmpty());
    r = run({QStringLiteral("apps"), QStringLiteral("--account"), name});
    QCOMPARE(r.exitCode, 5); // auth
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(QStringLiteral("(use `slipway-cli accounts edit %1 --secret-stdin`)").arg(name).toUtf8()),
        r.err.constData());
    r = run({QStringLiteral("accounts"), QStringLiteral("remove"), name});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestAccountsCli::noSecretService_specificErrorAndNothingWritten()
{
    // A session bus address that leads nowhere: no Secret Service can be reached (and none is auto-started).
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
        QStringLiteral("unix:path=") + m_input->filePath(QStringLiteral("no-such-bus")));
    for (const char* v : {"XDG_CURRENT_DESKTOP", "KDE_FULL_SESSION", "DESKTOP_SESSION", "DISPLAY", "WAYLAND_DISPLAY"})
        env.remove(QLatin1String(v));
    const QByteArray token = randomSecret("nobus").toUtf8();
    const CliRun r = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"),
                             QStringLiteral("--name"), QStringLiteral("offline"), QStringLiteral("--secret-stdin")},
        token, env);
    QCOMPARE(r.exitCode, 5); // keychain
    QVERIFY2(r.err.contains("No keyring service is running"), r.err.constData());
    QVERIFY2(r.err.contains("gnome-keyring or KWallet"), r.err.constData());
    QVERIFY2(r.err.contains("Nothing was saved"), r.err.constData());
    QVERIFY(!r.err.contains(token) && !r.out.contains(token));
    // Nothing on disk: no settings file, no fallback file, nothing at all.
    const QStringList files = filesUnder(m_root->path());
    QVERIFY2(files.isEmpty(), qPrintable(files.join(QLatin1String(", "))));

    // And the account is not listed.
    const CliRun list = run({QStringLiteral("accounts"), QStringLiteral("list"), QStringLiteral("--json")}, {}, env);
    QCOMPARE(list.exitCode, 0);
    QVERIFY(!list.out.contains("offline"));
}

// Preflight (issue 12): each account's production flag, the service's default until set.
void TestAccountsCli::list_showsProductionFlag()
{
    const QString name = QStringLiteral("lib-prod");
    CliRun r
        = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("local"), QStringLiteral("--name"),
            name, QStringLiteral("--set"), QStringLiteral("path=") + m_root->filePath(QStringLiteral("data/prod"))});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto listed = [this](const QString& account) {
        const CliRun list = run({QStringLiteral("accounts"), QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array()) {
            if (v.toObject().value(QStringLiteral("name")).toString() == account)
                return v.toObject();
        }
        return QJsonObject();
    };
    QJsonObject o = listed(name);
    QVERIFY(o.contains(QStringLiteral("production")));
    QCOMPARE(o.value(QStringLiteral("production")).toBool(), false); // the Local library's default
    QCOMPARE(o.value(QStringLiteral("productionIsDefault")).toBool(), true);
    r = run({QStringLiteral("accounts"), QStringLiteral("list")});
    QVERIFY2(r.out.contains("production: no (the Local library default"), r.out.constData());

    r = run({QStringLiteral("accounts"), QStringLiteral("edit"), name, QStringLiteral("--set"),
        QStringLiteral("production=true")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    o = listed(name);
    QCOMPARE(o.value(QStringLiteral("production")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("productionIsDefault")).toBool(), false);
    r = run({QStringLiteral("accounts"), QStringLiteral("list")});
    const qsizetype at = r.out.indexOf(QByteArray(name.toUtf8() + "  ("));
    QVERIFY2(at >= 0, r.out.constData());
    QVERIFY2(r.out.mid(at).contains("    production: yes\n"), r.out.constData());
    QVERIFY2(!r.out.mid(at).contains("production: true"), r.out.constData()); // once, not also as a raw field
}

QTEST_GUILESS_MAIN(TestAccountsCli)
#include "tst_accountscli.moc"
