#pragma once

#include <QDialog>
#include <QHash>
#include <domain/types.h>

class QWidget;

namespace Slipway::Gui {

// "Edit Version": one row per field the service can edit (Provider::editFields()), prefilled from the version
// (notes, label, and the service's own values from VersionInfo::extra). changes() holds only what the user
// changed, so the service is asked to change nothing else.
class EditVersionDialog : public QDialog
{
    Q_OBJECT

public:
    EditVersionDialog(const QList<FieldSpec>& fields, const VersionInfo& version, const QString& serviceName,
        QWidget* parent = nullptr);

    VersionEdit changes() const;
    // The editor of a field (tests fill them like a user would).
    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    // The value a field starts with: notes, label, or the version's extra value of that key (its camelCase
    // spelling too: "release-type" -> "releaseType").
    static QString initialValue(const FieldSpec& field, const VersionInfo& version);

private:
    QString currentValue(const QString& key) const;

    QList<FieldSpec> m_fields;
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QString> m_initial;
};

} // namespace Slipway::Gui
