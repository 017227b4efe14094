#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <credentials/credentialstore.h>
#include <functional>
#include <net/httpclient.h>
#include <common/job.h>

// Small helpers for providers that run a chain of HTTP requests inside one outer job: each step sends one
// request (or fetches all pages) as a child of the outer job, forwards cancel, fails the outer job with the
// step's error, and otherwise hands the response to the next step.
namespace Slipway::HttpSteps {

// Sends `request`; on success calls `next(response)`, else fails `outer`. `forwardProgress` reports the
// upload's bytes (and speed/ETA in the status) on the outer job.
template<typename T>
void send(ValueJob<T>* outer, HttpClient* http, const HttpRequest& request,
    std::function<void(const HttpResponse&)> next, bool forwardProgress = false)
{
    if (outer->isFinished() || outer->isCancelled())
        return;
    if (!http) {
        outer->fail(Error(Error::Kind::Internal,
            QCoreApplication::translate("Slipway::HttpSteps", "No network client is available.")));
        return;
    }
    HttpJob* job = http->send(request, outer);
    QObject::connect(outer, &Job::cancelRequested, job, &Job::cancel);
    if (forwardProgress) {
        const QString status = outer->status();
        QObject::connect(job, &HttpJob::transferProgressChanged, outer, [outer, status](const TransferProgress& p) {
            if (p.sendTotal <= 0)
                return;
            outer->reportProgress(p.sent, p.sendTotal);
            QString line = status;
            if (p.bytesPerSecond > 0) {
                line += QStringLiteral(" (%1/s").arg(QLocale::c().formattedDataSize(qint64(p.bytesPerSecond)));
                if (p.etaSeconds >= 0)
                    line
                        += QCoreApplication::translate("Slipway::HttpSteps", ", %n s left", nullptr, int(p.etaSeconds));
                line += QLatin1Char(')');
            }
            outer->setStatus(line);
        });
    }
    QObject::connect(job, &Job::finished, outer, [outer, job, next = std::move(next)] {
        job->deleteLater();
        if (outer->isFinished() || outer->isCancelled())
            return;
        if (!job->succeeded()) {
            outer->fail(job->error());
            return;
        }
        next(job->result());
    });
}

// Fetches every page; on success calls `next(pages)`.
template<typename T>
void fetchAll(ValueJob<T>* outer, HttpClient* http, const HttpRequest& first, NextPage pager,
    std::function<void(const QList<HttpResponse>&)> next, int maxPages = 200)
{
    if (outer->isFinished() || outer->isCancelled())
        return;
    if (!http) {
        outer->fail(Error(Error::Kind::Internal,
            QCoreApplication::translate("Slipway::HttpSteps", "No network client is available.")));
        return;
    }
    PagedJob* job = http->fetchAll(first, std::move(pager), maxPages, outer);
    QObject::connect(outer, &Job::cancelRequested, job, &Job::cancel);
    QObject::connect(job, &Job::finished, outer, [outer, job, next = std::move(next)] {
        job->deleteLater();
        if (outer->isFinished() || outer->isCancelled())
            return;
        if (!job->succeeded()) {
            outer->fail(job->error());
            return;
        }
        next(job->result());
    });
}

// Reads one secret of an account; on success calls `next(secret)`. A missing entry fails the outer job as an
// Auth error that tells the user how to store it.
template<typename T>
void readSecret(ValueJob<T>* outer, CredentialStore* store, const QString& accountName, const QString& field,
    std::function<void(const QByteArray&)> next)
{
    if (!store) {
        outer->fail(Error(
            Error::Kind::Keychain, QCoreApplication::translate("Slipway::HttpSteps", "No secret store is available.")));
        return;
    }
    SecretJob* job = store->read(CredentialStore::keyFor(accountName, field));
    QObject::connect(job, &Job::finished, outer, [outer, job, accountName, field, next = std::move(next)] {
        job->deleteLater();
        if (outer->isFinished() || outer->isCancelled())
            return;
        if (!job->succeeded()) {
            Error e = job->error();
            if (e.kind == Error::Kind::NotFound) {
                e = Error(Error::Kind::Auth,
                    QCoreApplication::translate(
                        "Slipway::HttpSteps", "Account %1 has no %2 stored: edit the account and enter it again.")
                        .arg(accountName, field));
                e.field = QStringLiteral("account:") + field;
            }
            outer->fail(e);
            return;
        }
        next(job->result());
    });
}

// An option of PublishRequest::options as a bool: true/1/yes/on (any case) or a QVariant bool.
inline bool optionBool(const QVariantMap& options, const QString& key, bool fallback)
{
    const QVariant v = options.value(key);
    if (!v.isValid() || (v.typeId() == QMetaType::QString && v.toString().trimmed().isEmpty()))
        return fallback;
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    const QString s = v.toString().trimmed().toLower();
    if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes") || s == QLatin1String("on"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no") || s == QLatin1String("off"))
        return false;
    return fallback;
}

// Whether an option holds a readable bool (for validation messages).
inline bool isBoolText(const QVariant& v)
{
    if (!v.isValid() || v.typeId() == QMetaType::Bool)
        return true;
    const QString s = v.toString().trimmed().toLower();
    return s.isEmpty() || s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes")
        || s == QLatin1String("on") || s == QLatin1String("false") || s == QLatin1String("0")
        || s == QLatin1String("no") || s == QLatin1String("off");
}

} // namespace Slipway::HttpSteps
