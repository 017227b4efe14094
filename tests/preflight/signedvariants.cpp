#include "signedvariants.h"

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace Slipway::Test {

namespace {

// Runs a tool to completion; its stderr (or why it did not run) on failure.
QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return QStringLiteral("%1 did not finish: %2").arg(program, p.errorString());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        return QStringLiteral("%1 %2 failed: %3")
            .arg(program, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
    }
    return {};
}

} // namespace

SignedVariants makeSignedVariants(const QString& dir, bool* skipped)
{
    SignedVariants v;
    const QString apksigner = QStandardPaths::findExecutable(QStringLiteral("apksigner"));
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (apksigner.isEmpty() || openssl.isEmpty()) {
        if (skipped)
            *skipped = true;
        v.error = QStringLiteral("apksigner and openssl are needed to sign the APK variants (apt-get install "
                                 "apksigner openssl)");
        return v;
    }
    const QString input = corpusFile(QStringLiteral("com.politedroid_3.apk"));
    if (!QFile::exists(input)) {
        if (skipped)
            *skipped = true;
        v.error = QStringLiteral("the corpus is missing (SLIPWAY_SHARED_DIR)");
        return v;
    }
    const QDir d(dir);
    const auto key = [&](const QString& name) {
        return QStringList {QStringLiteral("--key"), d.filePath(name + QStringLiteral(".pk8")),
            QStringLiteral("--cert"), d.filePath(name + QStringLiteral(".pem"))};
    };
    for (const QString& name : {QStringLiteral("old"), QStringLiteral("new"), QStringLiteral("third")}) {
        v.error = run(openssl,
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), d.filePath(name + QStringLiteral(".key")),
                QStringLiteral("-out"), d.filePath(name + QStringLiteral(".pem")), QStringLiteral("-subj"),
                QStringLiteral("/CN=slipway-") + name, QStringLiteral("-days"), QStringLiteral("3650")});
        if (v.error.isEmpty()) {
            v.error = run(openssl,
                {QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-nocrypt"), QStringLiteral("-in"),
                    d.filePath(name + QStringLiteral(".key")), QStringLiteral("-outform"), QStringLiteral("DER"),
                    QStringLiteral("-out"), d.filePath(name + QStringLiteral(".pk8"))});
        }
        if (!v.error.isEmpty())
            return v;
    }
    v.error = run(openssl,
        {QStringLiteral("x509"), QStringLiteral("-in"), d.filePath(QStringLiteral("old.pem")),
            QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"),
            d.filePath(QStringLiteral("old.der"))});
    QFile der(d.filePath(QStringLiteral("old.der")));
    if (!v.error.isEmpty() || !der.open(QIODevice::ReadOnly)) {
        v.error += der.errorString();
        return v;
    }
    v.oldSha256 = QString::fromLatin1(QCryptographicHash::hash(der.readAll(), QCryptographicHash::Sha256).toHex());

    v.old = d.filePath(QStringLiteral("old.apk"));
    v.unrelated = d.filePath(QStringLiteral("unrelated.apk"));
    v.rotated = d.filePath(QStringLiteral("rotated.apk"));
    v.foreign = d.filePath(QStringLiteral("foreign.apk"));
    const QString sign = QStringLiteral("sign");
    const QString out = QStringLiteral("--out");
    const QStringList steps[] = {
        QStringList {sign} + key(QStringLiteral("old")) + QStringList {out, v.old, input},
        QStringList {sign} + key(QStringLiteral("new")) + QStringList {out, v.unrelated, input},
        QStringList {
            QStringLiteral("rotate"), out, d.filePath(QStringLiteral("lineage")), QStringLiteral("--old-signer")}
            + key(QStringLiteral("old")) + QStringList {QStringLiteral("--new-signer")} + key(QStringLiteral("new")),
        QStringList {sign, QStringLiteral("--lineage"), d.filePath(QStringLiteral("lineage"))}
            + key(QStringLiteral("old")) + QStringList {QStringLiteral("--next-signer")} + key(QStringLiteral("new"))
            + QStringList {out, v.rotated, input},
        QStringList {
            QStringLiteral("rotate"), out, d.filePath(QStringLiteral("lineage-third")), QStringLiteral("--old-signer")}
            + key(QStringLiteral("third")) + QStringList {QStringLiteral("--new-signer")} + key(QStringLiteral("new")),
        QStringList {sign, QStringLiteral("--lineage"), d.filePath(QStringLiteral("lineage-third"))}
            + key(QStringLiteral("third")) + QStringList {QStringLiteral("--next-signer")} + key(QStringLiteral("new"))
            + QStringList {out, v.foreign, input},
    };
    for (const QStringList& args : steps) {
        v.error = run(apksigner, args);
        if (!v.error.isEmpty())
            return v;
    }
    return v;
}

} // namespace Slipway::Test
