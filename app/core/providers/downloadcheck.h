#pragma once

#include <QString>
#include <QVariant>
#include <common/job.h>

namespace Slipway::DownloadCheck {

// What a finished Provider::download() checked the file against: "sha256" or "md5" when the bytes matched a hash
// the service (or the Local library) gave, empty when there was no hash to check (the size alone does not count).
// Kept on the job itself, so DownloadJob stays a ValueJob<QString> of the path written.
inline QString verifiedBy(const Job* download)
{
    return download ? download->property("slipwayVerifiedBy").toString() : QString();
}

inline void setVerifiedBy(Job* download, const QString& hash)
{
    download->setProperty("slipwayVerifiedBy", hash);
}

} // namespace Slipway::DownloadCheck
