#include "editversiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Slipway::Gui {

namespace {

QString camelCase(const QString& key)
{
    QString out;
    bool upper = false;
    for (const QChar c : key) {
        if (c == QLatin1Char('-')) {
            upper = true;
            continue;
        }
        out.append(upper ? c.toUpper() : c);
        upper = false;
    }
    return out;
}

bool isTrue(const QString& s)
{
    const QString v = s.trimmed().toLower();
    return v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes")
        || v == QLatin1String("on");
}

} // namespace

QString EditVersionDialog::initialValue(const FieldSpec& field, const VersionInfo& version)
{
    if (field.key == QLatin1String("notes"))
        return version.notes;
    if (field.key == QLatin1String("label"))
        return version.label;
    for (const QString& key : {field.key, camelCase(field.key)}) {
        const QVariant v = version.extra.value(key);
        if (v.isValid() && !v.isNull())
            return v.typeId() == QMetaType::Bool ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                                 : v.toString();
    }
    if (field.key == QLatin1String("version-string"))
        return version.versionName;
    return {};
}

EditVersionDialog::EditVersionDialog(
    const QList<FieldSpec>& fields, const VersionInfo& version, const QString& serviceName, QWidget* parent)
    : QDialog(parent)
    , m_fields(fields)
{
    setWindowTitle(tr("Edit Version"));
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>%1 %2</b> (code %3) on %4")
                                   .arg(version.appId.toHtmlEscaped(), version.versionName.toHtmlEscaped(),
                                       version.versionCode.toHtmlEscaped(), serviceName.toHtmlEscaped()),
        this);
    layout->addWidget(heading);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    for (const FieldSpec& f : fields) {
        const QString initial = initialValue(f, version);
        m_initial.insert(f.key, initial);
        QWidget* editor = nullptr;
        switch (f.type) {
        case FieldSpec::Type::MultiLine: {
            auto* e = new QPlainTextEdit(initial, this);
            e->setTabChangesFocus(true);
            editor = e;
            break;
        }
        case FieldSpec::Type::Bool: {
            auto* e = new QCheckBox(this);
            e->setChecked(isTrue(initial.isEmpty() ? f.defaultValue : initial));
            // A value the version does not report counts as its default; unchanged means not sent.
            m_initial.insert(f.key, e->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
            editor = e;
            break;
        }
        case FieldSpec::Type::Choice: {
            auto* e = new QComboBox(this);
            QStringList choices = f.choices;
            if (!choices.contains(initial))
                choices.prepend(initial);
            e->addItems(choices);
            e->setCurrentText(initial);
            editor = e;
            break;
        }
        default: {
            auto* e = new QLineEdit(initial, this);
            e->setPlaceholderText(f.defaultValue);
            editor = e;
            break;
        }
        }
        editor->setObjectName(f.key);
        editor->setToolTip(f.help);
        m_editors.insert(f.key, editor);
        form->addRow(f.label + QLatin1Char(':'), editor);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString EditVersionDialog::currentValue(const QString& key) const
{
    QWidget* w = m_editors.value(key);
    if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        return e->toPlainText();
    if (auto* e = qobject_cast<QCheckBox*>(w))
        return e->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    if (auto* e = qobject_cast<QComboBox*>(w))
        return e->currentText();
    if (auto* e = qobject_cast<QLineEdit*>(w))
        return e->text();
    return {};
}

VersionEdit EditVersionDialog::changes() const
{
    VersionEdit edit;
    for (const FieldSpec& f : m_fields) {
        const QString value = currentValue(f.key);
        if (value == m_initial.value(f.key))
            continue;
        if (f.key == QLatin1String("notes"))
            edit.notes = value;
        else if (f.key == QLatin1String("label"))
            edit.label = value;
        else
            edit.options.insert(f.key, value);
    }
    return edit;
}

} // namespace Slipway::Gui
