#include "pgconnection.h"

#include <QCoreApplication>
#include <QUrl>
#include <libpq-fe.h>
#include <library/team/libpqloader.h>
#include <vector>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::TeamLibrary)
};

// libpq's messages end with a newline and may span lines; the first line is the one that says what happened.
QString firstLine(const QString& message)
{
    return message.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace

QString PgParams::where() const
{
    const QUrl u(url);
    QString host = u.host().isEmpty() ? QStringLiteral("localhost") : u.host();
    // A Unix socket folder travels as ?host=/path.
    const QString query = u.query(QUrl::FullyDecoded);
    for (const QString& pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        if (pair.startsWith(QLatin1String("host=")))
            host = pair.mid(5);
    }
    QString where = host;
    if (u.port() > 0)
        where += QStringLiteral(":%1").arg(u.port());
    return where + u.path();
}

PgRows::PgRows(pg_result* result)
    : m_result(result)
{ }

PgRows::~PgRows()
{
    if (m_result)
        PQclear(m_result);
}

PgRows::PgRows(PgRows&& other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{ }

PgRows& PgRows::operator=(PgRows&& other) noexcept
{
    if (this != &other) {
        if (m_result)
            PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

int PgRows::count() const
{
    return m_result ? PQntuples(m_result) : 0;
}

bool PgRows::isNull(int row, int column) const
{
    return !m_result || PQgetisnull(m_result, row, column);
}

QString PgRows::text(int row, int column) const
{
    return QString::fromUtf8(bytes(row, column));
}

QByteArray PgRows::bytes(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return QByteArray(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

qint64 PgRows::number(int row, int column) const
{
    return bytes(row, column).toLongLong();
}

PgConnection::PgConnection(pg_conn* conn, const PgParams& params)
    : m_conn(conn)
    , m_params(params)
{ }

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const PgParams& params)
{
    const QUrl url(params.url, QUrl::StrictMode);
    if (params.url.isEmpty() || !url.isValid()
        || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres"))) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("account:url"),
            Texts::tr("The team library's url must look like postgresql://USER@HOST:PORT/DATABASE."));
    }
    if (!url.password().isEmpty()) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("account:url"),
            Texts::tr("The team library's url holds a password; remove it from the url and keep it in the keychain."));
    }
    static const QStringList modes = {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
        QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    if (!params.sslmode.isEmpty() && !modes.contains(params.sslmode)) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("account:sslmode"),
            Texts::tr("sslmode must be one of %1.").arg(modes.join(QStringLiteral(", "))));
    }

    std::vector<QByteArray> keys;
    std::vector<QByteArray> values;
    auto add = [&](const char* key, const QByteArray& value) {
        if (!value.isEmpty()) {
            keys.emplace_back(key);
            values.push_back(value);
        }
    };
    add("dbname", params.url.toUtf8());
    add("sslmode", params.sslmode.toUtf8());
    add("sslrootcert", params.sslrootcert.toUtf8());
    add("password", params.password);
    add("connect_timeout", QByteArray::number(params.connectTimeoutSeconds));
    add("application_name", params.applicationName.toUtf8());
    std::vector<const char*> k;
    std::vector<const char*> v;
    for (size_t i = 0; i < keys.size(); ++i) {
        k.push_back(keys[i].constData());
        v.push_back(values[i].constData());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    if (QString why; !LibPq::load(&why)) {
        return Error(Error::Kind::Unsupported,
            Texts::tr("The team library needs libpq, PostgreSQL's client library (Debian package libpq5), and it "
                      "cannot be loaded."),
            why);
    }
    pg_conn* conn = PQconnectdbParams(k.data(), v.data(), 1);
    if (!conn)
        return Error(Error::Kind::Internal, Texts::tr("Out of memory while connecting to the team library."));
    if (PQstatus(conn) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(conn));
        PQfinish(conn);
        return connectError(params, message);
    }
    // Text as UTF-8; the server's notices ("already exists, skipping") are not for the user.
    PQsetClientEncoding(conn, "UTF8");
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn, params));
    if (auto st = connection->run(QStringLiteral("SET TIME ZONE 'UTC'")); !st)
        return st.error();
    return connection;
}

Error PgConnection::connectError(const PgParams& params, const QString& libpqMessage)
{
    const QString where = params.where();
    const QString user = QUrl(params.url).userName();
    const QString line = firstLine(libpqMessage);
    const QString lower = libpqMessage.toLower();
    Error e;
    if (lower.contains(QLatin1String("password authentication failed"))
        || lower.contains(QLatin1String("no password supplied"))
        || lower.contains(QLatin1String("authentication failed")) || lower.contains(QLatin1String("pg_hba.conf"))
        || (lower.contains(QLatin1String("role \"")) && lower.contains(QLatin1String("does not exist")))) {
        e = Error::forField(Error::Kind::Auth, QStringLiteral("account:password"),
            Texts::tr(
                "The team library at %1 refused the sign-in of user %2; check the user in the url and the password "
                "in the keychain.")
                .arg(where, user.isEmpty() ? Texts::tr("(none)") : user));
    } else if (lower.contains(QLatin1String("database \"")) && lower.contains(QLatin1String("does not exist"))) {
        e = Error::forField(Error::Kind::NotFound, QStringLiteral("account:url"),
            Texts::tr("The server of the team library has no database %1; check the url or create the database.")
                .arg(QUrl(params.url).path().mid(1)));
    } else if (lower.contains(QLatin1String("ssl")) || lower.contains(QLatin1String("certificate"))
        || lower.contains(QLatin1String("tls"))) {
        e = Error::forField(Error::Kind::Tls, QStringLiteral("account:sslrootcert"),
            Texts::tr(
                "The secure connection to the team library at %1 failed (%2); check sslmode, sslrootcert and that the "
                "server's certificate names this host.")
                .arg(where, line));
    } else {
        e = Error::forField(Error::Kind::Network, QStringLiteral("account:url"),
            Texts::tr(
                "The team library's server at %1 does not answer (%2); check that PostgreSQL runs there and the url.")
                .arg(where, line));
    }
    e.details = libpqMessage.trimmed();
    return e;
}

Error PgConnection::errorFor(const PgParams& params, pg_result* result, pg_conn* conn, const QString& what)
{
    const QString where = params.where();
    QByteArray state = result ? QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QByteArray();
    QString message = result ? QString::fromUtf8(PQresultErrorMessage(result)) : QString();
    if (message.trimmed().isEmpty() && conn)
        message = QString::fromUtf8(PQerrorMessage(conn));
    // The large-object calls report no SQLSTATE, only the server's words.
    if (state.isEmpty() && message.contains(QLatin1String("permission denied")))
        state = "42501";
    const QString details = QStringLiteral("%1: %2").arg(what, message.trimmed());
    const QString primary = result ? QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) : QString();
    if ((conn && PQstatus(conn) == CONNECTION_BAD) || state.startsWith("08") || state == "57P01" || state == "57P02"
        || state == "57P03") {
        return Error(Error::Kind::Network,
            Texts::tr(
                "The connection to the team library at %1 was lost; nothing of this operation was saved. Check the "
                "server and try again.")
                .arg(where),
            details);
    }
    if (state == "23505")
        return Error(Error::Kind::Conflict, Texts::tr("This version is already in the team library."), details);
    if (state == "42501") {
        return Error(Error::Kind::Auth,
            Texts::tr("User %1 may not change the team library at %2; publishing, editing and deleting need the "
                      "slipway_publisher role.")
                .arg(QUrl(params.url).userName(), where),
            details);
    }
    if (state == "42P01" || state == "3F000") {
        return Error(Error::Kind::NotFound,
            Texts::tr(
                "The database at %1 holds no team library yet; an administrator sets it up with Slipway's team init.")
                .arg(where),
            details);
    }
    if (state == "57014")
        return Error(Error::Kind::Cancelled, Texts::tr("The operation was cancelled; nothing was saved."), details);
    if (state == "53100" || state.startsWith("53")) {
        return Error(Error::Kind::Server,
            Texts::tr("The team library's server at %1 is out of resources (%2); nothing was saved.")
                .arg(where, primary),
            details);
    }
    return Error(Error::Kind::Server,
        Texts::tr("The team library at %1 refused the operation (%2).")
            .arg(where, primary.isEmpty() ? firstLine(message) : primary),
        details);
}

Result<PgRows> PgConnection::exec(const QString& sql, const QList<QByteArray>& params)
{
    std::vector<const char*> values;
    std::vector<int> lengths;
    for (const QByteArray& p : params) {
        values.push_back(p.isNull() ? nullptr : p.constData());
        lengths.push_back(int(p.size()));
    }
    const QByteArray text = sql.toUtf8();
    // Without parameters the simple protocol runs scripts of several statements (migrations).
    pg_result* result = params.isEmpty() ? PQexec(m_conn, text.constData())
                                         : PQexecParams(m_conn, text.constData(), int(params.size()), nullptr,
                                             values.data(), lengths.data(), nullptr, 0);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error e = errorFor(m_params, result, m_conn, sql.section(QLatin1Char(' '), 0, 2));
        if (result)
            PQclear(result);
        return e;
    }
    return PgRows(result);
}

Status PgConnection::run(const QString& sql, const QList<QByteArray>& params)
{
    auto rows = exec(sql, params);
    if (!rows)
        return rows.error();
    return Ok {};
}

Status PgConnection::begin(const char* mode)
{
    return run(QString::fromLatin1(mode));
}

Status PgConnection::commit()
{
    return run(QStringLiteral("COMMIT"));
}

void PgConnection::rollback()
{
    if (PQstatus(m_conn) == CONNECTION_OK && PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        PQclear(PQexec(m_conn, "ROLLBACK"));
}

Error PgConnection::lastError(const QString& what) const
{
    return errorFor(m_params, nullptr, m_conn, what);
}

int PgConnection::socket() const
{
    return PQsocket(m_conn);
}

bool PgConnection::isBad() const
{
    return PQstatus(m_conn) == CONNECTION_BAD;
}

} // namespace Slipway
