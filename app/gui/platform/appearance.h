#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QObject>
#include <QPalette>
#include <QVariant>

class QDBusPendingCallWatcher;

namespace Slipway::Gui {

// Follows the desktop's light or dark preference: the `color-scheme` key of the freedesktop appearance portal
// (org.freedesktop.portal.Settings, namespace org.freedesktop.appearance) read at start and watched for changes.
// A dark preference gets a dark palette for the whole application; widgets take their colours from the palette
// only, so every one follows.
class Appearance : public QObject
{
    Q_OBJECT

public:
    enum class Scheme
    {
        NoPreference = 0,
        Dark = 1,
        Light = 2
    };
    Q_ENUM(Scheme)

    // `service` is the portal's bus name (tests run their own); the connection is the session bus by default.
    explicit Appearance(QObject* parent = nullptr,
        const QString& service = QStringLiteral("org.freedesktop.portal.Desktop"),
        const QDBusConnection& bus = QDBusConnection::sessionBus());

    // Asks the portal (asynchronously); schemeChanged() follows when the answer differs from what is applied.
    void refresh();
    Scheme scheme() const { return m_scheme; }
    // Applies `scheme` to the application palette (also used when the portal answers).
    void apply(Scheme scheme);

    static QPalette darkPalette();
    static bool isDark(const QPalette& palette);
    // Text that reports an error: a red that reads on the palette's window colour.
    static QColor errorTextColor(const QPalette& palette);

Q_SIGNALS:
    void schemeChanged(Slipway::Gui::Appearance::Scheme scheme);

private Q_SLOTS:
    void onSettingChanged(const QDBusMessage& message);

private:
    void read(const QString& method);
    static Scheme toScheme(QVariant value);

    QString m_service;
    QDBusConnection m_bus;
    Scheme m_scheme = Scheme::NoPreference;
    QPalette m_lightPalette;
};

} // namespace Slipway::Gui
