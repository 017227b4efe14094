#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <common/job.h>
#include <domain/types.h>
#include <package/packageinfo.h>

namespace Slipway {

class Workspace;

// One finding of the preflight for one destination: "version 42 already exists on mxr-prod/com.example".
struct PreflightCheck
{
    enum class Status
    {
        Pass,
        Info,
        Warn,
        Block,
    };
    QString destination; // "ACCOUNT/APP"
    QString check; // stable id: "version-exists", "package-id", "signer-changed", ...
    Status status = Status::Pass;
    QString message; // one sentence naming the destination
    QString fix; // what to change; empty for a pass

    QJsonObject toJson() const; // {"destination", "check", "status": "pass|info|warn|block", "message", "fix"}
    static PreflightCheck fromJson(const QJsonObject& json);
    static QString statusName(Status status);
};

// Every check of one destination (or of several, concatenated).
struct PreflightResult
{
    QList<PreflightCheck> checks;

    // A block stands (or, when strict, a warning).
    bool blocks(bool strict = false) const;
    bool hasWarnings() const;
    // The findings of one status, in order.
    QList<PreflightCheck> withStatus(PreflightCheck::Status status) const;
    // A block stands because the version already exists there (the CLI exits 7 rather than 3).
    bool blocksOnExistingVersion() const;
    QJsonArray toJson() const;
    static PreflightResult fromJson(const QJsonArray& json);
};

// Where a release goes: an account, the app on it, and that service's fields.
struct PreflightDestination
{
    QString account; // account name ("local" for the Local library)
    QString appId; // empty: matched from the package id
    bool production = false; // the package's error-severity warnings block here
};

// How strict preflight is; the window keeps these as settings.
struct PreflightSettings
{
    int profileWarningDays = 14; // a provisioning profile expiring within this many days warns
    qint64 assumedBytesPerSecond = 1024 * 1024; // to estimate how long a transfer takes (credential lifetimes)
    int cacheSeconds = 60; // how long a destination's app and version lists are reused
    // The largest previous artifact preflight downloads to read its signer, where the destination keeps no
    // inspection with its versions (HockeyApp, ManageXR); larger ones are reported as not checked.
    qint64 maxSignerDownloadBytes = 512LL * 1024 * 1024;
};

using PreflightJob = ValueJob<PreflightResult>;

// Checks one package group against one destination's live state before anything is sent. Asynchronous; the
// job always completes with a result (a check that cannot run is itself reported), and fails only when
// cancelled.
class Preflight : public QObject
{
    Q_OBJECT

public:
    explicit Preflight(Workspace* workspace, QObject* parent = nullptr);
    ~Preflight() override;

    // `request.files` is the package group (primary first); each file is inspected (metadata only, on a worker
    // thread, remembered while the file is unchanged). The request's version name / code / label override the
    // package's, as they would when publishing.
    PreflightJob* run(const PublishRequest& request, const PreflightDestination& destination);

    // A destination for an account: its production flag from the account (or the service's default) and, from
    // "ACCOUNT/APP", the app. An unknown account still gives a destination; run() reports it.
    PreflightDestination destinationFor(const QString& accountSlashApp) const;

    // Forgets the remembered app and version lists, so the next run() reads the live state again.
    void refresh();

    void setSettings(const PreflightSettings& settings) { m_settings = settings; }
    const PreflightSettings& settings() const { return m_settings; }
    // "Now" for expiry checks; invalid means the current time (tests pin it).
    void setNow(const QDateTime& now) { m_now = now; }

private:
    class Run;
    friend class Run;
    template<typename T> struct Cached
    {
        QDateTime fetched;
        T value;
    };
    struct CachedPackage
    {
        QDateTime modified;
        qint64 size = -1;
        PackageInfo info;
    };

    Workspace* m_workspace = nullptr;
    PreflightSettings m_settings;
    QDateTime m_now;
    QHash<QString, Cached<QList<AppInfo>>> m_apps; // by account
    QHash<QString, Cached<QList<VersionInfo>>> m_versions; // by "ACCOUNT/APP"
    QHash<QString, CachedPackage> m_packages; // by absolute path
    // The inspection of a previous version's downloaded artifact (a version's bytes do not change, so it is kept),
    // or why it could not be read (kept for cacheSeconds), by "ACCOUNT/APP/VERSION-ID".
    struct PreviousInspection
    {
        QVariantMap inspection;
        QString unchecked;
    };
    QHash<QString, Cached<PreviousInspection>> m_previousInspections;
};

} // namespace Slipway
