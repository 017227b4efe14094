#include "publishdialog.h"

#include "preflightchecklist.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <session/workspace.h>

#include "ui_publishdialog.h"

namespace Slipway::Gui {

PublishDialog::PublishDialog(Workspace* workspace, const QList<PackageInfo>& packages, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PublishDialog>())
    , m_workspace(workspace)
    , m_packages(packages)
{
    m_ui->setupUi(this);
    m_publishButton = m_ui->buttonBox->addButton(tr("&Publish"), QDialogButtonBox::AcceptRole);
    m_publishButton->setObjectName(QStringLiteral("publishButton"));
    m_publishButton->setDefault(true);

    Q_ASSERT(!m_packages.isEmpty());
    PackageInfo primary = m_packages.first();
    for (const PackageWarning& w : PackageInspector::checkCompanions(primary, m_packages.mid(1)))
        primary.addWarning(w.code, w.message, w.severity);

    QString summary
        = QStringLiteral("<b>%1</b>").arg((primary.label.isEmpty() ? primary.fileName : primary.label).toHtmlEscaped());
    if (!primary.packageId.isEmpty())
        summary += QStringLiteral(" — %1").arg(primary.packageId.toHtmlEscaped());
    summary += QStringLiteral("<br>%1, %2")
                   .arg(packageKindName(primary.kind).toUpper(),
                       QLocale().formattedDataSize(primary.size, 1, QLocale::DataSizeTraditionalFormat));
    m_ui->packageSummaryLabel->setText(summary);

    const auto warnings = primary.rankedWarnings();
    for (const PackageWarning& w : warnings) {
        const auto icon = w.severity == PackageWarning::Severity::Error ? QStyle::SP_MessageBoxCritical
            : w.severity == PackageWarning::Severity::Info              ? QStyle::SP_MessageBoxInformation
                                                                        : QStyle::SP_MessageBoxWarning;
        auto* item = new QListWidgetItem(style()->standardIcon(icon), w.message, m_ui->warningsListWidget);
        item->setData(Qt::UserRole, w.code);
        item->setToolTip(w.code);
    }
    m_ui->warningsListWidget->setVisible(!warnings.isEmpty());

    QStringList fileNames;
    for (const PackageInfo& p : m_packages)
        fileNames.append(QStringLiteral("%1 (%2)").arg(p.fileName, packageKindName(p.kind)));
    m_ui->filesLabel->setText(tr("Files: %1").arg(fileNames.join(QStringLiteral(", "))));

    m_ui->versionNameEdit->setText(primary.versionName);
    m_ui->versionCodeEdit->setText(primary.versionCode);
    m_ui->appComboBox->setEditText(primary.packageId);

    for (const Account& account : m_workspace->accounts()) {
        auto provider = m_workspace->provider(account.name);
        const bool canPublish = provider && (provider.value()->capabilities() & Provider::Publish);
        const QString text = provider ? provider.value()->displayName() : account.name;
        m_ui->accountComboBox->addItem(text, account.name);
        if (!canPublish) {
            // Shown but not selectable: the user sees the account exists and why it cannot be used.
            auto* model = qobject_cast<QStandardItemModel*>(m_ui->accountComboBox->model());
            if (model)
                model->item(m_ui->accountComboBox->count() - 1)->setEnabled(false);
        }
    }
    // Preflight: checked on open and after each change; Publish waits for it (see PreflightChecklist).
    m_checklist = new PreflightChecklist(m_workspace, this);
    m_ui->dialogLayout->insertWidget(m_ui->dialogLayout->indexOf(m_ui->validationLabel), m_checklist);
    connect(m_checklist, &PreflightChecklist::stateChanged, this, &PublishDialog::updatePublishButton);
    for (QLineEdit* edit : {m_ui->versionNameEdit, m_ui->labelEdit})
        connect(edit, &QLineEdit::textChanged, this, &PublishDialog::validate);
    connect(m_ui->notesEdit, &QPlainTextEdit::textChanged, this, &PublishDialog::validate);
    connect(m_ui->accountComboBox, &QComboBox::currentIndexChanged, this, &PublishDialog::onAccountChanged);
    connect(m_ui->appComboBox, &QComboBox::editTextChanged, this, &PublishDialog::validate);
    connect(m_ui->versionCodeEdit, &QLineEdit::textChanged, this, &PublishDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        auto provider = m_workspace->provider(accountName());
        if (!provider)
            return;
        PublishRequest r = request();
        m_checklist->record(r);
        // One destination (the chosen account); sizes from disk, hashes from the inspection where it made them.
        Release release;
        release.request = r;
        release.packageId = m_packages.first().packageId;
        release.signer = releaseSigner(r.inspection);
        for (const PackageInfo& p : m_packages)
            release.files.append({p.path, QFileInfo(p.path).fileName(), QFileInfo(p.path).size(), p.md5, p.sha256});
        ReleaseDestination destination;
        destination.account = accountName();
        destination.appId = r.appId;
        destination.options = r.options;
        release.destinations = {destination};
        Q_EMIT releaseRequested(release);
        accept();
    });
    onAccountChanged();
}

PublishDialog::~PublishDialog() = default;

void PublishDialog::setAccount(const QString& accountName)
{
    const int idx = m_ui->accountComboBox->findData(accountName);
    if (idx >= 0)
        m_ui->accountComboBox->setCurrentIndex(idx);
}

QString PublishDialog::accountName() const
{
    return m_ui->accountComboBox->currentData().toString();
}

void PublishDialog::onAccountChanged()
{
    auto provider = m_workspace->provider(accountName());
    rebuildServiceFields(provider ? provider.value() : nullptr);
    validate();
    if (!provider)
        return;
    // Offer the account's existing apps, preselecting the one this package belongs to.
    if (m_appsJob)
        m_appsJob->deleteLater();
    AppsJob* job = provider.value()->fetchApps();
    m_appsJob = job;
    const QString packageId = m_packages.first().packageId;
    connect(job, &Job::finished, this, [this, job, packageId] {
        job->deleteLater();
        if (m_appsJob != job || !job->succeeded())
            return;
        const QString typed = m_ui->appComboBox->currentText();
        m_ui->appComboBox->blockSignals(true);
        m_ui->appComboBox->clear();
        for (const AppInfo& app : job->result())
            m_ui->appComboBox->addItem(
                app.name == app.id ? app.id : QStringLiteral("%1 — %2").arg(app.name, app.id), app.id);
        const QString match = Provider::matchApp(job->result(), packageId);
        const int idx = match.isEmpty() ? -1 : m_ui->appComboBox->findData(match);
        if (idx >= 0)
            m_ui->appComboBox->setCurrentIndex(idx);
        else
            m_ui->appComboBox->setEditText(typed);
        m_ui->appComboBox->blockSignals(false);
        validate();
    });
}

void PublishDialog::rebuildServiceFields(Provider* provider)
{
    QFormLayout* form = m_ui->serviceFieldsLayout;
    while (form->rowCount() > 0)
        form->removeRow(0);
    m_fieldEditors.clear();
    const QList<FieldSpec> fields = provider ? provider->publishFields() : QList<FieldSpec>();
    for (const FieldSpec& f : fields) {
        QWidget* editor = nullptr;
        switch (f.type) {
        case FieldSpec::Type::Bool: {
            auto* box = new QCheckBox(this);
            box->setChecked(f.defaultValue == QLatin1String("true") || f.defaultValue == QLatin1String("1"));
            editor = box;
            break;
        }
        case FieldSpec::Type::Choice: {
            auto* combo = new QComboBox(this);
            combo->addItems(f.choices);
            combo->setCurrentText(f.defaultValue);
            editor = combo;
            break;
        }
        case FieldSpec::Type::MultiLine: {
            auto* edit = new QPlainTextEdit(this);
            edit->setPlainText(f.defaultValue);
            edit->setTabChangesFocus(true);
            edit->setMaximumHeight(80);
            editor = edit;
            break;
        }
        default: {
            auto* edit = new QLineEdit(f.defaultValue, this);
            if (f.type == FieldSpec::Type::Secret)
                edit->setEchoMode(QLineEdit::Password);
            edit->setPlaceholderText(f.required ? tr("required") : tr("optional"));
            connect(edit, &QLineEdit::textChanged, this, &PublishDialog::validate);
            editor = edit;
            break;
        }
        }
        editor->setObjectName(QStringLiteral("field_") + f.key);
        editor->setToolTip(f.help);
        editor->setAccessibleName(f.label);
        form->addRow(f.label + QLatin1Char(':'), editor);
        m_fieldEditors.insert(f.key, editor);
    }
    m_ui->serviceFieldsGroupBox->setVisible(!fields.isEmpty());
    if (provider)
        m_ui->serviceFieldsGroupBox->setTitle(tr("%1 options").arg(provider->displayName()));
}

void PublishDialog::validate()
{
    QString problem;
    auto provider = m_workspace->provider(accountName());
    if (!provider)
        problem = provider.error().message;
    else if (request().appId.isEmpty() && m_packages.first().packageId.isEmpty())
        problem = tr("Choose the app to publish to: the package has no id.");
    else if (m_ui->versionCodeEdit->text().trimmed().isEmpty())
        problem = tr("Enter a version code.");
    if (provider) {
        for (const FieldSpec& f : provider.value()->publishFields()) {
            if (f.required && request().options.value(f.key).toString().isEmpty()) {
                problem = tr("%1 is required.").arg(f.label);
                break;
            }
        }
    }
    m_ui->validationLabel->setText(problem);
    m_ui->validationLabel->setVisible(!problem.isEmpty());
    m_problem = problem;
    const PublishRequest r = request();
    m_checklist->setRequest(r, {accountName() + QLatin1Char('/') + r.appId});
    updatePublishButton();
}

void PublishDialog::updatePublishButton()
{
    m_publishButton->setEnabled(m_problem.isEmpty() && m_checklist->allowsPublish());
}

PublishRequest PublishDialog::request() const
{
    PublishRequest r;
    for (const PackageInfo& p : m_packages)
        r.files.append(p.path);
    const int idx = m_ui->appComboBox->currentIndex();
    const QString text = m_ui->appComboBox->currentText().trimmed();
    if (idx >= 0 && m_ui->appComboBox->itemText(idx) == text)
        r.appId = m_ui->appComboBox->itemData(idx).toString();
    else
        r.appId = text;
    r.appName = m_packages.first().label;
    r.versionName = m_ui->versionNameEdit->text().trimmed();
    r.versionCode = m_ui->versionCodeEdit->text().trimmed();
    r.label = m_ui->labelEdit->text().trimmed();
    r.notes = m_ui->notesEdit->toPlainText();
    r.inspection = m_packages.first().toJson();
    for (auto it = m_fieldEditors.cbegin(); it != m_fieldEditors.cend(); ++it) {
        QVariant value;
        if (auto* box = qobject_cast<QCheckBox*>(it.value()))
            value = box->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        else if (auto* combo = qobject_cast<QComboBox*>(it.value()))
            value = combo->currentText();
        else if (auto* plain = qobject_cast<QPlainTextEdit*>(it.value()))
            value = plain->toPlainText();
        else if (auto* edit = qobject_cast<QLineEdit*>(it.value()))
            value = edit->text();
        if (!value.toString().isEmpty())
            r.options.insert(it.key(), value);
    }
    return r;
}

} // namespace Slipway::Gui
