// Uploads one file as multipart/form-data through Slipway's HttpClient (as the services receive it) and prints
// one line: status, bytes, seconds, MB/s and the process's peak RSS. Used by bench/upload/run.sh.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <net/httpclient.h>

namespace {

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: benchupload URL FILE\n");
        return 2;
    }
    const QUrl url(args.at(1));
    const QString file = args.at(2);
    const qint64 size = QFileInfo(file).size();

    Slipway::HttpClient client;
    Slipway::HttpRequest request("POST", url);
    request.addPart(Slipway::MultipartPart::field("versionName", "1.0.0"));
    request.addPart(Slipway::MultipartPart::field("changelog", "benchmark upload"));
    request.addPart(Slipway::MultipartPart::file("build", file));
    request.expect = Slipway::HttpRequest::Expect::Any;
    request.retry = Slipway::RetryPolicy::noRetry();

    QElapsedTimer clock;
    clock.start();
    Slipway::HttpJob* job = client.send(request);
    job->waitForFinished();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const Slipway::TransferProgress p = job->transferProgress();
    if (!job->succeeded()) {
        std::fprintf(stderr, "upload failed: %s\n", qPrintable(job->error().toString()));
        return 1;
    }
    if (p.sent != p.sendTotal || p.sent < size) {
        std::fprintf(stderr, "the server answered before the whole body was sent (%lld of %lld bytes)\n",
            static_cast<long long>(p.sent), static_cast<long long>(p.sendTotal));
        return 1;
    }
    std::printf("slipway status=%d bytes=%lld seconds=%.3f MBps=%.1f peak_rss_kb=%lld\n", job->result().status,
        static_cast<long long>(p.sent), seconds, double(p.sent) / seconds / 1e6, static_cast<long long>(peakRssKb()));
    return 0;
}
