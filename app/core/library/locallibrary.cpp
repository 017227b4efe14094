#include "locallibrary.h"

#include "libraryinternal.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcLibrary, "slipway.library")

namespace Slipway {

namespace {

using LibraryInternal::Texts;

constexpr int kSchemaVersion = 1;

const char* const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS apps ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, platform TEXT, icon BLOB, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS versions ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " app_id TEXT NOT NULL REFERENCES apps(id),"
    " version_name TEXT NOT NULL DEFAULT '', version_code TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',"
    " notes TEXT NOT NULL DEFAULT '', publisher TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,"
    " inspection TEXT,"
    " UNIQUE (app_id, version_code, label))",
    "CREATE TABLE IF NOT EXISTS artifacts ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, file_name TEXT NOT NULL, kind TEXT, size INTEGER NOT NULL,"
    " md5 TEXT NOT NULL, sha256 TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS artifacts_sha256 ON artifacts(sha256)",
    "CREATE INDEX IF NOT EXISTS artifacts_version ON artifacts(version_id)",
    // The listing's order (newest first within an app), so a listing is read in index order without a sort.
    "CREATE INDEX IF NOT EXISTS versions_listing ON versions(app_id, created DESC, id DESC)",
};

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString defaultPublisher()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QDir::home().dirName();
    return user;
}

// Qt binds a null QString as SQL NULL; the catalog's text columns are NOT NULL with '' for "none".
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace

QString LocalLibrary::defaultPath()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/slipway/library");
}

LocalLibrary::LocalLibrary(const QString& root)
    : m_root(QDir::cleanPath(root.isEmpty() ? defaultPath() : root))
    , m_connection(QStringLiteral("slipway-library-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{ }

LocalLibrary::~LocalLibrary()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Status LocalLibrary::exec(QSqlQuery& query, const char* what)
{
    if (query.exec())
        return Ok {};
    const QSqlError err = query.lastError();
    qCWarning(lcLibrary) << what << err.text();
    const QString text = err.text();
    if (text.contains(QLatin1String("locked"), Qt::CaseInsensitive) || text.contains(QLatin1String("busy")))
        return Error(
            Error::Kind::Io, Texts::tr("The Local library is busy in another Slipway; try again in a moment."), text);
    if (text.contains(QLatin1String("UNIQUE constraint failed: versions"), Qt::CaseInsensitive))
        return Error(Error::Kind::Conflict, Texts::tr("This version is already in the Local library."), text);
    if (text.contains(QLatin1String("readonly"), Qt::CaseInsensitive))
        return Error(Error::Kind::Forbidden, Texts::tr("The Local library at %1 is read-only.").arg(m_root), text);
    if (err.nativeErrorCode() == QLatin1String("13") || text.contains(QLatin1String("disk is full"))) {
        return Error(Error::Kind::Io,
            Texts::tr("The disk holding the Local library at %1 is full; free some space and try again.").arg(m_root),
            text);
    }
    return Error(Error::Kind::Io,
        Texts::tr("The Local library catalog could not be updated (%1: %2).")
            .arg(QLatin1String(what), err.databaseText()),
        text);
}

Status LocalLibrary::requireWritable() const
{
    if (!m_readOnly)
        return Ok {};
    return Error(Error::Kind::Forbidden,
        Texts::tr("The Local library at %1 is read-only; its versions can be listed and downloaded, not changed.")
            .arg(m_root));
}

Status LocalLibrary::open()
{
    if (m_open)
        return Ok {};
    if (auto st = openCatalog(); !st)
        return st;
    m_open = true;
    if (!m_readOnly)
        collectGarbage();
    return Ok {};
}

Status LocalLibrary::openCatalog()
{
    const QString catalog = m_root + QStringLiteral("/catalog.sqlite");
    const auto writable = [](const QString& path) { return ::access(QFile::encodeName(path).constData(), W_OK) == 0; };
    m_readOnly = m_forceReadOnly || (QFileInfo::exists(catalog) && (!writable(m_root) || !writable(catalog)));
    if (m_readOnly && !QFileInfo::exists(catalog))
        return Error(Error::Kind::NotFound, Texts::tr("There is no Local library at %1.").arg(m_root));
    QDir dir;
    for (const QString& sub : {QString(), QStringLiteral("/artifacts"), QStringLiteral("/tmp")}) {
        if (!m_readOnly && !dir.mkpath(m_root + sub))
            return Error(
                Error::Kind::Io, Texts::tr("The Local library folder %1 cannot be created.").arg(m_root + sub));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(catalog);
    db.setConnectOptions(m_readOnly ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000;QSQLITE_OPEN_READONLY")
                                    : QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    if (!db.open()) {
        return Error(Error::Kind::Io, Texts::tr("The Local library catalog in %1 cannot be opened.").arg(m_root),
            db.lastError().text());
    }
    QSqlQuery q(db);
    if (m_readOnly) {
        q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'"));
        if (auto st = exec(q, "schema version"); !st)
            return st;
        if (q.next() && q.value(0).toInt() > kSchemaVersion) {
            return Error(Error::Kind::Io,
                Texts::tr("The Local library at %1 was written by a newer Slipway; update Slipway to use it.")
                    .arg(m_root));
        }
        return Ok {};
    }
    q.prepare(QStringLiteral("PRAGMA foreign_keys = ON"));
    if (auto st = exec(q, "foreign keys"); !st)
        return st;
    // Schema creation may race with another process opening the same new library: one IMMEDIATE transaction.
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (auto st = exec(q, "begin"); !st)
        return st;
    for (const char* sql : kSchema) {
        q.prepare(QLatin1String(sql));
        if (auto st = exec(q, "schema"); !st) {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            return st;
        }
    }
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)"));
    q.addBindValue(kSchemaVersion);
    if (auto st = exec(q, "meta"); !st) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return st;
    }
    q.prepare(QStringLiteral("COMMIT"));
    if (auto st = exec(q, "commit"); !st)
        return st;
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'"));
    if (exec(q, "schema version") && q.next() && q.value(0).toInt() > kSchemaVersion) {
        return Error(Error::Kind::Io,
            Texts::tr("The Local library at %1 was written by a newer Slipway; update Slipway to use it.").arg(m_root));
    }
    return Ok {};
}

QString LocalLibrary::artifactPath(const QString& sha256) const
{
    return m_root + u"/artifacts/" + QStringView(sha256).left(2) + u'/' + sha256;
}

Status LocalLibrary::checkDuplicate(
    const QString& appId, const QString& versionCode, const QString& label, const QString& exceptVersionId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral(
        "SELECT version_name FROM versions WHERE app_id = ? AND version_code = ? AND label = ? AND id <> ?"));
    q.addBindValue(appId);
    q.addBindValue(text(versionCode));
    q.addBindValue(text(label));
    q.addBindValue(exceptVersionId.isEmpty() ? qint64(-1) : exceptVersionId.toLongLong());
    if (auto st = exec(q, "duplicate check"); !st)
        return st;
    if (q.next()) {
        const QString what = label.isEmpty() ? Texts::tr("version code %1").arg(versionCode)
                                             : Texts::tr("version code %1 with label \"%2\"").arg(versionCode, label);
        Error e(Error::Kind::Conflict,
            Texts::tr("%1 already has %2 in the Local library. Raise the version code, or give this build a different "
                      "label.")
                .arg(appId, what));
        e.field = QStringLiteral("label");
        return e;
    }
    return Ok {};
}

Result<VersionInfo> LocalLibrary::publish(const PublishRequest& request, const QList<PackageInfo>& packages,
    const ProgressFn& progress, const std::atomic_bool* cancel)
{
    if (auto st = open(); !st)
        return st.error();
    if (auto st = requireWritable(); !st)
        return st.error();
    if (request.files.isEmpty() || packages.size() != request.files.size())
        return Error(Error::Kind::Internal, Texts::tr("Nothing to publish."));
    const PackageInfo& primary = packages.first();
    const QString appId = request.appId.isEmpty() ? primary.packageId : request.appId;
    const QString versionCode = request.versionCode.isEmpty() ? primary.versionCode : request.versionCode;
    if (appId.isEmpty()) {
        Error e(Error::Kind::Validation,
            Texts::tr("%1 has no package id; choose the app to publish it to.").arg(primary.fileName));
        e.field = QStringLiteral("app");
        return e;
    }
    if (versionCode.isEmpty()) {
        Error e(Error::Kind::Validation,
            Texts::tr("%1 has no version code; enter one to publish it.").arg(primary.fileName));
        e.field = QStringLiteral("version-code");
        return e;
    }
    if (auto st = checkDuplicate(appId, versionCode, request.label); !st)
        return st.error();

    qint64 total = 0;
    for (const QString& f : request.files)
        total += 2 * QFileInfo(f).size();
    qint64 offset = 0;
    QList<StoredFile> stored;
    for (int i = 0; i < request.files.size(); ++i) {
        auto file = storeFile(
            request.files.at(i), packages.at(i).sha256, packages.at(i).md5, offset, total, progress, cancel);
        if (!file)
            return file.error();
        StoredFile sf = file.value();
        sf.kind = packageKindName(packages.at(i).kind);
        stored.append(sf);
        offset += 2 * QFileInfo(request.files.at(i)).size();
    }
    if (cancel && cancel->load())
        return Error(Error::Kind::Cancelled, Texts::tr("Publishing was cancelled; nothing was stored."));
    auto version = storeVersion(request, packages, stored);
    if (!version) {
        // What this publish placed and no version refers to would otherwise stay until the next collection.
        QStringList shas;
        for (const StoredFile& f : stored)
            shas.append(f.sha256);
        dropUnreferenced(shas);
        return version;
    }
    collectGarbage();
    return version;
}

Result<VersionInfo> LocalLibrary::storeVersion(
    const PublishRequest& request, const QList<PackageInfo>& packages, const QList<StoredFile>& stored)
{
    const PackageInfo& primary = packages.first();
    const QString appId = request.appId.isEmpty() ? primary.packageId : request.appId;
    const QString versionCode = request.versionCode.isEmpty() ? primary.versionCode : request.versionCode;
    const QString versionName = request.versionName.isEmpty() ? primary.versionName : request.versionName;
    QString appName = request.appName;
    if (appName.isEmpty())
        appName = primary.label.isEmpty() ? appId : primary.label;

    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (auto st = exec(q, "begin"); !st)
        return st.error();
    auto rollback = [&db] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };

    if (auto st = checkDuplicate(appId, versionCode, request.label); !st) {
        rollback();
        return st.error();
    }
    // A delete or a collection in another process may have removed a file this publish found or placed; under
    // the write lock nobody can remove it again before the rows below are committed.
    if (auto st = ensureArtifacts(request.files, stored); !st) {
        rollback();
        return st.error();
    }
    const QString created = nowIso();
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO apps (id, name, platform, icon, created) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(appId);
    q.addBindValue(text(appName));
    q.addBindValue(text(primary.platform));
    q.addBindValue(primary.iconPng.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(primary.iconPng));
    q.addBindValue(created);
    if (auto st = exec(q, "insert app"); !st) {
        rollback();
        return st.error();
    }
    QJsonObject inspection = request.inspection.isEmpty() ? primary.toJson() : request.inspection;
    inspection.remove(QStringLiteral("path"));
    q.prepare(
        QStringLiteral("INSERT INTO versions (app_id, version_name, version_code, label, notes, publisher, created, "
                       "inspection) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(appId);
    q.addBindValue(text(versionName));
    q.addBindValue(text(versionCode));
    q.addBindValue(text(request.label));
    q.addBindValue(text(request.notes));
    q.addBindValue(text(request.publisher.isEmpty() ? defaultPublisher() : request.publisher));
    q.addBindValue(created);
    q.addBindValue(QString::fromUtf8(QJsonDocument(inspection).toJson(QJsonDocument::Compact)));
    if (auto st = exec(q, "insert version"); !st) {
        rollback();
        return st.error();
    }
    const qint64 versionId = q.lastInsertId().toLongLong();
    for (int i = 0; i < stored.size(); ++i) {
        const StoredFile& f = stored.at(i);
        q.prepare(QStringLiteral("INSERT INTO artifacts (version_id, position, file_name, kind, size, md5, sha256) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(versionId);
        q.addBindValue(i);
        q.addBindValue(text(f.fileName));
        q.addBindValue(text(f.kind));
        q.addBindValue(f.size);
        q.addBindValue(text(f.md5));
        q.addBindValue(text(f.sha256));
        if (auto st = exec(q, "insert artifact"); !st) {
            rollback();
            return st.error();
        }
    }
    reached(PublishStage::BeforeCommit);
    // Read back before the commit: once committed, another process may delete the version at once, and a publish
    // that stored its version must not report a failure (a retry would store it twice).
    auto result = version(appId, QString::number(versionId));
    if (!result) {
        rollback();
        return result.error();
    }
    q.prepare(QStringLiteral("COMMIT"));
    if (auto st = exec(q, "commit"); !st) {
        rollback();
        return st.error();
    }
    reached(PublishStage::Committed);
    return result;
}

Status LocalLibrary::removeVersion(const QString& appId, const QString& versionId)
{
    if (auto st = open(); !st)
        return st;
    if (auto st = requireWritable(); !st)
        return st;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (auto st = exec(q, "begin"); !st)
        return st;
    auto rollback = [&db] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    q.prepare(QStringLiteral("SELECT sha256 FROM artifacts WHERE version_id = ?"));
    q.addBindValue(versionId);
    if (auto st = exec(q, "artifacts of version"); !st) {
        rollback();
        return st;
    }
    QStringList shas;
    while (q.next())
        shas.append(q.value(0).toString());
    q.prepare(QStringLiteral("DELETE FROM versions WHERE id = ? AND app_id = ?"));
    q.addBindValue(versionId);
    q.addBindValue(appId);
    if (auto st = exec(q, "delete version"); !st) {
        rollback();
        return st;
    }
    if (q.numRowsAffected() == 0) {
        rollback();
        return Error(
            Error::Kind::NotFound, Texts::tr("Version %1 of %2 is not in the Local library.").arg(versionId, appId));
    }
    q.prepare(QStringLiteral("DELETE FROM apps WHERE id = ? AND NOT EXISTS (SELECT 1 FROM versions WHERE app_id = ?)"));
    q.addBindValue(appId);
    q.addBindValue(appId);
    if (auto st = exec(q, "delete app"); !st) {
        rollback();
        return st;
    }
    q.prepare(QStringLiteral("COMMIT"));
    if (auto st = exec(q, "commit"); !st) {
        rollback();
        return st;
    }
    // The row is gone first; a file left behind by a crash here is invisible and collected later.
    dropUnreferenced(shas);
    return Ok {};
}

void LocalLibrary::dropUnreferenced(const QStringList& shas)
{
    if (shas.isEmpty())
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (!exec(q, "begin"))
        return;
    // Counted and deleted under the write lock: a publish of the same bytes either committed its row before (the
    // count sees it) or checks for the file in its own transaction after this one (and places it again).
    for (const QString& sha : shas) {
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM artifacts WHERE sha256 = ?"));
        q.addBindValue(sha);
        if (exec(q, "artifact references") && q.next() && q.value(0).toInt() == 0)
            QFile::remove(artifactPath(sha));
    }
    QSqlQuery(db).exec(QStringLiteral("COMMIT"));
}

Status LocalLibrary::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    if (!changes.options.isEmpty()) {
        Error e(Error::Kind::Validation,
            Texts::tr("The Local library has no field \"%1\"; only the notes and the label can change.")
                .arg(changes.options.firstKey()));
        e.field = changes.options.firstKey();
        return e;
    }
    if (auto st = open(); !st)
        return st;
    if (auto st = requireWritable(); !st)
        return st;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (auto st = exec(q, "begin"); !st)
        return st;
    auto fail = [&db](const Status& st) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return st;
    };
    q.prepare(QStringLiteral("SELECT version_code, label, notes FROM versions WHERE id = ? AND app_id = ?"));
    q.addBindValue(versionId);
    q.addBindValue(appId);
    if (auto st = exec(q, "version to edit"); !st)
        return fail(st);
    if (!q.next()) {
        return fail(Error(
            Error::Kind::NotFound, Texts::tr("Version %1 of %2 is not in the Local library.").arg(versionId, appId)));
    }
    const QString versionCode = q.value(0).toString();
    const QString label = changes.label.value_or(q.value(1).toString());
    const QString notes = changes.notes.value_or(q.value(2).toString());
    if (auto st = checkDuplicate(appId, versionCode, label, versionId); !st)
        return fail(st);
    q.prepare(QStringLiteral("UPDATE versions SET label = ?, notes = ? WHERE id = ? AND app_id = ?"));
    q.addBindValue(text(label));
    q.addBindValue(text(notes));
    q.addBindValue(versionId);
    q.addBindValue(appId);
    if (auto st = exec(q, "edit version"); !st)
        return fail(st);
    q.prepare(QStringLiteral("COMMIT"));
    if (auto st = exec(q, "commit"); !st)
        return fail(st);
    return Ok {};
}

int LocalLibrary::collectGarbage(qint64 minAgeSeconds)
{
    if (!open() || m_readOnly)
        return 0;
    int removed = collectParts(minAgeSeconds);
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("BEGIN IMMEDIATE"));
    if (!exec(q, "begin"))
        return removed;
    // Under the write lock, so a publish about to reference an artifact checks for it after this (and places it
    // again): no age is needed to keep an artifact a publish in another process has just renamed into place.
    q.prepare(QStringLiteral("SELECT DISTINCT sha256 FROM artifacts"));
    QSet<QString> referenced;
    if (!exec(q, "artifact references")) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return removed;
    }
    while (q.next())
        referenced.insert(q.value(0).toString());
    QDirIterator it(m_root + QStringLiteral("/artifacts"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo fi(it.next());
        if (!referenced.contains(fi.fileName()) && QFile::remove(fi.absoluteFilePath()))
            ++removed;
    }
    QSqlQuery(db).exec(QStringLiteral("COMMIT"));
    return removed;
}

Status LocalLibrary::limitCatalogGrowthForTest()
{
    if (auto st = open(); !st)
        return st;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("PRAGMA page_count"));
    if (auto st = exec(q, "page count"); !st)
        return st;
    const qint64 pages = q.next() ? q.value(0).toLongLong() : 0;
    q.prepare(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
    return exec(q, "max page count");
}

} // namespace Slipway
