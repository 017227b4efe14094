#include "clibase.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <common/version.h>
#include <cstring>

namespace Slipway::Cli {

int exitCodeFor(const Error& error)
{
    using Kind = Error::Kind;
    switch (error.kind) {
    case Kind::None:
        return 0;
    case Kind::Validation:
        return 3;
    case Kind::InvalidPackage:
    case Kind::Io:
        return 4;
    case Kind::Auth:
    case Kind::Forbidden:
    case Kind::Keychain:
        return 5;
    case Kind::NotFound:
        return 6;
    case Kind::Conflict:
        return 7;
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Tls:
    case Kind::RateLimited:
    case Kind::Server:
    case Kind::BadResponse:
        return 8;
    case Kind::Cancelled:
        return 130;
    case Kind::Unsupported:
    case Kind::Internal:
        return 1;
    }
    return 1;
}

QString hintFor(const Error& error, const HintTarget& target)
{
    const QString& field = error.field;
    if (field.isEmpty())
        return {};
    static const QHash<QString, QString> publishFlags {
        {QStringLiteral("app"), QStringLiteral("use --app APP")},
        {QStringLiteral("version-name"), QStringLiteral("use --version-name V")},
        {QStringLiteral("version-code"), QStringLiteral("use --version-code N")},
        {QStringLiteral("label"), QStringLiteral("use --label L")},
        {QStringLiteral("notes"), QStringLiteral("use --notes TEXT or --notes-file F")},
        {QStringLiteral("account"),
            QStringLiteral("use --account NAME; `slipway-cli accounts list` shows the connected accounts")},
    };
    if (const auto it = publishFlags.constFind(field); it != publishFlags.cend())
        return it.value();
    const QLatin1String accountPrefix("account:");
    if (!field.startsWith(accountPrefix))
        return QStringLiteral("use --set %1=VALUE").arg(field);
    const QString key = field.mid(accountPrefix.size());
    const bool secret = !key.isEmpty() && key == target.primarySecret;
    const QString option = secret ? QStringLiteral("--secret-stdin") : QStringLiteral("--set %1=VALUE").arg(key);
    if (target.setsAccountFields)
        return secret ? QStringLiteral("use --secret-stdin or --secret-file F") : QStringLiteral("use ") + option;
    const QString account = target.account.isEmpty() ? QStringLiteral("ACCOUNT") : target.account;
    return QStringLiteral("use `slipway-cli accounts edit %1 %2`").arg(account, option);
}

int fail(Context& ctx, const Error& error)
{
    QString line = error.toString();
    HintTarget target;
    target.account = ctx.account;
    target.setsAccountFields = ctx.setsAccountFields;
    if (error.field.startsWith(QLatin1String("account:")) && ctx.primarySecretOf)
        target.primarySecret = ctx.primarySecretOf(ctx);
    if (const QString hint = hintFor(error, target); !hint.isEmpty())
        line += QStringLiteral(" (%1)").arg(hint);
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    *ctx.err << "slipway-cli: error: " << line << Qt::endl;
    const int code = exitCodeFor(error);
    return code == 0 ? 1 : code; // a failure without a kind is still a failure
}

int usageError(Context& ctx, const QString& message)
{
    *ctx.err << "slipway-cli: error: " << message << Qt::endl;
    return 2;
}

void printJson(Context& ctx, const QJsonValue& value)
{
    QJsonDocument doc;
    if (value.isArray())
        doc = QJsonDocument(value.toArray());
    else
        doc = QJsonDocument(value.toObject());
    *ctx.out << doc.toJson(QJsonDocument::Indented);
    ctx.out->flush();
}

QString humanSize(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

bool parse(Context& ctx, QCommandLineParser& parser, const QStringList& args, const QString& usage, int& exitCode)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        exitCode = usageError(ctx, parser.errorText() + QStringLiteral(" (see --help)"));
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")), QStringLiteral("Usage: slipway-cli ") + usage);
        *ctx.out << text;
        exitCode = 0;
        return false;
    }
    return true;
}

bool parseSetOptions(Context& ctx, const QStringList& values, QVariantMap& out)
{
    for (const QString& kv : values) {
        const int eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            usageError(ctx, QStringLiteral("--set expects KEY=VALUE, got \"%1\"").arg(kv));
            return false;
        }
        out.insert(kv.left(eq).trimmed(), kv.mid(eq + 1));
    }
    return true;
}

namespace {

QLoggingCategory::CategoryFilter qtCategoryFilter = nullptr;

// Qt's own filter first (qtlogging.ini), then every slipway.* category off: what the rule "slipway.*=false" does,
// without parsing a rule set, which took 15 % of `inspect`'s own time (docs/performance.md).
void silenceSlipwayCategories(QLoggingCategory* category)
{
    if (qtCategoryFilter)
        qtCategoryFilter(category);
    if (std::strncmp(category->categoryName(), "slipway.", 8) == 0) {
        for (QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
            category->setEnabled(type, false);
    }
}

} // namespace

void initApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Slipway"));
    QCoreApplication::setApplicationName(QStringLiteral("Slipway"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIPWAY_VERSION));
    // Diagnostics stay out of the output unless asked for: SLIPWAY_DEBUG=1, or rules in QT_LOGGING_RULES or
    // QT_LOGGING_CONF, which then take precedence over "slipway.*=false" as Qt orders rule sources.
    if (!qEnvironmentVariableIsEmpty("SLIPWAY_DEBUG"))
        return;
    if (qEnvironmentVariableIsSet("QT_LOGGING_RULES") || qEnvironmentVariableIsSet("QT_LOGGING_CONF"))
        QLoggingCategory::setFilterRules(QStringLiteral("slipway.*=false"));
    else
        qtCategoryFilter = QLoggingCategory::installFilter(silenceSlipwayCategories);
}

} // namespace Slipway::Cli
