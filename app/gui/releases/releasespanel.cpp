#include "releasespanel.h"

#include "releasedetailsdialog.h"
#include "releasesmodel.h"

#include <gui/platform/appearance.h>

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>
#include <release/releasequeue.h>

namespace Slipway::Gui {

namespace {

// The Progress column as a progress bar drawn by the style (the palette's colours, light or dark).
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const double fraction = index.data(ReleasesModel::FractionRole).toDouble();
        const auto state = DestinationState(index.data(ReleasesModel::StateRole).toInt());
        if (fraction < 0 || (isFinalState(state) && state != DestinationState::Done)) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem item = option;
        initStyleOption(&item, index);
        item.text.clear();
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget); // selection background
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(fraction * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

} // namespace

ReleasesPanel::ReleasesPanel(ReleaseQueue* queue, QWidget* parent)
    : QDockWidget(tr("Releases"), parent)
    , m_queue(queue)
    , m_model(new ReleasesModel(queue, this))
{
    setObjectName(QStringLiteral("releasesDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);

    m_view = new QTreeView(content);
    m_view->setObjectName(QStringLiteral("releasesView"));
    m_view->setAccessibleName(tr("Releases"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ReleasesModel::Progress, new ProgressDelegate(m_view));
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(ReleasesModel::Package, QHeaderView::Stretch);
    m_view->header()->resizeSection(ReleasesModel::Progress, 160);
    layout->addWidget(m_view, 1);

    auto* buttons = new QHBoxLayout;
    auto button = [&](const QString& name, const QString& text, const QString& accessible) {
        auto* b = new QPushButton(text, content);
        b->setObjectName(name);
        b->setAccessibleName(accessible);
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    m_cancel = button(QStringLiteral("releaseCancelButton"), tr("Cancel"), tr("Cancel this destination"));
    m_retry = button(QStringLiteral("releaseRetryButton"), tr("Retry"), tr("Retry this destination"));
    m_pause = button(QStringLiteral("releasePauseButton"), tr("Pause"), tr("Pause or resume this destination"));
    m_edit = button(QStringLiteral("releaseEditButton"), tr("Edit and Publish Again…"),
        tr("Edit the failed release and publish it again"));
    m_details = button(QStringLiteral("releaseDetailsButton"), tr("Details…"), tr("Release details"));
    buttons->addStretch(1);
    auto* concurrencyLabel = new QLabel(tr("Transfers at once:"), content);
    m_concurrency = new QSpinBox(content);
    m_concurrency->setObjectName(QStringLiteral("releaseConcurrencySpinBox"));
    m_concurrency->setAccessibleName(tr("Transfers at once"));
    m_concurrency->setRange(1, 16);
    m_concurrency->setValue(m_queue->concurrency());
    concurrencyLabel->setBuddy(m_concurrency);
    buttons->addWidget(concurrencyLabel);
    buttons->addWidget(m_concurrency);
    layout->addLayout(buttons);

    m_problem = new QLabel(content);
    m_problem->setObjectName(QStringLiteral("releaseProblemLabel"));
    m_problem->setWordWrap(true);
    QPalette errorPalette = m_problem->palette();
    errorPalette.setColor(QPalette::WindowText, Appearance::errorTextColor(errorPalette));
    m_problem->setPalette(errorPalette);
    m_problem->hide();
    layout->addWidget(m_problem);
    setWidget(content);

    // The same commands in the row's context menu (the Menu key opens it from the keyboard).
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto menuAction = [this](QPushButton* b, auto slot) {
        auto* a = new QAction(b->text(), m_view);
        connect(b, &QPushButton::clicked, this, slot);
        connect(a, &QAction::triggered, this, slot);
        m_view->addAction(a);
        return a;
    };
    QAction* cancelAction = menuAction(m_cancel, &ReleasesPanel::cancelCurrent);
    QAction* retryAction = menuAction(m_retry, &ReleasesPanel::retryCurrent);
    QAction* pauseAction = menuAction(m_pause, &ReleasesPanel::togglePauseCurrent);
    QAction* editAction = menuAction(m_edit, &ReleasesPanel::editCurrent);
    QAction* detailsAction = menuAction(m_details, [this] { showDetails(currentRow()); });
    // The actions follow their buttons' state and text.
    const auto follow = [](QPushButton* b, QAction* a) {
        a->setEnabled(b->isEnabled());
        a->setText(b->text());
    };
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ReleasesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReleasesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ReleasesPanel::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ReleasesPanel::updateButtons);
    connect(
        m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) { showDetails(index.row()); });
    connect(m_concurrency, &QSpinBox::valueChanged, this, [this](int value) {
        m_queue->setConcurrency(value);
        QSettings().setValue(QLatin1String(ReleaseQueue::kConcurrencyKey), value);
    });
    m_followers = [this, follow, cancelAction, retryAction, pauseAction, editAction, detailsAction] {
        follow(m_cancel, cancelAction);
        follow(m_retry, retryAction);
        follow(m_pause, pauseAction);
        follow(m_edit, editAction);
        follow(m_details, detailsAction);
    };
    updateButtons();
}

int ReleasesPanel::currentRow() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ReleasesPanel::selectDestination(qint64 destinationId)
{
    const int row = m_model->rowOf(destinationId);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row, 0));
}

void ReleasesPanel::updateButtons()
{
    const int row = currentRow();
    const bool has = row >= 0;
    const ReleaseDestination d = has ? m_model->destinationAt(row) : ReleaseDestination();
    m_cancel->setEnabled(has && !isFinalState(d.state));
    m_retry->setEnabled(has && (d.state == DestinationState::Failed || d.state == DestinationState::Cancelled));
    const bool paused = has && d.state == DestinationState::Queued && d.paused;
    m_pause->setEnabled(has && !isFinalState(d.state));
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    // A rejected request is not retried as it was: its files and notes go back to the Publish dialog.
    m_edit->setEnabled(has && d.state == DestinationState::Failed);
    m_details->setEnabled(has);
    if (m_followers)
        m_followers();
}

void ReleasesPanel::report(const Status& status)
{
    m_problem->setText(status ? QString() : status.error().toString());
    m_problem->setVisible(!status);
    updateButtons();
}

void ReleasesPanel::cancelCurrent()
{
    const int row = currentRow();
    if (row >= 0)
        report(m_queue->cancel(m_model->destinationAt(row).id));
}

void ReleasesPanel::retryCurrent()
{
    const int row = currentRow();
    if (row >= 0)
        report(m_queue->retry(m_model->destinationAt(row).id));
}

void ReleasesPanel::togglePauseCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const ReleaseDestination d = m_model->destinationAt(row);
    report(d.paused ? m_queue->resume(d.id) : m_queue->pause(d.id));
}

void ReleasesPanel::editCurrent()
{
    const int row = currentRow();
    if (row >= 0 && m_model->destinationAt(row).state == DestinationState::Failed)
        Q_EMIT editRequested(m_model->releaseAt(row));
}

ReleaseDetailsDialog* ReleasesPanel::showDetails(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    auto* dialog = new ReleaseDetailsDialog(m_model->releaseAt(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReleaseDetailsDialog::editRequested, this, &ReleasesPanel::editRequested);
    dialog->open();
    return dialog;
}

} // namespace Slipway::Gui
