#pragma once

#include <QObject>
#include <QPointer>

class QMainWindow;
class QWidget;

namespace Slipway::Gui {

// The main window's Tab order, kept sensible while parts of it are rebuilt: the message bar's buttons, the app
// filter, the accounts tree, the version search, the versions table (one stop: arrows move inside it), the empty
// state's Open button, the details pane and each of its fields and Copy buttons, then the status bar's Cancel.
// The details pane makes new fields for every selection; they are put back in place (and made reachable with Tab,
// not only with the mouse) each time. Installed on the window with one line; finds the parts by object name.
class FocusOrder : public QObject
{
    Q_OBJECT

public:
    explicit FocusOrder(QMainWindow* window);

    // The order as it should be now (visible or not; Qt skips hidden widgets when Tab is pressed).
    QList<QWidget*> chain() const;
    // Applies chain() to the window's focus chain.
    void apply();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QMainWindow* m_window;
    QPointer<QWidget> m_details;
    bool m_queued = false;
};

} // namespace Slipway::Gui
