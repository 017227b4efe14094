#include "accountfieldcheck.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>
#include <credentials/keyvalidation.h>

namespace Slipway::Gui::AccountFieldCheck {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::Gui::AccountFieldCheck", text);
}

bool isLoopback(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

QString checkUrl(const QString& label, const QString& value)
{
    const QString text = value.trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return tr("%1 must be an https:// address.").arg(label);
    if (url.scheme() == QLatin1String("http") && !isLoopback(url.host()))
        return tr("%1 must use https://; plain http:// is only for a server on this machine.").arg(label);
    return {};
}

QString check(const ServiceInfo& service, const QString& fieldKey, const QString& value)
{
    if (fieldKey == QLatin1String(kBaseUrl))
        return checkUrl(tr("The base URL"), value);
    const FieldSpec* spec = service.field(fieldKey);
    if (!spec || value.trimmed().isEmpty())
        return {};
    if (spec->type == FieldSpec::Type::Url)
        return checkUrl(spec->label, value);
    if (service.id == QLatin1String("appstoreconnect")) {
        // ../shared/docs/apis/apple-app-store-connect.md: the issuer ID is a UUID, the key ID is the ten-character
        // ID of the API key (AuthKey_<key ID>.p8), and the key is an EC P-256 private key [doc A3].
        if (fieldKey == QLatin1String("issuer-id")) {
            static const QRegularExpression uuid(
                QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
            if (!uuid.match(value.trimmed()).hasMatch())
                return tr("The issuer ID is a UUID like 57246542-96fe-1a63-e053-0824d011072a.");
        } else if (fieldKey == QLatin1String("key-id")) {
            static const QRegularExpression keyId(QStringLiteral("^[A-Z0-9]{10}$"));
            if (!keyId.match(value.trimmed()).hasMatch())
                return tr("The key ID is ten capital letters and digits, like 2X9R4HXF34.");
        } else if (spec->pem) {
            if (const Status valid = validateAppStoreConnectKey(value.toUtf8()); !valid)
                return valid.error().message;
        }
    }
    return {};
}

} // namespace Slipway::Gui::AccountFieldCheck
