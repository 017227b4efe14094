#pragma once

#include <QDialog>
#include <QPointer>
#include <domain/types.h>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QMenu;
class QStandardItemModel;
class QTableView;

namespace Slipway {
class AllAccountsJob;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class QaActions;
class VersionFilterProxy;

// Every version of one package or bundle id across every connected account in one table, with the account and
// its service per row; filters for service, state, date range, label/channel and publisher, and a search over
// every column ("N of M", Esc clears it); accounts that could not be searched and an empty result are said so.
// The version actions (Download, Copy Link, QR code, Compare, Delete) work on its rows through the window's
// QaActions, each on the row's own account.
class AllAccountsDialog : public QDialog
{
    Q_OBJECT

public:
    AllAccountsDialog(Workspace* workspace, const QString& app, QWidget* parent = nullptr);
    ~AllAccountsDialog() override;

    // The window's QA actions: without them the context menu is empty.
    void setActions(QaActions* actions);

    void load(const QString& app);
    int rowCount() const; // rows shown (after the search and filters)
    int totalCount() const;
    QString statusText() const;
    // The versions of the selected rows, in table order (each with extra "account").
    QList<VersionInfo> selectedVersions() const;
    // Builds the context menu for the current selection (tests inspect it).
    QMenu* contextMenu();

Q_SIGNALS:
    void loaded();

private:
    void updateCount();
    void fillFilterChoices();
    void applyFilters();
    void download();
    void copyLink();
    void showQr();
    void compare();
    void deleteSelected();

    Workspace* m_workspace;
    QPointer<QaActions> m_actions;
    QLineEdit* m_app;
    QLineEdit* m_search;
    QComboBox* m_service;
    QComboBox* m_state;
    QComboBox* m_label;
    QComboBox* m_publisher;
    QCheckBox* m_dateRange;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QLabel* m_status;
    QTableView* m_view;
    QStandardItemModel* m_model;
    VersionFilterProxy* m_filter;
    QList<VersionInfo> m_versions; // one per source row
    QPointer<AllAccountsJob> m_job;
    QString m_failures;
};

} // namespace Slipway::Gui
