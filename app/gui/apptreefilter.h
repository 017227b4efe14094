#pragma once

#include <QHash>
#include <QIcon>
#include <QPersistentModelIndex>
#include <QSortFilterProxyModel>

class QTreeView;

namespace Slipway::Gui {

class IconCache;

// The accounts tree as the window shows it (over AccountTreeModel): each app with its icon (the one the Local
// library stored, or the service's icon URL through the IconCache) and a platform marker ("Polite Droid ·
// Android"); the app filter matches names and package/bundle/app ids (every word must match), expands the
// accounts with matches, and when it is cleared the app selected before (or while) filtering is selected again.
class AppTreeFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit AppTreeFilter(QObject* parent = nullptr);
    ~AppTreeFilter() override;

    // The view whose accounts are expanded and whose selection is kept.
    void setView(QTreeView* view);
    void setIconCache(IconCache* cache);
    IconCache* iconCache() const { return m_icons; }
    void setSearchText(const QString& text);
    QString searchText() const { return m_words.join(QLatin1Char(' ')); }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void iconArrived(const QString& url);

    QStringList m_words;
    QTreeView* m_view = nullptr;
    IconCache* m_icons = nullptr;
    QPersistentModelIndex m_remembered; // the source app the user selected last
    bool m_applying = false; // the filter changes rows: the view's current moves on its own
    mutable QHash<QByteArray, QIcon> m_pngIcons; // decoded stored icons, by their bytes' hash
};

} // namespace Slipway::Gui
