#include "naturalcompare.h"

#include <QList>

namespace Slipway {

namespace {

struct Token
{
    QStringView text;
    bool number = false;
};

QList<Token> tokenize(QStringView s)
{
    QList<Token> tokens;
    qsizetype i = 0;
    while (i < s.size()) {
        const bool digit = s.at(i).isDigit();
        qsizetype j = i + 1;
        while (j < s.size() && s.at(j).isDigit() == digit)
            ++j;
        tokens.append({s.mid(i, j - i), digit});
        i = j;
    }
    return tokens;
}

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
    const QList<Token> ta = tokenize(a);
    const QList<Token> tb = tokenize(b);
    const qsizetype common = std::min(ta.size(), tb.size());
    for (qsizetype i = 0; i < common; ++i) {
        const Token& x = ta.at(i);
        const Token& y = tb.at(i);
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
    if (ta.size() != tb.size()) {
        // One is a prefix of the other: the longer is older only when what follows is a pre-release.
        const bool aLonger = ta.size() > tb.size();
        const bool pre = isPreRelease(aLonger ? ta.at(common) : tb.at(common));
        return (aLonger != pre) ? 1 : -1;
    }
    return sign(a.compare(b));
}

} // namespace Slipway
