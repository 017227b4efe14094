#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

class QNetworkRequest;

namespace Slipway {

// How a service authenticates. Applied in exactly one place (HttpJob, on every attempt) and only to requests
// whose scheme+host+port equal the original request's: a redirect to another host never carries it. The headers
// it sets are sensitive: the logs never show their values.
class HttpAuth
{
public:
    using Apply = std::function<void(QNetworkRequest& request)>;

    HttpAuth() = default;
    static HttpAuth basic(const QString& user, const QByteArray& password);
    static HttpAuth bearer(const QByteArray& token);
    // A token computed per request (a short-lived JWT).
    static HttpAuth bearer(std::function<QByteArray()> tokenSource);
    // A header of the service's own ("X-Service-Token").
    static HttpAuth header(const QByteArray& name, const QByteArray& value);
    // Anything else (cookie + CSRF header). `sensitiveHeaders` are redacted from logs.
    static HttpAuth custom(Apply apply, const QList<QByteArray>& sensitiveHeaders = {});

    bool isSet() const { return bool(m_apply); }
    void apply(QNetworkRequest& request) const;
    const QList<QByteArray>& sensitiveHeaders() const { return m_sensitive; }

private:
    Apply m_apply;
    QList<QByteArray> m_sensitive;
};

} // namespace Slipway
