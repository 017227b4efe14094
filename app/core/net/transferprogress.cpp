#include "transferprogress.h"

#include <cmath>

namespace Slipway {

void TransferMeter::restart()
{
    m_bytes = 0;
    m_mark = 0;
    m_clock.start();
}

bool TransferMeter::estimate(TransferProgress& p)
{
    const qint64 moved = p.sent + p.received;
    const qint64 elapsed = m_clock.elapsed();
    const bool uploading = p.sendTotal > 0 && p.sent < p.sendTotal;
    const bool last = (p.sendTotal > 0 && p.sent == p.sendTotal && p.received == 0)
        || (p.receiveTotal > 0 && p.received == p.receiveTotal);
    if (elapsed - m_mark < 100 && !last)
        return false;
    const qint64 dt = elapsed - m_mark;
    if (dt > 0) {
        const double instant = double(moved - m_bytes) * 1000.0 / double(dt);
        p.bytesPerSecond = p.bytesPerSecond <= 0 ? instant : 0.7 * p.bytesPerSecond + 0.3 * instant;
    }
    m_mark = elapsed;
    m_bytes = moved;
    qint64 remaining = -1;
    if (uploading)
        remaining = p.sendTotal - p.sent;
    else if (p.receiveTotal > 0)
        remaining = p.receiveTotal - p.received;
    p.etaSeconds
        = (remaining >= 0 && p.bytesPerSecond > 1) ? qint64(std::ceil(double(remaining) / p.bytesPerSecond)) : -1;
    return true;
}

} // namespace Slipway
