#include "accountstatedelegate.h"

#include <QApplication>
#include <QStyle>
#include <models/accounttreemodel.h>

namespace Slipway::Gui {

AccountStateDelegate::State AccountStateDelegate::stateOf(const QModelIndex& index)
{
    if (index.data(AccountTreeModel::KindRole).toString() != QLatin1String("account"))
        return State::None;
    if (!index.data(AccountTreeModel::ErrorRole).toString().isEmpty())
        return State::Error;
    if (index.data(AccountTreeModel::LoadingRole).toBool())
        return State::Connecting;
    return State::Ok;
}

void AccountStateDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    QStyle* style = option->widget ? option->widget->style() : QApplication::style();
    if (index.data(AccountTreeModel::KindRole).toString() == QLatin1String("placeholder")) {
        // "Could not list apps — Retry · Edit account": link-coloured, activated with Enter or a double click,
        // both actions also in the context menu.
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Link));
        option->icon = style->standardIcon(index.data(AccountTreeModel::CanRetryRole).toBool()
                ? QStyle::SP_BrowserReload
                : QStyle::SP_FileDialogDetailedView);
        option->features |= QStyleOptionViewItem::HasDecoration;
        return;
    }
    switch (stateOf(index)) {
    case State::None:
        return;
    case State::Connecting:
        option->icon = style->standardIcon(QStyle::SP_BrowserReload);
        option->text = tr("%1 (connecting…)").arg(option->text);
        break;
    case State::Ok:
        option->icon = style->standardIcon(QStyle::SP_DialogApplyButton);
        break;
    case State::Error:
        option->icon = style->standardIcon(QStyle::SP_MessageBoxWarning);
        option->text = tr("%1 (error)").arg(option->text);
        break;
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
}

} // namespace Slipway::Gui
