// The Edit Version dialog: one editor per editable field, prefilled from the version, and only what the user
// changed comes back (so the service is asked to change nothing else).
#include <gui/editversiondialog.h>
#include <gui/versionactions.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QtTest>

using namespace Slipway;
using namespace Slipway::Gui;

class TestEditVersionDialog : public QObject
{
    Q_OBJECT

private:
    static QList<FieldSpec> fields()
    {
        FieldSpec notes {QStringLiteral("notes"), QStringLiteral("Release notes"), FieldSpec::Type::MultiLine};
        FieldSpec label {QStringLiteral("label"), QStringLiteral("Tags"), FieldSpec::Type::Text};
        FieldSpec status {QStringLiteral("release-type"), QStringLiteral("Release type"), FieldSpec::Type::Choice};
        status.choices = {QStringLiteral("MANUAL"), QStringLiteral("AFTER_APPROVAL"), QStringLiteral("SCHEDULED")};
        FieldSpec mandatory {QStringLiteral("mandatory"), QStringLiteral("Mandatory"), FieldSpec::Type::Bool};
        mandatory.defaultValue = QStringLiteral("false");
        return {notes, label, status, mandatory};
    }

    static VersionInfo version()
    {
        VersionInfo v;
        v.id = QStringLiteral("107");
        v.appId = QStringLiteral("com.example.app");
        v.versionName = QStringLiteral("1.7");
        v.versionCode = QStringLiteral("7");
        v.notes = QStringLiteral("Old notes");
        v.label = QStringLiteral("qa");
        v.extra.insert(QStringLiteral("releaseType"), QStringLiteral("MANUAL"));
        v.extra.insert(QStringLiteral("mandatory"), true);
        return v;
    }

private Q_SLOTS:
    void prefillsFromTheVersion()
    {
        EditVersionDialog dialog(fields(), version(), QStringLiteral("HockeyApp"));
        QCOMPARE(qobject_cast<QPlainTextEdit*>(dialog.editor(QStringLiteral("notes")))->toPlainText(),
            QStringLiteral("Old notes"));
        QCOMPARE(qobject_cast<QLineEdit*>(dialog.editor(QStringLiteral("label")))->text(), QStringLiteral("qa"));
        QCOMPARE(qobject_cast<QComboBox*>(dialog.editor(QStringLiteral("release-type")))->currentText(),
            QStringLiteral("MANUAL"));
        QVERIFY(qobject_cast<QCheckBox*>(dialog.editor(QStringLiteral("mandatory")))->isChecked());
        QVERIFY(dialog.changes().isEmpty()); // nothing touched, nothing to send
    }

    void changesHoldOnlyWhatTheUserChanged()
    {
        EditVersionDialog dialog(fields(), version(), QStringLiteral("HockeyApp"));
        qobject_cast<QPlainTextEdit*>(dialog.editor(QStringLiteral("notes")))->setPlainText(QStringLiteral("New"));
        qobject_cast<QComboBox*>(dialog.editor(QStringLiteral("release-type")))
            ->setCurrentText(QStringLiteral("SCHEDULED"));
        qobject_cast<QCheckBox*>(dialog.editor(QStringLiteral("mandatory")))->setChecked(false);
        const VersionEdit c = dialog.changes();
        QVERIFY(c.notes.has_value());
        QCOMPARE(*c.notes, QStringLiteral("New"));
        QVERIFY(!c.label);
        QCOMPARE(c.options.value(QStringLiteral("release-type")).toString(), QStringLiteral("SCHEDULED"));
        QCOMPARE(c.options.value(QStringLiteral("mandatory")).toString(), QStringLiteral("false"));
        QCOMPARE(c.options.size(), 2);
    }

    // The window's Delete on an App Store Connect build says it expires the build (the API has no DELETE for
    // builds); Edit is not offered on a build row. App Store versions and other services keep Delete and Edit.
    void appStoreConnectBuildRows_expireAndAreNotEditable()
    {
        VersionInfo build;
        build.id = QStringLiteral("b1");
        build.appId = QStringLiteral("sg.vp.UnCrackable1");
        build.versionName = QStringLiteral("1.1");
        build.versionCode = QStringLiteral("42");
        build.extra.insert(QStringLiteral("type"), QStringLiteral("build"));
        const QString asc = QStringLiteral("appstoreconnect");
        const auto prompt = VersionActions::deletePrompt(asc, QStringLiteral("App Store Connect"), build);
        QCOMPARE(prompt.accept, QStringLiteral("Expire"));
        QVERIFY(prompt.text.contains(QStringLiteral("Expire build 42 (1.1)")));
        QVERIFY(prompt.text.contains(QStringLiteral("cannot delete builds")));
        QVERIFY(prompt.done.startsWith(QStringLiteral("Expired")));
        QVERIFY(!VersionActions::canEdit(asc, build));

        VersionInfo version = build;
        version.extra.insert(QStringLiteral("type"), QStringLiteral("appStoreVersion"));
        QCOMPARE(VersionActions::deletePrompt(asc, QStringLiteral("App Store Connect"), version).accept,
            QStringLiteral("Delete"));
        QVERIFY(VersionActions::canEdit(asc, version));
        // Another service's row with the same extra is an ordinary version.
        QCOMPARE(VersionActions::deletePrompt(QStringLiteral("hockeyapp"), QStringLiteral("HockeyApp"), build).accept,
            QStringLiteral("Delete"));
        QVERIFY(VersionActions::canEdit(QStringLiteral("hockeyapp"), build));
    }
};

QTEST_MAIN(TestEditVersionDialog)
#include "tst_editversiondialog.moc"
