#include "emptystate.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Slipway::Gui {

EmptyState::EmptyState(QAction* openAction, QWidget* parent)
    : QWidget(parent)
    , m_open(new QPushButton(this))
{
    setObjectName(QStringLiteral("emptyState"));
    auto* title = new QLabel(tr("Nothing here yet"), this);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel(
        tr("Open an APK, AAB, IPA or other package to inspect it and publish it to your Local library or a "
           "distribution service."),
        this);
    text->setObjectName(QStringLiteral("emptyStateText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // The button's text has no mnemonic of its own: the window's Open action (Ctrl+O) already owns the shortcut.
    m_open->setObjectName(QStringLiteral("emptyStateOpenButton"));
    m_open->setText(tr("Open Package…"));
    m_open->setIcon(openAction->icon());
    m_open->setAccessibleName(tr("Open package"));
    m_open->setToolTip(openAction->toolTip());
    m_open->setDefault(true);
    connect(m_open, &QPushButton::clicked, openAction, &QAction::trigger);
    auto* drag = new QLabel(tr("or drag a package here"), this);
    drag->setObjectName(QStringLiteral("emptyStateDragLabel"));
    drag->setAlignment(Qt::AlignCenter);
    drag->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addSpacing(12);
    layout->addWidget(m_open, 0, Qt::AlignHCenter);
    layout->addWidget(drag);
    layout->addStretch(1);
}

} // namespace Slipway::Gui
