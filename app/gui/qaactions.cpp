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
#include <providers/provider.h>
#include <qa/comparejob.h>
#include <qa/prune.h>
#include <qa/qrcode.h>
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
    action(QStringLiteral("actionCopyLink"))->setEnabled(one && !linkOf(selected.first()).isEmpty());
    action(QStringLiteral("actionShowQr"))->setEnabled(one && !linkOf(selected.first()).isEmpty());
    action(QStringLiteral("actionCompareVersions"))
        ->setEnabled((selected.size() == 1 || selected.size() == 2) && (caps & Provider::DownloadArtifact));
    action(QStringLiteral("actionDeleteSelected"))->setEnabled(!selected.isEmpty() && (caps & Provider::DeleteVersion));
    action(QStringLiteral("actionCleanUp"))
        ->setEnabled(m_model->versionCount() > 0 && (caps & Provider::DeleteVersion));
    action(QStringLiteral("actionAllAccounts"))->setEnabled(true);
}

QString QaActions::linkOf(const VersionInfo& v) const
{
    for (const char* key : {"installUrl", "public_url", "publicUrl"}) {
        const QString url = v.extra.value(QLatin1String(key)).toString();
        if (!url.isEmpty())
            return url;
    }
    return v.downloadUrl;
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
    Provider* p = m_model->provider();
    if (selected.size() != 1 || !p)
        return;
    const VersionInfo v = selected.first();
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
    DownloadJob* job = p->download(v.appId, v.id, path);
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
        m_messageBar->showMessage(
            tr("Saved %1 (checksum verified where the service gives one).").arg(QDir::toNativeSeparators(saved)),
            MessageBar::Type::Success, tr("Show in Folder"),
            [saved] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(saved).absolutePath())); });
        Q_EMIT downloaded(saved);
    });
}

void QaActions::copyLink()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() == 1 && !linkOf(selected.first()).isEmpty())
        QApplication::clipboard()->setText(linkOf(selected.first()));
}

void QaActions::showQr()
{
    const QList<VersionInfo> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    auto code = QrCode::encode(linkOf(selected.first()));
    if (!code) {
        m_messageBar->showMessage(code.error().message, MessageBar::Type::Warning);
        return;
    }
    auto* dialog = new QrDialog(code.value(), selected.first().versionName, m_window);
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
    const QList<VersionInfo> selected = selectedVersions();
    Provider* p = m_model->provider();
    if (selected.isEmpty() || !p || !(p->capabilities() & Provider::DeleteVersion))
        return;
    if (!m_hooks.confirm(tr("Delete Versions"),
            tr("Delete %n version(s) from %1: %2? This cannot be undone.", nullptr, int(selected.size()))
                .arg(p->displayName(), Prune::describe(selected)),
            tr("Delete")))
        return;
    deleteVersions(p, selected);
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
    if (!m_hooks.confirm(tr("Clean Up"),
            tr("Keep the latest %1 and delete %n version(s) from %2: %3?", nullptr, int(plan->remove.size()))
                .arg(keep)
                .arg(p->displayName(), Prune::describe(plan->remove, 20)),
            tr("Delete")))
        return;
    deleteVersions(p, plan->remove);
}

void QaActions::deleteVersions(Provider* provider, const QList<VersionInfo>& versions)
{
    auto* job = new PruneJob(provider, m_model->appId(), versions, this);
    runWithProgress(job, tr("Deleting…"));
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        const PruneResult r = job->result();
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

void QaActions::showAllAccounts()
{
    auto* dialog = new AllAccountsDialog(m_workspace, m_model->appId(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace Slipway::Gui
