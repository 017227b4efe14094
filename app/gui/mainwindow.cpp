#include "mainwindow.h"

#include "accountsdialog.h"
#include "accountstatedelegate.h"
#include "detailspane.h"
#include "editversiondialog.h"
#include "messagebar.h"
#include "publishdialog.h"
#include "qaactions.h"
#include "shortcutsdialog.h"
#include "userprompts.h"
#include "versionactions.h"
#include "windowstate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
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
#include <QToolButton>
#include <common/job.h>
#include <common/version.h>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
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
    , m_accountFilter(new QSortFilterProxyModel(this))
    , m_versions(new VersionTableModel(this))
    , m_versionFilter(new VersionFilterModel(this))
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/slipway.svg")));

    m_messageBar = new MessageBar(m_ui->centralWidget);
    m_ui->centralLayout->insertWidget(0, m_messageBar, 0);
    m_ui->centralLayout->setStretchFactor(m_ui->mainSplitter, 1);
    m_details = new DetailsPane(m_ui->detailsContainer);
    m_ui->detailsLayout->addWidget(m_details);
    m_dropOverlay = new DropOverlay(m_ui->centralWidget);

    m_accountFilter->setSourceModel(m_accounts);
    m_accountFilter->setRecursiveFilteringEnabled(true);
    m_accountFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_accountFilter->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_ui->accountTreeView->setModel(m_accountFilter);
    m_ui->accountTreeView->setItemDelegate(new AccountStateDelegate(m_ui->accountTreeView)); // connecting/OK/error
    connect(
        m_ui->appSearchEdit, &QLineEdit::textChanged, m_accountFilter, &QSortFilterProxyModel::setFilterFixedString);

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
    statusBar()->addWidget(m_jobLabel, 1);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_cancelButton);
    m_progressBar->hide();
    m_cancelButton->hide();
    connect(m_cancelButton, &QToolButton::clicked, this, [this] {
        if (m_activeJob)
            m_activeJob->cancel();
    });

    connect(m_ui->accountTreeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::onAccountSelectionChanged);
    connect(m_ui->versionTableView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::onVersionSelectionChanged);
    connect(m_accounts, &AccountTreeModel::loadFailed, this, [this](const QString& account, const Error& error) {
        m_messageBar->showMessage(tr("%1: %2").arg(account, error.toString()), MessageBar::Type::Error, tr("Retry"),
            [this, account] { m_accounts->reloadAccount(account); });
    });
    connect(m_accounts, &AccountTreeModel::accountLoaded, this, [this](const QString& account) {
        m_ui->accountTreeView->expand(m_accountFilter->mapFromSource(m_accounts->accountIndex(account)));
        if (m_pendingSelection.account == account)
            selectAfterPublish(m_pendingSelection.account, m_pendingSelection.app, m_pendingSelection.version);
    });
    connect(m_versions, &VersionTableModel::loadFailed, this, [this](const Error& error) {
        m_messageBar->showMessage(
            error.toString(), MessageBar::Type::Error, tr("Retry"), [this] { m_versions->reload(); });
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
    connect(m_ui->actionAccounts, &QAction::triggered, this, &MainWindow::showAccounts);
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
    // A reload (F5, after a delete) starts without a selection, and the details pane shows no stale version.
    connect(m_versions, &QAbstractItemModel::modelReset, this, [this] {
        m_ui->versionTableView->selectionModel()->clear();
        onVersionSelectionChanged();
    });

    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!m_ui->mainSplitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray()))
        m_ui->mainSplitter->setSizes({260, 640, 380});
    ShortcutsDialog::addTo(this, m_ui->menuHelp);
    new WindowState(this); // columns, sort, searches, last account and app: saved on close, restored here

    m_accounts->reload();
    m_ui->accountTreeView->setCurrentIndex(m_accountFilter->index(0, 0));
    m_ui->accountTreeView->setFocus();
}

MainWindow::~MainWindow() = default;

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
    if (m_activeJob) {
        if (!m_prompts->confirm(this, tr("Publishing in progress"),
                tr("A publish is still running. Cancel it and quit?"), tr("Cancel and Quit"))) {
            event->ignore();
            return;
        }
        m_activeJob->cancel();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
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
    m_pendingInspections += paths.size();
    m_jobLabel->setText(tr("Inspecting %n file(s)…", nullptr, int(paths.size())));
    m_progressBar->setRange(0, 0);
    m_progressBar->show();
    for (const QString& path : paths) {
        auto* job = new InspectJob(path, InspectOptions(), this);
        connect(job, &Job::finished, this, [this, job, results, failures, remaining] {
            job->deleteLater();
            --m_pendingInspections;
            if (job->succeeded())
                results->append(job->result());
            else
                failures->append(job->error().toString());
            if (--*remaining == 0) {
                if (!m_activeJob) {
                    m_progressBar->hide();
                    m_jobLabel->clear();
                }
                onInspected(*results, *failures);
            }
        });
        job->start();
    }
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
    m_details->showPackage(groups.first().first().toJson(), groups.first().first().iconPng);
    auto* dialog = new PublishDialog(m_workspace, groups, this);
    dialog->setUserPrompts(m_prompts.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QModelIndex current = m_accountFilter->mapToSource(m_ui->accountTreeView->currentIndex());
    if (current.isValid())
        dialog->setAccount(current.data(AccountTreeModel::AccountNameRole).toString());
    connect(dialog, &PublishDialog::releaseRequested, this, [this](const Release& release) {
        // One destination runs as a single publish; several need the release queue (the Releases panel's wiring).
        auto provider = m_workspace->provider(release.destinations.value(0).account);
        if (release.destinations.size() == 1 && provider)
            return startPublish(provider.value(), release.requestFor(release.destinations.first()));
        m_messageBar->showMessage(
            tr("Publishing to several destinations needs the release queue."), MessageBar::Type::Warning);
    });
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

void MainWindow::startPublish(Provider* provider, const PublishRequest& request)
{
    if (m_activeJob) {
        m_messageBar->showMessage(
            tr("Another publish is running; wait for it or cancel it first."), MessageBar::Type::Warning);
        return;
    }
    PublishJob* job = provider->publish(request);
    const QString fileName = QFileInfo(request.files.value(0)).fileName();
    trackJob(job, tr("Publishing %1 to %2…").arg(fileName, provider->displayName()));
    const QString accountName = provider->accountName();
    QPointer<Provider> guard(provider);
    connect(job, &Job::finished, this, [this, job, guard, accountName, request, fileName] {
        job->deleteLater();
        m_activeJob = nullptr;
        m_progressBar->hide();
        m_cancelButton->hide();
        m_jobLabel->clear();
        if (!job->succeeded()) {
            const Error& e = job->error();
            if (e.kind == Error::Kind::Cancelled) {
                m_messageBar->showMessage(tr("Publishing %1 was cancelled.").arg(fileName), MessageBar::Type::Info);
            } else {
                m_messageBar->showMessage(tr("Publishing %1 failed: %2").arg(fileName, e.toString()),
                    MessageBar::Type::Error, tr("Retry"), [this, guard, request] {
                        if (guard)
                            startPublish(guard, request);
                    });
            }
            Q_EMIT publishFinished(false);
            return;
        }
        const VersionInfo v = job->result();
        m_messageBar->showMessage(
            tr("Published %1 %2 (%3) to %4.")
                .arg(v.appId, v.versionName, v.versionCode, guard ? guard->displayName() : accountName),
            MessageBar::Type::Success);
        m_pendingSelection = {accountName, v.appId, v.id};
        m_accounts->reloadAccount(accountName);
        Q_EMIT publishFinished(true);
    });
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
    if (!index.isValid() || index.data(AccountTreeModel::KindRole).toString() != QLatin1String("app")) {
        m_versions->clear();
        const QString account = index.data(Qt::DisplayRole).toString();
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
    const VersionInfo v = selectedVersion();
    if (!v.id.isEmpty())
        QApplication::clipboard()->setText(
            QString::fromUtf8(QJsonDocument(v.toJson()).toJson(QJsonDocument::Indented)));
}

void MainWindow::showAccounts()
{
    auto* dialog = new AccountsDialog(m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The dialog asks through the window's prompts, so tests answer it like every other question.
    dialog->setConfirmFunction([this](QWidget* parent, const QString& title, const QString& text,
                                   const QString& accept) { return m_prompts->confirm(parent, title, text, accept); });
    connect(dialog, &QDialog::finished, m_accounts, &AccountTreeModel::reload);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Slipway"),
        tr("<h3>Slipway %1</h3><p>Inspect, publish and browse app builds on every distribution service, "
           "and in a Local library on disk.</p><p>Local library: %2</p>")
            .arg(QStringLiteral(SLIPWAY_VERSION), m_workspace->libraryPath().toHtmlEscaped()));
}

} // namespace Slipway::Gui
