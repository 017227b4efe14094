#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>
#include <QVariantMap>
#include <common/result.h>
#include <domain/types.h>
#include <functional>

namespace Slipway {

struct Account;

// What a service accepts and documents, as data: preflight checks a release against it before anything is sent.
// Zero / empty means "not documented" (no check); `source` names the document each value comes from.
struct ServiceLimits
{
    QStringList platforms; // the package platforms the service takes ("android", "ios", ...); empty: any
    qint64 maxFileSize = 0; // bytes per uploaded file
    int maxNotesLength = 0; // characters of release notes
    bool notesRequired = false;
    bool versionCodeMustIncrease = false; // the service refuses a version code (build number) lower than the latest
    bool labelDistinguishesCodes = false; // an equal version code is a new version when the label differs
    int sessionLifetimeSeconds = 0; // a signed-in session or token that expires (and is renewed) after this
    bool productionByDefault = false; // new accounts of this service are production destinations
    QString source; // "docs/apis/hockeyapp.md [doc H1]"
};

// A service Slipway can connect to, and the fields an account of it needs. Each service folder under
// app/core/providers/ describes itself with one of these and registers it with its provider factory; the CLI's
// `accounts --help`, the Accounts dialog and the README's table of account fields are all built from them.
struct ServiceInfo
{
    // Service-specific checks of an account before it is saved, beyond what the field specs say (a .p8 that is
    // an EC P-256 key, two fields that only work together). `secrets` holds the secrets being stored now.
    using CheckAccount = std::function<Status(const Account& account, const QHash<QString, QByteArray>& secrets)>;

    QString id; // "local", "managexr", "appstoreconnect", "akana", "applivery", "hockeyapp"
    QString displayName; // "ManageXR"
    QUrl defaultBaseUrl; // the public service; empty when the user must give one (Akana tenant)
    bool hasBaseUrl = true; // false: reached through its own fields, not an https:// base URL (the team library)
    QList<FieldSpec> accountFields; // non-secret and secret (Type::Secret) fields, without name and base-url
    QString summary; // one sentence: what the service is and what Slipway does with it
    QString nameHint; // a suggested account name ("mxr-prod")
    CheckAccount checkAccount; // optional
    ServiceLimits limits; // checked by preflight

    QList<FieldSpec> secretFields() const;
    QList<FieldSpec> plainFields() const;
    const FieldSpec* field(const QString& key) const;
    // The one secret that `--secret-stdin` / `--secret-file` and the dialog's secret box fill; nullptr if none.
    const FieldSpec* primarySecret() const;
};

// One connected account. Non-secret fields live in QSettings; secrets only in the OS keychain, under the
// key CredentialStore::keyFor(name, field).
struct Account
{
    QString name; // unique, chosen by the user ("mxr-prod")
    QString service; // ServiceInfo::id
    QUrl baseUrl; // defaults to the service's public URL
    QVariantMap fields; // non-secret fields by FieldSpec::key ("key-id", "organization-id", ...)

    QString field(const QString& key) const { return fields.value(key).toString(); }
    // A production destination: the package's error-severity warnings block a release there. Stored as the field
    // "production" ("true" / "false"); unset, the service's default (ServiceLimits::productionByDefault).
    bool isProduction(const ServiceInfo* service) const;
};

} // namespace Slipway
