#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Slipway::Gui {

namespace {

QString plain(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.replace(QStringLiteral("&&"), QStringLiteral("&"));
    text.remove(QChar(0x2026)); // "…"
    return text;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QMainWindow* window)
    : QDialog(window)
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Command"), tr("Keys")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);

    QList<QPair<QString, QString>> rows;
    for (QAction* top : window->menuBar()->actions()) {
        if (!top->menu())
            continue;
        for (QAction* a : top->menu()->actions()) {
            if (!a->shortcut().isEmpty())
                rows.append({QStringLiteral("%1 › %2").arg(plain(top->text()), plain(a->text())),
                    a->shortcut().toString(QKeySequence::NativeText)});
        }
    }
    rows.append({tr("Move between the panes"), tr("Tab, Shift+Tab")});
    rows.append({tr("Move in a list"), tr("Arrow keys, Home, End, Page Up, Page Down")});
    rows.append({tr("Open a menu"), tr("Alt + underlined letter")});
    rows.append({tr("Close a dialog or message"), tr("Esc")});
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows.at(i).first));
        m_table->setItem(i, 1, new QTableWidgetItem(rows.at(i).second));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(520, 420);
}

void ShortcutsDialog::addTo(QMainWindow* window, QMenu* helpMenu)
{
    auto* action = new QAction(tr("&Keyboard Shortcuts"), window);
    action->setObjectName(QStringLiteral("actionKeyboardShortcuts"));
    action->setShortcut(QKeySequence::HelpContents);
    QObject::connect(action, &QAction::triggered, window, [window] {
        auto* dialog = new ShortcutsDialog(window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    const QList<QAction*> existing = helpMenu->actions();
    helpMenu->insertAction(existing.isEmpty() ? nullptr : existing.last(), action);
}

} // namespace Slipway::Gui
