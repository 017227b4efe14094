#include "clibase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <package/packageinspector.h>

namespace Slipway::Cli {

namespace {

void printInfo(Context& ctx, const PackageInfo& info)
{
    QTextStream& o = *ctx.out;
    auto line = [&o](const char* label, const QString& value) {
        if (!value.isEmpty())
            o << QStringLiteral("  %1 %2").arg(QLatin1String(label), -20).arg(value) << "\n";
    };
    o << info.fileName << " (" << packageKindName(info.kind) << ", " << humanSize(info.size) << ")\n";
    line("Package id:", info.packageId);
    line("Label:", info.label);
    QString version = info.versionName;
    if (!info.versionCode.isEmpty())
        version += (version.isEmpty() ? QString() : QStringLiteral(" ")) + QStringLiteral("(%1)").arg(info.versionCode);
    line("Version:", version);
    if (!info.minSdk.isEmpty() || !info.targetSdk.isEmpty())
        line("SDK:",
            QStringLiteral("min %1, target %2")
                .arg(info.minSdk, info.targetSdk.isEmpty() ? QStringLiteral("-") : info.targetSdk));
    line("Minimum OS:", info.minimumOsVersion);
    line("Platform:", info.platform);
    if (info.debuggable.has_value())
        line("Debuggable:", *info.debuggable ? QStringLiteral("yes") : QStringLiteral("no"));
    line("ABIs:", info.abis.join(QStringLiteral(", ")));
    line("Architectures:", info.executableArchs.join(QStringLiteral(", ")));
    line("Launch activity:", info.launchableActivity);
    line("Publisher:", info.publisher);
    if (!info.permissions.isEmpty())
        line("Permissions:", QString::number(info.permissions.size()));
    if (info.signing.isSigned()) {
        line("Signing:", info.signing.schemes.join(QStringLiteral(", ")));
        for (const CertificateInfo& c : info.signing.certificates) {
            line("  Certificate:", c.subject);
            line("  SHA-256:", c.sha256);
            if (c.notAfter.isValid())
                line("  Valid until:", c.notAfter.toString(Qt::ISODate));
        }
    }
    if (info.provisioning) {
        const ProvisioningInfo& p = *info.provisioning;
        line("Profile:", QStringLiteral("%1 (%2)").arg(p.name, p.type));
        line("  Team:", QStringLiteral("%1 %2").arg(p.teamId, p.teamName).trimmed());
        line("  Expires:", p.expirationDate.toString(Qt::ISODate));
        line("  Devices:", p.provisionsAllDevices ? QStringLiteral("all") : QString::number(p.devices));
    }
    for (const DsymInfo& d : info.dsyms)
        line("dSYM:", QStringLiteral("%1 %2").arg(d.bundle, d.uuids.join(QStringLiteral(", "))));
    if (info.zip.isZip)
        line("Entries:", QString::number(info.zip.entries) + (info.zip.zip64 ? QStringLiteral(" (zip64)") : QString()));
    line("MD5:", info.md5);
    line("SHA-256:", info.sha256);
    const auto warnings = info.rankedWarnings();
    if (!warnings.isEmpty()) {
        o << "  Warnings:\n";
        for (const PackageWarning& w : warnings)
            o << "    [" << PackageWarning::severityName(w.severity) << "] " << w.code << ": " << w.message << "\n";
    }
}

} // namespace

int runInspect(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show what is inside packages (APK, AAB, IPA, OBB, dSYM, APPX, ...)."));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print JSON (an array, one object per file)."));
    const QCommandLineOption noHash(
        QStringLiteral("no-hash"), QStringLiteral("Skip the MD5/SHA-256 pass (metadata only)."));
    const QCommandLineOption noVerify(QStringLiteral("no-verify"),
        QStringLiteral("Skip the signature verification (metadata only: schemes and certificates are listed, "
                       "signing.verified is left out). Not for a build about to be published."));
    parser.addOption(json);
    parser.addOption(noHash);
    parser.addOption(noVerify);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Package files"), QStringLiteral("FILE..."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("inspect")} + args,
            QStringLiteral("inspect FILE... [--json] [--no-hash] [--no-verify]"), code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(ctx, QStringLiteral("inspect needs at least one FILE"));

    InspectOptions options;
    options.computeHashes = !parser.isSet(noHash);
    options.verifySignatures = !parser.isSet(noVerify);
    QJsonArray results;
    QList<PackageInfo> infos;
    int exitCode = 0;
    for (const QString& file : files) {
        auto info = PackageInspector::inspect(file, options);
        if (!info) {
            exitCode = fail(ctx, info.error());
            if (parser.isSet(json)) {
                QJsonObject o {{QStringLiteral("schemaVersion"), kInspectSchemaVersion}, {QStringLiteral("file"), file},
                    {QStringLiteral("error"), info.error().toJson()}};
                results.append(o);
            }
            continue;
        }
        infos.append(info.value());
    }
    // Files inspected together are checked against each other (an OBB against its APK).
    if (infos.size() > 1) {
        const auto extra = PackageInspector::checkCompanions(infos.first(), infos.mid(1));
        for (const PackageWarning& w : extra)
            infos.first().addWarning(w.code, w.message, w.severity);
    }
    for (const PackageInfo& info : infos) {
        if (parser.isSet(json))
            results.append(info.toJson());
        else
            printInfo(ctx, info);
    }
    if (parser.isSet(json))
        printJson(ctx, results);
    return exitCode;
}

} // namespace Slipway::Cli
