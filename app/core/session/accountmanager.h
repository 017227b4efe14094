#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <common/job.h>
#include <common/result.h>
#include <domain/account.h>

namespace Slipway {

class Workspace;

// Where the status of one secret field of an account stands.
struct SecretPresence
{
    QString field; // FieldSpec::key
    QString label; // FieldSpec::label
    bool present = false;
    bool thisRunOnly = false; // kept in memory for this run (the keychain was unavailable)
    Error error; // set when the keychain could not be asked (then `present` is unknown)
};

using AccountJob = ValueJob<Account>;
using SecretPresenceJob = ValueJob<QList<SecretPresence>>;

// Adding, editing, renaming and removing accounts, for the Accounts dialog and `slipway-cli accounts` alike.
// Secrets go to the Workspace's CredentialStore (the OS keychain) first, then the non-secret fields to
// settings: when the keychain refuses, nothing is written to disk and the job fails with its Keychain error,
// after which the caller may retry with SecretStorage::ThisRunOnly to keep the secrets in memory.
class AccountManager : public QObject
{
    Q_OBJECT

public:
    enum class SecretStorage
    {
        Keychain, // the OS keychain (or whatever store the Workspace was given)
        ThisRunOnly // in memory until the process ends; the account's non-secret fields are still saved
    };

    // Secrets by field key ("key-secret", "private-key", ...).
    using Secrets = QHash<QString, QByteArray>;

    explicit AccountManager(Workspace* workspace, QObject* parent = nullptr);
    ~AccountManager() override;

    // Checks an account and its secrets without storing anything: the AccountStore rules, known field keys,
    // every required secret given, and for App Store Connect a valid .p8 key. `isNew`: secrets must be given.
    Status check(const Account& account, const Secrets& secrets, bool isNew) const;

    // Adds a new account: Conflict when the name is taken.
    AccountJob* add(const Account& account, const Secrets& secrets, SecretStorage storage = SecretStorage::Keychain);
    // Replaces an account's fields. `secrets` holds only the secrets to change (an absent or empty entry keeps
    // the stored one). A new name renames: the stored secrets move with the account.
    AccountJob* edit(const QString& name, const Account& updated, const Secrets& secrets,
        SecretStorage storage = SecretStorage::Keychain);
    AccountJob* rename(const QString& from, const QString& to);
    // Removes the account's secrets from the keychain, then the account itself. When the keychain refuses, the
    // account is kept so its secrets are not left behind, and the job fails with the keychain's error.
    ValueJob<Ok>* remove(const QString& name);

    // Whether each secret field of an account is stored (reads the keychain; never returns the values).
    SecretPresenceJob* secretPresence(const QString& name);

    // The primary secret of a service (what `--secret-stdin` fills); empty when it has none.
    static QString primarySecretField(const QString& serviceId);

private:
    Workspace* m_workspace;
};

} // namespace Slipway
