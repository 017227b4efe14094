#include "qrpanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Slipway::Gui {

namespace {

// Black on white, `scale` pixels per module, with the quiet zone (the core renders only PNG and SVG).
QImage qrImage(const QrCode& code, int scale)
{
    scale = std::max(1, scale);
    const int quiet = QrCode::kQuietZone;
    const int side = (code.size() + 2 * quiet) * scale;
    QImage image(side, side, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            if (!code.dark(x, y))
                continue;
            for (int dy = 0; dy < scale; ++dy)
                for (int dx = 0; dx < scale; ++dx)
                    image.setPixel((x + quiet) * scale + dx, (y + quiet) * scale + dy, 1);
        }
    }
    return image;
}

} // namespace

QrPanel::QrPanel(const QrCode& code, int scale, QWidget* parent)
    : QWidget(parent)
    , m_code(code)
{
    setObjectName(QStringLiteral("qrPanel"));
    askSavePath = [](QWidget* p, const QString& format) {
        return format == QLatin1String("svg") ? QFileDialog::getSaveFileName(
                   p, tr("Save QR Code"), QStringLiteral("qr-code.svg"), tr("SVG image (*.svg)"))
                                              : QFileDialog::getSaveFileName(p, tr("Save QR Code"),
                                                  QStringLiteral("qr-code.png"), tr("PNG image (*.png)"));
    };
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* image = new QLabel(this);
    image->setObjectName(QStringLiteral("qrImage"));
    // The code is black on white by definition (readers need the contrast), whatever the palette.
    image->setPixmap(QPixmap::fromImage(qrImage(code, scale)));
    image->setAlignment(Qt::AlignCenter);
    image->setAccessibleName(tr("QR code of %1").arg(code.text()));
    layout->addWidget(image);
    auto* link = new QLabel(code.text(), this);
    link->setObjectName(QStringLiteral("qrLink"));
    link->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    link->setWordWrap(true);
    link->setAccessibleName(tr("Link"));
    layout->addWidget(link);
    auto* buttons = new QHBoxLayout;
    auto button = [this, buttons](const QString& text, const char* name) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setAccessibleName(text);
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    QPushButton* copyImage = button(tr("Copy Image"), "qrCopyImage");
    QPushButton* copyLink = button(tr("Copy Link"), "qrCopyLink");
    QPushButton* savePng = button(tr("Save PNG…"), "qrSavePng");
    QPushButton* saveSvg = button(tr("Save SVG…"), "qrSaveSvg");
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(
        copyImage, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setImage(qrImage(m_code, 8)); });
    connect(copyLink, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_code.text()); });
    connect(savePng, &QPushButton::clicked, this, [this] { save(QStringLiteral("png")); });
    connect(saveSvg, &QPushButton::clicked, this, [this] { save(QStringLiteral("svg")); });
}

bool QrPanel::save(const QString& format)
{
    QString path = askSavePath(this, format);
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1Char('.') + format, Qt::CaseInsensitive))
        path += QLatin1Char('.') + format;
    if (auto st = m_code.save(path); !st) {
        QMessageBox::warning(this, tr("Save QR Code"), st.error().message);
        return false;
    }
    Q_EMIT saved(path);
    return true;
}

} // namespace Slipway::Gui
