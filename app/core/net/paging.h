#pragma once

#include <QString>
#include <QStringList>
#include <common/error.h>
#include <functional>
#include <net/httprequest.h>
#include <net/httpresponse.h>
#include <optional>

namespace Slipway {

// A page-following step: the request for the next page, or none at the end; an Error when the page is unreadable.
struct PageStep
{
    std::optional<HttpRequest> next;
    Error error;
};
using NextPage = std::function<PageStep(const HttpRequest& current, const HttpResponse& page, int pageIndex)>;

// Ready-made NextPage logic.
namespace Paging {
// ?page=N (1-based) while `hasMore(response)` says so (e.g. a "hasNextPage" flag in the body).
NextPage pageNumber(const QString& parameter, std::function<bool(const HttpResponse&)> hasMore);
// Follows the URL at a JSON path such as {"links","next"}; stops when absent or null.
NextPage jsonLink(const QStringList& path);
} // namespace Paging

} // namespace Slipway
