#pragma once

#include <QLocale>

class QCoreApplication;

namespace Slipway::Gui {

// Installs Slipway's translation for `locale` (from :/i18n, built from translations/*.ts) and Qt's own for its
// standard dialogs and buttons, when there is one, over the English plural forms (slipway_en: "1 app", "2 apps"),
// which every locale gets. Returns whether a translation of Slipway for the locale's own language was found
// (English, the source language, needs none beyond the plural forms).
bool installTranslations(QCoreApplication* app, const QLocale& locale = QLocale::system());

} // namespace Slipway::Gui
