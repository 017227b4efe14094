#include "iconcache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPixmap>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace Slipway::Gui {

IconCache::IconCache(const QString& dir, qint64 maxBytes, QObject* parent)
    : QObject(parent)
    , m_dir(dir.isEmpty()
              ? QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("icons"))
              : dir)
    , m_maxBytes(maxBytes)
{ }

IconCache::~IconCache() = default;

QString IconCache::pathFor(const QString& url) const
{
    const QByteArray key = QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(m_dir).filePath(QString::fromLatin1(key.left(32)) + QStringLiteral(".png"));
}

QIcon IconCache::icon(const QString& url)
{
    if (url.isEmpty())
        return {};
    if (auto it = m_memory.constFind(url); it != m_memory.constEnd())
        return it.value();
    const QString path = pathFor(url);
    if (QFileInfo::exists(path)) {
        const QIcon icon {QPixmap(path)}; // loaded now: trim() may remove the file later
        if (!icon.isNull()) {
            m_memory.insert(url, icon);
            return icon;
        }
    }
    fetch(url);
    return {};
}

void IconCache::fetch(const QString& url)
{
    const QUrl u(url);
    if (m_pending.contains(url) || m_failed.contains(url)
        || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
        return;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    m_pending.insert(url);
    QNetworkRequest request(u);
    request.setTransferTimeout(20000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxDownload)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            m_pending.remove(url);
            m_failed.insert(url);
            return;
        }
        const QByteArray bytes = reply->readAll();
        const QString path = pathFor(url);
        const QString dir = m_dir;
        // Decoding and scaling run off the GUI thread; the file is written whole or not at all.
        auto* watcher = new QFutureWatcher<bool>(this);
        connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, url, path] {
            watcher->deleteLater();
            m_pending.remove(url);
            if (watcher->result())
                stored(url, path);
            else
                m_failed.insert(url);
        });
        watcher->setFuture(QtConcurrent::run([bytes, path, dir] {
            QImage image;
            if (!image.loadFromData(bytes) || image.isNull())
                return false;
            if (image.width() > kIconSide || image.height() > kIconSide)
                image = image.scaled(kIconSide, kIconSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            if (!QDir().mkpath(dir))
                return false;
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG"))
                return false;
            return file.commit();
        }));
    });
}

void IconCache::stored(const QString& url, const QString& path)
{
    m_memory.insert(url, QIcon(QPixmap(path)));
    trim();
    Q_EMIT iconReady(url);
}

void IconCache::trim()
{
    QFileInfoList files = QDir(m_dir).entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Time);
    qint64 total = 0;
    for (const QFileInfo& f : files)
        total += f.size();
    // Newest first: drop from the end (the least recently written) until the folder fits.
    while (total > m_maxBytes && files.size() > 1) {
        const QFileInfo oldest = files.takeLast();
        if (QFile::remove(oldest.absoluteFilePath()))
            total -= oldest.size();
    }
}

} // namespace Slipway::Gui
