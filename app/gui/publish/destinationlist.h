#pragma once

#include <QHash>
#include <QList>
#include <QPointer>
#include <QVariantMap>
#include <QWidget>
#include <domain/types.h>

class QComboBox;
class QGroupBox;
class QLabel;

namespace Slipway {
struct Account;
class Provider;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

// Where a release goes, as the user chose it: an account, the app there and that service's publish fields.
struct DestinationChoice
{
    QString account;
    QString appId;
    QVariantMap options; // FieldSpec keys of the service's publishFields()
};

// The Publish dialog's destinations: every connected account, each a checkable box with the app matched by the
// package id (a new app where the service creates apps; a choice the user must make when several apps match) and
// the service's own publish fields. Accounts that cannot publish are shown disabled, with the reason.
class DestinationList : public QWidget
{
    Q_OBJECT

public:
    explicit DestinationList(Workspace* workspace, QWidget* parent = nullptr);
    ~DestinationList() override;

    // The package the apps are matched against; looks up every account's apps again.
    void setPackage(const QString& packageId);
    // Checks exactly the accounts of `choices` and presets their app and field values (remembered choices, a
    // release edited again). Unknown accounts are ignored.
    void setChoices(const QList<DestinationChoice>& choices);
    // The checked destinations, in the list's order.
    QList<DestinationChoice> choices() const;
    // Every account offered, in the list's order.
    QStringList accounts() const;
    bool canPublish(const QString& account) const;
    // Why the checked destinations cannot be published yet (no destination, an app to choose, a required
    // field, apps still being looked up); empty when they can.
    QString problem() const;
    // The app's versions can be listed (the account's apps are known and the app exists there).
    bool hasExistingApp(const QString& account) const;
    // The checkbox of one account (tests, keyboard users).
    QGroupBox* box(const QString& account) const;
    QComboBox* appComboBox(const QString& account) const;
    QWidget* fieldEditor(const QString& account, const QString& key) const;

Q_SIGNALS:
    // A destination was checked or unchecked, its app or a field changed, or an account's apps arrived.
    void changed();

private:
    struct Row
    {
        QString account;
        QPointer<Provider> provider;
        QGroupBox* box = nullptr;
        QWidget* body = nullptr;
        QComboBox* app = nullptr;
        QLabel* status = nullptr;
        QHash<QString, QWidget*> fields;
        QList<AppInfo> apps;
        bool appsKnown = false; // the lookup finished (successfully or not)
        bool lookupFailed = false;
        QString presetApp; // chosen before the apps were known
        QPointer<QObject> job; // the running lookup
    };

    void addRow(const Account& account);
    void lookUpApps(int index);
    void fillApps(Row& row);
    QString appIdOf(const Row& row) const;
    QVariantMap optionsOf(const Row& row) const;
    void setOptions(Row& row, const QVariantMap& options);
    const Row* row(const QString& account) const;

    Workspace* m_workspace;
    QString m_packageId;
    QList<Row> m_rows;
};

} // namespace Slipway::Gui
