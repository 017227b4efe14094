#include "allaccountsdialog.h"

#include "qaactions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <common/naturalcompare.h>
#include <functional>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <qa/allaccounts.h>
#include <qa/comparejob.h>
#include <qa/qrcode.h>
#include <session/workspace.h>

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

// The account as the window names it ("ManageXR (mxr-prod)").
QString accountNameOf(const VersionInfo& v)
{
    return v.extra.value(QStringLiteral("serviceName")).toString();
}

// The service ("ManageXR", "Local library"): what the service filter offers.
QString serviceOf(const VersionInfo& v)
{
    const QString id = v.extra.value(QStringLiteral("service")).toString();
    const ServiceInfo* info = ProviderRegistry::service(id);
    return info ? info->displayName : id;
}

// A version's label and, where the service has them, its release channel (ManageXR): what the label filter offers.
QStringList labelsOf(const VersionInfo& v)
{
    QStringList out;
    for (const QString& s : {v.label, v.extra.value(QStringLiteral("releaseChannelName")).toString()}) {
        if (!s.isEmpty() && !out.contains(s))
            out << s;
    }
    return out;
}

} // namespace

// The table's filters: every word of the search must match some column; each filter that is set must match.
// Version names, codes and labels sort in natural order; size and date by their values.
class VersionFilterProxy : public QSortFilterProxyModel
{
public:
    VersionFilterProxy(const QList<VersionInfo>* versions, QObject* parent)
        : QSortFilterProxyModel(parent)
        , m_versions(versions)
    { }

    QStringList words;
    QString service, state, label, publisher; // empty: any
    QDate from, to; // invalid: open

    bool isFiltered() const
    {
        return !words.isEmpty() || !service.isEmpty() || !state.isEmpty() || !label.isEmpty() || !publisher.isEmpty()
            || from.isValid() || to.isValid();
    }
    void refresh() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        if (row < 0 || row >= m_versions->size())
            return false;
        const VersionInfo& v = m_versions->at(row);
        if (!service.isEmpty() && serviceOf(v) != service)
            return false;
        if (!state.isEmpty() && v.state != state)
            return false;
        if (!label.isEmpty() && !labelsOf(v).contains(label))
            return false;
        if (!publisher.isEmpty() && v.publisher != publisher)
            return false;
        if (from.isValid() || to.isValid()) {
            if (!v.created.isValid())
                return false;
            const QDate day = v.created.toLocalTime().date();
            if ((from.isValid() && day < from) || (to.isValid() && day > to))
                return false;
        }
        if (words.isEmpty())
            return true;
        QStringList cells;
        for (int c = 0; c < ColumnCount; ++c)
            cells << sourceModel()->index(row, c, parent).data().toString();
        cells << labelsOf(v);
        const QString text = cells.join(QLatin1Char('\n'));
        for (const QString& w : words) {
            if (!text.contains(w, Qt::CaseInsensitive))
                return false;
        }
        return true;
    }

    bool lessThan(const QModelIndex& l, const QModelIndex& r) const override
    {
        const QVariant a = l.data(Qt::UserRole);
        const QVariant b = r.data(Qt::UserRole);
        if (a.isValid() && b.isValid())
            return QVariant::compare(a, b) == QPartialOrdering::Less;
        return naturalCompare(l.data().toString(), r.data().toString()) < 0;
    }

private:
    const QList<VersionInfo>* m_versions;
};

AllAccountsDialog::AllAccountsDialog(Workspace* workspace, const QString& app, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_app(new QLineEdit(this))
    , m_search(new QLineEdit(this))
    , m_service(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_label(new QComboBox(this))
    , m_publisher(new QComboBox(this))
    , m_dateRange(new QCheckBox(tr("Published &between"), this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_status(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_filter(new VersionFilterProxy(&m_versions, this))
{
    setObjectName(QStringLiteral("allAccountsDialog"));
    setWindowTitle(tr("All Accounts"));
    resize(1040, 560);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_app->setObjectName(QStringLiteral("allAccountsApp"));
    m_app->setPlaceholderText(tr("Package or bundle id, e.g. com.example.app"));
    m_app->setAccessibleName(tr("App id"));
    auto* show = new QPushButton(tr("Show"), this);
    show->setObjectName(QStringLiteral("allAccountsShow"));
    show->setAccessibleName(tr("Show the versions of this app"));
    top->addWidget(new QLabel(tr("App:"), this));
    top->addWidget(m_app, 1);
    top->addWidget(show);
    layout->addLayout(top);
    m_search->setObjectName(QStringLiteral("allAccountsSearch"));
    m_search->setPlaceholderText(tr("Filter by account, service, version, label, state, publisher (Esc clears)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter versions"));
    layout->addWidget(m_search);

    auto* filters = new QHBoxLayout;
    auto combo = [this, filters](QComboBox* box, const char* name, const QString& accessible) {
        box->setObjectName(QLatin1String(name));
        box->setAccessibleName(accessible);
        // Bounded, so the filters fit a small screen (800×600) whatever the service or publisher names are.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
        filters->addWidget(box);
        connect(box, &QComboBox::currentIndexChanged, this, &AllAccountsDialog::applyFilters);
    };
    combo(m_service, "allAccountsServiceFilter", tr("Service"));
    combo(m_state, "allAccountsStateFilter", tr("State"));
    combo(m_label, "allAccountsLabelFilter", tr("Label or channel"));
    combo(m_publisher, "allAccountsPublisherFilter", tr("Publisher"));
    m_dateRange->setObjectName(QStringLiteral("allAccountsDateFilter"));
    m_dateRange->setAccessibleName(tr("Only versions published between two dates"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
        connect(edit, &QDateEdit::dateChanged, this, &AllAccountsDialog::applyFilters);
    }
    m_from->setObjectName(QStringLiteral("allAccountsFrom"));
    m_from->setAccessibleName(tr("Published from"));
    m_to->setObjectName(QStringLiteral("allAccountsTo"));
    m_to->setAccessibleName(tr("Published until"));
    const QDate today = QDate::currentDate();
    m_from->setDate(today.addDays(-30));
    m_to->setDate(today);
    connect(m_dateRange, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyFilters();
    });
    filters->addStretch(1);
    layout->addLayout(filters);
    // The date range on a row of its own: one row of every filter would not fit 800 pixels.
    auto* dates = new QHBoxLayout;
    dates->addWidget(m_dateRange);
    dates->addWidget(m_from);
    dates->addWidget(new QLabel(QStringLiteral("–"), this));
    dates->addWidget(m_to);
    dates->addStretch(1);
    layout->addLayout(dates);

    m_model->setHorizontalHeaderLabels({tr("Account"), tr("Service"), tr("Version"), tr("Code"), tr("Label"),
        tr("Size"), tr("Published"), tr("State"), tr("Publisher")});
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("allAccountsTable"));
    m_view->setAccessibleName(tr("Versions in every account"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu* menu = contextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            download();
    });
    layout->addWidget(m_view, 1);
    m_status->setObjectName(QStringLiteral("allAccountsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(show, &QPushButton::clicked, this, [this] { load(m_app->text()); });
    connect(m_app, &QLineEdit::returnPressed, this, [this] { load(m_app->text()); });
    connect(m_search, &QLineEdit::textChanged, this, &AllAccountsDialog::applyFilters);
    // Esc in the search clears it (and only then closes the dialog).
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(esc, &QShortcut::activated, this, [this] {
        if (m_search->text().isEmpty())
            reject();
        else
            m_search->clear();
    });
    fillFilterChoices();
    m_app->setText(app);
    if (!app.isEmpty())
        load(app);
}

AllAccountsDialog::~AllAccountsDialog()
{
    if (m_job)
        m_job->cancel();
}

void AllAccountsDialog::setActions(QaActions* actions)
{
    if (m_actions)
        disconnect(m_actions, nullptr, this, nullptr);
    m_actions = actions;
    if (actions)
        connect(actions, &QaActions::versionsDeleted, this, [this] { load(m_app->text()); });
}

void AllAccountsDialog::load(const QString& app)
{
    if (m_job)
        m_job->cancel();
    if (m_app->text() != app)
        m_app->setText(app); // what a reload after a delete asks for again
    m_model->removeRows(0, m_model->rowCount());
    m_versions.clear();
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
            fillFilterChoices();
            Q_EMIT loaded();
            return;
        }
        const MergedVersions& merged = job->result();
        QStringList failures;
        for (const AccountFailure& f : merged.failures)
            failures << tr("%1: %2").arg(f.account, f.error.message);
        m_failures = failures.isEmpty() ? QString() : tr("Not searched: %1").arg(failures.join(QStringLiteral("; ")));
        m_versions = merged.versions; // before the rows: the filter reads it
        for (const VersionInfo& v : merged.versions) {
            QList<QStandardItem*> row;
            auto item = [](const QString& text) { return new QStandardItem(text); };
            row << item(AllAccountsJob::accountOf(v)) << item(accountNameOf(v)) << item(v.versionName)
                << item(v.versionCode) << item(v.label);
            auto* size = item(v.size >= 0 ? QLocale().formattedDataSize(v.size) : QString());
            size->setData(v.size, Qt::UserRole);
            auto* date = item(
                v.created.isValid() ? QLocale().toString(v.created.toLocalTime(), QLocale::ShortFormat) : QString());
            date->setData(v.created, Qt::UserRole);
            row << size << date << item(v.state) << item(v.publisher);
            m_model->appendRow(row);
        }
        m_view->resizeColumnsToContents();
        fillFilterChoices();
        updateCount();
        Q_EMIT loaded();
    });
    job->start();
}

void AllAccountsDialog::fillFilterChoices()
{
    struct Choice
    {
        QComboBox* box;
        QString any;
        std::function<QStringList(const VersionInfo&)> values;
    };
    const QList<Choice> choices {
        {m_service, tr("All services"), [](const VersionInfo& v) { return QStringList {serviceOf(v)}; }},
        {m_state, tr("Any state"), [](const VersionInfo& v) { return QStringList {v.state}; }},
        {m_label, tr("Any label or channel"), labelsOf},
        {m_publisher, tr("Any publisher"), [](const VersionInfo& v) { return QStringList {v.publisher}; }},
    };
    for (const Choice& c : choices) {
        const QString current = c.box->currentData().toString();
        QStringList values;
        for (const VersionInfo& v : std::as_const(m_versions)) {
            for (const QString& value : c.values(v)) {
                if (!value.isEmpty() && !values.contains(value))
                    values << value;
            }
        }
        std::sort(
            values.begin(), values.end(), [](const QString& a, const QString& b) { return naturalCompare(a, b) < 0; });
        const QSignalBlocker block(c.box);
        c.box->clear();
        c.box->addItem(c.any, QString());
        for (const QString& value : values)
            c.box->addItem(value, value);
        c.box->setCurrentIndex(std::max(0, c.box->findData(current)));
        c.box->setEnabled(values.size() > 0);
    }
    applyFilters();
}

void AllAccountsDialog::applyFilters()
{
    m_filter->words = m_search->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_filter->service = m_service->currentData().toString();
    m_filter->state = m_state->currentData().toString();
    m_filter->label = m_label->currentData().toString();
    m_filter->publisher = m_publisher->currentData().toString();
    m_filter->from = m_dateRange->isChecked() ? m_from->date() : QDate();
    m_filter->to = m_dateRange->isChecked() ? m_to->date() : QDate();
    m_filter->refresh();
    updateCount();
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
    if (m_job && !m_job->isFinished())
        return;
    QString text;
    if (m_model->rowCount() == 0)
        text = tr("No account has versions of %1.").arg(m_app->text());
    else if (m_filter->rowCount() == 0 && !m_search->text().isEmpty())
        text = tr("No version matches “%1” and the filters (0 of %2).").arg(m_search->text()).arg(m_model->rowCount());
    else if (m_filter->rowCount() == 0)
        text = tr("No version matches the filters (0 of %1).").arg(m_model->rowCount());
    else if (!m_filter->isFiltered())
        text = tr("%n version(s)", nullptr, m_model->rowCount());
    else
        text = tr("%1 of %2").arg(m_filter->rowCount()).arg(m_model->rowCount());
    if (!m_failures.isEmpty())
        text += QStringLiteral(" — ") + m_failures;
    m_status->setText(text);
}

QList<VersionInfo> AllAccountsDialog::selectedVersions() const
{
    QModelIndexList rows = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows << m_view->currentIndex();
    QList<VersionInfo> out;
    for (const QModelIndex& r : rows) {
        const int source = m_filter->mapToSource(r).row();
        if (source >= 0 && source < m_versions.size())
            out << m_versions.at(source);
    }
    return out;
}

QMenu* AllAccountsDialog::contextMenu()
{
    auto* menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("allAccountsContextMenu"));
    const QList<VersionInfo> selected = selectedVersions();
    auto providerOf = [this](const VersionInfo& v) -> Provider* {
        auto p = m_workspace->provider(AllAccountsJob::accountOf(v));
        return p ? p.value() : nullptr;
    };
    auto can = [&](Provider::Capability capability) {
        if (selected.isEmpty())
            return false;
        for (const VersionInfo& v : selected) {
            Provider* p = providerOf(v);
            if (!p || !(p->capabilities() & capability))
                return false;
        }
        return true;
    };
    const bool one = selected.size() == 1;
    const bool link = one && !QrCode::linkFor(selected.first()).isEmpty();
    struct Item
    {
        const char* name;
        QString text;
        bool enabled;
        void (AllAccountsDialog::*slot)();
    };
    const QList<Item> items {
        {"allAccountsDownload", tr("Download…"), one && can(Provider::DownloadArtifact), &AllAccountsDialog::download},
        {"allAccountsCopyLink", tr("Copy Link"), link, &AllAccountsDialog::copyLink},
        {"allAccountsShowQr", tr("Show QR Code"), link, &AllAccountsDialog::showQr},
        {"allAccountsCompare", tr("Compare…"), selected.size() == 2, &AllAccountsDialog::compare},
        {"allAccountsDelete", tr("Delete…"), can(Provider::DeleteVersion), &AllAccountsDialog::deleteSelected},
    };
    for (const Item& item : items) {
        if (QLatin1String(item.name) == QLatin1String("allAccountsDelete"))
            menu->addSeparator();
        QAction* a = menu->addAction(item.text);
        connect(a, &QAction::triggered, this, item.slot);
        a->setObjectName(QLatin1String(item.name));
        a->setEnabled(item.enabled && m_actions);
    }
    return menu;
}

void AllAccountsDialog::download()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() != 1 || !m_actions)
        return;
    VersionInfo v = selected.first();
    auto p = m_workspace->provider(AllAccountsJob::accountOf(v));
    if (!p)
        return;
    v.appId = v.extra.value(QStringLiteral("accountAppId"), v.appId).toString();
    m_actions->downloadVersion(p.value(), v);
}

void AllAccountsDialog::copyLink()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1 && !QrCode::linkFor(selected.first()).isEmpty())
        QApplication::clipboard()->setText(QrCode::linkFor(selected.first()));
}

void AllAccountsDialog::showQr()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1 && m_actions)
        m_actions->showQrFor(selected.first());
}

void AllAccountsDialog::compare()
{
    QList<VersionInfo> pair = selectedVersions();
    if (pair.size() != 2 || !m_actions)
        return;
    if (pair.at(0).created > pair.at(1).created) // older first
        std::swap(pair[0], pair[1]);
    auto side = [](const VersionInfo& v) {
        CompareSide s;
        s.account = AllAccountsJob::accountOf(v);
        s.appId = v.extra.value(QStringLiteral("accountAppId"), v.appId).toString();
        s.versionId = v.id;
        return s;
    };
    auto title = [](const VersionInfo& v) {
        return QStringLiteral("%1 (%2) — %3").arg(v.versionName, v.versionCode, AllAccountsJob::accountOf(v));
    };
    m_actions->compareSides(side(pair.at(0)), title(pair.at(0)), side(pair.at(1)), title(pair.at(1)));
}

void AllAccountsDialog::deleteSelected()
{
    if (!m_actions)
        return;
    // One question per account: each names the count and the versions that go from it.
    QMap<QString, QList<VersionInfo>> byAccount;
    for (const VersionInfo& v : selectedVersions())
        byAccount[AllAccountsJob::accountOf(v)].append(v);
    for (auto it = byAccount.cbegin(); it != byAccount.cend(); ++it) {
        auto p = m_workspace->provider(it.key());
        if (!p)
            continue;
        const VersionInfo& first = it.value().first();
        m_actions->deleteVersionsAfterAsking(
            p.value(), first.extra.value(QStringLiteral("accountAppId"), first.appId).toString(), it.value());
    }
}

} // namespace Slipway::Gui
