#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace Slipway {

// An app as one service knows it.
struct AppInfo
{
    QString id; // the service's identifier (Local: package id; ASC: numeric id; HockeyApp: public id)
    QString name; // display title
    QString packageId; // package name or bundle id, when the service knows it
    QString platform; // "android", "ios", "macos", ... when known
    QString iconUrl;
    int versionCount = -1; // -1: unknown
    QVariantMap extra; // service-specific fields shown in the details pane

    QJsonObject toJson() const;
};

// One version (build) of an app on one service.
struct VersionInfo
{
    QString id; // the service's identifier of this version
    QString appId;
    QString versionName;
    QString versionCode; // Android versionCode or Apple CFBundleVersion, as text
    QString label; // ManageXR versionLabel, tags, ... distinguishes equal codes
    qint64 size = -1;
    QDateTime created;
    QString publisher; // who published it, when the service says
    QString notes; // release notes (plain text or Markdown)
    QString state; // service state ("VALID", "processed", "READY_FOR_SALE", ...)
    QString downloadUrl;
    QString fileName;
    QString md5;
    QString sha256;
    QVariantMap extra; // everything else the service reports (and, for the Local library, the inspection)

    QJsonObject toJson() const;
};

// A field a service needs: in an account (base URL, key ID) or when publishing (release channel, notify).
// The GUI builds forms from these and the CLI maps them to `--set KEY=VALUE`.
struct FieldSpec
{
    enum class Type
    {
        Text,
        Secret,
        Bool,
        Choice,
        Url,
        Path,
        MultiLine,
        Integer
    };
    QString key; // lower-case hyphenated, e.g. "release-channel"
    QString label; // "Release channel"
    Type type = Type::Text;
    bool required = false;
    QString defaultValue;
    QStringList choices; // for Choice
    QString help; // one sentence for tooltips and --help
    // Secrets only: the value is a PEM block (pasted text is re-wrapped, one final newline is kept), and the
    // window offers to load it from a file matching `fileFilter` ("API keys (*.p8 *.pem)") when that is set.
    bool pem = false;
    QString fileFilter;
};

// What the user asked to publish.
struct PublishRequest
{
    QStringList files; // the primary package first (APK, IPA, ...), then companions (OBB, dSYM)
    QString appId; // target app on the service; empty: derive from the package
    QString appName; // title for a new app
    QString versionName;
    QString versionCode;
    QString label;
    QString notes;
    QString publisher; // who is publishing; defaults to the OS user name
    QVariantMap options; // the service's own publish fields (FieldSpec keys)
    QJsonObject inspection; // PackageInfo::toJson() of the primary file, when already known
    // The digests of `files` (same order, lowercase hex) as the release recorded them before publishing; empty when
    // not known. A provider that copies the files checks its copy against them instead of hashing the files again.
    QStringList fileSha256;
    QStringList fileMd5;
    QJsonArray preflight; // the preflight checks it passed (PreflightResult::toJson()), for the history
    QString preflightOverride; // why it was published despite preflight warnings; empty when there were none
    bool skipPreflight = false; // the publisher skipped preflight (slipway-cli publish --no-preflight); recorded
    // A checkpoint the provider reported with Job::checkpoint() during an earlier, interrupted publish of this same
    // request (App Store Connect: the build upload, its file and the parts already acknowledged). The provider
    // continues from it instead of starting over; empty: start afresh.
    QJsonObject resumeState;
};

// Changes to a published version: only what is set changes (an empty string clears notes or the label).
struct VersionEdit
{
    std::optional<QString> notes;
    std::optional<QString> label;
    QVariantMap options; // the service's own fields (FieldSpec keys)

    bool isEmpty() const { return !notes && !label && options.isEmpty(); }
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::AppInfo)
Q_DECLARE_METATYPE(Slipway::VersionInfo)
