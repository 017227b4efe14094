#pragma once

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <common/job.h>
#include <common/result.h>
#include <domain/types.h>

namespace Slipway {

class Provider;

// Bulk clean-up rules. "Keep the latest N" keeps the N newest versions (by date, then version code, then name);
// "older than D days" removes versions published more than D days before now (a version without a date is never
// removed by it). With both, a version goes only when both rules say so. The dry run and the real run compute the
// same plan from the same list, so the dry run lists exactly what the real run deletes.
struct PruneRule
{
    int keep = -1; // -1: no such rule
    int olderThanDays = -1; // -1: no such rule

    bool isEmpty() const { return keep < 0 && olderThanDays < 0; }
};

struct PrunePlan
{
    QList<VersionInfo> remove; // newest first
    QList<VersionInfo> keep; // newest first
};

namespace Prune {

// Validation errors for a rule without any limit or with a negative one.
Result<PrunePlan> plan(const QList<VersionInfo>& versions, const PruneRule& rule, const QDateTime& now);

// "1.2 (5), 1.1 (4, rc) and 3 more": how the confirmation names what goes.
QString describe(const QList<VersionInfo>& versions, int named = 5);

} // namespace Prune

struct PruneResult
{
    QList<VersionInfo> deleted;
    QList<VersionInfo> failed;
    QList<Error> errors; // one per failed version, same order
};

// Deletes the plan's versions one after the other on one provider. A version that cannot be deleted is recorded
// and the rest still go; cancel stops before the next one. Fails only when nothing could be deleted.
class PruneJob : public ValueJob<PruneResult>
{
    Q_OBJECT

public:
    PruneJob(Provider* provider, const QString& appId, const QList<VersionInfo>& versions, QObject* parent = nullptr);
    void start();

protected:
    void onCancel() override;

private:
    void next();

    QPointer<Provider> m_provider;
    QString m_appId;
    QList<VersionInfo> m_pending;
    int m_total = 0;
    PruneResult m_result;
    QPointer<Job> m_current;
};

} // namespace Slipway
