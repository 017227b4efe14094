#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QPointer>
#include <domain/types.h>
#include <memory>
#include <optional>
#include <package/packageinfo.h>
#include <release/release.h>

namespace Ui {
class PublishDialog;
}

class QPushButton;

namespace Slipway {
class Workspace;
} // namespace Slipway

namespace Slipway::Gui {

class DestinationList;
struct DestinationChoice;
class NotesEditor;
class PreflightChecklist;
class UserPrompts;

// Asks where and how to publish groups of inspected files (a primary package plus companions such as an OBB or a
// dSYM), prefilled from the inspection: several destinations at once (every connected account, its app matched by
// the package id), release notes with a Markdown preview and each service's limit, and the preflight checklist.
// Several dropped apps are one dialog with a list ("1 of 3", Next / Previous, "Cancel all").
//
// It does not publish itself: Publish emits releaseRequested() with an unsubmitted Release and the window queues
// it, so the dialog never blocks on a transfer. The choices (destinations, apps, non-secret field values) are
// remembered per package id in the settings and restored the next time.
class PublishDialog : public QDialog
{
    Q_OBJECT

public:
    PublishDialog(Workspace* workspace, const QList<PackageInfo>& packages, QWidget* parent = nullptr);
    PublishDialog(Workspace* workspace, const QList<QList<PackageInfo>>& groups, QWidget* parent = nullptr);
    ~PublishDialog() override;

    // A dialog prefilled from a release (its files, notes, version, label and destinations): "Edit and publish
    // again" after a failure. Only the destinations that are not done are checked. The caller shows it; the files
    // are not inspected again.
    static PublishDialog* fromRelease(Workspace* workspace, const Release& release, QWidget* parent = nullptr);

    // More groups for the list (files dropped while the dialog is open).
    void addGroups(const QList<QList<PackageInfo>>& groups);
    int groupCount() const { return int(m_groups.size()); }
    int currentGroup() const { return m_current; }
    void showGroup(int index);

    // Checks only this account, unless choices for the package were remembered.
    void setAccount(const QString& accountName);
    // The first checked destination's account ("" when none).
    QString accountName() const;
    // What the first checked destination would publish.
    PublishRequest request() const;
    // The current group as an unsubmitted release (what Publish emits, before the preflight record).
    Release release() const;
    // Fills the current group's notes, version, label and destinations from `release`.
    void applyRelease(const Release& release);
    // Asks before publishing a version code that differs from the package's; not owned (default: a message box).
    void setUserPrompts(UserPrompts* prompts) { m_prompts = prompts; }

    QPushButton* publishButton() const { return m_publishButton; }
    PreflightChecklist* preflightChecklist() const { return m_checklist; }
    DestinationList* destinationList() const { return m_destinations; }
    NotesEditor* notesEditor() const { return m_notes; }
    // Why Publish is disabled (empty when it is not blocked by the form).
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void releaseRequested(const Slipway::Release& release);

private:
    struct Group
    {
        QList<PackageInfo> packages;
        QJsonObject inspection; // PackageInfo::toJson() of the primary (kept as is for a release edited again)
        std::optional<Release> draft; // the form as the user left it
        bool published = false;
    };

    void setUp();
    void loadGroup();
    void updateNavigation();
    void validate();
    void updatePublishButton();
    void updateNotesTargets();
    void copyPreviousNotes();
    void onPublish();
    bool confirmVersionCode();
    void rememberChoices() const;
    QList<DestinationChoice> rememberedChoices(const QString& packageId) const;
    PackageInfo primary() const;

    std::unique_ptr<Ui::PublishDialog> m_ui;
    Workspace* m_workspace;
    QList<Group> m_groups;
    int m_current = -1;
    QPushButton* m_publishButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    DestinationList* m_destinations = nullptr;
    NotesEditor* m_notes = nullptr;
    PreflightChecklist* m_checklist = nullptr; // preflight of the chosen destinations; gates Publish
    UserPrompts* m_prompts = nullptr;
    QPointer<QObject> m_versionsJob; // "Copy from previous version"
    QString m_problem; // what validate() found missing
};

} // namespace Slipway::Gui
