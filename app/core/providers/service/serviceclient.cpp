#include "serviceclient.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcServiceClient, "slipway.service")

namespace Slipway {

namespace {

Error noClientError(const QString& service)
{
    return Error(Error::Kind::Internal,
        QCoreApplication::translate("Slipway::ServiceClient", "%1 cannot be reached: Slipway has no network client.")
            .arg(service));
}

void notifyReceived(Authenticator* authenticator, HttpJob* job)
{
    authenticator->received(job->result());
}

void notifyReceived(Authenticator* authenticator, PagedJob* job)
{
    for (const HttpResponse& page : job->result())
        authenticator->received(page);
}

} // namespace

ServiceClient::ServiceClient(
    HttpService service, HttpClient* http, std::unique_ptr<Authenticator> authenticator, QObject* parent)
    : QObject(parent)
    , m_service(std::move(service))
    , m_http(http)
    , m_authenticator(std::move(authenticator))
{ }

ServiceClient::~ServiceClient() = default;

HttpRequest ServiceClient::request(const QByteArray& method, const QString& path) const
{
    return m_service.request(method, path);
}

// One attempt: prepare the credential, start the job with the authenticator's auth, and on a 401 that a fresh
// credential may cure, invalidate, prepare again and start once more.
template<typename J, typename Start, typename Finish>
void ServiceClient::attempt(
    QObject* context, bool reauthenticated, Start start, Finish finish, const Started<J>& started)
{
    QPointer<QObject> guard(context);
    auto run = [=, this](const Status& ready) {
        if (!guard)
            return;
        if (!ready) {
            finish(ready.error());
            return;
        }
        J* job = start(m_authenticator ? m_authenticator->auth() : HttpAuth());
        if (started)
            started(job);
        connect(job, &Job::finished, context, [=, this] {
            job->deleteLater();
            if (m_authenticator)
                notifyReceived(m_authenticator.get(), job);
            if (job->succeeded()) {
                finish(job->result());
                return;
            }
            const Error error = job->error();
            if (error.httpStatus == 401 && !reauthenticated && !job->isCancelled() && m_authenticator
                && m_authenticator->invalidate()) {
                qCInfo(lcServiceClient).noquote() << m_service.name << "answered 401; authenticating again once";
                attempt<J>(context, true, start, finish, started);
                return;
            }
            finish(error);
        });
    };
    if (m_authenticator)
        m_authenticator->prepare(this, run);
    else
        run(Ok {});
}

void ServiceClient::send(
    const HttpRequest& request, QObject* context, const Done& done, const Started<HttpJob>& started)
{
    if (!m_http) {
        done(noClientError(m_service.name));
        return;
    }
    auto start = [this, request, context](const HttpAuth& auth) {
        HttpRequest r = request;
        if (auth.isSet())
            r.auth = auth;
        return m_http->send(r, context);
    };
    attempt<HttpJob>(
        context, false, start, [done](const Result<HttpResponse>& r) { done(r); }, started);
}

void ServiceClient::fetchAll(const HttpRequest& first, const NextPage& next, QObject* context, const PagesDone& done,
    const Started<PagedJob>& started, int maxPages)
{
    if (!m_http) {
        done(noClientError(m_service.name));
        return;
    }
    auto start = [this, first, next, maxPages, context](const HttpAuth& auth) {
        HttpRequest r = first;
        if (auth.isSet())
            r.auth = auth;
        return m_http->fetchAll(r, next, maxPages, context);
    };
    attempt<PagedJob>(
        context, false, start, [done](const Result<QList<HttpResponse>>& r) { done(r); }, started);
}

} // namespace Slipway
