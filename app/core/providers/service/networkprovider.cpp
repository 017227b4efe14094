#include "networkprovider.h"

namespace Slipway {

NetworkProvider::NetworkProvider(const Account& account, const QString& serviceId, const QString& shortName,
    Capabilities capabilities, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_serviceId(serviceId)
    , m_shortName(shortName)
    , m_capabilities(capabilities)
{ }

QString NetworkProvider::displayName() const
{
    return QStringLiteral("%1 (%2)").arg(m_shortName, m_account.name);
}

} // namespace Slipway
