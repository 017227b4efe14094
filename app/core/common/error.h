#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Slipway {

// One structured error value for every failure in the core: inspection, the Local library, the
// keychain and every network service. Errors travel as values, never as exceptions.
struct Error
{
    enum class Kind
    {
        None,
        Network, // connection refused, DNS, reset, dropped mid-transfer
        Timeout, // transfer timeout or stall
        Tls, // certificate or handshake failure
        Auth, // 401, bad credentials, expired session or token
        Forbidden, // 403
        NotFound, // 404, unknown app or version
        Conflict, // 409, version already exists
        Validation, // 400/422, the server or Slipway rejected a field
        RateLimited, // 429
        Server, // 5xx
        BadResponse, // HTML, garbage or a truncated body where JSON was expected
        Cancelled, // the user cancelled
        Io, // local file system
        InvalidPackage, // the file is not a package Slipway can read
        Keychain, // the OS keychain is missing, locked or refused
        Unsupported, // the service cannot do this
        Internal,
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString serverMessage; // the server's own words, parsed from its error format
    QString message; // one user-facing sentence: what went wrong and what to do
    QString details; // technical detail for logs and the "Details" disclosure (never secrets)
    // What the user can change to fix it, by key, so each front end can point at its own control instead of the
    // core naming one: a publish field ("app", "version-name", "version-code", "label", "notes"), a service's
    // publish option ("apk-url"), the account to use ("account"), or an account field as "account:KEY"
    // ("account:private-key", "account:base-url"). The CLI turns it into a flag hint, the window into the field's
    // label. Empty when no single field is to blame.
    QString field;

    Error() = default;
    Error(Kind k, QString msg, QString det = {})
        : kind(k)
        , message(std::move(msg))
        , details(std::move(det))
    { }

    // An error about one input the user can change (sets `field`).
    static Error forField(Kind k, QString fieldKey, QString msg)
    {
        Error e(k, std::move(msg));
        e.field = std::move(fieldKey);
        return e;
    }

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }

    // Stable lower-case identifier, used in JSON output and logs ("not-found", "rate-limited").
    static QString kindName(Kind kind);
    QString kindName() const { return kindName(kind); }
    // "message (server: serverMessage)" for one-line display.
    QString toString() const;
    QJsonObject toJson() const;
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::Error)
