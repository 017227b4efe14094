// The clean-up entries of the release history: CleanupEntry and the ReleaseStore functions that keep them in the
// `cleanups` table of the state database (schema 2; releasestore.cpp creates the table).
#include "cleanuphistory.h"

#include "releasestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ReleaseStore)
};

// What the history keeps of a version that went: enough to name it, nothing the service might treat as secret.
QJsonObject versionEntry(const VersionInfo& v)
{
    QJsonObject o {{QStringLiteral("id"), v.id}, {QStringLiteral("versionName"), v.versionName},
        {QStringLiteral("versionCode"), v.versionCode}, {QStringLiteral("label"), v.label}};
    if (v.created.isValid())
        o.insert(QStringLiteral("created"), v.created.toUTC().toString(Qt::ISODate));
    return o;
}

VersionInfo versionOfEntry(const QJsonObject& o)
{
    VersionInfo v;
    v.id = o.value(QLatin1String("id")).toString();
    v.versionName = o.value(QLatin1String("versionName")).toString();
    v.versionCode = o.value(QLatin1String("versionCode")).toString();
    v.label = o.value(QLatin1String("label")).toString();
    v.created = QDateTime::fromString(o.value(QLatin1String("created")).toString(), Qt::ISODate);
    return v;
}

QString compact(const QJsonArray& a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

Error cleanupDbError(const QString& path, const QSqlError& e)
{
    return Error(Error::Kind::Io,
        Texts::tr("The clean-up history in %1 cannot be written: %2").arg(QDir::toNativeSeparators(path), e.text()));
}

} // namespace

CleanupEntry CleanupEntry::now(const QString& account, const QString& service, const QString& appId,
    const QString& rule, const QList<VersionInfo>& removed, const QList<VersionInfo>& failed,
    const QList<Error>& errors)
{
    CleanupEntry e;
    e.created = QDateTime::currentDateTimeUtc();
    e.account = account;
    e.service = service;
    e.appId = appId;
    e.action = service == QLatin1String("appstoreconnect") ? QStringLiteral("expire") : QStringLiteral("delete");
    e.rule = rule;
    e.publisher = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QDir::home().dirName()));
    e.host = QSysInfo::machineHostName();
    e.removed = removed;
    e.failed = failed;
    for (const Error& error : errors)
        e.failedErrors << error.message;
    return e;
}

QString CleanupEntry::describeRule(int keep, int olderThanDays)
{
    QStringList parts;
    if (keep >= 0)
        parts << QStringLiteral("keep %1").arg(keep);
    if (olderThanDays >= 0)
        parts << QStringLiteral("older than %1 days").arg(olderThanDays);
    return parts.isEmpty() ? QStringLiteral("selected") : parts.join(QStringLiteral(", "));
}

QJsonObject CleanupEntry::toJson() const
{
    QJsonArray removedJson;
    for (const VersionInfo& v : removed)
        removedJson.append(versionEntry(v));
    QJsonArray failedJson;
    for (int i = 0; i < failed.size(); ++i) {
        QJsonObject o = versionEntry(failed.at(i));
        o.insert(QStringLiteral("error"), failedErrors.value(i));
        failedJson.append(o);
    }
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("kind"), QStringLiteral("cleanup")},
        {QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)}, {QStringLiteral("account"), account},
        {QStringLiteral("service"), service}, {QStringLiteral("app"), appId}, {QStringLiteral("action"), action},
        {QStringLiteral("rule"), rule}, {QStringLiteral("publisher"), publisher}, {QStringLiteral("host"), host},
        {QStringLiteral("removed"), removedJson}, {QStringLiteral("failed"), failedJson}};
}

CleanupEntry CleanupEntry::fromJson(const QJsonObject& json)
{
    CleanupEntry e;
    e.id = json.value(QLatin1String("id")).toInteger();
    e.created = QDateTime::fromString(json.value(QLatin1String("created")).toString(), Qt::ISODateWithMs).toUTC();
    e.account = json.value(QLatin1String("account")).toString();
    e.service = json.value(QLatin1String("service")).toString();
    e.appId = json.value(QLatin1String("app")).toString();
    e.action = json.value(QLatin1String("action")).toString();
    e.rule = json.value(QLatin1String("rule")).toString();
    e.publisher = json.value(QLatin1String("publisher")).toString();
    e.host = json.value(QLatin1String("host")).toString();
    for (const QJsonValue& v : json.value(QLatin1String("removed")).toArray())
        e.removed.append(versionOfEntry(v.toObject()));
    for (const QJsonValue& v : json.value(QLatin1String("failed")).toArray()) {
        e.failed.append(versionOfEntry(v.toObject()));
        e.failedErrors.append(v.toObject().value(QLatin1String("error")).toString());
    }
    return e;
}

Status ReleaseStore::recordCleanup(CleanupEntry& entry)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!entry.created.isValid())
        entry.created = QDateTime::currentDateTimeUtc();
    const QJsonObject json = entry.toJson();
    q.prepare(QStringLiteral("INSERT INTO cleanups (created, account, service, app_id, action, rule, publisher, host, "
                             "removed, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(json.value(QLatin1String("created")).toString());
    for (const QString& value :
        {entry.account, entry.service, entry.appId, entry.action, entry.rule, entry.publisher, entry.host})
        q.addBindValue(value);
    q.addBindValue(compact(json.value(QLatin1String("removed")).toArray()));
    q.addBindValue(compact(json.value(QLatin1String("failed")).toArray()));
    if (!q.exec())
        return cleanupDbError(m_path, q.lastError());
    entry.id = q.lastInsertId().toLongLong();
    return Ok {};
}

Result<QList<CleanupEntry>> ReleaseStore::cleanups(int limit) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    QString sql = QStringLiteral("SELECT id, created, account, service, app_id, action, rule, publisher, host, "
                                 "removed, failed FROM cleanups ORDER BY created DESC, id DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    if (!q.exec(sql))
        return cleanupDbError(m_path, q.lastError());
    QList<CleanupEntry> out;
    while (q.next()) {
        QJsonObject o {{QStringLiteral("id"), q.value(0).toLongLong()},
            {QStringLiteral("created"), q.value(1).toString()}, {QStringLiteral("account"), q.value(2).toString()},
            {QStringLiteral("service"), q.value(3).toString()}, {QStringLiteral("app"), q.value(4).toString()},
            {QStringLiteral("action"), q.value(5).toString()}, {QStringLiteral("rule"), q.value(6).toString()},
            {QStringLiteral("publisher"), q.value(7).toString()}, {QStringLiteral("host"), q.value(8).toString()},
            {QStringLiteral("removed"), QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array()},
            {QStringLiteral("failed"), QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array()}};
        out.append(CleanupEntry::fromJson(o));
    }
    return out;
}

} // namespace Slipway
