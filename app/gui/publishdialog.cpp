#include "publishdialog.h"

#include "preflightchecklist.h"
#include "publish/destinationlist.h"
#include "publish/noteseditor.h"
#include "userprompts.h"

#include <gui/platform/appearance.h>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStyle>
#include <QUrl>
#include <algorithm>
#include <credentials/accountstore.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

#include "ui_publishdialog.h"

namespace Slipway::Gui {

namespace {

// Where the choices for one package id are remembered (ids may hold characters QSettings treats as separators).
QString choicesKey(const QString& packageId)
{
    return QStringLiteral("publishChoices/") + QString::fromLatin1(QUrl::toPercentEncoding(packageId));
}

QString jsonText(const QJsonValue& v)
{
    return v.isDouble() ? QString::number(qint64(v.toDouble())) : v.toString();
}

} // namespace

PublishDialog::PublishDialog(Workspace* workspace, const QList<PackageInfo>& packages, QWidget* parent)
    : PublishDialog(workspace, QList<QList<PackageInfo>>({packages}), parent)
{ }

PublishDialog::PublishDialog(Workspace* workspace, const QList<QList<PackageInfo>>& groups, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PublishDialog>())
    , m_workspace(workspace)
{
    Q_ASSERT(!groups.isEmpty());
    setUp();
    addGroups(groups);
}

PublishDialog::~PublishDialog() = default;

void PublishDialog::setUp()
{
    m_ui->setupUi(this);
    m_publishButton = m_ui->buttonBox->addButton(tr("&Publish"), QDialogButtonBox::AcceptRole);
    m_publishButton->setObjectName(QStringLiteral("publishButton"));
    m_publishButton->setDefault(true);
    m_cancelButton = m_ui->buttonBox->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));

    // The validation message follows the palette's error colour (readable under a dark appearance too).
    QPalette pal = m_ui->validationLabel->palette();
    pal.setColor(QPalette::WindowText, Appearance::errorTextColor(pal));
    m_ui->validationLabel->setPalette(pal);

    m_notes = new NotesEditor(m_ui->contentWidget);
    m_ui->contentLayout->insertWidget(m_ui->contentLayout->indexOf(m_ui->notesLabel) + 1, m_notes, 1);
    m_ui->notesLabel->setBuddy(m_notes->editor());
    m_destinations = new DestinationList(m_workspace, m_ui->destinationsGroupBox);
    m_ui->destinationsLayout->addWidget(m_destinations);
    // Preflight: checked on open and after each change; Publish waits for it (see PreflightChecklist).
    m_checklist = new PreflightChecklist(m_workspace, m_ui->contentWidget);
    m_ui->contentLayout->insertWidget(m_ui->contentLayout->indexOf(m_ui->filesLabel), m_checklist);

    connect(m_checklist, &PreflightChecklist::stateChanged, this, &PublishDialog::updatePublishButton);
    for (QLineEdit* edit : {m_ui->versionNameEdit, m_ui->labelEdit, m_ui->versionCodeEdit})
        connect(edit, &QLineEdit::textChanged, this, &PublishDialog::validate);
    connect(m_notes, &NotesEditor::textChanged, this, &PublishDialog::validate);
    connect(m_notes, &NotesEditor::copyPreviousRequested, this, &PublishDialog::copyPreviousNotes);
    connect(m_destinations, &DestinationList::changed, this, [this] {
        updateNotesTargets();
        validate();
    });
    connect(m_ui->previousGroupButton, &QPushButton::clicked, this, [this] {
        for (int i = m_current - 1; i >= 0; --i) {
            if (!m_groups[i].published)
                return showGroup(i);
        }
    });
    connect(m_ui->nextGroupButton, &QPushButton::clicked, this, [this] {
        for (int i = m_current + 1; i < m_groups.size(); ++i) {
            if (!m_groups[i].published)
                return showGroup(i);
        }
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &PublishDialog::onPublish);

    // Fits the screen: at 2x scaling a 1280x800 screen is 640x400; what does not fit scrolls.
    m_ui->scrollArea->setMinimumHeight(fontMetrics().lineSpacing() * 6);
    if (const QScreen* s = parentWidget() ? parentWidget()->screen() : screen())
        resize(QSize(fontMetrics().averageCharWidth() * 100, fontMetrics().lineSpacing() * 45)
                   .boundedTo(s->availableGeometry().size() * 9 / 10));
}

void PublishDialog::addGroups(const QList<QList<PackageInfo>>& groups)
{
    for (const QList<PackageInfo>& packages : groups) {
        if (packages.isEmpty())
            continue;
        Group g;
        g.packages = packages;
        g.inspection = packages.first().toJson();
        m_groups.append(g);
    }
    if (m_current < 0 && !m_groups.isEmpty()) {
        m_current = 0;
        loadGroup();
    }
    updateNavigation();
}

void PublishDialog::showGroup(int index)
{
    if (index < 0 || index >= m_groups.size() || index == m_current)
        return;
    if (!m_groups[m_current].published)
        m_groups[m_current].draft = release();
    m_current = index;
    loadGroup();
    updateNavigation();
}

PackageInfo PublishDialog::primary() const
{
    const Group& g = m_groups.at(m_current);
    PackageInfo p = g.packages.first();
    for (const PackageWarning& w : PackageInspector::checkCompanions(p, g.packages.mid(1)))
        p.addWarning(w.code, w.message, w.severity);
    return p;
}

void PublishDialog::loadGroup()
{
    const Group& g = m_groups.at(m_current);
    const PackageInfo p = primary();
    QString summary = QStringLiteral("<b>%1</b>").arg((p.label.isEmpty() ? p.fileName : p.label).toHtmlEscaped());
    if (!p.packageId.isEmpty())
        summary += QStringLiteral(" — %1").arg(p.packageId.toHtmlEscaped());
    summary += QStringLiteral("<br>%1, %2")
                   .arg(packageKindName(p.kind).toUpper(),
                       QLocale().formattedDataSize(p.size, 1, QLocale::DataSizeTraditionalFormat));
    m_ui->packageSummaryLabel->setText(summary);

    // Warnings as word-wrapped labels: long ones are read in full, never elided.
    while (QLayoutItem* item = m_ui->warningsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const auto warnings = p.rankedWarnings();
    for (const PackageWarning& w : warnings) {
        const auto icon = w.severity == PackageWarning::Severity::Error ? QStyle::SP_MessageBoxCritical
            : w.severity == PackageWarning::Severity::Info              ? QStyle::SP_MessageBoxInformation
                                                                        : QStyle::SP_MessageBoxWarning;
        auto* row = new QWidget(m_ui->warningsWidget);
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* iconLabel = new QLabel(row);
        const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize);
        iconLabel->setPixmap(style()->standardIcon(icon).pixmap(extent, extent));
        layout->addWidget(iconLabel, 0, Qt::AlignTop);
        auto* text = new QLabel(w.message, row);
        text->setObjectName(QStringLiteral("warningLabel"));
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setToolTip(w.code);
        text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        layout->addWidget(text, 1);
        m_ui->warningsLayout->addWidget(row);
    }
    m_ui->warningsWidget->setVisible(!warnings.isEmpty());

    QStringList fileNames;
    for (const PackageInfo& f : g.packages)
        fileNames.append(QStringLiteral("%1 (%2)").arg(f.fileName, packageKindName(f.kind)));
    m_ui->filesLabel->setText(tr("Files: %1").arg(fileNames.join(QStringLiteral(", "))));

    m_destinations->setPackage(p.packageId);
    if (g.draft) {
        applyRelease(*g.draft);
    } else {
        m_ui->versionNameEdit->setText(p.versionName);
        m_ui->versionCodeEdit->setText(p.versionCode);
        m_ui->labelEdit->clear();
        m_notes->setText(QString());
        QList<DestinationChoice> choices = rememberedChoices(p.packageId);
        if (choices.isEmpty()) {
            // Nothing remembered: the first account that can publish (the Local library).
            for (const QString& account : m_destinations->accounts()) {
                if (m_destinations->canPublish(account)) {
                    choices.append({account, {}, {}});
                    break;
                }
            }
        }
        m_destinations->setChoices(choices);
    }
    validate();
}

void PublishDialog::updateNavigation()
{
    const int count = int(m_groups.size());
    m_ui->groupNavigationWidget->setVisible(count > 1);
    //: "1 of 3": the package group shown among those dropped together
    m_ui->groupPositionLabel->setText(tr("Package %1 of %2").arg(m_current + 1).arg(count));
    bool before = false;
    bool after = false;
    for (int i = 0; i < count; ++i) {
        if (m_groups[i].published)
            continue;
        before = before || i < m_current;
        after = after || i > m_current;
    }
    m_ui->previousGroupButton->setEnabled(before);
    m_ui->nextGroupButton->setEnabled(after);
    m_cancelButton->setText(count > 1 ? tr("Canc&el all") : tr("Cancel"));
    m_cancelButton->setAccessibleName(count > 1 ? tr("Cancel all packages") : tr("Cancel"));
}

void PublishDialog::setAccount(const QString& accountName)
{
    const Group& g = m_groups.at(m_current);
    if (g.draft || !rememberedChoices(g.packages.first().packageId).isEmpty()
        || !m_destinations->canPublish(accountName))
        return;
    m_destinations->setChoices({{accountName, {}, {}}});
}

QString PublishDialog::accountName() const
{
    const auto choices = m_destinations->choices();
    return choices.isEmpty() ? QString() : choices.first().account;
}

PublishRequest PublishDialog::request() const
{
    const Release r = release();
    return r.destinations.isEmpty() ? r.request : r.requestFor(r.destinations.first());
}

Release PublishDialog::release() const
{
    const Group& g = m_groups.at(m_current);
    Release r;
    for (const PackageInfo& p : g.packages) {
        r.request.files.append(p.path);
        r.files.append({p.path, p.fileName, p.size, p.md5, p.sha256});
    }
    const PackageInfo& p = g.packages.first();
    r.packageId = p.packageId;
    r.request.appName = p.label;
    r.request.versionName = m_ui->versionNameEdit->text().trimmed();
    r.request.versionCode = m_ui->versionCodeEdit->text().trimmed();
    r.request.label = m_ui->labelEdit->text().trimmed();
    r.request.notes = m_notes->text();
    r.request.inspection = g.inspection;
    r.signer = releaseSigner(g.inspection);
    for (const DestinationChoice& c : m_destinations->choices()) {
        ReleaseDestination d;
        d.account = c.account;
        d.appId = c.appId;
        d.options = c.options;
        r.destinations.append(d);
    }
    return r;
}

void PublishDialog::applyRelease(const Release& release)
{
    if (!release.request.versionName.isEmpty())
        m_ui->versionNameEdit->setText(release.request.versionName);
    if (!release.request.versionCode.isEmpty())
        m_ui->versionCodeEdit->setText(release.request.versionCode);
    m_ui->labelEdit->setText(release.request.label);
    m_notes->setText(release.request.notes);
    QList<DestinationChoice> choices;
    for (const ReleaseDestination& d : release.destinations)
        choices.append({d.account, d.appId, d.options});
    m_destinations->setChoices(choices);
    validate();
}

PublishDialog* PublishDialog::fromRelease(Workspace* workspace, const Release& release, QWidget* parent)
{
    QList<PackageInfo> packages;
    for (const ReleaseFile& f : release.files) {
        PackageInfo p;
        p.path = f.path;
        p.fileName = f.fileName;
        p.size = f.size;
        p.md5 = f.md5;
        p.sha256 = f.sha256;
        packages.append(p);
    }
    if (packages.isEmpty())
        packages.append(PackageInfo());
    // The primary as the release recorded its inspection; the files are not read again.
    const QJsonObject& inspection = release.request.inspection;
    PackageInfo& primary = packages.first();
    primary.kind = packageKindFromName(inspection.value(QLatin1String("kind")).toString());
    primary.packageId = release.packageId;
    primary.versionCode = jsonText(inspection.value(QLatin1String("versionCode")));
    primary.versionName = inspection.value(QLatin1String("versionName")).toString();
    primary.label = inspection.value(QLatin1String("label")).toString();
    auto* dialog = new PublishDialog(workspace, packages, parent);
    dialog->m_groups.first().inspection = inspection;
    // Published again where the release did not arrive: a destination that is done keeps its version and is not
    // checked (unless every destination is done).
    Release again = release;
    again.destinations.removeIf([](const ReleaseDestination& d) { return d.state == DestinationState::Done; });
    dialog->applyRelease(again.destinations.isEmpty() ? release : again);
    return dialog;
}

void PublishDialog::updateNotesTargets()
{
    QList<NotesEditor::Target> targets;
    for (const DestinationChoice& c : m_destinations->choices()) {
        NotesEditor::Target t;
        t.name = c.account;
        const auto account = m_workspace->account(c.account);
        const ServiceInfo* service = account ? ProviderRegistry::service(account.value().service) : nullptr;
        if (service) {
            t.maxLength = service->limits.maxNotesLength;
            // HockeyApp renders Markdown when notes_type says so (docs/apis/hockeyapp.md); the others plain text.
            t.markdown = service->id == QLatin1String("hockeyapp")
                && c.options.value(QStringLiteral("notes-type"), QStringLiteral("markdown")).toString()
                    == QLatin1String("markdown");
        }
        targets.append(t);
    }
    m_notes->setTargets(targets);
}

void PublishDialog::validate()
{
    if (m_current < 0)
        return; // still being set up
    QString problem = m_destinations->problem();
    const QString code = m_ui->versionCodeEdit->text().trimmed();
    if (problem.isEmpty() && code.isEmpty())
        problem = tr("Enter a version code.");
    if (problem.isEmpty() && isAndroidKind(primary().kind)) {
        bool ok = false;
        const qint64 value = code.toLongLong(&ok);
        if (!ok || value <= 0 || value > 2147483647)
            problem = tr("An Android version code is a positive whole number, such as 42.");
    }
    const QString over = m_notes->overLimit();
    if (problem.isEmpty() && !over.isEmpty())
        problem = tr("The release notes are longer than %1 takes: shorten them.").arg(over);
    m_ui->validationLabel->setText(problem);
    m_ui->validationLabel->setVisible(!problem.isEmpty());
    m_problem = problem;

    const Release r = release();
    QStringList labels;
    for (const ReleaseDestination& d : r.destinations)
        labels.append(d.account + QLatin1Char('/') + d.appId);
    if (!labels.isEmpty())
        m_checklist->setRequest(request(), labels);
    bool canCopy = false;
    for (const ReleaseDestination& d : r.destinations)
        canCopy = canCopy || m_destinations->hasExistingApp(d.account);
    m_notes->setCopyPreviousEnabled(canCopy && !m_versionsJob,
        canCopy ? tr("Copies the notes of the app's latest version.") : tr("The app has no earlier version here."));
    updatePublishButton();
}

void PublishDialog::updatePublishButton()
{
    const bool open = m_current >= 0 && !m_groups.at(m_current).published;
    m_publishButton->setEnabled(open && m_problem.isEmpty() && m_checklist->allowsPublish());
}

void PublishDialog::copyPreviousNotes()
{
    for (const ReleaseDestination& d : release().destinations) {
        if (!m_destinations->hasExistingApp(d.account))
            continue;
        auto provider = m_workspace->provider(d.account);
        if (!provider)
            continue;
        VersionsJob* job = provider.value()->fetchVersions(d.appId);
        m_versionsJob = job;
        m_notes->setCopyPreviousEnabled(false);
        connect(job, &Job::finished, this, [this, job] {
            job->deleteLater();
            m_versionsJob = nullptr;
            if (job->succeeded()) {
                // The latest version: the newest upload (services list in different orders).
                const QList<VersionInfo> versions = job->result();
                auto latest = std::max_element(versions.cbegin(), versions.cend(),
                    [](const VersionInfo& a, const VersionInfo& b) { return a.created < b.created; });
                if (latest != versions.cend() && !latest->notes.isEmpty())
                    m_notes->setText(latest->notes);
                else
                    m_notes->copyPreviousButton()->setToolTip(tr("The latest version has no release notes."));
            } else {
                m_notes->copyPreviousButton()->setToolTip(job->error().message);
            }
            validate();
        });
        return;
    }
}

bool PublishDialog::confirmVersionCode()
{
    const QString packageCode = m_groups.at(m_current).packages.first().versionCode;
    const QString code = m_ui->versionCodeEdit->text().trimmed();
    if (packageCode.isEmpty() || code == packageCode)
        return true;
    UserPrompts fallback;
    UserPrompts* prompts = m_prompts ? m_prompts : &fallback;
    return prompts->confirm(this, tr("Different Version Code"),
        tr("The package says version code %1, but %2 will be published. Services and devices compare the package's "
           "own code, so the two may disagree. Publish with %2?")
            .arg(packageCode, code),
        tr("Publish with %1").arg(code));
}

void PublishDialog::onPublish()
{
    // The button's state, without starting the checks again.
    if (!m_problem.isEmpty() || !m_checklist->allowsPublish() || !confirmVersionCode())
        return;
    Release r = release();
    m_checklist->record(r.request);
    rememberChoices();
    Group& g = m_groups[m_current];
    g.published = true;
    g.draft.reset();
    Q_EMIT releaseRequested(r);
    for (int i = 0; i < m_groups.size(); ++i) {
        if (!m_groups[i].published) {
            // The next dropped package waits in the same dialog.
            const int next = i;
            m_current = next;
            loadGroup();
            updateNavigation();
            return;
        }
    }
    accept();
}

void PublishDialog::rememberChoices() const
{
    const QString packageId = m_groups.at(m_current).packages.first().packageId;
    if (packageId.isEmpty())
        return;
    QJsonArray array;
    for (const DestinationChoice& c : m_destinations->choices()) {
        QJsonObject options;
        auto provider = m_workspace->provider(c.account);
        if (provider) {
            // Never a secret in the settings file.
            for (const FieldSpec& f : provider.value()->publishFields()) {
                if (f.type != FieldSpec::Type::Secret && c.options.contains(f.key))
                    options.insert(f.key, c.options.value(f.key).toString());
            }
        }
        array.append(QJsonObject {{QStringLiteral("account"), c.account}, {QStringLiteral("app"), c.appId},
            {QStringLiteral("options"), options}});
    }
    QSettings settings(m_workspace->accountStore().settingsFile(), QSettings::IniFormat);
    settings.setValue(choicesKey(packageId), QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
}

QList<DestinationChoice> PublishDialog::rememberedChoices(const QString& packageId) const
{
    if (packageId.isEmpty())
        return {};
    const QSettings settings(m_workspace->accountStore().settingsFile(), QSettings::IniFormat);
    const QJsonArray array = QJsonDocument::fromJson(settings.value(choicesKey(packageId)).toString().toUtf8()).array();
    QList<DestinationChoice> choices;
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        choices.append({o.value(QLatin1String("account")).toString(), o.value(QLatin1String("app")).toString(),
            o.value(QLatin1String("options")).toObject().toVariantMap()});
    }
    return choices;
}

} // namespace Slipway::Gui
