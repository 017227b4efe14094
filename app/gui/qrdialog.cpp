#include "qrdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Slipway::Gui {

QrDialog::QrDialog(const QrCode& code, const QString& title, QWidget* parent)
    : QDialog(parent)
    , m_code(code)
{
    setObjectName(QStringLiteral("qrDialog"));
    setWindowTitle(tr("QR Code — %1").arg(title));
    askSavePath = [](QWidget* p) {
        return QFileDialog::getSaveFileName(
            p, tr("Save QR Code"), QStringLiteral("qr-code.png"), tr("PNG image (*.png);;SVG image (*.svg)"));
    };
    auto* layout = new QVBoxLayout(this);
    auto* image = new QLabel(this);
    image->setObjectName(QStringLiteral("qrImage"));
    image->setPixmap(QPixmap::fromImage(code.toImage(6)));
    image->setAlignment(Qt::AlignCenter);
    image->setAccessibleName(tr("QR code of %1").arg(code.text()));
    layout->addWidget(image);
    auto* link = new QLabel(code.text(), this);
    link->setObjectName(QStringLiteral("qrLink"));
    link->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    link->setWordWrap(true);
    layout->addWidget(link);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copyImage = buttons->addButton(tr("Copy Image"), QDialogButtonBox::ActionRole);
    QPushButton* copyLink = buttons->addButton(tr("Copy Link"), QDialogButtonBox::ActionRole);
    QPushButton* save = buttons->addButton(tr("Save…"), QDialogButtonBox::ActionRole);
    copyImage->setObjectName(QStringLiteral("qrCopyImage"));
    save->setObjectName(QStringLiteral("qrSave"));
    connect(copyImage, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setImage(m_code.toImage(8)); });
    connect(copyLink, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_code.text()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = askSavePath(this);
        if (path.isEmpty())
            return;
        if (auto st = m_code.save(path); !st)
            QMessageBox::warning(this, tr("Save QR Code"), st.error().message);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Slipway::Gui
