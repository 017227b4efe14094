#include "appearance.h"

#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QStyle>

namespace Slipway::Gui {

namespace {

// https://flatpak.github.io/xdg-desktop-portal/docs/doc-org.freedesktop.portal.Settings.html
const QString kPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kNamespace = QStringLiteral("org.freedesktop.appearance");
const QString kKey = QStringLiteral("color-scheme");

} // namespace

Appearance::Appearance(QObject* parent, const QString& service, const QDBusConnection& bus)
    : QObject(parent)
    , m_service(service)
    , m_bus(bus)
    , m_lightPalette(QApplication::palette())
{
    if (m_bus.isConnected())
        m_bus.connect(
            m_service, kPath, kInterface, QStringLiteral("SettingChanged"), this, SLOT(onSettingChanged(QDBusMessage)));
}

void Appearance::refresh()
{
    if (m_bus.isConnected())
        read(QStringLiteral("ReadOne"));
}

void Appearance::read(const QString& method)
{
    QDBusMessage call = QDBusMessage::createMethodCall(m_service, kPath, kInterface, method);
    call << kNamespace << kKey;
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 3000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, method] {
        watcher->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *watcher;
        if (reply.isError()) {
            // ReadOne came with version 2 of the interface; older portals only have Read (deprecated since).
            if (method == QLatin1String("ReadOne") && reply.error().type() == QDBusError::UnknownMethod)
                read(QStringLiteral("Read"));
            return; // no portal: keep the style's own palette
        }
        apply(toScheme(reply.argumentAt(0)));
    });
}

Appearance::Scheme Appearance::toScheme(QVariant value)
{
    // Read wraps the value in one more variant than ReadOne does.
    for (int i = 0; i < 3 && value.canConvert<QDBusVariant>(); ++i)
        value = qvariant_cast<QDBusVariant>(value).variant();
    switch (value.toUInt()) {
    case 1:
        return Scheme::Dark;
    case 2:
        return Scheme::Light;
    default:
        return Scheme::NoPreference;
    }
}

void Appearance::onSettingChanged(const QDBusMessage& message)
{
    // SettingChanged(s namespace, s key, v value)
    const QVariantList args = message.arguments();
    if (args.size() == 3 && args.at(0).toString() == kNamespace && args.at(1).toString() == kKey)
        apply(toScheme(args.at(2)));
}

void Appearance::apply(Scheme scheme)
{
    if (scheme == m_scheme)
        return;
    m_scheme = scheme;
    QApplication::setPalette(scheme == Scheme::Dark ? darkPalette() : m_lightPalette);
    Q_EMIT schemeChanged(scheme);
}

bool Appearance::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor Appearance::errorTextColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
}

QPalette Appearance::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x35, 0x84, 0xe4);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x48, 0x48, 0x48));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3c, 0x3c));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x78, 0xae, 0xf0));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xf0));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    return p;
}

} // namespace Slipway::Gui
