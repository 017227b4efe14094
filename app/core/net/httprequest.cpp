#include "httprequest.h"

#include <QFileInfo>
#include <algorithm>

namespace Slipway {

namespace {

// The bytes of one part, its multipart headers estimated.
qint64 partSize(const MultipartPart& p)
{
    qint64 size = 200 + p.name.size() + p.fileName.size();
    if (p.isFile())
        size += p.length >= 0 ? p.length : std::max<qint64>(0, QFileInfo(p.filePath).size() - p.offset);
    else
        size += p.value.size();
    return size;
}

} // namespace

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
        for (const MultipartPart& p : multipart)
            total += partSize(p);
        return total;
    }
    return body.size();
}

} // namespace Slipway
