#include "noteseditor.h"

#include <gui/platform/appearance.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Slipway::Gui {

NotesEditor::NotesEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    m_edit = new QPlainTextEdit(splitter);
    m_edit->setObjectName(QStringLiteral("notesEdit"));
    m_edit->setAccessibleName(tr("Release notes"));
    m_edit->setTabChangesFocus(true);
    m_edit->setPlaceholderText(tr("What changed in this version (Markdown)"));
    m_preview = new QTextBrowser(splitter);
    m_preview->setObjectName(QStringLiteral("notesPreviewBrowser"));
    m_preview->setAccessibleName(tr("Release notes preview"));
    m_preview->setOpenExternalLinks(true);
    m_preview->setPlaceholderText(tr("Preview"));
    // Small enough for a 1280×800 screen at 2× scaling; the dialog scrolls when there is more.
    for (QWidget* w : {static_cast<QWidget*>(m_edit), static_cast<QWidget*>(m_preview)}) {
        w->setMinimumHeight(fontMetrics().lineSpacing() * 4);
        w->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }
    splitter->addWidget(m_edit);
    splitter->addWidget(m_preview);
    layout->addWidget(splitter, 1);

    auto* row = new QHBoxLayout;
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("notesCounterLabel"));
    m_counters->setWordWrap(true);
    m_counters->setTextFormat(Qt::PlainText);
    m_counters->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    row->addWidget(m_counters, 1);
    m_copyPrevious = new QPushButton(tr("Copy from pre&vious version"), this);
    m_copyPrevious->setObjectName(QStringLiteral("copyPreviousNotesButton"));
    m_copyPrevious->setAccessibleName(tr("Copy the notes of the previous version"));
    m_copyPrevious->setEnabled(false);
    row->addWidget(m_copyPrevious, 0, Qt::AlignTop);
    layout->addLayout(row);

    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        updatePreview();
        updateCounters();
        Q_EMIT textChanged();
    });
    connect(m_copyPrevious, &QPushButton::clicked, this, &NotesEditor::copyPreviousRequested);
    updateCounters();
}

NotesEditor::~NotesEditor() = default;

QString NotesEditor::text() const
{
    return m_edit->toPlainText();
}

void NotesEditor::setText(const QString& text)
{
    if (text != m_edit->toPlainText())
        m_edit->setPlainText(text);
}

void NotesEditor::setTargets(const QList<Target>& targets)
{
    m_targets = targets;
    updatePreview();
    updateCounters();
}

QString NotesEditor::overLimit() const
{
    const qsizetype length = m_edit->toPlainText().size();
    for (const Target& t : m_targets) {
        if (t.maxLength > 0 && length > t.maxLength)
            return t.name;
    }
    return {};
}

void NotesEditor::setCopyPreviousEnabled(bool enabled, const QString& why)
{
    m_copyPrevious->setEnabled(enabled);
    m_copyPrevious->setToolTip(why);
}

void NotesEditor::updatePreview()
{
    // Markdown as the Markdown services show it; when every destination shows plain text, the preview says so.
    bool anyMarkdown = m_targets.isEmpty();
    for (const Target& t : m_targets)
        anyMarkdown = anyMarkdown || t.markdown;
    if (anyMarkdown)
        m_preview->setMarkdown(m_edit->toPlainText());
    else
        m_preview->setPlainText(m_edit->toPlainText());
}

void NotesEditor::updateCounters()
{
    const int length = int(m_edit->toPlainText().size());
    QStringList lines;
    bool over = false;
    for (const Target& t : m_targets) {
        const QString shown = t.markdown ? tr("shown as Markdown") : tr("shown as plain text");
        if (t.maxLength > 0) {
            over = over || length > t.maxLength;
            //: %1 account, %2 "shown as Markdown" / "shown as plain text", %3 characters typed, %4 the limit
            lines.append(tr("%1: %2, %3 of %4 characters").arg(t.name, shown).arg(length).arg(t.maxLength));
        } else {
            lines.append(tr("%1: %2, %n character(s)", nullptr, length).arg(t.name, shown));
        }
    }
    m_counters->setText(lines.join(QLatin1Char('\n')));
    QPalette pal = palette();
    if (over)
        pal.setColor(QPalette::WindowText, Appearance::errorTextColor(pal));
    m_counters->setPalette(pal);
    m_counters->setProperty("overLimit", over);
}

} // namespace Slipway::Gui
