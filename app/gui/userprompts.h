#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace Slipway::Gui {

// Questions the window asks the user. Tests install their own answers instead of driving modal dialogs.
class UserPrompts
{
public:
    virtual ~UserPrompts();
    virtual bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText);
    virtual QStringList openPackageFiles(QWidget* parent);

    // Where the Open dialog starts: the folder of the last files opened with it (settings key window/openFolder)
    // while that folder exists, the home folder otherwise; never a folder that is gone.
    static QString openFolder();
    // Remembers the folder of `files` (the first one) for the next Open dialog.
    static void rememberOpenFolder(const QStringList& files);
};

} // namespace Slipway::Gui
