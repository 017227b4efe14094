// dSYM zips: every *.dSYM/Contents/Resources/DWARF/<binary>, with the LC_UUID of each architecture slice.

#include "applebundle.h"
#include "machoreader.h"
#include "plistreader.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AppleReaders)
};

constexpr int kMaxDwarfFiles = 256;
// Slices further into a DWARF file than this are not inflated just to read their UUID.
constexpr qint64 kMaxSliceOffset = qint64(1) << 31;

// Bytes the whole dSYM zip may inflate to reach slice headers (each read starts at the entry's beginning,
// libzip cannot seek in deflated data). Real universal dSYMs of big apps need a few GiB at most; a
// bomb of many huge or overlapping entries stops here instead of running for minutes.
constexpr qint64 kInflateBudget = qint64(8) << 30;

Status readSliceUuid(const ZipArchive& zip, const ZipArchive::Entry& e, MachO::Slice& slice, qint64& budget)
{
    if (slice.offset > kMaxSliceOffset)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("The %1 slice starts too far into the file.").arg(slice.arch));
    budget -= slice.offset + MachO::kHeaderProbeBytes;
    if (budget < 0)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("Skipped: the archive needs more than %1 GiB inflated to reach its slices.")
                .arg(kInflateBudget >> 30));
    auto head = zip.readRange(e, slice.offset, MachO::kHeaderProbeBytes);
    if (!head)
        return head.error();
    auto end = MachO::loadCommandsEnd(head.value());
    if (!end)
        return end.error();
    if (end.value() > head->size()) {
        head = zip.readRange(e, slice.offset, end.value());
        if (!head)
            return head.error();
    }
    return MachO::parseLoadCommands(head.value(), slice);
}

} // namespace

namespace Readers {

Status readDsymZip(const ZipArchive& zip, PackageInfo& info)
{
    static const QRegularExpression re(QStringLiteral("^((?:[^/]+/)*[^/]+\\.dsym)/Contents/Resources/DWARF/([^/]+)$"),
        QRegularExpression::CaseInsensitiveOption);
    int files = 0;
    QStringList problems;
    qint64 budget = kInflateBudget;
    for (const auto& e : zip.entries()) {
        if (e.name.startsWith(QLatin1String("__MACOSX/")))
            continue;
        const auto m = re.match(e.name);
        if (!m.hasMatch())
            continue;
        if (++files > kMaxDwarfFiles)
            break;
        DsymInfo d;
        d.bundle = m.captured(1);
        d.binaryPath = e.name;
        auto head = zip.readRange(e, 0, MachO::kHeaderProbeBytes);
        auto slices = head ? MachO::parseSlices(head.value(), e.size) : Result<QList<MachO::Slice>>(head.error());
        if (!slices) {
            problems.append(QStringLiteral("%1: %2").arg(e.name, slices.error().message));
            continue;
        }
        for (MachO::Slice s : slices.value()) {
            const Status st = readSliceUuid(zip, e, s, budget);
            if (!st)
                problems.append(QStringLiteral("%1 (%2): %3").arg(e.name, s.arch, st.error().message));
            d.archs.append(s.arch);
            d.uuids.append(s.uuid);
        }
        info.dsyms.append(d);

        // The bundle's own Info.plist names the app it belongs to (com.apple.xcode.dsym.<bundle id>).
        if (info.packageId.isEmpty()) {
            const QString plistPath = d.bundle + QLatin1String("/Contents/Info.plist");
            if (const ZipArchive::Entry* pe = zip.find(plistPath)) {
                auto bytes = zip.read(*pe, Plist::kMaxBytes);
                auto doc = bytes ? Plist::parse(bytes.value(), plistPath) : Result<Plist::Document>(bytes.error());
                if (doc && doc->root.typeId() == QMetaType::QVariantMap) {
                    const QVariantMap plist = doc->root.toMap();
                    QString id = Apple::stringValue(plist, "CFBundleIdentifier");
                    const QLatin1String prefix("com.apple.xcode.dsym.");
                    if (id.startsWith(prefix))
                        id = id.mid(prefix.size());
                    info.packageId = id;
                    info.versionName = Apple::stringValue(plist, "CFBundleShortVersionString");
                    info.versionCode = Apple::stringValue(plist, "CFBundleVersion");
                }
            }
        }
    }
    if (info.dsyms.isEmpty()) {
        if (!problems.isEmpty())
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("%1 holds no readable dSYM: %2").arg(info.fileName, problems.first()),
                problems.join(QLatin1Char('\n')));
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 holds no <Name>.dSYM/Contents/Resources/DWARF/ file.").arg(info.fileName));
    }
    if (!problems.isEmpty())
        info.addWarning(QStringLiteral("dsym-unreadable"),
            Texts::tr("Some debug symbol files could not be read: %1").arg(problems.first()));
    info.label = info.dsyms.first().bundle.section(QLatin1Char('/'), -1);
    return Ok {};
}

} // namespace Readers

} // namespace Slipway
