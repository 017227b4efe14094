#pragma once

#include <QList>
#include <QString>
#include <QUrl>
#include <QVariantMap>
#include <domain/types.h>

namespace Slipway {

// A service Slipway can connect to, and the fields an account of it needs.
struct ServiceInfo
{
    QString id; // "local", "managexr", "appstoreconnect", "akana", "applivery", "hockeyapp"
    QString displayName; // "ManageXR"
    QUrl defaultBaseUrl; // the public service; empty when the user must give one (Akana tenant)
    QList<FieldSpec> accountFields; // non-secret and secret (Type::Secret) fields, without name and base-url

    QList<FieldSpec> secretFields() const;
    QList<FieldSpec> plainFields() const;
    const FieldSpec* field(const QString& key) const;
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
};

} // namespace Slipway
