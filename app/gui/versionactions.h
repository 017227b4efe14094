#pragma once

#include <QString>
#include <domain/types.h>

namespace Slipway::Gui {

// What the window's Delete and Edit mean for one version row of a service. App Store Connect lists App Store
// versions and builds together; a build has no DELETE in the API (it is expired: PATCH /v1/builds/{id}
// expired=true) and nothing Slipway can edit (only App Store versions have attributes and "what's new").
namespace VersionActions {

bool isAppStoreConnectBuild(const QString& serviceId, const VersionInfo& version);

// False where Provider::edit cannot apply to this row (an App Store Connect build).
bool canEdit(const QString& serviceId, const VersionInfo& version);

struct DeletePrompt
{
    QString title; // the confirmation's title
    QString text; // the question
    QString accept; // the accepting button
    QString done; // the message after success
    QString failed; // the prefix of the message after a failure
};
DeletePrompt deletePrompt(const QString& serviceId, const QString& serviceName, const VersionInfo& version);

} // namespace VersionActions
} // namespace Slipway::Gui
