// ManageXR: download a version's APK. GET /v1/apps/{packageName}/versions/{versionId} (docs/apis/managexr.md,
// "Response shapes": AppVersion with apkUrl and apkSize) gives the hosted apkUrl; the file is checked against
// apkMd5 when the answer carries it (the field the version was created with; hex or base64, gotcha 5) and
// against apkSize. The credential goes only to ManageXR's own host, never to a self-hosted apkUrl.
#include <QJsonDocument>
#include <QJsonObject>
#include <providers/managexr/managexrprovider.h>
#include <providers/service/servicedownload.h>
#include <providers/service/servicejson.h>

namespace Slipway {

DownloadJob* ManageXrProvider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    auto* job = new DownloadJob(this);
    job->setStatus(tr("Looking up version %1 of %2").arg(versionId, appId));
    HttpRequest req = m_client->request(
        "GET", appPath(appId) + QStringLiteral("/versions/") + QString::fromLatin1(QUrl::toPercentEncoding(versionId)));
    req.what = tr("the version %1 of %2").arg(versionId, appId);
    Steps::send(job, m_client, req, [this, job, appId, versionId, destinationPath](const HttpResponse& r) {
        const QJsonObject o = QJsonDocument::fromJson(r.body).object().value(QLatin1String("data")).toObject();
        if (o.isEmpty()) {
            job->fail(Error(Error::Kind::BadResponse,
                tr("ManageXR answered the version %1 of %2 without its details.").arg(versionId, appId)));
            return;
        }
        const QString apkUrl = o.value(QLatin1String("apkUrl")).toString();
        if (apkUrl.isEmpty()) {
            job->fail(Error(Error::Kind::Unsupported,
                tr("ManageXR gives no APK link for version %1 of %2 (a version uploaded with the ManageXR CLI is "
                   "not downloadable through the API).")
                    .arg(versionId, appId)));
            return;
        }
        ServiceDownload::Expected expected;
        expected.md5 = o.value(QLatin1String("apkMd5")).toString();
        const QJsonValue size = o.value(QLatin1String("apkSize"));
        if (size.isDouble() && size.toDouble() > 0)
            expected.size = qint64(size.toDouble());
        QString fileName = QUrl(apkUrl).fileName();
        if (fileName.isEmpty())
            fileName = QStringLiteral("%1.apk").arg(appId);
        ServiceDownload::forward(
            job, ServiceDownload::start(this, m_client, QUrl(apkUrl), destinationPath, fileName, expected));
    });
    return job;
}

} // namespace Slipway
