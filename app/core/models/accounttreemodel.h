#pragma once

#include <QAbstractItemModel>
#include <QPointer>
#include <common/error.h>
#include <domain/types.h>

namespace Slipway {

class Provider;
class Workspace;

// Accounts (top level, the Local library first) and their apps (children). Loading is asynchronous: each
// account fetches its apps through its provider; a failure is kept on the account row (ErrorRole), announced with
// loadFailed(), and shown as the account's only child: a placeholder row (KindRole "placeholder") that says the
// apps could not be listed and what helps — Retry, or only Edit account when the account itself is what is wrong
// (a secret missing from the keychain, a bad key: the error names an account field, see CanRetryRole).
class AccountTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role
    {
        KindRole = Qt::UserRole + 1, // "account", "app" or "placeholder"
        AccountNameRole,
        ServiceRole,
        AppIdRole,
        PackageIdRole,
        PlatformRole,
        VersionCountRole,
        LoadingRole, // bool, on account rows
        ErrorRole, // QString, on account and placeholder rows whose apps failed to load
        CanRetryRole, // bool, on account and placeholder rows: false when only editing the account can help
        // App rows (issue 13); the window's filter proxy turns these into the icon, the marker and the matching.
        IconPngRole, // QByteArray: the icon the service or the Local library stored with the app, or empty
        IconUrlRole, // QString: where the service says the icon is (fetched and cached by the window)
        PlatformMarkerRole, // QString: "Android", "iOS", "macOS", "tvOS", "visionOS", "XR", "Windows" or empty
        SearchTextRole, // QString: name, app id and package/bundle id, one per line (what the app filter matches)
    };

    // The short platform name shown next to an app: "XR" for ManageXR (its apps run on XR headsets), else from
    // AppInfo::platform; empty when unknown.
    static QString platformMarker(const QString& platform, const QString& service);

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
    // True when listing the account's apps failed for a reason that retrying cannot fix: the error is about one of
    // the account's own fields (Error::field "account:..."), e.g. its secret is not in the keychain.
    static bool needsEdit(const Error& error);

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
        bool placeholder = false; // the only child is the "could not list apps" row
        Error error;
        QPointer<QObject> job;
        int childCount() const { return placeholder ? 1 : int(apps.size()); }
    };
    void fetch(int row);
    void clearChildren(int row);
    void showFailure(int row, const Error& error);
    QVariant placeholderData(const AccountNode& account, int role) const;
    void watch(const QString& accountName, Provider* provider);
    void mergeApps(int row, const QList<AppInfo>& apps);

    Workspace* m_workspace;
    QList<AccountNode> m_accounts;
    QHash<QString, QPointer<Provider>> m_watched; // whose changed() reloads the account's apps
};

} // namespace Slipway
