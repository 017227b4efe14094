#include "paging.h"

#include <QUrlQuery>
#include <algorithm>

namespace Slipway::Paging {

namespace {

// Removes `parameter` from the request's query (or its URL's) and returns its value; 1 when it was absent.
int takePageNumber(HttpRequest& request, const QString& parameter)
{
    if (request.query.hasQueryItem(parameter)) {
        const int n = request.query.queryItemValue(parameter).toInt();
        request.query.removeAllQueryItems(parameter);
        return n;
    }
    QUrlQuery q(request.url);
    if (!q.hasQueryItem(parameter))
        return 1;
    const int n = q.queryItemValue(parameter).toInt();
    q.removeAllQueryItems(parameter);
    request.url.setQuery(q);
    return n;
}

} // namespace

NextPage pageNumber(const QString& parameter, std::function<bool(const HttpResponse&)> hasMore)
{
    return [parameter, hasMore = std::move(hasMore)](
               const HttpRequest& current, const HttpResponse& page, int) -> PageStep {
        if (!hasMore(page))
            return {};
        HttpRequest next = current;
        const int n = takePageNumber(next, parameter);
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

} // namespace Slipway::Paging
