#pragma once

#include <QElapsedTimer>
#include <QMetaType>
#include <QtGlobal>

namespace Slipway {

// Transfer statistics of a running HttpJob.
struct TransferProgress
{
    qint64 sent = 0;
    qint64 sendTotal = 0; // 0: no body
    qint64 received = 0;
    qint64 receiveTotal = -1;
    double bytesPerSecond = 0; // smoothed over the last seconds, of the direction that is moving
    qint64 etaSeconds = -1; // -1: unknown
    int attempt = 1;
};

// Estimates the rate and the time left of a TransferProgress from its byte counts.
class TransferMeter
{
public:
    // A new attempt: the next estimate measures from now.
    void restart();
    // Smooths bytesPerSecond and sets etaSeconds, at most every 100 ms and on the last byte; false in between.
    bool estimate(TransferProgress& progress);

private:
    QElapsedTimer m_clock;
    qint64 m_bytes = 0; // bytes moved at the last estimate
    qint64 m_mark = 0; // ms on m_clock of the last estimate
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::TransferProgress)
