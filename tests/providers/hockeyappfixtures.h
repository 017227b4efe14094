#pragma once

#include <QByteArray>

// Documented response examples, kept out of the moc-scanned test file (moc misreads some raw strings).
namespace HockeyAppFixtures {
QByteArray versionsList();
QByteArray uploadAnswer();
QByteArray fieldErrors();
QByteArray truncatedApps();
} // namespace HockeyAppFixtures
