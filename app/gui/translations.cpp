#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Slipway::Gui {

bool installTranslations(QCoreApplication* app, const QLocale& locale)
{
    // Qt's own strings (standard buttons, file dialog) come from the qt6-translations-l10n package when installed.
    auto* qt = new QTranslator(app);
    if (qt->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    // English plural forms first ("1 app", "2 apps"; the source texts say "%n app(s)"), so that every locale without
    // a form of its own gets them; the locale's translation goes on top (the last installed is asked first).
    auto* plurals = new QTranslator(app);
    if (plurals->load(QStringLiteral("slipway_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(plurals);
    else
        delete plurals;
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return false; // the source language: the plural forms above are all it needs
    auto* own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("slipway"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        return true;
    }
    delete own;
    return false;
}

} // namespace Slipway::Gui
