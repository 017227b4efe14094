#include "comparedialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace Slipway::Gui {

namespace {

QString text(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("—");
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    if (v.isBool())
        return v.toBool() ? QObject::tr("yes") : QObject::tr("no");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue& e : v.toArray())
            parts << text(e);
        return parts.join(QStringLiteral(", "));
    }
    return v.toString();
}

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString delta(qint64 bytes)
{
    return (bytes >= 0 ? QStringLiteral("+") : QStringLiteral("−")) + byteSize(std::abs(bytes));
}

} // namespace

CompareDialog::CompareDialog(const QJsonObject& diff, const QString& titleA, const QString& titleB, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare Builds"));
    resize(760, 560);
    auto* layout = new QVBoxLayout(this);
    auto* summary = new QLabel(this);
    summary->setObjectName(QStringLiteral("compareSummary"));
    summary->setText(diff.value(QLatin1String("identical")).toBool()
            ? tr("The two builds are identical.")
            : tr("%n change(s) between the two builds (highlighted).", nullptr,
                int(diff.value(QLatin1String("changes")).toArray().size())));
    layout->addWidget(summary);
    const bool metadataOnly = diff.value(QLatin1String("metadataOnly")).toBool();
    if (metadataOnly) {
        // A service without downloads (App Store Connect): what it says is compared, the rest cannot be.
        QStringList unavailable;
        for (const QJsonValue& f : diff.value(QLatin1String("unavailable")).toArray())
            unavailable << f.toString();
        auto* note = new QLabel(tr("Only what the services return could be compared (one of the builds cannot be "
                                   "downloaded). Unavailable: %1.")
                                    .arg(unavailable.join(QStringLiteral(", "))),
            this);
        note->setObjectName(QStringLiteral("compareUnavailable"));
        note->setWordWrap(true);
        layout->addWidget(note);
        summary->setText(tr("%n difference(s) in what the services return.", nullptr,
            int(diff.value(QLatin1String("changes")).toArray().size())));
    }
    // The two icons side by side, when the packages have them.
    const QJsonObject icons = diff.value(QLatin1String("icons")).toObject();
    if (!icons.isEmpty()) {
        auto* row = new QHBoxLayout;
        for (const char* side : {"a", "b"}) {
            auto* label = new QLabel(this);
            label->setObjectName(QStringLiteral("compareIcon%1").arg(QString::fromLatin1(side).toUpper()));
            QPixmap pm;
            if (pm.loadFromData(QByteArray::fromBase64(icons.value(QLatin1String(side)).toString().toLatin1())))
                label->setPixmap(pm.scaled(64, 64, Qt::KeepAspectRatio, Qt::SmoothTransformation));
            else
                label->setText(tr("(no icon)"));
            const QString title = QLatin1String(side) == QLatin1String("a") ? titleA : titleB;
            label->setAccessibleName(tr("Icon of %1").arg(title));
            label->setToolTip(title);
            row->addWidget(label, 1, Qt::AlignCenter);
        }
        layout->addLayout(row);
    }
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setHorizontalHeaderLabels({tr("Field"), titleA, titleB});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);

    const QJsonObject a = diff.value(QLatin1String("a")).toObject();
    const QJsonObject b = diff.value(QLatin1String("b")).toObject();
    QStringList changed;
    for (const QJsonValue& c : diff.value(QLatin1String("changes")).toArray()) {
        const QJsonObject o = c.toObject();
        changed << o.value(QLatin1String("field")).toString();
        addRow(o.value(QLatin1String("field")).toString(), text(o.value(QLatin1String("before"))),
            text(o.value(QLatin1String("after"))), true);
    }
    for (const char* key : {"packageId", "versionName", "versionCode", "label", "kind", "sha256"}) {
        if (!changed.contains(QLatin1String(key)) && (a.contains(QLatin1String(key)) || b.contains(QLatin1String(key))))
            addRow(QLatin1String(key), text(a.value(QLatin1String(key))), text(b.value(QLatin1String(key))),
                text(a.value(QLatin1String(key))) != text(b.value(QLatin1String(key))));
    }
    for (const char* group : {"permissions", "abis"}) {
        const QJsonObject g = diff.value(QLatin1String(group)).toObject();
        for (const QJsonValue& s : g.value(QLatin1String("removed")).toArray())
            addRow(QLatin1String(group), s.toString(), tr("removed"), true);
        for (const QJsonValue& s : g.value(QLatin1String("added")).toArray())
            addRow(QLatin1String(group), tr("—"), s.toString(), true);
    }
    if (metadataOnly) {
        addNotes(diff.value(QLatin1String("notes")).toObject(), layout);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        layout->addWidget(buttons);
        return;
    }
    const QJsonObject signing = diff.value(QLatin1String("signing")).toObject();
    addRow(tr("signer"), text(signing.value(QLatin1String("before"))), text(signing.value(QLatin1String("after"))),
        signing.value(QLatin1String("changed")).toBool());
    const QJsonObject sizes = diff.value(QLatin1String("size")).toObject();
    const qint64 d = sizes.value(QLatin1String("delta")).toInteger();
    addRow(tr("size"), byteSize(sizes.value(QLatin1String("before")).toInteger()),
        QStringLiteral("%1 (%2)").arg(byteSize(sizes.value(QLatin1String("after")).toInteger()), delta(d)), d != 0);
    const QJsonObject byKind = sizes.value(QLatin1String("byKind")).toObject();
    for (auto it = byKind.begin(); it != byKind.end(); ++it) {
        const QJsonObject k = it.value().toObject();
        const qint64 kd = k.value(QLatin1String("delta")).toInteger();
        addRow(tr("size: %1").arg(it.key()), byteSize(k.value(QLatin1String("before")).toInteger()),
            QStringLiteral("%1 (%2)").arg(byteSize(k.value(QLatin1String("after")).toInteger()), delta(kd)), kd != 0);
    }
    addNotes(diff.value(QLatin1String("notes")).toObject(), layout);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void CompareDialog::addRow(const QString& field, const QString& a, const QString& b, bool changed)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QStringList cells {field, a, b};
    for (int c = 0; c < 3; ++c) {
        auto* item = new QTableWidgetItem(cells.at(c));
        item->setToolTip(cells.at(c));
        if (changed) {
            QColor highlight = palette().color(QPalette::Highlight);
            highlight.setAlpha(60);
            item->setBackground(highlight);
            item->setData(Qt::UserRole, true);
            QFont f = item->font();
            f.setBold(c == 0);
            item->setFont(f);
        }
        m_table->setItem(row, c, item);
    }
}

void CompareDialog::addNotes(const QJsonObject& notes, QVBoxLayout* layout)
{
    if (notes.isEmpty())
        return;
    auto* title = new QLabel(notes.value(QLatin1String("changed")).toBool() ? tr("Release notes (− removed, + added):")
                                                                            : tr("Release notes (the same on both):"),
        this);
    layout->addWidget(title);
    auto* view = new QPlainTextEdit(this);
    view->setObjectName(QStringLiteral("compareNotesDiff"));
    view->setAccessibleName(tr("Release notes difference"));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QTextCursor cursor(view->document());
    QColor changed = palette().color(QPalette::Highlight);
    changed.setAlpha(60);
    bool first = true;
    for (const QJsonValue& v : notes.value(QLatin1String("lines")).toArray()) {
        const QJsonObject line = v.toObject();
        const QString op = line.value(QLatin1String("op")).toString();
        if (!first)
            cursor.insertBlock();
        first = false;
        QTextCharFormat format;
        if (op != QLatin1String(" ")) {
            format.setBackground(changed);
            format.setFontWeight(QFont::Bold);
        }
        const QString mark = op == QLatin1String("-") ? QStringLiteral("− ")
            : op == QLatin1String("+")                ? QStringLiteral("+ ")
                                                      : QStringLiteral("  ");
        cursor.insertText(mark + line.value(QLatin1String("text")).toString(), format);
    }
    view->setMaximumHeight(160);
    layout->addWidget(view);
}

QStringList CompareDialog::changedFields() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, 0)->data(Qt::UserRole).toBool())
            out << m_table->item(r, 0)->text();
    }
    return out;
}

} // namespace Slipway::Gui
