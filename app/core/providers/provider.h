#pragma once

#include <QObject>
#include <common/job.h>
#include <common/result.h>
#include <domain/types.h>

namespace Slipway {

using AppsJob = ValueJob<QList<AppInfo>>;
using VersionsJob = ValueJob<QList<VersionInfo>>;
using PublishJob = ValueJob<VersionInfo>;
using ActionJob = ValueJob<Ok>;
using DownloadJob = ValueJob<QString>; // the file written

// One connected account of one service: the Local library, a ManageXR organization, an App Store Connect
// key, ... Every service implements this interface; the window and the CLI see nothing else.
class Provider : public QObject
{
    Q_OBJECT

public:
    enum Capability
    {
        ListApps = 0x01,
        ListVersions = 0x02,
        Publish = 0x04,
        DeleteVersion = 0x08,
        EditVersion = 0x10, // edit()
        CreateApp = 0x20,
        DownloadArtifact = 0x80, // download()
    };
    Q_DECLARE_FLAGS(Capabilities, Capability)
    Q_FLAG(Capabilities)

    explicit Provider(QObject* parent = nullptr);
    ~Provider() override;

    virtual QString accountName() const = 0; // unique account name ("local", "mxr-production")
    virtual QString serviceId() const = 0; // "local", "managexr", "appstoreconnect", "akana", "applivery", "hockeyapp"
    virtual QString displayName() const = 0; // shown in the accounts list
    virtual Capabilities capabilities() const = 0;

    // The service's own publish fields (release channel, notify, tags, ...): the Publish dialog shows them,
    // the CLI accepts them as --set KEY=VALUE. Values land in PublishRequest::options.
    virtual QList<FieldSpec> publishFields() const { return {}; }

    virtual AppsJob* fetchApps() = 0;
    virtual VersionsJob* fetchVersions(const QString& appId) = 0;
    // The versions as a table shows them: a provider whose fetchVersions() carries heavy details (the Local
    // library's stored inspections) returns lean rows here and the details through fetchVersionDetails().
    virtual VersionsJob* fetchVersionList(const QString& appId) { return fetchVersions(appId); }
    // The first `count` rows of fetchVersionList(), in its order, when the provider can read them much faster than
    // the whole list (a table then shows them while the rest loads); null when it cannot, as for remote services.
    virtual VersionsJob* fetchVersionListHead(const QString& appId, int count)
    {
        Q_UNUSED(appId)
        Q_UNUSED(count)
        return nullptr;
    }
    // One version with the details fetchVersionList() left out (a list of one); null when the listed row is
    // already complete, as it is for every remote service.
    virtual VersionsJob* fetchVersionDetails(const QString& appId, const QString& versionId)
    {
        Q_UNUSED(appId)
        Q_UNUSED(versionId)
        return nullptr;
    }
    virtual PublishJob* publish(const PublishRequest& request) = 0;
    // Default: a job that fails with Error::Kind::Unsupported.
    virtual ActionJob* deleteVersion(const QString& appId, const QString& versionId);
    // Streams the version's primary artifact to `destinationPath` with progress, verified against the checksum
    // the service knows; on failure or cancel nothing is left at `destinationPath`. The job's result is that
    // path. Default: a job that fails with Error::Kind::Unsupported.
    virtual DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath);
    // Changes a version's notes, label or service fields. Default: a job that fails with Error::Kind::Unsupported.
    virtual ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes);
    // What edit() can change: "notes" and "label" for VersionEdit::notes / label, other keys for
    // VersionEdit::options. The Edit dialog shows them (prefilled from the version), the CLI accepts them as
    // --notes, --label and --set KEY=VALUE. Empty when the service cannot edit.
    virtual QList<FieldSpec> editFields() const { return {}; }

    // Finds the app a package belongs to among `apps` (by package id / bundle id); empty if none.
    static QString matchApp(const QList<AppInfo>& apps, const QString& packageId);

Q_SIGNALS:
    // The provider's data changed outside a job the caller started (another process published, ...).
    void changed();

protected:
    // A job already failed with `error`, for operations that cannot start.
    template<typename J> J* failedJob(const Error& error)
    {
        auto* job = new J(this);
        job->fail(error);
        return job;
    }
};

Q_DECLARE_OPERATORS_FOR_FLAGS(Provider::Capabilities)

} // namespace Slipway
