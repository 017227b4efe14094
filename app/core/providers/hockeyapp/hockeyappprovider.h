#pragma once

#include <domain/account.h>
#include <net/httpclient.h>
#include <providers/service/networkprovider.h>

namespace Slipway {

class CredentialStore;
class ServiceClient;
struct ProviderContext;

// HockeyApp API v2 (X-HockeyAppToken) against the account's base URL (default https://rink.hockeyapp.net/api/2;
// the service is retired, compatible servers keep the API): list apps (GET /apps), list versions
// (GET /apps/{id}/app_versions?page=N), upload a version (multipart POST /apps/{id}/app_versions/upload with
// ipa, optional dsym, notes, notes_type, notify, status, mandatory, tags) and delete a version
// (DELETE /apps/{id}/app_versions/{version id}).
class HockeyAppProvider : public NetworkProvider
{
    Q_OBJECT

public:
    // The service's description: account fields and default base URL (hockeyappservice.cpp).
    static ServiceInfo serviceInfo();
    static Provider* create(const Account& account, const ProviderContext& context, QObject* parent);

    HockeyAppProvider(
        const Account& account, CredentialStore* credentials, HttpClient* http, QObject* parent = nullptr);

    QList<FieldSpec> publishFields() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    // The app: request.appId (public identifier, bundle id or title), else the app whose bundle identifier is
    // the package id. The dSYM: the first companion file whose name ends in .dSYM.zip (or any .zip) or is
    // mapping.txt.
    PublishJob* publish(const PublishRequest& request) override;
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    // PUT /apps/{APP_ID}/app_versions/{ID} with notes (+ notes_type), status, mandatory, tags (the label).
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;
    QList<FieldSpec> editFields() const override;
    // The version's build_url (listed with include_build_urls=true; hockeyappdownload.cpp).
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;

    void setRetryPolicy(const RetryPolicy& policy);

    // The companion file sent as `dsym`, or an empty string.
    static QString dsymFile(const QStringList& files);

private:
    void upload(PublishJob* job, const PublishRequest& request, const QString& appId);
    void createThenUpload(PublishJob* job, const PublishRequest& request, const QString& appId,
        const QString& existingId, const HttpRequest& fileRequest);
    void sendUpload(PublishJob* job, const HttpRequest& up, const QString& appId, const QString& fileName);
};

} // namespace Slipway
