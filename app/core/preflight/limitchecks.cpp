// Limits the service documents (ServiceLimits, filled in each service's description with its source) and the
// publish fields it requires.
#include <QFileInfo>
#include <QLocale>
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

QList<PreflightCheck> limits(const PreflightInput& in)
{
    QList<PreflightCheck> out;
    const ServiceLimits& limits = in.service.limits;
    const QLocale locale = QLocale::c();

    if (limits.maxFileSize > 0) {
        QList<PackageInfo> files = in.companions;
        files.prepend(in.primary);
        for (const PackageInfo& f : files) {
            if (f.size > limits.maxFileSize) {
                out.append(in.check(QStringLiteral("file-size"), PreflightCheck::Status::Block,
                    Texts::tr("%1 is %2, over the %3 %4 takes per file (%5).")
                        .arg(f.fileName, locale.formattedDataSize(f.size), locale.formattedDataSize(limits.maxFileSize),
                            in.destination, limits.source),
                    Texts::tr("Make the build smaller (split APKs, an OBB or on-demand resources).")));
            }
        }
    }

    const QString notes = in.request.notes.trimmed();
    if (limits.notesRequired && notes.isEmpty()) {
        out.append(in.check(QStringLiteral("notes-required"), PreflightCheck::Status::Block,
            Texts::tr("%1 needs release notes, and there are none.").arg(in.destination),
            Texts::tr("Write what changed in this build.")));
    }
    if (limits.maxNotesLength > 0 && in.request.notes.size() > limits.maxNotesLength) {
        out.append(in.check(QStringLiteral("notes-length"), PreflightCheck::Status::Warn,
            Texts::tr("The release notes are %1 characters; %2 keeps only the first %3 (%4).")
                .arg(in.request.notes.size())
                .arg(in.destination)
                .arg(limits.maxNotesLength)
                .arg(limits.source),
            Texts::tr("Shorten the notes to %1 characters.").arg(limits.maxNotesLength)));
    }

    for (const FieldSpec& field : in.publishFields) {
        if (!field.required || !field.defaultValue.isEmpty())
            continue;
        if (in.request.options.value(field.key).toString().trimmed().isEmpty()) {
            out.append(in.check(QStringLiteral("field-required"), PreflightCheck::Status::Block,
                Texts::tr("%1 needs the field \"%2\", and it is empty.").arg(in.destination, field.label),
                field.help.isEmpty() ? Texts::tr("Fill in \"%1\".").arg(field.label)
                                     : Texts::tr("Fill in \"%1\": %2").arg(field.label, field.help)));
        }
    }
    return out;
}

} // namespace Slipway::PreflightChecks
