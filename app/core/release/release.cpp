#include "release.h"

#include <QFileInfo>
#include <array>
#include <package/filehasher.h>

namespace Slipway {

namespace {

struct StateName
{
    DestinationState state;
    const char* name;
};

constexpr std::array<StateName, 7> kStates {{
    {DestinationState::Queued, "queued"},
    {DestinationState::Checking, "checking"},
    {DestinationState::Uploading, "uploading"},
    {DestinationState::Processing, "processing"},
    {DestinationState::Done, "done"},
    {DestinationState::Failed, "failed"},
    {DestinationState::Cancelled, "cancelled"},
}};

QString isoOrEmpty(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QJsonObject ReleaseFile::toJson() const
{
    return QJsonObject {{QStringLiteral("path"), path}, {QStringLiteral("fileName"), fileName},
        {QStringLiteral("size"), size}, {QStringLiteral("md5"), md5}, {QStringLiteral("sha256"), sha256}};
}

ReleaseFile ReleaseFile::fromJson(const QJsonObject& json)
{
    ReleaseFile f;
    f.path = json.value(QLatin1String("path")).toString();
    f.fileName = json.value(QLatin1String("fileName")).toString();
    f.size = json.value(QLatin1String("size")).toInteger();
    f.md5 = json.value(QLatin1String("md5")).toString();
    f.sha256 = json.value(QLatin1String("sha256")).toString();
    return f;
}

QString destinationStateName(DestinationState state)
{
    for (const StateName& s : kStates) {
        if (s.state == state)
            return QString::fromLatin1(s.name);
    }
    return QStringLiteral("queued");
}

DestinationState destinationStateFromName(const QString& name)
{
    for (const StateName& s : kStates) {
        if (name == QLatin1String(s.name))
            return s.state;
    }
    return DestinationState::Queued;
}

bool isFinalState(DestinationState state)
{
    return state == DestinationState::Done || state == DestinationState::Failed || state == DestinationState::Cancelled;
}

bool isActiveState(DestinationState state)
{
    return state == DestinationState::Checking || state == DestinationState::Uploading
        || state == DestinationState::Processing;
}

QJsonObject ReleaseDestination::toJson() const
{
    QJsonObject o {{QStringLiteral("id"), id}, {QStringLiteral("account"), account}, {QStringLiteral("app"), appId},
        {QStringLiteral("state"), destinationStateName(state)}, {QStringLiteral("paused"), paused},
        {QStringLiteral("attempts"), attempts}, {QStringLiteral("bytesDone"), bytesDone},
        {QStringLiteral("bytesTotal"), bytesTotal}};
    if (!options.isEmpty())
        o.insert(QStringLiteral("options"), QJsonObject::fromVariantMap(options));
    if (!version.id.isEmpty() || state == DestinationState::Done)
        o.insert(QStringLiteral("version"), version.toJson());
    if (error.isError())
        o.insert(QStringLiteral("error"), error.toJson());
    if (!checks.isEmpty())
        o.insert(QStringLiteral("checks"), checks);
    if (started.isValid())
        o.insert(QStringLiteral("started"), isoOrEmpty(started));
    if (finished.isValid())
        o.insert(QStringLiteral("finished"), isoOrEmpty(finished));
    return o;
}

DestinationState Release::overallState() const
{
    bool allDone = !destinations.isEmpty();
    bool allFinal = true;
    bool anyCancelled = false;
    DestinationState active = DestinationState::Queued;
    for (const ReleaseDestination& d : destinations) {
        if (d.state == DestinationState::Failed)
            return DestinationState::Failed;
        allDone = allDone && d.state == DestinationState::Done;
        allFinal = allFinal && isFinalState(d.state);
        anyCancelled = anyCancelled || d.state == DestinationState::Cancelled;
        if (isActiveState(d.state) && int(d.state) > int(active))
            active = d.state;
    }
    if (allDone)
        return DestinationState::Done;
    if (allFinal)
        return anyCancelled ? DestinationState::Cancelled : DestinationState::Done;
    return active;
}

QString Release::versionName() const
{
    return request.versionName.isEmpty() ? request.inspection.value(QLatin1String("versionName")).toString()
                                         : request.versionName;
}

QString Release::versionCode() const
{
    return request.versionCode.isEmpty() ? request.inspection.value(QLatin1String("versionCode")).toVariant().toString()
                                         : request.versionCode;
}

bool Release::isFinished() const
{
    for (const ReleaseDestination& d : destinations) {
        if (!isFinalState(d.state))
            return false;
    }
    return true;
}

QJsonObject Release::toJson() const
{
    QJsonArray fileArray;
    for (const ReleaseFile& f : files)
        fileArray.append(f.toJson());
    QJsonArray dests;
    for (const ReleaseDestination& d : destinations)
        dests.append(d.toJson());
    QJsonObject o {{QStringLiteral("release"), id}, {QStringLiteral("created"), isoOrEmpty(created)},
        {QStringLiteral("state"), destinationStateName(overallState())}, {QStringLiteral("publisher"), publisher},
        {QStringLiteral("host"), host}, {QStringLiteral("packageId"), packageId},
        {QStringLiteral("versionName"), versionName()}, {QStringLiteral("versionCode"), versionCode()},
        {QStringLiteral("notes"), request.notes}, {QStringLiteral("files"), fileArray},
        {QStringLiteral("destinations"), dests}};
    if (!request.label.isEmpty())
        o.insert(QStringLiteral("label"), request.label);
    if (!signer.isEmpty())
        o.insert(QStringLiteral("signer"), signer);
    // Why it was published despite preflight warnings, or that preflight was skipped: part of the history.
    if (!request.preflightOverride.isEmpty())
        o.insert(QStringLiteral("preflightOverride"), request.preflightOverride);
    if (request.skipPreflight)
        o.insert(QStringLiteral("skipPreflight"), true);
    return o;
}

PublishRequest Release::requestFor(const ReleaseDestination& destination) const
{
    PublishRequest r = request;
    r.appId = destination.appId;
    r.options = destination.options;
    r.resumeState = destination.resumeState;
    r.fileSha256.clear();
    r.fileMd5.clear();
    if (files.size() == r.files.size()) {
        for (const ReleaseFile& f : files) {
            r.fileSha256.append(f.sha256);
            r.fileMd5.append(f.md5);
        }
    }
    return r;
}

Result<QList<ReleaseFile>> describeReleaseFiles(const QStringList& paths, const std::atomic_bool* cancel)
{
    QList<ReleaseFile> files;
    for (const QString& path : paths) {
        auto digests = FileHasher::hash(path, {}, cancel);
        if (!digests)
            return digests.error();
        ReleaseFile f;
        f.path = path;
        f.fileName = QFileInfo(path).fileName();
        f.size = digests.value().size;
        f.md5 = digests.value().md5;
        f.sha256 = digests.value().sha256;
        files.append(f);
    }
    return files;
}

QJsonObject releaseSigner(const QJsonObject& inspection)
{
    return inspection.value(QLatin1String("signing"))
        .toObject()
        .value(QLatin1String("certificates"))
        .toArray()
        .at(0)
        .toObject();
}

} // namespace Slipway
