#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QTemporaryDir>
#include <atomic>
#include <common/job.h>
#include <common/result.h>
#include <domain/types.h>
#include <memory>

namespace Slipway {

class Workspace;

// One side of a comparison: a package file, or a published version (downloaded first).
struct CompareSide
{
    QString file; // a package on disk
    QString account; // or: a version of an account's app
    QString appId;
    QString versionId;

    bool isVersion() const { return !versionId.isEmpty(); }
    QString describe() const;
    // "FILE" when the file exists, else "ACCOUNT/APP/VERSION-ID"; a clear error for anything else.
    static Result<CompareSide> parse(const QString& spec);
};

// Compares two builds (PackageDiff::compare, with the size broken down by kind of content). A version is looked
// up first (its release notes), then downloaded into a temporary folder (with progress; removed when the job
// goes) and inspected like a file. When a side's service offers no download (App Store Connect), what the
// services return is compared instead (CompareMeta::compareMetadata: "metadataOnly", the rest "unavailable").
// The result is PackageDiff's JSON plus "icons": {"a", "b"} (base64 PNG, when the packages have one) and
// "notes" (CompareMeta::notesDiff, when a side has release notes); "a" and "b" gain "account", "app" and
// "versionId" for a version.
class CompareJob : public ValueJob<QJsonObject>
{
    Q_OBJECT

public:
    CompareJob(Workspace& workspace, const CompareSide& a, const CompareSide& b, QObject* parent = nullptr);
    ~CompareJob() override;
    void start();

    // Inspects both files and compares them; synchronous (for a worker thread; tests).
    static Result<QJsonObject> compareFiles(
        const QString& a, const QString& b, const std::atomic_bool* cancel = nullptr);

protected:
    void onCancel() override;

private:
    void lookup(int side);
    void fetch(int side);
    void compare();
    void compareMetadataOnly();
    // True when the job has ended (cancelled) or `step` failed; a failure ends it, naming the side.
    bool stepFailed(Job* step, int side);
    // The result with the sides named (account, app, version id or path) and the release notes compared.
    QJsonObject withSides(QJsonObject result) const;

    Workspace& m_workspace;
    CompareSide m_sides[2];
    QString m_paths[2];
    VersionInfo m_versions[2]; // the version sides, as their services list them
    std::unique_ptr<QTemporaryDir> m_tmp;
    QPointer<Job> m_current;
};

} // namespace Slipway
