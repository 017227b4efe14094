// Translations are complete and current, and the window speaks the system's language: every .ts file under
// translations/ is checked as it is and again after lupdate re-reads the sources (a string added to the code
// without a translation fails here; slipway_en.ts, the English plural forms, with -pluralonly: a %n text added
// without its English forms fails), English shows "1 app" / "2 apps", and with LANG=de_DE.UTF-8 (set for this test
// in CMake) the window's menus are German. Every window and dialog is also walked for duplicate mnemonics (&), in
// English and in German.
#include "guitestsupport.h"

#include <gui/accountsdialog.h>
#include <gui/mainwindow.h>
#include <gui/publish/destinationlist.h>
#include <gui/publishdialog.h>
#include <gui/translations.h>
#include <testutils/testutils.h>

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>
#include <package/packageinspector.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("SLIPWAY_SOURCE_DIR", QStringLiteral(SLIPWAY_TEST_SOURCE_DIR));
}

// "unfinished", "obsolete" or "vanished" entries of one .ts file, as "context (type): source" lines.
QStringList incompleteEntries(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read %1").arg(path)};
    QXmlStreamReader xml(&file);
    QStringList bad;
    QString context;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            if (!type.isEmpty())
                bad.append(QStringLiteral("%1 (%2): %3").arg(context, type, source));
        }
    }
    if (xml.hasError())
        bad.append(QStringLiteral("%1 is not valid XML: %2").arg(path, xml.errorString()));
    return bad;
}

// The English plural forms file: lupdate -pluralonly keeps only the %n entries there.
bool isPluralsOnly(const QString& ts)
{
    return QFileInfo(ts).fileName() == QLatin1String("slipway_en.ts");
}

// What update_translations reads (app/gui/translations.cmake): the window, its forms, main.cpp and the core folders
// whose texts the window shows (SLIPWAY_TR_CORE_DIRS there).
QStringList translatedSources()
{
    const QString src = sourceDir();
    QStringList sources
        = {src + QStringLiteral("/app/gui"), src + QStringLiteral("/ui"), src + QStringLiteral("/app/main.cpp")};
    for (const char* dir :
        {"common", "net", "credentials", "session", "models", "package", "library", "preflight", "qa", "release",
            "providers/service", "providers/akana", "providers/applivery", "providers/appstoreconnect",
            "providers/hockeyapp", "providers/local", "providers/managexr", "providers/team"})
        sources.append(src + QStringLiteral("/app/core/") + QLatin1String(dir));
    return sources;
}

// Runs lupdate as update_translations does on `ts` (a copy), with `sources`; an empty string when it succeeded.
QString runLupdate(const QString& ts, const QStringList& sources, bool pluralsOnly)
{
    QStringList args({QStringLiteral("-I"), sourceDir() + QStringLiteral("/app/core"), QStringLiteral("-no-obsolete"),
        QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-silent")});
    if (pluralsOnly)
        args.append(QStringLiteral("-pluralonly"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(SLIPWAY_LUPDATE), args + sources + QStringList({QStringLiteral("-ts"), ts}));
    if (!lupdate.waitForFinished(120000))
        return lupdate.errorString();
    if (lupdate.exitCode() != 0)
        return QString::fromLocal8Bit(lupdate.readAllStandardError());
    return {};
}

// The entries of a .ts file that are not plural (numerus) entries, and numerus forms that still say "(s)".
QStringList nonPluralEntries(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read %1").arg(path)};
    QXmlStreamReader xml(&file);
    QStringList bad;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("message")
            && xml.attributes().value(QLatin1String("numerus")) != QLatin1String("yes"))
            bad.append(QStringLiteral("not a plural entry"));
        else if (xml.name() == QLatin1String("numerusform")) {
            const QString form = xml.readElementText();
            if (form.contains(QLatin1String("(s)")) || !form.contains(QLatin1String("%n")))
                bad.append(QStringLiteral("plural form without %n or with (s): ") + form);
        }
    }
    return bad;
}

QStringList tsFiles()
{
    QStringList files;
    const QDir dir(sourceDir() + QStringLiteral("/translations"));
    for (const QString& name : dir.entryList({QStringLiteral("slipway_*.ts")}, QDir::Files))
        files.append(dir.filePath(name));
    return files;
}

QChar mnemonic(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Mnemonics that occur twice among `texts` ("x: A&xe, E&xit").
QStringList duplicates(const QString& where, const QStringList& texts)
{
    QMultiHash<QChar, QString> seen;
    for (const QString& t : texts) {
        const QChar m = mnemonic(t);
        if (!m.isNull())
            seen.insert(m, t);
    }
    QStringList bad;
    for (const QChar& key : seen.uniqueKeys()) {
        if (seen.count(key) > 1)
            bad.append(QStringLiteral("%1: '%2' in %3").arg(where, key, seen.values(key).join(QStringLiteral(", "))));
    }
    return bad;
}

// Every text that can carry a mnemonic in one window or dialog: buttons, labels (their buddies), group boxes.
QStringList mnemonicTexts(const QWidget* window)
{
    QStringList texts;
    for (const QAbstractButton* b : window->findChildren<QAbstractButton*>())
        texts.append(b->text());
    for (const QLabel* l : window->findChildren<QLabel*>()) {
        if (l->buddy())
            texts.append(l->text());
    }
    for (const QGroupBox* g : window->findChildren<QGroupBox*>())
        texts.append(g->title());
    return texts;
}

QStringList menuDuplicates(const QMenuBar* bar)
{
    QStringList titles;
    QStringList bad;
    for (const QAction* a : bar->actions()) {
        titles.append(a->text());
        if (const QMenu* menu = a->menu()) {
            QStringList items;
            for (const QAction* item : menu->actions())
                items.append(item->text());
            bad += duplicates(QStringLiteral("menu %1").arg(a->text()), items);
        }
    }
    bad += duplicates(QStringLiteral("menu bar"), titles);
    return bad;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    std::unique_ptr<Workspace> makeWorkspace() { return Test::makeWorkspace(*m_dir); }

    // Each test starts untranslated: installTranslations() parents its translators to the application.
    static void removeTranslators()
    {
        for (QTranslator* t : qApp->findChildren<QTranslator*>(Qt::FindDirectChildrenOnly)) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }

    void checkMnemonics(QStringList& bad)
    {
        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        bad += menuDuplicates(window.menuBar());
        bad += duplicates(QStringLiteral("main window"), mnemonicTexts(&window));
        AccountsDialog accounts(workspace.get());
        bad += duplicates(QStringLiteral("Accounts dialog"), mnemonicTexts(&accounts));
        // The Publish dialog with everything it can show: two packages (Previous / Next / Cancel all), the notes
        // editor, the destinations and the preflight checklist.
        PublishDialog publish(workspace.get(), Test::twoSampleGroups());
        bad += duplicates(QStringLiteral("Publish dialog"), mnemonicTexts(&publish));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        removeTranslators();
        m_dir.reset();
    }

    void everyTranslationIsFinished()
    {
        const QStringList files = tsFiles();
        QVERIFY2(!files.isEmpty(), qPrintable(sourceDir() + QStringLiteral("/translations has no slipway_*.ts")));
        for (const QString& ts : files) {
            const QStringList bad = incompleteEntries(ts);
            QVERIFY2(bad.isEmpty(),
                qPrintable(QStringLiteral("%1 has unfinished or obsolete entries (translate "
                                          "them, see translations/README.md):\n")
                               .arg(ts)
                    + bad.join(QLatin1Char('\n'))));
        }
    }

    void everyStringOfTheSourcesIsInTheTranslations()
    {
        // lupdate on a copy, with the same sources and options as `update_translations`: what it adds is a string
        // in the code that no .ts file has yet (for slipway_en.ts: a %n text without its English forms).
        for (const QString& ts : tsFiles()) {
            const QString copy = m_dir->filePath(QFileInfo(ts).fileName());
            QVERIFY(QFile::copy(ts, copy));
            const QString failed = runLupdate(copy, translatedSources(), isPluralsOnly(ts));
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
            const QStringList bad = incompleteEntries(copy);
            QVERIFY2(bad.isEmpty(),
                qPrintable(QStringLiteral("%1 misses strings of the code; run `cmake --build build/ci --target "
                                          "update_translations` and translate them:\n")
                               .arg(ts)
                    + bad.join(QLatin1Char('\n'))));
        }
    }

    void englishPluralFormsOnly()
    {
        // slipway_en.ts holds the English plural forms and nothing else: its other entries would replace the
        // source texts with copies that drift.
        const QString ts = sourceDir() + QStringLiteral("/translations/slipway_en.ts");
        QVERIFY(QFile::exists(ts));
        const QStringList bad = nonPluralEntries(ts);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }

    void aNewPluralTextNeedsItsEnglishForms()
    {
        // The check above must catch it: a source with a new %n text, lupdate -pluralonly over the English file
        // leaves the new entry unfinished (and takes no plain text in).
        QFile source(m_dir->filePath(QStringLiteral("newtext.cpp")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write("#include <QCoreApplication>\n"
                     "QString f(int n) { return QCoreApplication::translate(\"Slipway::Test\", \"%n widget(s)\", "
                     "nullptr, n) + QCoreApplication::translate(\"Slipway::Test\", \"Plain text\"); }\n");
        source.close();
        const QString copy = m_dir->filePath(QStringLiteral("slipway_en.ts"));
        QVERIFY(QFile::copy(sourceDir() + QStringLiteral("/translations/slipway_en.ts"), copy));
        const QString failed = runLupdate(copy, translatedSources() + QStringList({source.fileName()}), true);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QCOMPARE(incompleteEntries(copy), QStringList({QStringLiteral("Slipway::Test (unfinished): %n widget(s)")}));
    }

    void englishSaysOneAppTwoApps()
    {
        // As the window in an English (or untranslated) locale: the plural forms, not the "(s)" of the source.
        installTranslations(qApp, QLocale(QLocale::English));
        const auto apps
            = [](int n) { return QCoreApplication::translate("Slipway::Gui::MainWindow", "%n app(s)", nullptr, n); };
        QCOMPARE(apps(1), QStringLiteral("1 app"));
        QCOMPARE(apps(2), QStringLiteral("2 apps"));
        QCOMPARE(apps(0), QStringLiteral("0 apps"));
        // A core text too (the package inspector's warning), and a language Slipway has no translation for.
        removeTranslators();
        QVERIFY(!installTranslations(qApp, QLocale(QLocale::French, QLocale::France)));
        QCOMPARE(QCoreApplication::translate("Slipway::PackageInspector",
                     "%n entries are encrypted; stores and devices cannot read them.", nullptr, 1),
            QStringLiteral("1 entry is encrypted; stores and devices cannot read it."));
        QCOMPARE(apps(3), QStringLiteral("3 apps"));
    }

    void coreTextsSpeakTheSystemLanguage()
    {
        // A core error as the window gets it: the context the code translates in is the one lupdate wrote.
        QVERIFY(installTranslations(qApp));
        const QString missing = m_dir->filePath(QStringLiteral("missing.apk"));
        const auto info = PackageInspector::inspect(missing);
        QVERIFY(!info);
        QCOMPARE(info.error().message, QStringLiteral("%1 existiert nicht.").arg(missing));
        const auto folder = PackageInspector::inspect(m_dir->path());
        QVERIFY(!folder);
        QCOMPARE(folder.error().message,
            QStringLiteral("%1 ist ein Ordner, keine Paketdatei.").arg(QFileInfo(m_dir->path()).fileName()));
    }

    void noDuplicateMnemonicsInEnglish()
    {
        QStringList bad;
        checkMnemonics(bad);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }

    void windowSpeaksTheSystemLanguage()
    {
        // LANG=de_DE.UTF-8 comes from the test's environment (tests/gui/CMakeLists.txt), as from a desktop session.
        QCOMPARE(QLocale::system().language(), QLocale::German);
        QVERIFY(installTranslations(qApp));
        auto workspace = makeWorkspace();
        {
            MainWindow window(workspace.get());
            QStringList titles;
            for (const QAction* a : window.menuBar()->actions())
                titles.append(a->text());
            QCOMPARE(titles,
                QStringList({QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Ansicht"),
                    QStringLiteral("V&ersionen"), QStringLiteral("E&xtras"), QStringLiteral("&Hilfe")}));
        }
        QStringList bad;
        checkMnemonics(bad);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
