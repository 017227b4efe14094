#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <domain/types.h>
#include <functional>

class QAction;
class QMainWindow;
class QMenu;
class QSortFilterProxyModel;
class QTableView;

namespace Slipway {
struct CleanupEntry;
struct CompareSide;
class Job;
class Provider;
class VersionTableModel;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class MessageBar;

// The QA actions on the versions table (issue 13): Download… (Save As, progress, cancel, Show in Folder),
// Copy Link, Show QR Code, Compare…, Delete Selected…, Clean Up… (keep the latest N, with the list of what goes
// in the one confirmation) and the All Accounts view. They sit in a Versions menu with shortcuts, in the table's
// context menu, and Download runs on double-click.
class QaActions : public QObject
{
    Q_OBJECT

public:
    struct Hooks
    {
        // Yes/no questions (the window's UserPrompts, so tests answer them).
        std::function<bool(const QString& title, const QString& text, const QString& accept)> confirm;
        // Where to save a download; empty: cancelled. Default: a Save As dialog.
        std::function<QString(const QString& suggested)> savePath;
        // A package file to compare one version with; empty: cancelled. Default: an Open dialog.
        std::function<QString()> comparePackage;
        // "Keep the latest N": the N; < 0: cancelled. Default: an input dialog.
        std::function<int(int count)> keepCount;
    };

    QaActions(QMainWindow* window, Workspace* workspace, QTableView* view, VersionTableModel* model,
        QSortFilterProxyModel* filter, MessageBar* messageBar, QAction* deleteAction);
    ~QaActions() override;

    Hooks& hooks() { return m_hooks; }
    QAction* action(const QString& objectName) const;
    // The versions selected in the table, in table order.
    QList<VersionInfo> selectedVersions() const;
    // Builds the context menu for the current selection (tests inspect it).
    QMenu* contextMenu();

    void download();
    void copyLink();
    void showQr();
    void compare();
    void deleteSelected();
    void cleanUp();
    void showAllAccounts();

    // The same operations on versions chosen elsewhere (the All Accounts view: any account, any row).
    void downloadVersion(Provider* provider, const VersionInfo& version);
    void showQrFor(const VersionInfo& version);
    void compareSides(const CompareSide& a, const QString& titleA, const CompareSide& b, const QString& titleB);
    // Asks (naming the count and the versions), then deletes or, on App Store Connect, expires them.
    void deleteVersionsAfterAsking(Provider* provider, const QString& appId, const QList<VersionInfo>& versions);

Q_SIGNALS:
    // The operation ended; the dialogs it opened are children of the window.
    void downloaded(const QString& path);
    void compared();
    void versionsDeleted(int count);

private:
    void updateEnabled();
    void runWithProgress(Job* job, const QString& title);
    // Deletes (App Store Connect: expires) `versions` one by one (PruneJob), reports how it went and writes the
    // clean-up into the history; `rule` is CleanupEntry::describeRule() of what chose them.
    void deleteVersions(
        Provider* provider, const QString& appId, const QList<VersionInfo>& versions, const QString& rule);
    void recordCleanup(CleanupEntry entry);

    QMainWindow* m_window;
    Workspace* m_workspace;
    QTableView* m_view;
    VersionTableModel* m_model;
    QSortFilterProxyModel* m_filter;
    MessageBar* m_messageBar;
    QAction* m_delete;
    QList<QAction*> m_actions;
    Hooks m_hooks;
};

} // namespace Slipway::Gui
