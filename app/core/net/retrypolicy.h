#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <common/error.h>
#include <deque>
#include <functional>
#include <net/httpresponse.h>

namespace Slipway {

// The defaults of every request: nothing moving for 30 s is a stall, and a request gets 3 attempts. The
// environment variables SLIPWAY_STALL_SECONDS (1..3600) and SLIPWAY_ATTEMPTS (1..10) override them.
namespace NetDefaults {
int stallMs();
int attempts();
} // namespace NetDefaults

// What a RetryPolicy::verify lookup found out about a create request whose first attempt failed ambiguously.
struct VerifyOutcome
{
    enum class State
    {
        NotCreated, // the resource does not exist: sending the request again is safe
        Created, // the first attempt did create it: the job succeeds with `existing` (recovered = true)
        Unknown, // the lookup failed: the job fails with the original error
    };
    State state = State::Unknown;
    HttpResponse existing;

    static VerifyOutcome notCreated() { return {State::NotCreated, {}}; }
    static VerifyOutcome created(HttpResponse existing)
    {
        existing.recovered = true;
        return {State::Created, std::move(existing)};
    }
    static VerifyOutcome unknown() { return {State::Unknown, {}}; }
};

// When and how often a request is sent again.
//
// Idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS by default) are retried on connection errors, timeouts,
// truncated answers, 502/503/504 and 429 (honouring Retry-After). Non-idempotent requests (POST, PATCH) are only
// retried when the server provably did not act on them (connection refused, host not found, 429), or when the
// caller installed verifyBeforeRetry(): then, after an ambiguous failure (dropped connection, timeout, 5xx), the
// callback looks the resource up and answers NotCreated (send again), Created (done) or Unknown (fail).
struct RetryPolicy
{
    enum class Idempotency
    {
        ByMethod,
        Idempotent,
        NotIdempotent
    };
    using VerifyDone = std::function<void(const VerifyOutcome&)>;
    // Called on the job's thread; must call `done` exactly once (asynchronously is fine).
    using Verify = std::function<void(const Error& failure, const VerifyDone& done)>;

    int maxAttempts = NetDefaults::attempts(); // total attempts, the first one included; 1 = no retry
    int initialDelayMs = 1000; // backoff before the second attempt, doubled each time
    int maxDelayMs = 30000; // backoff cap
    double jitter = 0.3; // +/- this fraction of random spread on every backoff
    int maxRetryAfterMs = 120000; // a longer Retry-After fails at once as rate-limited
    Idempotency idempotency = Idempotency::ByMethod;
    Verify verify;

    static RetryPolicy noRetry()
    {
        RetryPolicy p;
        p.maxAttempts = 1;
        return p;
    }
    RetryPolicy& verifyBeforeRetry(Verify callback)
    {
        verify = std::move(callback);
        idempotency = Idempotency::NotIdempotent;
        return *this;
    }
    bool isIdempotent(const QByteArray& method) const;
    // The backoff before attempt number `attempt` + 1 (attempt >= 1), jitter included.
    int backoffMs(int attempt) const;
    // Parses Retry-After (delta seconds or an HTTP date); -1 when absent or unreadable.
    static qint64 retryAfterMs(const QByteArray& value, const QDateTime& now);
};

// Transfer limits. The whole-transfer deadline grows with the body size; the stall timeout fires when no byte
// moved (either direction) for stallMs.
struct HttpTimeouts
{
    int baseMs = 60000; // deadline for a request without a body
    qint64 minBytesPerSecond = 32 * 1024; // deadline += bodySize / minBytesPerSecond
    int stallMs = NetDefaults::stallMs(); // no progress at all for this long = timeout
    qint64 deadlineMs(qint64 bodySize) const;
};

// A client-side limit of N requests per window, shared by every request of one service (e.g. 10 per second).
class RateLimiter
{
public:
    RateLimiter(int requests, int windowMs);
    // Reserves the next slot; returns how long to wait before sending (0 = now). Thread-safe.
    qint64 reserve();
    int requests() const { return m_requests; }
    int windowMs() const { return m_windowMs; }

private:
    int m_requests;
    int m_windowMs;
    QMutex m_mutex;
    QElapsedTimer m_clock;
    std::deque<qint64> m_slots; // start times (ms on m_clock) of the last `requests` reservations
};

} // namespace Slipway
