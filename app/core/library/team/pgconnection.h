#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <common/result.h>
#include <memory>

// libpq stays private to this layer: its types are only named here.
struct pg_conn;
struct pg_result;

namespace Slipway {

// Where a team library lives: the account's connection fields and its password (from the keychain).
struct PgParams
{
    QString url; // postgresql://USER@HOST:PORT/DATABASE (a password in the URL is refused: it belongs in the keychain)
    QString sslmode; // disable, allow, prefer, require, verify-ca, verify-full; empty: libpq's default (prefer)
    QString sslrootcert; // the CA file that verify-ca/verify-full check the server against
    QByteArray password; // empty: none (libpq may still use ~/.pgpass or trust/peer authentication)
    int connectTimeoutSeconds = 10;
    QString applicationName = QStringLiteral("slipway");

    // "HOST:PORT/DATABASE" for messages (never the password).
    QString where() const;
};

// The rows of one statement's answer.
class PgRows
{
public:
    explicit PgRows(pg_result* result = nullptr);
    ~PgRows();
    PgRows(PgRows&& other) noexcept;
    PgRows& operator=(PgRows&& other) noexcept;
    PgRows(const PgRows&) = delete;
    PgRows& operator=(const PgRows&) = delete;

    int count() const;
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    QByteArray bytes(int row, int column) const;
    qint64 number(int row, int column) const;

private:
    pg_result* m_result = nullptr;
};

// One libpq connection (blocking; used on one thread at a time) with errors turned into Error values whose message
// says what happened and what to do.
class PgConnection
{
public:
    static Result<std::unique_ptr<PgConnection>> open(const PgParams& params);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs one statement with text parameters ($1, $2, ...); a null QByteArray is SQL NULL.
    Result<PgRows> exec(const QString& sql, const QList<QByteArray>& params = {});
    Status run(const QString& sql, const QList<QByteArray>& params = {});

    Status begin(const char* mode = "BEGIN");
    Status commit();
    void rollback(); // best effort; a lost connection rolls back by itself

    // A transaction scope: rolls back on destruction unless committed.
    class Transaction
    {
    public:
        explicit Transaction(PgConnection& connection)
            : m_connection(connection)
        { }
        ~Transaction()
        {
            if (m_open)
                m_connection.rollback();
        }
        Status begin(const char* mode = "BEGIN")
        {
            auto st = m_connection.begin(mode);
            m_open = st.ok();
            return st;
        }
        Status commit()
        {
            m_open = false;
            return m_connection.commit();
        }

    private:
        PgConnection& m_connection;
        bool m_open = false;
    };

    // The error of the last failed call on this connection (large-object calls report through it).
    Error lastError(const QString& what) const;

    pg_conn* raw() const { return m_conn; }
    int socket() const;
    bool isBad() const;
    const PgParams& params() const { return m_params; }

    // The Error for a failed statement: by SQLSTATE (unique violation: Conflict; insufficient privilege: Auth; a
    // dropped connection: Network; ...). `what` names the operation in the message's details.
    static Error errorFor(const PgParams& params, pg_result* result, pg_conn* conn, const QString& what);
    // The Error for a failed connection attempt, from libpq's message.
    static Error connectError(const PgParams& params, const QString& libpqMessage);

private:
    PgConnection(pg_conn* conn, const PgParams& params);
    pg_conn* m_conn = nullptr;
    PgParams m_params;
};

} // namespace Slipway
