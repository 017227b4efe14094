#include "userprompts.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace Slipway::Gui {

UserPrompts::~UserPrompts() = default;

bool UserPrompts::confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

QStringList UserPrompts::openPackageFiles(QWidget* parent)
{
    return QFileDialog::getOpenFileNames(parent, QObject::tr("Open Package"),
        QStandardPaths::writableLocation(QStandardPaths::DownloadLocation),
        QObject::tr(
            "Packages (*.apk *.aab *.ipa *.obb *.zip *.appx *.msix *.appxbundle *.mobileprovision);;All files (*)"));
}

} // namespace Slipway::Gui
