#include "versiontablemodel.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <common/naturalcompare.h>
#include <limits>
#include <providers/provider.h>

namespace Slipway {

VersionTableModel::VersionTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

VersionTableModel::~VersionTableModel() = default;

int VersionTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_fetched;
}

int VersionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString VersionTableModel::formatSize(qint64 bytes)
{
    if (bytes < 0)
        return QString();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QVariant VersionTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& v = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case VersionName:
            return v.versionName;
        case VersionCode:
            return v.versionCode;
        case Label:
            return v.label;
        case Size:
            return formatSize(v.size);
        case Date:
            return v.created.isValid() ? QLocale().toString(v.created.toLocalTime(), QLocale::ShortFormat) : QString();
        case Publisher:
            return v.publisher;
        case State:
            return v.state;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Date && v.created.isValid())
            return v.created.toUTC().toString(Qt::ISODate);
        if (index.column() == Size && v.size >= 0)
            return tr("%1 bytes").arg(v.size);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == VersionCode || index.column() == Size)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case VersionCode:
            return v.codeIsNumber ? QVariant(v.code) : QVariant(v.versionCode);
        case Size:
            return v.size;
        case Date:
            return v.created;
        default:
            return data(index, Qt::DisplayRole);
        }
    case VersionIdRole:
        return v.id;
    case SearchTextRole:
        return QStringList {v.versionName, v.versionCode, v.label, v.publisher, v.state, v.notes, v.fileName}.join(
            QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant VersionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case VersionName:
        return tr("Version");
    case VersionCode:
        return tr("Code");
    case Label:
        return tr("Label");
    case Size:
        return tr("Size");
    case Date:
        return tr("Published");
    case Publisher:
        return tr("Publisher");
    case State:
        return tr("State");
    }
    return {};
}

bool VersionTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_fetched < int(m_order.size());
}

void VersionTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const int last = std::min(int(m_order.size()), m_fetched + m_fetchChunk) - 1;
    beginInsertRows({}, m_fetched, last);
    m_fetched = last + 1;
    endInsertRows();
}

VersionTableModel::Row VersionTableModel::rowFrom(const VersionInfo& v)
{
    Row r;
    r.id = v.id;
    r.versionName = v.versionName;
    r.versionCode = v.versionCode;
    r.label = v.label;
    r.publisher = v.publisher;
    r.state = v.state;
    r.notes = v.notes;
    r.fileName = v.fileName;
    r.md5 = v.md5;
    r.sha256 = v.sha256;
    r.downloadUrl = v.downloadUrl;
    r.extra = v.extra;
    r.created = v.created;
    r.createdMs = v.created.isValid() ? v.created.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    r.size = v.size;
    r.code = v.versionCode.toLongLong(&r.codeIsNumber);
    return r;
}

VersionInfo VersionTableModel::versionOf(const Row& r) const
{
    VersionInfo v;
    v.id = r.id;
    v.appId = m_appId;
    v.versionName = r.versionName;
    v.versionCode = r.versionCode;
    v.label = r.label;
    v.size = r.size;
    v.created = r.created;
    v.publisher = r.publisher;
    v.notes = r.notes;
    v.state = r.state;
    v.downloadUrl = r.downloadUrl;
    v.fileName = r.fileName;
    v.md5 = r.md5;
    v.sha256 = r.sha256;
    v.extra = r.extra;
    return v;
}

VersionInfo VersionTableModel::versionAt(int row) const
{
    if (row < 0 || row >= m_fetched)
        return {};
    return versionOf(rowAt(row));
}

QList<VersionInfo> VersionTableModel::allVersions() const
{
    QList<VersionInfo> out;
    out.reserve(qsizetype(m_rows.size()));
    for (const Row& r : m_rows)
        out.append(versionOf(r));
    return out;
}

bool VersionTableModel::lessThan(const Row& a, const Row& b, int column) const
{
    switch (column) {
    case VersionCode:
        if (a.codeIsNumber != b.codeIsNumber)
            return a.codeIsNumber; // numbers before text codes
        if (a.codeIsNumber)
            return a.code < b.code;
        return naturalCompare(a.versionCode, b.versionCode) < 0;
    case VersionName:
        return naturalCompare(a.versionName, b.versionName) < 0; // 1.9 < 1.10, 2.0-rc1 < 2.0
    case Label:
        return naturalCompare(a.label, b.label) < 0;
    case Size:
        return a.size < b.size;
    case Date:
        return a.createdMs < b.createdMs;
    case Publisher:
        return QString::localeAwareCompare(a.publisher, b.publisher) < 0;
    case State:
        return QString::localeAwareCompare(a.state, b.state) < 0;
    }
    return false;
}

bool VersionTableModel::matches(const Row& r) const
{
    const auto has = [&r](const QString& w) {
        for (const QString* field :
            {&r.versionName, &r.versionCode, &r.label, &r.publisher, &r.state, &r.notes, &r.fileName}) {
            if (field->contains(w, Qt::CaseInsensitive))
                return true;
        }
        return false;
    };
    return std::all_of(m_words.cbegin(), m_words.cend(), has);
}

void VersionTableModel::sortOrder()
{
    if (m_sortColumn < 0 || m_sortColumn >= ColumnCount)
        return;
    const int column = m_sortColumn;
    // Stable, so equal keys keep the listing's order (newest first).
    if (m_sortOrder == Qt::AscendingOrder) {
        std::stable_sort(m_order.begin(), m_order.end(),
            [&](int a, int b) { return lessThan(m_rows[size_t(a)], m_rows[size_t(b)], column); });
    } else {
        std::stable_sort(m_order.begin(), m_order.end(),
            [&](int a, int b) { return lessThan(m_rows[size_t(b)], m_rows[size_t(a)], column); });
    }
}

void VersionTableModel::rebuild()
{
    beginResetModel();
    m_order.clear();
    m_order.reserve(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_words.isEmpty() || matches(m_rows[i]))
            m_order.push_back(int(i));
    }
    sortOrder();
    m_fetched = std::min(int(m_order.size()), m_fetchChunk);
    endResetModel();
}

void VersionTableModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> rowsBefore;
    rowsBefore.reserve(size_t(before.size()));
    for (const QModelIndex& i : before)
        rowsBefore.push_back(m_order[size_t(i.row())]);
    sortOrder();
    std::vector<int> position(m_rows.size(), -1);
    for (size_t p = 0; p < m_order.size(); ++p)
        position[size_t(m_order[p])] = int(p);
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k) {
        const int p = position[size_t(rowsBefore[size_t(k)])];
        after.append(p >= 0 && p < m_fetched ? index(p, before.at(k).column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void VersionTableModel::setSearchText(const QString& text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    rebuild();
}

// Drops the loads under way (the whole list, its first rows, the rows being made of a list): their answers are
// ignored when they come.
void VersionTableModel::abandonLoads()
{
    for (QPointer<QObject>* load : {&m_job, &m_headJob, &m_converting}) {
        if (*load)
            (*load)->deleteLater();
        *load = nullptr;
    }
}

void VersionTableModel::clear()
{
    abandonLoads();
    m_headShown = false;
    if (m_provider)
        disconnect(m_provider, &Provider::changed, this, &VersionTableModel::reload);
    m_provider = nullptr;
    m_appId.clear();
    if (!m_rows.empty() || m_fetched > 0) {
        beginResetModel();
        m_rows.clear();
        m_order.clear();
        m_fetched = 0;
        endResetModel();
    }
}

void VersionTableModel::load(Provider* provider, const QString& appId)
{
    clear();
    if (!provider || appId.isEmpty())
        return;
    m_provider = provider;
    m_appId = appId;
    // Another process changed the provider's data (the team library's notifications): the list stays current.
    connect(provider, &Provider::changed, this, &VersionTableModel::reload, Qt::UniqueConnection);
    reload();
}

void VersionTableModel::reload()
{
    if (!m_provider || m_appId.isEmpty())
        return;
    abandonLoads();
    VersionsJob* job = m_provider->fetchVersionList(m_appId);
    m_job = job;
    // A first load shows the newest rows at once when the provider reads them faster than the whole list (50,000
    // versions of the Local library take most of a second; their first chunk a few milliseconds).
    if (m_rows.empty()) {
        if (VersionsJob* head = m_provider->fetchVersionListHead(m_appId, m_fetchChunk)) {
            m_headJob = head;
            connect(head, &Job::finished, this, [this, head] {
                head->deleteLater();
                if (m_headJob != head)
                    return;
                m_headJob = nullptr;
                if (!head->succeeded() || !m_job || !m_rows.empty())
                    return; // the whole list answers (or already did)
                m_rows = rowsFrom(head->result());
                m_headShown = true;
                rebuild();
                Q_EMIT firstRowsLoaded();
            });
        }
    }
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (m_job != job)
            return; // superseded by another load
        m_job = nullptr;
        if (m_headJob)
            m_headJob->deleteLater();
        m_headJob = nullptr;
        const bool headShown = std::exchange(m_headShown, false);
        if (!job->succeeded()) {
            Q_EMIT loadFailed(job->error());
            return;
        }
        // Making rows of tens of thousands of versions takes tens of milliseconds: on a pool thread, not the window's.
        auto* converting = new QFutureWatcher<std::vector<Row>>(this);
        m_converting = converting;
        connect(converting, &QFutureWatcherBase::finished, this, [this, converting, headShown] {
            converting->deleteLater();
            if (m_converting != converting)
                return; // superseded by another load, or cleared
            m_converting = nullptr;
            std::vector<Row> rows = converting->future().takeResult();
            if (!headShown || !adoptFullList(rows)) {
                m_rows = std::move(rows);
                rebuild();
            }
            Q_EMIT loaded();
        });
        converting->setFuture(QtConcurrent::run([versions = job->result()] { return rowsFrom(versions); }));
    });
}

std::vector<VersionTableModel::Row> VersionTableModel::rowsFrom(const QList<VersionInfo>& versions)
{
    std::vector<Row> rows;
    rows.reserve(size_t(versions.size()));
    for (const VersionInfo& v : versions)
        rows.push_back(rowFrom(v));
    return rows;
}

// The first rows were shown; now the whole list is here. Usually the rows on screen are its first rows in the
// same order (the head is the listing's start): then they stay, with the selection and the scroll position, and
// the rest becomes fetchable. When a sort or search in the meantime put other rows first, the caller resets.
bool VersionTableModel::adoptFullList(std::vector<Row>& rows)
{
    std::vector<Row> shownRows = std::exchange(m_rows, std::move(rows));
    std::vector<int> shownOrder = std::exchange(m_order, {});
    m_order.reserve(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_words.isEmpty() || matches(m_rows[i]))
            m_order.push_back(int(i));
    }
    sortOrder();
    bool same = m_order.size() >= size_t(m_fetched);
    for (int p = 0; same && p < m_fetched; ++p)
        same = m_rows[size_t(m_order[size_t(p)])].id == shownRows[size_t(shownOrder[size_t(p)])].id;
    if (!same) {
        rows = std::exchange(m_rows, std::move(shownRows));
        m_order = std::move(shownOrder);
        return false;
    }
    // The same versions, read a moment later: a field may have changed in between.
    if (m_fetched > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_fetched - 1, ColumnCount - 1));
    return true;
}

int VersionTableModel::rowOf(const QString& versionId)
{
    for (size_t p = 0; p < m_order.size(); ++p) {
        if (m_rows[size_t(m_order[p])].id != versionId)
            continue;
        while (int(p) >= m_fetched)
            fetchMore({});
        return int(p);
    }
    return -1;
}

VersionFilterModel::VersionFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(VersionTableModel::SortRole);
}

VersionTableModel* VersionFilterModel::versions() const
{
    return qobject_cast<VersionTableModel*>(sourceModel());
}

void VersionFilterModel::setSearchText(const QString& text)
{
    if (VersionTableModel* m = versions())
        return m->setSearchText(text);
    m_words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void VersionFilterModel::sort(int column, Qt::SortOrder order)
{
    if (VersionTableModel* m = versions())
        return m->sort(column, order);
    QSortFilterProxyModel::sort(column, order);
}

bool VersionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (versions() || m_words.isEmpty())
        return true;
    const QString haystack
        = sourceModel()->index(sourceRow, 0, sourceParent).data(VersionTableModel::SearchTextRole).toString();
    return std::all_of(
        m_words.begin(), m_words.end(), [&](const QString& w) { return haystack.contains(w, Qt::CaseInsensitive); });
}

bool VersionFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.typeId() == r.typeId() && (l.typeId() == QMetaType::LongLong || l.typeId() == QMetaType::QDateTime))
        return QVariant::compare(l, r) == QPartialOrdering::Less;
    if (l.typeId() == QMetaType::LongLong && r.typeId() != QMetaType::LongLong)
        return true; // numbers before text codes
    if (r.typeId() == QMetaType::LongLong && l.typeId() != QMetaType::LongLong)
        return false;
    const int column = left.column();
    if (column == VersionTableModel::VersionName || column == VersionTableModel::Label
        || column == VersionTableModel::VersionCode)
        return naturalCompare(l.toString(), r.toString()) < 0; // 1.9 < 1.10, 2.0-rc1 < 2.0
    return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
}

} // namespace Slipway
