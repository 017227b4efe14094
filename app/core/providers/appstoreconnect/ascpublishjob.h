#pragma once

#include "appstoreconnectprovider.h"
#include "ascjson.h"

#include <QElapsedTimer>
#include <QPointer>
#include <atomic>
#include <memory>

class QTimer;

namespace Slipway {

// One build upload to App Store Connect, step by step:
//   resolve the app (by bundle id) -> MD5 of the file (worker thread) -> POST /v1/buildUploads ->
//   POST /v1/buildUploadFiles -> PUT the parts (a few at once, each retried on its own, no JWT) ->
//   PATCH /v1/buildUploadFiles/{id} (uploaded:true + checksum) -> poll GET /v1/buildUploads/{id} until COMPLETE ->
//   poll the build until processingState VALID -> [create/update the App Store version, attach the build].
// Apple's own errors, warnings and infos are shown as the status and kept in the result's extra.
class AscPublishJob : public PublishJob
{
    Q_OBJECT

public:
    struct Plan
    {
        QString file;
        QString fileName;
        qint64 fileSize = 0;
        QString uti;
        QString appId; // empty: look up by bundleId
        QString bundleId;
        QString platform; // IOS, MAC_OS, ...
        QString shortVersion;
        QString bundleVersion;
        QString md5; // known from the inspection; computed when empty
        bool wait = true;
        QString appStoreVersion; // create/update this App Store version and attach the build
        AscJson::VersionAttributes attributes;
        QJsonObject resume; // PublishRequest::resumeState: continue this build upload, sending only missing parts
    };

    // Runs as a child of `provider`, through its ServiceClient.
    AscPublishJob(AppStoreConnectProvider* provider, const AppStoreConnectProvider::Timing& timing, const Plan& plan);
    ~AscPublishJob() override;

    void start();

protected:
    void onCancel() override;

private:
    struct Part
    {
        AscJson::UploadOperation op;
        qint64 sent = 0;
        bool done = false;
        QPointer<HttpJob> job;
    };

    void resolveApp();
    void hashFile();
    void createUpload();
    void reserveFile();
    void uploadParts();
    void startPart(int index);
    void commitFile();
    void pollUpload();
    void pollBuild();
    void onBuilds(const AscJson::Page<VersionInfo>& builds);
    void attachToVersion();
    void onVersions(const AscJson::Page<VersionInfo>& versions);
    void attachBuild(const QString& versionId);
    void succeed();

    void later(void (AscPublishJob::*step)());
    void failWith(const Error& error);
    void noteDetails(const QList<AscJson::StateDetail>& details, const QString& kind);
    Error appleError(const QString& what, const QList<AscJson::StateDetail>& errors) const;
    bool timedOut() const;
    void reportUploadProgress();
    // Resume of an interrupted upload: the checkpoint emitted after the reservation and after each acknowledged
    // part, and its restoration (false when there is nothing usable: start afresh).
    QJsonObject uploadCheckpoint() const;
    bool restoreUpload();

    AppStoreConnectProvider* m_provider;
    AppStoreConnectProvider::Timing m_timing;
    Plan m_plan;
    QTimer* m_timer = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancelFlag = std::make_shared<std::atomic_bool>(false);
    QElapsedTimer m_waitClock;
    QString m_uploadId;
    QString m_fileId;
    QString m_buildId;
    QString m_uploadState;
    QString m_processingState;
    QString m_versionId;
    QList<Part> m_parts;
    int m_nextPart = 0;
    int m_running = 0;
    int m_donePart = 0;
    QStringList m_warnings;
    QStringList m_infos;
};

} // namespace Slipway
