#include "accounttreemodel.h"

#include <QSet>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

namespace Slipway {

// Internal ids: 0 for account rows; account row + 1 for app rows (so an app's parent is its account).

AccountTreeModel::AccountTreeModel(Workspace* workspace, QObject* parent)
    : QAbstractItemModel(parent)
    , m_workspace(workspace)
{ }

AccountTreeModel::~AccountTreeModel() = default;

QModelIndex AccountTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_accounts.size() ? createIndex(row, 0, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= m_accounts.size())
        return {};
    if (row >= m_accounts.at(parent.row()).childCount())
        return {};
    return createIndex(row, 0, quintptr(parent.row() + 1));
}

QModelIndex AccountTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int AccountTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_accounts.size();
    if (parent.column() != 0 || parent.internalId() != 0 || parent.row() >= m_accounts.size())
        return 0;
    return m_accounts.at(parent.row()).childCount();
}

int AccountTreeModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant AccountTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const AccountNode& a = m_accounts.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            return a.displayName;
        case Qt::ToolTipRole:
            if (a.error.isError())
                return tr("%1: %2").arg(a.displayName, a.error.toString());
            return a.loading ? tr("%1: loading…").arg(a.displayName) : tr("%1 (%2)").arg(a.displayName, a.service);
        case KindRole:
            return QStringLiteral("account");
        case AccountNameRole:
            return a.name;
        case ServiceRole:
            return a.service;
        case LoadingRole:
            return a.loading;
        case ErrorRole:
            return a.error.isError() ? a.error.toString() : QString();
        case CanRetryRole:
            return !needsEdit(a.error);
        default:
            return {};
        }
    }
    const AccountNode& a = m_accounts.at(int(index.internalId() - 1));
    if (a.placeholder)
        return placeholderData(a, role);
    const AppInfo& app = a.apps.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return app.name.isEmpty() ? app.id : app.name;
    case Qt::ToolTipRole:
        return app.packageId.isEmpty() || app.packageId == app.name ? app.id
                                                                    : tr("%1\n%2").arg(app.name, app.packageId);
    case KindRole:
        return QStringLiteral("app");
    case AccountNameRole:
        return a.name;
    case ServiceRole:
        return a.service;
    case AppIdRole:
        return app.id;
    case PackageIdRole:
        return app.packageId;
    case PlatformRole:
        return app.platform;
    case VersionCountRole:
        return app.versionCount;
    case IconPngRole:
        return QByteArray::fromBase64(app.extra.value(QStringLiteral("iconPngBase64")).toString().toLatin1());
    case IconUrlRole:
        return app.iconUrl;
    case PlatformMarkerRole:
        return platformMarker(app.platform, a.service);
    case SearchTextRole:
        return QStringList {app.name, app.id, app.packageId}.join(QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant AccountTreeModel::placeholderData(const AccountNode& a, int role) const
{
    const bool canRetry = !needsEdit(a.error);
    switch (role) {
    case Qt::DisplayRole:
        // The Local library is not an account to edit (its folder comes from the settings).
        if (a.name == QLatin1String("local"))
            return tr("Could not list apps — Retry");
        return canRetry ? tr("Could not list apps — Retry · Edit account") : tr("Could not list apps — Edit account");
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
    case ErrorRole:
        return a.error.toString();
    case KindRole:
        return QStringLiteral("placeholder");
    case AccountNameRole:
        return a.name;
    case ServiceRole:
        return a.service;
    case CanRetryRole:
        return canRetry;
    default:
        return {};
    }
}

bool AccountTreeModel::needsEdit(const Error& error)
{
    return error.isError() && error.field.startsWith(QLatin1String("account:"));
}

QString AccountTreeModel::platformMarker(const QString& platform, const QString& service)
{
    if (service == QLatin1String("managexr"))
        return QStringLiteral("XR"); // ManageXR deploys to XR headsets (its apps are Android builds for them)
    const QString p = platform.toLower().remove(QLatin1Char('_')).remove(QLatin1Char(' '));
    static const QList<QPair<QStringList, QString>> names {
        {{QStringLiteral("android")}, QStringLiteral("Android")},
        {{QStringLiteral("ios"), QStringLiteral("iphoneos"), QStringLiteral("ipados")}, QStringLiteral("iOS")},
        {{QStringLiteral("macos"), QStringLiteral("osx"), QStringLiteral("macosx")}, QStringLiteral("macOS")},
        {{QStringLiteral("tvos"), QStringLiteral("appletvos")}, QStringLiteral("tvOS")},
        {{QStringLiteral("visionos"), QStringLiteral("xros")}, QStringLiteral("visionOS")},
        {{QStringLiteral("xr"), QStringLiteral("quest"), QStringLiteral("oculus")}, QStringLiteral("XR")},
        {{QStringLiteral("windows"), QStringLiteral("uwp")}, QStringLiteral("Windows")},
    };
    for (const auto& [keys, name] : names) {
        if (keys.contains(p))
            return name;
    }
    return {};
}

QHash<int, QByteArray> AccountTreeModel::roleNames() const
{
    auto names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(AccountNameRole, "accountName");
    names.insert(AppIdRole, "appId");
    return names;
}

void AccountTreeModel::reload()
{
    beginResetModel();
    for (AccountNode& a : m_accounts) {
        if (a.job)
            a.job->deleteLater();
    }
    m_accounts.clear();
    for (const Account& account : m_workspace->accounts()) {
        AccountNode node;
        node.name = account.name;
        node.service = account.service;
        const ServiceInfo* service = ProviderRegistry::service(account.service);
        node.displayName = account.name == QLatin1String("local")
            ? tr("Local library")
            : QStringLiteral("%1 (%2)").arg(account.name, service ? service->displayName : account.service);
        m_accounts.append(node);
    }
    endResetModel();
    for (int row = 0; row < m_accounts.size(); ++row)
        fetch(row);
}

void AccountTreeModel::reloadAccount(const QString& accountName)
{
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).name == accountName)
            fetch(row);
    }
}

void AccountTreeModel::fetch(int row)
{
    AccountNode& node = m_accounts[row];
    if (node.job)
        node.job->deleteLater();
    const QModelIndex idx = index(row, 0);
    auto provider = m_workspace->provider(node.name);
    if (!provider) {
        node.loading = false;
        showFailure(row, provider.error());
        return;
    }
    if (node.placeholder)
        clearChildren(row);
    node.loading = true;
    node.error = Error();
    Q_EMIT dataChanged(idx, idx);
    watch(node.name, provider.value());
    AppsJob* job = provider.value()->fetchApps();
    node.job = job;
    const QString name = node.name;
    connect(job, &Job::finished, this, [this, job, name] {
        job->deleteLater();
        int r = -1;
        for (int i = 0; i < m_accounts.size(); ++i) {
            if (m_accounts.at(i).name == name && m_accounts.at(i).job == job)
                r = i;
        }
        if (r < 0)
            return; // reloaded meanwhile
        AccountNode& n = m_accounts[r];
        n.loading = false;
        n.job = nullptr;
        const QModelIndex parentIdx = index(r, 0);
        if (!job->succeeded()) {
            showFailure(r, job->error());
            return;
        }
        if (n.placeholder)
            clearChildren(r);
        mergeApps(r, job->result());
        Q_EMIT dataChanged(parentIdx, parentIdx);
        Q_EMIT accountLoaded(name);
    });
}

void AccountTreeModel::clearChildren(int row)
{
    AccountNode& n = m_accounts[row];
    if (n.childCount() == 0)
        return;
    beginRemoveRows(index(row, 0), 0, n.childCount() - 1);
    n.apps.clear();
    n.placeholder = false;
    endRemoveRows();
}

void AccountTreeModel::showFailure(int row, const Error& error)
{
    clearChildren(row);
    AccountNode& n = m_accounts[row];
    const QModelIndex parentIdx = index(row, 0);
    n.error = error;
    beginInsertRows(parentIdx, 0, 0);
    n.placeholder = true;
    endInsertRows();
    Q_EMIT dataChanged(parentIdx, parentIdx);
    Q_EMIT loadFailed(n.name, n.error);
}

void AccountTreeModel::watch(const QString& accountName, Provider* provider)
{
    // Another process changed the account (a colleague published to the team library: LISTEN/NOTIFY): its apps
    // are read again, so a new app appears in every open window.
    if (m_watched.value(accountName) == provider)
        return;
    m_watched.insert(accountName, provider);
    connect(provider, &Provider::changed, this, [this, accountName] { reloadAccount(accountName); });
}

void AccountTreeModel::mergeApps(int row, const QList<AppInfo>& apps)
{
    // Row by row where the known apps keep their order (a reload after a change): the current app stays selected.
    AccountNode& n = m_accounts[row];
    const QModelIndex parentIdx = index(row, 0);
    QSet<QString> ids;
    for (const AppInfo& app : apps)
        ids.insert(app.id);
    for (int i = int(n.apps.size()) - 1; i >= 0; --i) {
        if (!ids.contains(n.apps.at(i).id)) {
            beginRemoveRows(parentIdx, i, i);
            n.apps.removeAt(i);
            endRemoveRows();
        }
    }
    QSet<QString> kept;
    for (const AppInfo& app : std::as_const(n.apps))
        kept.insert(app.id);
    int at = 0;
    for (const AppInfo& app : apps) {
        if (at < n.apps.size() && n.apps.at(at).id == app.id) {
            n.apps[at] = app;
            Q_EMIT dataChanged(index(at, 0, parentIdx), index(at, columnCount(parentIdx) - 1, parentIdx));
        } else if (!kept.contains(app.id)) {
            beginInsertRows(parentIdx, at, at);
            n.apps.insert(at, app);
            endInsertRows();
        } else { // the order changed (an app was renamed): all again
            beginRemoveRows(parentIdx, 0, int(n.apps.size()) - 1);
            n.apps.clear();
            endRemoveRows();
            beginInsertRows(parentIdx, 0, int(apps.size()) - 1);
            n.apps = apps;
            endInsertRows();
            return;
        }
        ++at;
    }
}

QModelIndex AccountTreeModel::accountIndex(const QString& accountName) const
{
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).name == accountName)
            return index(row, 0);
    }
    return {};
}

QModelIndex AccountTreeModel::appIndex(const QString& accountName, const QString& appId) const
{
    const QModelIndex parentIdx = accountIndex(accountName);
    if (!parentIdx.isValid())
        return {};
    if (m_accounts.at(parentIdx.row()).placeholder)
        return {};
    const auto& apps = m_accounts.at(parentIdx.row()).apps;
    for (int row = 0; row < apps.size(); ++row) {
        if (apps.at(row).id == appId)
            return index(row, 0, parentIdx);
    }
    return {};
}

Provider* AccountTreeModel::providerAt(const QModelIndex& index) const
{
    if (!index.isValid())
        return nullptr;
    auto provider = m_workspace->provider(index.data(AccountNameRole).toString());
    return provider ? provider.value() : nullptr;
}

AppInfo AccountTreeModel::appAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == 0 || m_accounts.at(int(index.internalId() - 1)).placeholder)
        return {};
    return m_accounts.at(int(index.internalId() - 1)).apps.value(index.row());
}

bool AccountTreeModel::isLoading() const
{
    return std::any_of(m_accounts.begin(), m_accounts.end(), [](const AccountNode& a) { return a.loading; });
}

} // namespace Slipway
