#pragma once

#include <QUrl>
#include <domain/account.h>
#include <functional>
#include <net/httpclient.h>
#include <providers/service/networkprovider.h>

namespace Slipway {

class CredentialStore;
class ServiceClient;
struct ProviderContext;

// Applivery through the Workspace API with a Service Account token (Authorization: Bearer):
// apps of the organization (GET /v1/organizations/{org}/apps, paged), create an app, builds of an app
// (GET .../apps/{app}/builds, paged), upload a build (multipart POST .../apps/{app}/builds to uploadUrl(), by
// default the base URL), then poll the build (GET .../builds/{id}) until it is processed or failed.
// Reads go to the account's base URL (https://api.applivery.io); uploads to uploadUrl().
class AppliveryProvider : public NetworkProvider
{
    Q_OBJECT

public:
    // The account field of an explicit upload base URL (optional; derived from the base URL when empty).
    static constexpr char uploadUrlField[] = "upload-url";

    // The service's description: account fields and default base URL (appliveryservice.cpp).
    static ServiceInfo serviceInfo();
    static Provider* create(const Account& account, const ProviderContext& context, QObject* parent);

    AppliveryProvider(
        const Account& account, CredentialStore* credentials, HttpClient* http, QObject* parent = nullptr);

    QList<FieldSpec> publishFields() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    // Finds (or creates) the app, uploads the build, waits for processing (unless wait-processing=false).
    PublishJob* publish(const PublishRequest& request) override;
    // Applivery's documented API has no build download (appliverydownload.cpp says why).
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;

    // Where builds are uploaded: the account's upload-url, else the base URL (the Workspace API's documented host).
    QUrl uploadUrl() const { return m_uploadUrl; }
    void setUploadUrl(const QUrl& url) { m_uploadUrl = url; }

    // Processing poll: interval (default 5 s) and the longest wait (default 30 min). Tests make them short.
    void setPollInterval(int ms) { m_pollIntervalMs = ms; }
    void setMaxProcessingTime(int ms) { m_maxProcessingMs = ms; }
    // Retry backoff of every request (tests make it short).
    void setRetryPolicy(const RetryPolicy& policy);

private:
    QString orgPath() const;
    QString buildsPath(const QString& appId) const;
    // The first page of the organization's apps; the next ones follow with Paging::pageNumber.
    HttpRequest appsRequest() const;
    void resolveApp(PublishJob* job, const PublishRequest& request, std::function<void(const QString& appId)> next);
    void createApp(
        PublishJob* job, const QString& name, const QString& packageId, std::function<void(const QString& appId)> next);
    void upload(PublishJob* job, const PublishRequest& request, const QString& appId);
    void sendUpload(PublishJob* job, const HttpRequest& up, const QString& appId, bool wait);
    void poll(PublishJob* job, const QString& appId, const QString& buildId, qint64 startedMs);

    QUrl m_uploadUrl;
    int m_pollIntervalMs = 5000;
    int m_maxProcessingMs = 30 * 60 * 1000;
};

} // namespace Slipway
