#include "allaccounts.h"

#include <QJsonObject>
#include <QPointer>
#include <common/naturalcompare.h>
#include <providers/provider.h>
#include <session/workspace.h>

namespace Slipway {

AllAccountsJob::AllAccountsJob(Workspace& workspace, const QString& app, const QStringList& accounts, QObject* parent)
    : ValueJob<MergedVersions>(parent)
    , m_workspace(workspace)
    , m_app(app.trimmed())
    , m_pending(accounts)
{
    m_merged.app = m_app;
    if (m_pending.isEmpty()) {
        for (const Account& a : m_workspace.accounts())
            m_pending << a.name;
    }
}

void AllAccountsJob::start()
{
    if (m_app.isEmpty()) {
        fail(Error::forField(Error::Kind::Validation, QStringLiteral("app"),
            tr("Which app? Give its package or bundle id to list its versions in every account.")));
        return;
    }
    next();
}

void AllAccountsJob::onCancel()
{
    if (m_current)
        m_current->cancel();
}

void AllAccountsJob::failAccount(const QString& account, const Error& error)
{
    if (error.kind != Error::Kind::Cancelled)
        m_merged.failures.append({account, error});
    next();
}

void AllAccountsJob::next()
{
    if (isFinished() || isCancelled())
        return;
    if (m_pending.isEmpty()) {
        sortNewestFirst(m_merged.versions);
        if (m_merged.accounts.isEmpty()) {
            if (!m_merged.failures.isEmpty() && m_merged.failures.size() == m_workspace.accounts().size()) {
                fail(m_merged.failures.first().error);
                return;
            }
            Error e = Error::forField(Error::Kind::NotFound, QStringLiteral("app"),
                tr("No connected account has an app with the id %1.").arg(m_app));
            if (!m_merged.failures.isEmpty())
                e.details = tr("%n account(s) could not be searched.", nullptr, int(m_merged.failures.size()));
            fail(e);
            return;
        }
        complete(m_merged);
        return;
    }
    const QString accountName = m_pending.takeFirst();
    auto provider = m_workspace.provider(accountName);
    if (!provider) {
        failAccount(accountName, provider.error());
        return;
    }
    Provider* p = provider.value();
    if (!(p->capabilities() & Provider::ListApps) || !(p->capabilities() & Provider::ListVersions)) {
        next();
        return;
    }
    setStatus(tr("Searching %1 for %2").arg(p->displayName(), m_app));
    AppsJob* apps = p->fetchApps();
    m_current = apps;
    connect(apps, &Job::finished, this, [this, apps, p, accountName] {
        apps->deleteLater();
        if (isFinished())
            return;
        if (!apps->succeeded()) {
            failAccount(accountName, apps->error());
            return;
        }
        const QString appId = Provider::matchApp(apps->result(), m_app);
        if (appId.isEmpty()) {
            next();
            return;
        }
        VersionsJob* versions = p->fetchVersions(appId);
        m_current = versions;
        connect(versions, &Job::finished, this, [this, versions, p, accountName, appId] {
            versions->deleteLater();
            if (isFinished())
                return;
            if (!versions->succeeded()) {
                failAccount(accountName, versions->error());
                return;
            }
            m_merged.accounts << accountName;
            for (VersionInfo v : versions->result()) {
                v.extra.insert(QStringLiteral("account"), accountName);
                v.extra.insert(QStringLiteral("service"), p->serviceId());
                v.extra.insert(QStringLiteral("serviceName"), p->displayName());
                v.extra.insert(QStringLiteral("accountAppId"), appId);
                m_merged.versions.append(v);
            }
            next();
        });
    });
}

QString AllAccountsJob::accountOf(const VersionInfo& version)
{
    return version.extra.value(QStringLiteral("account")).toString();
}

QJsonObject AllAccountsJob::toJson(const VersionInfo& version)
{
    VersionInfo v = version;
    const QString account = v.extra.take(QStringLiteral("account")).toString();
    const QString service = v.extra.take(QStringLiteral("service")).toString();
    v.extra.remove(QStringLiteral("serviceName"));
    v.extra.remove(QStringLiteral("accountAppId"));
    QJsonObject o = v.toJson();
    o.insert(QStringLiteral("account"), account);
    o.insert(QStringLiteral("service"), service);
    return o;
}

void AllAccountsJob::sortNewestFirst(QList<VersionInfo>& versions)
{
    std::stable_sort(versions.begin(), versions.end(), [](const VersionInfo& a, const VersionInfo& b) {
        if (a.created != b.created)
            return a.created > b.created;
        if (const int c = naturalCompare(a.versionCode, b.versionCode))
            return c > 0;
        return naturalCompare(a.versionName, b.versionName) > 0;
    });
}

} // namespace Slipway
