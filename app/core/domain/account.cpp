#include "account.h"

namespace Slipway {

QList<FieldSpec> ServiceInfo::secretFields() const
{
    QList<FieldSpec> out;
    for (const FieldSpec& f : accountFields) {
        if (f.type == FieldSpec::Type::Secret)
            out.append(f);
    }
    return out;
}

QList<FieldSpec> ServiceInfo::plainFields() const
{
    QList<FieldSpec> out;
    for (const FieldSpec& f : accountFields) {
        if (f.type != FieldSpec::Type::Secret)
            out.append(f);
    }
    return out;
}

const FieldSpec* ServiceInfo::field(const QString& key) const
{
    for (const FieldSpec& f : accountFields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const FieldSpec* ServiceInfo::primarySecret() const
{
    for (const FieldSpec& f : accountFields) {
        if (f.type == FieldSpec::Type::Secret)
            return &f;
    }
    return nullptr;
}

bool Account::isProduction(const ServiceInfo* service) const
{
    const QVariant value = fields.value(QStringLiteral("production"));
    if (!value.isValid() || value.toString().isEmpty())
        return service && service->limits.productionByDefault;
    const QString text = value.toString().trimmed().toLower();
    return text == QLatin1String("true") || text == QLatin1String("1") || text == QLatin1String("yes")
        || text == QLatin1String("on");
}

} // namespace Slipway
