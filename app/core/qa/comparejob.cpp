#include "comparejob.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <common/workerjob.h>
#include <package/packagediff.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <qa/comparemeta.h>
#include <session/workspace.h>
#include <vector>

namespace Slipway {

QString CompareSide::describe() const
{
    return isVersion() ? QStringLiteral("%1/%2/%3").arg(account, appId, versionId) : file;
}

Result<CompareSide> CompareSide::parse(const QString& spec)
{
    CompareSide side;
    const QFileInfo info(spec);
    if (info.isFile()) {
        side.file = info.absoluteFilePath();
        return side;
    }
    const QStringList parts = spec.split(QLatin1Char('/'));
    if (parts.size() >= 3 && !spec.startsWith(QLatin1Char('/')) && !parts.first().isEmpty()
        && !parts.last().isEmpty()) {
        side.account = parts.first();
        side.versionId = parts.last();
        side.appId = parts.mid(1, parts.size() - 2).join(QLatin1Char('/'));
        if (!side.appId.isEmpty())
            return side;
    }
    return Error(Error::Kind::NotFound,
        QCoreApplication::translate(
            "Slipway::CompareJob", "%1 is neither a package file nor a version as ACCOUNT/APP/VERSION-ID.")
            .arg(spec));
}

CompareJob::CompareJob(Workspace& workspace, const CompareSide& a, const CompareSide& b, QObject* parent)
    : ValueJob<QJsonObject>(parent)
    , m_workspace(workspace)
    , m_sides {a, b}
{ }

CompareJob::~CompareJob() = default;

void CompareJob::start()
{
    lookup(0);
}

void CompareJob::lookup(int side)
{
    if (isFinished() || isCancelled())
        return;
    if (side > 1) {
        // Both sides known: download what can be, or compare what the services say.
        for (const CompareSide& s : m_sides) {
            if (!s.isVersion())
                continue;
            auto provider = m_workspace.provider(s.account);
            if (provider && !(provider.value()->capabilities() & Provider::DownloadArtifact)) {
                compareMetadataOnly();
                return;
            }
        }
        fetch(0);
        return;
    }
    const CompareSide& s = m_sides[side];
    if (!s.isVersion()) {
        lookup(side + 1);
        return;
    }
    auto provider = m_workspace.provider(s.account);
    if (!provider) {
        fail(provider.error());
        return;
    }
    setStatus(tr("Looking up %1").arg(s.describe()));
    // One version where the provider can read just that one (the Local library), else the app's list.
    VersionsJob* job = provider.value()->fetchVersionDetails(s.appId, s.versionId);
    if (!job)
        job = provider.value()->fetchVersions(s.appId);
    m_current = job;
    connect(job, &Job::finished, this, [this, job, side] {
        job->deleteLater();
        if (stepFailed(job, side))
            return;
        for (const VersionInfo& v : job->result()) {
            if (v.id == m_sides[side].versionId)
                m_versions[side] = v;
        }
        if (m_versions[side].id.isEmpty()) {
            fail(Error(Error::Kind::NotFound, tr("%1: no such version.").arg(m_sides[side].describe())));
            return;
        }
        lookup(side + 1);
    });
}

bool CompareJob::stepFailed(Job* step, int side)
{
    if (isFinished())
        return true;
    if (step->succeeded())
        return false;
    Error e = step->error();
    e.message = tr("%1: %2").arg(m_sides[side].describe(), e.message);
    fail(e);
    return true;
}

void CompareJob::compareMetadataOnly()
{
    setStatus(tr("Comparing what the services say about the two builds"));
    auto* work = new ValueJob<QJsonObject>(this);
    m_current = work;
    runOnWorker(work,
        [sides = std::vector<CompareSide> {m_sides[0], m_sides[1]},
            versions = std::vector<VersionInfo> {m_versions[0], m_versions[1]}](
            const std::atomic_bool* cancel, const WorkerProgress&) -> Result<QJsonObject> {
            QJsonObject summaries[2];
            for (int i = 0; i < 2; ++i) {
                if (sides[size_t(i)].isVersion()) {
                    summaries[i] = CompareMeta::versionSummary(versions[size_t(i)]);
                    continue;
                }
                auto info = PackageInspector::inspect(sides[size_t(i)].file, InspectOptions(), {}, cancel);
                if (!info)
                    return info.error();
                summaries[i] = PackageDiff::summary(info.value().toJson());
            }
            return CompareMeta::compareMetadata(summaries[0], summaries[1]);
        });
    connect(work, &Job::finished, this, [this, work] {
        work->deleteLater();
        if (isFinished())
            return;
        if (!work->succeeded()) {
            fail(work->error());
            return;
        }
        complete(withSides(work->result()));
    });
}

QJsonObject CompareJob::withSides(QJsonObject out) const
{
    for (int i = 0; i < 2; ++i) {
        const CompareSide& s = m_sides[i];
        const QString key = i == 0 ? QStringLiteral("a") : QStringLiteral("b");
        QJsonObject summary = out.value(key).toObject();
        if (s.isVersion()) {
            summary.insert(QStringLiteral("account"), s.account);
            summary.insert(QStringLiteral("app"), s.appId);
            summary.insert(QStringLiteral("versionId"), s.versionId);
            summary.remove(QStringLiteral("path"));
            if (!out.value(QLatin1String("metadataOnly")).toBool())
                summary.remove(QStringLiteral("file")); // the temporary download's name
        } else {
            summary.insert(QStringLiteral("path"), s.file);
        }
        out.insert(key, summary);
    }
    const QJsonObject notes = CompareMeta::notesDiff(m_versions[0].notes, m_versions[1].notes);
    if (!notes.isEmpty())
        out.insert(QStringLiteral("notes"), notes);
    return out;
}

void CompareJob::onCancel()
{
    if (m_current)
        m_current->cancel();
}

void CompareJob::fetch(int side)
{
    if (isFinished() || isCancelled())
        return;
    if (side > 1) {
        compare();
        return;
    }
    const CompareSide& s = m_sides[side];
    if (!s.isVersion()) {
        m_paths[side] = s.file;
        fetch(side + 1);
        return;
    }
    auto provider = m_workspace.provider(s.account);
    if (!provider) {
        fail(provider.error());
        return;
    }
    if (!m_tmp) {
        m_tmp = std::make_unique<QTemporaryDir>();
        if (!m_tmp->isValid()) {
            fail(Error(Error::Kind::Io, tr("No temporary folder for the downloads: %1.").arg(m_tmp->errorString())));
            return;
        }
    }
    // Each side in its own file: the two versions may carry the same file name.
    const QString path = m_tmp->filePath(QStringLiteral("%1-%2").arg(side).arg(QStringLiteral("package")));
    setStatus(tr("Downloading %1").arg(s.describe()));
    DownloadJob* job = provider.value()->download(s.appId, s.versionId, path);
    m_current = job;
    connect(job, &Job::progress, this, [this, side](qint64 done, qint64 total) {
        // Both downloads as one bar: the first half and the second half.
        if (total > 0)
            reportProgress(side * total + done, 2 * total);
    });
    connect(job, &Job::finished, this, [this, job, side] {
        job->deleteLater();
        if (stepFailed(job, side))
            return;
        m_paths[side] = job->result();
        fetch(side + 1);
    });
}

void CompareJob::compare()
{
    setStatus(tr("Comparing the two builds"));
    auto* work = new ValueJob<QJsonObject>(this);
    m_current = work;
    runOnWorker(work, [a = m_paths[0], b = m_paths[1]](const std::atomic_bool* cancel, const WorkerProgress&) {
        return compareFiles(a, b, cancel);
    });
    connect(work, &Job::finished, this, [this, work] {
        work->deleteLater();
        if (isFinished())
            return;
        if (!work->succeeded()) {
            fail(work->error());
            return;
        }
        complete(withSides(work->result()));
    });
}

Result<QJsonObject> CompareJob::compareFiles(const QString& a, const QString& b, const std::atomic_bool* cancel)
{
    QJsonObject sides[2];
    QJsonObject icons;
    const QString paths[2] = {a, b};
    for (int i = 0; i < 2; ++i) {
        auto info = PackageInspector::inspect(paths[i], InspectOptions(), {}, cancel);
        if (!info)
            return info.error();
        QJsonObject json = info.value().toJson();
        if (auto sizes = PackageDiff::contentSizes(paths[i], info.value().executable)) {
            QJsonObject byKind;
            for (auto it = sizes.value().cbegin(); it != sizes.value().cend(); ++it)
                byKind.insert(it.key(), it.value());
            json.insert(QLatin1String(PackageDiff::kSizeByKindKey), byKind);
        }
        if (!info.value().iconPng.isEmpty())
            icons.insert(i == 0 ? QStringLiteral("a") : QStringLiteral("b"),
                QString::fromLatin1(info.value().iconPng.toBase64()));
        sides[i] = json;
    }
    QJsonObject out = PackageDiff::compare(sides[0], sides[1]);
    if (!icons.isEmpty())
        out.insert(QStringLiteral("icons"), icons);
    return out;
}

} // namespace Slipway
