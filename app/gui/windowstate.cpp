#include "windowstate.h"

#include <QAbstractProxyModel>
#include <QEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMainWindow>
#include <QSettings>
#include <QTableView>
#include <QTreeView>
#include <models/accounttreemodel.h>

namespace Slipway::Gui {

namespace {

const QString kHeader = QStringLiteral("window/versionColumns");
const QString kAppSearch = QStringLiteral("window/appSearch");
const QString kVersionSearch = QStringLiteral("window/versionSearch");
const QString kAccount = QStringLiteral("window/lastAccount");
const QString kApp = QStringLiteral("window/lastApp");

} // namespace

WindowState::WindowState(QMainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_tree(window->findChild<QTreeView*>(QStringLiteral("accountTreeView")))
    , m_header(nullptr)
    , m_appSearch(window->findChild<QLineEdit*>(QStringLiteral("appSearchEdit")))
    , m_versionSearch(window->findChild<QLineEdit*>(QStringLiteral("versionSearchEdit")))
{
    if (auto* table = window->findChild<QTableView*>(QStringLiteral("versionTableView")))
        m_header = table->horizontalHeader();
    window->installEventFilter(this);
    restore();
}

bool WindowState::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Close)
        save();
    return QObject::eventFilter(watched, event);
}

void WindowState::restore()
{
    const QSettings settings;
    if (m_header)
        m_header->restoreState(settings.value(kHeader).toByteArray());
    if (m_appSearch)
        m_appSearch->setText(settings.value(kAppSearch).toString());
    if (m_versionSearch)
        m_versionSearch->setText(settings.value(kVersionSearch).toString());
    m_pendingAccount = settings.value(kAccount).toString();
    m_pendingApp = settings.value(kApp).toString();
    auto* proxy = m_tree ? qobject_cast<QAbstractProxyModel*>(m_tree->model()) : nullptr;
    auto* accounts = proxy ? qobject_cast<AccountTreeModel*>(proxy->sourceModel()) : nullptr;
    if (accounts && !m_pendingAccount.isEmpty())
        connect(accounts, &AccountTreeModel::accountLoaded, this, &WindowState::onAccountLoaded);
}

void WindowState::onAccountLoaded(const QString& account)
{
    if (account != m_pendingAccount || !m_tree)
        return;
    auto* proxy = qobject_cast<QAbstractProxyModel*>(m_tree->model());
    auto* accounts = qobject_cast<AccountTreeModel*>(proxy->sourceModel());
    // Only once, and only when the user has not picked something else meanwhile.
    disconnect(accounts, &AccountTreeModel::accountLoaded, this, &WindowState::onAccountLoaded);
    const QModelIndex current = proxy->mapToSource(m_tree->currentIndex());
    const bool untouched = !current.isValid() || current.parent() == QModelIndex();
    const QModelIndex target = m_pendingApp.isEmpty() ? accounts->accountIndex(m_pendingAccount)
                                                      : accounts->appIndex(m_pendingAccount, m_pendingApp);
    if (untouched && target.isValid()) {
        const QModelIndex proxied = proxy->mapFromSource(target);
        m_tree->setCurrentIndex(proxied);
        m_tree->scrollTo(proxied);
    }
    m_pendingAccount.clear();
}

void WindowState::save() const
{
    QSettings settings;
    if (m_header)
        settings.setValue(kHeader, m_header->saveState());
    if (m_appSearch)
        settings.setValue(kAppSearch, m_appSearch->text());
    if (m_versionSearch)
        settings.setValue(kVersionSearch, m_versionSearch->text());
    if (m_tree) {
        const QModelIndex current = m_tree->currentIndex();
        const bool isApp = current.data(AccountTreeModel::KindRole).toString() == QLatin1String("app");
        settings.setValue(kAccount, current.data(AccountTreeModel::AccountNameRole).toString());
        settings.setValue(kApp, isApp ? current.data(AccountTreeModel::AppIdRole).toString() : QString());
    }
}

} // namespace Slipway::Gui
