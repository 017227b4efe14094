#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <atomic>
#include <common/error.h>
#include <common/result.h>
#include <domain/types.h>

namespace Slipway {

// One file of a release's package group, as it was when the release was created.
struct ReleaseFile
{
    QString path;
    QString fileName;
    qint64 size = 0;
    QString md5; // lowercase hex
    QString sha256; // lowercase hex

    QJsonObject toJson() const;
    static ReleaseFile fromJson(const QJsonObject& json);
};

// Where a destination is in its life. Every change is written to the state database before it takes effect.
enum class DestinationState
{
    Queued, // waiting for a transfer slot (or paused)
    Checking, // preflight and, after an interrupted attempt, the lookup that proves nothing landed
    Uploading, // the transfer runs
    Processing, // every byte sent; the service processes the build until it is final
    Done,
    Failed,
    Cancelled,
};

QString destinationStateName(DestinationState state); // "queued", "checking", ...
DestinationState destinationStateFromName(const QString& name); // Queued for an unknown name
bool isFinalState(DestinationState state); // done, failed, cancelled
bool isActiveState(DestinationState state); // checking, uploading, processing

// One account (+ app + that service's fields) a release goes to.
struct ReleaseDestination
{
    qint64 id = 0; // row id in the state database
    qint64 releaseId = 0;
    int position = 0; // queue order within the whole queue; lower runs first
    QString account; // account name ("local" for the Local library)
    QString appId; // empty: matched from the package id
    QVariantMap options; // the service's own publish fields
    DestinationState state = DestinationState::Queued;
    bool paused = false; // a paused destination is not started until resumed
    // An upload was started at least once: before the next one, a lookup must prove the earlier one created
    // nothing (or find what it created).
    bool uploadStarted = false;
    QStringList baselineVersionIds; // the versions of the app before the first upload (the lookup's reference)
    QJsonObject resumeState; // provider checkpoint (App Store Connect reservations), see PublishRequest
    qint64 ownerPid = 0; // the process running it while active
    // A request from another process to the owner ("cancel", "pause"); never written by the owner's saves.
    QString control;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    int attempts = 0;
    QJsonArray checks; // PreflightResult::toJson() of the last checking step
    VersionInfo version; // the published version (id, URL, ...) once done
    Error error; // why it failed or was cancelled
    QDateTime started;
    QDateTime finished;

    QString label() const { return appId.isEmpty() ? account : account + QLatin1Char('/') + appId; }
    // {"id", "account", "app", "state", "paused", "version": {...}, "error": {...}, "checks": [...], ...}
    QJsonObject toJson() const;
};

// A package group, its notes and its destinations: the unit of work and of the history.
struct Release
{
    qint64 id = 0;
    QDateTime created;
    QString publisher; // who published it
    QString host; // the machine it was published from
    QList<ReleaseFile> files; // primary first
    PublishRequest request; // what every destination publishes (appId and options are per destination)
    QString packageId;
    QJsonObject signer; // the primary package's first signing certificate (CertificateInfo::toJson())
    QList<ReleaseDestination> destinations;

    // Overall state: failed when any failed, done when all are done, cancelled when all final and one cancelled,
    // otherwise the most advanced active state, else queued.
    DestinationState overallState() const;
    // The version name and code published: the override, else the package's.
    QString versionName() const;
    QString versionCode() const;
    bool isFinished() const;
    QJsonObject toJson() const;
    // The request one destination publishes: the shared request with that destination's app and fields.
    PublishRequest requestFor(const ReleaseDestination& destination) const;
};

// Size, MD5 and SHA-256 of each file of a package group, streamed (memory stays flat). Blocking: run it off the
// GUI thread. `cancel` stops it between buffers.
Result<QList<ReleaseFile>> describeReleaseFiles(const QStringList& paths, const std::atomic_bool* cancel = nullptr);
// The first signing certificate of an inspection (PackageInfo::toJson()), or an empty object.
QJsonObject releaseSigner(const QJsonObject& inspection);

} // namespace Slipway
