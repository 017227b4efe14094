#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <algorithm>
#include <common/error.h>
#include <domain/types.h>
#include <providers/provider.h>
#include <vector>

namespace Slipway {

// The versions of one app of one account, loaded asynchronously through its provider (Provider::fetchVersionList:
// the columns the table shows, no stored inspection). A first load shows the newest rows as soon as the provider
// has them (Provider::fetchVersionListHead) and the rest when the whole list is read, keeping what is on screen.
//
// Built for tens of thousands of versions: each version is kept as a compact Row, sorting and the search run on
// those rows (over every loaded version, not only the ones shown), and the rows reach views lazily, kFetchChunk
// at a time, through canFetchMore()/fetchMore(). VersionFilterModel hands its sort and search to this model.
class VersionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        VersionName,
        VersionCode,
        Label,
        Size,
        Date,
        Publisher,
        State,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // numbers for code/size/date, text otherwise
        VersionIdRole,
        SearchTextRole, // everything the search box matches against
    };
    static constexpr int kFetchChunk = 1000;

    explicit VersionTableModel(QObject* parent = nullptr);
    ~VersionTableModel() override;

    // The rows fetched so far (of those the search matches, in the current order).
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Sorts every loaded version (not only the fetched rows); selections survive (persistent indexes move).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // Shows only the versions whose columns, notes or file name contain every word (case-insensitive).
    void setSearchText(const QString& text);

    // Shows the versions of `appId` on `provider`; an empty appId or null provider clears the table.
    void load(Provider* provider, const QString& appId);
    void reload();
    void clear();

    Provider* provider() const { return m_provider; }
    QString appId() const { return m_appId; }
    bool isLoading() const { return !m_job.isNull() || !m_converting.isNull(); }
    // The version shown in `row`, as listed (Provider::fetchVersionDetails() has the rest).
    VersionInfo versionAt(int row) const;
    // Every loaded version, whatever the search, newest first as listed.
    QList<VersionInfo> allVersions() const;
    int versionCount() const { return int(m_rows.size()); }
    // The row of a version, fetching rows up to it when needed; -1 when it is not loaded or the search hides it.
    int rowOf(const QString& versionId);

    // How many rows one fetchMore() adds (kFetchChunk unless a test makes it small).
    void setFetchChunk(int rows) { m_fetchChunk = std::max(1, rows); }

    static QString formatSize(qint64 bytes);

Q_SIGNALS:
    // The newest rows are shown while the rest of a long list still loads (Provider::fetchVersionListHead).
    void firstRowsLoaded();
    void loaded();
    void loadFailed(const Slipway::Error& error);

private:
    // One version as the table needs it: its columns and the keys sorting and the search use.
    struct Row
    {
        QString id;
        QString versionName;
        QString versionCode;
        QString label;
        QString publisher;
        QString state;
        QString notes;
        QString fileName;
        QString md5;
        QString sha256;
        QString downloadUrl;
        QVariantMap extra; // a service's own fields (links, types); empty in the Local library's lean listing
        QDateTime created;
        qint64 createdMs = 0;
        qint64 size = -1;
        qint64 code = 0; // versionCode as a number when codeIsNumber
        bool codeIsNumber = false;
    };
    static Row rowFrom(const VersionInfo& v);
    static std::vector<Row> rowsFrom(const QList<VersionInfo>& versions);
    void abandonLoads();
    // Takes the whole list after its first rows were shown, without a reset when the rows on screen stay the
    // same; false (rows untouched) when they do not.
    bool adoptFullList(std::vector<Row>& rows);
    VersionInfo versionOf(const Row& r) const;
    const Row& rowAt(int row) const { return m_rows[size_t(m_order[size_t(row)])]; }
    bool lessThan(const Row& a, const Row& b, int column) const;
    bool matches(const Row& r) const;
    // Recomputes m_order (search, then sort) and shows the first chunk.
    void rebuild();
    void sortOrder();

    QPointer<Provider> m_provider;
    QString m_appId;
    std::vector<Row> m_rows; // as listed
    std::vector<int> m_order; // indexes into m_rows: the matching rows, sorted
    int m_fetched = 0; // the first m_fetched of m_order are shown
    int m_fetchChunk = kFetchChunk;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QStringList m_words;
    QPointer<QObject> m_job;
    QPointer<QObject> m_headJob; // the first rows of a first load, while m_job reads them all
    QPointer<QObject> m_converting; // the rows being made of the whole list, on a pool thread
    bool m_headShown = false;
};

// The table's proxy: sorting and the search are done by VersionTableModel over every loaded version (a proxy would
// see only the rows fetched so far); this proxy passes them on and maps rows one to one.
class VersionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit VersionFilterModel(QObject* parent = nullptr);
    void setSearchText(const QString& text);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    // Only for a source that is not a VersionTableModel (which sorts and searches itself): the same rules on the
    // SortRole and SearchTextRole data, row by row.
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    VersionTableModel* versions() const;
    QStringList m_words; // the search of a foreign source
};

} // namespace Slipway
