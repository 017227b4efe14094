#include "preflight.h"

#include <session/workspace.h>

namespace Slipway {

namespace {

const char* const kStatusNames[] = {"pass", "info", "warn", "block"};

} // namespace

QString PreflightCheck::statusName(Status status)
{
    return QString::fromLatin1(kStatusNames[static_cast<int>(status)]);
}

QJsonObject PreflightCheck::toJson() const
{
    return QJsonObject {
        {QStringLiteral("destination"), destination},
        {QStringLiteral("check"), check},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("message"), message},
        {QStringLiteral("fix"), fix},
    };
}

PreflightCheck PreflightCheck::fromJson(const QJsonObject& json)
{
    PreflightCheck c;
    c.destination = json.value(QStringLiteral("destination")).toString();
    c.check = json.value(QStringLiteral("check")).toString();
    const QString status = json.value(QStringLiteral("status")).toString();
    for (int i = 0; i < 4; ++i) {
        if (status == QLatin1String(kStatusNames[i]))
            c.status = static_cast<Status>(i);
    }
    c.message = json.value(QStringLiteral("message")).toString();
    c.fix = json.value(QStringLiteral("fix")).toString();
    return c;
}

bool PreflightResult::blocks(bool strict) const
{
    for (const PreflightCheck& c : checks) {
        if (c.status == PreflightCheck::Status::Block || (strict && c.status == PreflightCheck::Status::Warn))
            return true;
    }
    return false;
}

bool PreflightResult::blocksOnExistingVersion() const
{
    for (const PreflightCheck& c : checks) {
        if (c.status == PreflightCheck::Status::Block && c.check == QLatin1String("version-exists"))
            return true;
    }
    return false;
}

QJsonArray PreflightResult::toJson() const
{
    QJsonArray out;
    for (const PreflightCheck& c : checks)
        out.append(c.toJson());
    return out;
}

PreflightResult PreflightResult::fromJson(const QJsonArray& json)
{
    PreflightResult r;
    for (const QJsonValue& v : json)
        r.checks.append(PreflightCheck::fromJson(v.toObject()));
    return r;
}

Preflight::Preflight(Workspace* workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
{ }

Preflight::~Preflight() = default;

PreflightJob* Preflight::run(const PublishRequest& request, const PreflightDestination& destination)
{
    // The checks themselves arrive with the preflight issue; until then every destination passes unchecked.
    Q_UNUSED(request);
    auto* job = new PreflightJob(this);
    job->complete(PreflightResult {});
    Q_UNUSED(destination);
    return job;
}

} // namespace Slipway
