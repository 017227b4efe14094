#pragma once

#include <QObject>
#include <common/result.h>
#include <optional>
#include <providers/account.h>

namespace Slipway {

// The connected accounts' non-secret fields, in QSettings under the user's config location
// (XDG_CONFIG_HOME/Slipway/Slipway.conf). Secrets are never stored here: they live in the CredentialStore.
class AccountStore : public QObject
{
    Q_OBJECT

public:
    // `settingsFile` empty: the default QSettings location for organization "Slipway", application "Slipway".
    explicit AccountStore(const QString& settingsFile = {}, QObject* parent = nullptr);
    ~AccountStore() override;

    QList<Account> accounts() const;
    std::optional<Account> account(const QString& name) const;
    bool contains(const QString& name) const { return account(name).has_value(); }

    // Adds or replaces an account (validates name, service and base URL: plain http only for loopback).
    Status save(const Account& account);
    // Renames an account; the caller moves its keychain entries (they are keyed by account name).
    Status rename(const QString& from, const QString& to);
    Status remove(const QString& name);

    // Checks an account before saving: a name of letters, digits, '.', '_' or '-'; a known service; an
    // https:// base URL, or http:// only for a loopback host.
    static Status validate(const Account& account);

    QString settingsFile() const;

Q_SIGNALS:
    void changed();

private:
    QString m_file;
};

} // namespace Slipway
