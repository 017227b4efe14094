// Test helper for tst_libraryprocesses: publishes FILE into the Local library at LIBRARY with LABEL, like
// `slipway-cli publish`, and stops for good at STAGE ("copied", "verified", "renamed", "before-commit",
// "committed") after announcing "paused at STAGE" on stderr, so the test can SIGKILL it at that exact point.
// Usage: librarypublisher LIBRARY FILE LABEL STAGE
//
// Stress mode, for the race test: ROUNDS times, opens the library afresh, publishes SHARED (the same bytes as the
// other workers) and OWN with labels unique to this worker and round, then removes the oldest version of the app
// (any worker's); every other round it also removes its own copy of SHARED. Prints "published ID" and "removed ID" on
// stdout for every success. Usage: librarypublisher --stress LIBRARY WORKER ROUNDS SHARED OWN
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

int stress(const QStringList& args)
{
    const QString root = args.at(2);
    const QString worker = args.at(3);
    const int rounds = args.at(4).toInt();
    QList<PackageInfo> packages;
    for (const QString& file : {args.at(5), args.at(6)}) {
        auto inspected = PackageInspector::inspect(QFileInfo(file).absoluteFilePath());
        if (!inspected) {
            std::fprintf(stderr, "%s\n", qPrintable(inspected.error().toString()));
            return 1;
        }
        packages.append(inspected.value());
    }
    for (int round = 0; round < rounds; ++round) {
        LocalLibrary library(root);
        if (auto st = library.open(); !st) {
            std::fprintf(stderr, "open: %s\n", qPrintable(st.error().toString()));
            return 1;
        }
        QStringList ids;
        for (int i = 0; i < 2; ++i) {
            PublishRequest request;
            request.files = {packages.at(i).path};
            request.label = QStringLiteral("w%1-r%2-%3").arg(worker).arg(round).arg(i);
            auto version = library.publish(request, {packages.at(i)});
            if (!version) {
                std::fprintf(stderr, "publish: %s\n", qPrintable(version.error().toString()));
                return 1;
            }
            std::printf("published %s\n", qPrintable(version->id));
            ids.append(version->id);
        }
        // Every other round, this worker's copy of the shared bytes goes again at once, so the last reference to
        // the shared artifact comes and goes while the other workers publish the same bytes.
        if (round % 2 == 1) {
            if (auto st = library.removeVersion(packages.first().packageId, ids.at(0)); st)
                std::printf("removed %s\n", qPrintable(ids.at(0)));
        }
        auto versions = library.versions(packages.first().packageId);
        if (!versions || versions->isEmpty()) {
            std::fprintf(stderr, "list failed\n");
            return 1;
        }
        const QString oldest = versions->last().id;
        auto removed = library.removeVersion(packages.first().packageId, oldest);
        if (removed)
            std::printf("removed %s\n", qPrintable(oldest));
        else if (removed.error().kind != Error::Kind::NotFound) { // another worker removed it first
            std::fprintf(stderr, "remove: %s\n", qPrintable(removed.error().toString()));
            return 1;
        }
        std::fflush(stdout);
    }
    return 0;
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 7 && args.at(1) == QLatin1String("--stress"))
        return stress(args);
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
