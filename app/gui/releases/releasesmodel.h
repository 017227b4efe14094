#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <release/release.h>
#include <release/releaserunner.h>

namespace Slipway {
class ReleaseQueue;
} // namespace Slipway

namespace Slipway::Gui {

// Active and past releases for the Releases panel: one row per destination, newest release first. Filled from the
// state database, then kept current from the queue's signals (state changes, progress), so rows of a release
// another process (slipway-cli) runs show up on reload().
class ReleasesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Package,
        Destination,
        State,
        Progress,
        Transfer,
        Started,
        ColumnCount
    };
    enum Role
    {
        ReleaseIdRole = Qt::UserRole + 1,
        DestinationIdRole,
        StateRole, // DestinationState as int
        PausedRole,
        FractionRole, // 0..1 of the transfer, -1 when unknown
    };
    // How many past releases the panel keeps; older ones stay in the history (slipway-cli releases).
    static constexpr int kHistoryLimit = 200;

    explicit ReleasesModel(ReleaseQueue* queue, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads the history again from the state database.
    void reload();
    // Shows a release that was just submitted (its destinations may wait in the queue without a signal).
    void add(const Release& release);
    // The row of a destination, or -1.
    int rowOf(qint64 destinationId) const;
    ReleaseDestination destinationAt(int row) const;
    Release releaseAt(int row) const; // with every destination as last seen
    DestinationProgress progressAt(int row) const;

    static QString stateText(const ReleaseDestination& destination);
    static QString speedText(const DestinationProgress& progress);

private:
    struct Row
    {
        qint64 releaseId = 0;
        ReleaseDestination destination;
        DestinationProgress progress;
    };
    void onDestinationChanged(qint64 releaseId, const ReleaseDestination& destination);
    void onProgressChanged(qint64 releaseId, qint64 destinationId, const DestinationProgress& progress);
    void insertRelease(const Release& release, int at);

    ReleaseQueue* m_queue;
    QList<Row> m_rows;
    QHash<qint64, Release> m_releases; // release-level data (files, request) by id
};

} // namespace Slipway::Gui
