#include "accountstore.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSettings>

namespace Slipway {

namespace {

std::unique_ptr<QSettings> openSettings(const QString& file)
{
    if (file.isEmpty())
        return std::make_unique<QSettings>(
            QSettings::IniFormat, QSettings::UserScope, QStringLiteral("Slipway"), QStringLiteral("Slipway"));
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

AccountStore::AccountStore(ServiceLookup services, const QString& settingsFile, QObject* parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_file(settingsFile)
{ }

AccountStore::~AccountStore() = default;

QString AccountStore::settingsFile() const
{
    return openSettings(m_file)->fileName();
}

QList<Account> AccountStore::accounts() const
{
    auto s = openSettings(m_file);
    s->beginGroup(QStringLiteral("accounts"));
    QList<Account> out;
    const QStringList names = s->childGroups();
    for (const QString& name : names) {
        s->beginGroup(name);
        Account a;
        a.name = name;
        a.service = s->value(QStringLiteral("service")).toString();
        a.baseUrl = QUrl(s->value(QStringLiteral("base-url")).toString());
        s->beginGroup(QStringLiteral("fields"));
        for (const QString& key : s->childKeys())
            a.fields.insert(key, s->value(key));
        s->endGroup();
        s->endGroup();
        out.append(a);
    }
    std::sort(out.begin(), out.end(),
        [](const Account& a, const Account& b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
    return out;
}

std::optional<Account> AccountStore::account(const QString& name) const
{
    for (const Account& a : accounts()) {
        if (a.name == name)
            return a;
    }
    return std::nullopt;
}

Status AccountStore::validate(const Account& account) const
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!nameRe.match(account.name).hasMatch()) {
        return Error(Error::Kind::Validation,
            tr("\"%1\" is not a valid account name: use letters, digits, '.', '_' or '-' (at most 64).")
                .arg(account.name));
    }
    if (account.name == QLatin1String("local") && account.service != QLatin1String("local"))
        return Error(Error::Kind::Validation, tr("The name \"local\" is reserved for the Local library."));
    const ServiceInfo* service = m_services(account.service);
    if (!service)
        return Error(Error::Kind::Validation, tr("Unknown service \"%1\".").arg(account.service));
    const auto fieldError = [](const QString& key, const QString& message) {
        Error e(Error::Kind::Validation, message);
        e.field = QStringLiteral("account:") + key;
        return e;
    };
    const QString baseUrlKey = QStringLiteral("base-url");
    if (!account.baseUrl.isEmpty()) {
        const QUrl& url = account.baseUrl;
        if (!url.isValid() || url.host().isEmpty())
            return fieldError(baseUrlKey, tr("\"%1\" is not a valid base URL.").arg(url.toString()));
        if (url.scheme() == QLatin1String("http")) {
            if (!isLoopbackHost(url.host())) {
                return fieldError(baseUrlKey,
                    tr("Plain http:// is only allowed for a server on this machine; use https:// for %1.")
                        .arg(url.host()));
            }
        } else if (url.scheme() != QLatin1String("https")) {
            return fieldError(baseUrlKey, tr("The base URL must start with https://."));
        }
    } else if (service->defaultBaseUrl.isEmpty() && service->hasBaseUrl && service->id != QLatin1String("local")) {
        return fieldError(baseUrlKey, tr("%1 needs a base URL.").arg(service->displayName));
    }
    for (const FieldSpec& f : service->accountFields) {
        if (f.required && f.type != FieldSpec::Type::Secret && account.field(f.key).isEmpty())
            return fieldError(f.key, tr("%1 is required for %2.").arg(f.label, service->displayName));
    }
    return Ok {};
}

Status AccountStore::save(const Account& account)
{
    if (auto st = validate(account); !st)
        return st;
    auto s = openSettings(m_file);
    s->beginGroup(QStringLiteral("accounts"));
    s->remove(account.name);
    s->beginGroup(account.name);
    s->setValue(QStringLiteral("service"), account.service);
    if (!account.baseUrl.isEmpty())
        s->setValue(QStringLiteral("base-url"), account.baseUrl.toString());
    const ServiceInfo* service = m_services(account.service);
    s->beginGroup(QStringLiteral("fields"));
    for (auto it = account.fields.cbegin(); it != account.fields.cend(); ++it) {
        const FieldSpec* spec = service ? service->field(it.key()) : nullptr;
        if (spec && spec->type == FieldSpec::Type::Secret)
            continue; // never in settings, whatever the caller passed
        s->setValue(it.key(), it.value());
    }
    s->endGroup();
    s->endGroup();
    s->endGroup();
    s->sync();
    if (s->status() != QSettings::NoError)
        return Error(Error::Kind::Io, tr("The account settings could not be written to %1.").arg(s->fileName()));
    Q_EMIT changed();
    return Ok {};
}

Status AccountStore::rename(const QString& from, const QString& to)
{
    auto existing = account(from);
    if (!existing)
        return Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(from));
    if (from == to)
        return Ok {};
    if (contains(to))
        return Error(Error::Kind::Conflict, tr("An account named \"%1\" already exists.").arg(to));
    Account renamed = *existing;
    renamed.name = to;
    if (auto st = save(renamed); !st)
        return st;
    return remove(from);
}

Status AccountStore::remove(const QString& name)
{
    auto s = openSettings(m_file);
    s->beginGroup(QStringLiteral("accounts"));
    if (!s->childGroups().contains(name))
        return Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(name));
    s->remove(name);
    s->endGroup();
    s->sync();
    Q_EMIT changed();
    return Ok {};
}

} // namespace Slipway
