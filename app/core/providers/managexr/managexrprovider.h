#pragma once

#include <domain/account.h>
#include <functional>
#include <net/httpclient.h>
#include <providers/managexr/managexrjson.h>
#include <providers/service/networkprovider.h>
#include <providers/service/steps.h>

namespace Slipway {

class ServiceClient;

// A ManageXR organization (https://managexrapi.com, API v1). Basic auth with the key ID and the key secret from
// the keychain; `organizationId` on every call when the account names one; at most 10 requests per second.
// ManageXR only registers files the user hosts: publish copies the APK (and OBB) into the account's hosting
// folder and registers the URLs under its hosting base URL, or registers the URLs given as apk-url / obb-url.
class ManageXrProvider : public NetworkProvider
{
    Q_OBJECT

public:
    // The service's description: account fields, default base URL, account check (managexrservice.cpp).
    static ServiceInfo serviceInfo();
    static Provider* create(const Account& account, const ProviderContext& context, QObject* parent);

    ManageXrProvider(const Account& account, const ProviderContext& context, QObject* parent = nullptr);
    ~ManageXrProvider() override;

    QList<FieldSpec> publishFields() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    PublishJob* publish(const PublishRequest& request) override;
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    // Provider::edit: the label (VersionEdit::label, PATCH versionLabel) and, with the option release-channel,
    // points that channel at the version.
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;
    QList<FieldSpec> editFields() const override;
    // The version's hosted apkUrl, checked against apkMd5 / apkSize (managexrdownload.cpp).
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;
    // PATCH the version's label (the only version field ManageXR lets an API key change).
    ActionJob* editVersionLabel(const QString& appId, const QString& versionId, const QString& label);
    // Points a release channel (created when missing) at a version.
    ActionJob* setReleaseChannel(const QString& appId, const QString& channelName, const QString& versionId);

    // Tests: shorter backoff and timeouts.
    void setRetryPolicy(const RetryPolicy& policy);
    void setTimeouts(const HttpTimeouts& timeouts);
    const HttpService& service() const;

private:
    void createVersion(PublishJob* job, const ManageXrJson::NewVersion& version, const QString& releaseChannel);
    void createVersion(PublishJob* job, const ManageXrJson::NewVersion& version, const QString& releaseChannel,
        bool exists, const HttpRequest& list, const Steps::Snapshot& before);
    template<typename T>
    void retarget(ValueJob<T>* outer, const QString& appId, const QString& channelName, const QString& versionId,
        std::function<void()> next);
    QString appPath(const QString& appId) const;
};

} // namespace Slipway
