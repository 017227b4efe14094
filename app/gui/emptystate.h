#pragma once

#include <QWidget>

class QAction;
class QPushButton;

namespace Slipway::Gui {

// What the middle of the window shows while there is nothing to browse (first start, an empty library): what
// Slipway does, an "Open package…" button (the window's own Open action) and "or drag a package here".
class EmptyState : public QWidget
{
    Q_OBJECT

public:
    EmptyState(QAction* openAction, QWidget* parent = nullptr);

    QPushButton* openButton() const { return m_open; }

private:
    QPushButton* m_open;
};

} // namespace Slipway::Gui
