// Team library benchmark client (bench/team/run.sh): one operation through TeamLibrary, then one line
// "<operation> <seconds> <peak RSS KB> [detail]" on stdout. The password comes from PGPASSWORD (read by libpq).
//   benchteam publish URL FILE APP VERSION-CODE      stream FILE into a new version (hashed first, as inspection does)
//   benchteam download URL APP VERSION-ID OUT         stream the version's file to OUT, verified
//   benchteam versions URL APP                        list an app's versions
//   benchteam apps URL                                list every app
//   benchteam init URL                                create the schema and roles (as team init does)
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <library/team/teamlibrary.h>
#include <library/team/teamschema.h>
#include <package/filehasher.h>
#include <sys/resource.h>

using namespace Slipway;

namespace {

long peakRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int report(const char* what, const QElapsedTimer& timer, const QString& detail)
{
    std::printf("%s %.3f %ld %s\n", what, double(timer.nsecsElapsed()) / 1e9, peakRssKb(), qPrintable(detail));
    return 0;
}

int failed(const Error& error)
{
    std::fprintf(stderr, "benchteam: %s\n", qPrintable(error.message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: benchteam publish|download|versions|apps URL ...\n");
        return 2;
    }
    PgParams params;
    params.url = args.at(2);
    if (args.at(1) == QLatin1String("init")) {
        auto connection = PgConnection::open(params);
        if (!connection)
            return failed(connection.error());
        if (auto st = TeamSchema::migrate(*connection.value()); !st)
            return failed(st.error());
        return 0;
    }
    TeamLibrary library(params);
    QElapsedTimer timer;
    timer.start();
    const QString op = args.at(1);
    if (op == QLatin1String("publish") && args.size() == 6) {
        // The inspection's digests, computed as `slipway-cli publish` computes them (FileHasher: OpenSSL, MD5 and
        // SHA-256 in parallel from one read); the publish reuses them.
        auto digests = FileHasher::hash(args.at(3));
        if (!digests)
            return failed(digests.error());
        PackageInfo package;
        package.fileName = QFileInfo(args.at(3)).fileName();
        package.size = digests->size;
        package.packageId = args.at(4);
        package.versionCode = args.at(5);
        package.md5 = digests->md5;
        package.sha256 = digests->sha256;
        PublishRequest request;
        request.files = {args.at(3)};
        auto published = library.publish(request, {package});
        if (!published)
            return failed(published.error());
        return report("publish", timer, published->id);
    }
    if (op == QLatin1String("download") && args.size() == 6) {
        if (auto st = library.download(args.at(3), args.at(4), args.at(5)); !st)
            return failed(st.error());
        return report("download", timer, args.at(5));
    }
    if (op == QLatin1String("versions") && args.size() == 4) {
        auto versions = library.versions(args.at(3));
        if (!versions)
            return failed(versions.error());
        return report("versions", timer, QString::number(versions->size()));
    }
    if (op == QLatin1String("apps") && args.size() == 3) {
        auto apps = library.apps();
        if (!apps)
            return failed(apps.error());
        return report("apps", timer, QString::number(apps->size()));
    }
    std::fprintf(stderr, "benchteam: unknown operation or wrong arguments\n");
    return 2;
}
