#pragma once

// The preflight checks, by theme. Each returns its findings for one destination (passes included, so the
// checklist shows what was checked), and never sends anything: the live state is already in the input.
#include <QCoreApplication>
#include <preflight/preflightinput.h>

namespace Slipway::PreflightChecks {

// Helpers the checks share (checksupport.cpp).
struct Texts // the checks' texts, in the "Slipway::Preflight" context
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Preflight)
};
// Compares two version codes or build numbers: numerically, part by part for dotted build numbers ("1.2.10" >
// "1.2.9"); -1, 0 or 1.
int compareCodes(const QString& a, const QString& b);
// "version code 42 (1.4.2, published 2 Nov 2026)" or "build 42 (1.4.2, uploaded ...)".
QString describeVersion(const PreflightInput& in, const VersionInfo& v);
QString day(const QDateTime& when); // "2026-11-02"

// Identity (identitychecks.cpp)
// The package's platform against the service's (an APK to App Store Connect). Runs first; a block here stops
// every other check and every request.
QList<PreflightCheck> platform(const PreflightInput& in);
// The package id / bundle id against the destination app's.
QList<PreflightCheck> identity(const PreflightInput& in);

// Live state (livestatechecks.cpp): the version code / build number against the versions there.
QList<PreflightCheck> liveState(const PreflightInput& in);
// App Store Connect's version trains: the build number within the version string's train, a closed train, a
// version string lower than the one on sale (asctrainchecks.cpp).
QList<PreflightCheck> appStoreTrain(const PreflightInput& in);

// Signing (signingchecks.cpp): unsigned, a debug certificate or debuggable build to production, the signer
// against the previous version's, and the package's own error-severity warnings.
QList<PreflightCheck> signing(const PreflightInput& in);
QList<PreflightCheck> packageWarnings(const PreflightInput& in);

// Apple provisioning (provisioningchecks.cpp).
QList<PreflightCheck> provisioning(const PreflightInput& in);

// Limits and required fields (limitchecks.cpp), credentials (credentialchecks.cpp).
QList<PreflightCheck> limits(const PreflightInput& in);
QList<PreflightCheck> credentials(const PreflightInput& in);

} // namespace Slipway::PreflightChecks
