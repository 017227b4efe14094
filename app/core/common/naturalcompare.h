#pragma once

#include <QString>
#include <QStringView>

namespace Slipway {

// Orders version names and labels the way people read them: runs of digits compare as numbers
// (1.2 < 1.9 < 1.10; build-2 < build-10), letters case-insensitively, and a pre-release suffix sorts before the
// release it leads to (2.0-alpha < 2.0-rc1 < 2.0 < 2.0.1). A suffix that starts with a letter, or with '-', '_' or
// '~' followed by a letter, is a pre-release; '.', '+' and digits continue the version. Equal ignoring case and
// leading zeros falls back to the plain text, so the order is total. Returns <0, 0 or >0.
int naturalCompare(QStringView a, QStringView b);

inline bool naturalLess(const QString& a, const QString& b)
{
    return naturalCompare(a, b) < 0;
}

} // namespace Slipway
