// LazyLibrary (common/lazylibrary.h), which loads libpq and libcurl on first use: a library that is missing, or that
// lacks one of the functions its forwarders call, is a clear error from load(), never a forwarder without a function.
// zlib stands in for them: it is always installed (Slipway links it), and its functions are known.

#include <QTest>
#include <common/lazylibrary.h>
#include <zlib.h>

using namespace Slipway;

namespace {

constexpr const char* kZlibSymbols[] = {"zlibVersion", "crc32"};
const LazyLibrary zlib("libz.so.1", kZlibSymbols);

constexpr const char* kWithAMissingSymbol[] = {"crc32", "slipway_no_such_function"};
const LazyLibrary zlibTooOld("libz.so.1", kWithAMissingSymbol);

constexpr const char* kNone[] = {"anything"};
const LazyLibrary missing("libslipway-no-such-library.so.9", kNone);

} // namespace

class TestLazyLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presentLibrary_loadsAndForwards()
    {
        QString error;
        QVERIFY2(zlib.load(&error), qPrintable(error));
        const auto version = lazySymbol<zlib, kZlibSymbols, "zlibVersion", const char* (*)()>();
        QCOMPARE(QByteArray(version()), QByteArray(zlibVersion()));
        const auto crc = lazySymbol<zlib, kZlibSymbols, "crc32", uLong (*)(uLong, const Bytef*, uInt)>();
        QCOMPARE(crc(0, reinterpret_cast<const Bytef*>("123456789"), 9), uLong(0xCBF43926)); // the CRC-32 check value
    }

    void missingFunction_isALoadErrorThatNamesIt()
    {
        QString error;
        QVERIFY(!zlibTooOld.load(&error));
        QVERIFY2(error.contains(QLatin1String("libz.so.1 has no slipway_no_such_function")), qPrintable(error));
        // The answer is kept: a second call says the same without trying again.
        QString again;
        QVERIFY(!zlibTooOld.load(&again));
        QCOMPARE(again, error);
    }

    void missingLibrary_isALoadErrorFromTheLoader()
    {
        QString error;
        QVERIFY(!missing.load(&error));
        QVERIFY2(error.contains(QLatin1String("libslipway-no-such-library.so.9")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestLazyLibrary)
#include "tst_lazylibrary.moc"
