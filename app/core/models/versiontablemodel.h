#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <common/error.h>
#include <domain/types.h>
#include <providers/provider.h>

namespace Slipway {

// The versions of one app of one account, loaded asynchronously through its provider.
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

    explicit VersionTableModel(QObject* parent = nullptr);
    ~VersionTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Shows the versions of `appId` on `provider`; an empty appId or null provider clears the table.
    void load(Provider* provider, const QString& appId);
    void reload();
    void clear();

    Provider* provider() const { return m_provider; }
    QString appId() const { return m_appId; }
    bool isLoading() const { return !m_job.isNull(); }
    VersionInfo versionAt(int row) const { return m_versions.value(row); }
    int rowOf(const QString& versionId) const;

    static QString formatSize(qint64 bytes);

Q_SIGNALS:
    void loaded();
    void loadFailed(const Slipway::Error& error);

private:
    QPointer<Provider> m_provider;
    QString m_appId;
    QList<VersionInfo> m_versions;
    QPointer<QObject> m_job;
};

// Search (every column, case-insensitive, all words must match) and numeric-aware sorting for the table.
class VersionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit VersionFilterModel(QObject* parent = nullptr);
    void setSearchText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QStringList m_words;
};

} // namespace Slipway
