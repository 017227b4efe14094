#pragma once

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <domain/types.h>
#include <memory>
#include <package/packageinfo.h>
#include <release/release.h>

namespace Ui {
class PublishDialog;
}

class QPushButton;

namespace Slipway {
class Provider;
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class PreflightChecklist;

// Asks where and how to publish one group of inspected files (a primary package plus companions such as an
// OBB or a dSYM), prefilled from the inspection. It does not publish itself: accepting emits
// publishRequested() and the window runs the job, so the dialog never blocks on a transfer.
class PublishDialog : public QDialog
{
    Q_OBJECT

public:
    PublishDialog(Workspace* workspace, const QList<PackageInfo>& packages, QWidget* parent = nullptr);
    ~PublishDialog() override;

    void setAccount(const QString& accountName);
    QString accountName() const;
    PublishRequest request() const;
    QPushButton* publishButton() const { return m_publishButton; }
    PreflightChecklist* preflightChecklist() const { return m_checklist; }

Q_SIGNALS:
    void publishRequested(Slipway::Provider* provider, const Slipway::PublishRequest& request);
    // An unsubmitted release (files, request, package id, signer, destinations) for the window's queue.
    void releaseRequested(const Slipway::Release& release);

private:
    void onAccountChanged();
    void rebuildServiceFields(Provider* provider);
    void validate();
    void updatePublishButton();

    std::unique_ptr<Ui::PublishDialog> m_ui;
    Workspace* m_workspace;
    QList<PackageInfo> m_packages;
    QPushButton* m_publishButton = nullptr;
    QHash<QString, QWidget*> m_fieldEditors;
    QPointer<QObject> m_appsJob;
    PreflightChecklist* m_checklist = nullptr; // preflight of the chosen destination; gates Publish
    QString m_problem; // what validate() found missing
};

} // namespace Slipway::Gui
