#include "machoreader.h"

#include <QCoreApplication>
#include <QtEndian>
#include <limits>

namespace Slipway::MachO {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::MachO)
};

constexpr quint32 kFatMagic = 0xcafebabe;
constexpr quint32 kFatMagic64 = 0xcafebabf;
constexpr quint32 kMagic32 = 0xfeedface;
constexpr quint32 kMagic64 = 0xfeedfacf;
constexpr quint32 kLcUuid = 0x1b;
constexpr quint32 kLcCodeSignature = 0x1d;
constexpr quint32 kCpuArch64 = 0x01000000;
constexpr quint32 kCpuArch6432 = 0x02000000;
constexpr int kMaxFatArchs = 64;

quint32 be32(const uchar* p)
{
    return qFromBigEndian<quint32>(p);
}

quint64 be64(const uchar* p)
{
    return qFromBigEndian<quint64>(p);
}

// The byte order and width of a thin header, from its magic.
struct ThinHeader
{
    bool valid = false;
    bool bigEndian = false;
    bool is64 = false;
};

ThinHeader thinHeader(const QByteArray& head)
{
    ThinHeader h;
    if (head.size() < 4)
        return h;
    const auto* p = reinterpret_cast<const uchar*>(head.constData());
    const quint32 le = qFromLittleEndian<quint32>(p);
    const quint32 be = qFromBigEndian<quint32>(p);
    if (le == kMagic32 || le == kMagic64) {
        h.valid = true;
        h.is64 = le == kMagic64;
    } else if (be == kMagic32 || be == kMagic64) {
        h.valid = true;
        h.bigEndian = true;
        h.is64 = be == kMagic64;
    }
    return h;
}

quint32 read32(const uchar* p, bool bigEndian)
{
    return bigEndian ? qFromBigEndian<quint32>(p) : qFromLittleEndian<quint32>(p);
}

QString formatUuid(const uchar* u)
{
    const QString hex = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(u), 16).toHex().toUpper());
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) + QLatin1Char('-')
        + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

} // namespace

QString archName(quint32 cpuType, quint32 cpuSubtype)
{
    const quint32 sub = cpuSubtype & 0x00ffffff;
    switch (cpuType) {
    case 7:
        return QStringLiteral("i386");
    case 7 | kCpuArch64:
        return QStringLiteral("x86_64");
    case 12:
        return QStringLiteral("arm");
    case 12 | kCpuArch64:
        return sub == 2 ? QStringLiteral("arm64e") : QStringLiteral("arm64");
    case 12 | kCpuArch6432:
        return QStringLiteral("arm64_32");
    case 18:
        return QStringLiteral("ppc");
    case 18 | kCpuArch64:
        return QStringLiteral("ppc64");
    default:
        return QStringLiteral("cpu%1").arg(cpuType);
    }
}

bool isMachO(const QByteArray& head)
{
    if (thinHeader(head).valid)
        return true;
    if (head.size() < 8)
        return false;
    const auto* p = reinterpret_cast<const uchar*>(head.constData());
    const quint32 magic = be32(p);
    // Java class files share 0xcafebabe; their "count" is a class file version (>= 45).
    return (magic == kFatMagic || magic == kFatMagic64) && be32(p + 4) > 0 && be32(p + 4) <= kMaxFatArchs;
}

Result<QList<Slice>> parseSlices(const QByteArray& head, qint64 fileSize)
{
    if (head.size() < 8)
        return Error(Error::Kind::InvalidPackage, Texts::tr("The executable is too short to be a Mach-O file."));
    const auto* p = reinterpret_cast<const uchar*>(head.constData());
    const quint32 magic = be32(p);
    QList<Slice> slices;
    if (magic == kFatMagic || magic == kFatMagic64) {
        const quint32 n = be32(p + 4);
        if (n == 0 || n > kMaxFatArchs)
            return Error(Error::Kind::InvalidPackage, Texts::tr("The executable's universal header is malformed."),
                QStringLiteral("nfat_arch=%1").arg(n));
        const qint64 recordSize = magic == kFatMagic64 ? 32 : 20;
        if (8 + qint64(n) * recordSize > head.size())
            return Error(Error::Kind::InvalidPackage, Texts::tr("The executable's universal header is truncated."));
        for (quint32 i = 0; i < n; ++i) {
            const uchar* r = p + 8 + i * recordSize;
            Slice s;
            s.cpuType = be32(r);
            s.cpuSubtype = be32(r + 4);
            if (magic == kFatMagic64) {
                s.offset = qint64(qMin<quint64>(be64(r + 8), quint64(std::numeric_limits<qint64>::max())));
                s.size = qint64(qMin<quint64>(be64(r + 16), quint64(std::numeric_limits<qint64>::max())));
            } else {
                s.offset = be32(r + 8);
                s.size = be32(r + 12);
            }
            if (fileSize >= 0 && (s.offset > fileSize || s.size > fileSize - s.offset))
                return Error(Error::Kind::InvalidPackage,
                    Texts::tr("The executable's universal header points outside the file."));
            s.arch = archName(s.cpuType, s.cpuSubtype);
            slices.append(s);
        }
        return slices;
    }
    const ThinHeader h = thinHeader(head);
    if (!h.valid || head.size() < 12)
        return Error(Error::Kind::InvalidPackage, Texts::tr("The executable is not a Mach-O file."),
            QStringLiteral("magic=%1").arg(magic, 8, 16, QLatin1Char('0')));
    Slice s;
    s.cpuType = read32(p + 4, h.bigEndian);
    s.cpuSubtype = read32(p + 8, h.bigEndian);
    s.offset = 0;
    s.size = fileSize;
    s.arch = archName(s.cpuType, s.cpuSubtype);
    slices.append(s);
    return slices;
}

Result<qint64> loadCommandsEnd(const QByteArray& sliceHead)
{
    const ThinHeader h = thinHeader(sliceHead);
    if (!h.valid || sliceHead.size() < 32)
        return Error(Error::Kind::InvalidPackage, Texts::tr("An architecture slice is not a Mach-O image."));
    const auto* p = reinterpret_cast<const uchar*>(sliceHead.constData());
    const qint64 headerSize = h.is64 ? 32 : 28;
    const qint64 sizeOfCmds = read32(p + 20, h.bigEndian);
    if (sizeOfCmds > kMaxLoadCommandBytes)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("A Mach-O image declares implausibly large load commands."));
    return headerSize + sizeOfCmds;
}

Status parseLoadCommands(const QByteArray& sliceHead, Slice& slice)
{
    const auto end = loadCommandsEnd(sliceHead);
    if (!end)
        return end.error();
    const ThinHeader h = thinHeader(sliceHead);
    const auto* p = reinterpret_cast<const uchar*>(sliceHead.constData());
    slice.fileType = read32(p + 12, h.bigEndian);
    const quint32 ncmds = read32(p + 16, h.bigEndian);
    const qint64 limit = qMin<qint64>(end.value(), sliceHead.size());
    qint64 pos = h.is64 ? 32 : 28;
    for (quint32 i = 0; i < ncmds && pos + 8 <= limit; ++i) {
        const quint32 cmd = read32(p + pos, h.bigEndian);
        const quint32 size = read32(p + pos + 4, h.bigEndian);
        if (size < 8 || pos + size > limit)
            return Error(Error::Kind::InvalidPackage, Texts::tr("A Mach-O image has a malformed load command."),
                QStringLiteral("cmd %1 size %2 at %3").arg(cmd).arg(size).arg(pos));
        if (cmd == kLcUuid && size >= 24)
            slice.uuid = formatUuid(p + pos + 8);
        if (cmd == kLcCodeSignature && size >= 16) {
            slice.codeSignatureOffset = read32(p + pos + 8, h.bigEndian);
            slice.codeSignatureSize = read32(p + pos + 12, h.bigEndian);
        }
        pos += size;
    }
    return Ok {};
}

} // namespace Slipway::MachO
