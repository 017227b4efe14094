#include "clisupport.h"
#include "preflightcommand.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <library/locallibrary.h>
#include <providers/local/localprovider.h>
#include <providers/provider.h>
#include <unistd.h>

namespace Slipway::Cli {

namespace {

QCommandLineOption accountOption()
{
    return QCommandLineOption({QStringLiteral("a"), QStringLiteral("account")},
        QStringLiteral("Account to use (default: local, the Local library)."), QStringLiteral("NAME"),
        QStringLiteral("local"));
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
}

Result<Provider*> providerFor(Context& ctx, const QCommandLineParser& parser)
{
    ctx.account = parser.value(QStringLiteral("account"));
    return ctx.workspace->provider(ctx.account);
}

// `versions --json` writes a JSON array one compact row per line as the rows are read, so memory stays flat for any
// number of versions; the content is that of VersionInfo::toJson() for each row. Rows collect in a buffer that goes
// to stdout's device in large writes (the text stream would decode and encode every byte again).
class JsonRows
{
public:
    explicit JsonRows(Context& ctx)
        : m_out(*ctx.out)
    {
        m_out.flush();
        m_buffer.reserve(kFlushBytes + 64 * 1024);
    }
    QByteArray& next()
    {
        m_buffer += m_first ? "[\n" : ",\n";
        m_first = false;
        return m_buffer;
    }
    void rowDone()
    {
        if (m_buffer.size() >= kFlushBytes)
            flush();
    }
    void finish()
    {
        m_buffer += m_first ? "[]\n" : "\n]\n";
        flush();
    }
    void flush()
    {
        if (QIODevice* device = m_out.device())
            device->write(m_buffer);
        else
            m_out << QString::fromUtf8(m_buffer);
        m_buffer.clear();
    }

private:
    static constexpr qsizetype kFlushBytes = 256 * 1024;
    QTextStream& m_out;
    QByteArray m_buffer;
    bool m_first = true;
};

// A JSON string (RFC 8259, section 7): quotes, backslashes and control characters escaped, the rest as UTF-8.
// Runs that need no escape (nearly all of a version's text) are copied whole.
void appendJsonString(QByteArray& out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    const char* p = utf8.constData();
    const char* const end = p + utf8.size();
    out += '"';
    while (p < end) {
        const char* run = p;
        while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\')
            ++p;
        out.append(run, p - run);
        if (p == end)
            break;
        const char c = *p++;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            const auto u = static_cast<unsigned char>(c);
            const char escaped[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 0xf]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out += '"';
}

// "key": value pairs of one object, in the order given (the callers keep QJsonObject's, sorted by key).
class JsonObjectWriter
{
public:
    explicit JsonObjectWriter(QByteArray& out)
        : m_out(out)
    {
        m_out += '{';
    }
    void string(const char* key, QStringView value)
    {
        this->key(key);
        appendJsonString(m_out, value);
    }
    void stringIfSet(const char* key, QStringView value)
    {
        if (!value.isEmpty())
            string(key, value);
    }
    void number(const char* key, qint64 value)
    {
        this->key(key);
        m_out += QByteArray::number(value);
    }
    void raw(const char* key, const QByteArray& json)
    {
        this->key(key);
        m_out += json;
    }
    QByteArray& key(const char* key)
    {
        m_out += m_first ? "\"" : ",\"";
        m_first = false;
        m_out += key;
        m_out += "\":";
        return m_out;
    }
    void close() { m_out += '}'; }

private:
    QByteArray& m_out;
    bool m_first = true;
};

// One version of the Local library as VersionInfo::toJson() has it, written straight into `out`. The stored
// inspection, which the library hands out only when it is a valid JSON object, is copied as stored (compact JSON
// the library wrote) instead of being parsed into a map and written again.
void appendLocalVersionJson(QByteArray& out, const VersionInfo& v, const QByteArray& inspection)
{
    JsonObjectWriter row(out);
    row.string("appId", v.appId);
    if (v.created.isValid())
        row.string("created", v.created.toUTC().toString(Qt::ISODate));
    row.stringIfSet("downloadUrl", v.downloadUrl);
    row.stringIfSet("fileName", v.fileName);
    row.string("id", v.id);
    row.stringIfSet("label", v.label);
    row.stringIfSet("md5", v.md5);
    row.stringIfSet("notes", v.notes);
    row.stringIfSet("publisher", v.publisher);
    row.stringIfSet("sha256", v.sha256);
    if (v.size >= 0)
        row.number("size", v.size);
    row.stringIfSet("state", v.state);
    row.string("versionCode", v.versionCode);
    row.string("versionName", v.versionName);
    JsonObjectWriter extra(row.key("extra"));
    QByteArray& files = extra.key("files");
    files += '[';
    bool first = true;
    for (const QVariant& f : v.extra.value(QStringLiteral("files")).toList()) {
        const QVariantMap file = f.toMap();
        if (!std::exchange(first, false))
            files += ',';
        JsonObjectWriter entry(files);
        entry.string("fileName", file.value(QStringLiteral("fileName")).toString());
        entry.string("kind", file.value(QStringLiteral("kind")).toString());
        entry.string("md5", file.value(QStringLiteral("md5")).toString());
        entry.string("path", file.value(QStringLiteral("path")).toString());
        entry.string("sha256", file.value(QStringLiteral("sha256")).toString());
        entry.number("size", file.value(QStringLiteral("size")).toLongLong());
        entry.close();
    }
    files += ']';
    if (!inspection.isEmpty())
        extra.raw("inspection", inspection);
    extra.close();
    row.close();
}

int streamLocalVersions(Context& ctx, LocalProvider* local, const QString& appId)
{
    LocalLibrary library(local->libraryPath());
    if (auto st = library.openForReading(); !st)
        return fail(ctx, st.error());
    JsonRows rows(ctx);
    const Status st = library.forEachVersion(
        appId, LocalLibrary::VersionDetail::RawInspection, [&rows](const VersionInfo& v, const QByteArray& inspection) {
            appendLocalVersionJson(rows.next(), v, inspection);
            rows.rowDone();
            return true;
        });
    if (!st) {
        rows.flush();
        return fail(ctx, st.error());
    }
    rows.finish();
    return 0;
}

} // namespace

int runApps(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the apps of an account."));
    parser.addOption(accountOption());
    parser.addOption(jsonOption());
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("apps")} + args,
            QStringLiteral("apps [--account NAME] [--json]"), code))
        return code;
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    AppsJob* job = provider.value()->fetchApps();
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QList<AppInfo> apps = job->result();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const AppInfo& a : apps)
            arr.append(a.toJson());
        printJson(ctx, arr);
    } else {
        for (const AppInfo& a : apps) {
            *ctx.out << a.id;
            if (a.name != a.id)
                *ctx.out << "\t" << a.name;
            if (a.versionCount >= 0)
                *ctx.out << "\t" << a.versionCount << (a.versionCount == 1 ? " version" : " versions");
            *ctx.out << "\n";
        }
    }
    job->deleteLater();
    return 0;
}

int runVersions(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the versions of an app, newest first."));
    parser.addOption(accountOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id (package id for the Local library)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("versions")} + args,
            QStringLiteral("versions APP [--account NAME] [--json]"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, QStringLiteral("versions needs exactly one APP"));
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    const bool json = parser.isSet(QStringLiteral("json"));
    if (auto* local = qobject_cast<LocalProvider*>(provider.value()); local && json)
        return streamLocalVersions(ctx, local, parser.positionalArguments().first());
    // The text listing shows only the table's columns.
    VersionsJob* job = json ? provider.value()->fetchVersions(parser.positionalArguments().first())
                            : provider.value()->fetchVersionList(parser.positionalArguments().first());
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    const QList<VersionInfo> versions = job->result();
    if (json) {
        JsonRows rows(ctx);
        for (const VersionInfo& v : versions) {
            rows.next() += QJsonDocument(v.toJson()).toJson(QJsonDocument::Compact);
            rows.rowDone();
        }
        rows.finish();
    } else {
        for (const VersionInfo& v : versions) {
            *ctx.out << v.id << "\t" << v.versionName << "\t" << v.versionCode;
            *ctx.out << "\t" << (v.label.isEmpty() ? QStringLiteral("-") : v.label);
            *ctx.out << "\t" << humanSize(v.size);
            *ctx.out << "\t" << (v.created.isValid() ? v.created.toUTC().toString(Qt::ISODate) : QStringLiteral("-"));
            *ctx.out << "\t" << (v.publisher.isEmpty() ? QStringLiteral("-") : v.publisher);
            if (!v.state.isEmpty())
                *ctx.out << "\t" << v.state;
            *ctx.out << "\n";
        }
    }
    job->deleteLater();
    return 0;
}

int runDelete(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove a version from an account."));
    parser.addOption(accountOption());
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    parser.addOption(yes);
    parser.addPositionalArgument(QStringLiteral("APP"), QStringLiteral("App id."));
    parser.addPositionalArgument(QStringLiteral("VERSION-ID"), QStringLiteral("Version id (see `versions`)."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("delete")} + args,
            QStringLiteral("delete APP VERSION-ID [--account NAME] [--yes]"), code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return usageError(ctx, QStringLiteral("delete needs APP and VERSION-ID"));
    if (!parser.isSet(yes)) {
        if (!::isatty(fileno(stdin)))
            return usageError(ctx, QStringLiteral("refusing to delete without --yes when not interactive"));
        *ctx.err << "Delete version " << pos.at(1) << " of " << pos.at(0) << "? [y/N] " << Qt::flush;
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return fail(ctx, Error(Error::Kind::Cancelled, QStringLiteral("Nothing was deleted.")));
    }
    auto provider = providerFor(ctx, parser);
    if (!provider)
        return fail(ctx, provider.error());
    ActionJob* job = provider.value()->deleteVersion(pos.at(0), pos.at(1));
    if (!runJob(ctx, job))
        return fail(ctx, job->error());
    *ctx.out << "Deleted version " << pos.at(1) << " of " << pos.at(0) << "\n";
    return 0;
}

} // namespace Slipway::Cli
