#include "displaytext.h"

#include <QJsonArray>
#include <QStringList>
#include <cstddef>

namespace Slipway::Gui {

namespace {

// One raw value and its words (marked for lupdate in DisplayText's context, translated on lookup).
struct Word
{
    const char* raw;
    const char* text;
};

template<std::size_t N> QString lookup(const Word (&table)[N], const QString& raw, const QString& fallback)
{
    for (const Word& w : table) {
        if (raw == QLatin1String(w.raw))
            return DisplayText::tr(w.text);
    }
    return fallback;
}

} // namespace

QString DisplayText::deviceFamily(int family)
{
    // Apple's UIDeviceFamily values (Information Property List reference).
    switch (family) {
    case 1:
        return tr("iPhone");
    case 2:
        return tr("iPad");
    case 3:
        return tr("Apple TV");
    case 4:
        return tr("Apple Watch");
    case 6:
        return tr("Mac (Catalyst)");
    case 7:
        return tr("Apple Vision");
    default:
        return tr("device family %1").arg(family);
    }
}

QString DisplayText::deviceFamilies(const QJsonValue& families)
{
    QStringList names;
    for (const QJsonValue& f : families.toArray())
        names.append(f.isDouble() ? deviceFamily(f.toInt()) : f.toString());
    return names.join(QStringLiteral(", "));
}

QString DisplayText::packageKind(const QString& kindName)
{
    static const Word kKinds[] = {
        {"apk", QT_TR_NOOP("Android app (APK)")},
        {"aab", QT_TR_NOOP("Android App Bundle (AAB)")},
        {"ipa", QT_TR_NOOP("iOS app (IPA)")},
        {"macos-app-zip", QT_TR_NOOP("macOS app (zip)")},
        {"obb", QT_TR_NOOP("Android expansion file (OBB)")},
        {"dsym-zip", QT_TR_NOOP("Debug symbols (dSYM zip)")},
        {"appx", QT_TR_NOOP("Windows app package (APPX)")},
        {"msix", QT_TR_NOOP("Windows app package (MSIX)")},
        {"appxbundle", QT_TR_NOOP("Windows app bundle (APPXBUNDLE)")},
        {"mobileprovision", QT_TR_NOOP("Provisioning profile")},
        {"zip", QT_TR_NOOP("Zip archive")},
        {"unknown", QT_TR_NOOP("Unknown file type")},
        {"", QT_TR_NOOP("Unknown file type")},
    };
    return lookup(kKinds, kindName.toLower(), kindName.toUpper());
}

QString DisplayText::platform(const QString& platform)
{
    static const Word kPlatforms[] = {
        {"android", QT_TR_NOOP("Android")},
        {"ios", QT_TR_NOOP("iOS")},
        {"iphoneos", QT_TR_NOOP("iOS")},
        {"ipados", QT_TR_NOOP("iPadOS")},
        {"tvos", QT_TR_NOOP("tvOS")},
        {"appletvos", QT_TR_NOOP("tvOS")},
        {"watchos", QT_TR_NOOP("watchOS")},
        {"macos", QT_TR_NOOP("macOS")},
        {"macosx", QT_TR_NOOP("macOS")},
        {"visionos", QT_TR_NOOP("visionOS")},
        {"windows", QT_TR_NOOP("Windows")},
    };
    return lookup(kPlatforms, platform.toLower(), platform);
}

QString DisplayText::androidApiLevel(const QString& level)
{
    bool ok = false;
    const int api = level.toInt(&ok);
    if (!ok)
        return level; // a preview codename ("VanillaIceCream") reads as itself
    // The platform version each API level shipped with (developer.android.com, "API levels").
    static const char* const kVersions[] = {nullptr, "1.0", "1.1", "1.5", "1.6", "2.0", "2.0.1", "2.1", "2.2", "2.3",
        "2.3.3", "3.0", "3.1", "3.2", "4.0", "4.0.3", "4.1", "4.2", "4.3", "4.4", "4.4W", "5.0", "5.1", "6.0", "7.0",
        "7.1", "8.0", "8.1", "9", "10", "11", "12", "12L", "13", "14", "15", "16"};
    constexpr int kKnown = int(sizeof(kVersions) / sizeof(kVersions[0]));
    if (api <= 0 || api >= kKnown)
        return tr("API %1").arg(api);
    return tr("Android %1 (API %2)").arg(QLatin1String(kVersions[api])).arg(api);
}

QString DisplayText::profileType(const QString& type)
{
    static const Word kTypes[] = {
        {"development", QT_TR_NOOP("Development")},
        {"ad-hoc", QT_TR_NOOP("Ad Hoc")},
        {"app-store", QT_TR_NOOP("App Store")},
        {"enterprise", QT_TR_NOOP("Enterprise (in-house)")},
        {"developer-id", QT_TR_NOOP("Developer ID")},
    };
    return lookup(kTypes, type, type);
}

QString DisplayText::versionState(const QString& state)
{
    // App Store Connect (appVersionState, appStoreState, processingState) and the services' own words.
    static const Word kStates[] = {
        {"PROCESSING", QT_TR_NOOP("Processing")},
        {"FAILED", QT_TR_NOOP("Processing failed")},
        {"INVALID", QT_TR_NOOP("Invalid")},
        {"VALID", QT_TR_NOOP("Processed")},
        {"UPLOADED", QT_TR_NOOP("Uploaded")},
        {"PREPARE_FOR_SUBMISSION", QT_TR_NOOP("Prepare for submission")},
        {"WAITING_FOR_REVIEW", QT_TR_NOOP("Waiting for review")},
        {"IN_REVIEW", QT_TR_NOOP("In review")},
        {"PENDING_DEVELOPER_RELEASE", QT_TR_NOOP("Pending developer release")},
        {"READY_FOR_SALE", QT_TR_NOOP("Ready for distribution")},
        {"READY_FOR_DISTRIBUTION", QT_TR_NOOP("Ready for distribution")},
        {"REJECTED", QT_TR_NOOP("Rejected")},
        {"DEVELOPER_REJECTED", QT_TR_NOOP("Withdrawn by the developer")},
        {"METADATA_REJECTED", QT_TR_NOOP("Metadata rejected")},
        {"REMOVED_FROM_SALE", QT_TR_NOOP("Removed from sale")},
        {"available", QT_TR_NOOP("Available")},
        {"not-downloadable", QT_TR_NOOP("Not downloadable")},
    };
    const QString known = lookup(kStates, state, QString());
    if (!known.isEmpty() || state.isEmpty())
        return known;
    // A code no table knows yet: "SOME_NEW_STATE" or "some-new-state" → "Some new state"; words stay as they are.
    if (state.contains(QLatin1Char(' '))
        || !(state.contains(QLatin1Char('_')) || state.contains(QLatin1Char('-')) || state == state.toUpper()))
        return state;
    QString words
        = state.toLower().replace(QLatin1Char('_'), QLatin1Char(' ')).replace(QLatin1Char('-'), QLatin1Char(' '));
    words[0] = words.at(0).toUpper();
    return words;
}

QString DisplayText::signingSchemes(const QJsonValue& schemes)
{
    QStringList names;
    for (const QJsonValue& s : schemes.toArray()) {
        const QString scheme = s.toString();
        if (scheme == QLatin1String("v1"))
            names.append(tr("JAR signature (v1)"));
        else if (scheme == QLatin1String("v2") || scheme == QLatin1String("v3") || scheme == QLatin1String("v3.1"))
            names.append(tr("APK Signature Scheme %1").arg(scheme));
        else if (scheme == QLatin1String("jar"))
            names.append(tr("JAR signature"));
        else if (scheme == QLatin1String("codesign"))
            names.append(tr("Apple code signature"));
        else
            names.append(scheme);
    }
    return names.join(QStringLiteral(", "));
}

} // namespace Slipway::Gui
