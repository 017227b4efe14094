#pragma once

#include <testutils/testutils.h>

#include <QtTest>

// Skips a keyring test outside tests/with-keyring.sh, or fails it when CI demands the real keyring
// (SLIPWAY_REQUIRE_SHARED=1).
#define SLIPWAY_REQUIRE_KEYRING()                                                                                      \
    do {                                                                                                               \
        if (qEnvironmentVariable("SLIPWAY_KEYRING_AVAILABLE") != QLatin1String("1")) {                                 \
            if (Slipway::Test::requireShared())                                                                        \
                QFAIL("No test keyring: run the suite through tests/with-keyring.sh (./scripts/test does), which "     \
                      "starts a private D-Bus session with an unlocked gnome-keyring.");                               \
            QSKIP("No test keyring (SLIPWAY_KEYRING_AVAILABLE is not 1); run through tests/with-keyring.sh");          \
        }                                                                                                              \
    } while (false)

namespace Slipway::Test {

// Waits for a job and reports whether it finished in time (a keyring answers in well under a second).
template<typename J> bool finishes(J* job, int timeoutMs = 15000)
{
    return job->waitForFinished(timeoutMs);
}

} // namespace Slipway::Test
