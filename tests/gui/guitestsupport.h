#pragma once

// What the GUI tests share: a Workspace whose library, settings and secrets live in `dir` (memory secrets), so a
// test touches nothing of the user's and runs alone or in any order.
#include <QTemporaryDir>
#include <memory>
#include <package/packageinfo.h>
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

// Two package groups as the Publish dialog gets them, without a file behind them (for checks of the form itself).
inline QList<QList<PackageInfo>> twoSampleGroups()
{
    PackageInfo package;
    package.fileName = QStringLiteral("app.apk");
    package.kind = PackageKind::Apk;
    package.packageId = QStringLiteral("com.example.app");
    package.versionCode = QStringLiteral("1");
    return {QList<PackageInfo>({package}), QList<PackageInfo>({package})};
}

} // namespace Slipway::Test
