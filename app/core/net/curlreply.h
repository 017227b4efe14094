#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

class QNetworkRequest;

namespace Slipway {

// One piece of a request body sent by CurlReply: bytes held in memory, or the region [offset, offset + length) of
// an open file (the reply owns the descriptor and closes it).
struct CurlBodySegment
{
    QByteArray bytes;
    int fd = -1;
    QString path; // for messages
    qint64 offset = 0;
    qint64 length = 0;

    qint64 size() const { return fd >= 0 ? length : bytes.size(); }
};

// A QNetworkReply whose request runs through libcurl on a thread of its own, for request bodies streamed from
// files. Qt's HTTP/1 engine pulls an upload device across threads 16 KiB per round trip; libcurl reads the file
// straight into its 2 MB send buffer instead, at the speed of the curl tool.
//
// To HttpJob it looks like a reply of QNetworkAccessManager: uploadProgress (throttled), metaDataChanged and
// readyRead with the final answer's status and headers (1xx blocks dropped), downloadProgress, finished(), and
// the QNetworkReply::NetworkError a QNAM reply would have for the same failure. abort() finishes it at once
// with OperationCanceledError and stops the transfer; deleting it mid-transfer waits only for libcurl to wake up.
//
// On the wire: `method`, every raw header of `request` (User-Agent, Authorization, Content-Type...), the body's
// Content-Length, no Expect: 100-continue, no chunked encoding, HTTP/1.1, no redirects followed (HttpJob does),
// no silent resend of the body (no seek callback), TLS verified with the system CA store, the proxy Qt would use.
class CurlReply : public QNetworkReply
{
    Q_OBJECT

public:
    CurlReply(const QNetworkRequest& request, const QByteArray& method, QList<CurlBodySegment> body,
        QObject* parent = nullptr);
    ~CurlReply() override;

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

    qint64 bodySize() const { return m_bodySize; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;

private:
    struct Transfer; // the libcurl side, touched only by the worker thread (and the constructor before it starts)

    // Worker thread.
    void run();
    size_t onRead(char* buffer, size_t size);
    size_t onHeader(const char* data, size_t size);
    size_t onWrite(const char* data, size_t size);
    int onXferInfo(qint64 uploaded);

    // Owning thread.
    void stopWorker();
    void deliverProgress();
    void deliverHeaders(int status, const QByteArray& reason, const QList<QPair<QByteArray, QByteArray>>& headers);
    void deliverData();
    void deliverFinished(int curlCode, const QString& curlMessage, bool gotHeaders, int connectCode);
    void finishWith(NetworkError error, const QString& text);

    Transfer* m_transfer = nullptr;
    QList<CurlBodySegment> m_segments;
    qint64 m_bodySize = 0;
    std::thread m_worker;
    std::atomic<bool> m_stop {false};

    // Upload progress, posted at most every kProgressStep bytes or kProgressMs.
    std::atomic<qint64> m_sent {0};
    std::atomic<bool> m_progressPosted {false};
    qint64 m_postedSent = 0; // worker
    qint64 m_postedAtMs = 0; // worker

    // The answer's body: the worker appends to m_incoming (bounded, under m_mutex), the owning thread moves it to
    // m_buffer, which readData() serves.
    std::mutex m_mutex;
    std::condition_variable m_drained;
    QByteArray m_incoming;
    bool m_dataPosted = false;
    QByteArray m_buffer;
    qsizetype m_bufferPos = 0;
    qint64 m_received = 0;

    // The worker's view of the answer's head.
    QList<QPair<QByteArray, QByteArray>> m_headerBlock;
    int m_blockStatus = 0;
    QByteArray m_blockReason;
    bool m_finalHeaders = false;

    QString m_readError; // worker: a file of the body could not be read
};

} // namespace Slipway
