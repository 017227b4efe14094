#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QSet>
#include <common/job.h>
#include <functional>
#include <memory>
#include <providers/service/serviceclient.h>

// Chains a service's requests inside one outer job: each step sends one request (or fetches every page) through
// the service's ServiceClient, stops when the outer job was cancelled or already finished, forwards cancel to the
// running request, fails the outer job with the step's error, and otherwise hands the answer to the next step.
// Every service writes its operations as a sequence of these steps; none writes its own send-check-parse block.
namespace Slipway::Steps {

namespace Detail {

inline QString progressLine(const QString& status, const TransferProgress& p)
{
    QString line = status;
    if (p.bytesPerSecond > 0) {
        line += QStringLiteral(" (%1/s").arg(QLocale::c().formattedDataSize(qint64(p.bytesPerSecond)));
        if (p.etaSeconds >= 0)
            line += QCoreApplication::translate("Slipway::Steps", ", %n s left", nullptr, int(p.etaSeconds));
        line += QLatin1Char(')');
    }
    return line;
}

inline bool stopped(const Job* outer)
{
    return outer->isFinished() || outer->isCancelled();
}

} // namespace Detail

// Sends `request` and hands its result, success or error, to `next`: for a step where an error is an answer
// (a 404 that means "create it first"). Cancel and a finished outer job still end the chain. `forwardProgress`
// reports the upload's bytes on the outer job, and its speed and time left in the outer job's status line.
template<typename T>
void sendResult(ValueJob<T>* outer, ServiceClient* client, const HttpRequest& request,
    std::function<void(const Result<HttpResponse>&)> next, bool forwardProgress = false)
{
    if (Detail::stopped(outer))
        return;
    auto current = std::make_shared<QPointer<HttpJob>>();
    const QString status = outer->status();
    auto cancel = QObject::connect(outer, &Job::cancelRequested, outer, [current] {
        if (*current)
            (*current)->cancel();
    });
    auto started = [outer, current, status, forwardProgress](HttpJob* job) {
        *current = job;
        if (outer->isCancelled()) // cancelled while the credential was being prepared
            job->cancel();
        if (!forwardProgress)
            return;
        QObject::connect(job, &HttpJob::transferProgressChanged, outer, [outer, status](const TransferProgress& p) {
            if (p.sendTotal <= 0)
                return;
            outer->reportProgress(p.sent, p.sendTotal);
            outer->setStatus(Detail::progressLine(status, p));
        });
    };
    client->send(
        request, outer,
        [outer, cancel, next = std::move(next)](const Result<HttpResponse>& response) {
            QObject::disconnect(cancel);
            if (Detail::stopped(outer))
                return;
            next(response);
        },
        started);
}

// Sends `request`; on success calls `next(response)`, else fails `outer`. `forwardProgress` as in sendResult().
template<typename T>
void send(ValueJob<T>* outer, ServiceClient* client, const HttpRequest& request,
    std::function<void(const HttpResponse&)> next, bool forwardProgress = false)
{
    sendResult(
        outer, client, request,
        [outer, next = std::move(next)](const Result<HttpResponse>& response) {
            if (!response) {
                outer->fail(response.error());
                return;
            }
            next(response.value());
        },
        forwardProgress);
}

// Sends `request` and parses the answer with `parse` (a Result<V>(const HttpResponse&)); on success calls
// `next(value)`, else fails `outer` with the transfer's or the parser's error.
template<typename T, typename Parse, typename Next>
void sendParsed(ValueJob<T>* outer, ServiceClient* client, const HttpRequest& request, Parse parse, Next next,
    bool forwardProgress = false)
{
    send(
        outer, client, request,
        [outer, parse = std::move(parse), next = std::move(next)](const HttpResponse& response) {
            auto parsed = parse(response);
            if (!parsed) {
                outer->fail(parsed.error());
                return;
            }
            next(std::move(parsed).value());
        },
        forwardProgress);
}

// Fetches every page from `first`; on success calls `next(pages)`.
template<typename T>
void fetchAll(ValueJob<T>* outer, ServiceClient* client, const HttpRequest& first, const NextPage& pager,
    std::function<void(const QList<HttpResponse>&)> next, int maxPages = 200)
{
    if (Detail::stopped(outer))
        return;
    auto current = std::make_shared<QPointer<PagedJob>>();
    auto cancel = QObject::connect(outer, &Job::cancelRequested, outer, [current] {
        if (*current)
            (*current)->cancel();
    });
    client->fetchAll(
        first, pager, outer,
        [outer, cancel, next = std::move(next)](const Result<QList<HttpResponse>>& pages) {
            QObject::disconnect(cancel);
            if (Detail::stopped(outer))
                return;
            if (!pages) {
                outer->fail(pages.error());
                return;
            }
            next(pages.value());
        },
        [outer, current](PagedJob* job) {
            *current = job;
            if (outer->isCancelled())
                job->cancel();
        },
        maxPages);
}

// The keys (ids) of the entries a listing held before a create. After an ambiguous failure a verify lookup accepts
// only an entry whose key is not in it: an earlier version with the same build number is never taken for the one
// being uploaded, however recent it is.
using Snapshot = std::shared_ptr<const QSet<QString>>;

// Sends `list` before a create and hands the keys `keys` reads from its result to `next`. `keys` may turn an error
// into an answer (a 404 that means "no versions yet"); an error it returns fails `outer` before anything is sent.
template<typename T>
void snapshotBefore(ValueJob<T>* outer, ServiceClient* client, const HttpRequest& list,
    std::function<Result<QSet<QString>>(const Result<HttpResponse>&)> keys, std::function<void(const Snapshot&)> next)
{
    sendResult(outer, client, list,
        [outer, keys = std::move(keys), next = std::move(next)](const Result<HttpResponse>& found) {
            auto read = keys(found);
            if (!read) {
                outer->fail(read.error());
                return;
            }
            next(std::make_shared<const QSet<QString>>(std::move(read).value()));
        });
}

// A RetryPolicy::verify for a create request whose first attempt failed ambiguously: sends `lookup` through
// `client` (with the same credential) and lets `judge` read its result, error or answer (a 404 may mean "not
// created"). Unknown when the client or `context` is gone.
inline RetryPolicy::Verify verifyByLookup(ServiceClient* client, QObject* context, const HttpRequest& lookup,
    std::function<VerifyOutcome(const Result<HttpResponse>&)> judge)
{
    return [client = QPointer<ServiceClient>(client), guard = QPointer<QObject>(context), lookup,
               judge = std::move(judge)](const Error&, const RetryPolicy::VerifyDone& done) {
        if (!client || !guard) {
            done(VerifyOutcome::unknown());
            return;
        }
        client->send(lookup, guard, [judge, done](const Result<HttpResponse>& found) { done(judge(found)); });
    };
}

} // namespace Slipway::Steps
