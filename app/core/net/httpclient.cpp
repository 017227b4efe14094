#include "httpclient.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QThread>
#include <common/version.h>

namespace Slipway {

namespace {

// `path` (with its own query, if any) resolved against the path of `base`.
QUrl resolveAgainstBase(const QUrl& base, const QString& path)
{
    QString p = path;
    QString queryPart;
    const qsizetype q = p.indexOf(QLatin1Char('?'));
    if (q >= 0) {
        queryPart = p.mid(q + 1);
        p.truncate(q);
    }
    QUrl url = base;
    QString basePath = base.path(QUrl::FullyEncoded);
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    if (!p.startsWith(QLatin1Char('/')))
        p.prepend(QLatin1Char('/'));
    url.setPath(basePath + p, QUrl::TolerantMode);
    url.setQuery(queryPart.isEmpty() ? QString() : queryPart, QUrl::TolerantMode);
    if (queryPart.isEmpty())
        url.setQuery(QString());
    return url;
}

} // namespace

HttpRequest HttpService::request(const QByteArray& method, const QString& path) const
{
    HttpRequest r;
    r.method = method;
    const QUrl asUrl(path);
    r.url = asUrl.isValid() && !asUrl.scheme().isEmpty() ? asUrl : resolveAgainstBase(baseUrl, path);
    r.query = query;
    r.headers = headers;
    r.serviceName = name;
    r.auth = auth;
    r.errorParser = errorParser;
    r.rateLimiter = rateLimiter;
    r.retry = retry;
    r.timeouts = timeouts;
    return r;
}

HttpClient::HttpClient(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<Slipway::TransferProgress>();
    qRegisterMetaType<Slipway::Error>();
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

HttpClient::~HttpClient()
{
    // Jobs parented to the client go before the access managers that own their replies.
    const QList<Job*> jobs = findChildren<Job*>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(jobs);
    QMutexLocker lock(&m_mutex);
    for (auto it = m_managers.begin(); it != m_managers.end(); ++it) {
        if (it.key() == QThread::currentThread())
            delete it.value();
        else
            it.value()->deleteLater();
    }
    m_managers.clear();
}

QNetworkAccessManager* HttpClient::networkAccessManager()
{
    QThread* thread = QThread::currentThread();
    QMutexLocker lock(&m_mutex);
    if (QNetworkAccessManager* nam = m_managers.value(thread))
        return nam;
    auto* nam = new QNetworkAccessManager;
    nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_managers.insert(thread, nam);
    if (thread != this->thread()) {
        // Deleted with its thread.
        connect(
            thread, &QThread::finished, nam,
            [this, thread, nam] {
                QMutexLocker l(&m_mutex);
                m_managers.remove(thread);
                nam->deleteLater();
            },
            Qt::DirectConnection);
    }
    return nam;
}

QByteArray HttpClient::userAgent()
{
    return QByteArrayLiteral("Slipway/") + SLIPWAY_VERSION;
}

HttpJob* HttpClient::send(const HttpRequest& request, QObject* parent)
{
    auto* job = new HttpJob(this, request, parent ? parent : this);
    job->start();
    return job;
}

PagedJob* HttpClient::fetchAll(const HttpRequest& first, NextPage next, int maxPages, QObject* parent)
{
    auto* job = new PagedJob(this, first, std::move(next), maxPages, parent ? parent : this);
    job->fetch(first);
    return job;
}

Error HttpClient::errorForStatus(int status, const QString& serviceName, const QString& what)
{
    const QString svc = ResponseText::serviceOr(serviceName);
    const QString thing = what.isEmpty() ? tr("what Slipway asked for") : what;
    Error e;
    e.httpStatus = status;
    if (status == 401) {
        e.kind = Error::Kind::Auth;
        e.message = tr("%1 rejected the credentials (HTTP 401): check the account's key or token in Accounts and "
                       "sign in again.")
                        .arg(svc);
    } else if (status == 403) {
        e.kind = Error::Kind::Forbidden;
        e.message = tr("%1 refused this (HTTP 403): the account's key has no permission for it; ask an administrator "
                       "for access or use another account.")
                        .arg(svc);
    } else if (status == 404 || status == 410) {
        e.kind = Error::Kind::NotFound;
        e.message = tr("%1 does not know %2 (HTTP %3): check the app or version and the account's base URL.")
                        .arg(svc, thing)
                        .arg(status);
    } else if (status == 409) {
        e.kind = Error::Kind::Conflict;
        e.message = tr("%1 already has this (HTTP 409): use a different version code or label, or delete the "
                       "existing one first.")
                        .arg(svc);
    } else if (status == 429) {
        e.kind = Error::Kind::RateLimited;
        e.message = tr("%1 is limiting the request rate (HTTP 429): wait a minute and try again.").arg(svc);
    } else if (status >= 500) {
        e.kind = Error::Kind::Server;
        e.message = tr("%1 had a problem on its side (HTTP %2): try again later; if it persists, check the "
                       "service's status page.")
                        .arg(svc)
                        .arg(status);
    } else if (status >= 400) {
        e.kind = Error::Kind::Validation;
        e.message
            = tr("%1 rejected the request (HTTP %2): correct the fields it names and try again.").arg(svc).arg(status);
    } else {
        e.kind = Error::Kind::BadResponse;
        e.message = tr("%1 gave an unexpected answer (HTTP %2): check the account's base URL.").arg(svc).arg(status);
    }
    return e;
}

} // namespace Slipway
