#include "requestbody.h"

#include <QCoreApplication>
#include <QFile>
#include <QHttpMultiPart>
#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <cstring>

namespace Slipway::RequestBody {

namespace {

// How much of a file one read takes. Qt's HTTP/1 handler asks for 16 KiB per wake-up of the user thread
// (qhttpprotocolhandler.cpp, socketWriteMaxSize); reading the disk that finely cost a read(2) per 16 KiB, so
// the device reads ahead this much and serves Qt's requests from memory.
constexpr qint64 kReadAhead = 256 * 1024;

// A read-only window [offset, offset + length) of a file, streamed: QNAM pulls chunks from it, nothing is
// held in memory beyond one read-ahead buffer and Qt's small transfer buffers.
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
        if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
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
        m_pos = pos;
        m_ahead.clear();
        m_aheadPos = 0;
        return m_file.seek(m_offset + pos);
    }
    bool atEnd() const override { return m_pos >= m_length; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_pos >= m_length || maxSize <= 0)
            return 0;
        m_readAny = true;
        if (m_aheadPos >= m_ahead.size()) {
            // The file's position is always m_offset + m_pos + what is left in m_ahead (here: nothing).
            m_ahead.resize(qsizetype(std::min(kReadAhead, m_length - m_pos)));
            const qint64 got = m_file.read(m_ahead.data(), m_ahead.size());
            if (got <= 0) {
                m_ahead.clear();
                m_aheadPos = 0;
                return got < 0 ? -1 : 0;
            }
            m_ahead.truncate(qsizetype(got));
            m_aheadPos = 0;
        }
        const qint64 n = std::min<qint64>(maxSize, m_ahead.size() - m_aheadPos);
        memcpy(data, m_ahead.constData() + m_aheadPos, size_t(n));
        m_aheadPos += qsizetype(n);
        m_pos += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
    bool m_allowRewind;
    bool m_readAny = false;
    qint64 m_pos = 0; // within the region
    QByteArray m_ahead; // read from the file, not yet handed out from m_aheadPos on
    qsizetype m_aheadPos = 0;
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

// An open region of `path`; null with `error` set when it cannot be read.
FileRegionDevice* openRegion(
    const QString& path, qint64 offset, qint64 length, bool rewindable, QObject* parent, Error* error)
{
    auto* dev = new FileRegionDevice(path, offset, length, rewindable, parent);
    QString why;
    if (dev->openRegion(&why))
        return dev;
    delete dev;
    *error = Error(Error::Kind::Io,
        QCoreApplication::translate("Slipway::HttpJob", "Cannot read %1 for the upload: %2").arg(path, why));
    return nullptr;
}

QByteArray quoted(QByteArray value)
{
    return '"' + value.replace('"', "%22") + '"';
}

// Appends one form-data part to `body`; false with `error` set when its file cannot be read.
bool appendPart(QHttpMultiPart& body, const MultipartPart& p, bool rewindable, qint64* size, Error* error)
{
    QHttpPart part;
    QByteArray disposition = "form-data; name=" + quoted(p.name);
    if (p.isFile()) {
        disposition += "; filename=" + quoted(p.fileName.toUtf8());
        FileRegionDevice* dev = openRegion(p.filePath, p.offset, p.length, rewindable, &body, error);
        if (!dev)
            return false;
        *size += dev->size();
        part.setBodyDevice(dev);
    } else {
        part.setBody(p.value);
        *size += p.value.size();
    }
    part.setRawHeader("Content-Disposition", disposition);
    if (!p.contentType.isEmpty())
        part.setRawHeader("Content-Type", p.contentType);
    body.append(part);
    return true;
}

// Sends a streamed body of `size` bytes; the reply owns the device.
QNetworkReply* sendDevice(
    QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, QIODevice* dev, qint64 size)
{
    req.setHeader(QNetworkRequest::ContentLengthHeader, size);
    QNetworkReply* reply = nam.sendCustomRequest(req, method, dev);
    dev->setParent(reply);
    return reply;
}

Sent sendMultipart(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method,
    const HttpRequest& request, bool rewindable)
{
    Sent sent;
    auto* body = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    for (const MultipartPart& p : request.multipart) {
        if (!appendPart(*body, p, rewindable, &sent.bodySize, &sent.error)) {
            delete body;
            return sent;
        }
    }
    sent.reply = nam.sendCustomRequest(req, method, body);
    body->setParent(sent.reply);
    return sent;
}

Sent sendFile(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool rewindable)
{
    Sent sent;
    FileRegionDevice* dev
        = openRegion(request.bodyFile, request.bodyOffset, request.bodyLength, rewindable, nullptr, &sent.error);
    if (!dev)
        return sent;
    sent.bodySize = dev->size();
    req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    sent.reply = sendDevice(nam, req, method, dev, sent.bodySize);
    return sent;
}

Sent sendBytes(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool rewindable)
{
    Sent sent;
    if (!request.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    sent.bodySize = request.body.size();
    if (rewindable || request.body.isEmpty())
        sent.reply = nam.sendCustomRequest(req, method, request.body);
    else
        sent.reply = sendDevice(nam, req, method, new OneShotBuffer(request.body, nullptr), sent.bodySize);
    return sent;
}

} // namespace

Sent send(QNetworkAccessManager& nam, QNetworkRequest& req, const QByteArray& method, const HttpRequest& request,
    bool withBody, bool rewindable)
{
    if (withBody && !request.multipart.isEmpty())
        return sendMultipart(nam, req, method, request, rewindable);
    if (withBody && !request.bodyFile.isEmpty())
        return sendFile(nam, req, method, request, rewindable);
    if (withBody && (!request.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH"))
        return sendBytes(nam, req, method, request, rewindable);
    return {nam.sendCustomRequest(req, method), 0, {}};
}

} // namespace Slipway::RequestBody
