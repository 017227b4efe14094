#pragma once

#include <QDockWidget>
#include <common/result.h>
#include <functional>
#include <release/release.h>

class QLabel;
class QPushButton;
class QSpinBox;
class QTreeView;

namespace Slipway {
class ReleaseQueue;
} // namespace Slipway

namespace Slipway::Gui {

class ReleaseDetailsDialog;
class ReleasesModel;

// The Releases dock: active and past releases, one row per destination with its progress, state and speed. The
// buttons (and the row's context menu) cancel, retry, pause or resume the current row without touching the
// others; a failed row offers "Edit and Publish Again" (the Publish dialog prefilled from its release); Enter or a
// double-click opens the release's details. The number of transfers at once is set here too.
class ReleasesPanel : public QDockWidget
{
    Q_OBJECT

public:
    explicit ReleasesPanel(ReleaseQueue* queue, QWidget* parent = nullptr);

    ReleasesModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* retryButton() const { return m_retry; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* editButton() const { return m_edit; }
    QSpinBox* concurrencySpinBox() const { return m_concurrency; }

    // Makes a destination's row current (the window does after a submit).
    void selectDestination(qint64 destinationId);
    // Opens the details of the release on `row`.
    ReleaseDetailsDialog* showDetails(int row);

Q_SIGNALS:
    // The user chose "Edit and publish again" for a release with a failed destination.
    void editRequested(const Slipway::Release& release);

private:
    int currentRow() const;
    void cancelCurrent();
    void retryCurrent();
    void togglePauseCurrent();
    void editCurrent();
    void report(const Status& status);
    void updateButtons();

    ReleaseQueue* m_queue;
    ReleasesModel* m_model;
    QTreeView* m_view;
    QPushButton* m_cancel;
    QPushButton* m_retry;
    QPushButton* m_pause;
    QPushButton* m_edit;
    QPushButton* m_details;
    QSpinBox* m_concurrency;
    QLabel* m_problem;
    std::function<void()> m_followers; // keeps the context menu's actions like the buttons
};

} // namespace Slipway::Gui
