#include "akanasession.h"

#include "akanajson.h"
#include "akanaprovider.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkCookie>
#include <QNetworkRequest>
#include <QPointer>
#include <credentials/credentialstore.h>
#include <providers/service/serviceclient.h>

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

using Keys = AkanaProvider::Keys;

// An error the account's `field` ("account:email") can fix.
Error accountError(Error::Kind kind, const QString& message, const QString& field)
{
    Error e(kind, message);
    e.field = field;
    return e;
}

QString accountField(const char* key)
{
    return QStringLiteral("account:") + QLatin1String(key);
}

const QString kBaseUrlField = QStringLiteral("account:base-url");

} // namespace

AkanaSession::AkanaSession(const Account& account, CredentialStore* credentials)
    : m_account(account)
    , m_credentials(credentials)
    , m_jar(new QNetworkCookieJar(this))
    , m_clock(&monotonicMs)
{ }

AkanaSession::~AkanaSession() = default;

void AkanaSession::setLifetime(qint64 lifetimeMs, qint64 renewMarginMs)
{
    m_lifetimeMs = lifetimeMs;
    m_renewMarginMs = renewMarginMs;
}

QByteArray AkanaSession::cookieValue(const QByteArray& prefix, const QUrl& url) const
{
    // Looked up for the URL the value is for: a tenant may scope its cookies to a path (e.g. Path=/api), which
    // the base URL's root does not match.
    for (const QNetworkCookie& c : m_jar->cookiesForUrl(url.isValid() ? url : m_account.baseUrl)) {
        if (c.name().startsWith(QByteArray(prefix + '_')))
            return c.value();
    }
    return {};
}

void AkanaSession::received(const HttpResponse& response)
{
    for (const auto& [name, value] : response.headers) {
        if (name.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        // Qt joins repeated Set-Cookie headers with '\n'; parseCookies splits them again.
        const QList<QNetworkCookie> cookies = QNetworkCookie::parseCookies(value);
        m_jar->setCookiesFromUrl(cookies, response.url.isValid() ? response.url : m_account.baseUrl);
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

void AkanaSession::prepare(QObject*, const Ready& ready)
{
    if (!m_client || !m_client->http()) {
        ready(Error(Error::Kind::Internal,
            tr("The Akana platform cannot be reached: no HTTP client was given to the provider.")));
        return;
    }
    const qint64 age = m_clock() - m_sessionStart;
    if (m_loggedIn && age < m_lifetimeMs - m_renewMarginMs) {
        ready(Ok {});
        return;
    }
    m_waiting.append(ready);
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

bool AkanaSession::invalidate()
{
    // The session expired or was revoked: the next prepare() logs in again.
    qCInfo(lcAkana) << "401 from Akana; the session is dropped";
    m_loggedIn = false;
    return true;
}

void AkanaSession::login()
{
    m_loggingIn = true;
    if (!m_credentials) {
        finishLogin(Error(Error::Kind::Keychain, tr("No keychain is available to read the Akana password.")));
        return;
    }
    const QString mail = m_account.field(QString::fromLatin1(Keys::email));
    if (mail.trimmed().isEmpty()) {
        finishLogin(accountError(Error::Kind::Validation,
            tr("The account %1 has no e-mail address (email).").arg(m_account.name), accountField(Keys::email)));
        return;
    }
    if (!m_account.baseUrl.isValid() || m_account.baseUrl.host().isEmpty()) {
        finishLogin(accountError(Error::Kind::Validation,
            tr("The account %1 has no base URL; Akana needs the tenant's address (https://host).").arg(m_account.name),
            kBaseUrlField));
        return;
    }
    SecretJob* secret
        = m_credentials->read(CredentialStore::keyFor(m_account.name, QString::fromLatin1(Keys::password)));
    connect(secret, &Job::finished, this, [this, secret, mail] {
        secret->deleteLater();
        if (!secret->succeeded()) {
            Error e = secret->error();
            if (e.kind == Error::Kind::NotFound) {
                e = missingSecretError(m_account.name, tr("Akana password"));
                e.field = accountField(Keys::password);
            }
            finishLogin(e);
            return;
        }
        // A fresh jar: stale cookies of an old session must not mix with the new one.
        HttpRequest r = m_client->service().request("POST", QStringLiteral("/api/login"));
        for (const QUrl& url : {m_account.baseUrl, r.url}) {
            for (const QNetworkCookie& c : m_jar->cookiesForUrl(url))
                m_jar->deleteCookie(c);
        }
        r.contentType = "application/json";
        r.body = QJsonDocument(QJsonObject {{QStringLiteral("email"), mail},
                                   {QStringLiteral("password"), QString::fromUtf8(secret->result())}})
                     .toJson(QJsonDocument::Compact);
        r.what = tr("the login");
        r.auth = auth(); // keeps the answer's cookies out of the shared QNAM jar
        r.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // logging in twice is harmless
        HttpJob* job = m_client->http()->send(r, this);
        connect(job, &Job::finished, this, [this, job] {
            job->deleteLater();
            loginAnswered(job);
        });
    });
}

void AkanaSession::loginAnswered(const HttpJob* job)
{
    received(job->result());
    if (!job->succeeded()) {
        Error e = job->error();
        if (e.httpStatus == 401 || e.httpStatus == 403) {
            e.message
                = tr("The Akana platform did not accept the e-mail address and password of %1.").arg(m_account.name);
            e.field = accountField(Keys::password);
        }
        finishLogin(e);
        return;
    }
    auto answer = AkanaJson::parseLogin(job->result().body);
    if (!answer) {
        finishLogin(answer.error());
        return;
    }
    if (!answer->pendingTasks.isEmpty()) {
        finishLogin(AkanaJson::pendingTaskError(answer->pendingTasks));
        return;
    }
    const QUrl loginUrl = job->result().url.isValid() ? job->result().url : m_account.baseUrl;
    const QByteArray authCookie = cookieValue(kAuthCookie, loginUrl);
    if (authCookie.isEmpty()) {
        finishLogin(accountError(Error::Kind::Auth,
            tr("The Akana platform accepted the login but started no session (no AtmoAuthToken cookie); is the base "
               "URL the tenant's portal address?"),
            kBaseUrlField));
        return;
    }
    // The UserID is the LoginResponse's userFDN ("the unique UserID for this user", help.akana.com
    // .../cm/api/obj/o_login_LoginResponse.htm); a tenant that answers the login with cookies only still carries
    // it in the AtmoAuthToken cookie (UserFDN=...).
    m_userId = answer->userId;
    if (m_userId.isEmpty())
        m_userId = AkanaJson::userFdnFromCookie(authCookie);
    m_loggedIn = true;
    m_sessionStart = m_clock();
    qCInfo(lcAkana).noquote() << "logged in to Akana tenant" << m_fedmember << "as" << m_userId;
    finishLogin(Ok {});
}

void AkanaSession::finishLogin(const Status& status)
{
    m_loggingIn = false;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto& w : waiting)
        w(status);
}

HttpAuth AkanaSession::auth() const
{
    QPointer<const AkanaSession> self(this);
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
            const QByteArray csrf = self->cookieValue(kCsrfCookie, req.url());
            if (!self->m_fedmember.isEmpty() && !csrf.isEmpty())
                req.setRawHeader("X-Csrf-Token_" + self->m_fedmember.toUtf8(), csrf);
        },
        {"Cookie"});
}

void AkanaSession::renew(QObject* context, const std::function<void(const Status&)>& done)
{
    QPointer<QObject> guard(context);
    m_renewing = true;
    HttpRequest r = m_client->service().request("POST", QStringLiteral("/api/login/renewToken"));
    r.contentType = "application/x-www-form-urlencoded";
    r.body = QByteArray();
    r.what = tr("the session renewal");
    r.expect = HttpRequest::Expect::Any;
    r.auth = auth();
    HttpJob* job = m_client->http()->send(r, this);
    connect(job, &Job::finished, this, [this, job, guard, done] {
        job->deleteLater();
        m_renewing = false;
        received(job->result());
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

} // namespace Slipway
