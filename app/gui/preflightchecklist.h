#pragma once

#include <QPointer>
#include <QWidget>
#include <preflight/preflight.h>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace Slipway {
class Workspace;
}

namespace Slipway::Gui {

// The Publish dialog's checklist: runs preflight for each destination a moment after the request last changed,
// and shows every check as pass / info / warn / block with its sentence (the fix as a second line and tooltip).
// Publishing is allowed when the checks finished, nothing blocks, and any warning was accepted with "Publish
// anyway" and a reason.
class PreflightChecklist : public QWidget
{
    Q_OBJECT

public:
    explicit PreflightChecklist(Workspace* workspace, QWidget* parent = nullptr);
    ~PreflightChecklist() override;

    // Checks `request` against each "ACCOUNT/APP" after a short pause (edits in a row run the checks once).
    void setRequest(const PublishRequest& request, const QStringList& destinations);
    // Runs the checks now (after reading the destinations' live state again when `refresh`).
    void runNow(bool refresh = false);

    bool isRunning() const { return m_job || m_pending; }
    const PreflightResult& result() const { return m_result; }
    // Finished, no block, and warnings (if any) accepted with a reason.
    bool allowsPublish() const;
    // The reason given with "Publish anyway"; empty unless warnings were accepted.
    QString overrideReason() const;
    // Records the checks (and the reason for publishing despite warnings) in the request.
    void record(PublishRequest& request) const;

    Preflight* preflight() const { return m_preflight; }
    // Milliseconds between the last change and the run (tests set 0).
    void setDebounce(int ms);

Q_SIGNALS:
    // The checks started, finished, or the "Publish anyway" choice changed: allowsPublish() may differ.
    void stateChanged();

private:
    void startNext();
    void show(const PreflightResult& result);
    void updateOverride();

    Preflight* m_preflight = nullptr;
    QTimer* m_debounce = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_recheck = nullptr;
    QCheckBox* m_anyway = nullptr;
    QLineEdit* m_reason = nullptr;

    PublishRequest m_request;
    QStringList m_destinations;
    QStringList m_queue; // destinations still to check in this run
    PreflightResult m_running; // checks of the run so far
    PreflightResult m_result; // the last complete run
    QPointer<PreflightJob> m_job;
    bool m_pending = false; // a run is scheduled
};

} // namespace Slipway::Gui
