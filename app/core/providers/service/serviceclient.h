#pragma once

#include <QObject>
#include <QPointer>
#include <common/result.h>
#include <functional>
#include <memory>
#include <net/httpclient.h>
#include <providers/service/authenticator.h>

namespace Slipway {

// The one request chain every network service uses: requests are built from the service's HttpService (base URL,
// error parser, rate limiter, retry policy, timeouts), the Authenticator prepares the credential before each
// request and its auth is applied by HttpClient, and a 401 leads to exactly one re-authentication and one more
// attempt when the authenticator says a fresh credential can help. Nothing else in a service re-sends on 401.
class ServiceClient : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Result<HttpResponse>& response)>;
    using PagesDone = std::function<void(const Result<QList<HttpResponse>>& pages)>;
    // Called with each job as it starts (the first attempt, and the one after a re-authentication), so the caller
    // can cancel it or follow its progress.
    template<typename J> using Started = std::function<void(J* job)>;

    ServiceClient(
        HttpService service, HttpClient* http, std::unique_ptr<Authenticator> authenticator, QObject* parent = nullptr);
    ~ServiceClient() override;

    // A request against the base URL with the service's headers, parser, limiter, retry and timeouts.
    HttpRequest request(const QByteArray& method, const QString& path) const;

    // Prepares the credential and sends; `done` runs on `context`'s thread unless `context` is gone by then.
    void send(const HttpRequest& request, QObject* context, const Done& done, const Started<HttpJob>& started = {});
    // Fetches every page from `first` with `next` (at most `maxPages`), with the same authentication.
    void fetchAll(const HttpRequest& first, const NextPage& next, QObject* context, const PagesDone& done,
        const Started<PagedJob>& started = {}, int maxPages = 1000);

    HttpClient* http() const { return m_http; }
    HttpService& service() { return m_service; }
    const HttpService& service() const { return m_service; }
    Authenticator* authenticator() const { return m_authenticator.get(); }

private:
    template<typename J, typename Start, typename Finish>
    void attempt(QObject* context, bool reauthenticated, Start start, Finish finish, const Started<J>& started);

    HttpService m_service;
    HttpClient* m_http;
    std::unique_ptr<Authenticator> m_authenticator;
};

} // namespace Slipway
