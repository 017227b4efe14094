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

// Fetches every page. result() holds the responses in order.
class PagedJob : public ValueJob<QList<HttpResponse>>
{
    Q_OBJECT

public:
    ~PagedJob() override;

protected:
    void onCancel() override;

private:
    friend class HttpClient;
    PagedJob(HttpClient* client, const HttpRequest& first, NextPage next, int maxPages, QObject* parent);
    void fetch(const HttpRequest& request);
    void onPage(HttpJob* job);

    QPointer<HttpClient> m_client;
    NextPage m_next;
    int m_maxPages;
    QList<HttpResponse> m_pages;
    QSet<QString> m_seen;
    QPointer<HttpJob> m_current;
};

} // namespace Slipway
