#include "screenfit.h"

#include <QDialog>
#include <QEvent>
#include <QMainWindow>
#include <QScreen>
#include <QWidget>

namespace Slipway::Gui {

ScreenFit::ScreenFit(QObject* parent)
    : QObject(parent)
{ }

bool ScreenFit::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Show && watched->isWidgetType()) {
        auto* w = static_cast<QWidget*>(watched);
        if (w->isWindow() && (qobject_cast<QDialog*>(w) || qobject_cast<QMainWindow*>(w)))
            fit(w);
    }
    return QObject::eventFilter(watched, event);
}

void ScreenFit::fit(QWidget* window)
{
    const QScreen* screen = window->screen();
    if (!screen || window->isMaximized() || window->isFullScreen())
        return;
    const QRect available = screen->availableGeometry();
    // The frame (title bar, borders) counts against the screen too, where the window system has one.
    const QRect frame = window->frameGeometry();
    const QSize margins = frame.size() - window->size();
    const QSize fitted = window->size().boundedTo(available.size() - margins).expandedTo(window->minimumSize());
    if (fitted != window->size())
        window->resize(fitted);
    const QSize outer = fitted + margins;
    QPoint topLeft = window->frameGeometry().topLeft();
    topLeft.setX(qBound(available.left(), topLeft.x(), qMax(available.left(), available.right() + 1 - outer.width())));
    topLeft.setY(qBound(available.top(), topLeft.y(), qMax(available.top(), available.bottom() + 1 - outer.height())));
    if (topLeft != window->frameGeometry().topLeft())
        window->move(topLeft);
}

} // namespace Slipway::Gui
