#include "notifications.h"

#include <QApplication>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QIcon>
#include <QSystemTrayIcon>
#include <QVariantMap>

namespace Slipway::Gui {

namespace {

const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
constexpr int kExpireMs = -1; // the server's default

} // namespace

Notifications::Notifications(QObject* parent, const QString& service, const QDBusConnection& bus)
    : QObject(parent)
    , m_service(service)
    , m_bus(bus)
{ }

Notifications::~Notifications() = default;

void Notifications::notify(const QString& summary, const QString& body, Urgency urgency)
{
    if (!m_bus.isConnected()) {
        fallback(summary, body, urgency);
        return;
    }
    // Notify(app_name s, replaces_id u, app_icon s, summary s, body s, actions as, hints a{sv}, expire_timeout i)
    // -> id u. The body may hold simple markup on servers that support it: escape it.
    QDBusMessage call = QDBusMessage::createMethodCall(m_service, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(urgency)));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("slipway"));
    call << QApplication::applicationDisplayName() << uint(0) << QStringLiteral("slipway") << summary
         << body.toHtmlEscaped() << QStringList() << hints << kExpireMs;
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, summary, body, urgency] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            // No notification service on this bus (a bare window manager): the tray balloon, where there is one.
            fallback(summary, body, urgency);
            return;
        }
        Q_EMIT sent(true, reply.value());
    });
}

void Notifications::fallback(const QString& summary, const QString& body, Urgency urgency)
{
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/slipway.svg")), this);
            m_tray->setToolTip(QApplication::applicationDisplayName());
        }
        m_tray->show();
        m_tray->showMessage(
            summary, body, urgency == Urgency::Critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information);
    }
    Q_EMIT sent(false, 0);
}

} // namespace Slipway::Gui
