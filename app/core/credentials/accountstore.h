#pragma once

#include <QObject>
#include <common/result.h>
#include <domain/account.h>
#include <functional>
#include <optional>

namespace Slipway {

// The connected accounts' non-secret fields, in QSettings under the user's config location
// (XDG_CONFIG_HOME/Slipway/Slipway.conf). Secrets are never stored here: they live in the CredentialStore.
class AccountStore : public QObject
{
    Q_OBJECT

public:
    // Finds the description of a service by id (the provider registry, injected from above this layer).
    using ServiceLookup = std::function<const ServiceInfo*(const QString& serviceId)>;

    // `settingsFile` empty: the default QSettings location for organization "Slipway", application "Slipway".
    explicit AccountStore(ServiceLookup services, const QString& settingsFile = {}, QObject* parent = nullptr);
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
    Status validate(const Account& account) const;

    QString settingsFile() const;

Q_SIGNALS:
    void changed();

private:
    ServiceLookup m_services;
    QString m_file;
};

} // namespace Slipway
