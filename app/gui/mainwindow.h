#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <common/job.h>
#include <domain/types.h>
#include <memory>
#include <package/packageinfo.h>
#include <release/release.h>

namespace Ui {
class MainWindow;
}

class QAction;
class QLabel;
class QMimeData;
class QProgressBar;
class QSortFilterProxyModel;
class QToolButton;

namespace Slipway {
class AccountTreeModel;
class InspectJob;
class Job;
class Provider;
class ReleaseQueue;
class ReleaseStore;
class VersionFilterModel;
class VersionTableModel;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class DetailsPane;
class DropOverlay;
class EmptyState;
class MessageBar;
class Notifications;
class PublishDialog;
class QaActions;
class ReleasesPanel;
class UserPrompts;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Workspace* workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Inspects the files off the GUI thread, shows the result, then asks where to publish each group.
    void openPackages(const QStringList& paths);
    // Replaces the dialogs that ask the user something (tests answer them).
    void setUserPrompts(std::unique_ptr<UserPrompts> prompts);

    MessageBar* messageBar() const { return m_messageBar; }
    DetailsPane* detailsPane() const { return m_details; }
    AccountTreeModel* accountModel() const { return m_accounts; }
    VersionTableModel* versionModel() const { return m_versions; }
    QaActions* qaActions() const { return m_qa; }
    bool isBusy() const { return m_activeJob != nullptr || m_pendingInspections > 0; }
    // Releases: the persisted queue (state database under the app data location, shared with slipway-cli), its
    // dock, and the desktop notifications sent when a release ends while the window is in the background.
    ReleaseQueue* releaseQueue() const { return m_releaseQueue; }
    ReleasesPanel* releasesPanel() const { return m_releasesPanel; }
    Notifications* notifications() const { return m_notifications; }

public Q_SLOTS:
    // Stores a release (from the Publish dialog) and queues its destinations; the Releases panel shows it.
    void submitRelease(const Slipway::Release& release);
    // Stops the running inspections (the status bar's Cancel while a package is being inspected).
    void cancelInspections();

Q_SIGNALS:
    // A release finished (ok: every destination is done); tests and the status bar listen.
    void publishFinished(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void onAccountSelectionChanged();
    void onVersionSelectionChanged();
    void onInspected(const QList<PackageInfo>& packages, const QStringList& failures);
    void showNextPublishDialog();
    void resumeInterruptedReleases();
    void onReleaseFinished(qint64 releaseId);
    void editAndPublishAgain(const Release& release);
    void setUpToolBar();
    void publishAgain(); // the Publish action: the last inspected package again, or a package to choose
    int appCount() const; // apps of every account in the tree
    void updateEmptyState();
    void updateSummary();
    void updateInspectionProgress();
    void deleteSelectedVersion();
    void editSelectedVersion(); // the Edit Version dialog (editversiondialog.h)
    void copySelectedVersion();
    void showAbout();
    // The Accounts dialog, showing `account` when given (Edit account from the tree or a message).
    void showAccounts(const QString& account = {});
    void setUpAccountHealth();
    void updateAccountActions();
    QString currentAccountName() const;
    void trackJob(Job* job, const QString& what);
    void onJobProgress(qint64 done, qint64 total);
    void selectAfterPublish(const QString& accountName, const QString& appId, const QString& versionId);
    VersionInfo selectedVersion() const;
    QStringList localFiles(const QMimeData* mime) const;

    std::unique_ptr<Ui::MainWindow> m_ui;
    Workspace* m_workspace;
    std::unique_ptr<UserPrompts> m_prompts;
    AccountTreeModel* m_accounts;
    QSortFilterProxyModel* m_accountFilter;
    VersionTableModel* m_versions;
    VersionFilterModel* m_versionFilter;
    MessageBar* m_messageBar;
    DetailsPane* m_details;
    DropOverlay* m_dropOverlay;
    QLabel* m_jobLabel;
    QProgressBar* m_progressBar;
    QToolButton* m_cancelButton;
    QLabel* m_summaryLabel;
    EmptyState* m_emptyState;
    QAction* m_editVersionAction = nullptr;
    QAction* m_retryAccountAction = nullptr;
    QAction* m_editAccountAction = nullptr;
    QPointer<Job> m_activeJob;
    QElapsedTimer m_jobClock;
    int m_pendingInspections = 0;
    struct Inspection
    {
        qint64 done = 0;
        qint64 total = 0;
    };
    QHash<InspectJob*, Inspection> m_inspections; // running, for the status bar's progress and Cancel
    QList<PackageInfo> m_lastGroup; // the package group shown last, for the Publish action
    QList<QList<PackageInfo>> m_publishQueue;
    QPointer<PublishDialog> m_publishDialog;
    QaActions* m_qa = nullptr;
    std::unique_ptr<ReleaseStore> m_releaseStore;
    ReleaseQueue* m_releaseQueue = nullptr;
    ReleasesPanel* m_releasesPanel = nullptr;
    Notifications* m_notifications = nullptr;
    struct Selection
    {
        QString account;
        QString app;
        QString version;
    } m_pendingSelection;
    VersionInfo m_versionDetails; // the selected version with its details (Provider::fetchVersionDetails)
};

} // namespace Slipway::Gui
