#pragma once

// Shared by the two halves of LocalLibrary (locallibrary.cpp: the catalog; libraryfiles.cpp: the artifacts).
#include <QCoreApplication>
#include <QString>

namespace Slipway {

struct StoredFile
{
    QString fileName;
    QString kind;
    qint64 size = 0;
    QString md5;
    QString sha256;
};

namespace LibraryInternal {

inline QString tr(const char* text)
{
    return QCoreApplication::translate("LocalLibrary", text);
}

} // namespace LibraryInternal
} // namespace Slipway
