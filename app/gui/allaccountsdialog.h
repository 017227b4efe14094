#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace Slipway {
class AllAccountsJob;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

// Every version of one package or bundle id across every connected account in one table, with the account and
// its service per row; a search over every column ("N of M", Esc clears it); accounts that could not be searched
// and an empty result are said so.
class AllAccountsDialog : public QDialog
{
    Q_OBJECT

public:
    AllAccountsDialog(Workspace* workspace, const QString& app, QWidget* parent = nullptr);
    ~AllAccountsDialog() override;

    void load(const QString& app);
    int rowCount() const; // rows shown (after the search)
    int totalCount() const;
    QString statusText() const;

Q_SIGNALS:
    void loaded();

private:
    void updateCount();

    Workspace* m_workspace;
    QLineEdit* m_app;
    QLineEdit* m_search;
    QLabel* m_status;
    QTableView* m_view;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_filter;
    QPointer<AllAccountsJob> m_job;
    QString m_failures;
};

} // namespace Slipway::Gui
