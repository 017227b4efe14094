#include "teamschema.h"

#include "pgconnection.h"

#include <QCoreApplication>
#include <QStringList>

namespace Slipway::TeamSchema {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::TeamLibrary)
};

// Migration N brings the schema from version N-1 to N. Never edit one that shipped; add the next.
const char* const kMigrations[] = {
    // 1: the catalog, the artifacts and the notification of every change.
    R"SQL(
CREATE TABLE slipway_apps (
    id text PRIMARY KEY,
    name text NOT NULL,
    platform text NOT NULL DEFAULT '',
    icon bytea,
    created timestamptz NOT NULL DEFAULT now());
CREATE TABLE slipway_artifacts (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    md5 text NOT NULL,
    size bigint NOT NULL CHECK (size >= 0),
    location text NOT NULL UNIQUE,
    created timestamptz NOT NULL DEFAULT now());
CREATE TABLE slipway_versions (
    id bigserial PRIMARY KEY,
    app_id text NOT NULL REFERENCES slipway_apps(id),
    version_name text NOT NULL DEFAULT '',
    version_code text NOT NULL,
    label text NOT NULL DEFAULT '',
    notes text NOT NULL DEFAULT '',
    publisher text NOT NULL DEFAULT '',
    created timestamptz NOT NULL DEFAULT now(),
    inspection jsonb,
    CONSTRAINT slipway_versions_unique UNIQUE (app_id, version_code, label));
CREATE INDEX slipway_versions_app_created ON slipway_versions (app_id, created DESC, id DESC);
CREATE TABLE slipway_files (
    version_id bigint NOT NULL REFERENCES slipway_versions(id) ON DELETE CASCADE,
    position int NOT NULL,
    file_name text NOT NULL,
    kind text NOT NULL DEFAULT '',
    sha256 text NOT NULL REFERENCES slipway_artifacts(sha256),
    PRIMARY KEY (version_id, position));
CREATE INDEX slipway_files_sha256 ON slipway_files (sha256);
CREATE FUNCTION slipway_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('slipway_team', COALESCE(NEW.app_id, OLD.app_id));
    RETURN NULL;
END $$;
CREATE TRIGGER slipway_versions_changed AFTER INSERT OR UPDATE OR DELETE ON slipway_versions
    FOR EACH ROW EXECUTE FUNCTION slipway_notify_change();
)SQL",
};

constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == kVersion, "one migration per schema version");

// Roles are cluster-wide and outlive a dropped database: created only when missing; the grants follow every
// migration so new tables are covered.
const char* const kRoles = R"SQL(
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'slipway_reader') THEN
        CREATE ROLE slipway_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'slipway_publisher') THEN
        CREATE ROLE slipway_publisher NOLOGIN IN ROLE slipway_reader;
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO slipway_reader;
GRANT SELECT ON slipway_schema, slipway_apps, slipway_versions, slipway_files, slipway_artifacts TO slipway_reader;
GRANT INSERT, UPDATE, DELETE ON slipway_apps, slipway_versions, slipway_files, slipway_artifacts
    TO slipway_publisher;
GRANT USAGE ON SEQUENCE slipway_versions_id_seq TO slipway_publisher;
)SQL";

} // namespace

Result<int> installedVersion(PgConnection& connection)
{
    auto exists = connection.exec(QStringLiteral("SELECT to_regclass('slipway_schema') IS NOT NULL"));
    if (!exists)
        return exists.error();
    if (exists->text(0, 0) != QLatin1String("t"))
        return 0;
    auto rows = connection.exec(QStringLiteral("SELECT max(version) FROM slipway_schema"));
    if (!rows)
        return rows.error();
    return int(rows->number(0, 0));
}

Status check(PgConnection& connection)
{
    auto version = installedVersion(connection);
    if (!version)
        return version.error();
    const QString where = connection.params().where();
    if (version.value() == 0) {
        return Error(Error::Kind::NotFound,
            Texts::tr(
                "The database at %1 holds no team library yet; an administrator sets it up with Slipway's team init.")
                .arg(where));
    }
    if (version.value() > kVersion) {
        return Error(Error::Kind::Unsupported,
            Texts::tr("The team library at %1 has schema version %2, newer than this Slipway understands (%3); update "
                      "Slipway.")
                .arg(where)
                .arg(version.value())
                .arg(kVersion));
    }
    if (version.value() < kVersion) {
        return Error(Error::Kind::Unsupported,
            Texts::tr(
                "The team library at %1 has schema version %2 and this Slipway needs %3; an administrator migrates it "
                "with Slipway's team init.")
                .arg(where)
                .arg(version.value())
                .arg(kVersion));
    }
    return Ok {};
}

Result<int> migrate(PgConnection& connection)
{
    PgConnection::Transaction tx(connection);
    if (auto st = tx.begin(); !st)
        return st.error();
    // One administrator at a time; the key is arbitrary but fixed ("slipway" in ASCII).
    if (auto st = connection.run(QStringLiteral("SELECT pg_advisory_xact_lock(8314892423187577977)")); !st)
        return st.error();
    if (auto st
        = connection.run(QStringLiteral("CREATE TABLE IF NOT EXISTS slipway_schema ("
                                        "version int PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())"));
        !st)
        return st.error();
    auto before = installedVersion(connection);
    if (!before)
        return before.error();
    if (before.value() > kVersion) {
        return Error(Error::Kind::Unsupported,
            Texts::tr(
                "The team library at %1 has schema version %2, newer than this Slipway understands (%3); nothing was "
                "changed. Update Slipway.")
                .arg(connection.params().where())
                .arg(before.value())
                .arg(kVersion));
    }
    for (int v = before.value() + 1; v <= kVersion; ++v) {
        if (auto st = connection.run(QString::fromUtf8(kMigrations[v - 1])); !st)
            return st.error();
        if (auto st = connection.run(
                QStringLiteral("INSERT INTO slipway_schema (version) VALUES ($1)"), {QByteArray::number(v)});
            !st)
            return st.error();
    }
    if (auto st = connection.run(QString::fromUtf8(kRoles)); !st)
        return st.error();
    if (auto st = tx.commit(); !st)
        return st.error();
    return before.value();
}

} // namespace Slipway::TeamSchema
