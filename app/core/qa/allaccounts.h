#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <common/job.h>
#include <domain/types.h>

namespace Slipway {

class Workspace;

// One account that could not be searched (signed out, offline, ...): the merged view still shows the others.
struct AccountFailure
{
    QString account;
    Error error;
};

// Every version of one package or bundle id across every connected account, newest first.
struct MergedVersions
{
    QString app; // what was asked for
    QList<VersionInfo> versions; // each with extra "account", "service", "serviceName" and "accountAppId"
    QStringList accounts; // the accounts that have the app
    QList<AccountFailure> failures;
};

// The "All accounts" view of one app: lists the apps of each account (those that can list apps), finds the app
// whose package/bundle id (or the account's own app id) is `app`, lists its versions and merges them. Accounts
// run one after the other (each service has its own rate limits). Fails with NotFound when no account that
// answered has the app; an account that fails is listed in `failures` and the rest still count.
class AllAccountsJob : public ValueJob<MergedVersions>
{
    Q_OBJECT

public:
    // `accounts`: the account names to search; empty: every account of the workspace (the Local library first).
    AllAccountsJob(
        Workspace& workspace, const QString& app, const QStringList& accounts = {}, QObject* parent = nullptr);
    void start();

    // The account a merged version came from ("local", "mxr-prod").
    static QString accountOf(const VersionInfo& version);
    // VersionInfo::toJson() plus "account" and "service" at the top level (the CLI's --all-accounts form).
    static QJsonObject toJson(const VersionInfo& version);
    // Newest first: by date, then version code, then version name (natural order).
    static void sortNewestFirst(QList<VersionInfo>& versions);

protected:
    void onCancel() override;

private:
    void next();
    void failAccount(const QString& account, const Error& error);

    Workspace& m_workspace;
    QString m_app;
    QStringList m_pending;
    MergedVersions m_merged;
    QPointer<Job> m_current;
};

} // namespace Slipway
