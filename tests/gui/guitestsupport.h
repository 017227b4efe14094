#pragma once

// What the GUI tests share: a Workspace whose library, settings and secrets live in `dir` (memory secrets), so a
// test touches nothing of the user's and runs alone or in any order.
#include <QTemporaryDir>
#include <memory>
#include <session/workspace.h>

namespace Slipway::Test {

inline std::unique_ptr<Workspace> makeWorkspace(const QTemporaryDir& dir)
{
    Workspace::Options options;
    options.libraryPath = dir.filePath(QStringLiteral("library"));
    options.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    options.memorySecrets = true;
    return std::make_unique<Workspace>(options);
}

} // namespace Slipway::Test
