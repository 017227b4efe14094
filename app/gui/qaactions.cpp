#include "qaactions.h"

#include "allaccountsdialog.h"
#include "comparedialog.h"
#include "messagebar.h"
#include "qrdialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QUrl>
#include <models/versiontablemodel.h>
#include <providers/downloadcheck.h>
#include <providers/provider.h>
#include <qa/comparejob.h>
#include <qa/prune.h>
#include <qa/qrcode.h>
#include <release/releasestore.h>
#include <session/workspace.h>

namespace Slipway::Gui {

QaActions::QaActions(QMainWindow* window, Workspace* workspace, QTableView* view, VersionTableModel* model,
    QSortFilterProxyModel* filter, MessageBar* messageBar, QAction* deleteAction)
    : QObject(window)
    , m_window(window)
    , m_workspace(workspace)
    , m_view(view)
    , m_model(model)
    , m_filter(filter)
    , m_messageBar(messageBar)
    , m_delete(deleteAction)
{
    m_hooks.savePath = [this](const QString& suggested) {
        return QFileDialog::getSaveFileName(m_window, tr("Save Version As"), suggested);
    };
    m_hooks.comparePackage = [this] {
        return QFileDialog::getOpenFileName(m_window, tr("Compare With Package"), QString(),
            tr("Packages (*.apk *.aab *.ipa *.zip *.obb *.appx *.msix);;All files (*)"));
    };
    m_hooks.keepCount = [this](int count) {
        bool ok = false;
        const int n = QInputDialog::getInt(m_window, tr("Clean Up"),
            tr("Keep the latest how many versions? (%n version(s) now)", nullptr, count), std::min(count, 5), 0,
            std::max(count, 0), 1, &ok);
        return ok ? n : -1;
    };
    m_hooks.confirm = [](const QString&, const QString&, const QString&) { return false; };

    struct Spec
    {
        const char* name;
        QString text;
        QKeySequence shortcut;
        void (QaActions::*slot)();
    };
    const QList<Spec> specs {
        {"actionDownloadVersion", tr("&Download…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
            &QaActions::download},
        {"actionCopyLink", tr("Copy &Link"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), &QaActions::copyLink},
        {"actionShowQr", tr("Show &QR Code"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q), &QaActions::showQr},
        {"actionCompareVersions", tr("&Compare…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), &QaActions::compare},
        {"actionDeleteSelected", tr("Delete &Selected Versions…"), QKeySequence(Qt::SHIFT | Qt::Key_Delete),
            &QaActions::deleteSelected},
        {"actionCleanUp", tr("Clean &Up…"), QKeySequence(), &QaActions::cleanUp},
        {"actionAllAccounts", tr("&All Accounts View…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
            &QaActions::showAllAccounts},
    };
    QMenu* menu = new QMenu(tr("Ve&rsions"), m_window);
    menu->setObjectName(QStringLiteral("menuVersions"));
    for (const Spec& s : specs) {
        auto* a = new QAction(s.text, this);
        a->setObjectName(QLatin1String(s.name));
        a->setShortcut(s.shortcut);
        connect(a, &QAction::triggered, this, s.slot);
        m_actions << a;
        menu->addAction(a);
        if (QLatin1String(s.name) == QLatin1String("actionCompareVersions"))
            menu->addSeparator();
    }
    // Before Tools and Help.
    QList<QAction*> top = m_window->menuBar()->actions();
    m_window->menuBar()->insertMenu(top.size() >= 2 ? top.at(top.size() - 2) : nullptr, menu);

    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu* m = contextMenu();
        m->setAttribute(Qt::WA_DeleteOnClose);
        m->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            download();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QaActions::updateEnabled);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QaActions::updateEnabled);
    updateEnabled();
}

QaActions::~QaActions() = default;

QAction* QaActions::action(const QString& objectName) const
{
    for (QAction* a : m_actions)
        if (a->objectName() == objectName)
            return a;
    return nullptr;
}

QList<VersionInfo> QaActions::selectedVersions() const
{
    QList<VersionInfo> out;
    QModelIndexList rows = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& r : rows) {
        const QModelIndex source = m_filter->mapToSource(r);
        if (source.isValid())
            out << m_model->versionAt(source.row());
    }
    if (out.isEmpty() && m_view->currentIndex().isValid())
        out << m_model->versionAt(m_filter->mapToSource(m_view->currentIndex()).row());
    return out;
}

QMenu* QaActions::contextMenu()
{
    updateEnabled();
    auto* menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("versionContextMenu"));
    for (const char* name : {"actionDownloadVersion", "actionCopyLink", "actionShowQr", "actionCompareVersions"})
        menu->addAction(action(QLatin1String(name)));
    menu->addSeparator();
    menu->addAction(selectedVersions().size() > 1 ? action(QStringLiteral("actionDeleteSelected")) : m_delete);
    return menu;
}

void QaActions::updateEnabled()
{
    const QList<VersionInfo> selected = selectedVersions();
    Provider* p = m_model->provider();
    const bool one = selected.size() == 1;
    const auto caps = p ? p->capabilities() : Provider::Capabilities();
    action(QStringLiteral("actionDownloadVersion"))->setEnabled(one && (caps & Provider::DownloadArtifact));
    action(QStringLiteral("actionCopyLink"))->setEnabled(one && !QrCode::linkFor(selected.first()).isEmpty());
    action(QStringLiteral("actionShowQr"))->setEnabled(one && !QrCode::linkFor(selected.first()).isEmpty());
    // Without downloads (App Store Connect) the comparison is of what the service returns.
    action(QStringLiteral("actionCompareVersions"))->setEnabled(selected.size() == 1 || selected.size() == 2);
    action(QStringLiteral("actionDeleteSelected"))->setEnabled(!selected.isEmpty() && (caps & Provider::DeleteVersion));
    action(QStringLiteral("actionCleanUp"))
        ->setEnabled(m_model->versionCount() > 0 && (caps & Provider::DeleteVersion));
    action(QStringLiteral("actionAllAccounts"))->setEnabled(true);
}

void QaActions::runWithProgress(Job* job, const QString& title)
{
    auto* dialog = new QProgressDialog(title, tr("Cancel"), 0, 0, m_window);
    dialog->setObjectName(QStringLiteral("qaProgressDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setMinimumDuration(300);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    connect(job, &Job::progress, dialog, [dialog](qint64 done, qint64 total) {
        if (total > 0) {
            dialog->setMaximum(1000);
            dialog->setValue(int(done * 1000 / total));
        }
    });
    connect(job, &Job::statusChanged, dialog, &QProgressDialog::setLabelText);
    connect(dialog, &QProgressDialog::canceled, job, &Job::cancel);
    connect(job, &Job::finished, dialog, &QProgressDialog::close);
}

void QaActions::download()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1 && m_model->provider())
        downloadVersion(m_model->provider(), selected.first());
}

void QaActions::downloadVersion(Provider* p, const VersionInfo& v)
{
    if (!(p->capabilities() & Provider::DownloadArtifact)) {
        m_messageBar->showMessage(tr("%1 does not offer downloads.").arg(p->displayName()), MessageBar::Type::Warning);
        return;
    }
    QString name = QFileInfo(v.fileName).fileName();
    if (name.isEmpty())
        name = QUrl(v.downloadUrl).fileName();
    if (name.isEmpty())
        name = QStringLiteral("%1-%2").arg(v.appId, v.versionName.isEmpty() ? v.id : v.versionName);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString path = m_hooks.savePath(QDir(dir).filePath(name));
    if (path.isEmpty())
        return;
    DownloadJob* job = p->download(v.appId.isEmpty() ? m_model->appId() : v.appId, v.id, path);
    runWithProgress(job, tr("Downloading %1…").arg(name));
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (!job->succeeded()) {
            if (job->error().kind != Error::Kind::Cancelled)
                m_messageBar->showMessage(
                    tr("Download failed: %1").arg(job->error().toString()), MessageBar::Type::Error);
            return;
        }
        const QString saved = job->result();
        const QString verifiedBy = DownloadCheck::verifiedBy(job);
        m_messageBar->showMessage(verifiedBy.isEmpty()
                ? tr("Saved %1 (the service gives no checksum to verify it against).")
                      .arg(QDir::toNativeSeparators(saved))
                : tr("Saved %1 (%2 verified).").arg(QDir::toNativeSeparators(saved), verifiedBy.toUpper()),
            MessageBar::Type::Success, tr("Show in Folder"),
            [saved] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(saved).absolutePath())); });
        Q_EMIT downloaded(saved);
    });
}

void QaActions::copyLink()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1 && !QrCode::linkFor(selected.first()).isEmpty())
        QApplication::clipboard()->setText(QrCode::linkFor(selected.first()));
}

void QaActions::showQr()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1)
        showQrFor(selected.first());
}

void QaActions::showQrFor(const VersionInfo& v)
{
    auto code = QrCode::encode(QrCode::linkFor(v));
    if (!code) {
        m_messageBar->showMessage(code.error().message, MessageBar::Type::Warning);
        return;
    }
    auto* dialog = new QrDialog(code.value(), v.versionName, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void QaActions::compare()
{
    const QList<VersionInfo> selected = selectedVersions();
    Provider* p = m_model->provider();
    if (selected.isEmpty() || selected.size() > 2 || !p)
        return;
    auto side = [p](const VersionInfo& v) {
        CompareSide s;
        s.account = p->accountName();
        s.appId = v.appId;
        s.versionId = v.id;
        return s;
    };
    // Older first: the table may be sorted either way.
    QList<VersionInfo> pair = selected;
    CompareSide a;
    CompareSide b;
    QString titleA;
    QString titleB;
    if (pair.size() == 2) {
        if (pair.at(0).created > pair.at(1).created)
            std::swap(pair[0], pair[1]);
        a = side(pair.at(0));
        b = side(pair.at(1));
        titleA = QStringLiteral("%1 (%2)").arg(pair.at(0).versionName, pair.at(0).versionCode);
        titleB = QStringLiteral("%1 (%2)").arg(pair.at(1).versionName, pair.at(1).versionCode);
    } else {
        const QString file = m_hooks.comparePackage();
        if (file.isEmpty())
            return;
        a = side(pair.at(0));
        b.file = file;
        titleA = QStringLiteral("%1 (%2)").arg(pair.at(0).versionName, pair.at(0).versionCode);
        titleB = QFileInfo(file).fileName();
    }
    compareSides(a, titleA, b, titleB);
}

void QaActions::compareSides(const CompareSide& a, const QString& titleA, const CompareSide& b, const QString& titleB)
{
    auto* job = new CompareJob(*m_workspace, a, b, this);
    runWithProgress(job, tr("Comparing…"));
    connect(job, &Job::finished, this, [this, job, titleA, titleB] {
        job->deleteLater();
        if (!job->succeeded()) {
            if (job->error().kind != Error::Kind::Cancelled)
                m_messageBar->showMessage(
                    tr("Comparing failed: %1").arg(job->error().toString()), MessageBar::Type::Error);
            return;
        }
        auto* dialog = new CompareDialog(job->result(), titleA, titleB, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        Q_EMIT compared();
    });
    job->start();
}

void QaActions::deleteSelected()
{
    if (m_model->provider())
        deleteVersionsAfterAsking(m_model->provider(), m_model->appId(), selectedVersions());
}

void QaActions::deleteVersionsAfterAsking(Provider* p, const QString& appId, const QList<VersionInfo>& selected)
{
    if (selected.isEmpty() || !p || !(p->capabilities() & Provider::DeleteVersion))
        return;
    // App Store Connect builds cannot be deleted; they are expired (testers can no longer install them).
    const bool expire = p->serviceId() == QLatin1String("appstoreconnect");
    const QString question = expire
        ? tr("Expire %n build(s) in %1: %2? Testers can no longer install them; this cannot be undone.", nullptr,
            int(selected.size()))
              .arg(p->displayName(), Prune::describe(selected))
        : tr("Delete %n version(s) from %1: %2? This cannot be undone.", nullptr, int(selected.size()))
              .arg(p->displayName(), Prune::describe(selected));
    if (!m_hooks.confirm(
            expire ? tr("Expire Builds") : tr("Delete Versions"), question, expire ? tr("Expire") : tr("Delete")))
        return;
    deleteVersions(p, appId, selected, CleanupEntry::describeRule(-1, -1));
}

void QaActions::cleanUp()
{
    Provider* p = m_model->provider();
    if (!p || m_model->versionCount() == 0)
        return;
    const QList<VersionInfo> all = m_model->allVersions(); // every version, whatever the search or fetched rows
    const int keep = m_hooks.keepCount(int(all.size()));
    if (keep < 0)
        return;
    auto plan = Prune::plan(all, PruneRule {keep, -1}, QDateTime::currentDateTimeUtc());
    if (!plan || plan->remove.isEmpty()) {
        m_messageBar->showMessage(
            tr("Nothing to clean up: %n version(s) or fewer.", nullptr, keep), MessageBar::Type::Info);
        return;
    }
    // The dry run is the confirmation: it names exactly what the real run deletes.
    const bool expire = p->serviceId() == QLatin1String("appstoreconnect");
    const QString question = expire
        ? tr("Keep the latest %1 and expire %n build(s) in %2: %3?", nullptr, int(plan->remove.size()))
              .arg(keep)
              .arg(p->displayName(), Prune::describe(plan->remove, 20))
        : tr("Keep the latest %1 and delete %n version(s) from %2: %3?", nullptr, int(plan->remove.size()))
              .arg(keep)
              .arg(p->displayName(), Prune::describe(plan->remove, 20));
    if (!m_hooks.confirm(tr("Clean Up"), question, expire ? tr("Expire") : tr("Delete")))
        return;
    deleteVersions(p, m_model->appId(), plan->remove, CleanupEntry::describeRule(keep, -1));
}

void QaActions::deleteVersions(
    Provider* provider, const QString& appId, const QList<VersionInfo>& versions, const QString& rule)
{
    auto* job = new PruneJob(provider, appId, versions, this);
    runWithProgress(job, tr("Deleting…"));
    const QString account = provider->accountName(), service = provider->serviceId();
    connect(job, &Job::finished, this, [this, job, account, service, appId, rule] {
        job->deleteLater();
        const PruneResult r = job->result();
        recordCleanup(CleanupEntry::now(account, service, appId, rule, r.deleted, r.failed, r.errors));
        if (!job->succeeded() && job->error().kind != Error::Kind::Cancelled)
            m_messageBar->showMessage(tr("Deleting failed: %1").arg(job->error().toString()), MessageBar::Type::Error);
        else if (!r.failed.isEmpty())
            m_messageBar->showMessage(tr("Deleted %1 of %2 versions; %3")
                                          .arg(r.deleted.size())
                                          .arg(r.deleted.size() + r.failed.size())
                                          .arg(r.errors.first().toString()),
                MessageBar::Type::Warning);
        else
            m_messageBar->showMessage(
                tr("Deleted %n version(s).", nullptr, int(r.deleted.size())), MessageBar::Type::Success);
        m_model->reload();
        Q_EMIT versionsDeleted(int(r.deleted.size()));
    });
    job->start();
}

void QaActions::recordCleanup(CleanupEntry entry)
{
    if (entry.removed.isEmpty() && entry.failed.isEmpty())
        return; // cancelled before anything happened
    ReleaseStore store;
    Status st = store.open();
    if (st)
        st = store.recordCleanup(entry);
    if (!st)
        m_messageBar->showMessage(
            tr("The clean-up was not added to the history: %1").arg(st.error().message), MessageBar::Type::Warning);
}

void QaActions::showAllAccounts()
{
    auto* dialog = new AllAccountsDialog(m_workspace, m_model->appId(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setActions(this);
    dialog->show();
}

} // namespace Slipway::Gui
