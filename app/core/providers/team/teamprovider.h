#pragma once

#include <QByteArray>
#include <QPointer>
#include <domain/account.h>
#include <library/team/pgconnection.h>
#include <optional>
#include <providers/provider.h>

namespace Slipway {

class CredentialStore;
class TeamLibrary;
class TeamListener;

// Keys of the team library's account fields.
namespace TeamKeys {
inline const QString url = QStringLiteral("url");
inline const QString sslmode = QStringLiteral("sslmode");
inline const QString sslrootcert = QStringLiteral("sslrootcert");
inline const QString password = QStringLiteral("password");
} // namespace TeamKeys

// The team library (library/team/TeamLibrary on PostgreSQL) as a provider. Every operation runs on a worker thread
// with a connection of its own; the password comes from the keychain once per provider. changed() is emitted when a
// colleague's commit notifies the channel, from the moment something connects to it (TeamListener: no polling).
class TeamProvider : public Provider
{
    Q_OBJECT

public:
    static ServiceInfo serviceInfo();
    static void registerService();

    TeamProvider(const Account& account, CredentialStore* credentials, QObject* parent = nullptr);
    ~TeamProvider() override;

    QString accountName() const override { return m_account.name; }
    QString serviceId() const override { return QStringLiteral("team"); }
    QString displayName() const override;
    Capabilities capabilities() const override;

    AppsJob* fetchApps() override;
    VersionsJob* fetchVersions(const QString& appId) override;
    // Inspects every file (hashes included), then stores the version in one transaction.
    PublishJob* publish(const PublishRequest& request) override;
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;

    // The account's connection parameters without the password (which the keychain holds).
    static PgParams paramsOf(const Account& account);
    // Reads the password from the keychain (once), then calls `ready` with the complete parameters, or with the
    // keychain's error. A missing password is none (libpq may still find ~/.pgpass or PGPASSWORD).
    void withParams(QObject* context, const std::function<void(const Result<PgParams>&)>& ready);
    // The listener, once changed() has a receiver (tests wait for its listening()).
    TeamListener* listener() const { return m_listener; }

Q_SIGNALS:
    // The live connection is listening (again): changes committed from now on reach changed().
    void listening();

protected:
    void connectNotify(const QMetaMethod& signal) override;

private:
    template<typename T, typename Work> ValueJob<T>* run(ValueJob<T>* job, Work work);
    void startListening();

    Account m_account;
    QPointer<CredentialStore> m_credentials;
    std::optional<QByteArray> m_password;
    TeamListener* m_listener = nullptr;
    bool m_listenRequested = false;
};

} // namespace Slipway
