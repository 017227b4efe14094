#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <common/job.h>
#include <domain/types.h>
#include <memory>
#include <package/packageinfo.h>

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
class Job;
class Provider;
class VersionFilterModel;
class VersionTableModel;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class DetailsPane;
class DropOverlay;
class MessageBar;
class PublishDialog;
class QaActions;
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

Q_SIGNALS:
    // A publish finished (successfully or not); tests and the status bar listen.
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
    void startPublish(Provider* provider, const PublishRequest& request);
    void deleteSelectedVersion();
    void editSelectedVersion(); // the Edit Version dialog (editversiondialog.h)
    void copySelectedVersion();
    void showAbout();
    void showAccounts();
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
    QAction* m_editVersionAction = nullptr;
    QPointer<Job> m_activeJob;
    QElapsedTimer m_jobClock;
    int m_pendingInspections = 0;
    QList<QList<PackageInfo>> m_publishQueue;
    QPointer<PublishDialog> m_publishDialog;
    QaActions* m_qa = nullptr;
    struct Selection
    {
        QString account;
        QString app;
        QString version;
    } m_pendingSelection;
    VersionInfo m_versionDetails; // the selected version with its details (Provider::fetchVersionDetails)
};

} // namespace Slipway::Gui
