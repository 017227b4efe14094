#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace Slipway::Gui {

// Desktop notifications ("the release finished" while the window is in the background). On a freedesktop
// desktop they go to the Notifications service over D-Bus (org.freedesktop.Notifications.Notify, Desktop
// Notifications Specification 1.2); where that service is missing, a tray icon's balloon shows them instead. Other
// platforms supply their own implementation of this file.
class Notifications : public QObject
{
    Q_OBJECT

public:
    enum class Urgency
    {
        Normal = 1,
        Critical = 2,
    };

    // `service` is the bus name (tests run their own); the connection is the session bus by default.
    explicit Notifications(QObject* parent = nullptr,
        const QString& service = QStringLiteral("org.freedesktop.Notifications"),
        const QDBusConnection& bus = QDBusConnection::sessionBus());
    ~Notifications() override;

    // Shows one notification, asynchronously. Never blocks and never fails loudly: a desktop without any
    // notification service just shows nothing.
    void notify(const QString& summary, const QString& body, Urgency urgency = Urgency::Normal);

Q_SIGNALS:
    // The service accepted (true, with its notification id) or the fallback was used (false, 0).
    void sent(bool viaDBus, uint id);

private:
    void fallback(const QString& summary, const QString& body, Urgency urgency);

    QString m_service;
    QDBusConnection m_bus;
    QSystemTrayIcon* m_tray = nullptr;
};

} // namespace Slipway::Gui
