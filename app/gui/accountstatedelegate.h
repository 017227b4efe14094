#pragma once

#include <QStyledItemDelegate>

namespace Slipway::Gui {

// Draws each account row of the accounts tree with its state: connecting (loading its apps), OK, or an error
// (whose text is the row's tooltip). Reads AccountTreeModel's LoadingRole and ErrorRole; app rows are unchanged;
// the placeholder row of a failed account reads like a link.
class AccountStateDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class State
    {
        None,
        Connecting,
        Ok,
        Error
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    static State stateOf(const QModelIndex& index);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace Slipway::Gui
