#pragma once

#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace Slipway::Gui {

// Raw values of the inspection and the services, in words a person reads ("iPhone, iPad", not "1, 2"). The window
// shows these; the CLI's JSON keeps the raw values. Unknown values fall back to the raw text, never to nothing.
class DisplayText
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Gui::DisplayText)

public:
    // UIDeviceFamily numbers (an array of numbers) → "iPhone, iPad".
    static QString deviceFamilies(const QJsonValue& families);
    static QString deviceFamily(int family);
    // packageKindName() ("apk", "macos-app-zip", ...) → "Android app (APK)".
    static QString packageKind(const QString& kindName);
    // "ios", "android", ... → "iOS", "Android".
    static QString platform(const QString& platform);
    // An Android API level ("26", or a preview codename) → "Android 8.0 (API 26)".
    static QString androidApiLevel(const QString& level);
    // A provisioning profile type ("app-store", "ad-hoc", ...) → "App Store", "Ad Hoc".
    static QString profileType(const QString& type);
    // A version's state as a service reports it (App Store Connect's "WAITING_FOR_REVIEW", "not-downloadable")
    // → "Waiting for review", "Not downloadable"; an unknown code reads as words too ("SOME_NEW_STATE" → "Some new
    // state").
    static QString versionState(const QString& state);
    // Signature schemes ("v1", "v2", "jar", "codesign") → "JAR signature (v1), APK Signature Scheme v2".
    static QString signingSchemes(const QJsonValue& schemes);
};

} // namespace Slipway::Gui
