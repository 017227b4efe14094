#include "stringsfile.h"

#include "plistreader.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace Slipway::StringsFile {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::StringsFile)
};

class Lexer
{
public:
    explicit Lexer(const QString& text)
        : m_s(text)
    { }

    void skipSpaceAndComments()
    {
        while (m_i < m_s.size()) {
            const QChar c = m_s.at(m_i);
            if (c.isSpace()) {
                ++m_i;
            } else if (m_s.mid(m_i, 2) == QLatin1String("/*")) {
                const qsizetype end = m_s.indexOf(QLatin1String("*/"), m_i + 2);
                m_i = end < 0 ? m_s.size() : end + 2;
            } else if (m_s.mid(m_i, 2) == QLatin1String("//")) {
                const qsizetype end = m_s.indexOf(QLatin1Char('\n'), m_i);
                m_i = end < 0 ? m_s.size() : end + 1;
            } else {
                break;
            }
        }
    }

    bool atEnd()
    {
        skipSpaceAndComments();
        return m_i >= m_s.size();
    }

    bool expect(QChar c)
    {
        skipSpaceAndComments();
        if (m_i < m_s.size() && m_s.at(m_i) == c) {
            ++m_i;
            return true;
        }
        return false;
    }

    // A quoted string with backslash escapes, or an unquoted word.
    bool string(QString& out)
    {
        skipSpaceAndComments();
        out.clear();
        if (m_i >= m_s.size())
            return false;
        if (m_s.at(m_i) != QLatin1Char('"')) {
            const qsizetype start = m_i;
            while (
                m_i < m_s.size() && (m_s.at(m_i).isLetterOrNumber() || QStringLiteral("_.$:/-").contains(m_s.at(m_i))))
                ++m_i;
            out = m_s.mid(start, m_i - start);
            return !out.isEmpty();
        }
        ++m_i;
        while (m_i < m_s.size()) {
            const QChar c = m_s.at(m_i++);
            if (c == QLatin1Char('"'))
                return true;
            if (c != QLatin1Char('\\') || m_i >= m_s.size()) {
                out.append(c);
                continue;
            }
            const QChar e = m_s.at(m_i++);
            if (e == QLatin1Char('n'))
                out.append(QLatin1Char('\n'));
            else if (e == QLatin1Char('t'))
                out.append(QLatin1Char('\t'));
            else if (e == QLatin1Char('r'))
                out.append(QLatin1Char('\r'));
            else if ((e == QLatin1Char('U') || e == QLatin1Char('u')) && m_i + 4 <= m_s.size()) {
                bool ok = false;
                const ushort code = m_s.mid(m_i, 4).toUShort(&ok, 16);
                if (ok) {
                    out.append(QChar(code));
                    m_i += 4;
                }
            } else {
                out.append(e);
            }
        }
        return false; // unterminated
    }

    qsizetype position() const { return m_i; }

private:
    const QString& m_s;
    qsizetype m_i = 0;
};

QString decode(const QByteArray& data)
{
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        auto decoder
            = QStringDecoder(data.startsWith("\xFF\xFE") ? QStringConverter::Utf16LE : QStringConverter::Utf16BE);
        return decoder(data.mid(2));
    }
    auto decoder = QStringDecoder(QStringConverter::Utf8, QStringConverter::Flag::Default);
    return decoder(data.startsWith("\xEF\xBB\xBF") ? data.mid(3) : data);
}

} // namespace

Result<QMap<QString, QString>> parse(const QByteArray& data)
{
    if (data.size() > kMaxBytes)
        return Error(Error::Kind::InvalidPackage, Texts::tr("The strings file is too large."));
    QMap<QString, QString> out;
    if (data.startsWith("bplist00") || data.startsWith("<?xml")) {
        auto doc = Plist::parse(data, QStringLiteral("InfoPlist.strings"));
        if (!doc)
            return doc.error();
        const QVariantMap map = doc->root.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.value().typeId() == QMetaType::QString)
                out.insert(it.key(), it.value().toString());
        }
        return out;
    }
    const QString text = decode(data);
    Lexer lex(text);
    while (!lex.atEnd()) {
        QString key;
        QString value;
        if (!lex.string(key) || !lex.expect(QLatin1Char('=')) || !lex.string(value) || !lex.expect(QLatin1Char(';')))
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("The strings file is malformed near character %1.").arg(lex.position()));
        out.insert(key, value);
    }
    return out;
}

} // namespace Slipway::StringsFile
