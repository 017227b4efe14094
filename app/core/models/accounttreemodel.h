#pragma once

#include <QAbstractItemModel>
#include <QPointer>
#include <common/error.h>
#include <domain/types.h>

namespace Slipway {

class Provider;
class Workspace;

// Accounts (top level, the Local library first) and their apps (children). Loading is asynchronous: each
// account fetches its apps through its provider; a failure is kept on the account row (ErrorRole) and
// announced with loadFailed().
class AccountTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role
    {
        KindRole = Qt::UserRole + 1, // "account" or "app"
        AccountNameRole,
        ServiceRole,
        AppIdRole,
        PackageIdRole,
        PlatformRole,
        VersionCountRole,
        LoadingRole, // bool, on account rows
        ErrorRole, // QString, on account rows whose apps failed to load
    };

    explicit AccountTreeModel(Workspace* workspace, QObject* parent = nullptr);
    ~AccountTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Re-reads the account list and every account's apps.
    void reload();
    // Re-fetches the apps of one account.
    void reloadAccount(const QString& accountName);

    QModelIndex accountIndex(const QString& accountName) const;
    QModelIndex appIndex(const QString& accountName, const QString& appId) const;
    Provider* providerAt(const QModelIndex& index) const;
    AppInfo appAt(const QModelIndex& index) const;
    bool isLoading() const;

Q_SIGNALS:
    void loadFailed(const QString& accountName, const Slipway::Error& error);
    void accountLoaded(const QString& accountName);

private:
    struct AccountNode
    {
        QString name;
        QString service;
        QString displayName;
        QList<AppInfo> apps;
        bool loading = false;
        Error error;
        QPointer<QObject> job;
    };
    void fetch(int row);
    void watch(const QString& accountName, Provider* provider);
    void mergeApps(int row, const QList<AppInfo>& apps);

    Workspace* m_workspace;
    QList<AccountNode> m_accounts;
    QHash<QString, QPointer<Provider>> m_watched; // whose changed() reloads the account's apps
};

} // namespace Slipway
