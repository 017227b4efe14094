#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <domain/account.h>
#include <memory>

namespace Slipway {
class CredentialStore;
}

namespace Slipway::Test {

// A throwaway PostgreSQL server for one test program: initdb + pg_ctl from Debian's postgresql packages in a
// temporary folder, listening on 127.0.0.1 at a free port (and a Unix socket in that folder), stopped and removed
// at the end. Run as the unprivileged user "nobody" when the tests run as root (initdb refuses root). Each test
// program starts its own, so tests pass in any order and in parallel.
//
// Administration goes through the Unix socket as the superuser "postgres" (trust); clients connect over TCP with a
// password (scram-sha-256), like a real team library.
class PgTestServer
{
public:
    struct Options
    {
        bool tls = false; // ssl=on with a certificate for localhost/127.0.0.1 signed by a fresh CA (caFile())
    };

    PgTestServer();
    ~PgTestServer();

    // The folder of PostgreSQL's programs (initdb, pg_ctl, postgres); empty when PostgreSQL is not installed.
    static QString binDir();

    // Starts the server; false and `why` when it cannot.
    bool start(const Options& options, QString* why);
    bool start(QString* why) { return start(Options(), why); }
    // Stops it at once (as a crash would; clients see their connection drop) and starts it again.
    bool stop();
    bool restart(QString* why);
    bool isRunning() const { return m_running; }

    int port() const { return m_port; }
    QString socketDir() const;
    QString caFile() const;
    // postgresql://USER@HOST:PORT/DATABASE over TCP.
    QString url(const QString& user, const QString& database = QStringLiteral("slipway"),
        const QString& host = QStringLiteral("127.0.0.1")) const;

    // Runs SQL as the superuser through psql; the output (unaligned, tuples only) or an empty string and `error`.
    QString psql(
        const QString& sql, const QString& database = QStringLiteral("slipway"), QString* error = nullptr) const;
    // Creates the database "slipway" and the logins used by the tests: admin (superuser), alice, bob (password
    // "secret-<name>").
    bool createStandardUsers(QString* why);

    static QString passwordOf(const QString& user) { return QStringLiteral("secret-") + user; }
    // A team library account named `name` that signs in as `user` over TCP without TLS.
    Account teamAccount(const QString& name, const QString& user) const;
    // Puts `user`'s password into `store` under `account`'s password key; false when the store refuses.
    static bool storePassword(CredentialStore& store, const Account& account, const QString& user);

private:
    bool run(const QString& program, const QStringList& args, QString* why, int timeoutMs = 120000) const;
    QStringList asServerUser(const QString& program, const QStringList& args) const;
    bool makeCertificates(QString* why);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
    int m_port = 0;
    bool m_running = false;
    bool m_root = false;
    Options m_options;
};

} // namespace Slipway::Test

// Skips the test when PostgreSQL is not installed, or fails it under SLIPWAY_REQUIRE_SHARED=1; fails when it is
// installed but the server does not start.
#define SLIPWAY_START_POSTGRES(server, options)                                                                        \
    do {                                                                                                               \
        if (Slipway::Test::PgTestServer::binDir().isEmpty()) {                                                         \
            if (qEnvironmentVariableIntValue("SLIPWAY_REQUIRE_SHARED"))                                                \
                QFAIL("PostgreSQL is not installed (apt-get install postgresql); required under "                      \
                      "SLIPWAY_REQUIRE_SHARED=1");                                                                     \
            QSKIP("PostgreSQL is not installed (apt-get install postgresql); skipping the team library tests");        \
        }                                                                                                              \
        QString why_;                                                                                                  \
        QVERIFY2((server).start((options), &why_) && (server).createStandardUsers(&why_), qPrintable(why_));           \
    } while (false)
