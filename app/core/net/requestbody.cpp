#include "requestbody.h"

#include <QCoreApplication>
#include <QFile>
#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <net/curlreply.h>
#include <net/libcurlloader.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace Slipway::RequestBody {

namespace {

// An in-memory body that can be read once: refusing to rewind makes Qt's own silent resend (after a dropped
// keep-alive connection) fail with ContentReSendError instead of sending a non-idempotent request twice.
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

// Opens the region [offset, offset + length) of `path` (length -1: to the end) as a body segment; false with
// `error` set when it cannot be read.
bool openRegion(const QString& path, qint64 offset, qint64 length, CurlBodySegment* segment, Error* error)
{
    QString why;
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    struct stat st = {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        why = qt_error_string(errno);
    } else if (offset < 0 || offset > st.st_size) {
        why = QStringLiteral("offset %1 is beyond the end of the file (%2 bytes)").arg(offset).arg(st.st_size);
    } else {
        if (length < 0)
            length = st.st_size - offset;
        if (offset + length > st.st_size)
            why = QStringLiteral("the region ends beyond the end of the file (%1 bytes)").arg(st.st_size);
    }
    if (!why.isEmpty()) {
        if (fd >= 0)
            ::close(fd);
        *error = Error(Error::Kind::Io,
            QCoreApplication::translate("Slipway::HttpJob", "Cannot read %1 for the upload: %2").arg(path, why));
        return false;
    }
    ::posix_fadvise(fd, offset, length, POSIX_FADV_SEQUENTIAL);
    *segment = CurlBodySegment {.bytes = {}, .fd = fd, .path = path, .offset = offset, .length = length};
    return true;
}

void closeSegments(const QList<CurlBodySegment>& segments)
{
    for (const CurlBodySegment& s : segments) {
        if (s.fd >= 0)
            ::close(s.fd);
    }
}

QByteArray quoted(QByteArray value)
{
    return '"' + value.replace('"', "%22") + '"';
}

// A boundary as QHttpMultiPart makes one: a fixed prefix and 24 random bytes in Base64 (RFC 2046 section 5.1.1
// allows these characters, and the random part makes a collision with the content practically impossible).
QByteArray newBoundary()
{
    quint32 random[6];
    QRandomGenerator::global()->fillRange(random);
    return "boundary_.oOo._" + QByteArray(reinterpret_cast<const char*>(random), qsizetype(sizeof(random))).toBase64();
}

// The multipart/form-data body (RFC 7578) laid out byte for byte as QHttpMultiPart lays it out: per part the
// delimiter "--boundary" CRLF, its header fields, CRLF, the content, CRLF; then "--boundary--" CRLF. Text is
// held in memory, file contents are regions read while sending. Empty with `error` set when a file cannot be read.
QList<CurlBodySegment> multipartSegments(const QList<MultipartPart>& parts, const QByteArray& boundary, Error* error)
{
    QList<CurlBodySegment> segments;
    QByteArray text;
    for (const MultipartPart& p : parts) {
        QByteArray disposition = "form-data; name=" + quoted(p.name);
        if (p.isFile())
            disposition += "; filename=" + quoted(p.fileName.toUtf8());
        text += "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n";
        if (!p.contentType.isEmpty())
            text += "Content-Type: " + p.contentType + "\r\n";
        text += "\r\n";
        if (p.isFile()) {
            CurlBodySegment file;
            if (!openRegion(p.filePath, p.offset, p.length, &file, error)) {
                closeSegments(segments);
                return {};
            }
            segments.append(CurlBodySegment {.bytes = std::exchange(text, QByteArray())});
            segments.append(file);
        } else {
            text += p.value;
        }
        text += "\r\n";
    }
    text += "--" + boundary + "--\r\n";
    segments.append(CurlBodySegment {.bytes = text});
    return segments;
}

// Sends a body with a file in it through libcurl (see CurlReply: Qt's HTTP engine is slow for large uploads).
Sent sendThroughCurl(
    QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, QList<CurlBodySegment> segments)
{
    Sent sent;
    if (QString why; !LibCurl::load(&why)) {
        closeSegments(segments);
        sent.error = Error(Error::Kind::Unsupported,
            QCoreApplication::translate("Slipway::HttpJob",
                "Uploading a file needs libcurl (Debian package libcurl4), and it cannot be loaded."),
            why);
        return sent;
    }
    for (const CurlBodySegment& s : segments)
        sent.bodySize += s.size();
    req.setHeader(QNetworkRequest::ContentLengthHeader, sent.bodySize);
    sent.reply = new CurlReply(req, method, std::move(segments), &nam);
    return sent;
}

// An in-memory body through Qt; it can be read only once when the request is not rewindable.
Sent sendMemory(
    QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const QByteArray& body, bool rewindable)
{
    Sent sent;
    sent.bodySize = body.size();
    if (rewindable || body.isEmpty()) {
        sent.reply = nam.sendCustomRequest(req, method, body);
        return sent;
    }
    auto* dev = new OneShotBuffer(body, nullptr);
    req.setHeader(QNetworkRequest::ContentLengthHeader, sent.bodySize);
    sent.reply = nam.sendCustomRequest(req, method, dev);
    dev->setParent(sent.reply);
    return sent;
}

Sent sendMultipart(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method,
    const HttpRequest& request, bool rewindable)
{
    Sent sent;
    const QByteArray boundary = newBoundary();
    QList<CurlBodySegment> segments = multipartSegments(request.multipart, boundary, &sent.error);
    if (segments.isEmpty())
        return sent;
    // As QNetworkAccessManager sets them for a QHttpMultiPart (the boundary quoted, RFC 2046 section 5.1.1).
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("multipart/form-data; boundary=\"" + boundary + '"'));
    if (!req.hasRawHeader("MIME-Version"))
        req.setRawHeader("MIME-Version", "1.0");
    const bool withFile
        = std::any_of(segments.begin(), segments.end(), [](const CurlBodySegment& s) { return s.fd >= 0; });
    if (withFile)
        return sendThroughCurl(nam, req, method, std::move(segments));
    return sendMemory(nam, req, method, segments.constFirst().bytes, rewindable); // text fields only
}

Sent sendFile(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request)
{
    Sent sent;
    CurlBodySegment file;
    if (!openRegion(request.bodyFile, request.bodyOffset, request.bodyLength, &file, &sent.error))
        return sent;
    req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    return sendThroughCurl(nam, req, method, {file});
}

Sent sendBytes(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool rewindable)
{
    if (!request.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    return sendMemory(nam, req, method, request.body, rewindable);
}

} // namespace

Sent send(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool withBody, bool rewindable)
{
    if (withBody && !request.multipart.isEmpty())
        return sendMultipart(nam, req, method, request, rewindable);
    if (withBody && !request.bodyFile.isEmpty())
        return sendFile(nam, req, method, request);
    if (withBody && (!request.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH"))
        return sendBytes(nam, req, method, request, rewindable);
    return {nam.sendCustomRequest(req, method), 0, {}};
}

} // namespace Slipway::RequestBody
