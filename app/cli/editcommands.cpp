// slipway-cli edit: change a published version's notes, label or service fields (Provider::edit).
#include "clisupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <providers/provider.h>

namespace Slipway::Cli {

int runVersionEdit(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Change a version's notes, label or service fields. `--set help` lists what the account's "
                       "service can edit."));
    const QCommandLineOption account({QStringLiteral("a"), QStringLiteral("account")},
        QStringLiteral("Account to use (default: local, the Local library)."), QStringLiteral("NAME"),
        QStringLiteral("local"));
    const QCommandLineOption notes(
        QStringLiteral("notes"), QStringLiteral("New release notes."), QStringLiteral("TEXT"));
    const QCommandLineOption notesFile(
        QStringLiteral("notes-file"), QStringLiteral("Read the new release notes from a file."), QStringLiteral("F"));
    const QCommandLineOption label(QStringLiteral("label"), QStringLiteral("New label."), QStringLiteral("L"));
    const QCommandLineOption set(
        QStringLiteral("set"), QStringLiteral("A service field, KEY=VALUE (repeatable)."), QStringLiteral("KEY=VALUE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    for (const auto& o : {account, notes, notesFile, label, set, json})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    parser.addPositionalArgument(QStringLiteral("VERSION-ID"), QStringLiteral("Version id (see `versions`)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("edit")} + args,
            QStringLiteral("edit APP VERSION-ID [--account NAME] [--notes TEXT | --notes-file F] [--label L] "
                           "[--set KEY=VALUE]... [--json]"),
            code))
        return code;

    ctx.account = parser.value(account);
    const bool listFields = parser.values(set).contains(QStringLiteral("help"));
    const QStringList pos = parser.positionalArguments();
    if (!listFields && pos.size() != 2)
        return usageError(ctx, QStringLiteral("edit needs APP and VERSION-ID"));
    if (parser.isSet(notes) && parser.isSet(notesFile))
        return usageError(ctx, QStringLiteral("use either --notes or --notes-file, not both"));

    auto provider = ctx.workspace->provider(ctx.account);
    if (!provider)
        return fail(ctx, provider.error());
    const QList<FieldSpec> fields = provider.value()->editFields();
    if (listFields) {
        if (fields.isEmpty())
            *ctx.out << "This service cannot edit versions.\n";
        for (const FieldSpec& f : fields) {
            const QString how = f.key == QLatin1String("notes") ? QStringLiteral("--notes")
                : f.key == QLatin1String("label")               ? QStringLiteral("--label")
                                                  : QString(QStringLiteral("--set ") + f.key + QStringLiteral("=…"));
            *ctx.out << "  " << how << "\t" << f.label << ". " << f.help;
            if (!f.choices.isEmpty())
                *ctx.out << " (" << f.choices.join(QStringLiteral(", ")) << ")";
            *ctx.out << "\n";
        }
        return 0;
    }
    if (!(provider.value()->capabilities() & Provider::EditVersion) || fields.isEmpty())
        return fail(ctx,
            Error(Error::Kind::Unsupported,
                QStringLiteral("The %1 account cannot edit versions.").arg(provider.value()->displayName())));

    VersionEdit changes;
    if (parser.isSet(notes))
        changes.notes = parser.value(notes);
    if (parser.isSet(notesFile)) {
        QFile f(parser.value(notesFile));
        if (!f.open(QIODevice::ReadOnly))
            return fail(ctx,
                Error(Error::Kind::Io,
                    QStringLiteral("%1 cannot be read: %2").arg(parser.value(notesFile), f.errorString())));
        changes.notes = QString::fromUtf8(f.readAll());
    }
    if (parser.isSet(label))
        changes.label = parser.value(label);
    if (!parseSetOptions(ctx, parser.values(set), changes.options))
        return 2;
    // Only what the service can edit; a wrong key is named before anything is sent.
    auto editable = [&fields](const QString& key) {
        for (const FieldSpec& f : fields) {
            if (f.key == key)
                return true;
        }
        return false;
    };
    if (changes.notes && !editable(QStringLiteral("notes")))
        return fail(ctx,
            Error::forField(Error::Kind::Unsupported, QStringLiteral("notes"),
                QStringLiteral("This service cannot edit the notes (see edit --set help).")));
    if (changes.label && !editable(QStringLiteral("label")))
        return fail(ctx,
            Error::forField(Error::Kind::Unsupported, QStringLiteral("label"),
                QStringLiteral("This service cannot edit the label (see edit --set help).")));
    for (auto it = changes.options.cbegin(); it != changes.options.cend(); ++it) {
        if (!editable(it.key()))
            return fail(ctx,
                Error::forField(Error::Kind::Validation, it.key(),
                    QStringLiteral("%1 cannot be edited on this service (see edit --set help).").arg(it.key())));
    }
    if (changes.isEmpty())
        return usageError(ctx, QStringLiteral("nothing to change: give --notes, --label or --set KEY=VALUE"));

    ActionJob* job = provider.value()->edit(pos.at(0), pos.at(1), changes);
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    if (parser.isSet(json)) {
        QJsonObject o {{QStringLiteral("appId"), pos.at(0)}, {QStringLiteral("id"), pos.at(1)},
            {QStringLiteral("account"), ctx.account}};
        QJsonArray changed;
        if (changes.notes)
            changed.append(QStringLiteral("notes"));
        if (changes.label)
            changed.append(QStringLiteral("label"));
        for (auto it = changes.options.cbegin(); it != changes.options.cend(); ++it)
            changed.append(it.key());
        o.insert(QStringLiteral("changed"), changed);
        printJson(ctx, o);
    } else {
        *ctx.out << "Edited version " << pos.at(1) << " of " << pos.at(0) << "\n";
    }
    return 0;
}

int runChannel(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Release channels (ManageXR): `list` shows which version each channel targets, `set` points a channel "
        "(created when missing) at a version."));
    const QCommandLineOption account(
        {QStringLiteral("a"), QStringLiteral("account")}, QStringLiteral("Account to use."), QStringLiteral("NAME"));
    const QCommandLineOption app(
        QStringLiteral("app"), QStringLiteral("The app (package name)."), QStringLiteral("APP"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    for (const auto& o : {account, app, json})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("list|set"), QStringLiteral("What to do."));
    parser.addPositionalArgument(
        QStringLiteral("[CHANNEL VERSION-ID]"), QStringLiteral("With set: the channel's name and the version id."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("channel")} + args,
            QStringLiteral("channel list --account NAME --app APP [--json] | channel set CHANNEL VERSION-ID "
                           "--account NAME --app APP"),
            code))
        return code;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    if (action != QLatin1String("list") && action != QLatin1String("set"))
        return usageError(ctx, QStringLiteral("channel needs list or set"));
    if (action == QLatin1String("set") && pos.size() != 3)
        return usageError(ctx, QStringLiteral("channel set needs CHANNEL and VERSION-ID"));
    if (!parser.isSet(account) || !parser.isSet(app))
        return usageError(ctx, QStringLiteral("channel needs --account NAME and --app APP"));
    ctx.account = parser.value(account);
    auto provider = ctx.workspace->provider(ctx.account);
    if (!provider)
        return fail(ctx, provider.error());
    bool hasChannels = false;
    for (const FieldSpec& f : provider.value()->editFields())
        hasChannels = hasChannels || f.key == QLatin1String("release-channel");
    if (!hasChannels)
        return fail(ctx,
            Error(Error::Kind::Unsupported,
                QStringLiteral("%1 has no release channels.").arg(provider.value()->displayName())));

    if (action == QLatin1String("set")) {
        VersionEdit changes;
        changes.options.insert(QStringLiteral("release-channel"), pos.at(1));
        ActionJob* job = provider.value()->edit(parser.value(app), pos.at(2), changes);
        if (!runJob(ctx, job))
            return fail(ctx, job->error());
        *ctx.out << "Release channel " << pos.at(1) << " now targets version " << pos.at(2) << "\n";
        return 0;
    }
    // The versions list names each version's channel (releaseChannelName).
    VersionsJob* job = provider.value()->fetchVersions(parser.value(app));
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    QJsonArray channels;
    for (const VersionInfo& v : job->result()) {
        const QString channel = v.extra.value(QStringLiteral("releaseChannelName")).toString();
        if (channel.isEmpty())
            continue;
        channels.append(QJsonObject {{QStringLiteral("channel"), channel}, {QStringLiteral("versionId"), v.id},
            {QStringLiteral("versionName"), v.versionName}, {QStringLiteral("versionCode"), v.versionCode},
            {QStringLiteral("label"), v.label}});
        if (!parser.isSet(json))
            *ctx.out << channel << "\t" << v.id << "\t" << v.versionName << " (" << v.versionCode << ")"
                     << (v.label.isEmpty() ? QString() : QString(QLatin1Char(' ') + v.label)) << "\n";
    }
    if (parser.isSet(json))
        printJson(ctx, channels);
    else if (channels.isEmpty())
        *ctx.out << "No release channel targets a version of " << parser.value(app) << ".\n";
    return 0;
}

} // namespace Slipway::Cli
