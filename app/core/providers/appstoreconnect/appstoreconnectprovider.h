#pragma once

#include <domain/account.h>
#include <net/httpclient.h>
#include <providers/service/networkprovider.h>

namespace Slipway {

class ServiceClient;

// App Store Connect (api.appstoreconnect.apple.com) through the official REST API with an ES256 JWT.
//
// - fetchApps(): GET /v1/apps (limit=200, links.next followed).
// - fetchVersions(app): the app's App Store versions (every platform; state = appVersionState) AND its newest
//   builds (state = processingState), told apart by VersionInfo::extra["type"] = "appStoreVersion" | "build".
// - publish(): uploads an .ipa / .pkg through the Build Uploads API (parts in parallel, no JWT on the part URLs),
//   commits it, follows the upload and the build's processing to the end and, with the option app-store-version,
//   creates or updates that App Store version and attaches the processed build.
// - deleteVersion(): DELETE /v1/appStoreVersions/{id}.
// createVersion / updateVersion / attachBuild are also available directly.
class AppStoreConnectProvider : public NetworkProvider
{
    Q_OBJECT

public:
    // How the publish job paces itself; tests shorten everything.
    struct Timing
    {
        int pollIntervalMs = 30000; // between two looks at the upload / build state
        int maxWaitMs = 90 * 60 * 1000; // give up following processing after this long (the upload stays)
        int parallelParts = 3; // upload parts in flight at once
        RetryPolicy partRetry; // per part (PUT is idempotent: retried on 5xx, drops, timeouts)
        RetryPolicy apiRetry; // App Store Connect API calls
    };

    // The account fields, by key.
    struct Keys
    {
        static constexpr char issuerId[] = "issuer-id";
        static constexpr char keyId[] = "key-id";
        static constexpr char privateKey[] = "private-key"; // the .p8, in the keychain
    };

    // The service's description (appstoreconnectservice.cpp) and its registration with the registry.
    static ServiceInfo serviceInfo();
    static Provider* create(const Account& account, const ProviderContext& context, QObject* parent);

    AppStoreConnectProvider(const Account& account, const ProviderContext& context, QObject* parent = nullptr);
    ~AppStoreConnectProvider() override;

    QList<FieldSpec> publishFields() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    PublishJob* publish(const PublishRequest& request) override;
    // Builds are expired (PATCH /v1/builds/{id} expired=true); other ids are App Store versions, deleted.
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    // An App Store version's attributes (version-string, copyright, release-type, earliest-release-date).
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;
    QList<FieldSpec> editFields() const override;
    // App Store Connect has no build download (ascdownload.cpp says why).
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;

    // POST /v1/appStoreVersions. `platform` is Apple's enum (IOS, MAC_OS, TV_OS, VISION_OS).
    PublishJob* createVersion(const QString& appId, const QString& platform, const QString& versionString,
        const QVariantMap& attributes = {});
    // PATCH /v1/appStoreVersions/{id} with versionString / copyright / releaseType / earliestReleaseDate.
    PublishJob* updateVersion(const QString& versionId, const QVariantMap& attributes);
    // PATCH /v1/appStoreVersions/{id}/relationships/build.
    ActionJob* attachBuild(const QString& versionId, const QString& buildId);

    void setTiming(const Timing& timing);
    const Timing& timing() const { return m_timing; }

    // Every App Store Connect call goes through this client (ES256 JWT, Apple's errors, one re-signing on 401).
    // A request against the API: a JSON body on every method but GET and DELETE.
    HttpRequest request(const QByteArray& method, const QString& path) const;

private:
    // "What's new" of one language of an App Store version: finds the appStoreVersionLocalization (the only one, or
    // the one of `locale`) and PATCHes its whatsNew; completes `job`.
    void setWhatsNew(ActionJob* job, const QString& versionId, const QString& locale, const QString& text);
    // The API of `account` (its base URL or Apple's) with Apple's error format (appstoreconnectservice.cpp).
    static HttpService httpService(const Account& account);

    Timing m_timing;
};

} // namespace Slipway
