#include "httpauth.h"

#include <QNetworkRequest>

namespace Slipway {

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

} // namespace Slipway
