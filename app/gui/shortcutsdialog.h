#pragma once

#include <QDialog>

class QMainWindow;
class QMenu;
class QTableWidget;

namespace Slipway::Gui {

// Help › Keyboard Shortcuts: every menu command with a shortcut (read from the window's menus, so it never
// drifts) and the keys that move around the window.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(QMainWindow* window);

    // Adds "Keyboard Shortcuts" (F1) to `helpMenu`, before its last entry (About).
    static void addTo(QMainWindow* window, QMenu* helpMenu);

private:
    QTableWidget* m_table;
};

} // namespace Slipway::Gui
