#include "accountsdialog.h"

#include "accountfieldcheck.h"

#include <gui/platform/appearance.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
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
#include <QTimer>
#include <QToolButton>
#include <credentials/accountstore.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

#include "ui_accountsdialog.h"

namespace Slipway::Gui {

namespace {

constexpr int kNameRole = Qt::UserRole;
const QString kLocalName = QStringLiteral("local");
const QString kBaseUrlKey = QString::fromLatin1(AccountFieldCheck::kBaseUrl);

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
    , m_testTimer(new QTimer(this))
{
    m_ui->setupUi(this);
    // The Local library's row shows its folder instead of a form.
    m_localPanel = new QWidget(m_ui->accountGroupBox);
    m_localPanel->setObjectName(QStringLiteral("localLibraryPanel"));
    auto* localLayout = new QHBoxLayout(m_localPanel);
    localLayout->setContentsMargins(0, 0, 0, 0);
    auto* localPath = new QLabel(m_localPanel);
    localPath->setObjectName(QStringLiteral("localLibraryPathLabel"));
    localPath->setWordWrap(true);
    localPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    localLayout->addWidget(localPath, 1);
    auto* openFolder = new QPushButton(tr("&Open Folder"), m_localPanel);
    openFolder->setObjectName(QStringLiteral("openLibraryFolderButton"));
    openFolder->setToolTip(tr("Show the Local library's folder in the file manager"));
    localLayout->addWidget(openFolder);
    connect(openFolder, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_workspace->libraryPath())); });
    m_ui->accountLayout->insertWidget(m_ui->accountLayout->indexOf(m_ui->statusLabel), m_localPanel);
    m_localPanel->hide();

    m_testTimer->setSingleShot(true);
    connect(m_testTimer, &QTimer::timeout, this, [this] {
        m_testTimedOut = true;
        cancelConnectionTest();
    });
    connect(m_ui->cancelTestButton, &QPushButton::clicked, this, &AccountsDialog::cancelConnectionTest);
    m_ui->cancelTestButton->setToolTip(tr("Stop waiting for the service"));
    connect(m_ui->baseUrlLineEdit, &QLineEdit::textChanged, this, [this] { checkField(kBaseUrlKey); });
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
    startNewAccount(); // the form is ready for a new account until one is picked from the list
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
    // The Local library is always there: listed first, read-only.
    auto* local
        = new QListWidgetItem(tr("Local library — %1").arg(QDir::toNativeSeparators(m_workspace->libraryPath())));
    local->setData(kNameRole, kLocalName);
    local->setToolTip(tr("Packages kept on this computer; always available, nothing to set up."));
    m_ui->accountListWidget->addItem(local);
    if (select == kLocalName)
        m_ui->accountListWidget->setCurrentItem(local);
    for (const Account& a : m_workspace->accountStore().accounts()) {
        if (a.name == kLocalName)
            continue;
        const ServiceInfo* s = ProviderRegistry::service(a.service);
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(a.name, s ? s->displayName : a.service));
        item->setData(kNameRole, a.name);
        m_ui->accountListWidget->addItem(item);
        if (a.name == select)
            m_ui->accountListWidget->setCurrentItem(item);
    }
    m_ui->removeButton->setEnabled(m_ui->accountListWidget->currentItem() != nullptr && !m_showingLocal);
}

void AccountsDialog::startNewAccount(const QString& serviceId)
{
    m_editingName.clear();
    setFormEditable(true);
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
    m_secretsNotStored.clear();
    if (const ServiceInfo* s = ProviderRegistry::service(currentServiceId())) {
        buildFields(*s);
        m_ui->productionCheckBox->setChecked(s->limits.productionByDefault);
    }
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
    if (item->data(kNameRole).toString() == kLocalName) {
        showLocalLibrary();
        return;
    }
    const std::optional<Account> account = m_workspace->accountStore().account(item->data(kNameRole).toString());
    if (account)
        showAccount(*account);
}

void AccountsDialog::onServiceChanged()
{
    if (isEditing())
        return;
    if (const ServiceInfo* s = ProviderRegistry::service(currentServiceId())) {
        buildFields(*s);
        m_ui->productionCheckBox->setChecked(s->limits.productionByDefault);
    }
}

void AccountsDialog::buildFields(const ServiceInfo& service)
{
    while (m_ui->fieldsLayout->rowCount() > 0)
        m_ui->fieldsLayout->removeRow(0);
    m_editors.clear();
    m_loadedSecrets.clear();
    m_problems.clear();
    m_ui->nameLineEdit->setPlaceholderText(
        service.nameHint.isEmpty() ? tr("e.g. my-account") : tr("e.g. %1").arg(service.nameHint));

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
                        checkField(key);
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
        case FieldSpec::Type::MultiLine: {
            auto* text = new QPlainTextEdit(m_ui->fieldsWidget);
            text->setTabChangesFocus(true); // Tab goes on to the next field
            editor = text;
            break;
        }
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
            browse->setAccessibleName(tr("Choose a folder for %1").arg(f.label));
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
        if (auto* line = qobject_cast<QLineEdit*>(editor))
            connect(line, &QLineEdit::textChanged, this, [this, key = f.key] { checkField(key); });
        else if (auto* text = qobject_cast<QPlainTextEdit*>(editor))
            connect(text, &QPlainTextEdit::textChanged, this, [this, key = f.key] { checkField(key); });
        const QString label = f.required || f.type == FieldSpec::Type::Bool ? tr("%1:").arg(f.label)
                                                                            : tr("%1 (optional):").arg(f.label);
        m_ui->fieldsLayout->addRow(label, row ? row : editor);
    }
    checkField(kBaseUrlKey);
    updateTabOrder();
}

void AccountsDialog::updateTabOrder()
{
    // Fields made at run time join the end of the focus chain (after Close): put them back between the account's
    // common fields and its buttons, in the order they are shown.
    QList<QWidget*> chain {m_ui->accountListWidget, m_ui->addButton, m_ui->removeButton, m_ui->serviceComboBox,
        m_ui->nameLineEdit, m_ui->baseUrlLineEdit, m_ui->productionCheckBox};
    for (int row = 0; row < m_ui->fieldsLayout->rowCount(); ++row) {
        QLayoutItem* item = m_ui->fieldsLayout->itemAt(row, QFormLayout::FieldRole);
        QWidget* w = item ? item->widget() : nullptr;
        if (!w)
            continue;
        if (w->focusPolicy() & Qt::TabFocus) {
            chain.append(w);
            continue;
        }
        for (QWidget* child : w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (child->focusPolicy() & Qt::TabFocus)
                chain.append(child);
        }
    }
    chain.append(m_localPanel->findChild<QPushButton*>());
    chain.append({m_ui->testConnectionButton, m_ui->cancelTestButton, m_ui->saveButton});
    for (QAbstractButton* b : m_ui->buttonBox->buttons())
        chain.append(b);
    for (qsizetype i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));
}

void AccountsDialog::checkField(const QString& key)
{
    const ServiceInfo* service = ProviderRegistry::service(currentServiceId());
    if (!service || m_showingLocal)
        return;
    QString value;
    if (key == kBaseUrlKey) {
        value = m_ui->baseUrlLineEdit->text();
    } else if (m_loadedSecrets.contains(key)) {
        value = QString::fromUtf8(m_loadedSecrets.value(key));
    } else {
        value = editorText(m_editors.value(key));
        const FieldSpec* spec = service->field(key);
        if (spec && spec->pem && !value.trimmed().isEmpty())
            value = QString::fromUtf8(normalizePem(value));
    }
    QString problem = AccountFieldCheck::check(*service, key, value);
    const FieldSpec* spec = service->field(key);
    if (problem.isEmpty() && spec && spec->type == FieldSpec::Type::Secret && m_secretsNotStored.contains(key)
        && value.isEmpty())
        problem = tr("The keychain has no %1 for this account: enter it.").arg(spec->label);
    setProblem(key, problem);
}

void AccountsDialog::setProblem(const QString& key, const QString& problem)
{
    QWidget* editor = key == kBaseUrlKey ? m_ui->baseUrlLineEdit : m_editors.value(key);
    const bool had = m_problems.contains(key);
    if (problem.isEmpty())
        m_problems.remove(key);
    else
        m_problems.insert(key, problem);
    if (editor) {
        // Highlighted with the palette's own error colour, so it reads under a dark appearance too.
        QPalette pal = palette();
        if (!problem.isEmpty()) {
            const QColor base = pal.color(QPalette::Base);
            const QColor error = Appearance::errorTextColor(pal);
            pal.setColor(QPalette::Base,
                QColor::fromRgbF(float(base.redF() * 0.8 + error.redF() * 0.2),
                    float(base.greenF() * 0.8 + error.greenF() * 0.2),
                    float(base.blueF() * 0.8 + error.blueF() * 0.2)));
        }
        editor->setPalette(pal);
        editor->setProperty("invalid", !problem.isEmpty());
        editor->setAccessibleDescription(problem);
    }
    if (!problem.isEmpty())
        showStatus(problem, true);
    else if (had)
        showStatus(m_problems.isEmpty() ? QString() : m_problems.cbegin().value(), !m_problems.isEmpty());
}

bool AccountsDialog::refuseInvalidForm()
{
    const ServiceInfo* service = ProviderRegistry::service(currentServiceId());
    if (!service)
        return false;
    checkField(kBaseUrlKey);
    for (const FieldSpec& f : service->accountFields)
        checkField(f.key);
    // A required secret that is neither typed, loaded nor stored: saving would leave an account that cannot work.
    for (const FieldSpec& f : service->secretFields()) {
        const bool given = m_loadedSecrets.contains(f.key) || !editorText(m_editors.value(f.key)).isEmpty();
        if (f.required && !given && (!isEditing() || m_secretsNotStored.contains(f.key)))
            setProblem(f.key, tr("%1 is required: enter it or load it from a file.").arg(f.label));
    }
    if (m_problems.isEmpty())
        return false;
    // Name the first wrong field in form order and put the cursor there.
    QString first = m_problems.contains(kBaseUrlKey) ? kBaseUrlKey : QString();
    for (const FieldSpec& f : service->accountFields) {
        if (first.isEmpty() && m_problems.contains(f.key))
            first = f.key;
    }
    if (first.isEmpty())
        first = m_problems.cbegin().key();
    const QString message = m_problems.value(first);
    showStatus(message, true);
    // After the click that pressed Save has finished moving the focus to the button.
    if (QWidget* editor = first == kBaseUrlKey ? m_ui->baseUrlLineEdit : m_editors.value(first))
        QTimer::singleShot(0, editor, [editor] { editor->setFocus(Qt::OtherFocusReason); });
    Q_EMIT saveFailed(message);
    return true;
}

void AccountsDialog::showAccount(const Account& account)
{
    m_editingName = account.name;
    setFormEditable(true);
    m_secretsNotStored.clear();
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
    m_ui->productionCheckBox->setChecked(account.isProduction(service));
    // Secret fields stay empty: the stored value is never shown; the placeholder says whether one is stored.
    updateSecretPlaceholders(account.name);
    m_ui->testConnectionButton->setEnabled(true);
    showStatus({}, false);
}

void AccountsDialog::showLocalLibrary()
{
    m_editingName = kLocalName;
    m_secretsNotStored.clear();
    m_ui->accountGroupBox->setTitle(tr("Local library"));
    {
        const QSignalBlocker blocker(m_ui->serviceComboBox);
        m_ui->serviceComboBox->setCurrentIndex(
            m_ui->serviceComboBox->findData(ProviderRegistry::localAccount().service));
    }
    if (const ServiceInfo* s = ProviderRegistry::service(ProviderRegistry::localAccount().service)) {
        buildFields(*s);
        m_ui->productionCheckBox->setChecked(s->limits.productionByDefault);
    }
    m_ui->nameLineEdit->setText(tr("Local library"));
    m_ui->baseUrlLineEdit->clear();
    for (const FieldSpec& f : ProviderRegistry::service(ProviderRegistry::localAccount().service)->plainFields()) {
        if (f.key == QLatin1String("path"))
            setEditorText(m_editors.value(f.key), QDir::toNativeSeparators(m_workspace->libraryPath()));
    }
    setFormEditable(false);
    m_localPanel->findChild<QLabel*>()->setText(
        tr("Folder: %1").arg(QDir::toNativeSeparators(m_workspace->libraryPath())));
    m_ui->testConnectionButton->setEnabled(true);
    showStatus(
        tr("The Local library is always there; it is set with SLIPWAY_LIBRARY or the library/path setting."), false);
}

void AccountsDialog::setFormEditable(bool editable)
{
    m_showingLocal = !editable;
    m_localPanel->setVisible(!editable);
    m_ui->nameLineEdit->setReadOnly(!editable);
    m_ui->fieldsWidget->setEnabled(editable);
    m_ui->productionCheckBox->setEnabled(editable);
    if (!editable) {
        m_ui->serviceComboBox->setEnabled(false);
        m_ui->baseUrlLineEdit->setEnabled(false);
    }
    m_ui->saveButton->setEnabled(editable);
    m_ui->removeButton->setEnabled(editable && m_ui->accountListWidget->currentItem());
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
            if (!p.error.isError() && !p.present) {
                m_secretsNotStored.insert(p.field);
                checkField(p.field); // highlighted: the account cannot work without it
            }
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
    a.fields.insert(QStringLiteral("production"),
        m_ui->productionCheckBox->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
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
    if (m_showingLocal || refuseInvalidForm())
        return;
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
        // The core names the field to blame ("account:private-key"): highlight it like a typed mistake.
        if (error.field.startsWith(QLatin1String("account:"))) {
            const QString key = error.field.mid(8);
            if (key == kBaseUrlKey || m_editors.contains(key)) {
                setProblem(key, error.message);
                if (QWidget* editor = key == kBaseUrlKey ? m_ui->baseUrlLineEdit : m_editors.value(key))
                    editor->setFocus();
            }
        }
        Q_EMIT saveFailed(error.message);
    });
}

void AccountsDialog::removeSelected()
{
    QListWidgetItem* item = m_ui->accountListWidget->currentItem();
    if (!item || item->data(kNameRole).toString() == kLocalName)
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
    // Asynchronous: the provider's job runs on the network stack while the dialog stays responsive; Cancel (or
    // the timeout) stops waiting.
    AppsJob* job = provider.value()->fetchApps();
    m_pendingJob = job;
    m_testJob = job;
    m_testTimedOut = false;
    setBusy(true);
    m_ui->cancelTestButton->show();
    showStatus(tr("Connecting…"), false);
    m_testTimer->start(m_testTimeoutMs);
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (job->succeeded())
            finishConnectionTest(true, tr("Connection works: %n app(s) found.", nullptr, int(job->result().size())));
        else
            finishConnectionTest(false, tr("Connection failed: %1").arg(job->error().toString()));
    });
}

void AccountsDialog::cancelConnectionTest()
{
    Job* job = m_testJob;
    if (!job)
        return;
    // Stop waiting now, whatever the job does: it is cancelled and deletes itself when it ends.
    disconnect(job, &Job::finished, this, nullptr);
    connect(job, &Job::finished, job, &QObject::deleteLater);
    job->cancel();
    const int seconds = qMax(1, m_testTimeoutMs / 1000);
    finishConnectionTest(false,
        m_testTimedOut ? tr("Connection failed: no answer within %n second(s).", nullptr, seconds)
                       : tr("Connection test cancelled."));
}

void AccountsDialog::finishConnectionTest(bool ok, const QString& message)
{
    m_testTimer->stop();
    m_testJob = nullptr;
    m_ui->cancelTestButton->hide();
    setBusy(false);
    showStatus(message, !ok);
    Q_EMIT connectionTested(ok, message);
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
    m_ui->saveButton->setEnabled(!busy && !m_showingLocal);
    m_ui->testConnectionButton->setEnabled(!busy && isEditing());
    m_ui->removeButton->setEnabled(!busy && !m_showingLocal && m_ui->accountListWidget->currentItem());
    m_ui->addButton->setEnabled(!busy);
}

} // namespace Slipway::Gui
