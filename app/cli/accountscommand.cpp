// slipway-cli accounts list|add|edit|rename|remove: the connected accounts. Secrets are read from stdin or a
// file, go only to the OS keychain and are never printed.
#include "clisupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <credentials/accountstore.h>
#include <cstdio>
#include <providers/providerregistry.h>
#include <session/accountmanager.h>

namespace Slipway::Cli {

namespace {

constexpr qint64 kMaxSecretSize = 64 * 1024;

const char* const kAccountsUsage = R"(Usage: slipway-cli accounts COMMAND [ARGS...]

Commands:
  list [--json]                            The accounts, their non-secret fields, whether each is a
                                           production destination (preflight) and whether each
                                           secret is stored (secrets are never printed)
  add SERVICE --name NAME [--set KEY=VALUE]... [--secret-stdin | --secret-file F] [--json]
                                           Connect an account (add --help lists every service's keys)
  edit NAME [--set KEY=VALUE]... [--secret-stdin | --secret-file F]
                                           Change fields (an empty VALUE clears one) or the secret
  rename NAME NEW-NAME                     Rename an account; its secrets move with it
  remove NAME                              Remove an account and its keychain entries
)";

// "API key secret" stays, "Password" becomes "password": a label as it reads inside a sentence.
QString inSentence(const QString& label)
{
    if (label.size() > 1 && label.at(0).isUpper() && label.at(1).isLower())
        return label.at(0).toLower() + label.mid(1);
    return label;
}

// The usage with the secrets of every registered service ("Secrets (ManageXR API key secret, ...) are ...").
QString accountsUsage()
{
    QStringList secrets;
    for (const ServiceInfo& s : ProviderRegistry::services()) {
        if (const FieldSpec* secret = s.primarySecret())
            secrets << QStringLiteral("%1 %2").arg(s.displayName, inSentence(secret->label));
    }
    QString text = QString::fromUtf8(kAccountsUsage);
    text += QStringLiteral("\nSecrets (%1) are stored only in the OS keychain (Secret Service: gnome-keyring or "
                           "KWallet), never in a file.\n")
                .arg(secrets.join(QLatin1String(", ")));
    return text;
}

const QString kBaseUrlKey = QStringLiteral("base-url");

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
}

QCommandLineOption setOption()
{
    return QCommandLineOption(QStringLiteral("set"),
        QStringLiteral("Set a field (repeatable); base-url sets the account's server."), QStringLiteral("KEY=VALUE"));
}

QCommandLineOption secretStdinOption()
{
    return QCommandLineOption(QStringLiteral("secret-stdin"),
        QStringLiteral("Read the service's secret (token, password, key secret or .p8 "
                       "contents) from standard input."));
}

QCommandLineOption secretFileOption()
{
    return QCommandLineOption(QStringLiteral("secret-file"),
        QStringLiteral("Read the service's secret from file F (e.g. AuthKey_ABC123.p8)."), QStringLiteral("F"));
}

QString describeFieldType(const FieldSpec& f)
{
    switch (f.type) {
    case FieldSpec::Type::Secret:
        return QStringLiteral("secret");
    case FieldSpec::Type::Url:
        return QStringLiteral("URL");
    case FieldSpec::Type::Path:
        return QStringLiteral("folder");
    default:
        return {};
    }
}

// Every service with its keys, for `accounts add --help`.
QString servicesHelp()
{
    QString text = QStringLiteral(
        "\nServices and their keys (--set KEY=VALUE; a [secret] is given with --secret-stdin or --secret-file, "
        "never with --set):\n");
    for (const ServiceInfo& s : ProviderRegistry::services()) {
        text += QStringLiteral("\n  %1  (%2)\n").arg(s.id, s.displayName);
        if (s.id != QLatin1String("local") && s.hasBaseUrl) {
            const QString base = s.defaultBaseUrl.isEmpty()
                ? QStringLiteral("required: the server's https:// URL, no default")
                : QStringLiteral("default %1").arg(s.defaultBaseUrl.toString());
            text += QStringLiteral("    %1 %2\n").arg(QStringLiteral("base-url").leftJustified(18), base);
        }
        for (const FieldSpec& f : s.accountFields) {
            QStringList tags;
            if (f.type == FieldSpec::Type::Secret)
                tags << QStringLiteral("secret");
            tags << (f.required ? QStringLiteral("required") : QStringLiteral("optional"));
            const QString type = describeFieldType(f);
            if (!type.isEmpty() && f.type != FieldSpec::Type::Secret)
                tags << type;
            text += QStringLiteral("    %1 [%2] %3: %4\n")
                        .arg(f.key.leftJustified(18), tags.join(QLatin1String(", ")), f.label, f.help);
        }
    }
    text += QStringLiteral("\nExamples:\n");
    for (const ServiceInfo& s : ProviderRegistry::services()) {
        if (s.id == ProviderRegistry::localAccount().service)
            continue;
        QString line = QStringLiteral("  slipway-cli accounts add %1 --name %2")
                           .arg(s.id, s.nameHint.isEmpty() ? s.id : s.nameHint);
        if (s.defaultBaseUrl.isEmpty() && s.hasBaseUrl)
            line += QStringLiteral(" --set base-url=https://...");
        for (const FieldSpec& f : s.plainFields()) {
            if (f.required)
                line += QStringLiteral(" --set %1=...").arg(f.key);
        }
        if (const FieldSpec* secret = s.primarySecret())
            line += secret->pem ? QStringLiteral(" --secret-file KEY-FILE") : QStringLiteral(" --secret-stdin");
        text += line + QLatin1Char('\n');
    }
    return text;
}

QJsonObject accountJson(const Account& a, const ServiceInfo* service)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), a.name);
    o.insert(QStringLiteral("service"), a.service);
    o.insert(QStringLiteral("serviceName"), service ? service->displayName : a.service);
    QUrl base = a.baseUrl;
    const bool isDefault = base.isEmpty();
    if (isDefault && service)
        base = service->defaultBaseUrl;
    o.insert(QStringLiteral("baseUrl"), base.isEmpty() ? QJsonValue() : QJsonValue(base.toString()));
    o.insert(QStringLiteral("baseUrlIsDefault"), isDefault);
    QJsonObject fields;
    for (auto it = a.fields.cbegin(); it != a.fields.cend(); ++it) {
        const FieldSpec* spec = service ? service->field(it.key()) : nullptr;
        if (spec && spec->type == FieldSpec::Type::Secret)
            continue;
        fields.insert(it.key(), it.value().toString());
    }
    o.insert(QStringLiteral("fields"), fields);
    // Preflight blocks the package's error-severity warnings (debuggable, expired certificate) on a production
    // destination; unset, the service's default (on for App Store Connect, off for the Local library).
    o.insert(QStringLiteral("production"), a.isProduction(service));
    o.insert(QStringLiteral("productionIsDefault"), !a.fields.contains(QStringLiteral("production")));
    return o;
}

// "production: yes (the App Store Connect default)" for `accounts list`.
QString productionLine(const QJsonObject& account)
{
    return QStringLiteral("    production: %1%2\n")
        .arg(account.value(QStringLiteral("production")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"),
            account.value(QStringLiteral("productionIsDefault")).toBool()
                ? QStringLiteral(" (the %1 default; change it with --set production=true|false)")
                      .arg(account.value(QStringLiteral("serviceName")).toString())
                : QString());
}

QString presenceWord(const SecretPresence& p)
{
    if (p.error.isError())
        return QStringLiteral("unknown");
    if (!p.present)
        return QStringLiteral("missing");
    return p.thisRunOnly ? QStringLiteral("this-run-only") : QStringLiteral("stored");
}

// Reads the secret given by --secret-stdin / --secret-file; an empty result when neither was given.
Result<QByteArray> readSecret(Context& ctx, const QCommandLineParser& parser, bool pem)
{
    const bool fromStdin = parser.isSet(QStringLiteral("secret-stdin"));
    const bool fromFile = parser.isSet(QStringLiteral("secret-file"));
    if (fromStdin && fromFile)
        return Error(
            Error::Kind::Validation, QStringLiteral("Give the secret with --secret-stdin or --secret-file, not both."));
    if (!fromStdin && !fromFile)
        return QByteArray();
    Q_UNUSED(ctx)
    QFile file;
    QString source;
    if (fromStdin) {
        source = QStringLiteral("standard input");
        if (!file.open(stdin, QIODevice::ReadOnly))
            return Error(Error::Kind::Io, QStringLiteral("Standard input could not be read."));
    } else {
        source = parser.value(QStringLiteral("secret-file"));
        file.setFileName(source);
        if (!file.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, QStringLiteral("%1 could not be read: %2.").arg(source, file.errorString()));
    }
    QByteArray secret = file.read(kMaxSecretSize + 1);
    if (secret.size() > kMaxSecretSize)
        return Error(Error::Kind::Validation, QStringLiteral("The secret from %1 is larger than 64 KiB.").arg(source));
    // `echo token |` adds a newline that is not part of the token; a PEM key keeps one final newline.
    while (!secret.isEmpty() && (secret.endsWith('\n') || secret.endsWith('\r') || secret.endsWith(' ')))
        secret.chop(1);
    if (pem && !secret.isEmpty())
        secret.append('\n');
    if (secret.isEmpty())
        return Error(Error::Kind::Validation, QStringLiteral("The secret from %1 is empty.").arg(source));
    return secret;
}

// Applies --set KEY=VALUE to an account: base-url to Account::baseUrl, the rest to its fields.
Status applySets(const QVariantMap& sets, const ServiceInfo& service, Account& account)
{
    for (auto it = sets.cbegin(); it != sets.cend(); ++it) {
        const QString key = it.key();
        const QString value = it.value().toString().trimmed();
        if (key == kBaseUrlKey) {
            account.baseUrl = value.isEmpty() ? QUrl() : QUrl(value, QUrl::StrictMode);
            if (!value.isEmpty() && !account.baseUrl.isValid())
                return Error(Error::Kind::Validation, QStringLiteral("\"%1\" is not a valid base URL.").arg(value));
            continue;
        }
        if (key == QLatin1String("production")) { // preflight: the package's errors block a production destination
            if (value != QLatin1String("true") && value != QLatin1String("false"))
                return Error(Error::Kind::Validation, QStringLiteral("production is true or false."));
            account.fields.insert(key, value);
            continue;
        }
        const FieldSpec* spec = service.field(key);
        if (!spec) {
            QStringList keys {QStringLiteral("base-url")};
            for (const FieldSpec& f : service.plainFields())
                keys << f.key;
            return Error(Error::Kind::Validation,
                QStringLiteral("%1 accounts have no key \"%2\"; use one of: %3 (see "
                               "accounts add --help).")
                    .arg(service.displayName, key, keys.join(QLatin1String(", "))));
        }
        if (spec->type == FieldSpec::Type::Secret) {
            return Error(Error::Kind::Validation,
                QStringLiteral("%1 is a secret: pass it with --secret-stdin or --secret-file, never on the "
                               "command line.")
                    .arg(key));
        }
        if (value.isEmpty())
            account.fields.remove(key);
        else
            account.fields.insert(key, value);
    }
    return Ok {};
}

int runList(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the connected accounts (secrets are never printed)."));
    parser.addOption(jsonOption());
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("accounts list")} + args,
            QStringLiteral("accounts list [--json]"), code))
        return code;

    AccountManager manager(ctx.workspace);
    QJsonArray json;
    bool keychainWarned = false;
    for (const Account& a : ctx.workspace->accounts()) {
        const ServiceInfo* service = ProviderRegistry::service(a.service);
        QJsonObject o = accountJson(a, service);
        QList<SecretPresence> presence;
        if (ctx.workspace->accountStore().contains(a.name)) {
            SecretPresenceJob* job = manager.secretPresence(a.name);
            runJob(ctx, job);
            if (job->succeeded())
                presence = job->result();
            job->deleteLater();
        }
        QJsonObject secrets;
        for (const SecretPresence& p : presence) {
            secrets.insert(p.field, presenceWord(p));
            if (p.error.isError() && !keychainWarned) {
                keychainWarned = true;
                *ctx.err << "slipway-cli: warning: cannot tell whether secrets are stored: " << p.error.message
                         << Qt::endl;
            }
        }
        o.insert(QStringLiteral("secrets"), secrets);
        if (parser.isSet(QStringLiteral("json"))) {
            json.append(o);
            continue;
        }
        *ctx.out << a.name << "  (" << o.value(QStringLiteral("serviceName")).toString() << ")\n";
        if (a.service == QLatin1String("local")) {
            const QString path = a.field(QStringLiteral("path"));
            *ctx.out << "    path: " << (path.isEmpty() ? ctx.workspace->libraryPath() : path) << "\n";
            *ctx.out << productionLine(o);
            continue;
        }
        const QString base = o.value(QStringLiteral("baseUrl")).toString();
        *ctx.out << "    base-url: " << (base.isEmpty() ? QStringLiteral("(none)") : base)
                 << (o.value(QStringLiteral("baseUrlIsDefault")).toBool() ? " (default)" : "") << "\n";
        const QJsonObject fields = o.value(QStringLiteral("fields")).toObject();
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
            if (it.key() != QLatin1String("production"))
                *ctx.out << "    " << it.key() << ": " << it.value().toString() << "\n";
        }
        *ctx.out << productionLine(o);
        for (const SecretPresence& p : presence) {
            QString state;
            if (p.error.isError())
                state = QStringLiteral("unknown (keyring unavailable)");
            else if (!p.present)
                state = QStringLiteral("missing (set it with accounts edit %1 --secret-stdin)").arg(a.name);
            else if (p.thisRunOnly)
                state = QStringLiteral("kept in memory for this run only");
            else
                state = QStringLiteral("stored in the keychain");
            *ctx.out << "    " << p.field << ": " << state << "\n";
        }
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson(ctx, json);
    ctx.out->flush();
    return 0;
}

int runAdd(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Connect an account of SERVICE (local, managexr, "
                                                    "appstoreconnect, akana, applivery, hockeyapp)."));
    parser.addPositionalArgument(QStringLiteral("SERVICE"), QStringLiteral("The service of the account."));
    const QCommandLineOption name({QStringLiteral("n"), QStringLiteral("name")},
        QStringLiteral("The account's name (letters, digits, '.', '_', '-')."), QStringLiteral("NAME"));
    parser.addOption(name);
    parser.addOption(setOption());
    parser.addOption(secretStdinOption());
    parser.addOption(secretFileOption());
    parser.addOption(jsonOption());
    const QString usage = QStringLiteral(
        "accounts add SERVICE --name NAME [--set KEY=VALUE]... [--secret-stdin | --secret-file F] [--json]");
    const QStringList fullArgs = QStringList {QStringLiteral("accounts add")} + args;
    if (fullArgs.contains(QLatin1String("--help")) || fullArgs.contains(QLatin1String("-h"))) {
        int code = 0;
        parse(ctx, parser, fullArgs, usage, code);
        *ctx.out << servicesHelp();
        ctx.out->flush();
        return code;
    }
    int code = 0;
    if (!parse(ctx, parser, fullArgs, usage, code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(ctx, QStringLiteral("accounts add expects one SERVICE (see accounts add --help)"));
    if (!parser.isSet(name))
        return usageError(ctx, QStringLiteral("accounts add needs --name NAME"));
    const ServiceInfo* service = ProviderRegistry::service(positional.first());
    if (!service) {
        QStringList ids;
        for (const ServiceInfo& s : ProviderRegistry::services())
            ids << s.id;
        return usageError(ctx,
            QStringLiteral("unknown service \"%1\"; use one of: %2")
                .arg(positional.first(), ids.join(QLatin1String(", "))));
    }

    Account account;
    account.name = parser.value(name);
    account.service = service->id;
    ctx.account = account.name;
    ctx.service = service->id;
    ctx.setsAccountFields = true;
    QVariantMap sets;
    if (!parseSetOptions(ctx, parser.values(QStringLiteral("set")), sets))
        return 2;
    if (auto st = applySets(sets, *service, account); !st)
        return fail(ctx, st.error());

    AccountManager::Secrets secrets;
    const QString secretField = AccountManager::primarySecretField(service->id);
    auto secret = readSecret(ctx, parser, service->primarySecret() && service->primarySecret()->pem);
    if (!secret)
        return fail(ctx, secret.error());
    if (!secret.value().isEmpty()) {
        if (secretField.isEmpty())
            return fail(ctx,
                Error(
                    Error::Kind::Validation, QStringLiteral("%1 accounts have no secret.").arg(service->displayName)));
        secrets.insert(secretField, secret.value());
    } else if (const FieldSpec* spec = service->field(secretField); spec && spec->required) {
        return fail(ctx,
            Error(Error::Kind::Validation,
                QStringLiteral("%1 needs the %2: pass it with --secret-stdin "
                               "or --secret-file F.")
                    .arg(service->displayName, spec->label)));
    }

    AccountManager manager(ctx.workspace);
    AccountJob* job = manager.add(account, secrets);
    if (!runJob(ctx, job)) {
        Error e = job->error();
        if (e.kind == Error::Kind::Keychain)
            e.message += QStringLiteral(" Nothing was saved.");
        return fail(ctx, e);
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(ctx, accountJson(job->result(), service));
    } else {
        *ctx.out << "Added " << service->displayName << " account \"" << account.name << "\""
                 << (secrets.isEmpty() ? QString() : QStringLiteral("; its secret is in the OS keychain")) << "."
                 << Qt::endl;
    }
    return 0;
}

int runEdit(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Change an account's fields or its secret."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account."));
    parser.addOption(setOption());
    parser.addOption(secretStdinOption());
    parser.addOption(secretFileOption());
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("accounts edit")} + args,
            QStringLiteral("accounts edit NAME [--set KEY=VALUE]... [--secret-stdin | --secret-file F]"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, QStringLiteral("accounts edit expects one NAME"));
    const QString accountName = parser.positionalArguments().first();
    ctx.account = accountName;
    ctx.setsAccountFields = true;
    const std::optional<Account> existing = ctx.workspace->accountStore().account(accountName);
    if (!existing)
        return fail(
            ctx, Error(Error::Kind::NotFound, QStringLiteral("There is no account named \"%1\".").arg(accountName)));
    const ServiceInfo* service = ProviderRegistry::service(existing->service);
    if (!service)
        return fail(
            ctx, Error(Error::Kind::Validation, QStringLiteral("Unknown service \"%1\".").arg(existing->service)));
    Account account = *existing;
    QVariantMap sets;
    if (!parseSetOptions(ctx, parser.values(QStringLiteral("set")), sets))
        return 2;
    if (auto st = applySets(sets, *service, account); !st)
        return fail(ctx, st.error());
    AccountManager::Secrets secrets;
    const QString secretField = AccountManager::primarySecretField(service->id);
    auto secret = readSecret(ctx, parser, service->primarySecret() && service->primarySecret()->pem);
    if (!secret)
        return fail(ctx, secret.error());
    if (!secret.value().isEmpty() && !secretField.isEmpty())
        secrets.insert(secretField, secret.value());
    AccountManager manager(ctx.workspace);
    AccountJob* job = manager.edit(accountName, account, secrets);
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    *ctx.out << "Updated account \"" << accountName << "\"." << Qt::endl;
    return 0;
}

int runRename(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rename an account; its keychain entries move with it."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account."));
    parser.addPositionalArgument(QStringLiteral("NEW-NAME"), QStringLiteral("Its new name."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("accounts rename")} + args,
            QStringLiteral("accounts rename NAME NEW-NAME"), code))
        return code;
    if (parser.positionalArguments().size() != 2)
        return usageError(ctx, QStringLiteral("accounts rename expects NAME and NEW-NAME"));
    AccountManager manager(ctx.workspace);
    AccountJob* job = manager.rename(parser.positionalArguments().at(0), parser.positionalArguments().at(1));
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    *ctx.out << "Renamed account \"" << parser.positionalArguments().at(0) << "\" to \""
             << parser.positionalArguments().at(1) << "\"." << Qt::endl;
    return 0;
}

int runRemove(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove an account and its keychain entries."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("accounts remove")} + args,
            QStringLiteral("accounts remove NAME"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, QStringLiteral("accounts remove expects one NAME"));
    const QString accountName = parser.positionalArguments().first();
    AccountManager manager(ctx.workspace);
    ValueJob<Ok>* job = manager.remove(accountName);
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    *ctx.out << "Removed account \"" << accountName << "\" and its keychain entries." << Qt::endl;
    return 0;
}

} // namespace

int runAccounts(Context& ctx, const QStringList& args)
{
    if (args.isEmpty()) {
        *ctx.err << accountsUsage();
        return 2;
    }
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("-h") || sub == QLatin1String("--help") || sub == QLatin1String("help")) {
        *ctx.out << accountsUsage();
        return 0;
    }
    if (sub == QLatin1String("list"))
        return runList(ctx, rest);
    if (sub == QLatin1String("add"))
        return runAdd(ctx, rest);
    if (sub == QLatin1String("edit"))
        return runEdit(ctx, rest);
    if (sub == QLatin1String("rename"))
        return runRename(ctx, rest);
    if (sub == QLatin1String("remove"))
        return runRemove(ctx, rest);
    return usageError(ctx, QStringLiteral("unknown accounts command \"%1\" (see accounts --help)").arg(sub));
}

} // namespace Slipway::Cli
