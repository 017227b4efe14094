#include <package/readers.h>

namespace Slipway::Readers {

void addAndroidWarnings(PackageInfo&, const QDateTime&) { }

} // namespace Slipway::Readers
