#include "focusorder.h"

#include <QEvent>
#include <QLabel>
#include <QMainWindow>
#include <QMetaObject>
#include <QWidget>

namespace Slipway::Gui {

namespace {

bool takesTab(const QWidget* w)
{
    return (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy();
}

// Focusable descendants of `root` in creation order (the order the user reads them in a form).
void collect(QWidget* root, QList<QWidget*>& out)
{
    for (QObject* child : root->children()) {
        auto* w = qobject_cast<QWidget*>(child);
        if (!w || w->isWindow())
            continue;
        if (takesTab(w))
            out.append(w);
        collect(w, out);
    }
}

} // namespace

FocusOrder::FocusOrder(QMainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_details(window->findChild<QWidget*>(QStringLiteral("detailsPane")))
{
    if (m_details)
        m_details->installEventFilter(this);
    apply();
}

bool FocusOrder::eventFilter(QObject* watched, QEvent* event)
{
    // The pane replaces its content for every selection; its rows are added in the same call, so order them once
    // the event loop is back.
    if (watched == m_details && event->type() == QEvent::ChildAdded && !m_queued) {
        m_queued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_queued = false;
                apply();
            },
            Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

QList<QWidget*> FocusOrder::chain() const
{
    auto named = [this](const char* name) { return m_window->findChild<QWidget*>(QLatin1String(name)); };
    QList<QWidget*> order;
    if (QWidget* bar = named("messageBar"))
        collect(bar, order);
    for (const char* name : {"appSearchEdit", "accountTreeView", "versionSearchEdit", "versionTableView"}) {
        if (QWidget* w = named(name))
            order.append(w);
    }
    if (QWidget* empty = named("emptyState"))
        collect(empty, order);
    if (QWidget* scroll = named("detailsScrollArea"); scroll && takesTab(scroll))
        order.append(scroll);
    if (m_details) {
        // Read-only values are labels selectable with the keyboard; Tab should reach them too.
        for (auto* label : m_details->findChildren<QLabel*>()) {
            if (label->property("detailsLabel").isValid() && label->focusPolicy() == Qt::ClickFocus)
                label->setFocusPolicy(Qt::StrongFocus);
        }
        collect(m_details, order);
    }
    if (QWidget* cancel = named("cancelButton"))
        order.append(cancel);
    order.removeAll(nullptr);
    return order;
}

void FocusOrder::apply()
{
    const QList<QWidget*> order = chain();
    for (int i = 1; i < order.size(); ++i)
        QWidget::setTabOrder(order.at(i - 1), order.at(i));
}

} // namespace Slipway::Gui
