#include "releasedetailsdialog.h"

#include "releasesmodel.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <release/releaseexport.h>

namespace Slipway::Gui {

namespace {

QTableWidget* table(const QStringList& headers, const QString& name, const QString& accessible, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setTabKeyNavigation(false);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QLabel* plainLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

void setCell(QTableWidget* t, int row, int column, const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(text);
    t->setItem(row, column, item);
}

} // namespace

ReleaseDetailsDialog::ReleaseDetailsDialog(const Release& release, QWidget* parent)
    : QDialog(parent)
    , m_release(release)
{
    setObjectName(QStringLiteral("releaseDetailsDialog"));
    const QString name = release.request.appName.isEmpty() ? release.packageId : release.request.appName;
    setWindowTitle(tr("Release %1 — %2").arg(release.id).arg(name));
    resize(820, 640);
    auto* layout = new QVBoxLayout(this);

    auto* form = new QFormLayout;
    form->addRow(tr("Package:"), plainLabel(release.packageId, this));
    form->addRow(tr("Version:"), plainLabel(tr("%1 (%2)").arg(release.versionName(), release.versionCode()), this));
    const QString who
        = release.host.isEmpty() ? release.publisher : tr("%1 on %2").arg(release.publisher, release.host);
    form->addRow(tr("Published:"),
        plainLabel(
            tr("%1 by %2").arg(QLocale().toString(release.created.toLocalTime(), QLocale::LongFormat), who), this));
    const QString subject = release.signer.value(QLatin1String("subject")).toString();
    const QString signerSha = release.signer.value(QLatin1String("sha256")).toString();
    QLabel* signer = plainLabel(
        release.signer.isEmpty() ? tr("Not signed or not inspected") : tr("%1\nSHA-256 %2").arg(subject, signerSha),
        this);
    signer->setObjectName(QStringLiteral("signerLabel"));
    form->addRow(tr("Signer:"), signer);
    layout->addLayout(form);

    layout->addWidget(new QLabel(tr("Files:"), this));
    m_files = table(
        {tr("File"), tr("Size"), tr("MD5"), tr("SHA-256")}, QStringLiteral("releaseFilesTable"), tr("Files"), this);
    m_files->setRowCount(int(release.files.size()));
    for (int i = 0; i < release.files.size(); ++i) {
        const ReleaseFile& f = release.files.at(i);
        setCell(m_files, i, 0, f.fileName);
        setCell(m_files, i, 1, QLocale().formattedDataSize(f.size, 1, QLocale::DataSizeTraditionalFormat));
        setCell(m_files, i, 2, f.md5);
        setCell(m_files, i, 3, f.sha256);
    }
    m_files->resizeColumnsToContents();
    layout->addWidget(m_files);

    layout->addWidget(new QLabel(tr("Release notes:"), this));
    m_notes = new QTextBrowser(this);
    m_notes->setObjectName(QStringLiteral("releaseNotesView"));
    m_notes->setAccessibleName(tr("Release notes"));
    m_notes->setOpenExternalLinks(true);
    m_notes->setMarkdown(release.request.notes);
    layout->addWidget(m_notes);

    layout->addWidget(new QLabel(tr("Destinations:"), this));
    m_destinations = table({tr("Destination"), tr("State"), tr("Version id"), tr("Link"), tr("Error")},
        QStringLiteral("releaseDestinationsTable"), tr("Destinations"), this);
    m_destinations->setRowCount(int(release.destinations.size()));
    bool failed = false;
    for (int i = 0; i < release.destinations.size(); ++i) {
        const ReleaseDestination& d = release.destinations.at(i);
        failed = failed || d.state == DestinationState::Failed;
        setCell(m_destinations, i, 0, d.label());
        setCell(m_destinations, i, 1, ReleasesModel::stateText(d));
        setCell(m_destinations, i, 2, d.version.id);
        const QString url = ReleaseExport::versionUrl(d.version);
        setCell(m_destinations, i, 3, url);
        if (!url.isEmpty()) {
            // Clickable: the desktop's browser opens it.
            auto* link = new QLabel(
                QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), url.toHtmlEscaped()), m_destinations);
            link->setOpenExternalLinks(true);
            link->setTextInteractionFlags(Qt::TextBrowserInteraction);
            link->setAccessibleName(tr("Link to the version on %1").arg(d.label()));
            m_destinations->setCellWidget(i, 3, link);
        }
        setCell(m_destinations, i, 4,
            d.state == DestinationState::Failed || d.state == DestinationState::Cancelled ? d.error.toString()
                                                                                          : QString());
    }
    m_destinations->resizeColumnsToContents();
    layout->addWidget(m_destinations);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* json = box->addButton(tr("Export &JSON…"), QDialogButtonBox::ActionRole);
    json->setObjectName(QStringLiteral("exportJsonButton"));
    auto* csv = box->addButton(tr("Export C&SV…"), QDialogButtonBox::ActionRole);
    csv->setObjectName(QStringLiteral("exportCsvButton"));
    m_edit = box->addButton(tr("&Edit and Publish Again…"), QDialogButtonBox::ActionRole);
    m_edit->setObjectName(QStringLiteral("editAgainButton"));
    m_edit->setVisible(failed);
    connect(json, &QPushButton::clicked, this, [this] { exportAs(Format::Json); });
    connect(csv, &QPushButton::clicked, this, [this] { exportAs(Format::Csv); });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        Q_EMIT editRequested(m_release);
        accept();
    });
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);
}

Status ReleaseDetailsDialog::exportTo(const QString& path, Format format) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, tr("%1 cannot be written: %2").arg(path, file.errorString()));
    file.write(format == Format::Json ? ReleaseExport::toJson({m_release}) : ReleaseExport::toCsv({m_release}));
    if (!file.commit())
        return Error(Error::Kind::Io, tr("%1 cannot be written: %2").arg(path, file.errorString()));
    return Ok {};
}

void ReleaseDetailsDialog::exportAs(Format format)
{
    const QString suggested = QStringLiteral("release-%1.%2")
                                  .arg(m_release.id)
                                  .arg(format == Format::Json ? QStringLiteral("json") : QStringLiteral("csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Release"), suggested,
        format == Format::Json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (Status s = exportTo(path, format); !s)
        QMessageBox::warning(this, tr("Export Release"), s.error().toString());
}

} // namespace Slipway::Gui
