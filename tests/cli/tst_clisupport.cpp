// The CLI's own view of errors: the exit code of every kind (the README's table) and the one hint it adds for
// Error::field, so core messages never name a flag.
#include <QTest>
#include <clisupport.h>

using namespace Slipway;
using namespace Slipway::Cli;

namespace {

Error fieldError(const QString& field, Error::Kind kind = Error::Kind::Validation)
{
    Error e(kind, QStringLiteral("Something is wrong."));
    e.field = field;
    return e;
}

} // namespace

class TestCliSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exitCodes_followTheReadmeTable_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        using K = Error::Kind;
        const QList<std::pair<K, int>> table {{K::None, 0}, {K::Unsupported, 1}, {K::Internal, 1}, {K::Validation, 3},
            {K::InvalidPackage, 4}, {K::Io, 4}, {K::Auth, 5}, {K::Forbidden, 5}, {K::Keychain, 5}, {K::NotFound, 6},
            {K::Conflict, 7}, {K::Network, 8}, {K::Timeout, 8}, {K::Tls, 8}, {K::RateLimited, 8}, {K::Server, 8},
            {K::BadResponse, 8}, {K::Cancelled, 130}};
        for (const auto& [kind, code] : table)
            QTest::newRow(qPrintable(Error::kindName(kind))) << int(kind) << code;
    }

    void exitCodes_followTheReadmeTable()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        QCOMPARE(exitCodeFor(Error(Error::Kind(kind), {})), code);
    }

    void hints_publishFieldsAndServiceOptions_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("hint");
        QTest::newRow("none") << QString() << QString();
        QTest::newRow("app") << QStringLiteral("app") << QStringLiteral("use --app APP");
        QTest::newRow("version-name") << QStringLiteral("version-name") << QStringLiteral("use --version-name V");
        QTest::newRow("version-code") << QStringLiteral("version-code") << QStringLiteral("use --version-code N");
        QTest::newRow("label") << QStringLiteral("label") << QStringLiteral("use --label L");
        QTest::newRow("notes") << QStringLiteral("notes") << QStringLiteral("use --notes TEXT or --notes-file F");
        QTest::newRow("account") << QStringLiteral("account")
                                 << QStringLiteral("use --account NAME; `slipway-cli accounts list` shows the "
                                                   "connected accounts");
        QTest::newRow("service option") << QStringLiteral("apk-url") << QStringLiteral("use --set apk-url=VALUE");
    }

    void hints_publishFieldsAndServiceOptions()
    {
        QFETCH(QString, field);
        QFETCH(QString, hint);
        QCOMPARE(hintFor(fieldError(field)), hint);
    }

    void hints_accountFields()
    {
        HintTarget target;
        target.account = QStringLiteral("asc-prod");
        target.primarySecret = QStringLiteral("private-key");
        QCOMPARE(hintFor(fieldError(QStringLiteral("account:private-key"), Error::Kind::Auth), target),
            QStringLiteral("use `slipway-cli accounts edit asc-prod --secret-stdin`"));
        QCOMPARE(hintFor(fieldError(QStringLiteral("account:key-id")), target),
            QStringLiteral("use `slipway-cli accounts edit asc-prod --set key-id=VALUE`"));
        QCOMPARE(hintFor(fieldError(QStringLiteral("account:base-url")), target),
            QStringLiteral("use `slipway-cli accounts edit asc-prod --set base-url=VALUE`"));
        // Without a known account the command still shows where the name goes.
        QCOMPARE(hintFor(fieldError(QStringLiteral("account:key-id"))),
            QStringLiteral("use `slipway-cli accounts edit ACCOUNT --set key-id=VALUE`"));
        // accounts add/edit name their own options.
        target.setsAccountFields = true;
        QCOMPARE(hintFor(fieldError(QStringLiteral("account:private-key")), target),
            QStringLiteral("use --secret-stdin or --secret-file F"));
        QCOMPARE(
            hintFor(fieldError(QStringLiteral("account:key-id")), target), QStringLiteral("use --set key-id=VALUE"));
    }

    void fail_printsOneLineWithTheHintAndReturnsTheCode()
    {
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        Context ctx;
        ctx.out = &outStream;
        ctx.err = &errStream;
        ctx.account = QStringLiteral("mxr");
        ctx.service = QStringLiteral("managexr");
        ctx.primarySecretOf = &primarySecretOf; // as the full CLI sets it (main.cpp)
        Error e = fieldError(QStringLiteral("account:key-secret"), Error::Kind::Auth);
        e.message = QStringLiteral("The account mxr has no key secret\nin the keychain.");
        QCOMPARE(fail(ctx, e), 5);
        errStream.flush();
        QCOMPARE(err,
            QStringLiteral("slipway-cli: error: The account mxr has no key secret in the keychain. (use `slipway-cli "
                           "accounts edit mxr --secret-stdin`)\n"));
        QVERIFY(out.isEmpty());

        err.clear();
        QCOMPARE(fail(ctx, Error(Error::Kind::Conflict, QStringLiteral("Exists."))), 7);
        errStream.flush();
        QCOMPARE(err, QStringLiteral("slipway-cli: error: Exists.\n"));
        // A failure without a kind still fails.
        QCOMPARE(fail(ctx, Error()), 1);

        // Without the service registry (the inspect-only front end, frontmain.cpp) the hint names --set.
        err.clear();
        ctx.primarySecretOf = nullptr;
        fail(ctx, e);
        errStream.flush();
        QVERIFY2(err.contains(QLatin1String("accounts edit mxr --set key-secret=VALUE")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCliSupport)
#include "tst_clisupport.moc"
