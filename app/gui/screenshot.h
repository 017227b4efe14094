#pragma once

#include <QString>

namespace Slipway::Gui {

class MainWindow;

// For packaging checks and documentation: once the window shows its first account (or after 20 s), saves what it
// shows to `path` (PNG) and quits — exit code 0 when the file was written. Set by SLIPWAY_SCREENSHOT=FILE.
void saveScreenshotWhenShown(MainWindow* window, const QString& path);

} // namespace Slipway::Gui
