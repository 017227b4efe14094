#include "userprompts.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace Slipway::Gui {

namespace {

const QString kOpenFolder = QStringLiteral("window/openFolder");

} // namespace

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
    QFileDialog dialog(parent, QObject::tr("Open Package"), openFolder(),
        QObject::tr(
            "Packages (*.apk *.aab *.ipa *.obb *.zip *.appx *.msix *.appxbundle *.mobileprovision);;All files (*)"));
    dialog.setObjectName(QStringLiteral("openPackageDialog"));
    dialog.setFileMode(QFileDialog::ExistingFiles);
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const QStringList files = dialog.selectedFiles();
    rememberOpenFolder(files);
    return files;
}

QString UserPrompts::openFolder()
{
    const QString last = QSettings().value(kOpenFolder).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    return QDir::homePath();
}

void UserPrompts::rememberOpenFolder(const QStringList& files)
{
    if (files.isEmpty())
        return;
    QSettings().setValue(kOpenFolder, QFileInfo(files.first()).absolutePath());
}

} // namespace Slipway::Gui
