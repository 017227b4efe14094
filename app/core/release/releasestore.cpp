#include "releasestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ReleaseStore)
};

QString toText(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString toText(const QJsonArray& a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QJsonObject objectOf(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QJsonArray arrayOf(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).array();
}

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeOf(const QVariant& v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// The result of a destination as the history keeps it: what identifies the version and where it is.
QJsonObject versionText(const VersionInfo& v)
{
    if (v.id.isEmpty() && v.versionCode.isEmpty())
        return {};
    VersionInfo kept = v;
    kept.extra.clear();
    for (auto it = v.extra.cbegin(); it != v.extra.cend(); ++it) {
        if (it.key().contains(QLatin1String("url"), Qt::CaseInsensitive) && it.value().canConvert<QString>())
            kept.extra.insert(it.key(), it.value().toString());
    }
    return kept.toJson();
}

VersionInfo versionOf(const QJsonObject& o)
{
    VersionInfo v;
    v.id = o.value(QLatin1String("id")).toString();
    v.appId = o.value(QLatin1String("appId")).toString();
    v.versionName = o.value(QLatin1String("versionName")).toString();
    v.versionCode = o.value(QLatin1String("versionCode")).toString();
    v.label = o.value(QLatin1String("label")).toString();
    v.size = o.value(QLatin1String("size")).toInteger(-1);
    v.created = QDateTime::fromString(o.value(QLatin1String("created")).toString(), Qt::ISODate);
    v.publisher = o.value(QLatin1String("publisher")).toString();
    v.state = o.value(QLatin1String("state")).toString();
    v.downloadUrl = o.value(QLatin1String("downloadUrl")).toString();
    v.fileName = o.value(QLatin1String("fileName")).toString();
    v.md5 = o.value(QLatin1String("md5")).toString();
    v.sha256 = o.value(QLatin1String("sha256")).toString();
    v.extra = o.value(QLatin1String("extra")).toObject().toVariantMap();
    return v;
}

Error errorOf(const QJsonObject& o)
{
    if (o.isEmpty())
        return {};
    static const QList<Error::Kind> kinds {Error::Kind::Network, Error::Kind::Timeout, Error::Kind::Tls,
        Error::Kind::Auth, Error::Kind::Forbidden, Error::Kind::NotFound, Error::Kind::Conflict,
        Error::Kind::Validation, Error::Kind::RateLimited, Error::Kind::Server, Error::Kind::BadResponse,
        Error::Kind::Cancelled, Error::Kind::Io, Error::Kind::InvalidPackage, Error::Kind::Keychain,
        Error::Kind::Unsupported, Error::Kind::Internal};
    Error e(Error::Kind::Internal, o.value(QLatin1String("message")).toString(),
        o.value(QLatin1String("details")).toString());
    const QString kind = o.value(QLatin1String("kind")).toString();
    for (Error::Kind k : kinds) {
        if (Error::kindName(k) == kind)
            e.kind = k;
    }
    e.httpStatus = o.value(QLatin1String("httpStatus")).toInt();
    e.serverMessage = o.value(QLatin1String("serverMessage")).toString();
    e.field = o.value(QLatin1String("field")).toString();
    return e;
}

QJsonObject requestText(const PublishRequest& r)
{
    return QJsonObject {{QStringLiteral("files"), QJsonArray::fromStringList(r.files)},
        {QStringLiteral("appName"), r.appName}, {QStringLiteral("versionName"), r.versionName},
        {QStringLiteral("versionCode"), r.versionCode}, {QStringLiteral("label"), r.label},
        {QStringLiteral("notes"), r.notes}, {QStringLiteral("publisher"), r.publisher},
        {QStringLiteral("inspection"), r.inspection}, {QStringLiteral("preflightOverride"), r.preflightOverride},
        {QStringLiteral("skipPreflight"), r.skipPreflight}};
}

PublishRequest requestOf(const QJsonObject& o)
{
    PublishRequest r;
    for (const QJsonValue& f : o.value(QLatin1String("files")).toArray())
        r.files.append(f.toString());
    r.appName = o.value(QLatin1String("appName")).toString();
    r.versionName = o.value(QLatin1String("versionName")).toString();
    r.versionCode = o.value(QLatin1String("versionCode")).toString();
    r.label = o.value(QLatin1String("label")).toString();
    r.notes = o.value(QLatin1String("notes")).toString();
    r.publisher = o.value(QLatin1String("publisher")).toString();
    r.inspection = o.value(QLatin1String("inspection")).toObject();
    r.preflightOverride = o.value(QLatin1String("preflightOverride")).toString();
    r.skipPreflight = o.value(QLatin1String("skipPreflight")).toBool();
    return r;
}

Error dbError(const QString& path, const QSqlError& e)
{
    return Error(Error::Kind::Io,
        Texts::tr("The release state database %1 cannot be written: %2").arg(QDir::toNativeSeparators(path), e.text()));
}

} // namespace

QString ReleaseStore::defaultPath()
{
    QString dir = qEnvironmentVariable("SLIPWAY_STATE_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("releases.sqlite"));
}

ReleaseStore::ReleaseStore(QString path)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("slipway-releases-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

ReleaseStore::~ReleaseStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Status ReleaseStore::openFile()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase old = QSqlDatabase::database(m_connection, false);
            old.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    if (!db.open())
        return dbError(m_path, db.lastError());
    return Ok {};
}

void ReleaseStore::moveAside(const QString& why, const QString& suffix)
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    const QString aside = m_path + QLatin1Char('.') + suffix + QLatin1Char('-')
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QFile::rename(m_path, aside);
    for (const char* extra : {"-wal", "-shm"}) {
        if (QFile::exists(m_path + QLatin1String(extra)))
            QFile::rename(m_path + QLatin1String(extra), aside + QLatin1String(extra));
    }
    m_notice = Texts::tr("The release state database %1 %2; it was kept as %3 and a new, empty one was started "
                         "(the release history starts over; the libraries and accounts were not touched).")
                   .arg(QDir::toNativeSeparators(m_path), why, QDir::toNativeSeparators(aside));
}

Status ReleaseStore::open()
{
    m_notice.clear();
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error(Error::Kind::Io,
            Texts::tr("The folder %1 for the release state database cannot be created.")
                .arg(QDir::toNativeSeparators(info.absolutePath())));
    if (Status s = openFile(); !s)
        return s;

    int version = -1;
    QString problem;
    {
        QSqlQuery q(QSqlDatabase::database(m_connection));
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
            problem = Texts::tr("is not a database Slipway can read (%1)").arg(q.lastError().text());
        else if (q.value(0).toString() != QLatin1String("ok"))
            problem = Texts::tr("is damaged (%1)").arg(q.value(0).toString());
        else if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
            version = q.value(0).toInt();
    }
    if (problem.isEmpty() && version > kSchemaVersion) {
        moveAside(Texts::tr("was written by a newer Slipway (schema %1; this version knows %2)")
                      .arg(version)
                      .arg(kSchemaVersion),
            QStringLiteral("newer"));
        version = 0;
    } else if (!problem.isEmpty()) {
        moveAside(problem, QStringLiteral("corrupt"));
        version = 0;
    }
    if (!m_notice.isEmpty()) {
        if (Status s = openFile(); !s)
            return s;
    }
    return version == kSchemaVersion ? Status(Ok {}) : createSchema();
}

Status ReleaseStore::createSchema()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
    const QStringList statements {
        QStringLiteral("CREATE TABLE IF NOT EXISTS releases (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT "
                       "NULL, publisher TEXT, host TEXT, package_id TEXT, request TEXT NOT NULL, files TEXT NOT NULL, "
                       "signer TEXT)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS destinations (id INTEGER PRIMARY KEY AUTOINCREMENT, release_id "
                       "INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE, position INTEGER NOT NULL, "
                       "account TEXT NOT NULL, app_id TEXT, options TEXT, state TEXT NOT NULL, paused INTEGER NOT "
                       "NULL DEFAULT 0, upload_started INTEGER NOT NULL DEFAULT 0, baseline TEXT, resume_state TEXT, "
                       "owner_pid INTEGER NOT NULL DEFAULT 0, bytes_done INTEGER NOT NULL DEFAULT 0, bytes_total "
                       "INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, checks TEXT, version TEXT, "
                       "error TEXT, started TEXT, finished TEXT, control TEXT)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS destinations_release ON destinations(release_id)"),
        // Schema 2: bulk clean-ups (cleanuphistory.cpp). A schema-1 file gains the table on open.
        QStringLiteral("CREATE TABLE IF NOT EXISTS cleanups (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT "
                       "NULL, account TEXT NOT NULL, service TEXT, app_id TEXT, action TEXT NOT NULL, rule TEXT, "
                       "publisher TEXT, host TEXT, removed TEXT NOT NULL, failed TEXT NOT NULL)"),
        QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion),
    };
    if (!db.transaction())
        return dbError(m_path, db.lastError());
    for (const QString& s : statements) {
        if (!q.exec(s)) {
            const QSqlError e = q.lastError();
            db.rollback();
            return dbError(m_path, e);
        }
    }
    if (!db.commit())
        return dbError(m_path, db.lastError());
    return Ok {};
}

Status ReleaseStore::create(Release& release)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.transaction())
        return dbError(m_path, db.lastError());
    QSqlQuery q(db);
    auto failed = [&]() {
        const QSqlError e = q.lastError();
        db.rollback();
        return dbError(m_path, e);
    };
    if (!release.created.isValid())
        release.created = QDateTime::currentDateTimeUtc();
    QJsonArray files;
    for (const ReleaseFile& f : release.files)
        files.append(f.toJson());
    q.prepare(QStringLiteral("INSERT INTO releases (created, publisher, host, package_id, request, files, signer) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(timeText(release.created));
    q.addBindValue(release.publisher);
    q.addBindValue(release.host);
    q.addBindValue(release.packageId);
    q.addBindValue(toText(requestText(release.request)));
    q.addBindValue(toText(files));
    q.addBindValue(toText(release.signer));
    if (!q.exec())
        return failed();
    release.id = q.lastInsertId().toLongLong();
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(position), 0) FROM destinations")) || !q.next())
        return failed();
    int position = q.value(0).toInt();
    for (ReleaseDestination& d : release.destinations) {
        d.releaseId = release.id;
        d.position = ++position;
        q.prepare(QStringLiteral("INSERT INTO destinations (release_id, position, account, app_id, options, state, "
                                 "paused, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(d.releaseId);
        q.addBindValue(d.position);
        q.addBindValue(d.account);
        q.addBindValue(d.appId);
        q.addBindValue(toText(QJsonObject::fromVariantMap(d.options)));
        q.addBindValue(destinationStateName(d.state));
        q.addBindValue(d.paused ? 1 : 0);
        q.addBindValue(d.ownerPid);
        if (!q.exec())
            return failed();
        d.id = q.lastInsertId().toLongLong();
    }
    if (!db.commit())
        return failed();
    return Ok {};
}

Status ReleaseStore::save(const ReleaseDestination& d)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("UPDATE destinations SET app_id = ?, state = ?, paused = ?, upload_started = ?, "
                       "baseline = ?, resume_state = ?, owner_pid = ?, bytes_done = ?, bytes_total = ?, "
                       "attempts = ?, checks = ?, version = ?, error = ?, started = ?, finished = ? WHERE id = ?"));
    q.addBindValue(d.appId);
    q.addBindValue(destinationStateName(d.state));
    q.addBindValue(d.paused ? 1 : 0);
    q.addBindValue(d.uploadStarted ? 1 : 0);
    q.addBindValue(toText(QJsonArray::fromStringList(d.baselineVersionIds)));
    q.addBindValue(toText(d.resumeState));
    q.addBindValue(d.ownerPid);
    q.addBindValue(d.bytesDone);
    q.addBindValue(d.bytesTotal);
    q.addBindValue(d.attempts);
    q.addBindValue(toText(d.checks));
    q.addBindValue(toText(versionText(d.version)));
    q.addBindValue(d.error.isError() ? toText(d.error.toJson()) : QString());
    q.addBindValue(timeText(d.started));
    q.addBindValue(timeText(d.finished));
    q.addBindValue(d.id);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    return Ok {};
}

Result<bool> ReleaseStore::claim(qint64 destinationId, qint64 expectedOwner, qint64 pid)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE destinations SET owner_pid = ? WHERE id = ? AND owner_pid = ?"));
    q.addBindValue(pid);
    q.addBindValue(destinationId);
    q.addBindValue(expectedOwner);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    return q.numRowsAffected() == 1;
}

Result<QList<ReleaseDestination>> ReleaseStore::destinationsOf(qint64 releaseId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("SELECT id, release_id, position, account, app_id, options, state, paused, "
                       "upload_started, baseline, resume_state, owner_pid, bytes_done, bytes_total, attempts, "
                       "checks, version, error, started, finished, control FROM destinations WHERE release_id = ? "
                       "ORDER BY id"));
    q.addBindValue(releaseId);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    QList<ReleaseDestination> list;
    while (q.next()) {
        ReleaseDestination d;
        d.id = q.value(0).toLongLong();
        d.releaseId = q.value(1).toLongLong();
        d.position = q.value(2).toInt();
        d.account = q.value(3).toString();
        d.appId = q.value(4).toString();
        d.options = objectOf(q.value(5)).toVariantMap();
        d.state = destinationStateFromName(q.value(6).toString());
        d.paused = q.value(7).toInt() != 0;
        d.uploadStarted = q.value(8).toInt() != 0;
        for (const QJsonValue& v : arrayOf(q.value(9)))
            d.baselineVersionIds.append(v.toString());
        d.resumeState = objectOf(q.value(10));
        d.ownerPid = q.value(11).toLongLong();
        d.bytesDone = q.value(12).toLongLong();
        d.bytesTotal = q.value(13).toLongLong();
        d.attempts = q.value(14).toInt();
        d.checks = arrayOf(q.value(15));
        d.version = versionOf(objectOf(q.value(16)));
        d.error = errorOf(objectOf(q.value(17)));
        d.started = timeOf(q.value(18));
        d.finished = timeOf(q.value(19));
        d.control = q.value(20).toString();
        list.append(d);
    }
    return list;
}

Result<Release> ReleaseStore::load(qint64 releaseId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral(
        "SELECT id, created, publisher, host, package_id, request, files, signer FROM releases WHERE id = ?"));
    q.addBindValue(releaseId);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    if (!q.next())
        return Error::forField(Error::Kind::NotFound, QStringLiteral("release"),
            Texts::tr("There is no release %1 in the history.").arg(releaseId));
    Release r;
    r.id = q.value(0).toLongLong();
    r.created = timeOf(q.value(1));
    r.publisher = q.value(2).toString();
    r.host = q.value(3).toString();
    r.packageId = q.value(4).toString();
    r.request = requestOf(objectOf(q.value(5)));
    for (const QJsonValue& f : arrayOf(q.value(6)))
        r.files.append(ReleaseFile::fromJson(f.toObject()));
    r.signer = objectOf(q.value(7));
    auto destinations = destinationsOf(r.id);
    if (!destinations)
        return destinations.error();
    r.destinations = destinations.value();
    return r;
}

Result<ReleaseDestination> ReleaseStore::destination(qint64 destinationId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT release_id FROM destinations WHERE id = ?"));
    q.addBindValue(destinationId);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    if (q.next()) {
        auto all = destinationsOf(q.value(0).toLongLong());
        if (!all)
            return all.error();
        for (const ReleaseDestination& d : all.value()) {
            if (d.id == destinationId)
                return d;
        }
    }
    return Error(Error::Kind::NotFound, Texts::tr("There is no destination %1 in the history.").arg(destinationId));
}

Result<QList<Release>> ReleaseStore::list(int limit) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT id FROM releases ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit > 0 ? limit : -1);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    QList<Release> releases;
    for (qint64 id : ids) {
        auto r = load(id);
        if (!r)
            return r.error();
        releases.append(r.value());
    }
    return releases;
}

Status ReleaseStore::setControl(qint64 destinationId, const QString& control)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE destinations SET control = ? WHERE id = ?"));
    q.addBindValue(control);
    q.addBindValue(destinationId);
    if (!q.exec())
        return dbError(m_path, q.lastError());
    return Ok {};
}

Result<QList<qint64>> ReleaseStore::unfinishedReleases() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT DISTINCT release_id FROM destinations WHERE state NOT IN ('done', 'failed', "
                               "'cancelled') ORDER BY release_id")))
        return dbError(m_path, q.lastError());
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Status ReleaseStore::move(qint64 destinationId, int position)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.transaction())
        return dbError(m_path, db.lastError());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE destinations SET position = position + 1 WHERE position >= ?"));
    q.addBindValue(position);
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("UPDATE destinations SET position = ? WHERE id = ?"));
        q.addBindValue(position);
        q.addBindValue(destinationId);
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QSqlError e = ok ? db.lastError() : q.lastError();
        db.rollback();
        return dbError(m_path, e);
    }
    return Ok {};
}

} // namespace Slipway
