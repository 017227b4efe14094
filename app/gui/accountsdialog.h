#pragma once

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <domain/account.h>
#include <functional>
#include <memory>
#include <session/accountmanager.h>

namespace Ui {
class AccountsDialog;
}

namespace Slipway {
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

// Add, edit and remove accounts. The form of each service is built from its ServiceInfo::accountFields;
// secret fields are password fields that are never filled with the stored value (left empty on edit, they
// keep it). Saving goes through AccountManager (keychain first, then settings); when the keychain is missing or
// locked the dialog says why and offers to keep the secret for this run only. "Test connection" lists the
// account's apps through its provider and reports the count or the server's own error.
class AccountsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AccountsDialog(Workspace* workspace, QWidget* parent = nullptr);
    ~AccountsDialog() override;

    // Asks the user a yes/no question (keep the secret for this run only? remove the account?); true = accept.
    // The default shows a message box; tests and the main window (UserPrompts::confirm) install their own.
    using ConfirmFunction
        = std::function<bool(QWidget* parent, const QString& title, const QString& text, const QString& acceptText)>;
    void setConfirmFunction(ConfirmFunction confirm);

    // Starts a new account of `serviceId` in the form (the Add button does this with the selected service).
    void startNewAccount(const QString& serviceId = {});
    // Shows an existing account in the form for editing.
    void selectAccount(const QString& name);
    // The editor of one field ("key-id", "key-secret", ...), for tests; nullptr when the service has none.
    QWidget* fieldEditor(const QString& key) const;
    QString statusText() const;
    bool isEditing() const { return !m_editingName.isEmpty(); }

public Q_SLOTS:
    void save();
    void removeSelected();
    void testConnection();

Q_SIGNALS:
    void accountSaved(const QString& name);
    void accountRemoved(const QString& name);
    void saveFailed(const QString& message);
    // ok: the provider listed its apps; message: what the dialog shows.
    void connectionTested(bool ok, const QString& message);

private:
    void reloadList(const QString& select = {});
    void onSelectionChanged();
    void onServiceChanged();
    void buildFields(const ServiceInfo& service);
    void showAccount(const Account& account);
    void showStatus(const QString& text, bool error);
    void setBusy(bool busy);
    void updateSecretPlaceholders(const QString& accountName);
    Account accountFromForm() const;
    AccountManager::Secrets secretsFromForm() const;
    void runSave(const Account& account, const AccountManager::Secrets& secrets, AccountManager::SecretStorage storage);
    QString currentServiceId() const;

    std::unique_ptr<Ui::AccountsDialog> m_ui;
    Workspace* m_workspace;
    AccountManager* m_manager;
    ConfirmFunction m_confirm;
    QString m_editingName; // empty: adding a new account
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QByteArray> m_loadedSecrets; // secrets read from a file (.p8) by "Load…", by field key
    QPointer<QObject> m_pendingJob;
};

} // namespace Slipway::Gui
