#include "pagedjob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <net/httpclient.h>
#include <net/redaction.h>

namespace Slipway {

PagedJob::PagedJob(HttpClient* client, const HttpRequest&, NextPage next, int maxPages, QObject* parent)
    : ValueJob<QList<HttpResponse>>(parent)
    , m_client(client)
    , m_next(std::move(next))
    , m_maxPages(std::max(1, maxPages))
{ }

PagedJob::~PagedJob() = default;

void PagedJob::setLimits(qint64 maxBytes, qint64 maxItems)
{
    m_maxBytes = std::max<qint64>(1, maxBytes);
    m_maxItems = std::max<qint64>(1, maxItems);
}

qint64 PagedJob::countItems(const HttpResponse& page)
{
    const QJsonDocument doc = QJsonDocument::fromJson(page.body);
    if (doc.isArray())
        return doc.array().size();
    qint64 items = 0;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it->isArray())
            items += it->toArray().size();
    }
    return items;
}

// Adds the page to the listing's totals; true (and failed) when the listing grew beyond the caps.
bool PagedJob::overLimits(const HttpRequest& request, const HttpResponse& page)
{
    m_bytes += page.body.size();
    m_items += countItems(page);
    const QString svc = ResponseText::serviceOr(request.serviceName);
    QString message;
    if (m_bytes > m_maxBytes) {
        message = tr("The list from %1 is longer than Slipway accepts (more than %2 MB in %3 pages); narrow it, for "
                     "example to one app or a shorter period, and try again.")
                      .arg(svc)
                      .arg(m_maxBytes / (1024 * 1024))
                      .arg(m_pages.size() + 1);
    } else if (m_items > m_maxItems) {
        message = tr("The list from %1 is longer than Slipway accepts (more than %2 items); narrow it, for example to "
                     "one app or a shorter period, and try again.")
                      .arg(svc)
                      .arg(m_maxItems);
    } else {
        return false;
    }
    m_pages.clear();
    fail(Error(Error::Kind::BadResponse, message, Redaction::url(page.url)));
    return true;
}

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
                .arg(ResponseText::serviceOr(request.serviceName))
                .arg(m_pages.size()),
            Redaction::url(request.effectiveUrl())));
        return;
    }
    m_seen.insert(key);
    if (!m_client) {
        fail(Error(Error::Kind::Internal, tr("The network client is gone.")));
        return;
    }
    m_current = m_client->send(request, this);
    HttpJob* job = m_current;
    connect(job, &Job::finished, this, [this, job] { onPage(job); });
}

void PagedJob::onPage(HttpJob* job)
{
    job->deleteLater();
    if (isCancelled())
        return;
    if (!job->succeeded()) {
        fail(job->error());
        return;
    }
    if (overLimits(job->request(), job->result()))
        return;
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
                .arg(ResponseText::serviceOr(job->request().serviceName))
                .arg(m_maxPages),
            Redaction::url(step.next->effectiveUrl())));
        return;
    }
    fetch(*step.next);
}

} // namespace Slipway
