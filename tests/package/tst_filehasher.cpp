// FileHasher / ParallelDigests: MD5 and SHA-256 on their own threads agree with an independent implementation
// (Qt's QCryptographicHash) for empty input, one byte, exact and partial ring blocks and more data than the
// ring holds, fed both through the ring's own buffers and through add().

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <package/filehasher.h>

using namespace Slipway;

class TestFileHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hash_matchesReference_data();
    void hash_matchesReference();
    void add_inOddPieces_matchesReference();
    void cancel_stopsWithCancelled();
};

void TestFileHasher::hash_matchesReference_data()
{
    QTest::addColumn<qint64>("size");
    const qint64 block = ParallelDigests::kSlotBytes;
    QTest::newRow("empty") << qint64(0);
    QTest::newRow("one byte") << qint64(1);
    QTest::newRow("one block") << block;
    QTest::newRow("block + 1") << block + 1;
    QTest::newRow("more than the ring") << block * (ParallelDigests::kSlots + 3) + 12345;
}

void TestFileHasher::hash_matchesReference()
{
    QFETCH(qint64, size);
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen(quint32(size + 7));
    for (qint64 i = 0; i < size; ++i)
        data[i] = char(gen.generate() & 0xff);
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("data.bin")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
    f.close();
    qint64 lastProgress = -1;
    const auto digests = FileHasher::hash(f.fileName(), [&](qint64 done, qint64) { lastProgress = done; });
    QVERIFY(digests);
    QCOMPARE(digests->size, size);
    QCOMPARE(digests->md5, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex()));
    QCOMPARE(digests->sha256, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()));
    if (size > 0)
        QCOMPARE(lastProgress, size);
}

void TestFileHasher::add_inOddPieces_matchesReference()
{
    QByteArray data(3 * ParallelDigests::kSlotBytes + 999, 'x');
    for (int i = 0; i < data.size(); i += 4093)
        data[i] = char(i);
    ParallelDigests digests;
    qint64 at = 0;
    for (qint64 piece = 1; at < data.size(); piece = piece * 3 + 1) {
        const qint64 n = qMin(piece, data.size() - at);
        digests.add(data.constData() + at, n);
        at += n;
    }
    const FileDigests d = digests.finish();
    QCOMPARE(d.size, qint64(data.size()));
    QCOMPARE(d.md5, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex()));
    QCOMPARE(d.sha256, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()));
}

void TestFileHasher::cancel_stopsWithCancelled()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("data.bin")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4 * ParallelDigests::kSlotBytes, 'a'));
    f.close();
    std::atomic_bool cancel {false};
    const auto digests = FileHasher::hash(
        f.fileName(), [&](qint64, qint64) { cancel = true; }, &cancel);
    QVERIFY(!digests);
    QCOMPARE(digests.error().kind, Error::Kind::Cancelled);
}

QTEST_GUILESS_MAIN(TestFileHasher)
#include "tst_filehasher.moc"
