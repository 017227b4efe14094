#pragma once

#include <QObject>

class QWidget;

namespace Slipway::Gui {

// Keeps every window of the application on its screen: when a dialog or main window is shown, it is made no larger
// than the screen's available area (never below its own minimum) and moved inside it. A dialog that asks for
// 980×520 stays whole on an 800×600 screen or at 2× scaling (QT_SCALE_FACTOR=2, where the same screen has half the
// logical pixels). Installed once on the application (MainWindow does it).
class ScreenFit : public QObject
{
    Q_OBJECT

public:
    explicit ScreenFit(QObject* parent = nullptr);

    // Fits one window now (also what the filter does on Show).
    static void fit(QWidget* window);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace Slipway::Gui
