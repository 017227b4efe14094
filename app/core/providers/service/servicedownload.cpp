#include "servicedownload.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QUuid>
#include <cstdio>
#include <memory>
#include <net/httpclient.h>
#include <net/httpjob.h>
#include <package/filehasher.h>
#include <providers/downloadcheck.h>
#include <providers/service/serviceclient.h>

namespace Slipway::ServiceDownload {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::ServiceDownload", text);
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("http") ? 80 : 443)
        == b.port(b.scheme() == QLatin1String("http") ? 80 : 443);
}

// What one download holds while it runs: the temporary file and both digests of what was written so far.
struct State
{
    QFile file;
    // MD5 and SHA-256 through OpenSSL, each on its own thread (Qt 6.4's QCryptographicHash runs SHA-256 in
    // portable code, several times slower than the network on a fast link).
    std::unique_ptr<ParallelDigests> digests = std::make_unique<ParallelDigests>();
    qint64 written = 0;
    QString writeError; // set when the disk refused a chunk; the transfer is then stopped
    QPointer<HttpJob> http;

    void discard()
    {
        file.close();
        QFile::remove(file.fileName());
    }
};

} // namespace

QString verify(const Expected& expected, const QByteArray& md5, const QByteArray& sha256, qint64 size,
    const QString& fileName, const QString& serviceName)
{
    if (expected.size >= 0 && size != expected.size)
        return tr("%1 is %2 bytes, but %3 says it has %4 bytes; the file was deleted.")
            .arg(fileName)
            .arg(size)
            .arg(serviceName)
            .arg(expected.size);
    if (!expected.sha256.isEmpty()
        && QString::fromLatin1(sha256.toHex()).compare(expected.sha256, Qt::CaseInsensitive) != 0)
        return tr("The SHA-256 of the downloaded %1 does not match the one %2 gives (%3); the file was deleted.")
            .arg(fileName, serviceName, expected.sha256);
    if (!expected.md5.isEmpty()) {
        const bool hex = QString::fromLatin1(md5.toHex()).compare(expected.md5, Qt::CaseInsensitive) == 0;
        const bool base64 = QString::fromLatin1(md5.toBase64()) == expected.md5;
        if (!hex && !base64)
            return tr("The MD5 of the downloaded %1 does not match the one %2 gives (%3); the file was deleted.")
                .arg(fileName, serviceName, expected.md5);
    }
    return {};
}

void forward(DownloadJob* outer, DownloadJob* inner)
{
    inner->setParent(outer);
    QObject::connect(outer, &Job::cancelRequested, inner, &Job::cancel);
    QObject::connect(inner, &Job::progress, outer, [outer](qint64 d, qint64 t) { outer->reportProgress(d, t); });
    QObject::connect(inner, &Job::statusChanged, outer, [outer](const QString& s) { outer->setStatus(s); });
    QObject::connect(inner, &Job::finished, outer, [outer, inner] {
        inner->deleteLater();
        if (outer->isFinished())
            return;
        if (inner->succeeded()) {
            DownloadCheck::setVerifiedBy(outer, DownloadCheck::verifiedBy(inner));
            outer->complete(inner->result());
        } else
            outer->fail(inner->error());
    });
}

DownloadJob* start(Provider* provider, ServiceClient* client, const QUrl& url, const QString& destination,
    const QString& fileName, const Expected& expected)
{
    auto* job = new DownloadJob(provider);
    const QString serviceName = client->service().name;
    if (!url.isValid() || url.isRelative()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        job->fail(Error(Error::Kind::NotFound, tr("%1 gives no download link for %2.").arg(serviceName, fileName)));
        return job;
    }
    const QFileInfo target(destination);
    auto state = std::make_shared<State>();
    state->file.setFileName(
        QStringLiteral("%1/.%2.%3.part")
            .arg(target.absolutePath(), target.fileName(), QUuid::createUuid().toString(QUuid::WithoutBraces)));
    if (!state->file.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered)) {
        job->fail(Error(Error::Kind::Io, tr("%1 cannot be written: %2.").arg(destination, state->file.errorString())));
        return job;
    }
    job->setStatus(tr("Downloading %1 from %2").arg(fileName, serviceName));

    const bool own = sameOrigin(url, client->service().baseUrl);
    HttpRequest request = client->request("GET", QString());
    request.url = url;
    request.query = QUrlQuery();
    request.expect = HttpRequest::Expect::Any;
    request.what = fileName;
    // A stalled transfer still times out; a slow but moving one of a big file does not hit the deadline.
    request.timeouts.baseMs = 24 * 3600 * 1000;
    if (!own) {
        request.auth = HttpAuth();
        request.headers.clear();
    }
    auto sink = std::make_shared<ResponseSink>();
    sink->begin = [state] {
        // A retry starts the body over.
        state->file.resize(0);
        state->file.seek(0);
        state->digests = std::make_unique<ParallelDigests>();
        state->written = 0;
    };
    sink->write = [state](const QByteArray& chunk) {
        if (!state->writeError.isEmpty())
            return;
        if (state->file.write(chunk) != chunk.size()) {
            state->writeError = state->file.errorString();
            if (state->http)
                state->http->cancel();
            return;
        }
        state->digests->add(chunk.constData(), chunk.size());
        state->written += chunk.size();
    };
    request.sink = sink;

    QObject::connect(job, &Job::cancelRequested, job, [state] {
        if (state->http)
            state->http->cancel();
        state->discard();
    });
    auto finished = [job, state, destination, fileName, serviceName, expected](const Result<HttpResponse>& response) {
        if (job->isFinished() || job->isCancelled()) {
            state->discard();
            return;
        }
        if (!state->writeError.isEmpty()) {
            state->discard();
            job->fail(
                Error(Error::Kind::Io, tr("Writing %1 failed: %2 (disk full?).").arg(destination, state->writeError)));
            return;
        }
        if (!response) {
            state->discard();
            job->fail(response.error());
            return;
        }
        if (!state->file.flush()) {
            const QString why = state->file.errorString();
            state->discard();
            job->fail(Error(Error::Kind::Io, tr("Writing %1 failed: %2 (disk full?).").arg(destination, why)));
            return;
        }
        state->file.close();
        const FileDigests digests = state->digests->finish();
        const QString mismatch = verify(expected, QByteArray::fromHex(digests.md5.toLatin1()),
            QByteArray::fromHex(digests.sha256.toLatin1()), state->written, fileName, serviceName);
        if (!mismatch.isEmpty()) {
            QFile::remove(state->file.fileName());
            // A file error (exit 4 in the CLI), not a protocol one: the service answered, the bytes are wrong.
            job->fail(Error(Error::Kind::Io, mismatch));
            return;
        }
        // rename(2) replaces an existing destination in one step.
        if (std::rename(
                QFile::encodeName(state->file.fileName()).constData(), QFile::encodeName(destination).constData())
            != 0) {
            QFile::remove(state->file.fileName());
            job->fail(Error(Error::Kind::Io, tr("%1 could not be saved as %2.").arg(fileName, destination)));
            return;
        }
        DownloadCheck::setVerifiedBy(job,
            !expected.sha256.isEmpty()    ? QStringLiteral("sha256")
                : !expected.md5.isEmpty() ? QStringLiteral("md5")
                                          : QString());
        job->complete(destination);
    };
    auto started = [job, state, expected](HttpJob* http) {
        state->http = http;
        if (job->isCancelled())
            http->cancel();
        QObject::connect(http, &HttpJob::transferProgressChanged, job, [job, expected](const TransferProgress& p) {
            job->reportProgress(p.received, p.receiveTotal > 0 ? p.receiveTotal : expected.size);
        });
    };
    if (own) {
        client->send(request, job, finished, started);
    } else {
        HttpJob* http = client->http()->send(request, job);
        started(http);
        QObject::connect(http, &Job::finished, job, [http, finished] {
            if (http->succeeded())
                finished(http->result());
            else
                finished(http->error());
        });
    }
    return job;
}

} // namespace Slipway::ServiceDownload
