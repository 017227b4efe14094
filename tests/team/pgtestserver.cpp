#include "pgtestserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <credentials/credentialstore.h>
#include <providers/team/teamprovider.h>
#include <unistd.h>

namespace Slipway::Test {

PgTestServer::PgTestServer()
    : m_root(::geteuid() == 0)
{ }

PgTestServer::~PgTestServer()
{
    stop();
}

QString PgTestServer::binDir()
{
    // Debian installs each major version under /usr/lib/postgresql/<major>/bin; the newest wins.
    QDir base(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = base.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(
        versions.begin(), versions.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions) {
        const QString bin = base.filePath(v + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")) && QFile::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    return {};
}

QString PgTestServer::socketDir() const
{
    return m_dir ? m_dir->path() : QString();
}

QString PgTestServer::caFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("ca.crt")) : QString();
}

QString PgTestServer::url(const QString& user, const QString& database, const QString& host) const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(m_port).arg(database);
}

QStringList PgTestServer::asServerUser(const QString& program, const QStringList& args) const
{
    if (!m_root)
        return QStringList {program} + args;
    return QStringList {
               QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), program}
    + args;
}

bool PgTestServer::run(const QString& program, const QStringList& args, QString* why, int timeoutMs) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir->path());
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (why) {
            *why = QStringLiteral("%1 %2 failed: %3")
                       .arg(program, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
        }
        return false;
    }
    return true;
}

bool PgTestServer::makeCertificates(QString* why)
{
    const QString dir = m_dir->path();
    auto openssl = [&](const QStringList& args) { return run(QStringLiteral("openssl"), args, why); };
    QFile ext(dir + QStringLiteral("/san.ext"));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    ext.close();
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
               QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
               QStringLiteral("-subj"), QStringLiteral("/CN=Slipway test CA"), QStringLiteral("-keyout"),
               dir + QStringLiteral("/ca.key"), QStringLiteral("-out"), dir + QStringLiteral("/ca.crt")})
        && openssl(
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-keyout"),
                dir + QStringLiteral("/server.key"), QStringLiteral("-out"), dir + QStringLiteral("/server.csr")})
        && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
            dir + QStringLiteral("/server.csr"), QStringLiteral("-CA"), dir + QStringLiteral("/ca.crt"),
            QStringLiteral("-CAkey"), dir + QStringLiteral("/ca.key"), QStringLiteral("-CAcreateserial"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), dir + QStringLiteral("/san.ext"),
            QStringLiteral("-out"), dir + QStringLiteral("/server.crt")});
}

bool PgTestServer::start(const Options& options, QString* why)
{
    m_options = options;
    const QString bin = binDir();
    if (bin.isEmpty()) {
        *why = QStringLiteral("PostgreSQL is not installed");
        return false;
    }
    // Short: a Unix socket path may not exceed 107 bytes.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/slipway-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        *why = QStringLiteral("no temporary folder: %1").arg(m_dir->errorString());
        return false;
    }
    m_data = m_dir->filePath(QStringLiteral("data"));
    if (options.tls && !makeCertificates(why))
        return false;
    if (m_root && !run(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("nobody"), m_dir->path()}, why))
        return false;
    QFile::setPermissions(m_dir->filePath(QStringLiteral("server.key")), QFile::ReadOwner | QFile::WriteOwner);
    {
        QFile pw(m_dir->filePath(QStringLiteral("pwfile")));
        if (!pw.open(QIODevice::WriteOnly))
            return false;
        pw.write(passwordOf(QStringLiteral("postgres")).toUtf8() + '\n');
        pw.close();
        if (m_root)
            run(QStringLiteral("chown"), {QStringLiteral("nobody"), pw.fileName()}, why);
    }
    const QStringList init = asServerUser(bin + QStringLiteral("/initdb"),
        {QStringLiteral("-D"), m_data, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-E"),
            QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--auth-local=trust"),
            QStringLiteral("--auth-host=scram-sha-256"),
            QStringLiteral("--pwfile=") + m_dir->filePath(QStringLiteral("pwfile")), QStringLiteral("--no-sync")});
    if (!run(init.first(), init.mid(1), why))
        return false;
    QFile conf(m_data + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append))
        return false;
    conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nlisten_addresses = '127.0.0.1'\n"
               "max_connections = 50\n");
    if (options.tls) {
        conf.write(QStringLiteral("ssl = on\nssl_cert_file = '%1/server.crt'\nssl_key_file = '%1/server.key'\n")
                       .arg(m_dir->path())
                       .toUtf8());
    }
    conf.close();
    return restart(why);
}

bool PgTestServer::restart(QString* why)
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (m_port == 0 || attempt > 0) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                *why = QStringLiteral("no free port");
                return false;
            }
            m_port = probe.serverPort();
        }
        const QStringList ctl = asServerUser(binDir() + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_dir->filePath(QStringLiteral("server.log")),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                QStringLiteral("-p %1 -k %2").arg(m_port).arg(m_dir->path()), QStringLiteral("start")});
        if (run(ctl.first(), ctl.mid(1), why)) {
            m_running = true;
            return true;
        }
        QFile log(m_dir->filePath(QStringLiteral("server.log")));
        if (log.open(QIODevice::ReadOnly))
            *why += QStringLiteral("\nserver.log: ") + QString::fromLocal8Bit(log.readAll().right(2000));
    }
    return false;
}

bool PgTestServer::stop()
{
    if (!m_running)
        return true;
    m_running = false;
    const QStringList ctl = asServerUser(binDir() + QStringLiteral("/pg_ctl"),
        {QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
            QStringLiteral("stop")});
    return run(ctl.first(), ctl.mid(1), nullptr);
}

QString PgTestServer::psql(const QString& sql, const QString& database, QString* error) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(binDir() + QStringLiteral("/psql"),
        {QStringLiteral("-h"), socketDir(), QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-U"),
            QStringLiteral("postgres"), QStringLiteral("-d"), database, QStringLiteral("-X"), QStringLiteral("-q"),
            QStringLiteral("-A"), QStringLiteral("-t"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
            QStringLiteral("-c"), sql});
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        if (error)
            *error = QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

Account PgTestServer::teamAccount(const QString& name, const QString& user) const
{
    Account account;
    account.name = name;
    account.service = QStringLiteral("team");
    account.fields.insert(TeamKeys::url, url(user));
    account.fields.insert(TeamKeys::sslmode, QStringLiteral("disable"));
    return account;
}

bool PgTestServer::storePassword(CredentialStore& store, const Account& account, const QString& user)
{
    auto* write = store.write(CredentialStore::keyFor(account.name, TeamKeys::password), passwordOf(user).toUtf8());
    const bool ok = write->waitForFinished(5000) && write->succeeded();
    write->deleteLater();
    return ok;
}

bool PgTestServer::createStandardUsers(QString* why)
{
    QString error;
    psql(QStringLiteral("CREATE DATABASE slipway"), QStringLiteral("postgres"), &error);
    for (const QString& user : {QStringLiteral("admin"), QStringLiteral("alice"), QStringLiteral("bob")}) {
        psql(QStringLiteral("CREATE ROLE %1 LOGIN %2 PASSWORD '%3'")
                 .arg(user, user == QLatin1String("admin") ? QStringLiteral("SUPERUSER") : QString(), passwordOf(user)),
            QStringLiteral("postgres"), &error);
    }
    if (!error.isEmpty()) {
        *why = error;
        return false;
    }
    return true;
}

} // namespace Slipway::Test
