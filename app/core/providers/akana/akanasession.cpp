#include "akanasession.h"

#include "akanajson.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkCookie>
#include <QNetworkRequest>
#include <credentials/credentialstore.h>
#include <providers/servicecatalog.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcAkana, "slipway.provider.akana")

namespace {

const QByteArray kAuthCookie = "AtmoAuthToken";
const QByteArray kCsrfCookie = "Csrf-Token";

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

} // namespace

AkanaSession::AkanaSession(const Account& account, const ProviderContext& context, QObject* parent)
    : QObject(parent)
    , m_account(account)
    , m_context(context)
    , m_http(context.http)
    , m_jar(new QNetworkCookieJar(this))
    , m_clock(&monotonicMs)
{
    m_service.name = QStringLiteral("Akana");
    m_service.baseUrl = account.baseUrl;
    m_service.errorParser = [](const HttpResponse& response, Error& error) {
        const Error akana = AkanaJson::errorFromResponse(response.status, response.body);
        error.kind = akana.kind;
        error.message = akana.message;
        if (!akana.serverMessage.isEmpty())
            error.serverMessage = akana.serverMessage;
        if (!akana.details.isEmpty())
            error.details = akana.details + QStringLiteral(" (") + error.details + QLatin1Char(')');
    };
    m_service.headers = {{"Accept", "application/json"}};
}

AkanaSession::~AkanaSession() = default;

void AkanaSession::setLifetime(qint64 lifetimeMs, qint64 renewMarginMs)
{
    m_lifetimeMs = lifetimeMs;
    m_renewMarginMs = renewMarginMs;
}

HttpRequest AkanaSession::request(const QByteArray& method, const QString& path) const
{
    return m_service.request(method, path);
}

QByteArray AkanaSession::cookieValue(const QByteArray& prefix) const
{
    for (const QNetworkCookie& c : m_jar->cookiesForUrl(m_service.baseUrl)) {
        if (c.name().startsWith(QByteArray(prefix + '_')))
            return c.value();
    }
    return {};
}

QByteArray AkanaSession::csrfToken() const
{
    return cookieValue(kCsrfCookie);
}

void AkanaSession::takeCookies(const HttpResponse& response)
{
    for (const auto& [name, value] : response.headers) {
        if (name.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        // Qt joins repeated Set-Cookie headers with '\n'; parseCookies splits them again.
        const QList<QNetworkCookie> cookies = QNetworkCookie::parseCookies(value);
        m_jar->setCookiesFromUrl(cookies, response.url.isValid() ? response.url : m_service.baseUrl);
        for (const QNetworkCookie& c : cookies) {
            const QString fed = AkanaJson::fedmemberId(c.name(), kCsrfCookie);
            const QString fedFromAuth = AkanaJson::fedmemberId(c.name(), kAuthCookie);
            if (!fed.isEmpty())
                m_fedmember = fed;
            else if (!fedFromAuth.isEmpty() && m_fedmember.isEmpty())
                m_fedmember = fedFromAuth;
        }
    }
}

void AkanaSession::withSession(QObject* context, const std::function<void(const Status&)>& next)
{
    if (!m_http) {
        next(Error(Error::Kind::Internal,
            tr("The Akana platform cannot be reached: no HTTP client was given to the provider.")));
        return;
    }
    Q_UNUSED(context);
    const qint64 age = m_clock() - m_sessionStart;
    if (m_loggedIn && age < m_lifetimeMs - m_renewMarginMs) {
        next(Ok {});
        return;
    }
    m_waiting.append(next);
    if (m_loggingIn || m_renewing)
        return;
    if (m_loggedIn && age < m_lifetimeMs) {
        // Still valid but close to its end: renew (an expired token cannot be renewed).
        renew(this, [this](const Status& st) {
            if (st) {
                finishLogin(Ok {});
                return;
            }
            qCInfo(lcAkana) << "renewing the Akana session failed; logging in again:" << st.error().toString();
            m_loggedIn = false;
            login();
        });
        return;
    }
    m_loggedIn = false;
    login();
}

void AkanaSession::login()
{
    m_loggingIn = true;
    if (!m_context.credentials) {
        finishLogin(Error(Error::Kind::Keychain, tr("No keychain is available to read the Akana password.")));
        return;
    }
    const QString email = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::email));
    if (email.trimmed().isEmpty()) {
        finishLogin(
            Error(Error::Kind::Validation, tr("The account %1 has no e-mail address (email).").arg(m_account.name)));
        return;
    }
    if (!m_service.baseUrl.isValid() || m_service.baseUrl.host().isEmpty()) {
        finishLogin(Error(Error::Kind::Validation,
            tr("The account %1 has no base URL; Akana needs the tenant's address (https://host).")
                .arg(m_account.name)));
        return;
    }
    SecretJob* secret = m_context.credentials->read(
        CredentialStore::keyFor(m_account.name, QString::fromLatin1(ServiceCatalog::Keys::password)));
    connect(secret, &Job::finished, this, [this, secret, email] {
        secret->deleteLater();
        if (!secret->succeeded()) {
            Error e = secret->error();
            if (e.kind == Error::Kind::NotFound)
                e = Error(Error::Kind::Auth,
                    tr("The account %1 has no Akana password in the keychain; set it with "
                       "`slipway-cli accounts edit %1 --secret-stdin`.")
                        .arg(m_account.name));
            finishLogin(e);
            return;
        }
        // A fresh jar: stale cookies of an old session must not mix with the new one.
        for (const QNetworkCookie& c : m_jar->cookiesForUrl(m_service.baseUrl))
            m_jar->deleteCookie(c);
        HttpRequest r = m_service.request("POST", QStringLiteral("/api/login"));
        r.contentType = "application/json";
        r.body = QJsonDocument(QJsonObject {{QStringLiteral("email"), email},
                                   {QStringLiteral("password"), QString::fromUtf8(secret->result())}})
                     .toJson(QJsonDocument::Compact);
        r.what = tr("the login");
        r.auth = sessionAuth(); // keeps the answer's cookies out of the shared QNAM jar
        r.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // logging in twice is harmless
        HttpJob* job = m_http->send(r, this);
        connect(job, &Job::finished, this, [this, job] {
            job->deleteLater();
            takeCookies(job->result());
            if (!job->succeeded()) {
                Error e = job->error();
                if (e.httpStatus == 401 || e.httpStatus == 403)
                    e.message = tr("The Akana platform did not accept the e-mail address and password of %1.")
                                    .arg(m_account.name);
                finishLogin(e);
                return;
            }
            auto login = AkanaJson::parseLogin(job->result().body);
            if (!login) {
                finishLogin(login.error());
                return;
            }
            if (!login.value().pendingTasks.isEmpty()) {
                finishLogin(AkanaJson::pendingTaskError(login.value().pendingTasks));
                return;
            }
            if (cookieValue(kAuthCookie).isEmpty()) {
                finishLogin(Error(Error::Kind::Auth,
                    tr("The Akana platform accepted the login but started no session (no AtmoAuthToken cookie); "
                       "is the base URL the tenant's portal address?")));
                return;
            }
            m_userId = login.value().userId;
            m_loggedIn = true;
            m_sessionStart = m_clock();
            qCInfo(lcAkana).noquote() << "logged in to Akana tenant" << m_fedmember << "as" << m_userId;
            finishLogin(Ok {});
        });
    });
}

void AkanaSession::finishLogin(const Status& status)
{
    m_loggingIn = false;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto& w : waiting)
        w(status);
}

HttpAuth AkanaSession::sessionAuth()
{
    QPointer<AkanaSession> self(this);
    return HttpAuth::custom(
        [self](QNetworkRequest& req) {
            if (!self)
                return;
            // The account's own jar, never the per-thread QNAM jar other accounts share.
            req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
            req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
            QByteArray cookies;
            for (const QNetworkCookie& c : self->m_jar->cookiesForUrl(req.url()))
                cookies += (cookies.isEmpty() ? QByteArray() : QByteArray("; "))
                    + c.toRawForm(QNetworkCookie::NameAndValueOnly);
            if (!cookies.isEmpty())
                req.setRawHeader("Cookie", cookies);
            // Sent on every method: POST/PUT/DELETE need it, and tenants may require it on GET too.
            const QByteArray csrf = self->csrfToken();
            if (!self->m_fedmember.isEmpty() && !csrf.isEmpty())
                req.setRawHeader("X-Csrf-Token_" + self->m_fedmember.toUtf8(), csrf);
        },
        {"Cookie"});
}

void AkanaSession::renew(QObject* context, const std::function<void(const Status&)>& done)
{
    QPointer<QObject> guard(context);
    m_renewing = true;
    HttpRequest r = m_service.request("POST", QStringLiteral("/api/login/renewToken"));
    r.contentType = "application/x-www-form-urlencoded";
    r.body = QByteArray();
    r.what = tr("the session renewal");
    r.expect = HttpRequest::Expect::Any;
    r.auth = sessionAuth();
    HttpJob* job = m_http->send(r, this);
    connect(job, &Job::finished, this, [this, job, guard, done] {
        job->deleteLater();
        m_renewing = false;
        takeCookies(job->result());
        Status st = Ok {};
        if (!job->succeeded())
            st = job->error();
        else
            m_sessionStart = m_clock();
        if (guard)
            done(st);
        // Calls that arrived while this renewal (started after a change) was running wait for it too.
        if (!m_waiting.isEmpty() && !m_loggingIn && !m_renewing) {
            if (st) {
                finishLogin(Ok {});
            } else {
                m_loggedIn = false;
                login();
            }
        }
    });
}

void AkanaSession::send(const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current)
{
    if (!m_http) {
        done(Error(Error::Kind::Internal,
            tr("The Akana platform cannot be reached: no HTTP client was given to the provider.")));
        return;
    }
    QPointer<QObject> guard(context);
    withSession(context, [=, this](const Status& st) {
        if (!guard)
            return;
        if (!st) {
            done(st.error());
            return;
        }
        sendAttempt(request, context, done, current, false);
    });
}

void AkanaSession::sendAttempt(
    const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current, bool relogged)
{
    HttpRequest r = request;
    r.auth = sessionAuth();
    HttpJob* job = m_http->send(r, context);
    if (current)
        *current = job;
    connect(job, &Job::finished, context, [=, this] {
        job->deleteLater();
        takeCookies(job->result());
        if (job->succeeded()) {
            done(job->result());
            return;
        }
        const Error e = job->error();
        if (e.httpStatus == 401 && !relogged && !job->isCancelled()) {
            // The session expired or was revoked: log in again, once.
            qCInfo(lcAkana) << "401 from Akana; logging in again";
            m_loggedIn = false;
            QPointer<QObject> guard(context);
            withSession(context, [=, this](const Status& st) {
                if (!guard)
                    return;
                if (!st)
                    done(st.error());
                else
                    sendAttempt(request, context, done, current, true);
            });
            return;
        }
        done(e);
    });
}

} // namespace Slipway
