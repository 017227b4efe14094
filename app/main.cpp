// slipway: the desktop window. Thin on purpose: everything lives in slipway_gui and slipway_core.
#include <gui/mainwindow.h>
#include <gui/platform/appearance.h>
#include <gui/screenshot.h>
#include <gui/singleinstance.h>
#include <gui/translations.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLoggingCategory>
#include <common/version.h>
#include <session/workspace.h>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Slipway"));
    QApplication::setApplicationName(QStringLiteral("Slipway"));
    QApplication::setApplicationDisplayName(QStringLiteral("Slipway"));
    QApplication::setApplicationVersion(QStringLiteral(SLIPWAY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.slipway.Slipway"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/slipway.svg")));
    // The system locale's translation (LANG, LC_ALL, LC_MESSAGES); English when there is none.
    Slipway::Gui::installTranslations(&app);
    if (qEnvironmentVariableIsEmpty("SLIPWAY_DEBUG"))
        QLoggingCategory::setFilterRules(QStringLiteral("slipway.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Inspect, publish and browse app builds."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption library(
        QStringLiteral("library"), QCoreApplication::translate("main", "Local library folder."), QStringLiteral("DIR"));
    parser.addOption(library);
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QCoreApplication::translate("main", "Packages to inspect and publish; a running window opens them."),
        QStringLiteral("[FILE...]"));
    parser.process(app);

    Slipway::Workspace::Options options;
    options.libraryPath = parser.value(library);
    const QStringList files = parser.positionalArguments();
    const QString screenshot = qEnvironmentVariable("SLIPWAY_SCREENSHOT");
    // One window: a second start hands its files to the running one (which comes to the front) and exits.
    Slipway::Gui::SingleInstance instance(Slipway::Gui::SingleInstance::defaultKey(
        options.libraryPath.isEmpty() ? qEnvironmentVariable("SLIPWAY_LIBRARY") : options.libraryPath));
    if (screenshot.isEmpty() && instance.sendToRunning(files))
        return 0;
    if (screenshot.isEmpty() && !instance.listen() && instance.sendToRunning(files))
        return 0;

    // Light or dark as the desktop prefers (the freedesktop appearance portal), also when it changes later.
    Slipway::Gui::Appearance appearance;
    appearance.refresh();

    Slipway::Workspace workspace(options);
    Slipway::Gui::MainWindow window(&workspace);
    QObject::connect(&instance, &Slipway::Gui::SingleInstance::filesReceived, &window, [&window](const QStringList& f) {
        window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
        window.raise();
        window.activateWindow();
        window.openPackages(f);
    });
    window.show();
    if (!screenshot.isEmpty())
        Slipway::Gui::saveScreenshotWhenShown(&window, screenshot);
    window.openPackages(files);
    return app.exec();
}
