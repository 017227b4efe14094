#include "retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace Slipway {

namespace {

const QList<QByteArray>& idempotentMethods()
{
    static const QList<QByteArray> m {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"};
    return m;
}

// HTTP-date (IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT"; RFC 850 and asctime forms too. -1 when unreadable.
qint64 msUntilHttpDate(const QString& s, const QDateTime& now)
{
    static const char* formats[]
        = {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"};
    for (const char* f : formats) {
        QDateTime when = QLocale::c().toDateTime(s, QLatin1String(f));
        if (when.isValid()) {
            when.setTimeZone(QTimeZone::utc());
            if (when.date().year() < 100)
                when = when.addYears(2000);
            return std::max<qint64>(0, now.msecsTo(when));
        }
    }
    return -1;
}

int fromEnvironment(const char* name, int fallback, int min, int max)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? std::clamp(value, min, max) : fallback;
}

} // namespace

int NetDefaults::stallMs()
{
    return fromEnvironment("SLIPWAY_STALL_SECONDS", 30, 1, 3600) * 1000;
}

int NetDefaults::attempts()
{
    return fromEnvironment("SLIPWAY_ATTEMPTS", 3, 1, 10);
}

bool RetryPolicy::isIdempotent(const QByteArray& method) const
{
    switch (idempotency) {
    case Idempotency::Idempotent:
        return true;
    case Idempotency::NotIdempotent:
        return false;
    case Idempotency::ByMethod:
        break;
    }
    return idempotentMethods().contains(method.toUpper());
}

int RetryPolicy::backoffMs(int attempt) const
{
    const int n = std::clamp(attempt - 1, 0, 30);
    double delay = double(initialDelayMs) * std::pow(2.0, n);
    delay = std::min(delay, double(maxDelayMs));
    if (jitter > 0) {
        const double spread = (QRandomGenerator::global()->generateDouble() * 2.0 - 1.0) * jitter;
        delay *= 1.0 + spread;
    }
    return std::max(0, int(std::lround(delay)));
}

qint64 RetryPolicy::retryAfterMs(const QByteArray& value, const QDateTime& now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : seconds * 1000;
    return msUntilHttpDate(QString::fromLatin1(v), now);
}

qint64 HttpTimeouts::deadlineMs(qint64 bodySize) const
{
    qint64 ms = baseMs;
    if (bodySize > 0 && minBytesPerSecond > 0)
        ms += bodySize * 1000 / minBytesPerSecond;
    return ms;
}

RateLimiter::RateLimiter(int requests, int windowMs)
    : m_requests(std::max(1, requests))
    , m_windowMs(std::max(1, windowMs))
{
    m_clock.start();
}

qint64 RateLimiter::reserve()
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.elapsed();
    qint64 start = now;
    if (qsizetype(m_slots.size()) >= m_requests)
        start = std::max(now, m_slots[m_slots.size() - m_requests] + m_windowMs);
    m_slots.push_back(start);
    while (qsizetype(m_slots.size()) > m_requests)
        m_slots.pop_front();
    return start - now;
}

} // namespace Slipway
