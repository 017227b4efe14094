#pragma once

#include <QString>

namespace Slipway::Test {

// One corpus APK (com.politedroid_3.apk) signed four ways with Debian's apksigner and fresh RSA keys (openssl):
//   old       signed by the "old" key: the version already on the destination;
//   unrelated signed by the "new" key alone: devices refuse it as an update of `old`;
//   rotated   signed by the "new" key with a v3 rotation lineage from the "old" key (apksigner rotate, then
//             apksigner sign --lineage ... --next-signer): devices accept it;
//   foreign   signed by the "new" key with a lineage from a third key: a lineage, but not from `old`.
struct SignedVariants
{
    QString old;
    QString unrelated;
    QString rotated;
    QString foreign;
    QString oldSha256; // the old certificate's SHA-256 (hex)
    QString error; // why the variants could not be made; empty when they were
};

// Makes the variants in `dir`. apksigner missing: `error` says so and `skipped` is set.
SignedVariants makeSignedVariants(const QString& dir, bool* skipped = nullptr);

} // namespace Slipway::Test

// Skips the test when apksigner is not installed (or fails it under SLIPWAY_REQUIRE_SHARED=1); fails it when the
// variants cannot be made.
#define SLIPWAY_MAKE_SIGNED_VARIANTS(variants, dir)                                                                    \
    do {                                                                                                               \
        bool skipped_ = false;                                                                                         \
        (variants) = Slipway::Test::makeSignedVariants((dir), &skipped_);                                              \
        if (skipped_ && !qEnvironmentVariableIntValue("SLIPWAY_REQUIRE_SHARED"))                                       \
            QSKIP(qPrintable((variants).error));                                                                       \
        QVERIFY2((variants).error.isEmpty(), qPrintable((variants).error));                                            \
    } while (false)
