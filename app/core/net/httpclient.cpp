#include "httpclient.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslError>
#include <QThread>
#include <QTimeZone>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <common/version.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcNet, "slipway.net", QtInfoMsg)

namespace {

// A read-only window [offset, offset + length) of a file, streamed: QNAM pulls chunks from it, nothing is
// held in memory beyond Qt's small transfer buffers.
class FileRegionDevice : public QIODevice
{
public:
    FileRegionDevice(const QString& path, qint64 offset, qint64 length, bool allowRewind, QObject* parent)
        : QIODevice(parent)
        , m_file(path)
        , m_offset(offset)
        , m_length(length)
        , m_allowRewind(allowRewind)
    { }

    bool openRegion(QString* error)
    {
        if (!m_file.open(QIODevice::ReadOnly)) {
            *error = m_file.errorString();
            return false;
        }
        const qint64 fileSize = m_file.size();
        if (m_offset < 0 || m_offset > fileSize) {
            *error = QStringLiteral("offset %1 is beyond the end of the file (%2 bytes)").arg(m_offset).arg(fileSize);
            return false;
        }
        if (m_length < 0)
            m_length = fileSize - m_offset;
        if (m_offset + m_length > fileSize) {
            *error = QStringLiteral("the region ends beyond the end of the file (%1 bytes)").arg(fileSize);
            return false;
        }
        if (!m_file.seek(m_offset)) {
            *error = m_file.errorString();
            return false;
        }
        return QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override
    {
        // Refusing to rewind makes Qt's own silent resend (after a dropped keep-alive connection) fail with
        // ContentReSendError instead of sending a non-idempotent request twice behind our back.
        if (pos < 0 || pos > m_length || (!m_allowRewind && m_readAny))
            return false;
        QIODevice::seek(pos);
        return m_file.seek(m_offset + pos);
    }
    bool atEnd() const override { return m_file.pos() - m_offset >= m_length; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 remaining = m_length - (m_file.pos() - m_offset);
        if (remaining <= 0)
            return 0;
        m_readAny = true;
        return m_file.read(data, std::min(maxSize, remaining));
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
    bool m_allowRewind;
    bool m_readAny = false;
};

// An in-memory body that can be read once (see FileRegionDevice::seek).
class OneShotBuffer : public QIODevice
{
public:
    OneShotBuffer(const QByteArray& data, QObject* parent)
        : QIODevice(parent)
        , m_data(data)
    {
        QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }
    bool seek(qint64 pos) override
    {
        if (pos < 0 || pos > m_data.size() || m_readAny)
            return false;
        m_pos = pos;
        return QIODevice::seek(pos);
    }
    bool atEnd() const override { return m_pos >= m_data.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_pos);
        if (n <= 0)
            return 0;
        memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        m_readAny = true;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
    bool m_readAny = false;
};

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

QString serviceOr(const QString& name)
{
    return name.isEmpty() ? QCoreApplication::translate("Slipway::HttpClient", "The server") : name;
}

bool looksLikeHtml(const HttpResponse& r)
{
    if (r.header("content-type").toLower().contains("text/html"))
        return true;
    const QByteArray t = r.body.left(512).trimmed().toLower();
    return t.startsWith("<!doctype html") || t.startsWith("<html") || t.startsWith("<head") || t.startsWith("<body")
        || (t.startsWith('<') && t.contains("<title"));
}

QString htmlTitle(const QByteArray& body)
{
    static const QRegularExpression re(
        QStringLiteral("<title[^>]*>([^<]{1,200})</title>"), QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(body.left(64 * 1024)));
    return m.hasMatch() ? m.captured(1).simplified() : QString();
}

QString fallbackServerMessage(const HttpResponse& r)
{
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    for (const char* key : {"message", "error_description", "detail", "title", "error"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            return v.toString();
        if (v.isObject()) {
            const QJsonValue inner = v.toObject().value(QLatin1String("message"));
            if (inner.isString())
                return inner.toString();
        }
    }
    return {};
}

const QList<QByteArray>& idempotentMethods()
{
    static const QList<QByteArray> m {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"};
    return m;
}

bool secretKey(const QString& key)
{
    static const QRegularExpression re(
        QStringLiteral("pass(word)?|secret|token|api[-_]?key|apikey|authorization|cookie|csrf|session|private[-_]?key|"
                       "credential|signature|^key$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

void redactJson(QJsonValue& value)
{
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (secretKey(it.key()) && !it.value().isObject() && !it.value().isArray()) {
                it.value() = QStringLiteral("<redacted>");
            } else {
                QJsonValue v = it.value();
                redactJson(v);
                it.value() = v;
            }
        }
        value = o;
    } else if (value.isArray()) {
        QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            QJsonValue v = a.at(i);
            redactJson(v);
            a[i] = v;
        }
        value = a;
    }
}

constexpr qint64 kLogBodyLimit = 2048;

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// HttpResponse

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

Result<QJsonDocument> HttpResponse::json() const
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error == QJsonParseError::NoError && !body.trimmed().isEmpty())
        return doc;
    Error e(Error::Kind::BadResponse, HttpClient::describeUnexpectedBody(*this),
        QStringLiteral("HTTP %1 from %2: %3").arg(status).arg(HttpClient::redactUrl(url), pe.errorString()));
    e.httpStatus = status;
    return e;
}

Result<QJsonObject> HttpResponse::jsonObject() const
{
    auto doc = json();
    if (!doc)
        return doc.error();
    if (!doc.value().isObject()) {
        Error e(Error::Kind::BadResponse,
            QCoreApplication::translate(
                "Slipway::HttpClient", "The server's answer is JSON but not the object Slipway expected."),
            QStringLiteral("HTTP %1 from %2").arg(status).arg(HttpClient::redactUrl(url)));
        e.httpStatus = status;
        return e;
    }
    return doc.value().object();
}

// ---------------------------------------------------------------------------------------------------------------
// RetryPolicy, HttpTimeouts

bool RetryPolicy::isIdempotent(const QByteArray& method) const
{
    switch (idempotency) {
    case Idempotency::Idempotent:
        return true;
    case Idempotency::NotIdempotent:
        return false;
    case Idempotency::ByMethod:
        break;
    }
    return idempotentMethods().contains(method.toUpper());
}

int RetryPolicy::backoffMs(int attempt) const
{
    const int n = std::clamp(attempt - 1, 0, 30);
    double delay = double(initialDelayMs) * std::pow(2.0, n);
    delay = std::min(delay, double(maxDelayMs));
    if (jitter > 0) {
        const double spread = (QRandomGenerator::global()->generateDouble() * 2.0 - 1.0) * jitter;
        delay *= 1.0 + spread;
    }
    return std::max(0, int(std::lround(delay)));
}

qint64 RetryPolicy::retryAfterMs(const QByteArray& value, const QDateTime& now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : seconds * 1000;
    // HTTP-date (IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT"; RFC 850 and asctime forms too.
    const QString s = QString::fromLatin1(v);
    static const char* formats[]
        = {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"};
    for (const char* f : formats) {
        QDateTime when = QLocale::c().toDateTime(s, QLatin1String(f));
        if (when.isValid()) {
            when.setTimeZone(QTimeZone::utc());
            if (when.date().year() < 100)
                when = when.addYears(2000);
            return std::max<qint64>(0, now.msecsTo(when));
        }
    }
    return -1;
}

qint64 HttpTimeouts::deadlineMs(qint64 bodySize) const
{
    qint64 ms = baseMs;
    if (bodySize > 0 && minBytesPerSecond > 0)
        ms += bodySize * 1000 / minBytesPerSecond;
    return ms;
}

// ---------------------------------------------------------------------------------------------------------------
// HttpAuth

HttpAuth HttpAuth::basic(const QString& user, const QByteArray& password)
{
    const QByteArray raw = user.toUtf8() + ':' + password;
    const QByteArray value = "Basic " + raw.toBase64();
    return header("Authorization", value);
}

HttpAuth HttpAuth::bearer(const QByteArray& token)
{
    return header("Authorization", "Bearer " + token);
}

HttpAuth HttpAuth::bearer(std::function<QByteArray()> tokenSource)
{
    HttpAuth a;
    a.m_apply
        = [src = std::move(tokenSource)](QNetworkRequest& r) { r.setRawHeader("Authorization", "Bearer " + src()); };
    a.m_sensitive = {"Authorization"};
    return a;
}

HttpAuth HttpAuth::header(const QByteArray& name, const QByteArray& value)
{
    HttpAuth a;
    a.m_apply = [name, value](QNetworkRequest& r) { r.setRawHeader(name, value); };
    a.m_sensitive = {name};
    return a;
}

HttpAuth HttpAuth::custom(Apply apply, const QList<QByteArray>& sensitiveHeaders)
{
    HttpAuth a;
    a.m_apply = std::move(apply);
    a.m_sensitive = sensitiveHeaders;
    return a;
}

void HttpAuth::apply(QNetworkRequest& request) const
{
    if (m_apply)
        m_apply(request);
}

// ---------------------------------------------------------------------------------------------------------------
// RateLimiter

RateLimiter::RateLimiter(int requests, int windowMs)
    : m_requests(std::max(1, requests))
    , m_windowMs(std::max(1, windowMs))
{
    m_clock.start();
}

qint64 RateLimiter::reserve()
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.elapsed();
    qint64 start = now;
    if (qsizetype(m_slots.size()) >= m_requests)
        start = std::max(now, m_slots[m_slots.size() - m_requests] + m_windowMs);
    m_slots.push_back(start);
    while (qsizetype(m_slots.size()) > m_requests)
        m_slots.pop_front();
    return start - now;
}

// ---------------------------------------------------------------------------------------------------------------
// MultipartPart, HttpRequest, HttpService

MultipartPart MultipartPart::field(const QByteArray& name, const QByteArray& value)
{
    MultipartPart p;
    p.name = name;
    p.value = value;
    return p;
}

MultipartPart MultipartPart::file(
    const QByteArray& name, const QString& path, const QString& fileName, const QByteArray& contentType)
{
    MultipartPart p;
    p.name = name;
    p.filePath = path;
    p.fileName = fileName.isEmpty() ? QFileInfo(path).fileName() : fileName;
    p.contentType = contentType;
    return p;
}

HttpRequest& HttpRequest::setHeader(const QByteArray& name, const QByteArray& value)
{
    for (auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return *this;
        }
    }
    headers.append({name, value});
    return *this;
}

HttpRequest& HttpRequest::setJson(const QJsonDocument& json)
{
    body = json.toJson(QJsonDocument::Compact);
    contentType = "application/json";
    return *this;
}

HttpRequest& HttpRequest::setBodyFile(const QString& path, qint64 offset, qint64 length, const QByteArray& type)
{
    bodyFile = path;
    bodyOffset = offset;
    bodyLength = length;
    contentType = type;
    return *this;
}

HttpRequest& HttpRequest::addPart(const MultipartPart& part)
{
    multipart.append(part);
    return *this;
}

HttpRequest& HttpRequest::addQuery(const QString& key, const QString& value)
{
    query.addQueryItem(key, value);
    return *this;
}

QUrl HttpRequest::effectiveUrl() const
{
    QUrl u = url;
    if (!query.isEmpty()) {
        QUrlQuery q(u);
        for (const auto& item : query.queryItems(QUrl::FullyEncoded))
            q.addQueryItem(item.first, item.second);
        u.setQuery(q);
    }
    return u;
}

qint64 HttpRequest::bodySize() const
{
    if (!bodyFile.isEmpty()) {
        if (bodyLength >= 0)
            return bodyLength;
        return std::max<qint64>(0, QFileInfo(bodyFile).size() - bodyOffset);
    }
    if (!multipart.isEmpty()) {
        qint64 total = 0;
        for (const MultipartPart& p : multipart) {
            total += 200 + p.name.size() + p.fileName.size();
            if (p.isFile())
                total += p.length >= 0 ? p.length : std::max<qint64>(0, QFileInfo(p.filePath).size() - p.offset);
            else
                total += p.value.size();
        }
        return total;
    }
    return body.size();
}

HttpRequest HttpService::request(const QByteArray& method, const QString& path) const
{
    HttpRequest r;
    r.method = method;
    const QUrl asUrl(path);
    if (asUrl.isValid() && !asUrl.scheme().isEmpty()) {
        r.url = asUrl;
    } else {
        QString p = path;
        QString queryPart;
        const qsizetype q = p.indexOf(QLatin1Char('?'));
        if (q >= 0) {
            queryPart = p.mid(q + 1);
            p.truncate(q);
        }
        r.url = baseUrl;
        QString basePath = baseUrl.path(QUrl::FullyEncoded);
        while (basePath.endsWith(QLatin1Char('/')))
            basePath.chop(1);
        if (!p.startsWith(QLatin1Char('/')))
            p.prepend(QLatin1Char('/'));
        r.url.setPath(basePath + p, QUrl::TolerantMode);
        r.url.setQuery(queryPart.isEmpty() ? QString() : queryPart, QUrl::TolerantMode);
        if (queryPart.isEmpty())
            r.url.setQuery(QString());
    }
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

// ---------------------------------------------------------------------------------------------------------------
// HttpClient

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

bool HttpClient::isSensitiveHeader(const QByteArray& name)
{
    const QByteArray n = name.toLower();
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie"
        || n == "x-hockeyapptoken" || n.startsWith("x-csrf") || n.contains("token") || n.contains("api-key")
        || n.contains("apikey") || n.contains("secret") || n.contains("password");
}

QByteArray HttpClient::redactHeader(const QByteArray& name, const QByteArray& value)
{
    if (!isSensitiveHeader(name))
        return value;
    if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
        const qsizetype space = value.indexOf(' ');
        if (space > 0)
            return value.left(space) + " <redacted>";
    }
    return "<redacted>";
}

QByteArray HttpClient::redactBody(const QByteArray& body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &pe);
        if (pe.error == QJsonParseError::NoError) {
            QJsonValue v = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
            redactJson(v);
            return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
        }
        // Not parseable (cut off for the log): scrub "key":"value" pairs textually.
    }
    QString s = QString::fromUtf8(body);
    static const QRegularExpression jsonPair(QStringLiteral("(\"[^\"]*(?:pass|secret|token|key|authorization|cookie|"
                                                            "csrf|session|credential)[^\"]*\"\\s*:\\s*)\"[^\"]*\"?"),
        QRegularExpression::CaseInsensitiveOption);
    s.replace(jsonPair, QStringLiteral("\\1\"<redacted>\""));
    static const QRegularExpression formPair(
        QStringLiteral("((?:^|[&\\s])[^=&\\s]*(?:pass|secret|token|key|csrf|session|credential)[^=&\\s]*=)[^&\\s]*"),
        QRegularExpression::CaseInsensitiveOption);
    s.replace(formPair, QStringLiteral("\\1<redacted>"));
    return s.toUtf8();
}

QString HttpClient::redactUrl(const QUrl& url)
{
    QUrl u = url.adjusted(QUrl::RemoveUserInfo);
    if (u.hasQuery()) {
        QUrlQuery q(u);
        QUrlQuery out;
        for (const auto& item : q.queryItems(QUrl::FullyEncoded))
            out.addQueryItem(item.first, secretKey(item.first) ? QStringLiteral("redacted") : item.second);
        u.setQuery(out);
    }
    return u.toString(QUrl::FullyEncoded);
}

Error HttpClient::errorForStatus(int status, const QString& serviceName, const QString& what)
{
    const QString svc = serviceOr(serviceName);
    const QString thing
        = what.isEmpty() ? QCoreApplication::translate("Slipway::HttpClient", "what Slipway asked for") : what;
    auto tr = [](const char* s) { return QCoreApplication::translate("Slipway::HttpClient", s); };
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

QString HttpClient::describeUnexpectedBody(const HttpResponse& response)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("Slipway::HttpClient", s); };
    if (looksLikeHtml(response)) {
        const QString title = htmlTitle(response.body);
        if (!title.isEmpty())
            return tr("The server answered with an HTML page (\"%1\") instead of JSON — is the base URL right?")
                .arg(title);
        return tr("The server answered with an HTML page instead of JSON — is the base URL right?");
    }
    if (response.body.trimmed().isEmpty())
        return tr("The server sent an empty answer where Slipway expected data — is the base URL right?");
    return tr("The server's answer is not valid JSON (it may have been cut off or come from another server) — is the "
              "base URL right?");
}

// ---------------------------------------------------------------------------------------------------------------
// HttpJob

HttpJob::HttpJob(HttpClient* client, HttpRequest request, QObject* parent)
    : ValueJob<HttpResponse>(parent)
    , m_client(client)
    , m_request(std::move(request))
{
    m_request.method = m_request.method.toUpper();
    m_currentUrl = m_request.effectiveUrl();
    m_currentMethod = m_request.method;
    m_deadline = new QTimer(this);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &HttpJob::onDeadline);
    m_stall = new QTimer(this);
    connect(m_stall, &QTimer::timeout, this, &HttpJob::onStall);
    m_wait = new QTimer(this);
    m_wait->setSingleShot(true);
    m_wait->setTimerType(Qt::PreciseTimer);
}

HttpJob::~HttpJob()
{
    if (m_reply) {
        QNetworkReply* r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

void HttpJob::start()
{
    m_progress.attempt = 1;
    setStatus(tr("Connecting to %1").arg(m_currentUrl.host()));
    sendAttempt();
}

void HttpJob::sendAttempt()
{
    if (isCancelled())
        return;
    if (m_request.rateLimiter) {
        const qint64 wait = m_request.rateLimiter->reserve();
        if (wait > 0) {
            qCDebug(lcNet) << "rate limit: waiting" << wait << "ms before" << m_currentMethod
                           << HttpClient::redactUrl(m_currentUrl);
            m_wait->disconnect();
            connect(m_wait, &QTimer::timeout, this, [this] {
                auto limiter = std::move(m_request.rateLimiter);
                sendAttempt();
                m_request.rateLimiter = std::move(limiter);
            });
            m_wait->start(int(wait));
            return;
        }
    }
    if (!m_client) {
        fail(Error(Error::Kind::Internal, tr("The network client is gone.")));
        return;
    }

    QNetworkRequest req(m_currentUrl);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setHeader(QNetworkRequest::UserAgentHeader, HttpClient::userAgent());
    const bool authorized = sameOrigin(m_currentUrl, m_request.effectiveUrl());
    for (const auto& h : m_request.headers) {
        if (!authorized && HttpClient::isSensitiveHeader(h.first))
            continue;
        req.setRawHeader(h.first, h.second);
    }
    if (authorized)
        m_request.auth.apply(req);

    QNetworkAccessManager* nam = m_client->networkAccessManager();
    m_timedOut = TimeoutKind::None;
    m_progress.sent = 0;
    m_progress.received = 0;
    m_progress.receiveTotal = -1;
    m_progress.sendTotal = 0;
    m_speedBytes = 0;
    m_speedMark = 0;
    m_speedClock.start();
    m_attemptClock.start();

    qint64 bodySize = 0;
    const bool withBody = !m_dropBody;
    const bool idempotent = m_request.retry.isIdempotent(m_currentMethod);
    if (withBody && !m_request.multipart.isEmpty()) {
        m_multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        for (const MultipartPart& p : m_request.multipart) {
            QHttpPart part;
            QByteArray disposition = "form-data; name=\"" + QByteArray(p.name).replace('"', "%22") + '"';
            if (p.isFile()) {
                disposition += "; filename=\"" + p.fileName.toUtf8().replace('"', "%22") + '"';
                auto* dev = new FileRegionDevice(p.filePath, p.offset, p.length, idempotent, m_multipart);
                QString why;
                if (!dev->openRegion(&why)) {
                    delete m_multipart;
                    m_multipart = nullptr;
                    fail(Error(Error::Kind::Io, tr("Cannot read %1 for the upload: %2").arg(p.filePath, why)));
                    return;
                }
                bodySize += dev->size();
                part.setBodyDevice(dev);
            } else {
                part.setBody(p.value);
                bodySize += p.value.size();
            }
            part.setRawHeader("Content-Disposition", disposition);
            if (!p.contentType.isEmpty())
                part.setRawHeader("Content-Type", p.contentType);
            m_multipart->append(part);
        }
        m_reply = nam->sendCustomRequest(req, m_currentMethod, m_multipart);
        m_multipart->setParent(m_reply);
    } else if (withBody && !m_request.bodyFile.isEmpty()) {
        auto* dev
            = new FileRegionDevice(m_request.bodyFile, m_request.bodyOffset, m_request.bodyLength, idempotent, nullptr);
        QString why;
        if (!dev->openRegion(&why)) {
            delete dev;
            fail(Error(Error::Kind::Io, tr("Cannot read %1 for the upload: %2").arg(m_request.bodyFile, why)));
            return;
        }
        bodySize = dev->size();
        req.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
        req.setHeader(QNetworkRequest::ContentLengthHeader, bodySize);
        m_bodyDevice = dev;
        m_reply = nam->sendCustomRequest(req, m_currentMethod, dev);
        dev->setParent(m_reply);
    } else if (withBody
        && (!m_request.body.isEmpty() || m_currentMethod == "POST" || m_currentMethod == "PUT"
            || m_currentMethod == "PATCH")) {
        if (!m_request.contentType.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
        bodySize = m_request.body.size();
        if (idempotent || m_request.body.isEmpty()) {
            m_reply = nam->sendCustomRequest(req, m_currentMethod, m_request.body);
        } else {
            auto* dev = new OneShotBuffer(m_request.body, nullptr);
            req.setHeader(QNetworkRequest::ContentLengthHeader, bodySize);
            m_reply = nam->sendCustomRequest(req, m_currentMethod, dev);
            dev->setParent(m_reply);
        }
    } else {
        m_reply = nam->sendCustomRequest(req, m_currentMethod);
    }
    m_progress.sendTotal = bodySize;

    if (lcNet().isDebugEnabled()) {
        qCDebug(lcNet).noquote() << "->" << m_currentMethod << HttpClient::redactUrl(m_currentUrl) << "attempt"
                                 << m_progress.attempt << "body" << bodySize << "bytes";
        for (const QByteArray& name : req.rawHeaderList())
            qCDebug(lcNet).noquote() << "   " << name + ":" << HttpClient::redactHeader(name, req.rawHeader(name));
        if (!m_request.body.isEmpty() && withBody && m_request.multipart.isEmpty() && m_request.bodyFile.isEmpty())
            qCDebug(lcNet).noquote() << "   body:" << HttpClient::redactBody(m_request.body.left(kLogBodyLimit));
    }

    connect(m_reply, &QNetworkReply::uploadProgress, this,
        [this](qint64 sent, qint64 total) { onBytes(sent, total, m_progress.received, m_progress.receiveTotal); });
    connect(m_reply, &QNetworkReply::downloadProgress, this,
        [this](qint64 received, qint64 total) { onBytes(m_progress.sent, m_progress.sendTotal, received, total); });
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError>& errors) {
        QStringList texts;
        for (const QSslError& e : errors)
            texts << e.errorString();
        m_tlsErrors = texts.join(QStringLiteral("; "));
        qCWarning(lcNet).noquote() << "TLS errors from" << m_currentUrl.host() << ":" << m_tlsErrors;
    });
    connect(m_reply, &QNetworkReply::finished, this, &HttpJob::onReplyFinished);

    m_deadline->start(int(std::min<qint64>(m_request.timeouts.deadlineMs(bodySize), std::numeric_limits<int>::max())));
    m_lastActivity.start();
    m_stall->start(std::clamp(m_request.timeouts.stallMs / 4, 10, 1000));
    setStatus(
        bodySize > 0 ? tr("Uploading to %1").arg(m_currentUrl.host()) : tr("Waiting for %1").arg(m_currentUrl.host()));
}

void HttpJob::onBytes(qint64 sent, qint64 sendTotal, qint64 received, qint64 receiveTotal)
{
    if (sent == 0 && sendTotal == 0 && m_progress.sent > 0)
        sent = m_progress.sent; // Qt reports (0, 0) once the upload is over
    const qint64 before = m_progress.sent + m_progress.received;
    m_progress.sent = std::max(sent, m_progress.sent);
    sent = m_progress.sent;
    if (sendTotal > 0)
        m_progress.sendTotal = sendTotal;
    m_progress.received = received;
    m_progress.receiveTotal = receiveTotal;
    const qint64 now = sent + received;
    if (now != before)
        m_lastActivity.start();
    if (received > m_request.maxResponseBytes && m_reply) {
        m_tooLarge = true;
        m_reply->abort();
        return;
    }
    const qint64 elapsed = m_speedClock.elapsed();
    const bool uploading = m_progress.sendTotal > 0 && sent < m_progress.sendTotal;
    const bool last = (m_progress.sendTotal > 0 && sent == m_progress.sendTotal && received == 0)
        || (receiveTotal > 0 && received == receiveTotal);
    if (elapsed - m_speedMark < 100 && !last)
        return;
    const qint64 dt = elapsed - m_speedMark;
    if (dt > 0) {
        const double instant = double(now - m_speedBytes) * 1000.0 / double(dt);
        m_progress.bytesPerSecond
            = m_progress.bytesPerSecond <= 0 ? instant : 0.7 * m_progress.bytesPerSecond + 0.3 * instant;
    }
    m_speedMark = elapsed;
    m_speedBytes = now;
    qint64 remaining = -1;
    if (uploading)
        remaining = m_progress.sendTotal - sent;
    else if (receiveTotal > 0)
        remaining = receiveTotal - received;
    m_progress.etaSeconds = (remaining >= 0 && m_progress.bytesPerSecond > 1)
        ? qint64(std::ceil(double(remaining) / m_progress.bytesPerSecond))
        : -1;
    if (m_progress.sendTotal > 0)
        reportProgress(sent, m_progress.sendTotal);
    else
        reportProgress(received, receiveTotal);
    Q_EMIT transferProgressChanged(m_progress);
}

void HttpJob::onDeadline()
{
    if (!m_reply)
        return;
    m_timedOut = TimeoutKind::Deadline;
    m_reply->abort();
}

void HttpJob::onStall()
{
    if (!m_reply) {
        m_stall->stop();
        return;
    }
    if (m_lastActivity.elapsed() >= m_request.timeouts.stallMs) {
        m_timedOut = TimeoutKind::Stall;
        m_reply->abort();
    }
}

void HttpJob::abortReply()
{
    m_deadline->stop();
    m_stall->stop();
    m_wait->stop();
    if (m_reply) {
        QNetworkReply* r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

void HttpJob::onCancel()
{
    qCDebug(lcNet).noquote() << "cancelled" << m_currentMethod << HttpClient::redactUrl(m_currentUrl);
    abortReply();
}

Error HttpJob::errorForResponse(const HttpResponse& response) const
{
    Error e = HttpClient::errorForStatus(response.status, m_request.serviceName, m_request.what);
    e.details = QStringLiteral("HTTP %1 from %2 %3")
                    .arg(response.status)
                    .arg(QString::fromLatin1(m_currentMethod), HttpClient::redactUrl(m_currentUrl));
    if (looksLikeHtml(response)) {
        e.serverMessage = htmlTitle(response.body);
        e.details += QStringLiteral(" — ") + HttpClient::describeUnexpectedBody(response);
        if (response.status >= 300 && response.status < 500 && response.status != 429 && response.status != 401
            && response.status != 403) {
            // A 404/400 HTML page is usually a wrong base URL, not the service's own verdict.
            e.message = HttpClient::describeUnexpectedBody(response);
            if (e.kind != Error::Kind::NotFound)
                e.kind = Error::Kind::BadResponse;
        }
    } else {
        e.serverMessage = fallbackServerMessage(response);
    }
    if (m_request.errorParser)
        m_request.errorParser(response, e);
    return e;
}

void HttpJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_deadline->stop();
    m_stall->stop();
    reply->deleteLater();
    if (isCancelled())
        return;

    const QNetworkReply::NetworkError err = reply->error();
    HttpResponse resp;
    resp.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    resp.url = reply->url();
    resp.headers = reply->rawHeaderPairs();
    if (!m_tooLarge)
        resp.body = reply->readAll();

    qCDebug(lcNet).noquote() << "<-" << resp.status << m_currentMethod << HttpClient::redactUrl(m_currentUrl)
                             << m_attemptClock.elapsed() << "ms" << resp.body.size() << "bytes"
                             << (err != QNetworkReply::NoError ? reply->errorString() : QString());
    if (lcNet().isDebugEnabled()) {
        for (const auto& h : resp.headers)
            qCDebug(lcNet).noquote() << "   " << h.first + ":" << HttpClient::redactHeader(h.first, h.second);
        if (!resp.body.isEmpty())
            qCDebug(lcNet).noquote() << "   body:" << HttpClient::redactBody(resp.body.left(kLogBodyLimit));
    }

    const QString host = m_currentUrl.host();
    const QString svc = serviceOr(m_request.serviceName);

    if (m_tooLarge) {
        finishWith(Error(Error::Kind::BadResponse,
            tr("%1 sent a larger answer than Slipway accepts (over %2 MB) — is the base URL right?")
                .arg(svc)
                .arg(m_request.maxResponseBytes / (1024 * 1024)),
            HttpClient::redactUrl(m_currentUrl)));
        return;
    }

    if (m_timedOut != TimeoutKind::None) {
        const bool stall = m_timedOut == TimeoutKind::Stall;
        Error e(Error::Kind::Timeout,
            stall
                ? tr("%1 stopped responding: no data moved for %2 seconds. Check your connection and try again.")
                      .arg(svc)
                      .arg(std::max(1, m_request.timeouts.stallMs / 1000))
                : tr("The transfer to %1 took too long and was stopped. Check your connection and try again.").arg(svc),
            QStringLiteral("%1 %2 after %3 ms (%4 sent, %5 received)")
                .arg(QString::fromLatin1(m_currentMethod), HttpClient::redactUrl(m_currentUrl))
                .arg(m_attemptClock.elapsed())
                .arg(m_progress.sent)
                .arg(m_progress.received));
        handleFailure(e, /*ambiguous*/ true, /*retryable*/ true, -1);
        return;
    }

    const bool tls = !m_tlsErrors.isEmpty() || err == QNetworkReply::SslHandshakeFailedError;
    if (tls) {
        Error e(Error::Kind::Tls,
            tr("The secure connection to %1 failed (%2). Check the system date and the server's certificate; "
               "Slipway never ignores certificate errors.")
                .arg(host, m_tlsErrors.isEmpty() ? reply->errorString() : m_tlsErrors),
            reply->errorString());
        m_tlsErrors.clear();
        finishWith(e);
        return;
    }

    if (resp.status == 0) {
        // No HTTP answer at all.
        const QString reason = reply->errorString();
        Error e(Error::Kind::Network,
            tr("Could not reach %1 (%2). Check your internet connection, VPN or proxy settings and try again.")
                .arg(host, reason),
            QStringLiteral("%1 %2: %3 (QNetworkReply error %4)")
                .arg(QString::fromLatin1(m_currentMethod), HttpClient::redactUrl(m_currentUrl), reason)
                .arg(int(err)));
        bool retryable = true;
        bool ambiguous = true;
        switch (err) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyNotFoundError:
            ambiguous = false; // nothing reached the server
            break;
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::TimeoutError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::UnknownNetworkError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyTimeoutError:
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::ContentReSendError: // the connection dropped and Qt may not resend on its own
            break;
        case QNetworkReply::ProxyAuthenticationRequiredError:
            e.kind = Error::Kind::Auth;
            e.message = tr("The proxy asks for credentials: configure them in the system proxy settings.");
            retryable = false;
            break;
        default:
            retryable = false;
            break;
        }
        handleFailure(e, ambiguous, retryable, -1);
        return;
    }

    // Redirects are followed here, so the Authorization header is only ever sent to the original origin.
    if (resp.status >= 300 && resp.status < 400 && resp.status != 304) {
        const QByteArray location = resp.header("location");
        if (!location.isEmpty()) {
            follow(QUrl::fromEncoded(location), resp.status);
            return;
        }
    }

    const bool cutOff = int(err) > 0 && int(err) < 100;
    if (cutOff) {
        // Headers arrived, then the connection broke: the body is incomplete.
        Error e(Error::Kind::BadResponse,
            tr("The answer from %1 was cut off before it was complete (%2). Try again; if it keeps happening, "
               "check your connection or proxy.")
                .arg(svc, reply->errorString()),
            QStringLiteral("HTTP %1 from %2 %3, %4 bytes then: %5")
                .arg(resp.status)
                .arg(QString::fromLatin1(m_currentMethod), HttpClient::redactUrl(m_currentUrl))
                .arg(resp.body.size())
                .arg(reply->errorString()));
        e.httpStatus = resp.status;
        setResult(resp);
        handleFailure(e, true, true, -1);
        return;
    }

    if (resp.isSuccess()) {
        if (m_request.expect == HttpRequest::Expect::Json && !resp.body.trimmed().isEmpty()) {
            auto json = resp.json();
            if (!json) {
                Error e = json.error();
                e.message = HttpClient::describeUnexpectedBody(resp);
                if (looksLikeHtml(resp))
                    e.serverMessage = htmlTitle(resp.body);
                setResult(resp);
                finishWith(e);
                return;
            }
        }
        qCInfo(lcNet).noquote() << m_currentMethod << HttpClient::redactUrl(m_currentUrl) << "->" << resp.status << "in"
                                << m_attemptClock.elapsed() << "ms";
        setResult(resp);
        m_done = true;
        complete(resp);
        return;
    }

    Error e = errorForResponse(resp);
    setResult(resp);
    const int s = resp.status;
    const bool retryable = s == 429 || s == 502 || s == 503 || s == 504;
    const bool ambiguous = s >= 500;
    const qint64 retryAfter = RetryPolicy::retryAfterMs(resp.header("retry-after"), QDateTime::currentDateTimeUtc());
    handleFailure(e, ambiguous, retryable, retryAfter);
}

void HttpJob::follow(const QUrl& location, int status)
{
    const QUrl next = m_currentUrl.resolved(location);
    if (++m_redirects > m_request.maxRedirects) {
        finishWith(Error(Error::Kind::BadResponse,
            tr("%1 redirected too many times — is the base URL right?").arg(serviceOr(m_request.serviceName)),
            HttpClient::redactUrl(next)));
        return;
    }
    if (m_currentUrl.scheme() == QLatin1String("https") && next.scheme() != QLatin1String("https")) {
        finishWith(Error(Error::Kind::Tls,
            tr("%1 redirected from a secure to an insecure address; Slipway does not follow that.")
                .arg(serviceOr(m_request.serviceName)),
            HttpClient::redactUrl(next)));
        return;
    }
    if (status == 303 || ((status == 301 || status == 302) && m_currentMethod != "GET" && m_currentMethod != "HEAD")) {
        m_currentMethod = "GET";
        m_dropBody = true;
    }
    qCDebug(lcNet).noquote() << "redirect" << status << "to" << HttpClient::redactUrl(next)
                             << (sameOrigin(next, m_request.effectiveUrl()) ? "(same origin)"
                                                                            : "(other origin: no credentials)");
    m_currentUrl = next;
    sendAttempt();
}

void HttpJob::handleFailure(const Error& error, bool ambiguous, bool retryable, qint64 retryAfterMs)
{
    const RetryPolicy& policy = m_request.retry;
    if (!retryable || m_progress.attempt >= policy.maxAttempts) {
        Error e = error;
        if (retryable && m_progress.attempt > 1)
            e.details += QStringLiteral(" (gave up after %1 attempts)").arg(m_progress.attempt);
        finishWith(e);
        return;
    }
    const bool idempotent = policy.isIdempotent(m_request.method);
    const bool rejectedUnprocessed = error.httpStatus == 429;
    const bool needVerify = !idempotent && ambiguous && !rejectedUnprocessed;
    if (needVerify && !policy.verify) {
        finishWith(error);
        return;
    }
    qint64 delay = retryAfterMs >= 0 ? retryAfterMs : policy.backoffMs(m_progress.attempt);
    if (retryAfterMs > policy.maxRetryAfterMs) {
        Error e = error;
        e.kind = Error::Kind::RateLimited;
        e.message = tr("%1 asks to wait %2 seconds before the next request: try again later.")
                        .arg(serviceOr(m_request.serviceName))
                        .arg((retryAfterMs + 999) / 1000);
        finishWith(e);
        return;
    }
    qCInfo(lcNet).noquote() << "retrying" << m_request.method << HttpClient::redactUrl(m_currentUrl) << "in" << delay
                            << "ms after:" << error.kindName() << error.details;
    Q_EMIT retrying(m_progress.attempt + 1, int(delay), error);
    setStatus(tr("Retrying in %1 s").arg((delay + 999) / 1000));
    m_wait->disconnect();
    connect(m_wait, &QTimer::timeout, this, [this, error, needVerify] {
        if (isCancelled() || m_done)
            return;
        if (!needVerify) {
            ++m_progress.attempt;
            m_currentUrl = m_request.effectiveUrl();
            m_currentMethod = m_request.method;
            m_dropBody = false;
            m_redirects = 0;
            sendAttempt();
            return;
        }
        m_verifying = true;
        setStatus(tr("Checking whether the first attempt went through"));
        QPointer<HttpJob> self(this);
        m_request.retry.verify(error, [self, error](const VerifyOutcome& outcome) {
            if (!self || self->isCancelled() || self->m_done || !self->m_verifying)
                return;
            self->m_verifying = false;
            switch (outcome.state) {
            case VerifyOutcome::State::NotCreated:
                qCInfo(lcNet) << "verify: not created, sending again";
                ++self->m_progress.attempt;
                self->m_currentUrl = self->m_request.effectiveUrl();
                self->m_currentMethod = self->m_request.method;
                self->m_dropBody = false;
                self->m_redirects = 0;
                self->sendAttempt();
                break;
            case VerifyOutcome::State::Created:
                qCInfo(lcNet) << "verify: the first attempt did create it; not sending again";
                self->m_done = true;
                self->complete(outcome.existing);
                break;
            case VerifyOutcome::State::Unknown:
                self->finishWith(error);
                break;
            }
        });
    });
    m_wait->start(int(delay));
}

void HttpJob::finishWith(const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    abortReply();
    qCWarning(lcNet).noquote() << "failed:" << error.kindName() << error.httpStatus << error.details;
    fail(error);
}

// ---------------------------------------------------------------------------------------------------------------
// PagedJob and Paging

PagedJob::PagedJob(HttpClient* client, const HttpRequest&, NextPage next, int maxPages, QObject* parent)
    : ValueJob<QList<HttpResponse>>(parent)
    , m_client(client)
    , m_next(std::move(next))
    , m_maxPages(std::max(1, maxPages))
{ }

PagedJob::~PagedJob() = default;

void PagedJob::onCancel()
{
    if (m_current)
        m_current->cancel();
}

void PagedJob::fetch(const HttpRequest& request)
{
    const QString key = QString::fromLatin1(request.method) + QLatin1Char(' ')
        + request.effectiveUrl().toString(QUrl::FullyEncoded) + QString::fromUtf8(request.body);
    if (m_seen.contains(key)) {
        fail(Error(Error::Kind::BadResponse,
            tr("%1 keeps sending the same page of results; Slipway stopped after %2 pages.")
                .arg(serviceOr(request.serviceName))
                .arg(m_pages.size()),
            HttpClient::redactUrl(request.effectiveUrl())));
        return;
    }
    m_seen.insert(key);
    if (!m_client) {
        fail(Error(Error::Kind::Internal, tr("The network client is gone.")));
        return;
    }
    m_current = m_client->send(request, this);
    HttpJob* job = m_current;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (isCancelled())
            return;
        if (!job->succeeded()) {
            fail(job->error());
            return;
        }
        m_pages.append(job->result());
        reportProgress(m_pages.size(), -1);
        const PageStep step = m_next(job->request(), job->result(), int(m_pages.size()) - 1);
        if (step.error.isError()) {
            fail(step.error);
            return;
        }
        if (!step.next) {
            complete(m_pages);
            return;
        }
        if (m_pages.size() >= m_maxPages) {
            fail(Error(Error::Kind::BadResponse,
                tr("%1 never reported the last page: Slipway stopped after %2 pages. Narrow the list or "
                   "report this to the service.")
                    .arg(serviceOr(job->request().serviceName))
                    .arg(m_maxPages),
                HttpClient::redactUrl(step.next->effectiveUrl())));
            return;
        }
        fetch(*step.next);
    });
}

namespace Paging {

NextPage pageNumber(const QString& parameter, std::function<bool(const HttpResponse&)> hasMore)
{
    return [parameter, hasMore = std::move(hasMore)](
               const HttpRequest& current, const HttpResponse& page, int) -> PageStep {
        if (!hasMore(page))
            return {};
        HttpRequest next = current;
        int n = 1;
        if (next.query.hasQueryItem(parameter)) {
            n = next.query.queryItemValue(parameter).toInt();
            next.query.removeAllQueryItems(parameter);
        } else {
            QUrlQuery q(next.url);
            if (q.hasQueryItem(parameter)) {
                n = q.queryItemValue(parameter).toInt();
                q.removeAllQueryItems(parameter);
                next.url.setQuery(q);
            }
        }
        next.query.addQueryItem(parameter, QString::number(std::max(1, n) + 1));
        return {std::move(next), {}};
    };
}

NextPage jsonLink(const QStringList& path)
{
    return [path](const HttpRequest& current, const HttpResponse& page, int) -> PageStep {
        auto doc = page.json();
        if (!doc)
            return {std::nullopt, doc.error()};
        QJsonValue v = doc.value().object();
        for (const QString& key : path)
            v = v.toObject().value(key);
        const QString link = v.toString();
        if (link.isEmpty())
            return {};
        HttpRequest next = current;
        next.url = current.url.resolved(QUrl(link));
        next.query.clear();
        return {std::move(next), {}};
    };
}

} // namespace Paging

} // namespace Slipway
