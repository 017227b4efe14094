#pragma once

#include <QLocale>

class QCoreApplication;

namespace Slipway::Gui {

// Installs Slipway's translation for `locale` (from :/i18n, built from translations/*.ts) and Qt's own for its
// standard dialogs and buttons, when there is one. Returns whether Slipway's own translation was found (English,
// the source language, needs none).
bool installTranslations(QCoreApplication* app, const QLocale& locale = QLocale::system());

} // namespace Slipway::Gui
