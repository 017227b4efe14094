#include "qrdialog.h"

#include "qrpanel.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace Slipway::Gui {

QrDialog::QrDialog(const QrCode& code, const QString& title, QWidget* parent)
    : QDialog(parent)
    , m_panel(new QrPanel(code, 6, this))
{
    setObjectName(QStringLiteral("qrDialog"));
    setWindowTitle(tr("QR Code — %1").arg(title));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_panel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Slipway::Gui
