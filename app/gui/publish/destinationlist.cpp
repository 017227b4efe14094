#include "destinationlist.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <algorithm>
#include <providers/provider.h>
#include <session/workspace.h>

namespace Slipway::Gui {

namespace {

QString escapeMnemonic(QString text)
{
    return text.replace(QLatin1Char('&'), QStringLiteral("&&"));
}

bool matches(const AppInfo& app, const QString& packageId)
{
    return !packageId.isEmpty() && (app.packageId.compare(packageId, Qt::CaseInsensitive) == 0 || app.id == packageId);
}

} // namespace

DestinationList::DestinationList(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const Account& account : m_workspace->accounts())
        addRow(account);
}

DestinationList::~DestinationList() = default;

void DestinationList::addRow(const Account& account)
{
    Row row;
    row.account = account.name;
    auto provider = m_workspace->provider(account.name);
    if (provider)
        row.provider = provider.value();
    // "HockeyApp (qa)", "Local library": the provider names the service and the account.
    const QString title = provider ? provider.value()->displayName() : account.name;
    row.box = new QGroupBox(escapeMnemonic(title), this);
    row.box->setObjectName(QStringLiteral("destination_") + account.name);
    row.box->setAccessibleName(tr("Publish to %1").arg(account.name));
    row.box->setCheckable(true);
    row.box->setChecked(false);
    auto* boxLayout = new QVBoxLayout(row.box);
    row.body = new QWidget(row.box);
    boxLayout->addWidget(row.body);
    auto* form = new QFormLayout(row.body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);

    row.app = new QComboBox(row.body);
    row.app->setObjectName(QStringLiteral("appComboBox_") + account.name);
    row.app->setAccessibleName(tr("App on %1").arg(account.name));
    row.app->setEditable(true);
    row.app->lineEdit()->setAccessibleName(row.app->accessibleName());
    row.app->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    row.app->setMinimumContentsLength(16);
    auto* appLabel = new QLabel(tr("App:"), row.body);
    appLabel->setBuddy(row.app);
    form->addRow(appLabel, row.app);
    row.status = new QLabel(row.body);
    row.status->setWordWrap(true);
    row.status->setObjectName(QStringLiteral("appStatusLabel_") + account.name);
    form->addRow(row.status);

    const bool canPublish = row.provider && (row.provider->capabilities() & Provider::Publish);
    if (!canPublish) {
        row.box->setEnabled(false);
        row.box->setToolTip(provider ? tr("%1 cannot publish.").arg(title) : provider.error().message);
    } else {
        for (const FieldSpec& f : row.provider->publishFields()) {
            QWidget* editor = nullptr;
            switch (f.type) {
            case FieldSpec::Type::Bool: {
                auto* check = new QCheckBox(row.body);
                check->setChecked(f.defaultValue == QLatin1String("true") || f.defaultValue == QLatin1String("1"));
                connect(check, &QCheckBox::toggled, this, &DestinationList::changed);
                editor = check;
                break;
            }
            case FieldSpec::Type::Choice: {
                auto* combo = new QComboBox(row.body);
                combo->addItems(f.choices);
                combo->setCurrentText(f.defaultValue);
                connect(combo, &QComboBox::currentTextChanged, this, &DestinationList::changed);
                editor = combo;
                break;
            }
            case FieldSpec::Type::MultiLine: {
                auto* edit = new QPlainTextEdit(row.body);
                edit->setPlainText(f.defaultValue);
                edit->setTabChangesFocus(true);
                edit->setMaximumHeight(fontMetrics().lineSpacing() * 5);
                connect(edit, &QPlainTextEdit::textChanged, this, &DestinationList::changed);
                editor = edit;
                break;
            }
            default: {
                auto* edit = new QLineEdit(f.defaultValue, row.body);
                if (f.type == FieldSpec::Type::Secret)
                    edit->setEchoMode(QLineEdit::Password);
                edit->setPlaceholderText(f.required ? tr("required") : tr("optional"));
                connect(edit, &QLineEdit::textChanged, this, &DestinationList::changed);
                editor = edit;
                break;
            }
            }
            editor->setObjectName(QStringLiteral("field_%1_%2").arg(account.name, f.key));
            editor->setToolTip(f.help);
            //: %1 the field's label, %2 the account
            editor->setAccessibleName(tr("%1 for %2").arg(f.label, account.name));
            auto* label = new QLabel(f.label + QLatin1Char(':'), row.body);
            label->setWordWrap(true);
            label->setBuddy(editor);
            form->addRow(label, editor);
            row.fields.insert(f.key, editor);
        }
    }
    row.body->setVisible(false);
    const int index = int(m_rows.size());
    connect(row.box, &QGroupBox::toggled, this, [this, index](bool on) {
        m_rows[index].body->setVisible(on);
        Q_EMIT changed();
    });
    connect(row.app, &QComboBox::editTextChanged, this, &DestinationList::changed);
    connect(row.app, &QComboBox::currentIndexChanged, this, &DestinationList::changed);
    static_cast<QVBoxLayout*>(layout())->addWidget(row.box);
    m_rows.append(row);
}

void DestinationList::setPackage(const QString& packageId)
{
    m_packageId = packageId;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row& row = m_rows[i];
        row.apps.clear();
        row.appsKnown = false;
        row.lookupFailed = false;
        if (row.box->isEnabled())
            lookUpApps(i);
    }
    Q_EMIT changed();
}

void DestinationList::lookUpApps(int index)
{
    Row& row = m_rows[index];
    if (row.job)
        row.job->deleteLater();
    row.app->blockSignals(true);
    row.app->clear();
    row.app->setEditText(row.presetApp.isEmpty() ? m_packageId : row.presetApp);
    row.app->blockSignals(false);
    row.status->setText(tr("Looking up the apps…"));
    AppsJob* job = row.provider->fetchApps();
    row.job = job;
    connect(job, &Job::finished, this, [this, job, index] {
        job->deleteLater();
        Row& r = m_rows[index];
        if (r.job != job)
            return;
        r.job = nullptr;
        r.appsKnown = true;
        r.lookupFailed = !job->succeeded();
        if (job->succeeded())
            r.apps = job->result();
        fillApps(r);
        if (r.lookupFailed)
            r.status->setText(tr("The apps could not be listed: %1").arg(job->error().message));
        Q_EMIT changed();
    });
}

void DestinationList::fillApps(Row& row)
{
    QList<AppInfo> matching;
    for (const AppInfo& app : row.apps) {
        if (matches(app, m_packageId))
            matching.append(app);
    }
    row.app->blockSignals(true);
    row.app->clear();
    const bool canCreate = row.provider && (row.provider->capabilities() & Provider::CreateApp);
    QString status;
    if (matching.size() > 1) {
        // Ambiguous: the user chooses; nothing is preselected.
        row.app->addItem(tr("Choose one of %n matching apps", nullptr, int(matching.size())), QString());
        status = tr("Several apps match %1: choose one.").arg(m_packageId);
    } else if (matching.isEmpty() && canCreate && !m_packageId.isEmpty()) {
        row.app->addItem(tr("New app: %1").arg(m_packageId), m_packageId);
        status = tr("No app matches %1; it is created.").arg(m_packageId);
    } else if (matching.isEmpty()) {
        row.app->addItem(tr("Choose the app"), QString());
        status = tr("No app matches %1 and this service does not create apps: choose one.").arg(m_packageId);
    }
    for (const AppInfo& app : row.apps)
        row.app->addItem(
            app.name == app.id || app.name.isEmpty() ? app.id : tr("%1 — %2").arg(app.name, app.id), app.id);
    int index = 0;
    if (matching.size() == 1)
        index = row.app->findData(matching.first().id);
    if (!row.presetApp.isEmpty()) {
        const int preset = row.app->findData(row.presetApp);
        if (preset >= 0)
            index = preset;
    }
    row.app->setCurrentIndex(index);
    if (!row.presetApp.isEmpty() && row.app->findData(row.presetApp) < 0)
        row.app->setEditText(row.presetApp);
    row.app->blockSignals(false);
    row.status->setText(status);
    row.status->setVisible(!status.isEmpty());
}

QString DestinationList::appIdOf(const Row& row) const
{
    const int idx = row.app->currentIndex();
    const QString text = row.app->currentText().trimmed();
    if (idx >= 0 && row.app->itemText(idx) == text)
        return row.app->itemData(idx).toString();
    return text;
}

QVariantMap DestinationList::optionsOf(const Row& row) const
{
    QVariantMap options;
    for (auto it = row.fields.cbegin(); it != row.fields.cend(); ++it) {
        QString value;
        if (auto* check = qobject_cast<QCheckBox*>(it.value()))
            value = check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        else if (auto* combo = qobject_cast<QComboBox*>(it.value()))
            value = combo->currentText();
        else if (auto* plain = qobject_cast<QPlainTextEdit*>(it.value()))
            value = plain->toPlainText();
        else if (auto* edit = qobject_cast<QLineEdit*>(it.value()))
            value = edit->text();
        if (!value.isEmpty())
            options.insert(it.key(), value);
    }
    return options;
}

void DestinationList::setOptions(Row& row, const QVariantMap& options)
{
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        QWidget* editor = row.fields.value(it.key());
        const QString value = it.value().toString();
        if (auto* check = qobject_cast<QCheckBox*>(editor))
            check->setChecked(value == QLatin1String("true") || value == QLatin1String("1"));
        else if (auto* combo = qobject_cast<QComboBox*>(editor))
            combo->setCurrentText(value);
        else if (auto* plain = qobject_cast<QPlainTextEdit*>(editor))
            plain->setPlainText(value);
        else if (auto* edit = qobject_cast<QLineEdit*>(editor))
            edit->setText(value);
    }
}

void DestinationList::setChoices(const QList<DestinationChoice>& choices)
{
    for (Row& row : m_rows) {
        auto it = std::find_if(
            choices.cbegin(), choices.cend(), [&row](const DestinationChoice& c) { return c.account == row.account; });
        const bool chosen = it != choices.cend() && row.box->isEnabled();
        row.presetApp = chosen ? it->appId : QString();
        if (chosen) {
            setOptions(row, it->options);
            if (row.appsKnown)
                fillApps(row);
        }
        row.box->setChecked(chosen);
    }
    Q_EMIT changed();
}

QList<DestinationChoice> DestinationList::choices() const
{
    QList<DestinationChoice> result;
    for (const Row& row : m_rows) {
        if (row.box->isEnabled() && row.box->isChecked())
            result.append({row.account, appIdOf(row), optionsOf(row)});
    }
    return result;
}

QStringList DestinationList::accounts() const
{
    QStringList names;
    for (const Row& row : m_rows)
        names.append(row.account);
    return names;
}

bool DestinationList::canPublish(const QString& account) const
{
    const Row* r = row(account);
    return r && r->box->isEnabled();
}

QString DestinationList::problem() const
{
    bool any = false;
    for (const Row& row : m_rows) {
        if (!row.box->isEnabled() || !row.box->isChecked())
            continue;
        any = true;
        if (!row.appsKnown)
            return tr("Looking up the apps of %1…").arg(row.account);
        if (appIdOf(row).isEmpty())
            return tr("Choose the app to publish to on %1.").arg(row.account);
        const QVariantMap options = optionsOf(row);
        for (const FieldSpec& f : row.provider->publishFields()) {
            if (f.required && options.value(f.key).toString().isEmpty())
                return tr("%1 is required for %2.").arg(f.label, row.account);
        }
    }
    return any ? QString() : tr("Choose at least one destination.");
}

bool DestinationList::hasExistingApp(const QString& account) const
{
    const Row* r = row(account);
    if (!r || !r->appsKnown)
        return false;
    const QString id = appIdOf(*r);
    return std::any_of(r->apps.cbegin(), r->apps.cend(), [&id](const AppInfo& a) { return a.id == id; });
}

QGroupBox* DestinationList::box(const QString& account) const
{
    const Row* r = row(account);
    return r ? r->box : nullptr;
}

QComboBox* DestinationList::appComboBox(const QString& account) const
{
    const Row* r = row(account);
    return r ? r->app : nullptr;
}

QWidget* DestinationList::fieldEditor(const QString& account, const QString& key) const
{
    const Row* r = row(account);
    return r ? r->fields.value(key) : nullptr;
}

const DestinationList::Row* DestinationList::row(const QString& account) const
{
    for (const Row& r : m_rows) {
        if (r.account == account)
            return &r;
    }
    return nullptr;
}

} // namespace Slipway::Gui
