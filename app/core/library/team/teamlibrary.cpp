#include "teamlibrary.h"

#include "artifactstore.h"
#include "teamschema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <package/filehasher.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::TeamLibrary)
};

// A version id is the catalog's bigint; anything else names no version.
bool isVersionId(const QString& id)
{
    bool ok = false;
    return id.toLongLong(&ok) > 0 && ok;
}

QByteArray utf8(const QString& value)
{
    // Never a null QByteArray (SQL NULL) for text: the catalog's text columns are NOT NULL with '' for "none".
    QByteArray bytes = value.toUtf8();
    return bytes.isNull() ? QByteArray("") : bytes;
}

const char* const kVersionColumns = "v.id, v.app_id, v.version_name, v.version_code, v.label, v.notes, v.publisher, "
                                    "(extract(epoch FROM v.created) * 1000)::bigint, v.inspection::text";

VersionInfo versionFromRow(const PgRows& rows, int r)
{
    VersionInfo v;
    v.id = rows.text(r, 0);
    v.appId = rows.text(r, 1);
    v.versionName = rows.text(r, 2);
    v.versionCode = rows.text(r, 3);
    v.label = rows.text(r, 4);
    v.notes = rows.text(r, 5);
    v.publisher = rows.text(r, 6);
    v.created = QDateTime::fromMSecsSinceEpoch(rows.number(r, 7), Qt::UTC);
    v.state = QStringLiteral("stored");
    const QJsonDocument inspection = QJsonDocument::fromJson(rows.bytes(r, 8));
    if (inspection.isObject()) {
        v.extra.insert(QStringLiteral("inspection"), inspection.object().toVariantMap());
        // The primary signer's certificate, which preflight compares the next version's with.
        const QJsonArray certificates = inspection.object()
                                            .value(QLatin1String("signing"))
                                            .toObject()
                                            .value(QLatin1String("certificates"))
                                            .toArray();
        if (!certificates.isEmpty()) {
            v.extra.insert(QStringLiteral("signerSha256"),
                certificates.first().toObject().value(QLatin1String("sha256")).toString());
        }
    }
    return v;
}

// Fills each version's primary file facts and its list of files from one query over the versions' files.
Status attachFiles(
    PgConnection& connection, QList<VersionInfo>& versions, const QString& where, const QList<QByteArray>& params)
{
    auto rows = connection.exec(
        QStringLiteral("SELECT f.version_id, f.file_name, f.kind, a.size, a.md5, a.sha256 FROM slipway_files f "
                       "JOIN slipway_artifacts a ON a.sha256 = f.sha256 JOIN slipway_versions v ON v.id = f.version_id "
                       "WHERE %1 ORDER BY f.version_id, f.position")
            .arg(where),
        params);
    if (!rows)
        return rows.error();
    QHash<QString, QVariantList> files;
    for (int r = 0; r < rows->count(); ++r) {
        QVariantMap file;
        file.insert(QStringLiteral("fileName"), rows->text(r, 1));
        file.insert(QStringLiteral("kind"), rows->text(r, 2));
        file.insert(QStringLiteral("size"), rows->number(r, 3));
        file.insert(QStringLiteral("md5"), rows->text(r, 4));
        file.insert(QStringLiteral("sha256"), rows->text(r, 5));
        files[rows->text(r, 0)].append(file);
    }
    for (VersionInfo& v : versions) {
        const QVariantList list = files.value(v.id);
        if (list.isEmpty())
            continue;
        const QVariantMap primary = list.first().toMap();
        v.fileName = primary.value(QStringLiteral("fileName")).toString();
        v.size = primary.value(QStringLiteral("size")).toLongLong();
        v.md5 = primary.value(QStringLiteral("md5")).toString();
        v.sha256 = primary.value(QStringLiteral("sha256")).toString();
        v.extra.insert(QStringLiteral("files"), list);
    }
    return Ok {};
}

} // namespace

TeamLibrary::TeamLibrary(const PgParams& params)
    : m_params(params)
    , m_store(std::make_shared<LargeObjectStore>())
{ }

TeamLibrary::~TeamLibrary() = default;

QString TeamLibrary::defaultPublisher()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QDir::home().dirName();
    return user;
}

void TeamLibrary::setArtifactStore(std::shared_ptr<ArtifactStore> store)
{
    m_store = std::move(store);
}

void TeamLibrary::reached(PublishStage stage) const
{
    if (m_stageHook)
        m_stageHook(stage);
}

Error TeamLibrary::notFound(const QString& appId, const QString& versionId) const
{
    return Error(
        Error::Kind::NotFound, Texts::tr("Version %1 of %2 is not in the team library.").arg(versionId, appId));
}

Status TeamLibrary::open()
{
    if (m_connection && !m_connection->isBad())
        return Ok {};
    m_connection.reset();
    auto connection = PgConnection::open(m_params);
    if (!connection)
        return connection.error();
    if (auto st = TeamSchema::check(*connection.value()); !st)
        return st;
    m_connection = std::move(connection).value();
    return Ok {};
}

Result<QList<AppInfo>> TeamLibrary::apps()
{
    if (auto st = open(); !st)
        return st.error();
    auto rows = m_connection->exec(QStringLiteral(
        "SELECT a.id, a.name, a.platform, count(v.id), (extract(epoch FROM max(v.created)) * 1000)::bigint "
        "FROM slipway_apps a LEFT JOIN slipway_versions v ON v.app_id = a.id "
        "GROUP BY a.id ORDER BY lower(a.name), a.id"));
    if (!rows)
        return rows.error();
    QList<AppInfo> out;
    for (int r = 0; r < rows->count(); ++r) {
        AppInfo app;
        app.id = rows->text(r, 0);
        app.name = rows->text(r, 1);
        app.packageId = app.id;
        app.platform = rows->text(r, 2);
        app.versionCount = int(rows->number(r, 3));
        if (!rows->isNull(r, 4)) {
            app.extra.insert(QStringLiteral("lastPublished"),
                QDateTime::fromMSecsSinceEpoch(rows->number(r, 4), Qt::UTC).toString(Qt::ISODateWithMs));
        }
        out.append(app);
    }
    return out;
}

Result<QList<VersionInfo>> TeamLibrary::versions(const QString& appId)
{
    if (auto st = open(); !st)
        return st.error();
    // One snapshot for both queries: a publish committed in between cannot give a version without its files.
    PgConnection::Transaction tx(*m_connection);
    if (auto st = tx.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !st)
        return st.error();
    auto rows = m_connection->exec(QStringLiteral("SELECT %1 FROM slipway_versions v WHERE v.app_id = $1 "
                                                  "ORDER BY v.created DESC, v.id DESC")
                                       .arg(QLatin1String(kVersionColumns)),
        {utf8(appId)});
    if (!rows)
        return rows.error();
    QList<VersionInfo> out;
    out.reserve(rows->count());
    for (int r = 0; r < rows->count(); ++r)
        out.append(versionFromRow(rows.value(), r));
    if (auto st = attachFiles(*m_connection, out, QStringLiteral("v.app_id = $1"), {utf8(appId)}); !st)
        return st.error();
    if (auto st = tx.commit(); !st)
        return st.error();
    return out;
}

Result<VersionInfo> TeamLibrary::version(const QString& appId, const QString& versionId)
{
    if (!isVersionId(versionId))
        return notFound(appId, versionId);
    if (auto st = open(); !st)
        return st.error();
    auto rows = m_connection->exec(
        QStringLiteral("SELECT %1 FROM slipway_versions v WHERE v.app_id = $1 AND v.id = $2::bigint")
            .arg(QLatin1String(kVersionColumns)),
        {utf8(appId), versionId.toUtf8()});
    if (!rows)
        return rows.error();
    if (rows->count() == 0)
        return notFound(appId, versionId);
    QList<VersionInfo> one {versionFromRow(rows.value(), 0)};
    if (auto st = attachFiles(*m_connection, one, QStringLiteral("v.id = $1::bigint"), {versionId.toUtf8()}); !st)
        return st.error();
    return one.first();
}

Result<VersionInfo> TeamLibrary::findVersion(const QString& appId, const QString& versionCode, const QString& label)
{
    if (auto st = open(); !st)
        return st.error();
    auto rows = m_connection->exec(QStringLiteral("SELECT id FROM slipway_versions WHERE app_id = $1 AND "
                                                  "version_code = $2 AND label = $3"),
        {utf8(appId), utf8(versionCode), utf8(label)});
    if (!rows)
        return rows.error();
    if (rows->count() == 0)
        return Error(
            Error::Kind::NotFound, Texts::tr("%1 has no version %2 in the team library.").arg(appId, versionCode));
    return version(appId, rows->text(0, 0));
}

Result<QString> TeamLibrary::storeArtifact(const QString& path, const PackageInfo& package, qint64 offset, qint64 total,
    const ProgressFn& progress, const std::atomic_bool* cancel)
{
    // Stored once per content: a file another version already has is shared, kept by the key-share lock until
    // this transaction ends so a concurrent delete cannot remove it meanwhile.
    if (!package.sha256.isEmpty()) {
        auto existing
            = m_connection->exec(QStringLiteral("SELECT sha256 FROM slipway_artifacts WHERE sha256 = $1 FOR KEY SHARE"),
                {package.sha256.toUtf8()});
        if (!existing)
            return existing.error();
        if (existing->count() == 1) {
            if (progress)
                progress(offset + package.size, total);
            return package.sha256;
        }
    }
    QFile file(path);
    file.setObjectName(QFileInfo(path).fileName());
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(Error::Kind::Io,
            Texts::tr("%1 could not be read (%2); nothing was published.").arg(path, file.errorString()));
    }
    const qint64 size = file.size();
    // Both digests through OpenSSL on their own threads while the bytes stream to the server (one read).
    ParallelDigests digests;
    bool halfway = false;
    auto location = m_store->write(
        *m_connection, file, size, [&](const QByteArray& chunk) { digests.add(chunk.constData(), chunk.size()); },
        [&](qint64 done) {
            if (progress)
                progress(offset + done, total);
            if (!halfway && offset == 0 && done * 2 >= size) {
                halfway = true;
                reached(PublishStage::Streaming);
            }
        },
        cancel);
    const FileDigests stored = digests.finish();
    if (!location)
        return location.error();
    const QString hex = stored.sha256;
    if (!package.sha256.isEmpty() && hex != package.sha256) {
        return Error(Error::Kind::Io,
            Texts::tr("%1 changed while it was being published (its SHA-256 is not the one inspected); nothing was "
                      "published.")
                .arg(QFileInfo(path).fileName()));
    }
    // Another publisher may have stored the same bytes and committed meanwhile: then theirs is kept, ours dropped.
    auto inserted = m_connection->exec(
        QStringLiteral("INSERT INTO slipway_artifacts (sha256, md5, size, location) VALUES ($1, $2, $3, $4) "
                       "ON CONFLICT (sha256) DO NOTHING RETURNING sha256"),
        {hex.toUtf8(), stored.md5.toUtf8(), QByteArray::number(size), location->toUtf8()});
    if (!inserted)
        return inserted.error();
    if (inserted->count() == 0) {
        if (auto st = m_store->remove(*m_connection, location.value()); !st)
            return st.error();
    }
    return hex;
}

Result<VersionInfo> TeamLibrary::publish(const PublishRequest& request, const QList<PackageInfo>& packages,
    const ProgressFn& progress, const std::atomic_bool* cancel, const QDateTime& created)
{
    if (request.files.isEmpty() || packages.size() != request.files.size())
        return Error(Error::Kind::Internal, Texts::tr("Nothing to publish."));
    const PackageInfo& primary = packages.first();
    const QString appId = request.appId.isEmpty() ? primary.packageId : request.appId;
    const QString versionCode = request.versionCode.isEmpty() ? primary.versionCode : request.versionCode;
    const QString versionName = request.versionName.isEmpty() ? primary.versionName : request.versionName;
    if (appId.isEmpty()) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("app"),
            Texts::tr("%1 has no package id; choose the app to publish it to.").arg(primary.fileName));
    }
    if (versionCode.isEmpty()) {
        return Error::forField(Error::Kind::Validation, QStringLiteral("version-code"),
            Texts::tr("%1 has no version code; enter one to publish it.").arg(primary.fileName));
    }
    QString appName = request.appName;
    if (appName.isEmpty())
        appName = primary.label.isEmpty() ? appId : primary.label;
    if (auto st = open(); !st)
        return st.error();

    PgConnection& db = *m_connection;
    PgConnection::Transaction tx(db);
    if (auto st = tx.begin(); !st)
        return st.error();
    if (auto st = db.run(QStringLiteral("INSERT INTO slipway_apps (id, name, platform, icon) VALUES ($1, $2, $3, $4) "
                                        "ON CONFLICT (id) DO NOTHING"),
            {utf8(appId), utf8(appName), utf8(primary.platform),
                primary.iconPng.isEmpty() ? QByteArray() : primary.iconPng.toHex().prepend("\\x")});
        !st)
        return st.error();
    QJsonObject inspection = request.inspection.isEmpty() ? primary.toJson() : request.inspection;
    inspection.remove(QStringLiteral("path"));
    // First, so a concurrent publisher of the same version waits here and gets the conflict, before any upload.
    auto inserted = db.exec(
        QStringLiteral("INSERT INTO slipway_versions (app_id, version_name, version_code, label, notes, publisher, "
                       "created, inspection) VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::timestamptz, now()), $8) "
                       "RETURNING id"),
        {utf8(appId), utf8(versionName), utf8(versionCode), utf8(request.label), utf8(request.notes),
            utf8(request.publisher.isEmpty() ? defaultPublisher() : request.publisher),
            created.isValid() ? created.toUTC().toString(Qt::ISODateWithMs).toUtf8() : QByteArray(),
            QJsonDocument(inspection).toJson(QJsonDocument::Compact)});
    if (!inserted) {
        Error e = inserted.error();
        if (e.kind == Error::Kind::Conflict) {
            const QString what = request.label.isEmpty()
                ? Texts::tr("version code %1").arg(versionCode)
                : Texts::tr("version code %1 with label \"%2\"").arg(versionCode, request.label);
            e.message = Texts::tr("%1 already has %2 in the team library. Raise the version code, or give this build a "
                                  "different label.")
                            .arg(appId, what);
            e.field = QStringLiteral("label");
        }
        return e;
    }
    const QString versionId = inserted->text(0, 0);
    reached(PublishStage::VersionInserted);

    qint64 total = 0;
    for (const PackageInfo& p : packages)
        total += p.size;
    qint64 offset = 0;
    for (int i = 0; i < request.files.size(); ++i) {
        auto sha = storeArtifact(request.files.at(i), packages.at(i), offset, total, progress, cancel);
        if (!sha)
            return sha.error();
        if (auto st = db.run(QStringLiteral("INSERT INTO slipway_files (version_id, position, file_name, kind, sha256) "
                                            "VALUES ($1, $2, $3, $4, $5)"),
                {versionId.toUtf8(), QByteArray::number(i),
                    utf8(packages.at(i).fileName.isEmpty() ? QFileInfo(request.files.at(i)).fileName()
                                                           : packages.at(i).fileName),
                    utf8(packageKindName(packages.at(i).kind)), sha->toUtf8()});
            !st)
            return st.error();
        offset += packages.at(i).size;
    }
    if (cancel && cancel->load())
        return Error(Error::Kind::Cancelled, Texts::tr("Publishing was cancelled; nothing was stored."));
    reached(PublishStage::FilesInserted);
    if (auto st = tx.commit(); !st)
        return st.error();
    reached(PublishStage::Committed);
    return version(appId, versionId);
}

Status TeamLibrary::removeVersion(const QString& appId, const QString& versionId)
{
    if (!isVersionId(versionId))
        return notFound(appId, versionId);
    if (auto st = open(); !st)
        return st;
    PgConnection& db = *m_connection;
    PgConnection::Transaction tx(db);
    if (auto st = tx.begin(); !st)
        return st;
    auto shas = db.exec(QStringLiteral("SELECT DISTINCT f.sha256 FROM slipway_files f JOIN slipway_versions v ON "
                                       "v.id = f.version_id WHERE v.app_id = $1 AND v.id = $2::bigint"),
        {utf8(appId), utf8(versionId)});
    if (!shas)
        return shas.error();
    auto removed
        = db.exec(QStringLiteral("DELETE FROM slipway_versions WHERE app_id = $1 AND id = $2::bigint RETURNING id"),
            {utf8(appId), utf8(versionId)});
    if (!removed)
        return removed.error();
    if (removed->count() == 0)
        return notFound(appId, versionId);
    // Artifacts no version uses any more, and the app without versions. A publish sharing one of them holds a
    // key-share lock on it (skipped here) or inserts a file row referring to it (the foreign key refuses the
    // delete): either way it stays, inside a savepoint so the version's removal still commits.
    QStringList list;
    for (int r = 0; r < shas->count(); ++r)
        list.append(shas->text(r, 0));
    auto orphans = db.exec(QStringLiteral("SELECT a.sha256, a.location FROM slipway_artifacts a "
                                          "WHERE a.sha256 = ANY($1::text[]) AND NOT EXISTS "
                                          "(SELECT 1 FROM slipway_files f WHERE f.sha256 = a.sha256) "
                                          "FOR UPDATE SKIP LOCKED"),
        {QStringLiteral("{%1}").arg(list.join(QLatin1Char(','))).toUtf8()});
    if (!orphans)
        return orphans.error();
    for (int r = 0; r < orphans->count(); ++r) {
        if (auto st = db.run(QStringLiteral("SAVEPOINT artifact")); !st)
            return st;
        Status st = db.run(QStringLiteral("DELETE FROM slipway_artifacts WHERE sha256 = $1"), {orphans->bytes(r, 0)});
        if (st)
            st = m_store->remove(db, orphans->text(r, 1));
        if (auto rel = db.run(
                st ? QStringLiteral("RELEASE SAVEPOINT artifact") : QStringLiteral("ROLLBACK TO SAVEPOINT artifact"));
            !rel)
            return rel;
    }
    if (auto st = db.run(QStringLiteral("SAVEPOINT app")); !st)
        return st;
    const Status app = db.run(QStringLiteral("DELETE FROM slipway_apps WHERE id = $1 AND NOT EXISTS "
                                             "(SELECT 1 FROM slipway_versions WHERE app_id = $1)"),
        {utf8(appId)});
    if (auto rel = db.run(app ? QStringLiteral("RELEASE SAVEPOINT app") : QStringLiteral("ROLLBACK TO SAVEPOINT app"));
        !rel)
        return rel;
    return tx.commit();
}

Status TeamLibrary::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    if (!changes.options.isEmpty()) {
        return Error::forField(Error::Kind::Validation, changes.options.firstKey(),
            Texts::tr("The team library has no field \"%1\"; only the notes and the label can change.")
                .arg(changes.options.firstKey()));
    }
    if (!isVersionId(versionId))
        return notFound(appId, versionId);
    if (auto st = open(); !st)
        return st;
    QStringList sets;
    QList<QByteArray> params {utf8(appId), utf8(versionId)};
    if (changes.notes) {
        params.append(utf8(*changes.notes));
        sets.append(QStringLiteral("notes = $%1").arg(params.size()));
    }
    if (changes.label) {
        params.append(utf8(*changes.label));
        sets.append(QStringLiteral("label = $%1").arg(params.size()));
    }
    if (sets.isEmpty())
        sets.append(QStringLiteral("notes = notes"));
    auto updated = m_connection->exec(QStringLiteral("UPDATE slipway_versions SET %1 WHERE app_id = $1 AND "
                                                     "id = $2::bigint RETURNING id")
                                          .arg(sets.join(QStringLiteral(", "))),
        params);
    if (!updated) {
        Error e = updated.error();
        if (e.kind == Error::Kind::Conflict) {
            e.message = Texts::tr("%1 already has another version with this version code and label \"%2\".")
                            .arg(appId, changes.label.value_or(QString()));
            e.field = QStringLiteral("label");
        }
        return e;
    }
    if (updated->count() == 0)
        return notFound(appId, versionId);
    return Ok {};
}

Status TeamLibrary::download(const QString& appId, const QString& versionId, const QString& destination,
    const ProgressFn& progress, const std::atomic_bool* cancel)
{
    auto v = version(appId, versionId);
    if (!v)
        return v.error();
    PgConnection& db = *m_connection;
    PgConnection::Transaction tx(db);
    if (auto st = tx.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !st)
        return st;
    auto rows = db.exec(
        QStringLiteral("SELECT location, size FROM slipway_artifacts WHERE sha256 = $1"), {v->sha256.toUtf8()});
    if (!rows)
        return rows.error();
    if (rows->count() == 0)
        return notFound(appId, versionId);
    const qint64 size = rows->number(0, 1);
    QSaveFile out(destination);
    if (!out.open(QIODevice::WriteOnly)) {
        return Error(Error::Kind::Io, Texts::tr("%1 could not be written (%2).").arg(destination, out.errorString()));
    }
    // Hashing the bytes as they are written (OpenSSL, each digest on its own thread): the check needs no second
    // pass.
    class HashingSink : public QIODevice
    {
    public:
        explicit HashingSink(QSaveFile& file)
            : m_file(file)
        {
            QIODevice::open(QIODevice::WriteOnly);
        }
        ParallelDigests digests;

    protected:
        qint64 readData(char*, qint64) override { return -1; }
        qint64 writeData(const char* data, qint64 len) override
        {
            digests.add(data, len);
            return m_file.write(data, len);
        }

    private:
        QSaveFile& m_file;
    } sink(out);
    auto st = m_store->read(
        db, rows->text(0, 0), sink,
        [&](qint64 done) {
            if (progress)
                progress(done, size);
        },
        cancel);
    const FileDigests received = sink.digests.finish();
    if (!st) {
        out.cancelWriting();
        return st;
    }
    if (received.sha256 != v->sha256 || received.md5 != v->md5) {
        out.cancelWriting();
        return Error(Error::Kind::Io,
            Texts::tr(
                "The stored %1 does not match its checksum; nothing was saved. Tell the team library's administrator.")
                .arg(v->fileName));
    }
    if (!out.commit())
        return Error(Error::Kind::Io, Texts::tr("%1 could not be written (%2).").arg(destination, out.errorString()));
    tx.commit();
    return Ok {};
}

Result<int> TeamLibrary::unreferencedLargeObjects()
{
    if (auto st = open(); !st)
        return st.error();
    auto rows = m_connection->exec(
        QStringLiteral("SELECT count(*) FROM pg_largeobject_metadata m WHERE NOT EXISTS "
                       "(SELECT 1 FROM slipway_artifacts a WHERE a.location = 'lo:' || m.oid::text)"));
    if (!rows)
        return rows.error();
    return int(rows->number(0, 0));
}

} // namespace Slipway
