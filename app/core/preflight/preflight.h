#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <common/job.h>
#include <domain/types.h>

namespace Slipway {

class Workspace;

// One finding of the preflight for one destination: "version 42 already exists on mxr-prod/com.example".
struct PreflightCheck
{
    enum class Status
    {
        Pass,
        Info,
        Warn,
        Block,
    };
    QString destination; // "ACCOUNT/APP"
    QString check; // stable id: "version-exists", "package-id", "signer-changed", ...
    Status status = Status::Pass;
    QString message; // one sentence naming the destination
    QString fix; // what to change; empty for a pass

    QJsonObject toJson() const; // {"destination", "check", "status": "pass|info|warn|block", "message", "fix"}
    static PreflightCheck fromJson(const QJsonObject& json);
    static QString statusName(Status status);
};

// Every check of one destination (or of several, concatenated).
struct PreflightResult
{
    QList<PreflightCheck> checks;

    // A block stands (or, when strict, a warning).
    bool blocks(bool strict = false) const;
    // A block stands because the version already exists there (the CLI exits 7 rather than 3).
    bool blocksOnExistingVersion() const;
    QJsonArray toJson() const;
    static PreflightResult fromJson(const QJsonArray& json);
};

// Where a release goes: an account, the app on it, and that service's fields.
struct PreflightDestination
{
    QString account; // account name ("local" for the Local library)
    QString appId; // empty: matched from the package id
    bool production = false; // the package's error-severity warnings block here
};

using PreflightJob = ValueJob<PreflightResult>;

// Checks one package group against one destination's live state before anything is sent. Asynchronous; the
// job always completes with a result (a check that cannot run is itself reported), and fails only when
// cancelled.
class Preflight : public QObject
{
    Q_OBJECT

public:
    explicit Preflight(Workspace* workspace, QObject* parent = nullptr);
    ~Preflight() override;

    // `request.files` is the package group (primary first); `request.inspection` is used when set.
    PreflightJob* run(const PublishRequest& request, const PreflightDestination& destination);

private:
    Workspace* m_workspace = nullptr;
};

} // namespace Slipway
