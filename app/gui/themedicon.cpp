#include "themedicon.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace Slipway::Gui {

namespace {

class TintedSvgEngine : public QIconEngine
{
public:
    explicit TintedSvgEngine(const QString& path)
        : m_path(path)
    { }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        painter->drawPixmap(rect, scaledPixmap((QSizeF(rect.size()) * scale).toSize(), mode, state, scale));
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    // `size` is in device pixels already (QIcon::pixmap() multiplies by the ratio); `scale` is that ratio.
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        const QPalette palette = QGuiApplication::palette();
        const QColor colour
            = palette.color(mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active, QPalette::ButtonText);
        const QSize device = size;
        const QString key = QStringLiteral("slipway-icon:%1:%2x%3:%4")
                                .arg(m_path)
                                .arg(device.width())
                                .arg(device.height())
                                .arg(colour.rgba());
        QPixmap cached;
        if (QPixmapCache::find(key, &cached))
            return cached;
        QImage image(device, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter p(&image);
            QSvgRenderer renderer(m_path);
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(device)));
            // Keep the drawing's shape (alpha), take the palette's colour.
            p.setCompositionMode(QPainter::CompositionMode_SourceIn);
            p.fillRect(image.rect(), colour);
        }
        QPixmap pixmap = QPixmap::fromImage(image);
        pixmap.setDevicePixelRatio(scale);
        QPixmapCache::insert(key, pixmap);
        return pixmap;
    }

    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override { return size; }
    QIconEngine* clone() const override { return new TintedSvgEngine(m_path); }
    QString key() const override { return QStringLiteral("SlipwayTintedSvg"); }

private:
    QString m_path;
};

} // namespace

QIcon ThemedIcon::fromResource(const QString& name)
{
    return QIcon(new TintedSvgEngine(QStringLiteral(":/icons/%1.svg").arg(name)));
}

} // namespace Slipway::Gui
