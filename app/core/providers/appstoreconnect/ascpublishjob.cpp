#include "ascpublishjob.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>
#include <package/filehasher.h>
#include <providers/service/steps.h>

namespace Slipway {

Q_DECLARE_LOGGING_CATEGORY(lcAsc)

namespace {

// Adapts a body parser of AscJson (with its further arguments) to Steps::sendParsed.
template<typename Parse, typename... Args> auto onBody(Parse parse, Args... args)
{
    return [=](const HttpResponse& response) { return parse(response.body, args...); };
}

} // namespace

AscPublishJob::AscPublishJob(
    AppStoreConnectProvider* provider, const AppStoreConnectProvider::Timing& timing, const Plan& plan)
    : PublishJob(provider)
    , m_provider(provider)
    , m_timing(timing)
    , m_plan(plan)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timing.parallelParts = qMax(1, m_timing.parallelParts);
}

AscPublishJob::~AscPublishJob()
{
    m_cancelFlag->store(true);
}

void AscPublishJob::start()
{
    if (restoreUpload()) {
        setStatus(tr("Resuming the upload of %1").arg(m_plan.fileName));
        reportUploadProgress();
        QTimer::singleShot(0, this, &AscPublishJob::uploadParts);
        return;
    }
    if (m_plan.appId.isEmpty())
        resolveApp();
    else
        hashFile();
}

void AscPublishJob::onCancel()
{
    m_cancelFlag->store(true);
    m_timer->stop(); // the running API call is cancelled by Steps
    for (Part& p : m_parts) {
        if (p.job)
            p.job->cancel();
    }
    fail(Error(Error::Kind::Cancelled,
        m_uploadId.isEmpty()
            ? tr("The upload was cancelled.")
            : tr("The upload was cancelled; App Store Connect discards the unfinished build upload.")));
}

void AscPublishJob::failWith(const Error& error)
{
    if (isFinished())
        return;
    m_cancelFlag->store(true);
    m_timer->stop();
    for (Part& p : m_parts) {
        if (p.job && !p.job->isFinished())
            p.job->cancel();
    }
    fail(error);
}

void AscPublishJob::later(void (AscPublishJob::*step)())
{
    m_timer->disconnect();
    connect(m_timer, &QTimer::timeout, this, step);
    m_timer->start(m_timing.pollIntervalMs);
}

bool AscPublishJob::timedOut() const
{
    return m_waitClock.isValid() && m_waitClock.elapsed() > m_timing.maxWaitMs;
}

void AscPublishJob::noteDetails(const QList<AscJson::StateDetail>& details, const QString& kind)
{
    for (const AscJson::StateDetail& d : details) {
        const QString line = d.toString();
        QStringList& list = kind == QLatin1String("info") ? m_infos : m_warnings;
        if (line.isEmpty() || list.contains(line))
            continue;
        list.append(line);
        setStatus(tr("App Store Connect %1: %2").arg(kind, line));
        qCInfo(lcAsc).noquote() << "App Store Connect" << kind << line;
    }
}

Error AscPublishJob::appleError(const QString& what, const QList<AscJson::StateDetail>& errors) const
{
    QStringList lines;
    for (const AscJson::StateDetail& d : errors)
        lines.append(d.toString());
    Error e(Error::Kind::Validation, what, m_uploadId.isEmpty() ? QString() : tr("build upload %1").arg(m_uploadId));
    e.serverMessage = lines.join(QStringLiteral("; "));
    return e;
}

// --- 1. the app --------------------------------------------------------------------------------------------

void AscPublishJob::resolveApp()
{
    if (m_plan.bundleId.isEmpty()) {
        Error e(Error::Kind::Validation, tr("The package has no bundle identifier; choose the target app."));
        e.field = QStringLiteral("app");
        failWith(e);
        return;
    }
    setStatus(tr("Looking up %1 in App Store Connect").arg(m_plan.bundleId));
    HttpRequest r = m_provider->request("GET", QStringLiteral("/v1/apps"));
    r.addQuery(QStringLiteral("filter[bundleId]"), m_plan.bundleId);
    r.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    r.what = tr("the app");
    Steps::sendParsed(
        this, m_provider->client(), r, onBody(&AscJson::parseApps), [this](const AscJson::Page<AppInfo>& page) {
            for (const AppInfo& a : page.items) {
                if (a.packageId == m_plan.bundleId) {
                    m_plan.appId = a.id;
                    hashFile();
                    return;
                }
            }
            Error e(Error::Kind::NotFound,
                tr("App Store Connect has no app with the bundle ID %1; create the app in App Store Connect first, "
                   "or choose the target app.")
                    .arg(m_plan.bundleId));
            e.field = QStringLiteral("app");
            failWith(e);
        });
}

// --- 2. checksum -------------------------------------------------------------------------------------------

void AscPublishJob::hashFile()
{
    if (!m_plan.md5.isEmpty()) {
        createUpload();
        return;
    }
    setStatus(tr("Computing the checksum of %1").arg(m_plan.fileName));
    auto* watcher = new QFutureWatcher<Result<FileDigests>>(this);
    const auto cancel = m_cancelFlag;
    const QString path = m_plan.file;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (isFinished())
            return;
        const Result<FileDigests> digests = watcher->result();
        if (!digests) {
            failWith(digests.error());
            return;
        }
        m_plan.md5 = digests.value().md5;
        reportProgress(m_plan.fileSize / 4, m_plan.fileSize); // hashing is the first quarter of the bar
        createUpload();
    });
    // The flag outlives the job: a job deleted mid-hash stops the worker at its next block.
    watcher->setFuture(QtConcurrent::run([path, cancel]() { return FileHasher::hash(path, {}, cancel.get()); }));
}

// --- 3. build upload and file reservation -------------------------------------------------------------------

void AscPublishJob::createUpload()
{
    setStatus(tr("Creating the build upload for %1 (%2)").arg(m_plan.shortVersion, m_plan.bundleVersion));
    HttpRequest r = m_provider->request("POST", QStringLiteral("/v1/buildUploads"));
    r.body = AscJson::createBuildUpload(m_plan.appId, m_plan.shortVersion, m_plan.bundleVersion, m_plan.platform);
    r.what = tr("the build upload");
    Steps::sendParsed(
        this, m_provider->client(), r, onBody(&AscJson::parseBuildUpload), [this](const AscJson::BuildUpload& upload) {
            m_uploadId = upload.id;
            noteDetails(upload.warnings, QStringLiteral("warning"));
            reserveFile();
        });
}

void AscPublishJob::reserveFile()
{
    setStatus(tr("Reserving the upload of %1").arg(m_plan.fileName));
    HttpRequest r = m_provider->request("POST", QStringLiteral("/v1/buildUploadFiles"));
    r.body = AscJson::createBuildUploadFile(m_uploadId, m_plan.fileName, m_plan.fileSize, m_plan.uti);
    r.what = tr("the upload file");
    Steps::sendParsed(this, m_provider->client(), r, onBody(&AscJson::parseBuildUploadFile),
        [this](const AscJson::BuildUploadFile& file) {
            const Status plan = AscJson::checkOperations(file.operations, m_plan.fileSize);
            if (!plan) {
                failWith(plan.error());
                return;
            }
            m_fileId = file.id;
            for (const AscJson::UploadOperation& op : file.operations)
                m_parts.append(Part {op, 0, false, {}});
            Q_EMIT checkpoint(uploadCheckpoint());
            uploadParts();
        });
}

// --- 4. the parts ------------------------------------------------------------------------------------------

void AscPublishJob::uploadParts()
{
    setStatus(tr("Uploading %1 (%2 parts)").arg(m_plan.fileName).arg(m_parts.size()));
    while (m_running < m_timing.parallelParts && m_nextPart < m_parts.size()) {
        const int index = m_nextPart++;
        if (!m_parts.at(index).done) // acknowledged before an interruption: not sent again
            startPart(index);
    }
}

QJsonObject AscPublishJob::uploadCheckpoint() const
{
    QJsonArray parts;
    for (const Part& p : m_parts) {
        QJsonArray headers;
        for (const auto& [name, value] : p.op.headers)
            headers.append(QJsonArray {QString::fromLatin1(name), QString::fromLatin1(value)});
        parts.append(QJsonObject {{QStringLiteral("method"), p.op.method}, {QStringLiteral("url"), p.op.url.toString()},
            {QStringLiteral("offset"), p.op.offset}, {QStringLiteral("length"), p.op.length},
            {QStringLiteral("partNumber"), p.op.partNumber}, {QStringLiteral("headers"), headers},
            {QStringLiteral("expiration"), p.op.expiration.toString(Qt::ISODate)}, {QStringLiteral("done"), p.done}});
    }
    return QJsonObject {{QStringLiteral("service"), QStringLiteral("appstoreconnect")},
        {QStringLiteral("appId"), m_plan.appId}, {QStringLiteral("uploadId"), m_uploadId},
        {QStringLiteral("fileId"), m_fileId}, {QStringLiteral("fileSize"), m_plan.fileSize},
        {QStringLiteral("md5"), m_plan.md5}, {QStringLiteral("parts"), parts}};
}

bool AscPublishJob::restoreUpload()
{
    const QJsonObject& r = m_plan.resume;
    if (r.value(QLatin1String("service")).toString() != QLatin1String("appstoreconnect")
        || r.value(QLatin1String("uploadId")).toString().isEmpty()
        || r.value(QLatin1String("fileId")).toString().isEmpty()
        || r.value(QLatin1String("fileSize")).toInteger() != m_plan.fileSize
        || r.value(QLatin1String("md5")).toString().isEmpty()
        || (!m_plan.md5.isEmpty() && r.value(QLatin1String("md5")).toString() != m_plan.md5))
        return false;
    QList<Part> parts;
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(60);
    for (const QJsonValue& v : r.value(QLatin1String("parts")).toArray()) {
        const QJsonObject o = v.toObject();
        Part p;
        p.op.method = o.value(QLatin1String("method")).toString();
        p.op.url = QUrl(o.value(QLatin1String("url")).toString());
        p.op.offset = o.value(QLatin1String("offset")).toInteger();
        p.op.length = o.value(QLatin1String("length")).toInteger();
        p.op.partNumber = o.value(QLatin1String("partNumber")).toInt();
        p.op.expiration = QDateTime::fromString(o.value(QLatin1String("expiration")).toString(), Qt::ISODate);
        for (const QJsonValue& h : o.value(QLatin1String("headers")).toArray())
            p.op.headers.append({h.toArray().at(0).toString().toLatin1(), h.toArray().at(1).toString().toLatin1()});
        p.done = o.value(QLatin1String("done")).toBool();
        if (!p.done && p.op.expiration.isValid() && p.op.expiration < soon)
            return false; // the part's signed URL has expired: a new reservation is needed
        parts.append(p);
    }
    if (parts.isEmpty())
        return false;
    m_plan.appId = r.value(QLatin1String("appId")).toString();
    m_plan.md5 = r.value(QLatin1String("md5")).toString();
    m_uploadId = r.value(QLatin1String("uploadId")).toString();
    m_fileId = r.value(QLatin1String("fileId")).toString();
    m_parts = parts;
    for (const Part& p : m_parts)
        m_donePart += p.done ? 1 : 0;
    qCInfo(lcAsc) << "resuming build upload" << m_uploadId << "with" << m_donePart << "of" << m_parts.size()
                  << "parts already acknowledged";
    return true;
}

void AscPublishJob::reportUploadProgress()
{
    qint64 sent = 0;
    for (const Part& p : m_parts)
        sent += p.done ? p.op.length : p.sent;
    // The bar: a quarter for hashing, three quarters for the transfer.
    reportProgress(m_plan.fileSize / 4 + sent * 3 / 4, m_plan.fileSize);
}

void AscPublishJob::startPart(int index)
{
    const AscJson::UploadOperation& op = m_parts.at(index).op;
    QByteArray contentType = "application/octet-stream";
    HttpRequest r(op.method.toLatin1(), op.url);
    for (const auto& [name, value] : op.headers) {
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            contentType = value;
        else if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
            r.setHeader(name, value);
    }
    r.setBodyFile(m_plan.file, op.offset, op.length, contentType);
    r.expect = HttpRequest::Expect::Any;
    r.serviceName = QStringLiteral("App Store Connect");
    r.what = tr("part %1 of %2").arg(op.partNumber).arg(m_plan.fileName);
    r.retry = m_timing.partRetry;
    // No auth: the part URLs are pre-signed and must not carry the JWT.
    HttpJob* job = m_provider->client()->http()->send(r, this);
    m_parts[index].job = job;
    ++m_running;
    connect(job, &HttpJob::transferProgressChanged, this, [this, index](const TransferProgress& p) {
        m_parts[index].sent = p.sent;
        reportUploadProgress();
    });
    connect(job, &HttpJob::retrying, this, [this, index](int attempt, int, const Error& reason) {
        m_parts[index].sent = 0;
        qCInfo(lcAsc).noquote() << "retrying part" << m_parts.at(index).op.partNumber << "attempt" << attempt
                                << reason.toString();
    });
    connect(job, &Job::finished, this, [this, job, index] {
        job->deleteLater();
        --m_running;
        if (isFinished())
            return;
        if (!job->succeeded()) {
            Error e = job->error();
            e.message = tr("Part %1 of %2 could not be uploaded: %3")
                            .arg(m_parts.at(index).op.partNumber)
                            .arg(m_parts.size())
                            .arg(e.message);
            failWith(e);
            return;
        }
        m_parts[index].done = true;
        ++m_donePart;
        Q_EMIT checkpoint(uploadCheckpoint());
        reportUploadProgress();
        if (m_donePart == m_parts.size())
            commitFile();
        else
            uploadParts();
    });
}

// --- 5. commit and follow ----------------------------------------------------------------------------------

void AscPublishJob::commitFile()
{
    setStatus(tr("Committing %1").arg(m_plan.fileName));
    HttpRequest r = m_provider->request("PATCH", QStringLiteral("/v1/buildUploadFiles/") + m_fileId);
    r.body = AscJson::commitBuildUploadFile(m_fileId, m_plan.md5);
    r.what = tr("the upload file");
    // The answer is read when it can be: its warnings and a FAILED state matter, an unreadable body does not.
    Steps::send(this, m_provider->client(), r, [this](const HttpResponse& response) {
        if (auto file = AscJson::parseBuildUploadFile(response.body)) {
            noteDetails(file->warnings, QStringLiteral("warning"));
            if (file->state == QLatin1String("FAILED")) {
                failWith(appleError(tr("App Store Connect rejected the uploaded file."), file->errors));
                return;
            }
        }
        reportProgress(m_plan.fileSize, m_plan.fileSize);
        if (!m_plan.wait) {
            succeed();
            return;
        }
        m_waitClock.start();
        pollUpload();
    });
}

void AscPublishJob::pollUpload()
{
    if (timedOut()) {
        failWith(Error(Error::Kind::Timeout,
            tr("App Store Connect is still processing the upload after %1 minutes; it continues without Slipway: "
               "look at the app's versions later.")
                .arg(m_timing.maxWaitMs / 60000)));
        return;
    }
    HttpRequest r = m_provider->request("GET", QStringLiteral("/v1/buildUploads/") + m_uploadId);
    r.what = tr("the build upload");
    Steps::sendParsed(
        this, m_provider->client(), r, onBody(&AscJson::parseBuildUpload), [this](const AscJson::BuildUpload& u) {
            noteDetails(u.warnings, QStringLiteral("warning"));
            noteDetails(u.infos, QStringLiteral("info"));
            if (!u.buildId.isEmpty())
                m_buildId = u.buildId;
            if (u.state != m_uploadState) {
                m_uploadState = u.state;
                setStatus(tr("Upload state: %1").arg(u.state));
            }
            if (u.state == QLatin1String("FAILED")) {
                failWith(appleError(tr("App Store Connect could not process the upload."), u.errors));
                return;
            }
            if (u.state == QLatin1String("COMPLETE")) {
                pollBuild();
                return;
            }
            later(&AscPublishJob::pollUpload);
        });
}

void AscPublishJob::pollBuild()
{
    if (timedOut()) {
        failWith(Error(Error::Kind::Timeout,
            tr("The build is still processing after %1 minutes; it continues without Slipway: look at the app's "
               "versions later.")
                .arg(m_timing.maxWaitMs / 60000)));
        return;
    }
    HttpRequest r = m_provider->request("GET", QStringLiteral("/v1/builds"));
    r.addQuery(QStringLiteral("filter[app]"), m_plan.appId);
    r.addQuery(QStringLiteral("filter[version]"), m_plan.bundleVersion);
    r.addQuery(QStringLiteral("filter[preReleaseVersion.platform]"), m_plan.platform);
    r.addQuery(QStringLiteral("include"), QStringLiteral("preReleaseVersion"));
    r.addQuery(QStringLiteral("limit"), QStringLiteral("50"));
    r.what = tr("the build");
    Steps::sendParsed(this, m_provider->client(), r, onBody(&AscJson::parseBuilds, m_plan.appId),
        [this](const AscJson::Page<VersionInfo>& builds) { onBuilds(builds); });
}

void AscPublishJob::onBuilds(const AscJson::Page<VersionInfo>& builds)
{
    const VersionInfo* found = nullptr;
    for (const VersionInfo& b : builds.items) {
        if ((!m_buildId.isEmpty() && b.id == m_buildId)
            || (m_buildId.isEmpty() && b.versionCode == m_plan.bundleVersion
                && (b.versionName.isEmpty() || b.versionName == m_plan.shortVersion))) {
            found = &b;
            break;
        }
    }
    if (!found) {
        setStatus(tr("Waiting for App Store Connect to create the build"));
        later(&AscPublishJob::pollBuild);
        return;
    }
    m_buildId = found->id;
    if (found->state != m_processingState) {
        m_processingState = found->state;
        setStatus(tr("Build %1 (%2): %3").arg(m_plan.shortVersion, m_plan.bundleVersion, found->state));
    }
    if (found->state == QLatin1String("VALID")) {
        if (m_plan.appStoreVersion.isEmpty())
            succeed();
        else
            attachToVersion();
        return;
    }
    if (found->state == QLatin1String("FAILED") || found->state == QLatin1String("INVALID")) {
        Error e(Error::Kind::Validation,
            tr("App Store Connect finished processing the build as %1; see the e-mail from Apple or App Store "
               "Connect for the reason.")
                .arg(found->state),
            tr("build %1").arg(m_buildId));
        e.serverMessage = m_warnings.join(QStringLiteral("; "));
        failWith(e);
        return;
    }
    later(&AscPublishJob::pollBuild);
}

// --- 6. the App Store version ------------------------------------------------------------------------------

void AscPublishJob::attachToVersion()
{
    setStatus(tr("Looking for App Store version %1").arg(m_plan.appStoreVersion));
    HttpRequest r = m_provider->request("GET", QStringLiteral("/v1/apps/%1/appStoreVersions").arg(m_plan.appId));
    r.addQuery(QStringLiteral("filter[platform]"), m_plan.platform);
    r.addQuery(QStringLiteral("filter[versionString]"), m_plan.appStoreVersion);
    // The version's build comes along, so a build already attached is not attached again.
    r.addQuery(QStringLiteral("include"), QStringLiteral("build"));
    r.what = tr("the App Store version");
    Steps::sendParsed(this, m_provider->client(), r, onBody(&AscJson::parseAppStoreVersions, m_plan.appId),
        [this](const AscJson::Page<VersionInfo>& versions) { onVersions(versions); });
}

// Updates the App Store version when it exists (only when there is something to change) or creates it, then
// attaches the build.
void AscPublishJob::onVersions(const AscJson::Page<VersionInfo>& versions)
{
    AscJson::VersionAttributes attrs = m_plan.attributes;
    for (const VersionInfo& v : versions.items) {
        if (v.versionName != m_plan.appStoreVersion)
            continue;
        m_versionId = v.id;
        const bool change
            = !attrs.copyright.isEmpty() || !attrs.releaseType.isEmpty() || !attrs.earliestReleaseDate.isEmpty();
        if (!change) {
            if (v.extra.value(QStringLiteral("buildId")).toString() == m_buildId)
                succeed();
            else
                attachBuild(v.id);
            return;
        }
        setStatus(tr("Updating App Store version %1").arg(m_plan.appStoreVersion));
        HttpRequest u = m_provider->request("PATCH", QStringLiteral("/v1/appStoreVersions/") + v.id);
        attrs.versionString.clear();
        u.body = AscJson::updateAppStoreVersion(v.id, attrs);
        u.what = tr("the App Store version");
        Steps::send(this, m_provider->client(), u, [this](const HttpResponse&) { attachBuild(m_versionId); });
        return;
    }
    setStatus(tr("Creating App Store version %1").arg(m_plan.appStoreVersion));
    attrs.versionString = m_plan.appStoreVersion;
    HttpRequest c = m_provider->request("POST", QStringLiteral("/v1/appStoreVersions"));
    c.body = AscJson::createAppStoreVersion(m_plan.appId, m_plan.platform, attrs);
    c.what = tr("the App Store version");
    Steps::sendParsed(this, m_provider->client(), c, onBody(&AscJson::parseAppStoreVersion, m_plan.appId),
        [this](const VersionInfo& created) {
            m_versionId = created.id;
            attachBuild(m_versionId);
        });
}

void AscPublishJob::attachBuild(const QString& versionId)
{
    setStatus(tr("Attaching the build to App Store version %1").arg(m_plan.appStoreVersion));
    HttpRequest r
        = m_provider->request("PATCH", QStringLiteral("/v1/appStoreVersions/%1/relationships/build").arg(versionId));
    r.body = AscJson::buildLinkage(m_buildId);
    r.what = tr("the App Store version");
    r.expect = HttpRequest::Expect::Any;
    Steps::send(this, m_provider->client(), r, [this](const HttpResponse&) { succeed(); });
}

void AscPublishJob::succeed()
{
    VersionInfo v;
    v.id = m_buildId.isEmpty() ? m_uploadId : m_buildId;
    v.appId = m_plan.appId;
    v.versionName = m_plan.shortVersion;
    v.versionCode = m_plan.bundleVersion;
    v.size = m_plan.fileSize;
    v.fileName = m_plan.fileName;
    v.md5 = m_plan.md5;
    v.created = QDateTime::currentDateTimeUtc();
    v.state = m_buildId.isEmpty() ? (m_uploadState.isEmpty() ? QStringLiteral("UPLOADED") : m_uploadState)
                                  : m_processingState;
    v.extra.insert(
        QStringLiteral("type"), m_buildId.isEmpty() ? QStringLiteral("buildUpload") : QStringLiteral("build"));
    v.extra.insert(QStringLiteral("platform"), m_plan.platform);
    v.extra.insert(QStringLiteral("buildUploadId"), m_uploadId);
    v.extra.insert(QStringLiteral("parts"), int(m_parts.size()));
    if (!m_versionId.isEmpty()) {
        v.extra.insert(QStringLiteral("appStoreVersionId"), m_versionId);
        v.extra.insert(QStringLiteral("appStoreVersion"), m_plan.appStoreVersion);
    }
    if (!m_warnings.isEmpty())
        v.extra.insert(QStringLiteral("warnings"), m_warnings);
    if (!m_infos.isEmpty())
        v.extra.insert(QStringLiteral("infos"), m_infos);
    setStatus(m_versionId.isEmpty()
            ? tr("Uploaded %1").arg(m_plan.fileName)
            : tr("Uploaded %1 and attached it to %2").arg(m_plan.fileName, m_plan.appStoreVersion));
    complete(v);
}

} // namespace Slipway
