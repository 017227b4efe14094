#include "apptreefilter.h"

#include "iconcache.h"

#include <QCryptographicHash>
#include <QItemSelectionModel>
#include <QPixmap>
#include <QTreeView>
#include <models/accounttreemodel.h>

namespace Slipway::Gui {

namespace {

bool isApp(const QModelIndex& index)
{
    return index.data(AccountTreeModel::KindRole).toString() == QLatin1String("app");
}

} // namespace

AppTreeFilter::AppTreeFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

AppTreeFilter::~AppTreeFilter() = default;

void AppTreeFilter::setView(QTreeView* view)
{
    m_view = view;
    // The app the user selects (not the row the view falls back to when the filter hides the current one).
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        if (m_applying)
            return;
        const QModelIndex source = mapToSource(current);
        if (isApp(source))
            m_remembered = source;
    });
}

void AppTreeFilter::setIconCache(IconCache* cache)
{
    m_icons = cache;
    if (cache)
        connect(cache, &IconCache::iconReady, this, &AppTreeFilter::iconArrived);
}

void AppTreeFilter::setSearchText(const QString& text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    m_applying = true;
    invalidateFilter();
    m_applying = false;
    if (!m_view)
        return;
    if (!m_words.isEmpty()) {
        for (int r = 0; r < rowCount(); ++r)
            m_view->expand(index(r, 0));
        return;
    }
    if (m_remembered.isValid()) {
        const QModelIndex again = mapFromSource(m_remembered);
        if (again.isValid()) {
            m_view->expand(again.parent());
            if (m_view->currentIndex() != again)
                m_view->setCurrentIndex(again);
            m_view->scrollTo(again);
        }
    }
}

bool AppTreeFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    // An account shows when its name matches or one of its apps does (recursive filtering).
    const QString text = isApp(idx) ? idx.data(AccountTreeModel::SearchTextRole).toString() + QLatin1Char('\n')
            + idx.data(AccountTreeModel::PlatformMarkerRole).toString()
                                    : idx.data(Qt::DisplayRole).toString();
    for (const QString& w : m_words) {
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

QVariant AppTreeFilter::data(const QModelIndex& index, int role) const
{
    if ((role != Qt::DisplayRole && role != Qt::DecorationRole && role != Qt::AccessibleTextRole) || !isApp(index))
        return QSortFilterProxyModel::data(index, role);
    const QString marker = index.data(AccountTreeModel::PlatformMarkerRole).toString();
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        const QString name = QSortFilterProxyModel::data(index, Qt::DisplayRole).toString();
        return marker.isEmpty() ? name : tr("%1 · %2").arg(name, marker);
    }
    const QByteArray png = index.data(AccountTreeModel::IconPngRole).toByteArray();
    if (!png.isEmpty()) {
        const QByteArray key = QCryptographicHash::hash(png, QCryptographicHash::Sha1);
        auto it = m_pngIcons.constFind(key);
        if (it == m_pngIcons.constEnd()) {
            QPixmap pm;
            pm.loadFromData(png); // a small PNG the library stored with the app
            it = m_pngIcons.insert(key, pm.isNull() ? QIcon() : QIcon(pm));
        }
        if (!it.value().isNull())
            return it.value();
    }
    const QString url = index.data(AccountTreeModel::IconUrlRole).toString();
    if (m_icons && !url.isEmpty()) {
        const QIcon icon = m_icons->icon(url);
        if (!icon.isNull())
            return icon;
    }
    return QSortFilterProxyModel::data(index, role);
}

void AppTreeFilter::iconArrived(const QString& url)
{
    // Every app row that shows this URL repaints.
    auto* source = sourceModel();
    if (!source)
        return;
    for (int a = 0; a < source->rowCount(); ++a) {
        const QModelIndex account = source->index(a, 0);
        for (int r = 0; r < source->rowCount(account); ++r) {
            const QModelIndex app = source->index(r, 0, account);
            if (app.data(AccountTreeModel::IconUrlRole).toString() == url) {
                const QModelIndex mapped = mapFromSource(app);
                if (mapped.isValid())
                    Q_EMIT dataChanged(mapped, mapped, {Qt::DecorationRole});
            }
        }
    }
}

} // namespace Slipway::Gui
