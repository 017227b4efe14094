#pragma once

#include <providers/provider.h>

namespace Slipway {

// The Local library as a provider: always present, needs no account, works offline.
class LocalProvider : public Provider
{
    Q_OBJECT

public:
    static void registerService();

    explicit LocalProvider(const QString& accountName, const QString& libraryPath, QObject* parent = nullptr);

    QString accountName() const override { return m_accountName; }
    QString serviceId() const override { return QStringLiteral("local"); }
    QString displayName() const override;
    Capabilities capabilities() const override;
    QString libraryPath() const { return m_libraryPath; }

    AppsJob* fetchApps() override;
    // Every version with its files and stored inspection (the preflight compares signers with it).
    VersionsJob* fetchVersions(const QString& appId) override;
    // The columns of the versions table only; fetchVersionDetails() reads one version's inspection.
    VersionsJob* fetchVersionList(const QString& appId) override;
    VersionsJob* fetchVersionListHead(const QString& appId, int count) override;
    VersionsJob* fetchVersionDetails(const QString& appId, const QString& versionId) override;
    // Inspects every file (hashes included) unless request.inspection already holds the primary's result,
    // then stores the version atomically.
    PublishJob* publish(const PublishRequest& request) override;
    ActionJob* deleteVersion(const QString& appId, const QString& versionId) override;
    DownloadJob* download(const QString& appId, const QString& versionId, const QString& destinationPath) override;
    // Notes and label; the Local library has no service fields.
    ActionJob* edit(const QString& appId, const QString& versionId, const VersionEdit& changes) override;
    // The library keeps notes and a label per version (LocalLibrary::edit).
    QList<FieldSpec> editFields() const override;

private:
    VersionsJob* listVersions(const QString& appId, qsizetype limit);
    QString m_accountName;
    QString m_libraryPath;
};

} // namespace Slipway
