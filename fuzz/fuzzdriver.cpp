// A small stand-in for libFuzzer's main() so every fuzz target also runs in the normal (g++) build as a
// ctest smoke test: it replays seed inputs and then a bounded number of deterministic mutations of them.
//
//   fuzz_x [options] [FILE | DIR]...
//     FILE / DIR              seed files (a directory: every regular file in it, not recursive)
//     --zip-entry SUFFIX:RE   for every corpus file ending in SUFFIX, the zip entries whose name matches the
//                             regular expression RE become seeds (read through ZipArchive, nothing copied)
//     --max-seed-bytes N      skip seeds larger than N bytes (default 4 MiB)
//     --mutations N           mutated inputs to run after the seeds (default 1000)
//     --max-seconds S         stop mutating after S seconds whatever N says (default 60)
//     --seed N                PRNG seed (default 1): the same arguments always run the same inputs
// The corpus folder is $SLIPWAY_SHARED_DIR/corpus. Without any seed the driver mutates a few tiny built-in
// inputs, so a missing corpus never makes the smoke test vacuous.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <cstdint>
#include <cstdio>
#include <package/ziparchive.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// splitmix64: tiny, deterministic, good enough to pick mutations.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    { }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    qsizetype below(qsizetype n) { return n <= 0 ? 0 : qsizetype(next() % quint64(n)); }

private:
    quint64 m_state;
};

void run(const QByteArray& input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.constData()), size_t(input.size()));
}

QByteArray mutate(QByteArray data, Rng& rng)
{
    static const quint32 interesting[] = {0u, 1u, 0x7Fu, 0x80u, 0xFFu, 0x7FFFu, 0x8000u, 0xFFFFu, 0x7FFFFFFFu,
        0x80000000u, 0xFFFFFFFFu, 8u, 16u, 20u, 28u};
    const int ops = 1 + int(rng.below(8));
    for (int i = 0; i < ops; ++i) {
        const qsizetype size = data.size();
        switch (rng.below(7)) {
        case 0: // flip a bit
            if (size > 0) {
                const qsizetype at = rng.below(size);
                data[at] = char(data[at] ^ (1 << rng.below(8)));
            }
            break;
        case 1: // an interesting byte
            if (size > 0)
                data[rng.below(size)] = char(interesting[rng.below(std::size(interesting))] & 0xFF);
            break;
        case 2: // an interesting little-endian 16/32-bit value (sizes, counts, offsets, indexes)
            if (size >= 4) {
                const quint32 v = interesting[rng.below(std::size(interesting))];
                const qsizetype at = rng.below(size - 3);
                const int width = rng.below(2) ? 4 : 2;
                for (int b = 0; b < width; ++b)
                    data[at + b] = char((v >> (8 * b)) & 0xFF);
            }
            break;
        case 3: // truncate
            if (size > 0)
                data.truncate(rng.below(size));
            break;
        case 4: // delete a range
            if (size > 1) {
                const qsizetype at = rng.below(size);
                data.remove(at, 1 + rng.below(qMin<qsizetype>(64, size - at)));
            }
            break;
        case 5: // duplicate a range somewhere else (repeated chunks, nesting)
            if (size > 1 && size < 8 * 1024 * 1024) {
                const qsizetype at = rng.below(size);
                const QByteArray piece = data.mid(at, 1 + rng.below(256));
                data.insert(rng.below(size), piece);
            }
            break;
        default: // random bytes
            if (size > 0) {
                const qsizetype at = rng.below(size);
                const qsizetype n = qMin<qsizetype>(1 + rng.below(16), size - at);
                for (qsizetype b = 0; b < n; ++b)
                    data[at + b] = char(rng.next() & 0xFF);
            }
            break;
        }
    }
    return data;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();

    qint64 mutations = 1000;
    qint64 maxSeconds = 60;
    qint64 maxSeedBytes = 4 * 1024 * 1024;
    quint64 seed = 1;
    QList<QByteArray> seeds;
    QStringList seedNames;
    const QString corpus = qEnvironmentVariable("SLIPWAY_SHARED_DIR") + QStringLiteral("/corpus");

    auto addSeed = [&](const QByteArray& bytes, const QString& name) {
        if (bytes.size() <= maxSeedBytes) {
            seeds.append(bytes);
            seedNames.append(name);
        }
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        const QString value = i + 1 < args.size() ? args.at(i + 1) : QString();
        if (a == QLatin1String("--mutations")) {
            mutations = value.toLongLong();
            ++i;
        } else if (a == QLatin1String("--max-seconds")) {
            maxSeconds = value.toLongLong();
            ++i;
        } else if (a == QLatin1String("--max-seed-bytes")) {
            maxSeedBytes = value.toLongLong();
            ++i;
        } else if (a == QLatin1String("--seed")) {
            seed = value.toULongLong();
            ++i;
        } else if (a == QLatin1String("--zip-entry")) {
            ++i;
            const qsizetype colon = value.indexOf(QLatin1Char(':'));
            if (colon <= 0) {
                std::fprintf(stderr, "--zip-entry needs SUFFIX:REGEX\n");
                return 2;
            }
            const QString suffix = value.left(colon);
            const QRegularExpression re(value.mid(colon + 1));
            const QFileInfoList files = QDir(corpus).entryInfoList(QDir::Files, QDir::Name);
            for (const QFileInfo& fi : files) {
                if (!fi.fileName().endsWith(suffix, Qt::CaseInsensitive))
                    continue;
                auto zip = Slipway::ZipArchive::open(fi.filePath());
                if (!zip)
                    continue;
                for (const auto& e : zip.value()->entries()) {
                    if (!re.match(e.name).hasMatch() || e.size > maxSeedBytes)
                        continue;
                    if (auto bytes = zip.value()->read(e, maxSeedBytes))
                        addSeed(bytes.value(), fi.fileName() + QLatin1Char('!') + e.name);
                }
            }
        } else {
            const QFileInfo fi(a);
            const QFileInfoList files
                = fi.isDir() ? QDir(a).entryInfoList(QDir::Files, QDir::Name) : QFileInfoList {fi};
            for (const QFileInfo& f : files) {
                QFile file(f.filePath());
                if (f.size() <= maxSeedBytes && file.open(QIODevice::ReadOnly))
                    addSeed(file.readAll(), f.filePath());
            }
        }
    }
    if (seeds.isEmpty()) {
        std::fprintf(stderr, "no seeds found (corpus at %s?); mutating built-in inputs\n", qPrintable(corpus));
        seeds = {QByteArray(), QByteArray(64, '\0'), QByteArray(256, char(0xFF)), QByteArray("\x03\x00\x08\x00", 4)};
        seedNames
            = {QStringLiteral("empty"), QStringLiteral("zeros"), QStringLiteral("ones"), QStringLiteral("xml-header")};
    }

    QElapsedTimer timer;
    timer.start();
    for (const QByteArray& s : seeds)
        run(s);
    Rng rng(seed);
    qint64 done = 0;
    for (; done < mutations; ++done) {
        if (timer.elapsed() > maxSeconds * 1000)
            break;
        const qsizetype which = rng.below(seeds.size());
        run(mutate(seeds.at(which), rng));
    }
    std::printf("%lld seeds, %lld mutated inputs in %lld ms, no crash\n", static_cast<long long>(seeds.size()),
        static_cast<long long>(done), static_cast<long long>(timer.elapsed()));
    return 0;
}
