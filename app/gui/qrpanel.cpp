#include "qrpanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Slipway::Gui {

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
    image->setPixmap(QPixmap::fromImage(code.toImage(scale)));
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
    connect(copyImage, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setImage(m_code.toImage(8)); });
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
