#pragma once

#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <common/job.h>
#include <net/httprequest.h>
#include <net/httpresponse.h>
#include <net/paging.h>

namespace Slipway {

class HttpClient;
class HttpJob;

// Fetches every page. result() holds the responses in order. One listing is capped in total: bytes of all pages
// (default 256 MB) and items (default 100,000; an item is an element of the page's JSON array, or of the arrays at
// the top of its JSON object); beyond that it fails with a BadResponse asking to narrow the list.
class PagedJob : public ValueJob<QList<HttpResponse>>
{
    Q_OBJECT

public:
    static constexpr qint64 kDefaultMaxBytes = 256LL * 1024 * 1024;
    static constexpr qint64 kDefaultMaxItems = 100000;

    ~PagedJob() override;
    // Call right after HttpClient::fetchAll(), before returning to the event loop.
    void setLimits(qint64 maxBytes, qint64 maxItems);
    // The number of items on one page (see above for the default).
    static qint64 countItems(const HttpResponse& page);

protected:
    void onCancel() override;

private:
    friend class HttpClient;
    PagedJob(HttpClient* client, const HttpRequest& first, NextPage next, int maxPages, QObject* parent);
    void fetch(const HttpRequest& request);
    void onPage(HttpJob* job);
    bool overLimits(const HttpRequest& request, const HttpResponse& page);

    QPointer<HttpClient> m_client;
    NextPage m_next;
    int m_maxPages;
    QList<HttpResponse> m_pages;
    qint64 m_maxBytes = kDefaultMaxBytes;
    qint64 m_maxItems = kDefaultMaxItems;
    qint64 m_bytes = 0;
    qint64 m_items = 0;
    QSet<QString> m_seen;
    QPointer<HttpJob> m_current;
};

} // namespace Slipway
