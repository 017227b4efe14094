#pragma once

#include <QDir>
#include <QString>
#include <QStringList>

namespace Slipway::Test {

// The shared/ reference folder (corpus, specs, API docs), or an empty string when it is missing.
// When SLIPWAY_REQUIRE_SHARED=1 (CI) a missing folder is a hard failure; otherwise tests skip.
QString sharedDir();
QString corpusDir();
QString corpusFile(const QString& name);
bool requireShared();

// Path of the slipway-cli binary built next to the tests.
QString cliPath();

} // namespace Slipway::Test

// Skips the test (or fails it, under SLIPWAY_REQUIRE_SHARED=1) when shared/ is not there.
#define SLIPWAY_REQUIRE_CORPUS()                                                                                       \
    do {                                                                                                               \
        if (Slipway::Test::corpusDir().isEmpty()) {                                                                    \
            if (Slipway::Test::requireShared())                                                                        \
                QFAIL("../shared/corpus is missing (SLIPWAY_SHARED_DIR); it is required under "                        \
                      "SLIPWAY_REQUIRE_SHARED=1");                                                                     \
            QSKIP("../shared/corpus is missing; set SLIPWAY_SHARED_DIR to run this test");                             \
        }                                                                                                              \
    } while (false)
