#include "mainwindow.h"

#include "accountsdialog.h"
#include "accountstatedelegate.h"
#include "apptreefilter.h"
#include "detailspane.h"
#include "editversiondialog.h"
#include "emptystate.h"
#include "focusorder.h"
#include "iconcache.h"
#include "messagebar.h"
#include "platform/notifications.h"
#include "publishdialog.h"
#include "qaactions.h"
#include "releases/releasesmodel.h"
#include "releases/releasespanel.h"
#include "screenfit.h"
#include "shortcutsdialog.h"
#include "themedicon.h"
#include "userprompts.h"
#include "versionactions.h"
#include "windowstate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSysInfo>
#include <QToolBar>
#include <QToolButton>
#include <common/job.h>
#include <common/version.h>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <release/releasequeue.h>
#include <release/releasestore.h>
#include <session/workspace.h>

#include "ui_mainwindow.h"

namespace Slipway::Gui {

// The highlight shown while a drag with files hovers over the window.
class DropOverlay : public QWidget
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Gui::DropOverlay)

public:
    explicit DropOverlay(QWidget* parent)
        : QWidget(parent)
    {
        setObjectName(QStringLiteral("dropOverlay"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        hide();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(40);
        p.fillRect(rect(), fill);
        QPen pen(palette().color(QPalette::Highlight), 3, Qt::DashLine);
        p.setPen(pen);
        p.drawRoundedRect(rect().adjusted(8, 8, -8, -8), 12, 12);
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.6);
        f.setBold(true);
        p.setFont(f);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(rect(), Qt::AlignCenter, tr("Drop to inspect and publish"));
    }
};

namespace {

QString formatRate(double bytesPerSecond)
{
    return QLocale().formattedDataSize(qint64(bytesPerSecond), 1, QLocale::DataSizeTraditionalFormat)
        + QObject::tr("/s");
}

QString formatEta(qint64 seconds)
{
    if (seconds < 60)
        return QObject::tr("%1 s left").arg(seconds);
    if (seconds < 3600)
        return QObject::tr("%1 min %2 s left").arg(seconds / 60).arg(seconds % 60);
    return QObject::tr("%1 h %2 min left").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

MainWindow::MainWindow(Workspace* workspace, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_workspace(workspace)
    , m_prompts(std::make_unique<UserPrompts>())
    , m_accounts(new AccountTreeModel(workspace, this))
    , m_accountFilter(new AppTreeFilter(this))
    , m_versions(new VersionTableModel(this))
    , m_versionFilter(new VersionFilterModel(this))
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/slipway.svg")));

    // The messages float over the top of the central area (messagebar.h): they never push the layout down.
    m_messageBar = new MessageBar(m_ui->centralWidget);
    m_details = new DetailsPane(m_ui->detailsContainer);
    m_ui->detailsLayout->addWidget(m_details);
    m_dropOverlay = new DropOverlay(m_ui->centralWidget);

    m_accountFilter->setSourceModel(m_accounts);
    m_ui->accountTreeView->setModel(m_accountFilter);
    m_ui->accountTreeView->setItemDelegate(new AccountStateDelegate(m_ui->accountTreeView)); // connecting/OK/error
    // App icons, platform markers, matching names and ids (issue 13).
    auto* appFilter = static_cast<AppTreeFilter*>(m_accountFilter);
    appFilter->setView(m_ui->accountTreeView);
    appFilter->setIconCache(new IconCache({}, 16 * 1024 * 1024, this));
    connect(m_ui->appSearchEdit, &QLineEdit::textChanged, appFilter, &AppTreeFilter::setSearchText);

    m_versionFilter->setSourceModel(m_versions);
    m_ui->versionTableView->setModel(m_versionFilter);
    m_ui->versionTableView->sortByColumn(VersionTableModel::Date, Qt::DescendingOrder);
    m_ui->versionTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->versionTableView->horizontalHeader()->setSectionsMovable(true);
    connect(m_ui->versionSearchEdit, &QLineEdit::textChanged, m_versionFilter, &VersionFilterModel::setSearchText);

    // Status bar: what runs now, progress with speed and ETA, and a cancel button.
    m_jobLabel = new QLabel(this);
    m_jobLabel->setObjectName(QStringLiteral("jobLabel"));
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("publishProgressBar"));
    m_progressBar->setMaximumWidth(240);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the running inspection or publish"));
    m_cancelButton->setAccessibleName(tr("Cancel the running operation"));
    // What the window holds: apps, the versions listed, and the size of the selected ones.
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setAccessibleName(tr("Summary"));
    m_jobLabel->setMinimumWidth(0);
    m_jobLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long file names must not widen it
    statusBar()->addWidget(m_jobLabel, 1);
    statusBar()->addPermanentWidget(m_summaryLabel);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_cancelButton);
    m_progressBar->hide();
    m_cancelButton->hide();
    connect(m_cancelButton, &QToolButton::clicked, this, [this] {
        if (m_activeJob)
            m_activeJob->cancel();
        else
            cancelInspections();
    });

    connect(m_ui->accountTreeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::onAccountSelectionChanged);
    connect(m_ui->versionTableView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::onVersionSelectionChanged);
    setUpAccountHealth();
    connect(m_accounts, &AccountTreeModel::accountLoaded, this, [this](const QString& account) {
        m_ui->accountTreeView->expand(m_accountFilter->mapFromSource(m_accounts->accountIndex(account)));
        if (m_pendingSelection.account == account)
            selectAfterPublish(m_pendingSelection.account, m_pendingSelection.app, m_pendingSelection.version);
    });
    connect(m_versions, &VersionTableModel::loadFailed, this, [this](const Error& error) {
        m_messageBar->showMessage(
            error.toString(), MessageBar::Type::Error, tr("Retry"), [this] { m_versions->reload(); },
            QStringLiteral("versions"));
    });
    connect(m_versions, &VersionTableModel::loaded, this, [this] {
        m_ui->versionTableView->resizeColumnsToContents();
        if (!m_pendingSelection.version.isEmpty()) {
            const int row = m_versions->rowOf(m_pendingSelection.version);
            if (row >= 0) {
                const QModelIndex idx = m_versionFilter->mapFromSource(m_versions->index(row, 0));
                m_ui->versionTableView->setCurrentIndex(idx);
                m_ui->versionTableView->scrollTo(idx);
            }
            m_pendingSelection = {};
        }
    });

    connect(m_ui->actionOpenPackage, &QAction::triggered, this, [this] {
        const QStringList files = m_prompts->openPackageFiles(this);
        if (!files.isEmpty())
            openPackages(files);
    });
    connect(m_ui->actionPublish, &QAction::triggered, this, &MainWindow::publishAgain);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionRefresh, &QAction::triggered, this, [this] {
        m_accounts->reload();
        m_versions->reload();
    });
    connect(m_ui->actionFindVersion, &QAction::triggered, this, [this] {
        m_ui->versionSearchEdit->setFocus();
        m_ui->versionSearchEdit->selectAll();
    });
    connect(m_ui->actionDeleteVersion, &QAction::triggered, this, &MainWindow::deleteSelectedVersion);
    connect(m_ui->actionCopyDetails, &QAction::triggered, this, &MainWindow::copySelectedVersion);
    connect(m_ui->actionAccounts, &QAction::triggered, this, [this] { showAccounts(); });
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    // Delete acts on the versions table only, so typing in a search field keeps its Delete key.
    m_ui->actionDeleteVersion->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_ui->versionTableView->addAction(m_ui->actionDeleteVersion);
    m_editVersionAction = new QAction(tr("&Edit Version…"), this);
    m_editVersionAction->setObjectName(QStringLiteral("actionEditVersion"));
    m_editVersionAction->setEnabled(false);
    connect(m_editVersionAction, &QAction::triggered, this, &MainWindow::editSelectedVersion);
    m_ui->versionTableView->addAction(m_editVersionAction);
    connect(m_workspace, &Workspace::accountsChanged, m_accounts, &AccountTreeModel::reload);
    // The QA actions (download, link, QR, compare, bulk delete, all accounts): a Versions menu and the context menu.
    m_qa = new QaActions(this, m_workspace, m_ui->versionTableView, m_versions, m_versionFilter, m_messageBar,
        m_ui->actionDeleteVersion);
    m_qa->hooks().confirm = [this](const QString& title, const QString& text, const QString& accept) {
        return m_prompts->confirm(this, title, text, accept);
    };
    setUpToolBar();
    // First start with an empty library: an empty state in the middle instead of an empty table.
    m_emptyState = new EmptyState(m_ui->actionOpenPackage, m_ui->versionsPanel);
    m_ui->versionsLayout->addWidget(m_emptyState, 1);
    m_emptyState->hide();
    // Queued: an account's reload removes its apps and inserts the new ones in one go; the window looks once after.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_accounts, signal, this, &MainWindow::updateEmptyState, Qt::QueuedConnection);
        connect(m_versionFilter, signal, this, &MainWindow::updateSummary);
    }
    connect(m_accounts, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState, Qt::QueuedConnection);
    connect(m_accounts, &QAbstractItemModel::dataChanged, this, &MainWindow::updateEmptyState,
        Qt::QueuedConnection); // loading ends
    connect(m_versionFilter, &QAbstractItemModel::modelReset, this, &MainWindow::updateSummary);
    connect(m_versionFilter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateSummary);
    connect(m_ui->versionTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::updateSummary);
    // A reload (F5, after a delete) starts without a selection, and the details pane shows no stale version.
    connect(m_versions, &QAbstractItemModel::modelReset, this, [this] {
        m_ui->versionTableView->selectionModel()->clear();
        onVersionSelectionChanged();
    });

    // Releases: the same state database as slipway-cli, so the window's publishes land in the history and a
    // release interrupted by a quit or a crash resumes here.
    m_releaseStore = std::make_unique<ReleaseStore>();
    if (Status opened = m_releaseStore->open(); !opened)
        m_messageBar->showMessage(opened.error().toString(), MessageBar::Type::Error);
    else if (!m_releaseStore->notice().isEmpty())
        m_messageBar->showMessage(m_releaseStore->notice(), MessageBar::Type::Warning);
    m_releaseQueue = new ReleaseQueue(m_workspace, m_releaseStore.get(), this);
    connect(m_releaseQueue, &ReleaseQueue::releaseFinished, this, &MainWindow::onReleaseFinished);
    m_notifications = new Notifications(this);
    resumeInterruptedReleases();
    m_releasesPanel = new ReleasesPanel(m_releaseQueue, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_releasesPanel);
    connect(m_releasesPanel, &ReleasesPanel::editRequested, this, &MainWindow::editAndPublishAgain);
    QAction* releasesAction = m_releasesPanel->toggleViewAction();
    releasesAction->setText(tr("Re&leases"));
    releasesAction->setObjectName(QStringLiteral("actionReleases"));
    m_ui->menuView->addAction(releasesAction);

    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // The docks and toolbars by object name: the Releases dock's visibility, area and size.
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!m_ui->mainSplitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray()))
        m_ui->mainSplitter->setSizes({260, 640, 380});
    ShortcutsDialog::addTo(this, m_ui->menuHelp);
    new WindowState(this); // columns, sort, searches, last account and app: saved on close, restored here
    new FocusOrder(this); // Tab: search, tree, version search, table (one stop), details fields, Cancel
    qApp->installEventFilter(new ScreenFit(this)); // this window and every dialog stay on a small or 2× screen

    m_accounts->reload();
    m_ui->accountTreeView->setCurrentIndex(m_accountFilter->index(0, 0));
    m_ui->accountTreeView->setFocus();
    updateEmptyState();
}

void MainWindow::setUpToolBar()
{
    auto* toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    struct Tool
    {
        QAction* action;
        const char* icon;
        QString description;
    };
    // The menus' own actions: one action, one shortcut, one enabled state, in the menu and on the toolbar.
    const QList<Tool> tools {
        {m_ui->actionOpenPackage, "open", tr("Open a package to inspect and publish it")},
        {m_ui->actionPublish, "publish", tr("Publish the last opened package (again), or choose one")},
        {m_ui->actionRefresh, "refresh", tr("Reload the accounts, apps and versions")},
        {m_qa->action(QStringLiteral("actionCompareVersions")), "compare", tr("Compare two versions or files")},
        {m_qa->action(QStringLiteral("actionDownloadVersion")), "download", tr("Download the selected version")},
    };
    for (const Tool& tool : tools) {
        if (!tool.action)
            continue;
        tool.action->setIcon(ThemedIcon::fromResource(QLatin1String(tool.icon)));
        const QString keys = tool.action->shortcut().toString(QKeySequence::NativeText);
        tool.action->setToolTip(keys.isEmpty() ? tool.description : tr("%1 (%2)").arg(tool.description, keys));
        toolBar->addAction(tool.action);
        if (QWidget* button = toolBar->widgetForAction(tool.action)) {
            button->setObjectName(tool.action->objectName() + QStringLiteral("ToolButton"));
            button->setAccessibleName(tool.action->iconText());
            button->setAccessibleDescription(tool.description);
        }
    }
}

void MainWindow::publishAgain()
{
    if (m_lastGroup.isEmpty()) {
        m_ui->actionOpenPackage->trigger();
        return;
    }
    m_publishQueue.append(m_lastGroup);
    if (!m_publishDialog)
        showNextPublishDialog();
}

int MainWindow::appCount() const
{
    int apps = 0;
    for (int row = 0; row < m_accounts->rowCount(); ++row) {
        const QModelIndex account = m_accounts->index(row, 0);
        for (int i = 0; i < m_accounts->rowCount(account); ++i) {
            if (m_accounts->index(i, 0, account).data(AccountTreeModel::KindRole).toString() == QLatin1String("app"))
                ++apps;
        }
    }
    return apps;
}

void MainWindow::updateEmptyState()
{
    const bool empty = appCount() == 0 && !m_accounts->isLoading();
    updateSummary();
    if (m_emptyState->isHidden() == !empty)
        return;
    const bool hadFocus = m_emptyState->isAncestorOf(focusWidget());
    m_emptyState->setVisible(empty);
    for (QWidget* w : {static_cast<QWidget*>(m_ui->appTitleLabel), static_cast<QWidget*>(m_ui->versionSearchEdit),
             static_cast<QWidget*>(m_ui->versionTableView)})
        w->setVisible(!empty);
    if (hadFocus)
        m_ui->accountTreeView->setFocus();
}

void MainWindow::updateSummary()
{
    QStringList parts {tr("%n app(s)", nullptr, appCount()), tr("%n version(s)", nullptr, m_versionFilter->rowCount())};
    const QModelIndexList selected = m_ui->versionTableView->selectionModel()->selectedRows();
    if (!selected.isEmpty()) {
        qint64 bytes = 0;
        for (const QModelIndex& index : selected)
            bytes += std::max<qint64>(0, m_versions->versionAt(m_versionFilter->mapToSource(index).row()).size);
        parts.append(tr("%n selected: %1", nullptr, int(selected.size()))
                         .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat)));
    }
    m_summaryLabel->setText(parts.join(QStringLiteral(" · ")));
}

MainWindow::~MainWindow()
{
    // Before the store goes: transfers still running stay recorded as running and resume at the next start.
    delete m_releasesPanel;
    delete m_releaseQueue;
}

void MainWindow::setUserPrompts(std::unique_ptr<UserPrompts> prompts)
{
    m_prompts = std::move(prompts);
}

QStringList MainWindow::localFiles(const QMimeData* mime) const
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    }
    return files;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (localFiles(event->mimeData()).isEmpty())
        return;
    event->acceptProposedAction();
    m_dropOverlay->setGeometry(m_ui->centralWidget->rect());
    m_dropOverlay->raise();
    m_dropOverlay->show();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event)
{
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent* event)
{
    m_dropOverlay->hide();
    QMainWindow::dragLeaveEvent(event);
}

void MainWindow::dropEvent(QDropEvent* event)
{
    m_dropOverlay->hide();
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    openPackages(files);
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    m_dropOverlay->setGeometry(m_ui->centralWidget->rect());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_releaseQueue && !m_releaseQueue->isIdle()) {
        // Nothing is cancelled: the transfers stop with the process and resume at the next start.
        if (!m_prompts->confirm(this, tr("Publishing in progress"),
                tr("A release is still being published. Quit anyway? It continues the next time Slipway starts."),
                tr("Quit"))) {
            event->ignore();
            return;
        }
    }
    if (m_activeJob) {
        if (!m_prompts->confirm(this, tr("Saving in progress"),
                tr("A change is still being saved. Cancel it and quit?"), tr("Cancel and Quit"))) {
            event->ignore();
            return;
        }
        m_activeJob->cancel();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_ui->mainSplitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::openPackages(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    auto results = std::make_shared<QList<PackageInfo>>();
    auto failures = std::make_shared<QStringList>();
    auto remaining = std::make_shared<int>(paths.size());
    auto cancelled = std::make_shared<int>(0);
    m_pendingInspections += paths.size();
    for (const QString& path : paths) {
        auto* job = new InspectJob(path, InspectOptions(), this);
        m_inspections.insert(job, {0, QFileInfo(path).size()});
        // Bytes hashed of the file's total (the hash is the one pass whose cost grows with the size).
        connect(job, &Job::progress, this, [this, job](qint64 done, qint64 total) {
            const auto it = m_inspections.find(job);
            if (it == m_inspections.end())
                return;
            it->done = done;
            if (total > 0)
                it->total = total;
            updateInspectionProgress();
        });
        connect(job, &Job::finished, this, [this, job, results, failures, remaining, cancelled] {
            job->deleteLater();
            m_inspections.remove(job);
            --m_pendingInspections;
            if (job->succeeded())
                results->append(job->result());
            else if (job->error().kind == Error::Kind::Cancelled)
                ++*cancelled;
            else
                failures->append(job->error().toString());
            updateInspectionProgress();
            if (--*remaining > 0)
                return;
            if (*cancelled > 0) {
                // Cancel stops the whole drop: no Publish dialog for the part that was already read.
                m_messageBar->showMessage(
                    tr("Inspection cancelled; %n file(s) not opened.", nullptr, *cancelled + int(results->size())),
                    MessageBar::Type::Info);
                if (!failures->isEmpty())
                    onInspected({}, *failures);
                return;
            }
            onInspected(*results, *failures);
        });
        job->start();
    }
    updateInspectionProgress();
}

void MainWindow::cancelInspections()
{
    const QList<InspectJob*> running = m_inspections.keys();
    for (InspectJob* job : running)
        job->cancel();
}

void MainWindow::updateInspectionProgress()
{
    if (m_activeJob)
        return; // a publish owns the status bar's progress; the inspection goes on unshown
    if (m_inspections.isEmpty()) {
        m_progressBar->hide();
        m_cancelButton->hide();
        m_jobLabel->clear();
        return;
    }
    qint64 done = 0;
    qint64 total = 0;
    for (const Inspection& i : std::as_const(m_inspections)) {
        done += i.done;
        total += i.total;
    }
    m_progressBar->setRange(0, 1000);
    m_progressBar->setValue(total > 0 ? int(done * 1000 / total) : 0);
    m_progressBar->show();
    m_cancelButton->show();
    const QLocale locale;
    m_jobLabel->setText(tr("Inspecting %n file(s): %1 of %2", nullptr, int(m_inspections.size()))
                            .arg(locale.formattedDataSize(done, 1, QLocale::DataSizeTraditionalFormat),
                                locale.formattedDataSize(total, 1, QLocale::DataSizeTraditionalFormat)));
}

void MainWindow::onInspected(const QList<PackageInfo>& packages, const QStringList& failures)
{
    if (!failures.isEmpty())
        m_messageBar->showMessage(failures.join(QLatin1Char('\n')), MessageBar::Type::Error);
    if (packages.isEmpty())
        return;
    // Keep the drop order: the user's first file is the primary of its group.
    const auto groups = PackageInspector::groupForPublish(packages);
    m_details->showPackage(groups.first().first().toJson(), groups.first().first().iconPng);
    // Several dropped apps are one dialog with a list; files dropped while it is open join that list.
    if (m_publishDialog)
        return m_publishDialog->addGroups(groups);
    m_publishQueue.append(groups);
    showNextPublishDialog();
}

void MainWindow::showNextPublishDialog()
{
    if (m_publishQueue.isEmpty())
        return;
    const QList<QList<PackageInfo>> groups = std::exchange(m_publishQueue, {});
    m_lastGroup = groups.first();
    m_details->showPackage(groups.first().first().toJson(), groups.first().first().iconPng);
    auto* dialog = new PublishDialog(m_workspace, groups, this);
    dialog->setUserPrompts(m_prompts.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QModelIndex current = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    if (current.isValid())
        dialog->setAccount(current.data(AccountTreeModel::AccountNameRole).toString());
    connect(dialog, &PublishDialog::releaseRequested, this, &MainWindow::submitRelease);
    connect(dialog, &QDialog::finished, this, [this] {
        // One dialog at a time; the next group's dialog follows.
        QMetaObject::invokeMethod(this, &MainWindow::showNextPublishDialog, Qt::QueuedConnection);
    });
    m_publishDialog = dialog;
    dialog->open();
}

void MainWindow::trackJob(Job* job, const QString& what)
{
    m_activeJob = job;
    m_jobClock.start();
    m_jobLabel->setText(what);
    m_progressBar->setRange(0, 0);
    m_progressBar->show();
    m_cancelButton->show();
    connect(job, &Job::progress, this, &MainWindow::onJobProgress);
    connect(job, &Job::statusChanged, m_jobLabel, &QLabel::setText);
    // The bar goes away with the job (before the caller's own handling of the result).
    connect(job, &Job::finished, this, [this, job] {
        if (m_activeJob != job)
            return;
        m_activeJob = nullptr;
        m_progressBar->hide();
        m_cancelButton->hide();
        m_jobLabel->clear();
        updateInspectionProgress(); // files dropped meanwhile are still being inspected
    });
}

void MainWindow::onJobProgress(qint64 done, qint64 total)
{
    if (total <= 0)
        return;
    m_progressBar->setRange(0, 1000);
    m_progressBar->setValue(int(done * 1000 / total));
    const double seconds = m_jobClock.elapsed() / 1000.0;
    QString text = m_activeJob ? m_activeJob->status() : QString();
    if (seconds > 0.5 && done > 0) {
        const double rate = done / seconds;
        text += QStringLiteral(" — %1").arg(formatRate(rate));
        if (rate > 0)
            text += QStringLiteral(", ") + formatEta(qint64((total - done) / rate));
    }
    m_jobLabel->setText(text);
}

void MainWindow::resumeInterruptedReleases()
{
    auto adopted = m_releaseQueue->adoptInterrupted();
    if (!adopted) {
        m_messageBar->showMessage(
            tr("Interrupted releases cannot be resumed: %1").arg(adopted.error().toString()), MessageBar::Type::Error);
        return;
    }
    if (!adopted.value().isEmpty())
        m_messageBar->showMessage(
            tr("Resuming %n interrupted release(s).", nullptr, int(adopted.value().size())), MessageBar::Type::Info);
}

void MainWindow::submitRelease(const Release& request)
{
    Release release = request;
    if (release.publisher.isEmpty())
        release.publisher = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QDir::home().dirName()));
    if (release.host.isEmpty())
        release.host = QSysInfo::machineHostName();
    auto submitted = m_releaseQueue->submit(release);
    if (!submitted) {
        m_messageBar->showMessage(
            tr("The release cannot be started: %1").arg(submitted.error().toString()), MessageBar::Type::Error);
        Q_EMIT publishFinished(false);
        return;
    }
    m_releasesPanel->model()->add(release);
    m_releasesPanel->show();
    m_releasesPanel->raise();
    if (!release.destinations.isEmpty())
        m_releasesPanel->selectDestination(release.destinations.first().id);
}

void MainWindow::onReleaseFinished(qint64 releaseId)
{
    auto loaded = m_releaseQueue->store()->load(releaseId);
    if (!loaded)
        return;
    const Release& release = loaded.value();
    const QString fileName = release.files.isEmpty() ? release.packageId : release.files.first().fileName;
    const auto displayName = [this](const ReleaseDestination& d) {
        auto provider = m_workspace->provider(d.account);
        const QString account = provider ? provider.value()->displayName() : d.account;
        return d.appId.isEmpty() ? account : tr("%1 (%2)").arg(account, d.appId);
    };
    QStringList done, failed;
    const ReleaseDestination* firstDone = nullptr;
    const ReleaseDestination* firstFailed = nullptr;
    for (const ReleaseDestination& d : release.destinations) {
        if (d.state == DestinationState::Done) {
            done.append(displayName(d));
            firstDone = firstDone ? firstDone : &d;
            m_accounts->reloadAccount(d.account);
        } else if (d.state == DestinationState::Failed) {
            failed.append(displayName(d));
            firstFailed = firstFailed ? firstFailed : &d;
        }
    }
    QString summary, body;
    if (firstFailed) {
        summary = tr("Publishing %1 failed").arg(fileName);
        body = tr("%1: %2").arg(failed.join(QStringLiteral(", ")), firstFailed->error.toString());
        m_messageBar->showMessage(
            tr("Publishing %1 to %2 failed: %3")
                .arg(fileName, failed.join(QStringLiteral(", ")), firstFailed->error.toString()),
            MessageBar::Type::Error, tr("Edit and Publish Again"), [this, release] { editAndPublishAgain(release); },
            QStringLiteral("publish"));
    } else if (firstDone) {
        const VersionInfo& v = firstDone->version;
        summary = tr("Published %1").arg(fileName);
        body = tr("%1 %2 (%3) is on %4.")
                   .arg(v.appId, release.versionName(), release.versionCode(), done.join(QStringLiteral(", ")));
        m_messageBar->showMessage(tr("Published %1 %2 (%3) to %4.")
                                      .arg(v.appId, v.versionName, v.versionCode, done.join(QStringLiteral(", "))),
            MessageBar::Type::Success, {}, {}, QStringLiteral("publish"));
        m_pendingSelection = {firstDone->account, v.appId, v.id};
    } else {
        statusBar()->showMessage(tr("Publishing %1 was cancelled.").arg(fileName), 10000);
    }
    // A release that ends while the user works elsewhere: the desktop says so.
    if (!summary.isEmpty() && !isActiveWindow())
        m_notifications->notify(
            summary, body, firstFailed ? Notifications::Urgency::Critical : Notifications::Urgency::Normal);
    Q_EMIT publishFinished(!firstFailed && release.overallState() == DestinationState::Done);
}

void MainWindow::editAndPublishAgain(const Release& release)
{
    // The failed release's files, notes, version and destinations, editable, without inspecting the files again.
    if (m_publishDialog) {
        m_publishDialog->raise();
        m_publishDialog->activateWindow();
        return;
    }
    auto* dialog = PublishDialog::fromRelease(m_workspace, release, this);
    dialog->setUserPrompts(m_prompts.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PublishDialog::releaseRequested, this, &MainWindow::submitRelease);
    m_publishDialog = dialog;
    dialog->open();
}

void MainWindow::selectAfterPublish(const QString& accountName, const QString& appId, const QString& versionId)
{
    const QModelIndex app = m_accounts->appIndex(accountName, appId);
    if (!app.isValid())
        return;
    m_pendingSelection = {accountName, appId, versionId};
    const QModelIndex proxied = m_accountFilter->mapFromSource(app);
    if (m_ui->accountTreeView->currentIndex() == proxied)
        m_versions->reload();
    else
        m_ui->accountTreeView->setCurrentIndex(proxied);
}

void MainWindow::onAccountSelectionChanged()
{
    const QModelIndex index = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    m_ui->actionDeleteVersion->setEnabled(false);
    m_ui->actionCopyDetails->setEnabled(false);
    updateAccountActions();
    if (!index.isValid() || index.data(AccountTreeModel::KindRole).toString() != QLatin1String("app")) {
        m_versions->clear();
        const bool placeholder = index.data(AccountTreeModel::KindRole).toString() == QLatin1String("placeholder");
        const QString account = (placeholder ? index.parent() : index).data(Qt::DisplayRole).toString();
        m_ui->appTitleLabel->setText(account.isEmpty() ? tr("Drop a package anywhere to inspect and publish it")
                                                       : tr("%1 — select an app").arg(account));
        if (!index.isValid())
            m_details->showHint();
        return;
    }
    const AppInfo app = m_accounts->appAt(index);
    m_ui->appTitleLabel->setText(
        QStringLiteral("<b>%1</b> — %2")
            .arg(app.name.toHtmlEscaped(), index.parent().data(Qt::DisplayRole).toString().toHtmlEscaped()));
    m_details->showApp(app, index.parent().data(Qt::DisplayRole).toString());
    m_versions->load(m_accounts->providerAt(index), app.id);
}

VersionInfo MainWindow::selectedVersion() const
{
    const QModelIndex idx = m_versionFilter->mapToSource(m_ui->versionTableView->currentIndex());
    return idx.isValid() ? m_versions->versionAt(idx.row()) : VersionInfo();
}

void MainWindow::onVersionSelectionChanged()
{
    const VersionInfo v = selectedVersion();
    Provider* provider = m_versions->provider();
    const bool has = !v.id.isEmpty();
    m_ui->actionDeleteVersion->setEnabled(has && provider && (provider->capabilities() & Provider::DeleteVersion));
    m_editVersionAction->setEnabled(has && provider && (provider->capabilities() & Provider::EditVersion)
        && !provider->editFields().isEmpty() && VersionActions::canEdit(provider->serviceId(), v));
    m_ui->actionCopyDetails->setEnabled(has);
    const QModelIndex appIdx = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    if (!has) {
        // Nothing selected (any more): the pane shows the app, never a version that is gone.
        if (appIdx.isValid() && appIdx.data(AccountTreeModel::KindRole).toString() == QLatin1String("app"))
            m_details->showApp(m_accounts->appAt(appIdx), appIdx.parent().data(Qt::DisplayRole).toString());
        else
            m_details->showHint(); // the accounts are reloading too
        return;
    }
    m_details->showVersion(v, m_accounts->appAt(appIdx));
    // The table lists versions without their stored details (the Local library's inspection); they are read now.
    m_versionDetails = {};
    VersionsJob* details = provider ? provider->fetchVersionDetails(m_versions->appId(), v.id) : nullptr;
    if (!details)
        return;
    connect(details, &Job::finished, this, [this, details, id = v.id, app = m_accounts->appAt(appIdx)] {
        details->deleteLater();
        if (!details->succeeded() || details->result().isEmpty() || selectedVersion().id != id)
            return;
        m_versionDetails = details->result().first();
        m_details->showVersion(m_versionDetails, app);
    });
}

void MainWindow::deleteSelectedVersion()
{
    const VersionInfo v = selectedVersion();
    Provider* provider = m_versions->provider();
    if (v.id.isEmpty() || !provider || !(provider->capabilities() & Provider::DeleteVersion))
        return;
    // An App Store Connect build is expired, not deleted: the question says so.
    const VersionActions::DeletePrompt prompt
        = VersionActions::deletePrompt(provider->serviceId(), provider->displayName(), v);
    if (!m_prompts->confirm(this, prompt.title, prompt.text, prompt.accept))
        return;
    ActionJob* job = provider->deleteVersion(v.appId, v.id);
    const QString account = provider->accountName();
    connect(job, &Job::finished, this, [this, job, prompt, account] {
        job->deleteLater();
        if (!job->succeeded()) {
            m_messageBar->showMessage(prompt.failed.arg(job->error().toString()), MessageBar::Type::Error);
            return;
        }
        m_messageBar->showMessage(prompt.done, MessageBar::Type::Success);
        m_versions->reload();
        m_accounts->reloadAccount(account);
    });
}

void MainWindow::editSelectedVersion()
{
    const VersionInfo v = selectedVersion();
    Provider* provider = m_versions->provider();
    if (v.id.isEmpty() || !provider || !(provider->capabilities() & Provider::EditVersion)
        || !VersionActions::canEdit(provider->serviceId(), v))
        return;
    auto* dialog = new EditVersionDialog(provider->editFields(), v, provider->displayName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<Provider> guard(provider);
    connect(dialog, &QDialog::accepted, this, [this, dialog, guard, v] {
        const VersionEdit changes = dialog->changes();
        if (!guard || changes.isEmpty())
            return;
        ActionJob* job = guard->edit(v.appId, v.id, changes);
        trackJob(job, tr("Editing %1 %2").arg(v.appId, v.versionName));
        connect(job, &Job::finished, this, [this, job, v] {
            job->deleteLater();
            if (!job->succeeded()) {
                m_messageBar->showMessage(
                    tr("Editing failed: %1").arg(job->error().toString()), MessageBar::Type::Error);
                return;
            }
            m_messageBar->showMessage(tr("Saved %1 %2.").arg(v.appId, v.versionName), MessageBar::Type::Success);
            m_versions->reload();
        });
    });
    dialog->open();
}

void MainWindow::copySelectedVersion()
{
    VersionInfo v = selectedVersion();
    if (!v.id.isEmpty() && m_versionDetails.id == v.id)
        v = m_versionDetails; // with its inspection
    if (!v.id.isEmpty())
        QApplication::clipboard()->setText(
            QString::fromUtf8(QJsonDocument(v.toJson()).toJson(QJsonDocument::Indented)));
}

void MainWindow::showAccounts(const QString& account)
{
    auto* dialog = new AccountsDialog(m_workspace, this);
    if (!account.isEmpty())
        dialog->selectAccount(account);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The dialog asks through the window's prompts, so tests answer it like every other question.
    dialog->setConfirmFunction([this](QWidget* parent, const QString& title, const QString& text,
                                   const QString& accept) { return m_prompts->confirm(parent, title, text, accept); });
    connect(dialog, &QDialog::finished, m_accounts, &AccountTreeModel::reload);
    dialog->open();
}

void MainWindow::setUpAccountHealth()
{
    // Each failing account has its own line in the message bar (replaced when it fails again, closed when it
    // loads) and a placeholder row in the tree; both offer Retry, or only Edit account when retrying cannot help.
    connect(m_accounts, &AccountTreeModel::loadFailed, this, [this](const QString& account, const Error& error) {
        const QString name = m_accounts->accountIndex(account).data(Qt::DisplayRole).toString();
        const QString text = tr("%1: %2").arg(name.isEmpty() ? account : name, error.toString());
        if (AccountTreeModel::needsEdit(error)) {
            m_messageBar->showMessage(
                text, MessageBar::Type::Error, tr("Edit Account…"), [this, account] { showAccounts(account); },
                QStringLiteral("account:") + account);
        } else {
            m_messageBar->showMessage(
                text, MessageBar::Type::Error, tr("Retry"), [this, account] { m_accounts->reloadAccount(account); },
                QStringLiteral("account:") + account);
        }
    });
    connect(m_accounts, &AccountTreeModel::accountLoaded, this,
        [this](const QString& account) { m_messageBar->dismiss(QStringLiteral("account:") + account); });
    connect(m_accounts, &QAbstractItemModel::modelReset, this, [this] {
        // Accounts that are gone (or edited) keep no message; the reload reports again what still fails.
        for (const QString& source : m_messageBar->sources()) {
            if (source.startsWith(QLatin1String("account:")))
                m_messageBar->dismiss(source);
        }
        updateAccountActions();
    });

    // The tree's own way to both: Enter or a double click on the placeholder row, and the context menu (mouse, or
    // the Menu key / Shift+F10) on an account or its placeholder.
    m_retryAccountAction = new QAction(tr("&Retry Listing Apps"), this);
    m_retryAccountAction->setObjectName(QStringLiteral("actionRetryAccount"));
    m_editAccountAction = new QAction(tr("&Edit Account…"), this);
    m_editAccountAction->setObjectName(QStringLiteral("actionEditAccount"));
    m_ui->accountTreeView->addAction(m_retryAccountAction);
    m_ui->accountTreeView->addAction(m_editAccountAction);
    m_ui->accountTreeView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_retryAccountAction, &QAction::triggered, this, [this] {
        const QString account = currentAccountName();
        if (!account.isEmpty())
            m_accounts->reloadAccount(account);
    });
    connect(m_editAccountAction, &QAction::triggered, this, [this] {
        const QString account = currentAccountName();
        if (!account.isEmpty())
            showAccounts(account);
    });
    connect(m_ui->accountTreeView, &QAbstractItemView::activated, this, [this](const QModelIndex& proxied) {
        const QModelIndex index = m_accountFilter->mapToSource(proxied);
        if (index.data(AccountTreeModel::KindRole).toString() != QLatin1String("placeholder"))
            return;
        if (index.data(AccountTreeModel::CanRetryRole).toBool())
            m_retryAccountAction->trigger();
        else
            m_editAccountAction->trigger();
    });
    connect(m_accounts, &QAbstractItemModel::dataChanged, this, &MainWindow::updateAccountActions);
    updateAccountActions();
}

QString MainWindow::currentAccountName() const
{
    const QModelIndex index = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    return index.data(AccountTreeModel::AccountNameRole).toString();
}

void MainWindow::updateAccountActions()
{
    if (!m_retryAccountAction)
        return;
    const QModelIndex index = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    const QModelIndex account = index.parent().isValid() ? index.parent() : index;
    const bool failed = !account.data(AccountTreeModel::ErrorRole).toString().isEmpty();
    const QString name = account.data(AccountTreeModel::AccountNameRole).toString();
    // Retry when the listing failed for a reason a retry can fix; the Local library has no account to edit.
    m_retryAccountAction->setEnabled(failed && account.data(AccountTreeModel::CanRetryRole).toBool());
    m_editAccountAction->setEnabled(!name.isEmpty() && name != QLatin1String("local"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Slipway"),
        tr("<h3>Slipway %1</h3><p>Inspect, publish and browse app builds on every distribution service, "
           "and in a Local library on disk.</p><p>Local library: %2</p>")
            .arg(QStringLiteral(SLIPWAY_VERSION), m_workspace->libraryPath().toHtmlEscaped()));
}

} // namespace Slipway::Gui
