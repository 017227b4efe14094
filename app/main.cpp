// slipway: the desktop window. Thin on purpose: everything lives in slipway_gui and slipway_core.
#include <gui/mainwindow.h>

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
    if (qEnvironmentVariableIsEmpty("SLIPWAY_DEBUG"))
        QLoggingCategory::setFilterRules(QStringLiteral("slipway.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Inspect, publish and browse app builds."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption library(
        QStringLiteral("library"), QStringLiteral("Local library folder."), QStringLiteral("DIR"));
    parser.addOption(library);
    parser.addPositionalArgument(
        QStringLiteral("FILE"), QStringLiteral("Packages to inspect and publish."), QStringLiteral("[FILE...]"));
    parser.process(app);

    Slipway::Workspace::Options options;
    options.libraryPath = parser.value(library);
    Slipway::Workspace workspace(options);
    Slipway::Gui::MainWindow window(&workspace);
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openPackages(parser.positionalArguments());
    return app.exec();
}
