#include "screenshot.h"

#include "mainwindow.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>
#include <models/accounttreemodel.h>

namespace Slipway::Gui {

void saveScreenshotWhenShown(MainWindow* window, const QString& path)
{
    auto shoot = [window, path] {
        const bool saved = window->isVisible() && window->grab().save(path, "PNG");
        if (!saved)
            qWarning("slipway: could not save the screenshot to %s", qPrintable(path));
        QCoreApplication::exit(saved ? 0 : 1);
    };
    // The first account in the tree means the window has its content; shoot on the next turn, after layout.
    QObject::connect(
        window->accountModel(), &AccountTreeModel::accountLoaded, window, [shoot] { QTimer::singleShot(0, shoot); },
        Qt::SingleShotConnection);
    QTimer::singleShot(20000, window, shoot);
}

} // namespace Slipway::Gui
