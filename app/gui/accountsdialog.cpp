#include "accountsdialog.h"

#include <gui/platform/appearance.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>
#include <credentials/accountstore.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

#include "ui_accountsdialog.h"

namespace Slipway::Gui {

namespace {

constexpr int kNameRole = Qt::UserRole;

// A PEM block pasted into a one-line password field loses its line breaks: rebuild it (header, base64 body in
// 64-column lines, footer) so the key parses. Text that is not PEM is returned as it is.
QByteArray normalizePem(const QString& text)
{
    static const QRegularExpression pemRe(
        QStringLiteral("(-----BEGIN [A-Z ]+-----)\\s*([A-Za-z0-9+/=\\s]+?)\\s*(-----END [A-Z ]+-----)"));
    const QRegularExpressionMatch m = pemRe.match(text);
    if (!m.hasMatch())
        return text.trimmed().toUtf8();
    QString body = m.captured(2);
    body.remove(QRegularExpression(QStringLiteral("\\s")));
    QString out = m.captured(1) + QLatin1Char('\n');
    for (qsizetype i = 0; i < body.size(); i += 64)
        out += body.mid(i, 64) + QLatin1Char('\n');
    out += m.captured(3) + QLatin1Char('\n');
    return out.toUtf8();
}

QString editorText(const QWidget* editor)
{
    if (auto* line = qobject_cast<const QLineEdit*>(editor))
        return line->text();
    if (auto* text = qobject_cast<const QPlainTextEdit*>(editor))
        return text->toPlainText();
    if (auto* check = qobject_cast<const QCheckBox*>(editor))
        return check->isChecked() ? QStringLiteral("true") : QString();
    if (auto* combo = qobject_cast<const QComboBox*>(editor))
        return combo->currentText();
    if (auto* spin = qobject_cast<const QSpinBox*>(editor))
        return QString::number(spin->value());
    if (editor) {
        // A composite editor (a path with its browse button): its line edit carries the value.
        if (auto* line = editor->findChild<QLineEdit*>())
            return line->text();
    }
    return {};
}

void setEditorText(QWidget* editor, const QString& value)
{
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setText(value);
    else if (auto* text = qobject_cast<QPlainTextEdit*>(editor))
        text->setPlainText(value);
    else if (auto* check = qobject_cast<QCheckBox*>(editor))
        check->setChecked(value == QLatin1String("true") || value == QLatin1String("1"));
    else if (auto* combo = qobject_cast<QComboBox*>(editor))
        combo->setCurrentText(value);
    else if (auto* spin = qobject_cast<QSpinBox*>(editor))
        spin->setValue(value.toInt());
    else if (editor) {
        if (auto* line = editor->findChild<QLineEdit*>())
            line->setText(value);
    }
}

bool messageBoxConfirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

} // namespace

AccountsDialog::AccountsDialog(Workspace* workspace, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AccountsDialog>())
    , m_workspace(workspace)
    , m_manager(new AccountManager(workspace, this))
    , m_confirm(&messageBoxConfirm)
{
    m_ui->setupUi(this);
    // New accounts default to the first network service; the Local library is always there already.
    int firstNetwork = -1;
    for (const ServiceInfo& s : ProviderRegistry::services()) {
        if (firstNetwork < 0 && s.id != ProviderRegistry::localAccount().service)
            firstNetwork = m_ui->serviceComboBox->count();
        m_ui->serviceComboBox->addItem(s.displayName, s.id);
    }
    if (firstNetwork >= 0)
        m_ui->serviceComboBox->setCurrentIndex(firstNetwork);

    connect(m_ui->accountListWidget, &QListWidget::currentItemChanged, this, &AccountsDialog::onSelectionChanged);
    connect(m_ui->serviceComboBox, &QComboBox::currentIndexChanged, this, &AccountsDialog::onServiceChanged);
    connect(m_ui->addButton, &QPushButton::clicked, this, [this] { startNewAccount(); });
    connect(m_ui->removeButton, &QPushButton::clicked, this, &AccountsDialog::removeSelected);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &AccountsDialog::save);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &AccountsDialog::testConnection);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    reloadList();
    if (m_ui->accountListWidget->count() == 0)
        startNewAccount();
}

AccountsDialog::~AccountsDialog() = default;

void AccountsDialog::setConfirmFunction(ConfirmFunction confirm)
{
    m_confirm = confirm ? std::move(confirm) : ConfirmFunction(&messageBoxConfirm);
}

QWidget* AccountsDialog::fieldEditor(const QString& key) const
{
    return m_editors.value(key);
}

QString AccountsDialog::statusText() const
{
    return m_ui->statusLabel->text();
}

QString AccountsDialog::currentServiceId() const
{
    return m_ui->serviceComboBox->currentData().toString();
}

void AccountsDialog::reloadList(const QString& select)
{
    const QSignalBlocker blocker(m_ui->accountListWidget);
    m_ui->accountListWidget->clear();
    for (const Account& a : m_workspace->accountStore().accounts()) {
        const ServiceInfo* s = ProviderRegistry::service(a.service);
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(a.name, s ? s->displayName : a.service));
        item->setData(kNameRole, a.name);
        m_ui->accountListWidget->addItem(item);
        if (a.name == select)
            m_ui->accountListWidget->setCurrentItem(item);
    }
    m_ui->removeButton->setEnabled(m_ui->accountListWidget->currentItem() != nullptr);
}

void AccountsDialog::startNewAccount(const QString& serviceId)
{
    m_editingName.clear();
    {
        const QSignalBlocker blocker(m_ui->accountListWidget);
        m_ui->accountListWidget->setCurrentItem(nullptr);
        m_ui->accountListWidget->clearSelection();
    }
    m_ui->removeButton->setEnabled(false);
    m_ui->serviceComboBox->setEnabled(true);
    if (!serviceId.isEmpty()) {
        const int i = m_ui->serviceComboBox->findData(serviceId);
        if (i >= 0) {
            const QSignalBlocker blocker(m_ui->serviceComboBox);
            m_ui->serviceComboBox->setCurrentIndex(i);
        }
    }
    m_ui->accountGroupBox->setTitle(tr("New account"));
    m_ui->nameLineEdit->clear();
    m_ui->baseUrlLineEdit->clear();
    if (const ServiceInfo* s = ProviderRegistry::service(currentServiceId()))
        buildFields(*s);
    m_ui->testConnectionButton->setEnabled(false);
    showStatus({}, false);
    m_ui->nameLineEdit->setFocus();
}

void AccountsDialog::selectAccount(const QString& name)
{
    for (int i = 0; i < m_ui->accountListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->accountListWidget->item(i);
        if (item->data(kNameRole).toString() == name) {
            m_ui->accountListWidget->setCurrentItem(item);
            return;
        }
    }
}

void AccountsDialog::onSelectionChanged()
{
    QListWidgetItem* item = m_ui->accountListWidget->currentItem();
    m_ui->removeButton->setEnabled(item != nullptr);
    if (!item)
        return;
    const std::optional<Account> account = m_workspace->accountStore().account(item->data(kNameRole).toString());
    if (account)
        showAccount(*account);
}

void AccountsDialog::onServiceChanged()
{
    if (isEditing())
        return;
    if (const ServiceInfo* s = ProviderRegistry::service(currentServiceId()))
        buildFields(*s);
}

void AccountsDialog::buildFields(const ServiceInfo& service)
{
    while (m_ui->fieldsLayout->rowCount() > 0)
        m_ui->fieldsLayout->removeRow(0);
    m_editors.clear();
    m_loadedSecrets.clear();

    m_ui->baseUrlLineEdit->setEnabled(service.id != QLatin1String("local") && service.hasBaseUrl);
    m_ui->baseUrlLineEdit->setPlaceholderText(service.defaultBaseUrl.isEmpty()
            ? tr("https://… (required: this service has no public default)")
            : service.defaultBaseUrl.toString());

    for (const FieldSpec& f : service.accountFields) {
        QWidget* editor = nullptr;
        QWidget* row = nullptr;
        switch (f.type) {
        case FieldSpec::Type::Secret: {
            auto* line = new QLineEdit(m_ui->fieldsWidget);
            line->setEchoMode(QLineEdit::Password);
            line->setPlaceholderText(tr("Kept only in the OS keychain"));
            editor = line;
            if (!f.fileFilter.isEmpty()) {
                // A key file is easier to load than to paste.
                row = new QWidget(m_ui->fieldsWidget);
                auto* layout = new QHBoxLayout(row);
                layout->setContentsMargins(0, 0, 0, 0);
                line->setParent(row);
                layout->addWidget(line);
                auto* load = new QToolButton(row);
                load->setObjectName(QStringLiteral("loadKeyButton"));
                // "Load .p8…" for "API keys (*.p8 *.pem)": the first pattern of the filter names the file.
                const QString pattern = f.fileFilter.section(QLatin1Char('('), 1).section(QLatin1Char(' '), 0, 0);
                load->setText(tr("Load %1…").arg(pattern.mid(pattern.indexOf(QLatin1Char('.')))));
                load->setToolTip(tr("Read the %1 from a file instead of pasting it").arg(f.label));
                layout->addWidget(load);
                connect(load, &QToolButton::clicked, this,
                    [this, line, key = f.key, label = f.label, filter = f.fileFilter] {
                        const QString file
                            = QFileDialog::getOpenFileName(this, label, {}, filter + tr(";;All files (*)"));
                        if (file.isEmpty())
                            return;
                        QFile in(file);
                        if (!in.open(QIODevice::ReadOnly) || in.size() > 64 * 1024) {
                            showStatus(tr("%1 could not be read.").arg(QFileInfo(file).fileName()), true);
                            return;
                        }
                        m_loadedSecrets.insert(key, in.readAll());
                        line->clear();
                        line->setPlaceholderText(tr("%1 loaded").arg(QFileInfo(file).fileName()));
                    });
                connect(line, &QLineEdit::textEdited, this, [this, key = f.key] { m_loadedSecrets.remove(key); });
            }
            break;
        }
        case FieldSpec::Type::Bool:
            editor = new QCheckBox(m_ui->fieldsWidget);
            break;
        case FieldSpec::Type::Choice: {
            auto* combo = new QComboBox(m_ui->fieldsWidget);
            combo->addItems(f.choices);
            editor = combo;
            break;
        }
        case FieldSpec::Type::MultiLine:
            editor = new QPlainTextEdit(m_ui->fieldsWidget);
            break;
        case FieldSpec::Type::Integer: {
            auto* spin = new QSpinBox(m_ui->fieldsWidget);
            spin->setRange(0, std::numeric_limits<int>::max());
            editor = spin;
            break;
        }
        case FieldSpec::Type::Path: {
            row = new QWidget(m_ui->fieldsWidget);
            auto* layout = new QHBoxLayout(row);
            layout->setContentsMargins(0, 0, 0, 0);
            auto* line = new QLineEdit(row);
            layout->addWidget(line);
            auto* browse = new QToolButton(row);
            browse->setText(tr("…"));
            layout->addWidget(browse);
            connect(browse, &QToolButton::clicked, this, [this, line] {
                const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a folder"), line->text());
                if (!dir.isEmpty())
                    line->setText(dir);
            });
            editor = line;
            break;
        }
        case FieldSpec::Type::Text:
        case FieldSpec::Type::Url:
            editor = new QLineEdit(m_ui->fieldsWidget);
            if (!f.defaultValue.isEmpty())
                static_cast<QLineEdit*>(editor)->setPlaceholderText(f.defaultValue);
            break;
        }
        editor->setObjectName(QStringLiteral("field_") + f.key);
        editor->setToolTip(f.help);
        m_editors.insert(f.key, editor);
        const QString label = f.required || f.type == FieldSpec::Type::Bool ? tr("%1:").arg(f.label)
                                                                            : tr("%1 (optional):").arg(f.label);
        m_ui->fieldsLayout->addRow(label, row ? row : editor);
    }
}

void AccountsDialog::showAccount(const Account& account)
{
    m_editingName = account.name;
    m_ui->accountGroupBox->setTitle(tr("Account “%1”").arg(account.name));
    {
        const QSignalBlocker blocker(m_ui->serviceComboBox);
        m_ui->serviceComboBox->setCurrentIndex(m_ui->serviceComboBox->findData(account.service));
    }
    m_ui->serviceComboBox->setEnabled(false); // an account keeps its service
    const ServiceInfo* service = ProviderRegistry::service(account.service);
    if (!service) {
        showStatus(tr("This account's service (%1) is unknown to this build.").arg(account.service), true);
        return;
    }
    buildFields(*service);
    m_ui->nameLineEdit->setText(account.name);
    m_ui->baseUrlLineEdit->setText(account.baseUrl.isEmpty() ? QString() : account.baseUrl.toString());
    for (const FieldSpec& f : service->plainFields())
        setEditorText(m_editors.value(f.key), account.field(f.key));
    // Secret fields stay empty: the stored value is never shown; the placeholder says whether one is stored.
    updateSecretPlaceholders(account.name);
    m_ui->testConnectionButton->setEnabled(true);
    showStatus({}, false);
}

void AccountsDialog::updateSecretPlaceholders(const QString& accountName)
{
    SecretPresenceJob* job = m_manager->secretPresence(accountName);
    connect(job, &Job::finished, this, [this, job, accountName] {
        job->deleteLater();
        if (accountName != m_editingName || !job->succeeded())
            return;
        for (const SecretPresence& p : job->result()) {
            auto* line = qobject_cast<QLineEdit*>(m_editors.value(p.field));
            if (!line)
                continue;
            if (p.error.isError())
                line->setPlaceholderText(tr("Unknown: %1").arg(p.error.message));
            else if (!p.present)
                line->setPlaceholderText(tr("Not stored: enter it"));
            else if (p.thisRunOnly)
                line->setPlaceholderText(tr("Kept for this run only: leave empty to keep"));
            else
                line->setPlaceholderText(tr("Stored in the keychain: leave empty to keep"));
        }
    });
}

Account AccountsDialog::accountFromForm() const
{
    Account a;
    a.name = m_ui->nameLineEdit->text().trimmed();
    a.service = currentServiceId();
    const QString base = m_ui->baseUrlLineEdit->text().trimmed();
    if (!base.isEmpty())
        a.baseUrl = QUrl(base, QUrl::StrictMode);
    const ServiceInfo* service = ProviderRegistry::service(a.service);
    if (!service)
        return a;
    for (const FieldSpec& f : service->plainFields()) {
        const QString value = editorText(m_editors.value(f.key)).trimmed();
        if (!value.isEmpty())
            a.fields.insert(f.key, value);
    }
    return a;
}

AccountManager::Secrets AccountsDialog::secretsFromForm() const
{
    AccountManager::Secrets secrets;
    const ServiceInfo* service = ProviderRegistry::service(currentServiceId());
    if (!service)
        return secrets;
    for (const FieldSpec& f : service->secretFields()) {
        if (m_loadedSecrets.contains(f.key)) {
            secrets.insert(f.key, m_loadedSecrets.value(f.key));
            continue;
        }
        const QString text = editorText(m_editors.value(f.key));
        if (text.isEmpty())
            continue; // on edit: keep the stored secret
        secrets.insert(f.key, f.pem ? normalizePem(text) : text.toUtf8());
    }
    return secrets;
}

void AccountsDialog::save()
{
    runSave(accountFromForm(), secretsFromForm(), AccountManager::SecretStorage::Keychain);
}

void AccountsDialog::runSave(
    const Account& account, const AccountManager::Secrets& secrets, AccountManager::SecretStorage storage)
{
    const bool editing = isEditing();
    AccountJob* job = editing ? m_manager->edit(m_editingName, account, secrets, storage)
                              : m_manager->add(account, secrets, storage);
    m_pendingJob = job;
    setBusy(true);
    showStatus(tr("Saving…"), false);
    connect(job, &Job::finished, this, [this, job, account, secrets, storage] {
        job->deleteLater();
        setBusy(false);
        if (job->succeeded()) {
            const QString name = job->result().name;
            reloadList(name);
            if (const std::optional<Account> saved = m_workspace->accountStore().account(name))
                showAccount(*saved);
            showStatus(storage == AccountManager::SecretStorage::ThisRunOnly
                    ? tr("Saved. The secret is kept in memory for this run only: enter it again the next time "
                         "Slipway starts.")
                    : tr("Saved."),
                false);
            Q_EMIT accountSaved(name);
            return;
        }
        const Error error = job->error();
        if (error.kind == Error::Kind::Keychain && storage == AccountManager::SecretStorage::Keychain) {
            const bool keep = m_confirm(this, tr("Keyring unavailable"),
                tr("%1\n\nKeep the secret in memory for this run only? Nothing is written to disk; you will need to "
                   "enter it again the next time Slipway starts.")
                    .arg(error.message),
                tr("Keep for this run only"));
            if (keep) {
                runSave(account, secrets, AccountManager::SecretStorage::ThisRunOnly);
                return;
            }
        }
        showStatus(error.message, true);
        Q_EMIT saveFailed(error.message);
    });
}

void AccountsDialog::removeSelected()
{
    QListWidgetItem* item = m_ui->accountListWidget->currentItem();
    if (!item)
        return;
    const QString name = item->data(kNameRole).toString();
    if (!m_confirm(this, tr("Remove account"),
            tr("Remove the account “%1” and its secrets from the keychain?").arg(name), tr("Remove")))
        return;
    ValueJob<Ok>* job = m_manager->remove(name);
    m_pendingJob = job;
    setBusy(true);
    connect(job, &Job::finished, this, [this, job, name] {
        job->deleteLater();
        setBusy(false);
        if (!job->succeeded()) {
            showStatus(job->error().message, true);
            return;
        }
        reloadList();
        startNewAccount();
        showStatus(tr("Removed “%1” and its keychain entries.").arg(name), false);
        Q_EMIT accountRemoved(name);
    });
}

void AccountsDialog::testConnection()
{
    if (!isEditing()) {
        const QString message = tr("Save the account first, then test its connection.");
        showStatus(message, true);
        Q_EMIT connectionTested(false, message);
        return;
    }
    const QString name = m_editingName;
    Result<Provider*> provider = m_workspace->provider(name);
    if (!provider) {
        QString message = provider.error().message;
        if (provider.error().kind == Error::Kind::Unsupported) {
            const std::optional<Account> account = m_workspace->accountStore().account(name);
            const ServiceInfo* s = account ? ProviderRegistry::service(account->service) : nullptr;
            message = tr("Slipway cannot connect to %1 yet: this build has no provider for that service, so the "
                         "connection cannot be tested.")
                          .arg(s ? s->displayName : name);
        }
        showStatus(message, true);
        Q_EMIT connectionTested(false, message);
        return;
    }
    AppsJob* job = provider.value()->fetchApps();
    m_pendingJob = job;
    setBusy(true);
    showStatus(tr("Connecting…"), false);
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        setBusy(false);
        if (job->succeeded()) {
            const QString message = tr("Connection works: %n app(s) found.", nullptr, int(job->result().size()));
            showStatus(message, false);
            Q_EMIT connectionTested(true, message);
        } else {
            const QString message = tr("Connection failed: %1").arg(job->error().toString());
            showStatus(message, true);
            Q_EMIT connectionTested(false, message);
        }
    });
}

void AccountsDialog::showStatus(const QString& text, bool error)
{
    m_ui->statusLabel->setText(text);
    // The error colour follows the palette, so it stays readable under a dark appearance.
    QPalette pal = palette();
    if (error)
        pal.setColor(QPalette::WindowText, Appearance::errorTextColor(pal));
    m_ui->statusLabel->setPalette(pal);
}

void AccountsDialog::setBusy(bool busy)
{
    m_ui->saveButton->setEnabled(!busy);
    m_ui->testConnectionButton->setEnabled(!busy && isEditing());
    m_ui->removeButton->setEnabled(!busy && m_ui->accountListWidget->currentItem());
    m_ui->addButton->setEnabled(!busy);
}

} // namespace Slipway::Gui
