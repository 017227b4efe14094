// Test helper for tst_libraryprocesses: publishes FILE into the Local library at LIBRARY with LABEL, like
// `slipway-cli publish`, and stops for good at STAGE ("copied", "verified", "renamed", "before-commit",
// "committed") after announcing "paused at STAGE" on stderr, so the test can SIGKILL it at that exact point.
// Usage: librarypublisher LIBRARY FILE LABEL STAGE
#include <QCoreApplication>
#include <QFileInfo>
#include <csignal>
#include <cstdio>
#include <library/locallibrary.h>
#include <package/packageinspector.h>
#include <unistd.h>

using namespace Slipway;

namespace {

const char* stageName(LocalLibrary::PublishStage stage)
{
    switch (stage) {
    case LocalLibrary::PublishStage::Copied:
        return "copied";
    case LocalLibrary::PublishStage::Verified:
        return "verified";
    case LocalLibrary::PublishStage::Renamed:
        return "renamed";
    case LocalLibrary::PublishStage::BeforeCommit:
        return "before-commit";
    case LocalLibrary::PublishStage::Committed:
        return "committed";
    }
    return "?";
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: librarypublisher LIBRARY FILE LABEL STAGE\n");
        return 2;
    }
    const QByteArray pauseAt = args.at(4).toLatin1();
    LocalLibrary library(args.at(1));
    library.setStageHook([pauseAt](LocalLibrary::PublishStage stage) {
        if (pauseAt != stageName(stage))
            return;
        std::fprintf(stderr, "paused at %s\n", stageName(stage));
        std::fflush(stderr);
        for (;;)
            ::pause(); // until the test kills this process
    });

    PublishRequest request;
    request.files = {QFileInfo(args.at(2)).absoluteFilePath()};
    request.label = args.at(3);
    auto inspected = PackageInspector::inspect(request.files.first());
    if (!inspected) {
        std::fprintf(stderr, "%s\n", qPrintable(inspected.error().toString()));
        return 1;
    }
    auto version = library.publish(request, {inspected.value()});
    if (!version) {
        std::fprintf(stderr, "%s\n", qPrintable(version.error().toString()));
        return 1;
    }
    std::fprintf(stderr, "published %s\n", qPrintable(version->id));
    return 0;
}
