#include "prune.h"

#include <QCoreApplication>
#include <providers/provider.h>
#include <qa/allaccounts.h>

namespace Slipway {

Result<PrunePlan> Prune::plan(const QList<VersionInfo>& versions, const PruneRule& rule, const QDateTime& now)
{
    if (rule.isEmpty()) {
        return Error(Error::Kind::Validation,
            QCoreApplication::translate("Slipway::Prune",
                "Say what to remove: keep the latest N versions, or remove "
                "versions older than N days."));
    }
    if ((rule.keep < 0 && rule.keep != -1) || (rule.olderThanDays < 0 && rule.olderThanDays != -1)) {
        return Error(Error::Kind::Validation,
            QCoreApplication::translate("Slipway::Prune", "The number of versions and of days cannot be negative."));
    }
    QList<VersionInfo> sorted = versions;
    AllAccountsJob::sortNewestFirst(sorted);
    const QDateTime cutoff = rule.olderThanDays >= 0 ? now.addDays(-rule.olderThanDays) : QDateTime();
    PrunePlan plan;
    for (int i = 0; i < sorted.size(); ++i) {
        const VersionInfo& v = sorted.at(i);
        const bool beyondKeep = rule.keep < 0 || i >= rule.keep;
        const bool old = rule.olderThanDays < 0 || (v.created.isValid() && v.created < cutoff);
        (beyondKeep && old ? plan.remove : plan.keep).append(v);
    }
    return plan;
}

QString Prune::describe(const QList<VersionInfo>& versions, int named)
{
    QStringList parts;
    for (int i = 0; i < versions.size() && i < named; ++i) {
        const VersionInfo& v = versions.at(i);
        QString s = !v.versionName.isEmpty() ? v.versionName : !v.versionCode.isEmpty() ? v.versionCode : v.id;
        QStringList inner;
        if (!v.versionName.isEmpty() && !v.versionCode.isEmpty() && v.versionCode != v.versionName)
            inner << v.versionCode;
        if (!v.label.isEmpty())
            inner << v.label;
        if (!inner.isEmpty())
            s += QStringLiteral(" (%1)").arg(inner.join(QStringLiteral(", ")));
        parts << s;
    }
    if (versions.size() > named)
        parts << QCoreApplication::translate("Slipway::Prune", "%n more", nullptr, int(versions.size() - named));
    return parts.join(QStringLiteral(", "));
}

PruneJob::PruneJob(Provider* provider, const QString& appId, const QList<VersionInfo>& versions, QObject* parent)
    : ValueJob<PruneResult>(parent)
    , m_provider(provider)
    , m_appId(appId)
    , m_pending(versions)
    , m_total(int(versions.size()))
{ }

void PruneJob::start()
{
    next();
}

void PruneJob::onCancel()
{
    if (m_current)
        m_current->cancel();
}

void PruneJob::next()
{
    if (isFinished() || isCancelled())
        return;
    if (m_pending.isEmpty()) {
        if (m_result.deleted.isEmpty() && !m_result.errors.isEmpty()) {
            fail(m_result.errors.first());
            return;
        }
        complete(m_result);
        return;
    }
    if (!m_provider) {
        fail(Error(Error::Kind::Internal, tr("The account was removed while its versions were being deleted.")));
        return;
    }
    const VersionInfo v = m_pending.takeFirst();
    const int done = m_total - int(m_pending.size()) - 1;
    reportProgress(done, m_total);
    setStatus(
        tr("Deleting %1 (%2 of %3)").arg(v.versionName.isEmpty() ? v.id : v.versionName).arg(done + 1).arg(m_total));
    const QString appId = v.appId.isEmpty() ? m_appId : v.appId;
    ActionJob* del = m_provider->deleteVersion(appId, v.id);
    m_current = del;
    connect(del, &Job::finished, this, [this, del, v] {
        del->deleteLater();
        if (isFinished())
            return;
        if (del->succeeded()) {
            m_result.deleted.append(v);
        } else {
            m_result.failed.append(v);
            m_result.errors.append(del->error());
        }
        next();
    });
}

} // namespace Slipway
