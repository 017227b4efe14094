#include "naturalcompare.h"

namespace Slipway {

namespace {

struct Token
{
    QStringView text;
    bool number = false;
};

// The tokens of a string, one at a time: no list is built, so a sort of 50,000 names allocates nothing per
// comparison.
class Tokens
{
public:
    explicit Tokens(QStringView s)
        : m_s(s)
    { }

    bool next(Token* t)
    {
        if (m_i >= m_s.size())
            return false;
        const bool digit = isDigit(m_s.at(m_i));
        qsizetype j = m_i + 1;
        while (j < m_s.size() && isDigit(m_s.at(j)) == digit)
            ++j;
        *t = {m_s.mid(m_i, j - m_i), digit};
        m_i = j;
        return true;
    }

private:
    static bool isDigit(QChar c) { return c.unicode() < 0x80 ? (c >= u'0' && c <= u'9') : c.isDigit(); }

    QStringView m_s;
    qsizetype m_i = 0;
};

// A text token that opens a pre-release ("-rc", "beta", "~alpha"): it sorts before what would otherwise follow.
bool isPreRelease(const Token& t)
{
    if (t.number)
        return false;
    qsizetype i = 0;
    while (i < t.text.size()
        && (t.text.at(i) == QLatin1Char('-') || t.text.at(i) == QLatin1Char('_') || t.text.at(i) == QLatin1Char('~')))
        ++i;
    return i < t.text.size() && t.text.at(i).isLetter();
}

int compareNumbers(QStringView a, QStringView b)
{
    auto trim = [](QStringView s) {
        qsizetype i = 0;
        while (i + 1 < s.size() && s.at(i) == QLatin1Char('0'))
            ++i;
        return s.mid(i);
    };
    const QStringView x = trim(a);
    const QStringView y = trim(b);
    if (x.size() != y.size())
        return x.size() < y.size() ? -1 : 1;
    return x.compare(y);
}

int sign(int v)
{
    return (v > 0) - (v < 0);
}

} // namespace

int naturalCompare(QStringView a, QStringView b)
{
    Tokens ta(a);
    Tokens tb(b);
    Token x;
    Token y;
    for (;;) {
        const bool hasX = ta.next(&x);
        const bool hasY = tb.next(&y);
        if (!hasX && !hasY)
            break;
        if (hasX != hasY) {
            // One is a prefix of the other: the longer is older only when what follows is a pre-release.
            const bool pre = isPreRelease(hasX ? x : y);
            return (hasX != pre) ? 1 : -1;
        }
        if (x.number && y.number) {
            if (const int c = compareNumbers(x.text, y.text))
                return c;
            continue;
        }
        const bool px = isPreRelease(x);
        const bool py = isPreRelease(y);
        if (px != py)
            return px ? -1 : 1; // "1.0-rc" < "1.0.1", "1.0b" < "1.01"
        if (x.number != y.number)
            return x.number ? 1 : -1; // a number continues the version; a separator there is older
        if (const int c = x.text.compare(y.text, Qt::CaseInsensitive))
            return sign(c);
    }
    return sign(a.compare(b));
}

} // namespace Slipway
