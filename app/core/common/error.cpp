#include "error.h"

#include <QCoreApplication>

namespace Slipway {

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Tls:
        return QStringLiteral("tls");
    case Kind::Auth:
        return QStringLiteral("auth");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not-found");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::Validation:
        return QStringLiteral("validation");
    case Kind::RateLimited:
        return QStringLiteral("rate-limited");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::BadResponse:
        return QStringLiteral("bad-response");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::Io:
        return QStringLiteral("io");
    case Kind::InvalidPackage:
        return QStringLiteral("invalid-package");
    case Kind::Keychain:
        return QStringLiteral("keychain");
    case Kind::Unsupported:
        return QStringLiteral("unsupported");
    case Kind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

QString Error::toString() const
{
    QString text = message.isEmpty() ? kindName() : message;
    if (!serverMessage.isEmpty() && !message.contains(serverMessage))
        text += QCoreApplication::translate("Slipway::Error", " (server: %1)").arg(serverMessage);
    return text;
}

QJsonObject Error::toJson() const
{
    QJsonObject o {{QStringLiteral("kind"), kindName()}, {QStringLiteral("message"), message}};
    if (httpStatus)
        o.insert(QStringLiteral("httpStatus"), httpStatus);
    if (!serverMessage.isEmpty())
        o.insert(QStringLiteral("serverMessage"), serverMessage);
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    return o;
}

} // namespace Slipway
