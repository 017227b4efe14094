#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <common/job.h>
#include <net/httprequest.h>
#include <net/httpresponse.h>
#include <net/transferprogress.h>
#include <optional>

class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace Slipway {

class HttpClient;
struct Attempt;
struct AttemptFailure;

// One request with its retries. finished() once; result() holds the last response (also on failure, when the
// server answered). Job::progress(done, total) reports the upload (or, without a body, the download).
class HttpJob : public ValueJob<HttpResponse>
{
    Q_OBJECT

public:
    ~HttpJob() override;

    const HttpRequest& request() const { return m_request; }
    TransferProgress transferProgress() const { return m_progress; }
    int attempts() const { return m_progress.attempt; }

Q_SIGNALS:
    void transferProgressChanged(const Slipway::TransferProgress& progress);
    // A retry is scheduled after `delayMs` because of `reason`.
    void retrying(int attempt, int delayMs, const Slipway::Error& reason);

protected:
    void onCancel() override;

private:
    friend class HttpClient;
    HttpJob(HttpClient* client, HttpRequest request, QObject* parent);

    // Sending an attempt.
    void start();
    void sendAttempt();
    bool waitForRateLimit();
    QNetworkRequest buildRequest() const;
    bool isSensitiveHeader(const QByteArray& name) const;
    void resetTransfer();
    void watchReply(qint64 bodySize);

    // Progress and timeouts of the running attempt.
    void onReadyRead();
    bool sinkBody(QNetworkReply& reply);
    void onBytes(qint64 sent, qint64 sendTotal, qint64 received, qint64 receiveTotal);
    void reportTransfer();
    void onDeadline();
    void onStall();
    void abortReply();
    void dropReply();

    // What a finished attempt means.
    void onReplyFinished();
    HttpResponse readResponse(QNetworkReply& reply);
    Attempt currentAttempt() const;
    std::optional<AttemptFailure> transferFailure(const QNetworkReply& reply, const HttpResponse& response);
    std::optional<AttemptFailure> answerFailure(const QNetworkReply& reply, const HttpResponse& response) const;
    void follow(const QUrl& location, int status);
    void succeed(const HttpResponse& response);

    // Retrying or giving up.
    void handleFailure(const AttemptFailure& failure);
    void scheduleRetry(const Error& error, qint64 delayMs, bool verifyFirst);
    void retryNow();
    void verifyThenRetry(const Error& error, bool lastAttempt);
    void onVerified(const VerifyOutcome& outcome, const Error& error);
    void finishWith(const Error& error);

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    QUrl m_currentUrl;
    QByteArray m_currentMethod;
    bool m_dropBody = false; // after a 303 (or 301/302 on POST): the redirect is a GET without body
    int m_redirects = 0;
    QPointer<QNetworkReply> m_reply; // owned by the access manager, which may go first
    QTimer* m_deadline = nullptr;
    QTimer* m_stall = nullptr;
    QTimer* m_wait = nullptr;
    enum class TimeoutKind
    {
        None,
        Deadline,
        Stall
    } m_timedOut
        = TimeoutKind::None;
    bool m_verifying = false;
    bool m_verifyIsLast = false; // no attempt left: NotCreated fails instead of sending again
    QByteArray m_body; // the answer read so far (read on readyRead, so the size cap applies at once)
    bool m_done = false;
    bool m_tooLarge = false;
    bool m_sinkStarted = false; // the sink got begin() for this attempt
    QString m_tlsErrors;
    QElapsedTimer m_lastActivity;
    TransferProgress m_progress;
    TransferMeter m_meter;
    QElapsedTimer m_attemptClock;
};

} // namespace Slipway
