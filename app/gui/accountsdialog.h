#pragma once

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <common/job.h>
#include <domain/account.h>
#include <functional>
#include <memory>
#include <session/accountmanager.h>

namespace Ui {
class AccountsDialog;
}

class QTimer;

namespace Slipway {
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

// Add, edit and remove accounts. The form of each service is built from its ServiceInfo::accountFields;
// secret fields are password fields that are never filled with the stored value (left empty on edit, they
// keep it). Saving goes through AccountManager (keychain first, then settings); when the keychain is missing or
// locked the dialog says why and offers to keep the secret for this run only. "Test connection" lists the
// account's apps through its provider (asynchronously, with Cancel and a timeout) and reports the count or the
// server's own error.
//
// Fields are checked as they are typed (accountfieldcheck.h); a field with a wrong value, or a required secret that
// is neither typed nor stored, is highlighted and named in the status line, and Save refuses until it is fixed. The
// Local library is the list's first, read-only row (its folder, with Open Folder). Each account has a Production
// flag (Account::isProduction, for preflight), defaulting to its service's choice.
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
    // What is wrong with a field ("base-url" or a FieldSpec key), as shown; empty when it is fine.
    QString fieldProblem(const QString& key) const { return m_problems.value(key); }
    bool isTestingConnection() const { return m_testJob != nullptr; }

    // How long "Test connection" waits for the service before it gives up.
    static constexpr int kTestConnectionTimeoutMs = 15000;
    void setTestConnectionTimeout(int milliseconds) { m_testTimeoutMs = milliseconds; }

public Q_SLOTS:
    void save();
    void removeSelected();
    void testConnection();
    void cancelConnectionTest();

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
    void showLocalLibrary();
    void setFormEditable(bool editable);
    void updateTabOrder();
    void checkField(const QString& key);
    void setProblem(const QString& key, const QString& problem);
    bool refuseInvalidForm(); // true: a field is wrong, the save is refused and the field named
    void finishConnectionTest(bool ok, const QString& message);
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
    QHash<QString, QString> m_problems; // by field key: what is wrong with it
    QSet<QString> m_secretsNotStored; // secret fields the keychain has no value for (the account being edited)
    bool m_showingLocal = false;
    QWidget* m_localPanel = nullptr;
    QPointer<Job> m_testJob;
    QTimer* m_testTimer;
    int m_testTimeoutMs = kTestConnectionTimeoutMs;
    bool m_testTimedOut = false;
};

} // namespace Slipway::Gui
