#include "allaccountsdialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <common/naturalcompare.h>
#include <qa/allaccounts.h>

namespace Slipway::Gui {

namespace {

enum Column
{
    AccountCol,
    ServiceCol,
    NameCol,
    CodeCol,
    LabelCol,
    SizeCol,
    DateCol,
    StateCol,
    PublisherCol,
    ColumnCount
};

// Version names, codes and labels in natural order; size and date by their values.
class NaturalProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& l, const QModelIndex& r) const override
    {
        const QVariant a = l.data(Qt::UserRole);
        const QVariant b = r.data(Qt::UserRole);
        if (a.isValid() && b.isValid())
            return QVariant::compare(a, b) == QPartialOrdering::Less;
        return naturalCompare(l.data().toString(), r.data().toString()) < 0;
    }
};

} // namespace

AllAccountsDialog::AllAccountsDialog(Workspace* workspace, const QString& app, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_app(new QLineEdit(this))
    , m_search(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_filter(new NaturalProxy(this))
{
    setObjectName(QStringLiteral("allAccountsDialog"));
    setWindowTitle(tr("All Accounts"));
    resize(980, 520);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_app->setObjectName(QStringLiteral("allAccountsApp"));
    m_app->setPlaceholderText(tr("Package or bundle id, e.g. com.example.app"));
    m_app->setAccessibleName(tr("App id"));
    auto* show = new QPushButton(tr("Show"), this);
    top->addWidget(new QLabel(tr("App:"), this));
    top->addWidget(m_app, 1);
    top->addWidget(show);
    layout->addLayout(top);
    m_search->setObjectName(QStringLiteral("allAccountsSearch"));
    m_search->setPlaceholderText(tr("Filter by account, service, version, label, state, publisher (Esc clears)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter versions"));
    layout->addWidget(m_search);
    m_model->setHorizontalHeaderLabels({tr("Account"), tr("Service"), tr("Version"), tr("Code"), tr("Label"),
        tr("Size"), tr("Published"), tr("State"), tr("Publisher")});
    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setObjectName(QStringLiteral("allAccountsTable"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    layout->addWidget(m_view, 1);
    m_status->setObjectName(QStringLiteral("allAccountsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(show, &QPushButton::clicked, this, [this] { load(m_app->text()); });
    connect(m_app, &QLineEdit::returnPressed, this, [this] { load(m_app->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setFilterFixedString(text);
        updateCount();
    });
    // Esc in the search clears it (and only then closes the dialog).
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(esc, &QShortcut::activated, this, [this] {
        if (m_search->text().isEmpty())
            reject();
        else
            m_search->clear();
    });
    m_app->setText(app);
    if (!app.isEmpty())
        load(app);
}

AllAccountsDialog::~AllAccountsDialog()
{
    if (m_job)
        m_job->cancel();
}

void AllAccountsDialog::load(const QString& app)
{
    if (m_job)
        m_job->cancel();
    m_model->removeRows(0, m_model->rowCount());
    m_failures.clear();
    m_status->setText(tr("Searching every account for %1…").arg(app));
    auto* job = new AllAccountsJob(*m_workspace, app, {}, this);
    m_job = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (job != m_job)
            return;
        if (!job->succeeded()) {
            m_status->setText(job->error().kind == Error::Kind::Cancelled ? QString() : job->error().toString());
            Q_EMIT loaded();
            return;
        }
        const MergedVersions& merged = job->result();
        QStringList failures;
        for (const AccountFailure& f : merged.failures)
            failures << tr("%1: %2").arg(f.account, f.error.message);
        m_failures = failures.isEmpty() ? QString() : tr("Not searched: %1").arg(failures.join(QStringLiteral("; ")));
        for (const VersionInfo& v : merged.versions) {
            QList<QStandardItem*> row;
            auto item = [](const QString& text) { return new QStandardItem(text); };
            row << item(AllAccountsJob::accountOf(v)) << item(v.extra.value(QStringLiteral("serviceName")).toString())
                << item(v.versionName) << item(v.versionCode) << item(v.label);
            auto* size = item(v.size >= 0 ? QLocale().formattedDataSize(v.size) : QString());
            size->setData(v.size, Qt::UserRole);
            auto* date = item(
                v.created.isValid() ? QLocale().toString(v.created.toLocalTime(), QLocale::ShortFormat) : QString());
            date->setData(v.created, Qt::UserRole);
            row << size << date << item(v.state) << item(v.publisher);
            m_model->appendRow(row);
        }
        m_view->resizeColumnsToContents();
        updateCount();
        Q_EMIT loaded();
    });
    job->start();
}

int AllAccountsDialog::rowCount() const
{
    return m_filter->rowCount();
}

int AllAccountsDialog::totalCount() const
{
    return m_model->rowCount();
}

QString AllAccountsDialog::statusText() const
{
    return m_status->text();
}

void AllAccountsDialog::updateCount()
{
    QString text;
    if (m_model->rowCount() == 0)
        text = tr("No account has versions of %1.").arg(m_app->text());
    else if (m_filter->rowCount() == 0)
        text = tr("No version matches “%1” (0 of %2).").arg(m_search->text()).arg(m_model->rowCount());
    else if (m_search->text().isEmpty())
        text = tr("%n version(s)", nullptr, m_model->rowCount());
    else
        text = tr("%1 of %2").arg(m_filter->rowCount()).arg(m_model->rowCount());
    if (!m_failures.isEmpty())
        text += QStringLiteral(" — ") + m_failures;
    m_status->setText(text);
}

} // namespace Slipway::Gui
