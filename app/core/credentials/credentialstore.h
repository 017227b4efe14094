#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <common/job.h>
#include <common/result.h>

namespace Slipway {

using SecretJob = ValueJob<QByteArray>;
using CredentialJob = ValueJob<Ok>;

// Where secrets live. The production implementation is the OS keychain through QtKeychain
// (KeychainCredentialStore); tests and the "keep for this run only" choice use MemoryCredentialStore.
// Secrets never go to QSettings, logs or error text.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~CredentialStore() override = default;

    // The keychain key of one secret field of one account: "account/<name>/<field>".
    static QString keyFor(const QString& accountName, const QString& field)
    {
        return QStringLiteral("account/%1/%2").arg(accountName, field);
    }

    // A missing entry finishes with Error::Kind::NotFound ("no credentials yet"), not a keychain failure.
    virtual SecretJob* read(const QString& key) = 0;
    virtual CredentialJob* write(const QString& key, const QByteArray& secret) = 0;
    // Removing a missing entry succeeds.
    virtual CredentialJob* remove(const QString& key) = 0;
};

} // namespace Slipway
