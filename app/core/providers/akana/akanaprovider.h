#pragma once

#include <QJsonObject>
#include <domain/account.h>
#include <net/httpclient.h>
#include <providers/service/networkprovider.h>

namespace Slipway {

class AkanaSession;
class ServiceClient;

// The Akana API Platform (Community Manager developer portal API) of one tenant and user. Akana app versions are
// metadata, not binaries: publishing adds (or, with the option version-id, modifies) an app version whose Name is
// the package's version name; nothing is uploaded.
//
// - fetchApps(): GET /api/users/{UserID}/apps?IncludeVersions=true (Accept: application/vnd.soa.v81+json), paged
//   with start/count.
// - fetchVersions(app): GET /api/apps/{AppID}/versions.
// - publish(): POST /api/apps/{AppID}/versions (Name, Description, Tag, Visibility, InitialEnvironment), the
//   answer is the new AppVersionID as text; with version-id: GET /api/apps/versions/{id}, then PUT of that object
//   with the given fields laid over it (a PUT replaces the whole version); then renews the token.
// - deleteVersion(): DELETE /api/apps/versions/{id}, refused when it is the app's only version (Akana would
//   delete the whole app).
class AkanaProvider : public NetworkProvider
{
    Q_OBJECT

public:
    // The account fields, by key (the password lives in the keychain).
    struct Keys
    {
        static constexpr char email[] = "email";
        static constexpr char password[] = "password";
    };

    // The service's description (akanaservice.cpp) and its registration with the registry.
    static ServiceInfo serviceInfo();
    static Provider* create(const Account& account, const ProviderContext& context, QObject* parent);

    AkanaProvider(const Account& account, const ProviderContext& context, QObject* parent = nullptr);
    ~AkanaProvider() override;

    QList<FieldSpec> publishFields() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    PublishJob* publish(const PublishRequest& request) override;
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    // The merged PUT of publish's version-id: notes -> Description, label -> Tag, options name, visibility,
    // initial-environment.
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;
    QList<FieldSpec> editFields() const override;

    // Every call goes through this client; its authenticator is the session.
    AkanaSession* session() const { return m_session; }
    // Apps per page of GET /api/users/{UserID}/apps.
    void setPageSize(int count) { m_pageSize = count; }

private:
    // The API of `account`'s tenant with Akana's error format (akanaservice.cpp).
    static HttpService httpService(const Account& account);

    void fetchAppsPage(AppsJob* job, int start, QList<AppInfo> apps);
    // GET the version, lay `changes` (ApplicationVersion properties) over it, PUT the whole object, renew.
    void modifyVersion(PublishJob* job, const QString& appId, const QString& versionId, const QJsonObject& changes);
    void renewAfterChange(PublishJob* job, const VersionInfo& saved);

    AkanaSession* m_session; // owned by m_client
    int m_pageSize = 100;
};

} // namespace Slipway
