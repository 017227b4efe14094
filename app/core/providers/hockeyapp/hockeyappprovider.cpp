#include "hockeyappprovider.h"

#include "hockeyappjson.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <providers/providerregistry.h>
#include <providers/service/options.h>
#include <providers/service/serviceclient.h>
#include <providers/service/servicesetup.h>
#include <providers/service/steps.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcHockeyApp, "slipway.provider.hockeyapp")

namespace {

const QString kNotesType = QStringLiteral("notes-type");
const QString kNotify = QStringLiteral("notify");
const QString kStatus = QStringLiteral("status");
const QString kMandatory = QStringLiteral("mandatory");
const QString kTags = QStringLiteral("tags");
const QString kCreateFirst = QStringLiteral("create-first");
const QString kVersionId = QStringLiteral("version-id");

Error invalidInput(const QString& field, const QString& message)
{
    return Error::forField(Error::Kind::Validation, field, message);
}

// The app_versions items of a version list.
QJsonArray versionItems(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object().value(QLatin1String("app_versions")).toArray();
}

// What tells one listed version from another: its id, or (the id is not in the documented answer) the whole item,
// which holds its upload timestamp.
QString entryKey(const QJsonObject& item)
{
    const QJsonValue id = item.value(QLatin1String("id"));
    if (id.isDouble() || (id.isString() && !id.toString().isEmpty()))
        return QLatin1String("id:") + id.toVariant().toString();
    return QString::fromUtf8(QJsonDocument(item).toJson(QJsonDocument::Compact));
}

// The build number (bundle_version) and version string of what is published: given, else from the inspection.
std::pair<QString, QString> buildNumbers(const PublishRequest& request)
{
    QString code = request.versionCode;
    if (code.isEmpty())
        code = request.inspection.value(QLatin1String("versionCode")).toVariant().toString();
    QString name = request.versionName;
    if (name.isEmpty())
        name = request.inspection.value(QLatin1String("versionName")).toString();
    return {code, name};
}

// Tells listed versions apart when the server gives no record id: build number and upload time.
QString versionKey(const VersionInfo& v)
{
    if (!v.id.isEmpty())
        return v.id;
    return v.versionCode + QLatin1Char('@') + QString::number(v.created.toSecsSinceEpoch());
}

} // namespace

Provider* HockeyAppProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new HockeyAppProvider(account, context.credentials, context.http, parent);
}

HockeyAppProvider::HockeyAppProvider(
    const Account& account, CredentialStore* credentials, HttpClient* http, QObject* parent)
    : NetworkProvider(account, QStringLiteral("hockeyapp"), QStringLiteral("HockeyApp"),
        ListApps | ListVersions | Publish | DeleteVersion | EditVersion | DownloadArtifact, parent)
{
    m_client = secretServiceClient(serviceInfo(), account, credentials, http,
        SecretAuthenticator::header("X-HockeyAppToken"), &HockeyApp::errorFor, this);
}

QList<FieldSpec> HockeyAppProvider::publishFields() const
{
    return {
        fieldSpec(kNotesType, tr("Notes format"), FieldSpec::Type::Choice,
            tr("How HockeyApp renders the release notes."), QStringLiteral("markdown"),
            {QStringLiteral("markdown"), QStringLiteral("textile")}),
        fieldSpec(kNotify, tr("Notify testers"), FieldSpec::Type::Choice,
            tr("E-mail nobody, the testers who can install this version, or all testers (full-access token only)."),
            QString(), {QString(), QStringLiteral("none"), QStringLiteral("testers"), QStringLiteral("all")}),
        fieldSpec(kStatus, tr("Download status"), FieldSpec::Type::Choice,
            tr("Whether testers can download the version; empty keeps the server's default (full-access token only)."),
            QString(), {QString(), QStringLiteral("available"), QStringLiteral("not-downloadable")}),
        fieldSpec(kMandatory, tr("Mandatory"), FieldSpec::Type::Bool, tr("Testers must install this version."),
            QStringLiteral("false")),
        fieldSpec(kTags, tr("Tags"), FieldSpec::Type::Text,
            tr("Comma-separated tags: only testers with one of them can download the version.")),
        fieldSpec(kCreateFirst, tr("Create the version first"), FieldSpec::Type::Bool,
            tr("Register the version (app_versions/new) and then upload its file to it (PUT), instead of one "
               "upload that creates the version; for servers and platforms that need the version to exist first."),
            QStringLiteral("false")),
        fieldSpec(kVersionId, tr("Existing version id"), FieldSpec::Type::Text,
            tr("Upload the file to this existing version record (PUT app_versions/{id}) instead of a new version.")),
    };
}

QString HockeyAppProvider::dsymFile(const QStringList& files)
{
    for (const QString& f : files.mid(1)) {
        const QString name = QFileInfo(f).fileName().toLower();
        if (name.endsWith(QLatin1String(".dsym.zip")) || name == QLatin1String("mapping.txt"))
            return f;
    }
    for (const QString& f : files.mid(1)) {
        if (QFileInfo(f).fileName().toLower().endsWith(QLatin1String(".zip")))
            return f;
    }
    return {};
}

void HockeyAppProvider::setRetryPolicy(const RetryPolicy& policy)
{
    m_client->service().retry = policy;
}

AppsJob* HockeyAppProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing the HockeyApp apps"));
    HttpRequest r = m_client->request("GET", QStringLiteral("/apps"));
    r.what = tr("the apps");
    Steps::sendParsed(
        job, m_client, r, [](const HttpResponse& response) { return HockeyApp::parseApps(response.body); },
        [job](const QList<AppInfo>& apps) { job->complete(apps); });
    return job;
}

VersionsJob* HockeyAppProvider::fetchVersions(const QString& appId)
{
    if (appId.isEmpty())
        return failedJob<VersionsJob>(
            invalidInput(QStringLiteral("app"), tr("Which HockeyApp app? The app id is empty.")));
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Listing the versions of %1").arg(appId));
    HttpRequest first = m_client->request("GET", QStringLiteral("/apps/%1/app_versions").arg(pathSegment(appId)));
    first.what = tr("the versions of %1").arg(appId);
    first.addQuery(QStringLiteral("page"), QStringLiteral("1"));
    first.addQuery(QStringLiteral("include_build_urls"), QStringLiteral("true")); // build_url, for download()
    // Next page while the server says there is one (current_page < total_pages) or, when it does not say,
    // while pages bring versions not seen before (a server that ignores `page` ends after one page).
    auto seen = std::make_shared<QSet<QString>>();
    auto hasMore = [seen, appId](const HttpResponse& r) {
        const auto page = HockeyApp::parseVersions(r.body, appId);
        if (!page || page->versions.isEmpty())
            return false;
        bool fresh = false;
        for (const VersionInfo& v : page->versions) {
            if (!seen->contains(versionKey(v))) {
                seen->insert(versionKey(v));
                fresh = true;
            }
        }
        if (page->totalPages > 0 && page->currentPage > 0)
            return page->currentPage < page->totalPages;
        return fresh;
    };
    Steps::fetchAll<QList<VersionInfo>>(
        job, m_client, first, Paging::pageNumber(QStringLiteral("page"), hasMore),
        [job, appId](const QList<HttpResponse>& pages) {
            QList<VersionInfo> versions;
            QSet<QString> ids;
            for (const HttpResponse& r : pages) {
                const auto page = HockeyApp::parseVersions(r.body, appId);
                if (!page) {
                    job->fail(page.error());
                    return;
                }
                for (const VersionInfo& v : page->versions) {
                    if (!ids.contains(versionKey(v))) {
                        ids.insert(versionKey(v));
                        versions.append(v);
                    }
                }
            }
            job->complete(versions);
        },
        500);
    return job;
}

PublishJob* HockeyAppProvider::publish(const PublishRequest& request)
{
    if (request.files.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation, tr("No file to publish.")));
    for (const QString& path : request.files) {
        const QFileInfo fi(path);
        if (!fi.isFile() || !fi.isReadable())
            return failedJob<PublishJob>(
                Error(Error::Kind::Io, tr("%1 cannot be read.").arg(QDir::toNativeSeparators(path))));
    }
    const QVariantMap& o = request.options;
    if (!o.value(kNotesType).toString().isEmpty() && HockeyApp::notesTypeCode(o.value(kNotesType).toString()) < 0)
        return failedJob<PublishJob>(invalidInput(kNotesType, tr("notes-type must be markdown or textile.")));
    if (!o.value(kNotify).toString().isEmpty() && HockeyApp::notifyCode(o.value(kNotify).toString()) < 0)
        return failedJob<PublishJob>(invalidInput(kNotify, tr("notify must be none, testers or all.")));
    const QString status = o.value(kStatus).toString();
    if (!status.isEmpty() && status != QLatin1String("available") && status != QLatin1String("not-downloadable"))
        return failedJob<PublishJob>(invalidInput(kStatus, tr("status must be available or not-downloadable.")));
    if (!Options::isBoolText(o.value(kMandatory)))
        return failedJob<PublishJob>(invalidInput(kMandatory, tr("mandatory must be true or false.")));
    if (!Options::isBoolText(o.value(kCreateFirst)))
        return failedJob<PublishJob>(invalidInput(kCreateFirst, tr("create-first must be true or false.")));
    if (Options::optionBool(o, kCreateFirst, false) && !o.value(kVersionId).toString().trimmed().isEmpty())
        return failedJob<PublishJob>(invalidInput(
            kVersionId, tr("Give either version-id (an existing version) or create-first (a new one), not both.")));

    auto* job = new PublishJob(this);
    job->setStatus(tr("Looking up the app on HockeyApp"));
    HttpRequest r = m_client->request("GET", QStringLiteral("/apps"));
    r.what = tr("the apps");
    Steps::sendParsed(
        job, m_client, r, [](const HttpResponse& response) { return HockeyApp::parseApps(response.body); },
        [this, job, request](const QList<AppInfo>& apps) {
            QString appId;
            const QString packageId = request.inspection.value(QLatin1String("packageId")).toString();
            if (!request.appId.isEmpty()) {
                for (const AppInfo& a : apps) {
                    if (a.id == request.appId || a.packageId == request.appId || a.name == request.appId) {
                        appId = a.id;
                        break;
                    }
                }
            } else {
                appId = matchApp(apps, packageId);
            }
            if (appId.isEmpty()) {
                const QString wanted = request.appId.isEmpty() ? packageId : request.appId;
                Error e(Error::Kind::NotFound,
                    tr("HockeyApp has no app %1 for this token: create it on the server first, or choose one of "
                       "the token's apps.")
                        .arg(wanted.isEmpty() ? tr("for this package") : wanted));
                e.field = QStringLiteral("app");
                job->fail(e);
                return;
            }
            upload(job, request, appId);
        });
    return job;
}

void HockeyAppProvider::upload(PublishJob* job, const PublishRequest& request, const QString& appId)
{
    const QFileInfo file(request.files.first());
    const QVariantMap& o = request.options;
    const QString versionsPath = QStringLiteral("/apps/%1/app_versions").arg(pathSegment(appId));
    HttpRequest up = m_client->request("POST", versionsPath + QStringLiteral("/upload"));
    up.what = tr("the version");
    up.addPart(MultipartPart::file("ipa", file.absoluteFilePath(), file.fileName()));
    const QString dsym = dsymFile(request.files);
    if (!dsym.isEmpty())
        up.addPart(MultipartPart::file("dsym", dsym, QFileInfo(dsym).fileName()));
    if (!request.notes.isEmpty()) {
        up.addPart(MultipartPart::field("notes", request.notes.toUtf8()));
        const QString type = o.value(kNotesType).toString();
        up.addPart(MultipartPart::field("notes_type",
            QByteArray::number(HockeyApp::notesTypeCode(type.isEmpty() ? QStringLiteral("markdown") : type))));
    }
    if (!o.value(kNotify).toString().isEmpty())
        up.addPart(
            MultipartPart::field("notify", QByteArray::number(HockeyApp::notifyCode(o.value(kNotify).toString()))));
    if (!o.value(kStatus).toString().isEmpty())
        up.addPart(MultipartPart::field("status",
            QByteArray::number(HockeyApp::statusCode(o.value(kStatus).toString() == QLatin1String("available")))));
    up.addPart(MultipartPart::field("mandatory", Options::optionBool(o, kMandatory, false) ? "1" : "0"));
    const QStringList tags = Options::optionList(o, kTags);
    if (!tags.isEmpty())
        up.addPart(MultipartPart::field("tags", tags.join(QLatin1Char(',')).toUtf8()));

    // The documented two-step flow (HockeyApp's AppLoader, docs/apis/hockeyapp.md H5/H7): the version record first
    // (POST app_versions/new), then its file (PUT app_versions/{id}); or the file for an existing record.
    const QString existingId = o.value(kVersionId).toString().trimmed();
    if (!existingId.isEmpty() || Options::optionBool(o, kCreateFirst, false)) {
        up.method = "PUT";
        createThenUpload(job, request, appId, existingId, up);
        return;
    }

    // After an ambiguous failure the upload is only sent again when the version list shows that the first
    // attempt did not create the version: a version that was not listed before the upload started, with the same
    // build number, version string and size. Without a build number nothing can be recognised, so such an upload is
    // not sent again.
    const std::pair<QString, QString> numbers = buildNumbers(request);
    const QString versionCode = numbers.first;
    const QString versionName = numbers.second;
    if (versionCode.isEmpty())
        return sendUpload(job, up, appId, file.fileName());
    const HttpRequest list = m_client->request("GET", versionsPath);
    job->setStatus(tr("Listing the versions of %1").arg(appId));
    Steps::snapshotBefore<VersionInfo>(
        job, m_client, list,
        [appId](const Result<HttpResponse>& found) -> Result<QSet<QString>> {
            if (!found)
                return found.error();
            if (auto parsed = HockeyApp::parseVersions(found->body, appId); !parsed)
                return parsed.error();
            QSet<QString> keys;
            for (const QJsonValue& item : versionItems(found->body))
                keys.insert(entryKey(item.toObject()));
            return keys;
        },
        [this, job, up, appId, list, versionCode, versionName, size = file.size(), fileName = file.fileName()](
            const Steps::Snapshot& before) {
            HttpRequest create = up;
            create.retry.verifyBeforeRetry(Steps::verifyByLookup(m_client, job, list,
                [before, versionCode, versionName, size, appId](const Result<HttpResponse>& found) {
                    if (!found || !HockeyApp::parseVersions(found->body, appId).ok())
                        return VerifyOutcome::unknown();
                    for (const QJsonValue& item : versionItems(found->body)) {
                        const VersionInfo v = HockeyApp::versionFromJson(item.toObject(), appId);
                        if (before->contains(entryKey(item.toObject())) || v.versionCode != versionCode
                            || (!versionName.isEmpty() && v.versionName != versionName)
                            || (v.size >= 0 && v.size != size))
                            continue;
                        HttpResponse existing;
                        existing.status = 201;
                        existing.body = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact);
                        return VerifyOutcome::created(existing);
                    }
                    return VerifyOutcome::notCreated();
                }));
            sendUpload(job, create, appId, fileName);
        });
}

void HockeyAppProvider::createThenUpload(PublishJob* job, const PublishRequest& request, const QString& appId,
    const QString& existingId, const HttpRequest& fileRequest)
{
    const QString versionsPath = QStringLiteral("/apps/%1/app_versions").arg(pathSegment(appId));
    const QString fileName = QFileInfo(request.files.first()).fileName();
    auto putFile = [this, job, appId, versionsPath, fileRequest, fileName](const QString& id) {
        HttpRequest put = fileRequest;
        put.url = m_client->request("PUT", versionsPath + QLatin1Char('/') + pathSegment(id)).url;
        put.what = tr("version %1").arg(id);
        put.expect = HttpRequest::Expect::Any; // the answer of an update is not documented
        // Sending the same file to the same record again changes nothing: the PUT may be retried.
        put.retry.idempotency = RetryPolicy::Idempotency::Idempotent;
        job->setStatus(tr("Uploading %1 to version %2").arg(fileName, id));
        Steps::send(job, m_client, put, [job, appId, id](const HttpResponse& response) {
            // The PUT's answer is not documented: the version when it is one, else the record we uploaded to.
            auto version = HockeyApp::parseVersion(response.body, appId);
            VersionInfo v = version ? version.value() : VersionInfo {};
            if (v.id.isEmpty())
                v.id = id;
            v.appId = appId;
            job->complete(v);
        });
    };
    if (!existingId.isEmpty()) {
        putFile(existingId);
        return;
    }
    const std::pair<QString, QString> numbers = buildNumbers(request);
    const QString versionCode = numbers.first;
    const QString versionName = numbers.second;
    if (versionCode.isEmpty()) {
        job->fail(invalidInput(QStringLiteral("version-code"),
            tr("Creating the HockeyApp version first needs its build number (bundle_version): give the version "
               "code.")));
        return;
    }
    HttpRequest create = m_client->request("POST", versionsPath + QStringLiteral("/new"));
    create.what = tr("the version %1").arg(versionCode);
    create.addPart(MultipartPart::field("bundle_version", versionCode.toUtf8()));
    if (!versionName.isEmpty())
        create.addPart(MultipartPart::field("bundle_short_version", versionName.toUtf8()));
    for (const MultipartPart& part : fileRequest.multipart) {
        if (part.name == "notes" || part.name == "notes_type" || part.name == "status" || part.name == "mandatory")
            create.addPart(part);
    }
    job->setStatus(tr("Creating version %1 on HockeyApp").arg(versionCode));
    Steps::send(job, m_client, create, [job, putFile](const HttpResponse& response) {
        const QString id = HockeyApp::versionId(QJsonDocument::fromJson(response.body).object());
        if (id.isEmpty()) {
            job->fail(Error(Error::Kind::BadResponse,
                tr("HockeyApp created the version but did not say its id; its file was not uploaded."),
                QString::fromUtf8(response.body.left(300))));
            return;
        }
        putFile(id);
    });
}

void HockeyAppProvider::sendUpload(
    PublishJob* job, const HttpRequest& up, const QString& appId, const QString& fileName)
{
    job->setStatus(tr("Uploading %1 to HockeyApp").arg(fileName));
    Steps::send<VersionInfo>(
        job, m_client, up,
        [job, appId](const HttpResponse& response) {
            const auto version = HockeyApp::parseVersion(response.body, appId);
            if (!version) {
                job->fail(version.error());
                return;
            }
            qCInfo(lcHockeyApp).noquote() << "uploaded version" << version->versionCode << "of" << appId
                                          << (response.recovered ? "(recovered after a failed attempt)" : "");
            job->complete(version.value());
        },
        true);
}

ActionJob* HockeyAppProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    if (appId.isEmpty() || versionId.isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation,
            tr("Deleting needs an app id and a version id. A version listed without an id (the server sent neither "
               "\"id\" nor \"config_url\") cannot be deleted by its build number.")));
    auto* job = new ActionJob(this);
    job->setStatus(tr("Deleting version %1 of %2").arg(versionId, appId));
    HttpRequest r = m_client->request(
        "DELETE", QStringLiteral("/apps/%1/app_versions/%2").arg(pathSegment(appId), pathSegment(versionId)));
    r.what = tr("version %1").arg(versionId);
    r.expect = HttpRequest::Expect::Any;
    Steps::send(job, m_client, r, [job](const HttpResponse&) { job->complete(Ok {}); });
    return job;
}

QList<FieldSpec> HockeyAppProvider::editFields() const
{
    QList<FieldSpec> fields {
        fieldSpec(QStringLiteral("notes"), tr("Release notes"), FieldSpec::Type::MultiLine,
            tr("The version's release notes (HockeyApp keeps the first 5,000 characters).")),
        fieldSpec(QStringLiteral("label"), tr("Tags"), FieldSpec::Type::Text,
            tr("Comma-separated tags: only testers with one of them can download the version.")),
    };
    for (const FieldSpec& f : publishFields()) {
        if (f.key == kNotesType || f.key == kStatus || f.key == kMandatory)
            fields.append(f);
    }
    return fields;
}

ActionJob* HockeyAppProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    if (appId.isEmpty() || versionId.isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation, tr("Editing needs an app id and a version id.")));
    if (changes.isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation, tr("Nothing to change.")));
    const QVariantMap& o = changes.options;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != kNotesType && it.key() != kStatus && it.key() != kMandatory && it.key() != kTags)
            return failedJob<ActionJob>(invalidInput(it.key(),
                tr("HockeyApp cannot edit %1; it can edit notes, tags, notes-type, status and mandatory.")
                    .arg(it.key())));
    }
    const QString status = o.value(kStatus).toString();
    if (!status.isEmpty() && status != QLatin1String("available") && status != QLatin1String("not-downloadable"))
        return failedJob<ActionJob>(invalidInput(kStatus, tr("status must be available or not-downloadable.")));
    if (!Options::isBoolText(o.value(kMandatory)))
        return failedJob<ActionJob>(invalidInput(kMandatory, tr("mandatory must be true or false.")));
    const QString notesType = o.value(kNotesType).toString();
    if (!notesType.isEmpty() && HockeyApp::notesTypeCode(notesType) < 0)
        return failedJob<ActionJob>(invalidInput(kNotesType, tr("notes-type must be markdown or textile.")));

    // Update version (docs/apis/hockeyapp.md: PUT app_versions/{id}, the fields of the upload): only what changes.
    HttpRequest r = m_client->request(
        "PUT", QStringLiteral("/apps/%1/app_versions/%2").arg(pathSegment(appId), pathSegment(versionId)));
    r.what = tr("version %1").arg(versionId);
    r.expect = HttpRequest::Expect::Any;
    if (changes.notes) {
        r.addPart(MultipartPart::field("notes", changes.notes->toUtf8()));
        r.addPart(MultipartPart::field("notes_type",
            QByteArray::number(
                HockeyApp::notesTypeCode(notesType.isEmpty() ? QStringLiteral("markdown") : notesType))));
    }
    if (!status.isEmpty())
        r.addPart(MultipartPart::field(
            "status", QByteArray::number(HockeyApp::statusCode(status == QLatin1String("available")))));
    if (o.contains(kMandatory))
        r.addPart(MultipartPart::field("mandatory", Options::optionBool(o, kMandatory, false) ? "1" : "0"));
    QStringList tags = Options::optionList(o, kTags);
    if (changes.label)
        tags = changes.label->split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString& t : tags)
        t = t.trimmed();
    if (changes.label || o.contains(kTags))
        r.addPart(MultipartPart::field("tags", tags.join(QLatin1Char(',')).toUtf8()));
    auto* job = new ActionJob(this);
    job->setStatus(tr("Editing version %1 of %2").arg(versionId, appId));
    Steps::send(job, m_client, r, [job](const HttpResponse&) { job->complete(Ok {}); });
    return job;
}

} // namespace Slipway
