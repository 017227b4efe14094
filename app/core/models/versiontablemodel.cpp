#include "versiontablemodel.h"

#include <QLocale>
#include <common/naturalcompare.h>
#include <providers/provider.h>

namespace Slipway {

VersionTableModel::VersionTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

VersionTableModel::~VersionTableModel() = default;

int VersionTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_versions.size();
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
    const VersionInfo& v = m_versions.at(index.row());
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
        case VersionCode: {
            bool ok = false;
            const qlonglong n = v.versionCode.toLongLong(&ok);
            return ok ? QVariant(n) : QVariant(v.versionCode);
        }
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

void VersionTableModel::clear()
{
    if (m_job)
        m_job->deleteLater();
    m_job = nullptr;
    if (m_provider)
        disconnect(m_provider, &Provider::changed, this, &VersionTableModel::reload);
    m_provider = nullptr;
    m_appId.clear();
    if (!m_versions.isEmpty()) {
        beginResetModel();
        m_versions.clear();
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
    if (m_job)
        m_job->deleteLater();
    VersionsJob* job = m_provider->fetchVersions(m_appId);
    m_job = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (m_job != job)
            return; // superseded by another load
        m_job = nullptr;
        if (!job->succeeded()) {
            Q_EMIT loadFailed(job->error());
            return;
        }
        beginResetModel();
        m_versions = job->result();
        endResetModel();
        Q_EMIT loaded();
    });
}

int VersionTableModel::rowOf(const QString& versionId) const
{
    for (int row = 0; row < m_versions.size(); ++row) {
        if (m_versions.at(row).id == versionId)
            return row;
    }
    return -1;
}

VersionFilterModel::VersionFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(VersionTableModel::SortRole);
}

void VersionFilterModel::setSearchText(const QString& text)
{
    m_words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool VersionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_words.isEmpty())
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
