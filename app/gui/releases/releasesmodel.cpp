#include "releasesmodel.h"

#include <QLocale>
#include <release/releasequeue.h>
#include <release/releasestore.h>

namespace Slipway::Gui {

ReleasesModel::ReleasesModel(ReleaseQueue* queue, QObject* parent)
    : QAbstractTableModel(parent)
    , m_queue(queue)
{
    connect(m_queue, &ReleaseQueue::destinationChanged, this, &ReleasesModel::onDestinationChanged);
    connect(m_queue, &ReleaseQueue::progressChanged, this, &ReleasesModel::onProgressChanged);
    reload();
}

void ReleasesModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_releases.clear();
    if (auto list = m_queue->store()->list(kHistoryLimit)) {
        for (const Release& r : list.value())
            insertRelease(r, int(m_rows.size()));
    }
    endResetModel();
}

void ReleasesModel::insertRelease(const Release& release, int at)
{
    m_releases.insert(release.id, release);
    for (const ReleaseDestination& d : release.destinations) {
        Row row;
        row.releaseId = release.id;
        row.destination = d;
        row.progress = m_queue->progress(d.id);
        m_rows.insert(at++, row);
    }
}

int ReleasesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReleasesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ReleasesModel::rowOf(qint64 destinationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).destination.id == destinationId)
            return i;
    }
    return -1;
}

ReleaseDestination ReleasesModel::destinationAt(int row) const
{
    return m_rows.value(row).destination;
}

DestinationProgress ReleasesModel::progressAt(int row) const
{
    return m_rows.value(row).progress;
}

Release ReleasesModel::releaseAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    Release release = m_releases.value(m_rows.at(row).releaseId);
    for (ReleaseDestination& d : release.destinations) {
        const int at = rowOf(d.id);
        if (at >= 0)
            d = m_rows.at(at).destination;
    }
    return release;
}

QString ReleasesModel::stateText(const ReleaseDestination& d)
{
    switch (d.state) {
    case DestinationState::Queued:
        return d.paused ? tr("Paused") : tr("Queued");
    case DestinationState::Checking:
        return tr("Checking");
    case DestinationState::Uploading:
        return tr("Uploading");
    case DestinationState::Processing:
        return tr("Processing");
    case DestinationState::Done:
        return tr("Done");
    case DestinationState::Failed:
        return tr("Failed");
    case DestinationState::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString ReleasesModel::speedText(const DestinationProgress& p)
{
    if (p.stalled)
        return tr("Stalled");
    if (p.bytesPerSecond <= 0)
        return {};
    QString text
        = tr("%1/s").arg(QLocale().formattedDataSize(qint64(p.bytesPerSecond), 1, QLocale::DataSizeTraditionalFormat));
    if (p.etaSeconds >= 0) {
        const qint64 s = p.etaSeconds;
        const QString eta = s < 60 ? tr("%n s left", nullptr, int(s))
            : s < 3600             ? tr("%1 min %2 s left").arg(s / 60).arg(s % 60)
                                   : tr("%1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
        text += QStringLiteral(", ") + eta;
    }
    return text;
}

QVariant ReleasesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows.at(index.row());
    const ReleaseDestination& d = row.destination;
    const Release& release = m_releases[row.releaseId];
    switch (role) {
    case ReleaseIdRole:
        return row.releaseId;
    case DestinationIdRole:
        return d.id;
    case StateRole:
        return int(d.state);
    case PausedRole:
        return d.paused;
    case FractionRole: {
        if (d.state == DestinationState::Done)
            return 1.0;
        const qint64 done = row.progress.bytesTotal > 0 ? row.progress.bytesDone : d.bytesDone;
        const qint64 total = row.progress.bytesTotal > 0 ? row.progress.bytesTotal : d.bytesTotal;
        return total > 0 ? double(done) / double(total) : -1.0;
    }
    case Qt::ToolTipRole:
        if (d.state == DestinationState::Failed || d.state == DestinationState::Cancelled)
            return d.error.toString();
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Package: {
        const QString name = release.request.appName.isEmpty() ? release.packageId : release.request.appName;
        return tr("%1 %2 (%3)").arg(name, release.versionName(), release.versionCode()).trimmed();
    }
    case Destination:
        return d.label();
    case State:
        return stateText(d);
    case Progress: {
        const double fraction = data(index, FractionRole).toDouble();
        return fraction < 0 ? QString() : QStringLiteral("%1%").arg(int(fraction * 100));
    }
    case Transfer:
        return isActiveState(d.state) ? speedText(row.progress) : QString();
    case Started: {
        const QDateTime when = d.started.isValid() ? d.started : release.created;
        return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
    }
    default:
        return {};
    }
}

QVariant ReleasesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Package:
        return tr("Package");
    case Destination:
        return tr("Destination");
    case State:
        return tr("State");
    case Progress:
        return tr("Progress");
    case Transfer:
        return tr("Speed");
    case Started:
        return tr("Started");
    default:
        return {};
    }
}

void ReleasesModel::onDestinationChanged(qint64 releaseId, const ReleaseDestination& destination)
{
    const int row = rowOf(destination.id);
    if (row >= 0) {
        m_rows[row].destination = destination;
        if (!isActiveState(destination.state))
            m_rows[row].progress = {};
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // A release this model has not seen yet (started by another path): it goes on top with all its destinations.
    auto release = m_queue->store()->load(releaseId);
    if (!release)
        return;
    for (ReleaseDestination& d : release.value().destinations) {
        if (d.id == destination.id)
            d = destination;
    }
    add(release.value());
}

void ReleasesModel::add(const Release& release)
{
    if (release.destinations.isEmpty() || m_releases.contains(release.id))
        return;
    beginInsertRows({}, 0, int(release.destinations.size()) - 1);
    insertRelease(release, 0);
    endInsertRows();
}

void ReleasesModel::onProgressChanged(qint64, qint64 destinationId, const DestinationProgress& progress)
{
    const int row = rowOf(destinationId);
    if (row < 0)
        return;
    m_rows[row].progress = progress;
    Q_EMIT dataChanged(index(row, Progress), index(row, Transfer));
}

} // namespace Slipway::Gui
