#include "curlreply.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <algorithm>
#include <chrono>
#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace Slipway {

namespace {

// libcurl's largest send buffer (CURLOPT_UPLOAD_BUFFERSIZE): one pread(2) and a few send(2) per 2 MB.
constexpr long kUploadBuffer = 2 * 1024 * 1024;
// Upload progress reaches the owning thread at most this often (or after this many bytes).
constexpr qint64 kProgressMs = 50;
constexpr qint64 kProgressStep = 1024 * 1024;
// The answer's bytes not yet taken by the owning thread: the worker waits beyond this (memory stays flat).
constexpr qsizetype kMaxPending = 4 * 1024 * 1024;

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The proxy Qt would use for `url` (the application's proxy factory: the system configuration, as HttpClient sets
// it, which on Linux reads http_proxy, https_proxy, all_proxy and no_proxy; never one for a loopback address), as
// libcurl's proxy URL; empty: none. libcurl's own reading of the environment differs (no http_proxy fallback for
// https, loopback proxied), so it is not used.
QByteArray proxyFor(const QUrl& url, QByteArray* user, QByteArray* password)
{
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    for (const QNetworkProxy& p : proxies) {
        if (p.type() != QNetworkProxy::HttpProxy && p.type() != QNetworkProxy::Socks5Proxy)
            continue;
        *user = p.user().toUtf8();
        *password = p.password().toUtf8();
        const QByteArray scheme = p.type() == QNetworkProxy::HttpProxy ? "http://" : "socks5h://";
        QByteArray host = QUrl::toAce(p.hostName());
        if (host.contains(':'))
            host = '[' + host + ']';
        return scheme + host + ':' + QByteArray::number(p.port());
    }
    return {};
}

// What a QNAM reply reports for the same failure (AttemptFailure classifies these).
QNetworkReply::NetworkError mapCurlError(int code, bool gotHeaders, long connectCode)
{
    switch (CURLcode(code)) {
    case CURLE_COULDNT_CONNECT:
        if (connectCode == 407)
            return QNetworkReply::ProxyAuthenticationRequiredError;
        return QNetworkReply::ConnectionRefusedError;
    case CURLE_COULDNT_RESOLVE_HOST:
        return QNetworkReply::HostNotFoundError;
    case CURLE_COULDNT_RESOLVE_PROXY:
        return QNetworkReply::ProxyNotFoundError;
    case CURLE_OPERATION_TIMEDOUT:
        return QNetworkReply::TimeoutError;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
        return QNetworkReply::SslHandshakeFailedError;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        // Before the answer's head: nothing came back; after it: the answer was cut off (both a 1..99 error).
        return QNetworkReply::RemoteHostClosedError;
    case CURLE_SEND_FAIL_REWIND:
        return QNetworkReply::ContentReSendError;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_CONTENT_ENCODING:
        return QNetworkReply::ProtocolFailure;
    case CURLE_URL_MALFORMAT:
        return QNetworkReply::ProtocolInvalidOperationError;
    case CURLE_ABORTED_BY_CALLBACK:
        return QNetworkReply::OperationCanceledError;
    default:
        return gotHeaders ? QNetworkReply::RemoteHostClosedError : QNetworkReply::UnknownNetworkError;
    }
}

} // namespace

struct CurlReply::Transfer
{
    CURL* easy = nullptr;
    CURLM* multi = nullptr;
    curl_slist* headers = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    QByteArray url, method, proxy, proxyUser, proxyPassword;
    qsizetype segment = 0; // the body's read position: segment and offset in it
    qint64 segmentPos = 0;
};

CurlReply::CurlReply(
    const QNetworkRequest& request, const QByteArray& method, QList<CurlBodySegment> body, QObject* parent)
    : QNetworkReply(parent)
    , m_transfer(new Transfer)
    , m_segments(std::move(body))
{
    initCurlOnce();
    for (const CurlBodySegment& s : m_segments)
        m_bodySize += s.size();
    setRequest(request);
    setUrl(request.url());
    setOperation(method == "POST" ? QNetworkAccessManager::PostOperation
            : method == "PUT"     ? QNetworkAccessManager::PutOperation
                                  : QNetworkAccessManager::CustomOperation);
    if (operation() == QNetworkAccessManager::CustomOperation)
        setAttribute(QNetworkRequest::CustomVerbAttribute, method);
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    Transfer& t = *m_transfer;
    t.url = request.url().toEncoded();
    t.method = method;
    t.proxy = proxyFor(request.url(), &t.proxyUser, &t.proxyPassword);
    // Every header of the request as Qt would send it; Content-Length comes from the body size. Empty values
    // ("Name:") switch off libcurl's own Expect: 100-continue, Accept: */* and form Content-Type.
    const QList<QByteArray> names = request.rawHeaderList();
    auto has = [&names](const char* name) {
        return std::any_of(names.begin(), names.end(),
            [name](const QByteArray& n) { return n.compare(name, Qt::CaseInsensitive) == 0; });
    };
    for (const QByteArray& name : names) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 || name.compare("Expect", Qt::CaseInsensitive) == 0
            || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            continue;
        const QByteArray value = request.rawHeader(name);
        const QByteArray line = value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value);
        t.headers = curl_slist_append(t.headers, line.constData());
    }
    t.headers = curl_slist_append(t.headers, "Expect:");
    if (!has("Accept"))
        t.headers = curl_slist_append(t.headers, "Accept:");
    if (!has("Content-Type"))
        t.headers = curl_slist_append(t.headers, "Content-Type:");

    CURL* e = t.easy = curl_easy_init();
    t.multi = curl_multi_init();
    curl_easy_setopt(e, CURLOPT_URL, t.url.constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); // HttpJob follows redirects (and drops credentials)
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_PROXY, t.proxy.constData()); // "": none, not even from the environment
    if (!t.proxyUser.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_PROXYUSERNAME, t.proxyUser.constData());
        curl_easy_setopt(e, CURLOPT_PROXYPASSWORD, t.proxyPassword.constData());
    }
    curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L); // a proxy's CONNECT answer is no answer of ours
    if (!has("Accept-Encoding"))
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate"); // as QNAM: offered and decoded
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errorBuffer);
    curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, kUploadBuffer);
    if (method == "PUT") {
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, curl_off_t(m_bodySize));
    } else {
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(m_bodySize));
        if (method != "POST")
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t.method.constData());
    }
    // No CURLOPT_SEEKFUNCTION: libcurl cannot rewind the body, so it never sends it twice on its own.
    using DataFn = size_t (*)(char*, size_t, size_t, void*); // read, header and write callbacks alike
    using XferFn = int (*)(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, static_cast<DataFn>([](char* b, size_t s, size_t n, void* self) {
        return static_cast<CurlReply*>(self)->onRead(b, s * n);
    }));
    curl_easy_setopt(e, CURLOPT_READDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, static_cast<DataFn>([](char* b, size_t s, size_t n, void* self) {
        return static_cast<CurlReply*>(self)->onHeader(b, s * n);
    }));
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, static_cast<DataFn>([](char* b, size_t s, size_t n, void* self) {
        return static_cast<CurlReply*>(self)->onWrite(b, s * n);
    }));
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION,
        static_cast<XferFn>([](void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t uploaded) {
            return static_cast<CurlReply*>(self)->onXferInfo(qint64(uploaded));
        }));
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, this);
    curl_multi_add_handle(t.multi, e);
    m_worker = std::thread([this] { run(); });
}

CurlReply::~CurlReply()
{
    stopWorker();
    if (m_worker.joinable())
        m_worker.join();
    curl_multi_remove_handle(m_transfer->multi, m_transfer->easy);
    curl_easy_cleanup(m_transfer->easy);
    curl_multi_cleanup(m_transfer->multi);
    curl_slist_free_all(m_transfer->headers);
    delete m_transfer;
    for (const CurlBodySegment& s : std::as_const(m_segments)) {
        if (s.fd >= 0)
            ::close(s.fd);
    }
}

// Tells the worker to stop, wherever it waits: for room for the answer (m_drained) or in curl_multi_poll().
void CurlReply::stopWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_drained.notify_all();
    curl_multi_wakeup(m_transfer->multi);
}

void CurlReply::abort()
{
    stopWorker();
    finishWith(OperationCanceledError, tr("The transfer was cancelled."));
}

qint64 CurlReply::bytesAvailable() const
{
    return m_buffer.size() - m_bufferPos + QNetworkReply::bytesAvailable();
}

qint64 CurlReply::readData(char* data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_buffer.size() - m_bufferPos);
    if (n <= 0)
        return isFinished() ? -1 : 0;
    memcpy(data, m_buffer.constData() + m_bufferPos, size_t(n));
    m_bufferPos += qsizetype(n);
    if (m_bufferPos == m_buffer.size()) {
        m_buffer.clear();
        m_bufferPos = 0;
    }
    return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Worker thread

void CurlReply::run()
{
    Transfer& t = *m_transfer;
    int running = 1;
    while (!m_stop && running > 0) {
        if (curl_multi_perform(t.multi, &running) != CURLM_OK)
            break;
        if (running > 0)
            curl_multi_poll(t.multi, nullptr, 0, 1000, nullptr); // abort() and the destructor wake it up
    }
    int result = m_stop ? CURLE_ABORTED_BY_CALLBACK : CURLE_FAILED_INIT;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(t.multi, &left)) {
        if (msg->msg == CURLMSG_DONE)
            result = msg->data.result;
    }
    long connectCode = 0;
    curl_easy_getinfo(t.easy, CURLINFO_HTTP_CONNECTCODE, &connectCode);
    const QString text = m_readError.isEmpty()
        ? QString::fromUtf8(t.errorBuffer[0] ? t.errorBuffer : curl_easy_strerror(CURLcode(result))).trimmed()
        : m_readError;
    const bool gotHeaders = m_finalHeaders;
    const int code = m_readError.isEmpty() ? result : -1;
    curl_off_t uploaded = 0;
    curl_easy_getinfo(t.easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    m_sent = std::max<qint64>(m_sent, qint64(uploaded));
    QMetaObject::invokeMethod(
        this,
        [this, code, text, gotHeaders, connectCode] { deliverFinished(code, text, gotHeaders, int(connectCode)); },
        Qt::QueuedConnection);
}

size_t CurlReply::onRead(char* buffer, size_t size)
{
    if (m_stop)
        return CURL_READFUNC_ABORT;
    Transfer& t = *m_transfer;
    size_t filled = 0;
    while (filled < size && t.segment < m_segments.size()) {
        const CurlBodySegment& s = m_segments.at(t.segment);
        const qint64 want = std::min<qint64>(qint64(size - filled), s.size() - t.segmentPos);
        if (want <= 0) {
            ++t.segment;
            t.segmentPos = 0;
            continue;
        }
        if (s.fd < 0) {
            memcpy(buffer + filled, s.bytes.constData() + t.segmentPos, size_t(want));
            filled += size_t(want);
            t.segmentPos += want;
            continue;
        }
        const ssize_t got = ::pread(s.fd, buffer + filled, size_t(want), s.offset + t.segmentPos);
        if (got <= 0) {
            const QString why = got < 0 ? qt_error_string(errno) : QStringLiteral("the file became shorter");
            m_readError
                = QCoreApplication::translate("Slipway::HttpJob", "Cannot read %1 for the upload: %2").arg(s.path, why);
            return CURL_READFUNC_ABORT;
        }
        filled += size_t(got);
        t.segmentPos += got;
    }
    return filled;
}

size_t CurlReply::onHeader(const char* data, size_t size)
{
    QByteArray line(data, qsizetype(size));
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (m_finalHeaders)
        return size; // trailers of a chunked answer
    if (line.startsWith("HTTP/")) {
        // A new block (an interim 1xx answer may come before the final one): "HTTP/1.1 200 OK".
        const qsizetype first = line.indexOf(' ');
        const qsizetype second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        m_blockStatus = line.mid(first + 1, second < 0 ? -1 : second - first - 1).toInt();
        m_blockReason = second < 0 ? QByteArray() : line.mid(second + 1);
        m_headerBlock.clear();
    } else if (line.isEmpty()) {
        if (m_blockStatus >= 200) {
            m_finalHeaders = true;
            QMetaObject::invokeMethod(
                this,
                [this, status = m_blockStatus, reason = m_blockReason, headers = m_headerBlock] {
                    deliverHeaders(status, reason, headers);
                },
                Qt::QueuedConnection);
        }
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && !m_headerBlock.isEmpty()) {
        m_headerBlock.last().second += ' ' + line.trimmed(); // an obsolete folded line continues the last field
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        m_headerBlock.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return size;
}

size_t CurlReply::onWrite(const char* data, size_t size)
{
    std::unique_lock lock(m_mutex);
    m_drained.wait(lock, [this] { return m_stop || m_incoming.size() < kMaxPending; });
    if (m_stop)
        return 0;
    m_incoming.append(data, qsizetype(size));
    if (!std::exchange(m_dataPosted, true))
        QMetaObject::invokeMethod(
            this, [this] { deliverData(); }, Qt::QueuedConnection);
    return size;
}

int CurlReply::onXferInfo(qint64 uploaded)
{
    if (m_stop)
        return 1; // CURLE_ABORTED_BY_CALLBACK
    if (uploaded == m_postedSent)
        return 0;
    m_sent = uploaded;
    const qint64 now = nowMs();
    if (uploaded - m_postedSent >= kProgressStep || now - m_postedAtMs >= kProgressMs || uploaded == m_bodySize) {
        m_postedSent = uploaded;
        m_postedAtMs = now;
        if (!m_progressPosted.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { deliverProgress(); }, Qt::QueuedConnection);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Owning thread

void CurlReply::deliverProgress()
{
    m_progressPosted = false;
    if (!isFinished())
        Q_EMIT uploadProgress(m_sent, m_bodySize);
}

void CurlReply::deliverHeaders(
    int status, const QByteArray& reason, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    if (isFinished())
        return;
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, reason);
    // Repeated fields are joined as QNAM joins them (RFC 9110 section 5.3; Set-Cookie one per line).
    QList<QPair<QByteArray, QByteArray>> joined;
    for (const auto& h : headers) {
        auto it = std::find_if(joined.begin(), joined.end(),
            [&h](const auto& j) { return j.first.compare(h.first, Qt::CaseInsensitive) == 0; });
        if (it == joined.end())
            joined.append(h);
        else
            it->second += QByteArray(h.first.compare("set-cookie", Qt::CaseInsensitive) == 0 ? "\n" : ", ") + h.second;
    }
    for (const auto& h : std::as_const(joined))
        setRawHeader(h.first, h.second);
    Q_EMIT metaDataChanged();
}

void CurlReply::deliverData()
{
    QByteArray chunk;
    {
        std::lock_guard lock(m_mutex);
        chunk = std::exchange(m_incoming, QByteArray());
        m_dataPosted = false;
    }
    m_drained.notify_all();
    if (chunk.isEmpty() || isFinished())
        return;
    m_received += chunk.size();
    m_buffer.append(chunk);
    Q_EMIT downloadProgress(m_received, -1);
    Q_EMIT readyRead();
}

void CurlReply::deliverFinished(int curlCode, const QString& curlMessage, bool gotHeaders, int connectCode)
{
    deliverData();
    if (isFinished())
        return;
    Q_EMIT uploadProgress(m_sent, m_bodySize);
    if (curlCode == CURLE_OK) {
        setFinished(true);
        Q_EMIT finished();
        return;
    }
    if (curlCode < 0) { // a file of the body could not be read
        finishWith(ProtocolFailure, curlMessage);
        return;
    }
    const NetworkError error = mapCurlError(curlCode, gotHeaders, connectCode);
    finishWith(error, tr("The transfer to %1 failed: %2").arg(url().host(), curlMessage));
}

void CurlReply::finishWith(NetworkError error, const QString& text)
{
    if (isFinished())
        return;
    setError(error, text);
    setFinished(true);
    Q_EMIT errorOccurred(error);
    Q_EMIT finished();
}

} // namespace Slipway
