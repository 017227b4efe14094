// Publishes one file to a team library through TeamLibrary and, at the stage named on the command line, says so
// on stdout and waits to be killed (tst_teamprocesses kills it there with SIGKILL).
//   teampublisher URL STAGE FILE APP VERSION-CODE      (password: PGPASSWORD, read by libpq)
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <library/team/teamlibrary.h>
#include <unistd.h>

using namespace Slipway;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: teampublisher URL STAGE FILE APP VERSION-CODE\n");
        return 2;
    }
    const QString stopAt = args.at(2);
    PackageInfo package;
    package.fileName = QFileInfo(args.at(3)).fileName();
    package.packageId = args.at(4);
    package.versionCode = args.at(5);
    QFile file(args.at(3));
    if (!file.open(QIODevice::ReadOnly))
        return 4;
    QCryptographicHash sha(QCryptographicHash::Sha256);
    sha.addData(&file);
    package.sha256 = QString::fromLatin1(sha.result().toHex());
    package.size = file.size();

    PgParams params;
    params.url = args.at(1);
    TeamLibrary library(params);
    library.setStageHook([&](TeamLibrary::PublishStage stage) {
        static const char* const names[] = {"version-inserted", "streaming", "files-inserted", "committed"};
        const char* name = names[int(stage)];
        if (stopAt == QLatin1String(name)) {
            std::printf("STAGE %s\n", name);
            std::fflush(stdout);
            for (;;)
                ::pause();
        }
    });
    PublishRequest request;
    request.files = {args.at(3)};
    auto published = library.publish(request, {package});
    if (!published) {
        std::fprintf(stderr, "%s\n", qPrintable(published.error().message));
        return 1;
    }
    std::printf("PUBLISHED %s\n", qPrintable(published->id));
    return 0;
}
