#pragma once

#include <QHash>
#include <QIcon>
#include <QObject>
#include <QSet>

class QNetworkAccessManager;

namespace Slipway::Gui {

// App icons that services give as URLs (ManageXR iconUrl, Applivery picture, ...): fetched asynchronously, without
// any credential, decoded off the GUI thread, scaled to at most kIconSide pixels and kept as PNG files under
// the cache location (…/icons), so the next start shows them at once. The folder is bounded: beyond maxBytes the
// least recently written files go. A URL that fails is not asked again until the next start.
class IconCache : public QObject
{
    Q_OBJECT

public:
    static constexpr int kIconSide = 64;
    static constexpr qint64 kMaxDownload = 2 * 1024 * 1024; // bigger answers are not icons

    // `dir`: empty for QStandardPaths::CacheLocation + "/icons".
    explicit IconCache(const QString& dir = {}, qint64 maxBytes = 16 * 1024 * 1024, QObject* parent = nullptr);
    ~IconCache() override;

    // The icon of `url` when it is in memory or on disk; otherwise a null icon, and the fetch starts (iconReady()
    // follows when it arrived). Only http and https URLs are fetched.
    QIcon icon(const QString& url);
    // The file an icon of `url` is cached in (whether it exists or not).
    QString pathFor(const QString& url) const;
    QString directory() const { return m_dir; }

Q_SIGNALS:
    void iconReady(const QString& url);

private:
    void fetch(const QString& url);
    void stored(const QString& url, const QString& path);
    void trim();

    QString m_dir;
    qint64 m_maxBytes;
    QNetworkAccessManager* m_network = nullptr;
    QHash<QString, QIcon> m_memory;
    QSet<QString> m_pending;
    QSet<QString> m_failed;
};

} // namespace Slipway::Gui
