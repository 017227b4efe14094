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
};

} // namespace Slipway::Gui
