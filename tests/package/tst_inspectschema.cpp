// `slipway-cli inspect --json` over every corpus file validates against docs/inspect.schema.json (checked by
// Debian's python3-jsonschema, an independent validator), and SDK levels are JSON numbers where aapt reports a
// number, with preview codenames in "…Codename".

#include <testutils/testutils.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Slipway;

class TestInspectSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void corpus_validatesAgainstSchema();
};

void TestInspectSchema::corpus_validatesAgainstSchema()
{
    SLIPWAY_REQUIRE_CORPUS();
    QProcess probe;
    probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        QFAIL("python3-jsonschema is missing (scripts/install-deps installs it)");

    QStringList files;
    QHash<QString, QJsonObject> expected;
    QFile list(Test::corpusFile(QStringLiteral("expected.jsonl")));
    QVERIFY(list.open(QIODevice::ReadOnly));
    while (!list.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(list.readLine()).object();
        const QString file = o.value(QLatin1String("file")).toString();
        if (file.isEmpty())
            continue;
        files.append(Test::corpusFile(file));
        expected.insert(file, o);
    }
    QVERIFY(files.size() > 100);

    const Test::CliRun run = Test::runCli(
        QStringList {QStringLiteral("inspect"), QStringLiteral("--json"), QStringLiteral("--no-hash")} + files,
        QProcessEnvironment::systemEnvironment(), {}, 600000);
    QVERIFY2(run.exitCode >= 0, run.err.constData());
    const QJsonArray results = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(results.size(), files.size());

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile out(tmp.filePath(QStringLiteral("inspect.json")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(run.out);
    out.close();
    const QString source = qEnvironmentVariable("SLIPWAY_SOURCE_DIR");
    QProcess validator;
    validator.start(QStringLiteral("python3"),
        {source + QStringLiteral("/tests/package/validate_inspect_json.py"),
            source + QStringLiteral("/docs/inspect.schema.json"), out.fileName()});
    QVERIFY(validator.waitForFinished(120000));
    QVERIFY2(validator.exitCode() == 0, validator.readAllStandardOutput().constData());

    // SDK levels: numbers when aapt reports a number, the codename beside them otherwise.
    int numbers = 0;
    for (const QJsonValue& v : results) {
        const QJsonObject o = v.toObject();
        const QJsonObject e = expected.value(o.value(QLatin1String("file")).toString());
        if (e.value(QLatin1String("kind")).toString() != QLatin1String("apk") || o.contains(QLatin1String("error")))
            continue;
        const QJsonValue minSdk = e.value(QLatin1String("minSdk"));
        if (minSdk.isDouble()) {
            QCOMPARE(o.value(QLatin1String("minSdk")).toInt(-1), minSdk.toInt());
            ++numbers;
        } else if (minSdk.isString()) {
            QCOMPARE(o.value(QLatin1String("minSdkCodename")).toString(), minSdk.toString());
            QVERIFY(!o.contains(QLatin1String("minSdk")));
        }
        QCOMPARE(o.value(QLatin1String("schemaVersion")).toInt(), 2);
    }
    QVERIFY(numbers > 50);
}

QTEST_GUILESS_MAIN(TestInspectSchema)
#include "tst_inspectschema.moc"
