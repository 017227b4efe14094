// Listing benchmark (bench/versions/run.sh):
//   benchversions fill LIBRARY PACKAGE COUNT   publishes COUNT versions of PACKAGE through LocalLibrary::publish
//                                              (the package is inspected once; each version gets its own code)
//   benchversions model LIBRARY APP            loads APP's versions into VersionTableModel (through LocalProvider,
//                                              as the window does), sorts and searches them, prints the times
//                                              and the peak RSS
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <cstdio>
#include <library/locallibrary.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <providers/local/localprovider.h>
#include <sys/resource.h>

using namespace Slipway;

namespace {

long peakRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int fill(const QString& root, const QString& package, int count)
{
    auto inspected = PackageInspector::inspect(QFileInfo(package).absoluteFilePath());
    if (!inspected) {
        std::fprintf(stderr, "inspect: %s\n", qPrintable(inspected.error().toString()));
        return 1;
    }
    LocalLibrary library(root);
    if (auto st = library.open(); !st) {
        std::fprintf(stderr, "open: %s\n", qPrintable(st.error().toString()));
        return 1;
    }
    auto existing = library.versions(inspected->packageId);
    const int start = existing ? int(existing->size()) : 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = start; i < count; ++i) {
        PackageInfo p = inspected.value();
        p.versionCode = QString::number(100000 + i);
        p.versionName = QStringLiteral("1.%1.%2").arg(i / 100).arg(i % 100);
        PublishRequest request;
        request.files = {p.path};
        request.notes = QStringLiteral("Build %1: fixes and improvements").arg(i);
        request.publisher = i % 3 ? QStringLiteral("ci") : QStringLiteral("release-bot");
        request.label = i % 10 ? QString() : QStringLiteral("beta");
        request.inspection = p.toJson();
        auto version = library.publish(request, {p});
        if (!version) {
            std::fprintf(stderr, "publish %d: %s\n", i, qPrintable(version.error().toString()));
            return 1;
        }
    }
    std::printf("filled %d versions of %s in %lld ms\n", count, qPrintable(inspected->packageId),
        static_cast<long long>(clock.elapsed()));
    return 0;
}

int model(const QString& root, const QString& appId)
{
    LocalProvider provider(QStringLiteral("local"), root);
    VersionTableModel versions;
    VersionFilterModel filter;
    filter.setSourceModel(&versions);
    QEventLoop loop;
    bool failed = false;
    QObject::connect(&versions, &VersionTableModel::loaded, &loop, &QEventLoop::quit);
    QObject::connect(&versions, &VersionTableModel::loadFailed, &loop, [&](const Error& error) {
        std::fprintf(stderr, "load failed: %s\n", qPrintable(error.toString()));
        failed = true;
        loop.quit();
    });
    QElapsedTimer clock;
    qint64 firstRowsMs = -1; // the newest rows shown while the rest loads
    QObject::connect(&versions, &VersionTableModel::firstRowsLoaded, &loop, [&] { firstRowsMs = clock.elapsed(); });
    clock.start();
    versions.load(&provider, appId);
    loop.exec();
    if (failed)
        return 1;
    const qint64 loadMs = clock.restart();
    filter.sort(VersionTableModel::VersionCode, Qt::AscendingOrder);
    const qint64 sortCodeMs = clock.restart();
    filter.sort(VersionTableModel::VersionName, Qt::DescendingOrder);
    const qint64 sortNameMs = clock.restart();
    filter.sort(VersionTableModel::Date, Qt::DescendingOrder);
    const qint64 sortDateMs = clock.restart();
    filter.setSearchText(QStringLiteral("beta 1.2"));
    const qint64 searchMs = clock.restart();
    const int matches = filter.rowCount() + (versions.canFetchMore({}) ? 1 : 0);
    filter.setSearchText(QString());
    const qint64 clearMs = clock.restart();
    while (versions.canFetchMore({}))
        versions.fetchMore({});
    const qint64 fetchAllMs = clock.elapsed();
    std::printf("versions=%d first_rows_ms=%lld load_ms=%lld sort_code_ms=%lld sort_name_ms=%lld sort_date_ms=%lld "
                "search_ms=%lld "
                "(matches>=%d) clear_search_ms=%lld fetch_all_ms=%lld peak_rss_kb=%ld\n",
        versions.versionCount(), static_cast<long long>(firstRowsMs), static_cast<long long>(loadMs),
        static_cast<long long>(sortCodeMs), static_cast<long long>(sortNameMs), static_cast<long long>(sortDateMs),
        static_cast<long long>(searchMs), matches, static_cast<long long>(clearMs), static_cast<long long>(fetchAllMs),
        peakRssKb());
    return versions.versionCount() > 0 ? 0 : 1;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 5 && args.at(1) == QLatin1String("fill"))
        return fill(args.at(2), args.at(3), args.at(4).toInt());
    if (args.size() == 4 && args.at(1) == QLatin1String("model"))
        return model(args.at(2), args.at(3));
    std::fprintf(stderr, "usage: benchversions fill LIBRARY PACKAGE COUNT | model LIBRARY APP\n");
    return 2;
}
