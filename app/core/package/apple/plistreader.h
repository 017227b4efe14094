#pragma once

#include <QByteArray>
#include <QVariant>
#include <common/result.h>

namespace Slipway::Plist {

// Property lists (XML or binary "bplist00") through libplist, converted to Qt values:
// dict → QVariantMap, array → QVariantList, string → QString, integer → qlonglong (or qulonglong above
// INT64_MAX), real → double, bool → bool, date → QDateTime (UTC), data → QByteArray, UID → qulonglong.
// Bounded: input above kMaxBytes is refused, nesting deeper than kMaxDepth and documents with more than
// kMaxNodes values are errors, so hostile plists cost bounded time and memory.

enum class Format
{
    Xml,
    Binary
};

struct Document
{
    QVariant root;
    Format format = Format::Xml;
};

constexpr qint64 kMaxBytes = 16 * 1024 * 1024;
constexpr int kMaxDepth = 64;
constexpr int kMaxNodes = 1000000;
// Elements an XML property list may have before libplist builds it (a real Info.plist has a few hundred).
constexpr qint64 kMaxXmlElements = 250000;

// Parses `data`. Errors are Error::Kind::InvalidPackage with a sentence naming `what` (e.g. "Info.plist").
Result<Document> parse(const QByteArray& data, const QString& what = QStringLiteral("The property list"));

QString formatName(Format format); // "xml" or "binary"

} // namespace Slipway::Plist
