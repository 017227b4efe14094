#pragma once

#include <QObject>
#include <QString>

class QHeaderView;
class QLineEdit;
class QMainWindow;
class QSplitter;
class QTreeView;

namespace Slipway::Gui {

// Settings that stick: what a user arranges in the main window is saved when it closes and restored when it
// opens — the versions table's column widths, order and sort, the search texts, and the last selected account and
// app (selected again once that account's apps have loaded). Installed on the window with one line; finds the
// window's parts by object name. Geometry, splitter and docks stay with the window itself (window/geometry,
// window/splitter, window/state in the same settings file).
class WindowState : public QObject
{
    Q_OBJECT

public:
    explicit WindowState(QMainWindow* window);

    // Writes the current state to the settings (also done when the window closes).
    void save() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void restore();
    void onAccountLoaded(const QString& account);

    QMainWindow* m_window;
    QTreeView* m_tree;
    QHeaderView* m_header;
    QLineEdit* m_appSearch;
    QLineEdit* m_versionSearch;
    QString m_pendingAccount;
    QString m_pendingApp;
};

} // namespace Slipway::Gui
