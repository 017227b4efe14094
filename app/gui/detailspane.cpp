#include "detailspane.h"

#include "displaytext.h"
#include "qrpanel.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPixmap>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <qa/qrcode.h>

namespace Slipway::Gui {

namespace {

QString joinArray(const QJsonValue& v)
{
    QStringList parts;
    for (const QJsonValue& item : v.toArray())
        parts.append(item.isDouble() ? QString::number(item.toInteger()) : item.toString());
    return parts.join(QStringLiteral(", "));
}

QString formatDate(const QString& iso)
{
    const QDateTime dt = QDateTime::fromString(iso, Qt::ISODate);
    return dt.isValid() ? QLocale().toString(dt.toLocalTime(), QLocale::LongFormat) : iso;
}

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 (%2 bytes)")
        .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat), QLocale().toString(bytes));
}

} // namespace

DetailsPane::DetailsPane(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_badge(new QLabel(this))
{
    setObjectName(QStringLiteral("detailsPane"));
    m_title->setObjectName(QStringLiteral("detailsTitleLabel"));
    m_icon->setObjectName(QStringLiteral("detailsIconLabel"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    m_title->setFont(f);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A badge in the palette's highlight colours (light and dark themes alike).
    m_badge->setObjectName(QStringLiteral("detailsBadgeLabel"));
    m_badge->setAutoFillBackground(true);
    m_badge->setBackgroundRole(QPalette::Highlight);
    m_badge->setForegroundRole(QPalette::HighlightedText);
    m_badge->setMargin(3);
    QFont bf = m_badge->font();
    bf.setBold(true);
    m_badge->setFont(bf);
    m_badge->hide();
    auto* header = new QHBoxLayout;
    header->addWidget(m_icon, 0, Qt::AlignTop);
    auto* titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    titles->addWidget(m_badge, 0, Qt::AlignLeft);
    header->addLayout(titles, 1);
    m_layout->addLayout(header);
    m_layout->setContentsMargins(8, 8, 8, 8);
    showHint();
}

void DetailsPane::reset(const QString& title, const QString& subtitle)
{
    delete m_content;
    m_content = new QWidget(this);
    m_contentLayout = new QVBoxLayout(m_content);
    m_contentLayout->setContentsMargins(0, 0, 0, 0);
    m_form = nullptr;
    m_layout->addWidget(m_content, 1);
    m_title->setText(title);
    m_subtitle->setText(subtitle);
    m_subtitle->setVisible(!subtitle.isEmpty());
    m_icon->clear();
    m_icon->hide();
    setBadge({});
}

void DetailsPane::setBadge(const QString& text, const QString& toolTip)
{
    m_badge->setText(text);
    m_badge->setToolTip(toolTip);
    m_badge->setAccessibleName(text);
    m_badge->setVisible(!text.isEmpty());
}

QString DetailsPane::badge() const
{
    return m_badge->isVisibleTo(this) ? m_badge->text() : QString();
}

QrPanel* DetailsPane::qrPanel() const
{
    return m_content ? m_content->findChild<QrPanel*>() : nullptr;
}

QDateTime DetailsPane::expiryOf(const VersionInfo& v)
{
    const QDateTime date
        = QDateTime::fromString(v.extra.value(QStringLiteral("expirationDate")).toString(), Qt::ISODate);
    if (date.isValid())
        return date;
    if (v.extra.value(QStringLiteral("type")).toString() == QLatin1String("build") && v.created.isValid())
        return v.created.addDays(90); // TestFlight builds expire 90 days after upload
    return {};
}

QString DetailsPane::expiryBadge(const VersionInfo& v, const QDateTime& now)
{
    const QDateTime expiry = expiryOf(v);
    if (v.extra.value(QStringLiteral("expired")).toBool() || (expiry.isValid() && expiry <= now))
        return tr("Expired");
    if (!expiry.isValid())
        return {};
    const qint64 days = (now.secsTo(expiry) + 86399) / 86400; // started days: 1 hour left is "1 day"
    return days <= 14 ? tr("Expires in %n day(s)", nullptr, int(days)) : QString();
}

void DetailsPane::showHint()
{
    reset(tr("Nothing selected"),
        tr("Select a version to see its details, or drop a package (APK, AAB, IPA, OBB, dSYM, …) anywhere on the "
           "window to inspect and publish it."));
    m_contentLayout->addStretch(1);
}

void DetailsPane::addSection(const QString& title)
{
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), m_content);
    m_contentLayout->addSpacing(6);
    m_contentLayout->addWidget(label);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_contentLayout->addLayout(m_form);
}

void DetailsPane::addRow(const QString& label, const QString& value, bool copyable, const QString& objectName)
{
    if (value.isEmpty())
        return;
    if (!m_form)
        addSection(tr("Details"));
    QWidget* field = nullptr;
    if (copyable) {
        auto* box = new QWidget(m_content);
        auto* h = new QHBoxLayout(box);
        h->setContentsMargins(0, 0, 0, 0);
        auto* edit = new QLineEdit(value, box);
        edit->setReadOnly(true);
        edit->setCursorPosition(0);
        edit->setObjectName(
            (objectName.isEmpty() ? label.toLower().remove(QLatin1Char(' ')).remove(QLatin1Char('-')) : objectName)
            + QStringLiteral("Edit"));
        edit->setAccessibleName(label);
        auto* copy = new QToolButton(box);
        copy->setText(tr("Copy"));
        copy->setToolTip(tr("Copy %1").arg(label));
        copy->setAccessibleName(tr("Copy %1").arg(label));
        copy->setObjectName(edit->objectName() + QStringLiteral("CopyButton"));
        connect(copy, &QToolButton::clicked, edit, [edit, copy] {
            QApplication::clipboard()->setText(edit->text());
            // Confirms where the eye already is; back to "Copy" after a moment.
            copy->setText(tr("Copied"));
            QTimer::singleShot(2000, copy, [copy] { copy->setText(tr("Copy")); });
        });
        h->addWidget(edit, 1);
        h->addWidget(copy);
        field = box;
    } else {
        auto* l = new QLabel(value, m_content);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        l->setAccessibleName(label);
        if (!objectName.isEmpty())
            l->setObjectName(objectName + QStringLiteral("Label"));
        field = l;
    }
    field->setProperty("detailsLabel", objectName.isEmpty() ? label : objectName);
    field->setProperty("detailsValue", value);
    m_form->addRow(label + QLatin1Char(':'), field);
}

QString DetailsPane::valueOf(const QString& label) const
{
    if (!m_content)
        return {};
    for (QWidget* w : m_content->findChildren<QWidget*>()) {
        if (w->property("detailsLabel").toString() == label)
            return w->property("detailsValue").toString();
    }
    return {};
}

void DetailsPane::addWarnings(const QJsonArray& warnings)
{
    if (warnings.isEmpty())
        return;
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Warnings (%1)").arg(warnings.size())), m_content);
    m_contentLayout->addSpacing(6);
    m_contentLayout->addWidget(label);
    auto* list = new QListWidget(m_content);
    list->setObjectName(QStringLiteral("warningsListWidget"));
    list->setWordWrap(true);
    list->setAccessibleName(tr("Warnings"));
    for (const QJsonValue& v : warnings) {
        const QJsonObject w = v.toObject();
        const QString severity = w.value(QStringLiteral("severity")).toString();
        QStyle::StandardPixmap icon = severity == QLatin1String("error") ? QStyle::SP_MessageBoxCritical
            : severity == QLatin1String("info")                          ? QStyle::SP_MessageBoxInformation
                                                                         : QStyle::SP_MessageBoxWarning;
        auto* item
            = new QListWidgetItem(style()->standardIcon(icon), w.value(QStringLiteral("message")).toString(), list);
        item->setToolTip(w.value(QStringLiteral("code")).toString());
        item->setData(Qt::UserRole, w.value(QStringLiteral("code")).toString());
    }
    list->setMaximumHeight(qMin(220, 8 + warnings.size() * 44));
    m_contentLayout->addWidget(list);
}

void DetailsPane::addInspection(const QJsonObject& o)
{
    auto str = [&o](const char* key) { return o.value(QLatin1String(key)).toVariant().toString(); };
    addWarnings(o.value(QStringLiteral("warnings")).toArray());
    addSection(tr("Package"));
    addRow(tr("Kind"), DisplayText::packageKind(str("kind")));
    addRow(tr("File"), str("file"));
    if (o.contains(QStringLiteral("size")))
        addRow(tr("Size"), sizeText(o.value(QStringLiteral("size")).toInteger()));
    addRow(tr("Package id"), str("packageId"), true);
    addRow(tr("Version name"), str("versionName"));
    addRow(tr("Version code"), str("versionCode"));
    addRow(tr("Label"), str("label"));
    addRow(tr("Platform"), DisplayText::platform(str("platform")));
    QString sdk;
    if (!str("minSdk").isEmpty())
        sdk = tr("min %1").arg(DisplayText::androidApiLevel(str("minSdk")));
    if (!str("targetSdk").isEmpty())
        sdk += (sdk.isEmpty() ? QString() : QStringLiteral(", "))
            + tr("target %1").arg(DisplayText::androidApiLevel(str("targetSdk")));
    addRow(tr("SDK"), sdk);
    addRow(tr("Minimum OS"), str("minimumOsVersion"));
    addRow(tr("Device family"), DisplayText::deviceFamilies(o.value(QStringLiteral("deviceFamily"))));
    if (o.contains(QStringLiteral("debuggable")))
        addRow(tr("Debuggable"), o.value(QStringLiteral("debuggable")).toBool() ? tr("yes") : tr("no"));
    addRow(tr("ABIs"), joinArray(o.value(QStringLiteral("abis"))));
    addRow(tr("Architectures"), joinArray(o.value(QStringLiteral("executableArchs"))));
    addRow(tr("Launchable activity"), str("launchableActivity"));
    addRow(tr("Publisher"), str("publisher"));
    addRow(tr("Modules"), joinArray(o.value(QStringLiteral("modules"))));

    const QJsonObject signing = o.value(QStringLiteral("signing")).toObject();
    if (!signing.isEmpty()) {
        addSection(tr("Signing"));
        const QString schemes = DisplayText::signingSchemes(signing.value(QStringLiteral("schemes")));
        addRow(tr("Schemes"), schemes.isEmpty() ? tr("unsigned") : schemes);
        for (const QJsonValue& c : signing.value(QStringLiteral("certificates")).toArray()) {
            const QJsonObject cert = c.toObject();
            addRow(tr("Subject"), cert.value(QStringLiteral("subject")).toString());
            addRow(tr("Certificate SHA-256"), cert.value(QStringLiteral("sha256")).toString(), true);
            addRow(tr("Valid until"), formatDate(cert.value(QStringLiteral("notAfter")).toString()));
        }
    }
    const QJsonObject profile = o.value(QStringLiteral("provisioning")).toObject();
    if (!profile.isEmpty()) {
        auto p = [&profile](const char* key) { return profile.value(QLatin1String(key)).toVariant().toString(); };
        addSection(tr("Provisioning profile"));
        addRow(tr("Name"), p("name"));
        addRow(tr("Type"), DisplayText::profileType(p("type")));
        addRow(tr("Team"), QStringLiteral("%1 %2").arg(p("teamName"), p("teamId")).trimmed());
        addRow(tr("App id"), p("applicationIdentifier"), true);
        addRow(tr("Expires"), formatDate(p("expirationDate")));
        addRow(tr("Devices"),
            profile.value(QStringLiteral("provisionsAllDevices")).toBool()
                ? tr("all devices")
                : QString::number(profile.value(QStringLiteral("devices")).toInt()));
        addRow(tr("UUID"), p("uuid"), true);
    }
    const QStringList permissions
        = joinArray(o.value(QStringLiteral("permissions"))).split(QStringLiteral(", "), Qt::SkipEmptyParts);
    if (!permissions.isEmpty()) {
        addSection(tr("Permissions (%1)").arg(permissions.size()));
        auto* l = new QLabel(permissions.join(QLatin1Char('\n')), m_content);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setObjectName(QStringLiteral("permissionsLabel"));
        m_contentLayout->addWidget(l);
    }
    for (const QJsonValue& d : o.value(QStringLiteral("dsyms")).toArray()) {
        const QJsonObject ds = d.toObject();
        addSection(tr("dSYM %1").arg(ds.value(QStringLiteral("bundle")).toString()));
        addRow(tr("UUIDs"), joinArray(ds.value(QStringLiteral("uuids"))), true);
        addRow(tr("Architectures"), joinArray(ds.value(QStringLiteral("archs"))));
    }
    if (!str("sha256").isEmpty() || !str("md5").isEmpty()) {
        addSection(tr("Hashes"));
        addRow(tr("SHA-256"), str("sha256"), true);
        addRow(tr("MD5"), str("md5"), true);
    }
}

void DetailsPane::showPackage(const QJsonObject& inspection, const QByteArray& iconPng)
{
    const QString label = inspection.value(QStringLiteral("label")).toString();
    const QString id = inspection.value(QStringLiteral("packageId")).toString();
    reset(label.isEmpty() ? inspection.value(QStringLiteral("file")).toString() : label,
        QStringLiteral("%1 %2").arg(id, inspection.value(QStringLiteral("versionName")).toString()).trimmed());
    QPixmap pm;
    if (!iconPng.isEmpty() && pm.loadFromData(iconPng)) {
        m_icon->setPixmap(pm.scaled(64, 64, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        m_icon->show();
    }
    setBadge(tr("Not published"), tr("This package was dropped on the window; it is not in any account yet."));
    addInspection(inspection);
    m_contentLayout->addStretch(1);
}

void DetailsPane::addFiles(const QVariantList& files)
{
    if (files.isEmpty())
        return;
    addSection(tr("Files (%1)").arg(files.size()));
    int index = 0;
    for (const QVariant& item : files) {
        const QVariantMap f = item.toMap();
        const QString name = f.value(QStringLiteral("fileName")).toString();
        const QString kind = f.value(QStringLiteral("kind")).toString().toUpper();
        auto* title = new QLabel(
            QStringLiteral("<i>%1</i>").arg((kind.isEmpty() ? name : tr("%1 (%2)").arg(name, kind)).toHtmlEscaped()),
            m_content);
        title->setObjectName(QStringLiteral("fileTitleLabel%1").arg(index));
        title->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_contentLayout->addWidget(title);
        m_form = new QFormLayout;
        m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        m_contentLayout->addLayout(m_form);
        const QString suffix = QString::number(index);
        addRow(tr("Size"), sizeText(f.value(QStringLiteral("size")).toLongLong()), false,
            QStringLiteral("fileSize") + suffix);
        addRow(
            tr("SHA-256"), f.value(QStringLiteral("sha256")).toString(), true, QStringLiteral("fileSha256") + suffix);
        addRow(tr("MD5"), f.value(QStringLiteral("md5")).toString(), true, QStringLiteral("fileMd5") + suffix);
        ++index;
    }
}

void DetailsPane::addQrCode(const VersionInfo& v)
{
    // Only a link a phone can open: a file:// path of the Local library is of no use on a phone.
    const QString link = QrCode::linkFor(v);
    const QString scheme = QUrl(link).scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return;
    auto code = QrCode::encode(link);
    if (!code)
        return;
    addSection(tr("QR code"));
    auto* panel = new QrPanel(code.value(), 3, m_content);
    m_contentLayout->addWidget(panel);
}

void DetailsPane::showVersion(const VersionInfo& v, const AppInfo& app)
{
    reset(QStringLiteral("%1 %2").arg(app.name.isEmpty() ? v.appId : app.name, v.versionName).trimmed(),
        tr("Version code %1").arg(v.versionCode));
    addSection(tr("Version"));
    addRow(tr("Version name"), v.versionName);
    addRow(tr("Version code"), v.versionCode);
    addRow(tr("Label"), v.label);
    addRow(tr("State"), DisplayText::versionState(v.state));
    if (v.created.isValid())
        addRow(tr("Published"), QLocale().toString(v.created.toLocalTime(), QLocale::LongFormat));
    addRow(tr("Publisher"), v.publisher);
    addRow(tr("File"), v.fileName);
    if (v.size >= 0)
        addRow(tr("Size"), sizeText(v.size));
    addRow(tr("Download"), v.downloadUrl, true);
    addRow(tr("Version id"), v.id, true);
    const QDateTime expiry = expiryOf(v);
    if (expiry.isValid())
        addRow(tr("Expires"), QLocale().toString(expiry.toLocalTime(), QLocale::LongFormat));
    setBadge(expiryBadge(v, QDateTime::currentDateTimeUtc()),
        tr("TestFlight builds expire 90 days after upload; testers cannot install an expired build."));
    if (!v.notes.isEmpty()) {
        addSection(tr("Release notes"));
        auto* notes = new QLabel(m_content);
        notes->setObjectName(QStringLiteral("releaseNotesLabel"));
        notes->setTextFormat(Qt::MarkdownText);
        notes->setText(v.notes);
        notes->setWordWrap(true);
        notes->setTextInteractionFlags(Qt::TextBrowserInteraction);
        m_contentLayout->addWidget(notes);
    }
    const QVariantMap inspection = v.extra.value(QStringLiteral("inspection")).toMap();
    if (!inspection.isEmpty()) {
        QJsonObject o = QJsonObject::fromVariantMap(inspection);
        if (!v.sha256.isEmpty() && !o.contains(QStringLiteral("sha256")))
            o.insert(QStringLiteral("sha256"), v.sha256);
        if (!v.md5.isEmpty() && !o.contains(QStringLiteral("md5")))
            o.insert(QStringLiteral("md5"), v.md5);
        addInspection(o);
    } else if (!v.sha256.isEmpty() || !v.md5.isEmpty()) {
        addSection(tr("Hashes"));
        addRow(tr("SHA-256"), v.sha256, true);
        addRow(tr("MD5"), v.md5, true);
    }
    addFiles(v.extra.value(QStringLiteral("files")).toList());
    addQrCode(v);
    QStringList other;
    for (auto it = v.extra.cbegin(); it != v.extra.cend(); ++it) {
        if (it.key() == QLatin1String("inspection") || it.key() == QLatin1String("files"))
            continue;
        const QString value = it.value().toString();
        if (!value.isEmpty())
            other.append(it.key());
    }
    if (!other.isEmpty()) {
        addSection(tr("Service fields"));
        for (const QString& key : other)
            addRow(key, v.extra.value(key).toString());
    }
    m_contentLayout->addStretch(1);
}

void DetailsPane::showApp(const AppInfo& app, const QString& accountDisplayName)
{
    reset(app.name.isEmpty() ? app.id : app.name, accountDisplayName);
    addSection(tr("App"));
    addRow(tr("App id"), app.id, true);
    addRow(tr("Package id"), app.packageId, true);
    addRow(tr("Platform"), DisplayText::platform(app.platform));
    if (app.versionCount >= 0)
        addRow(tr("Versions"), QString::number(app.versionCount));
    m_contentLayout->addStretch(1);
}

} // namespace Slipway::Gui
