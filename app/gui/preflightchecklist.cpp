#include "preflightchecklist.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Slipway::Gui {

namespace {

QIcon iconFor(const QStyle* style, PreflightCheck::Status status)
{
    switch (status) {
    case PreflightCheck::Status::Block:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case PreflightCheck::Status::Warn:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case PreflightCheck::Status::Info:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    case PreflightCheck::Status::Pass:
        break;
    }
    return style->standardIcon(QStyle::SP_DialogApplyButton);
}

} // namespace

PreflightChecklist::PreflightChecklist(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_preflight(new Preflight(workspace, this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("preflightChecklist"));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(400);
    connect(m_debounce, &QTimer::timeout, this, [this] { runNow(); });

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("preflightSummary"));
    m_summary->setWordWrap(true);
    m_recheck = new QPushButton(tr("Check a&gain"), this);
    m_recheck->setObjectName(QStringLiteral("preflightRecheck"));
    m_recheck->setToolTip(tr("Read each destination's versions again and re-run the checks."));
    connect(m_recheck, &QPushButton::clicked, this, [this] { runNow(true); });
    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_recheck);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("preflightTree"));
    m_tree->setAccessibleName(tr("Preflight checks"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->setMinimumHeight(90);
    m_tree->setMaximumHeight(180);

    m_anyway = new QCheckBox(tr("Publish &anyway, despite the warnings"), this);
    m_anyway->setObjectName(QStringLiteral("preflightAnyway"));
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("preflightReason"));
    m_reason->setPlaceholderText(tr("Why (kept in the release history)"));
    m_reason->setAccessibleName(tr("Reason to publish despite the warnings"));
    connect(m_anyway, &QCheckBox::toggled, this, &PreflightChecklist::updateOverride);
    connect(m_reason, &QLineEdit::textChanged, this, &PreflightChecklist::updateOverride);
    auto* anyway = new QHBoxLayout;
    anyway->addWidget(m_anyway);
    anyway->addWidget(m_reason, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tree);
    layout->addLayout(anyway);
    m_anyway->setVisible(false);
    m_reason->setVisible(false);
    m_summary->setText(tr("Checking the destination…"));
}

PreflightChecklist::~PreflightChecklist()
{
    if (m_job)
        m_job->cancel();
}

void PreflightChecklist::setDebounce(int ms)
{
    m_debounce->setInterval(ms);
}

void PreflightChecklist::setRequest(const PublishRequest& request, const QStringList& destinations)
{
    m_request = request;
    m_destinations = destinations;
    m_pending = true;
    m_debounce->start();
    Q_EMIT stateChanged();
}

void PreflightChecklist::runNow(bool refresh)
{
    m_debounce->stop();
    m_pending = false;
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        m_job->cancel();
        m_job->deleteLater();
    }
    if (refresh)
        m_preflight->refresh();
    m_queue = m_destinations;
    m_running = PreflightResult {};
    m_summary->setText(tr("Checking %1…").arg(m_destinations.join(QStringLiteral(", "))));
    startNext();
    Q_EMIT stateChanged();
}

void PreflightChecklist::startNext()
{
    if (m_queue.isEmpty()) {
        m_job = nullptr;
        show(m_running);
        Q_EMIT stateChanged();
        return;
    }
    const PreflightDestination destination = m_preflight->destinationFor(m_queue.takeFirst());
    PreflightJob* job = m_preflight->run(m_request, destination);
    m_job = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (m_job != job)
            return;
        if (job->succeeded())
            m_running.checks += job->result().checks;
        startNext();
    });
}

void PreflightChecklist::show(const PreflightResult& result)
{
    m_result = result;
    m_tree->clear();
    QHash<QString, QTreeWidgetItem*> groups;
    for (const PreflightCheck& c : result.checks) {
        QTreeWidgetItem*& group = groups[c.destination];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, {c.destination});
            group->setFirstColumnSpanned(true);
            group->setExpanded(true);
        }
        QString text = c.message;
        if (!c.fix.isEmpty() && c.status != PreflightCheck::Status::Pass)
            text += QLatin1Char('\n') + tr("Fix: %1").arg(c.fix);
        auto* item = new QTreeWidgetItem(group, {text});
        item->setIcon(0, iconFor(style(), c.status));
        item->setData(0, Qt::UserRole, c.check);
        item->setData(0, Qt::UserRole + 1, PreflightCheck::statusName(c.status));
        item->setToolTip(0, c.fix.isEmpty() ? c.check : c.check + QStringLiteral(": ") + c.fix);
        // The worst status of a destination shows on its row.
        const int worst = group->data(0, Qt::UserRole + 2).toInt();
        if (static_cast<int>(c.status) >= worst) {
            group->setData(0, Qt::UserRole + 2, static_cast<int>(c.status));
            group->setIcon(0, iconFor(style(), c.status));
        }
    }
    const int blocks = int(result.withStatus(PreflightCheck::Status::Block).size());
    const int warnings = int(result.withStatus(PreflightCheck::Status::Warn).size());
    if (blocks > 0)
        m_summary->setText(tr("%n check(s) block publishing: fix them first.", nullptr, blocks));
    else if (warnings > 0)
        m_summary->setText(tr("%n warning(s): publish anyway only with a reason.", nullptr, warnings));
    else
        m_summary->setText(tr("All checks passed."));
    m_anyway->setVisible(blocks == 0 && warnings > 0);
    m_reason->setVisible(blocks == 0 && warnings > 0);
    updateOverride();
}

void PreflightChecklist::updateOverride()
{
    m_reason->setEnabled(m_anyway->isChecked());
    Q_EMIT stateChanged();
}

bool PreflightChecklist::allowsPublish() const
{
    if (isRunning() || m_result.blocks())
        return false;
    return !m_result.hasWarnings() || !overrideReason().isEmpty();
}

QString PreflightChecklist::overrideReason() const
{
    if (!m_result.hasWarnings() || !m_anyway->isChecked())
        return {};
    return m_reason->text().trimmed();
}

void PreflightChecklist::record(PublishRequest& request) const
{
    request.preflight = m_result.toJson();
    request.preflightOverride = overrideReason();
}

} // namespace Slipway::Gui
