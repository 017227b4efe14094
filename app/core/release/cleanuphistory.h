#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <common/error.h>
#include <domain/types.h>

namespace Slipway {

// One bulk clean-up (prune by rule, or a bulk delete/expire of selected versions): the other kind of entry of the
// release history, kept in the same state database (ReleaseStore::recordCleanup()). Only real runs that changed
// something are recorded, never a dry run; versions that could not be removed in such a run are listed as failed.
struct CleanupEntry
{
    qint64 id = 0; // row id in the state database
    QDateTime created;
    QString account;
    QString service; // "local", "appstoreconnect", ...
    QString appId;
    QString action; // "delete", or "expire" (App Store Connect builds are expired, not deleted)
    QString rule; // "keep 3", "older than 30 days", "keep 3, older than 30 days", or "selected"
    QString publisher; // who ran it
    QString host; // the machine it ran on
    QList<VersionInfo> removed; // id, name, code, label, date of each version that went
    QList<VersionInfo> failed; // the versions that could not be removed, with failedErrors in the same order
    QStringList failedErrors;

    // A new entry for now, by this user on this machine, for what a PruneJob (or bulk delete) did.
    static CleanupEntry now(const QString& account, const QString& service, const QString& appId, const QString& rule,
        const QList<VersionInfo>& removed, const QList<VersionInfo>& failed, const QList<Error>& errors);
    // "keep 3", "older than 30 days", both joined by ", ", or "selected" (the arguments are -1 when unset).
    static QString describeRule(int keep, int olderThanDays);

    // {"id", "kind": "cleanup", "created", "account", "service", "app", "action", "rule", "publisher", "host",
    //  "removed": [{id, versionName, versionCode, label, created}], "failed": [{..., "error"}]}
    QJsonObject toJson() const;
    static CleanupEntry fromJson(const QJsonObject& json);
};

} // namespace Slipway
