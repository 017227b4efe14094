#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <common/result.h>

namespace Slipway::MachO {

// Mach-O executables, thin or fat (universal). Only headers and load commands are read, never code.

struct Slice
{
    QString arch; // "arm64", "arm", "x86_64", "i386", "arm64e", "arm64_32", ...
    quint32 cpuType = 0;
    quint32 cpuSubtype = 0;
    qint64 offset = 0; // of the slice inside the file (0 for a thin file)
    qint64 size = 0; // of the slice (the file size for a thin file, when known)
    quint32 fileType = 0; // MH_EXECUTE = 2, MH_DSYM = 10, ... (after parseLoadCommands)
    QString uuid; // LC_UUID, upper-case 8-4-4-4-12 (after parseLoadCommands)
    qint64 codeSignatureOffset = 0; // LC_CODE_SIGNATURE, relative to the slice (0 = unsigned)
    qint64 codeSignatureSize = 0;
};

// How many bytes parseSlices wants from the start of the file to see every fat_arch record.
constexpr qint64 kHeaderProbeBytes = 4096;
// Load commands larger than this are refused (real binaries have a few tens of KiB).
constexpr qint64 kMaxLoadCommandBytes = 4 * 1024 * 1024;

bool isMachO(const QByteArray& head);

// Parses a fat or thin header from the first bytes of the file. `fileSize` bounds the fat offsets.
Result<QList<Slice>> parseSlices(const QByteArray& head, qint64 fileSize);

// For a thin Mach-O image starting at `sliceHead[0]`: the number of bytes holding its header and load
// commands, or an error when `sliceHead` (at least 32 bytes) is not a Mach-O header.
Result<qint64> loadCommandsEnd(const QByteArray& sliceHead);

// Reads file type, LC_UUID and LC_CODE_SIGNATURE from a thin image's header and load commands.
Status parseLoadCommands(const QByteArray& sliceHead, Slice& slice);

QString archName(quint32 cpuType, quint32 cpuSubtype);

} // namespace Slipway::MachO
