#include "artifactstore.h"

#include "pgconnection.h"

#include <QCoreApplication>
#include <QIODevice>
#include <libpq-fe.h>
#include <libpq/libpq-fs.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::TeamLibrary)
};

Error cancelled()
{
    return Error(Error::Kind::Cancelled, Texts::tr("Cancelled; nothing was saved."));
}

} // namespace

ArtifactStore::~ArtifactStore() = default;

quint32 LargeObjectStore::oidOf(const QString& location)
{
    if (!location.startsWith(QLatin1String("lo:")))
        return 0;
    bool ok = false;
    const quint32 oid = location.mid(3).toUInt(&ok);
    return ok ? oid : 0;
}

Result<QString> LargeObjectStore::write(PgConnection& connection, QIODevice& source, qint64 size,
    const std::function<void(const QByteArray&)>& chunk, const ProgressFn& progress, const std::atomic_bool* cancel)
{
    pg_conn* conn = connection.raw();
    const Oid oid = lo_creat(conn, INV_READ | INV_WRITE);
    if (oid == InvalidOid)
        return connection.lastError(QStringLiteral("lo_creat"));
    const int fd = lo_open(conn, oid, INV_WRITE);
    if (fd < 0)
        return connection.lastError(QStringLiteral("lo_open"));
    QByteArray buffer(kChunkSize, Qt::Uninitialized);
    qint64 done = 0;
    while (done < size) {
        if (cancel && cancel->load())
            return cancelled();
        const qint64 n = source.read(buffer.data(), qMin<qint64>(kChunkSize, size - done));
        if (n <= 0) {
            return Error(Error::Kind::Io,
                Texts::tr("%1 could not be read to the end (%2); nothing was saved.")
                    .arg(source.objectName(), source.errorString()));
        }
        const QByteArray piece = QByteArray::fromRawData(buffer.constData(), n);
        if (chunk)
            chunk(piece);
        if (lo_write(conn, fd, piece.constData(), size_t(n)) != int(n))
            return connection.lastError(QStringLiteral("lo_write"));
        done += n;
        if (progress)
            progress(done);
    }
    if (lo_close(conn, fd) != 0)
        return connection.lastError(QStringLiteral("lo_close"));
    const QString id = QString::number(oid);
    // Owned by the publishers' role, so any publisher's delete may unlink it; readable by the readers' role.
    if (auto st = connection.run(QStringLiteral("DO $$ BEGIN "
                                                "GRANT SELECT ON LARGE OBJECT %1 TO slipway_reader; "
                                                "IF pg_has_role('slipway_publisher', 'MEMBER') THEN "
                                                "ALTER LARGE OBJECT %1 OWNER TO slipway_publisher; END IF; END $$")
                                     .arg(id));
        !st)
        return st.error();
    return QString(QStringLiteral("lo:") + id);
}

Status LargeObjectStore::read(PgConnection& connection, const QString& location, QIODevice& sink,
    const ProgressFn& progress, const std::atomic_bool* cancel)
{
    const quint32 oid = oidOf(location);
    if (oid == 0)
        return Error(
            Error::Kind::Internal, Texts::tr("The artifact's location %1 is not a large object.").arg(location));
    pg_conn* conn = connection.raw();
    const int fd = lo_open(conn, oid, INV_READ);
    if (fd < 0)
        return connection.lastError(QStringLiteral("lo_open"));
    QByteArray buffer(kChunkSize, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        if (cancel && cancel->load())
            return cancelled();
        const int n = lo_read(conn, fd, buffer.data(), size_t(buffer.size()));
        if (n < 0)
            return connection.lastError(QStringLiteral("lo_read"));
        if (n == 0)
            break;
        if (sink.write(buffer.constData(), n) != n)
            return Error(Error::Kind::Io, Texts::tr("The download could not be written (%1).").arg(sink.errorString()));
        done += n;
        if (progress)
            progress(done);
    }
    lo_close(conn, fd);
    return Ok {};
}

Status LargeObjectStore::remove(PgConnection& connection, const QString& location)
{
    const quint32 oid = oidOf(location);
    if (oid == 0)
        return Ok {};
    if (lo_unlink(connection.raw(), oid) < 0)
        return connection.lastError(QStringLiteral("lo_unlink"));
    return Ok {};
}

} // namespace Slipway
