#pragma once

#include <QDateTime>
#include <atomic>
#include <common/job.h>
#include <common/result.h>
#include <functional>
#include <package/packageinfo.h>

namespace Slipway {

class ZipArchive;

struct InspectOptions
{
    bool computeHashes = true;
    // Verify the signatures cryptographically (Readers::ReadOptions). Off (`inspect --no-verify`), signing.verified
    // is absent and a broken signature goes unnoticed: only for a quick look, never before a publish.
    bool verifySignatures = true;
    // "Now" for expiry warnings; invalid means the current time (tests pin it).
    QDateTime now;
};

// Opens any dropped file and tells what it is. Metadata comes from the central directory and a few small
// entries only (its cost does not grow with the file size); the hashes are one streaming pass over the file.
class PackageInspector
{
public:
    using Options = InspectOptions;
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    // Synchronous; call it off the GUI thread (InspectJob does).
    static Result<PackageInfo> inspect(const QString& path, const Options& options = InspectOptions(),
        const ProgressFn& progress = {}, const std::atomic_bool* cancel = nullptr);

    // Inspects every file of a package group in order (full inspection, hashes included). `progress` gets the bytes
    // inspected so far across all files; stops at the first error.
    static Result<QList<PackageInfo>> inspectAll(const QStringList& paths,
        const std::function<void(qint64 done)>& progress = {}, const std::atomic_bool* cancel = nullptr);

    // Which kind of package an open archive holds, from its content (not its file name).
    static PackageKind detectKind(const ZipArchive& zip, const QString& fileName);

    // Adds the release warnings that depend only on the package itself (debuggable, debug certificate, expired
    // profile, ...). Cross-file checks (OBB vs APK) are in checkCompanions().
    static void addWarnings(PackageInfo& info, const QDateTime& now);
    // Warnings about files published together: an OBB whose package or version code differs from the APK's.
    static QList<PackageWarning> checkCompanions(const PackageInfo& primary, const QList<PackageInfo>& companions);

    // Splits files dropped together into publish groups: each app package (APK, AAB, IPA, ...) first, followed by
    // the companions that belong to it (its OBBs by package id, dSYMs to the Apple package); companions without an
    // app package form groups of their own.
    static QList<QList<PackageInfo>> groupForPublish(const QList<PackageInfo>& packages);
};

// Runs PackageInspector::inspect on a worker thread, with progress and cancel.
class InspectJob : public ValueJob<PackageInfo>
{
    Q_OBJECT

public:
    explicit InspectJob(
        const QString& path, const InspectOptions& options = InspectOptions(), QObject* parent = nullptr);
    ~InspectJob() override;

    QString path() const { return m_path; }
    void start();

private:
    QString m_path;
    PackageInspector::Options m_options;
};

} // namespace Slipway
