// slipway-cli publish / releases / resume / cancel / retry: one release to several destinations through the
// persisted release queue (app/core/release), the same path the window uses.
#include "clisupport.h"
#include "preflightcommand.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSysInfo>
#include <QTimer>
#include <memory>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <release/releaseexport.h>
#include <release/releasequeue.h>
#include <release/releasestore.h>

namespace Slipway::Cli {

namespace {

// The queue's run as one Job, so runJob() gives it Ctrl+C: cancelling stops every destination of this run.
class QueueRun : public Job
{
public:
    QueueRun(ReleaseQueue* queue, QList<qint64> destinations)
        : m_queue(queue)
        , m_destinations(std::move(destinations))
    {
        connect(queue, &ReleaseQueue::idle, this, [this] { finish(); });
        QTimer::singleShot(0, this, [this] {
            if (m_queue->isIdle())
                finish();
        });
    }

protected:
    void onCancel() override
    {
        for (qint64 id : m_destinations)
            m_queue->cancel(id);
    }

private:
    ReleaseQueue* m_queue;
    QList<qint64> m_destinations;
};

std::unique_ptr<ReleaseStore> openStore(Context& ctx, int& code)
{
    auto store = std::make_unique<ReleaseStore>();
    Status s = store->open();
    if (!s) {
        code = fail(ctx, s.error());
        return nullptr;
    }
    if (!store->notice().isEmpty())
        *ctx.err << "slipway-cli: warning: " << store->notice() << Qt::endl;
    return store;
}

QString eta(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// One line per destination on a terminal (redrawn in place), a plain line per state change otherwise.
class ProgressView : public QObject
{
public:
    ProgressView(Context& ctx, ReleaseQueue* queue, const QList<ReleaseDestination>& destinations)
        : m_ctx(ctx)
        , m_queue(queue)
        , m_destinations(destinations)
    {
        if (ctx.stderrIsTty) {
            auto* timer = new QTimer(this);
            connect(timer, &QTimer::timeout, this, &ProgressView::draw);
            timer->start(250);
        } else if (m_destinations.size() > 1) {
            connect(queue, &ReleaseQueue::destinationChanged, this, [this](qint64, const ReleaseDestination& d) {
                const QString state = destinationStateName(d.state);
                if (m_lastState.value(d.id) == state)
                    return;
                m_lastState.insert(d.id, state);
                *m_ctx.err << d.account << ": " << state << Qt::endl;
            });
        }
    }

    void clear()
    {
        if (m_ctx.stderrIsTty && m_drawn > 0) {
            draw();
            *m_ctx.err << Qt::endl;
        }
    }

private:
    void draw()
    {
        if (m_drawn > 0)
            *m_ctx.err << "\x1b[" << m_drawn << "A";
        for (const ReleaseDestination& base : m_destinations) {
            auto d = m_queue->destination(base.id);
            const ReleaseDestination now = d ? d.value() : base;
            const DestinationProgress p = m_queue->progress(base.id);
            QString line = QStringLiteral("%1  %2").arg(now.label(), -30).arg(destinationStateName(now.state), -10);
            if (now.state == DestinationState::Uploading && p.bytesTotal > 0)
                line += QStringLiteral(" %1% %2/%3 %4/s ETA %5%6")
                            .arg(int(p.bytesDone * 100 / p.bytesTotal), 3)
                            .arg(humanSize(p.bytesDone), humanSize(p.bytesTotal), humanSize(qint64(p.bytesPerSecond)),
                                eta(p.etaSeconds), p.stalled ? QStringLiteral(" (stalled)") : QString());
            *m_ctx.err << "\r\x1b[2K" << line << "\n";
        }
        m_drawn = int(m_destinations.size());
        m_ctx.err->flush();
    }

    Context& m_ctx;
    ReleaseQueue* m_queue;
    QList<ReleaseDestination> m_destinations;
    QHash<qint64, QString> m_lastState;
    int m_drawn = 0;
};

// Runs the queue until this process has nothing left to do; Ctrl+C cancels.
void runQueue(Context& ctx, ReleaseQueue& queue, const QList<ReleaseDestination>& destinations)
{
    QList<qint64> ids;
    for (const ReleaseDestination& d : destinations)
        ids.append(d.id);
    ProgressView view(ctx, &queue, destinations);
    auto* run = new QueueRun(&queue, ids);
    runJob(ctx, run);
    if (!queue.isIdle()) { // cancelled: wait for the destinations to stop and record it
        QEventLoop loop;
        QObject::connect(&queue, &ReleaseQueue::idle, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    view.clear();
    run->deleteLater();
}

// Prints the result of one release and returns the exit code: 0 when every destination is done, else the code
// of the first one that is not.
int report(Context& ctx, const Release& release, bool json, bool legacySingle)
{
    int code = 0;
    const bool single = release.destinations.size() == 1;
    for (const ReleaseDestination& d : release.destinations) {
        if (d.state == DestinationState::Done) {
            if (!json) {
                const VersionInfo& v = d.version;
                QString display = d.account;
                if (auto p = ctx.workspace->provider(d.account))
                    display = p.value()->displayName();
                *ctx.out << "Published " << (v.appId.isEmpty() ? release.packageId : v.appId) << " " << v.versionName
                         << " (" << v.versionCode << ") to " << display
                         << (v.id.isEmpty() ? QString() : QStringLiteral(" as version ") + v.id) << "\n";
            }
            continue;
        }
        Error e = d.error;
        if (!e.isError())
            e = Error(Error::Kind::Internal,
                QStringLiteral("%1 did not finish (%2%3).")
                    .arg(d.label(), destinationStateName(d.state), d.paused ? QStringLiteral(", paused") : QString()));
        if (!single)
            e.message = d.label() + QStringLiteral(": ") + e.message;
        ctx.account = d.account;
        const int c = fail(ctx, e);
        if (code == 0)
            code = c;
    }
    if (json) {
        QJsonObject o {{QStringLiteral("release"), release.id}};
        QJsonArray dests;
        for (const ReleaseDestination& d : release.destinations) {
            QJsonObject x {{QStringLiteral("account"), d.account}, {QStringLiteral("app"), d.appId},
                {QStringLiteral("state"), destinationStateName(d.state)}};
            if (d.state == DestinationState::Done)
                x.insert(QStringLiteral("version"), d.version.toJson());
            if (d.error.isError())
                x.insert(QStringLiteral("error"), d.error.toJson());
            dests.append(x);
        }
        o.insert(QStringLiteral("destinations"), dests);
        // One destination named with --account: the version's own fields stay at the top, as before releases.
        if (legacySingle && single && release.destinations.first().state == DestinationState::Done) {
            const QJsonObject v = release.destinations.first().version.toJson();
            for (auto it = v.begin(); it != v.end(); ++it)
                o.insert(it.key(), it.value());
            o.insert(QStringLiteral("account"), release.destinations.first().account);
        }
        if (code == 0 || legacySingle == false || !single)
            printJson(ctx, o);
    }
    return code;
}

struct Target
{
    QString account;
    QString app;
};

} // namespace

int runPublish(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Publish one release (the primary package first, then companion files such as OBB or dSYM) to "
                       "one or more destinations. Service fields are passed with --set KEY=VALUE (every destination "
                       "that has KEY) or --set ACCOUNT.KEY=VALUE; `--set help` lists them."));
    const QCommandLineOption to(QStringLiteral("to"),
        QStringLiteral("A destination, ACCOUNT or ACCOUNT/APP (repeatable)."), QStringLiteral("ACCOUNT[/APP]"));
    const QCommandLineOption account({QStringLiteral("a"), QStringLiteral("account")},
        QStringLiteral("One destination account (default: local, the Local library)."), QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    const QCommandLineOption app(QStringLiteral("app"),
        QStringLiteral("Target app of a single destination (default: the package id)."), QStringLiteral("APP"));
    const QCommandLineOption appName(
        QStringLiteral("app-name"), QStringLiteral("Title of a new app."), QStringLiteral("NAME"));
    const QCommandLineOption notes(QStringLiteral("notes"), QStringLiteral("Release notes."), QStringLiteral("TEXT"));
    const QCommandLineOption notesFile(
        QStringLiteral("notes-file"), QStringLiteral("Read release notes from a file."), QStringLiteral("F"));
    const QCommandLineOption versionName(
        QStringLiteral("version-name"), QStringLiteral("Override the version name."), QStringLiteral("V"));
    const QCommandLineOption versionCode(
        QStringLiteral("version-code"), QStringLiteral("Override the version code."), QStringLiteral("N"));
    const QCommandLineOption label(QStringLiteral("label"),
        QStringLiteral("Label that tells apart builds with the same code."), QStringLiteral("L"));
    const QCommandLineOption set(QStringLiteral("set"),
        QStringLiteral("A service field, KEY=VALUE or ACCOUNT.KEY=VALUE (repeatable)."),
        QStringLiteral("[ACCOUNT.]KEY=VALUE"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
        QStringLiteral("Transfers at once (1-16; default: the releases/concurrency setting, 2)."), QStringLiteral("N"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Preflight warnings stop the publish."));
    const QCommandLineOption noPreflight(QStringLiteral("no-preflight"),
        QStringLiteral("Skip the preflight checks (recorded in the history; the service still refuses what it "
                       "refuses)."));
    for (const auto& o : {to, account, json, app, appName, notes, notesFile, versionName, versionCode, label, set,
             concurrency, strict, noPreflight})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Package files"), QStringLiteral("FILE..."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("publish")} + args,
            QStringLiteral("publish FILE... [--to ACCOUNT[/APP]]... [--account NAME] [--app APP] [--notes TEXT | "
                           "--notes-file F] [--set [ACCOUNT.]KEY=VALUE]... [--strict | --no-preflight] [--json]"),
            code))
        return code;

    // The destinations: every --to, plus --account (the single destination of earlier versions), else local.
    QList<Target> targets;
    for (const QString& t : parser.values(to)) {
        const qsizetype slash = t.indexOf(QLatin1Char('/'));
        Target target {slash < 0 ? t : t.left(slash), slash < 0 ? QString() : t.mid(slash + 1)};
        if (target.account.isEmpty())
            return usageError(ctx, QStringLiteral("--to expects ACCOUNT or ACCOUNT/APP, got \"%1\"").arg(t));
        for (const Target& other : targets) {
            if (other.account == target.account && other.app == target.app)
                return usageError(ctx, QStringLiteral("%1 is named twice with --to").arg(t));
        }
        targets.append(target);
    }
    if (parser.isSet(account) || targets.isEmpty())
        targets.append({parser.isSet(account) ? parser.value(account) : QStringLiteral("local"), QString()});
    if (parser.isSet(app)) {
        if (targets.size() != 1)
            return usageError(ctx, QStringLiteral("--app needs exactly one destination; use --to ACCOUNT/APP"));
        if (targets.first().app.isEmpty())
            targets.first().app = parser.value(app);
    }
    const bool legacySingle = targets.size() == 1 && !parser.isSet(to);

    QList<Provider*> providers;
    for (const Target& t : targets) {
        ctx.account = t.account;
        auto p = ctx.workspace->provider(t.account);
        if (!p)
            return fail(ctx, p.error());
        providers.append(p.value());
    }
    if (parser.values(set).contains(QStringLiteral("help"))) {
        for (Provider* p : providers) {
            *ctx.out << "--set keys for " << p->displayName() << ":\n";
            for (const FieldSpec& f : p->publishFields())
                *ctx.out << "  " << f.key << (f.required ? " (required)" : "") << "\t" << f.label << ". " << f.help
                         << "\n";
        }
        return 0;
    }

    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(ctx, QStringLiteral("publish needs at least one FILE"));
    if (parser.isSet(notes) && parser.isSet(notesFile))
        return usageError(ctx, QStringLiteral("use either --notes or --notes-file, not both"));
    bool concurrencyOk = true;
    const int limit = parser.isSet(concurrency) ? parser.value(concurrency).toInt(&concurrencyOk) : 0;
    if (!concurrencyOk || limit < 0 || limit > 16)
        return usageError(ctx, QStringLiteral("--concurrency takes a whole number from 1 to 16"));

    // --set: ACCOUNT.KEY goes to that destination; a bare KEY to every destination whose service has it.
    QVariantMap sets;
    if (!parseSetOptions(ctx, parser.values(set), sets))
        return 2;
    QList<QVariantMap> options(targets.size());
    auto hasField = [](Provider* p, const QString& key) {
        const QList<FieldSpec> fields = p->publishFields();
        return std::any_of(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.key == key; });
    };
    for (auto it = sets.cbegin(); it != sets.cend(); ++it) {
        const qsizetype dot = it.key().lastIndexOf(QLatin1Char('.'));
        const QString prefix = dot > 0 ? it.key().left(dot) : QString();
        bool prefixed = false;
        for (qsizetype i = 0; i < targets.size(); ++i) {
            if (targets.at(i).account != prefix)
                continue;
            prefixed = true;
            const QString key = it.key().mid(dot + 1);
            if (!hasField(providers.at(i), key))
                return usageError(ctx,
                    QStringLiteral("%1 has no field \"%2\" (see --set help)").arg(providers.at(i)->displayName(), key));
            options[i].insert(key, it.value());
        }
        if (prefixed)
            continue;
        bool used = false;
        for (qsizetype i = 0; i < targets.size(); ++i) {
            if (hasField(providers.at(i), it.key())) {
                options[i].insert(it.key(), it.value());
                used = true;
            }
        }
        if (!used)
            return usageError(ctx,
                targets.size() == 1
                    ? QStringLiteral("%1 has no field \"%2\" (see --set help)")
                          .arg(providers.first()->displayName(), it.key())
                    : QStringLiteral("no destination has a field \"%1\" (see --set help)").arg(it.key()));
    }

    Release release;
    for (const QString& f : files)
        release.request.files.append(QFileInfo(f).absoluteFilePath());
    release.request.appName = parser.value(appName);
    release.request.versionName = parser.value(versionName);
    release.request.versionCode = parser.value(versionCode);
    release.request.label = parser.value(label);
    release.request.notes = parser.value(notes);
    if (parser.isSet(notesFile)) {
        QFile f(parser.value(notesFile));
        if (!f.open(QIODevice::ReadOnly))
            return fail(ctx,
                Error(Error::Kind::Io, QStringLiteral("%1 cannot be read: %2").arg(f.fileName(), f.errorString())));
        release.request.notes = QString::fromUtf8(f.read(1 << 20));
    }

    // Metadata first (cheap): refuses a non-package before any transfer and shows the warnings.
    InspectOptions inspectOptions;
    inspectOptions.computeHashes = false;
    QList<PackageInfo> infos;
    for (const QString& f : release.request.files) {
        auto info = PackageInspector::inspect(f, inspectOptions);
        if (!info)
            return fail(ctx, info.error());
        infos.append(info.value());
    }
    PackageInfo& primary = infos.first();
    for (const PackageWarning& w : PackageInspector::checkCompanions(primary, infos.mid(1)))
        primary.addWarning(w.code, w.message, w.severity);
    // Package warnings do not stop a publish: they are printed as warnings (or notes), never as "error:", which
    // is kept for what fails the command.
    for (const PackageWarning& w : primary.rankedWarnings()) {
        const char* prefix = w.severity == PackageWarning::Severity::Info ? "note" : "warning";
        *ctx.err << "slipway-cli: " << prefix << ": " << w.code << ": " << w.message << Qt::endl;
    }
    release.request.inspection = primary.toJson();
    release.packageId = primary.packageId;
    release.signer = releaseSigner(release.request.inspection);
    release.publisher = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QDir::home().dirName()));
    release.host = QSysInfo::machineHostName();
    auto described = describeReleaseFiles(release.request.files);
    if (!described)
        return fail(ctx, described.error());
    release.files = described.value();
    for (qsizetype i = 0; i < targets.size(); ++i) {
        ReleaseDestination d;
        d.account = targets.at(i).account;
        d.appId = targets.at(i).app;
        d.options = options.at(i);
        release.destinations.append(d);
    }

    // Preflight for every destination before any transfer: a block stops the whole release here (exit 3, or 7 for
    // a version that exists); each destination's checking step runs it again when the queue starts it.
    if (parser.isSet(noPreflight)) {
        release.request.skipPreflight = true;
        *ctx.err << "slipway-cli: warning: preflight skipped (--no-preflight)" << Qt::endl;
    } else {
        QList<PreflightDestination> checked;
        Preflight preflight(ctx.workspace);
        for (const ReleaseDestination& d : release.destinations)
            checked.append(preflight.destinationFor(d.account + QLatin1Char('/') + d.appId));
        if (const int gate = preflightGate(ctx, release.request, checked, parser.isSet(strict)))
            return gate;
    }

    auto store = openStore(ctx, code);
    if (!store)
        return code;
    ReleaseQueue queue(ctx.workspace, store.get());
    if (limit > 0)
        queue.setConcurrency(limit);
    auto submitted = queue.submit(release);
    if (!submitted)
        return fail(ctx, submitted.error());
    runQueue(ctx, queue, release.destinations);
    auto done = store->load(release.id);
    if (!done)
        return fail(ctx, done.error());
    return report(ctx, done.value(), parser.isSet(json), legacySingle);
}

int runReleases(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The release history, newest first, with each destination."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Print CSV (one row per destination)."));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Show the newest N."), QStringLiteral("N"));
    parser.addOption(json);
    parser.addOption(csv);
    parser.addOption(limit);
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("releases")} + args,
            QStringLiteral("releases [--json | --csv] [--limit N]"), code))
        return code;
    bool ok = true;
    const int n = parser.isSet(limit) ? parser.value(limit).toInt(&ok) : 0;
    if (!ok || n < 0)
        return usageError(ctx, QStringLiteral("--limit takes a positive whole number"));
    auto store = openStore(ctx, code);
    if (!store)
        return code;
    auto releases = store->list(n);
    if (!releases)
        return fail(ctx, releases.error());
    if (parser.isSet(json)) {
        *ctx.out << ReleaseExport::toJson(releases.value());
        return 0;
    }
    if (parser.isSet(csv)) {
        ctx.out->flush();
        *ctx.out << QString::fromUtf8(ReleaseExport::toCsv(releases.value()));
        return 0;
    }
    for (const Release& r : releases.value()) {
        *ctx.out << r.id << "\t" << r.created.toString(Qt::ISODate) << "\t" << r.packageId << " " << r.versionName()
                 << " (" << r.versionCode() << ")\t" << destinationStateName(r.overallState()) << "\t"
                 << (r.publisher.isEmpty() ? QStringLiteral("-") : r.publisher) << "\n";
        for (const ReleaseDestination& d : r.destinations) {
            *ctx.out << "  " << d.label() << "\t" << destinationStateName(d.state) << (d.paused ? " (paused)" : "");
            if (!d.version.id.isEmpty())
                *ctx.out << "\tversion " << d.version.id;
            const QString url = ReleaseExport::versionUrl(d.version);
            if (!url.isEmpty())
                *ctx.out << "\t" << url;
            if (d.error.isError() && d.state != DestinationState::Done)
                *ctx.out << "\t" << d.error.message;
            *ctx.out << "\n";
        }
    }
    return 0;
}

namespace {

// Loads a release named on the command line.
Result<Release> releaseArgument(ReleaseStore& store, const QString& text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return Error::forField(Error::Kind::Validation, QStringLiteral("release"),
            QStringLiteral("\"%1\" is not a release id (see `slipway-cli releases`).").arg(text));
    return store.load(id);
}

// cancel and retry: the same shape, one action per destination.
int runDestinationAction(Context& ctx, const QStringList& args, bool retry)
{
    const QString name = retry ? QStringLiteral("retry") : QStringLiteral("cancel");
    QCommandLineParser parser;
    parser.setApplicationDescription(retry ? QStringLiteral("Retry the failed or cancelled destinations of a release.")
                                           : QStringLiteral("Cancel the unfinished destinations of a release."));
    const QCommandLineOption to(
        QStringLiteral("to"), QStringLiteral("Only this account's destination."), QStringLiteral("ACCOUNT"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    parser.addOption(to);
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("RELEASE-ID"), QStringLiteral("See `slipway-cli releases`."));
    int code = 0;
    if (!parse(ctx, parser, QStringList {name} + args, name + QStringLiteral(" RELEASE-ID [--to ACCOUNT]"), code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(ctx, name + QStringLiteral(" needs exactly one RELEASE-ID"));
    auto store = openStore(ctx, code);
    if (!store)
        return code;
    auto release = releaseArgument(*store, parser.positionalArguments().first());
    if (!release)
        return fail(ctx, release.error());
    ReleaseQueue queue(ctx.workspace, store.get());
    QList<ReleaseDestination> acted;
    for (const ReleaseDestination& d : release.value().destinations) {
        if (parser.isSet(to) && d.account != parser.value(to))
            continue;
        const bool eligible = retry ? (d.state == DestinationState::Failed || d.state == DestinationState::Cancelled)
                                    : !isFinalState(d.state);
        if (!eligible)
            continue;
        Status s = retry ? queue.retry(d.id) : queue.cancel(d.id);
        if (!s)
            return fail(ctx, s.error());
        acted.append(d);
    }
    if (acted.isEmpty())
        return fail(ctx,
            Error(Error::Kind::NotFound,
                QStringLiteral("Release %1 has no %2 destination%3.")
                    .arg(release.value().id)
                    .arg(retry ? QStringLiteral("failed or cancelled") : QStringLiteral("unfinished"),
                        parser.isSet(to) ? QStringLiteral(" on ") + parser.value(to) : QString())));
    if (retry)
        runQueue(ctx, queue, acted);
    auto after = store->load(release.value().id);
    if (!after)
        return fail(ctx, after.error());
    if (!retry) {
        for (const ReleaseDestination& d : acted)
            *ctx.out << "Cancelled " << d.label() << " of release " << release.value().id << "\n";
        return 0;
    }
    return report(ctx, after.value(), parser.isSet(json), false);
}

} // namespace

int runResume(Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Resume every interrupted release (or one): a destination that landed while nothing ran is "
                       "recorded as done, the others continue. Never publishes a version twice."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON on stdout."));
    parser.addOption(json);
    parser.addPositionalArgument(
        QStringLiteral("RELEASE-ID"), QStringLiteral("Only this release."), QStringLiteral("[RELEASE-ID]"));
    int code = 0;
    if (!parse(ctx, parser, QStringList {QStringLiteral("resume")} + args,
            QStringLiteral("resume [RELEASE-ID] [--json]"), code))
        return code;
    if (parser.positionalArguments().size() > 1)
        return usageError(ctx, QStringLiteral("resume takes at most one RELEASE-ID"));
    auto store = openStore(ctx, code);
    if (!store)
        return code;
    ReleaseQueue queue(ctx.workspace, store.get());
    QList<qint64> ids;
    if (parser.positionalArguments().size() == 1) {
        auto release = releaseArgument(*store, parser.positionalArguments().first());
        if (!release)
            return fail(ctx, release.error());
        auto adopted = queue.adopt(release.value().id);
        if (!adopted)
            return fail(ctx, adopted.error());
        if (adopted.value() > 0)
            ids.append(release.value().id);
    } else {
        auto adopted = queue.adoptInterrupted();
        if (!adopted)
            return fail(ctx, adopted.error());
        ids = adopted.value();
    }
    if (ids.isEmpty()) {
        if (parser.isSet(json))
            printJson(ctx, QJsonArray());
        else
            *ctx.err << "slipway-cli: nothing to resume" << Qt::endl;
        return 0;
    }
    QList<ReleaseDestination> all;
    for (qint64 id : ids) {
        if (auto r = store->load(id)) {
            for (const ReleaseDestination& d : r.value().destinations) {
                if (!isFinalState(d.state))
                    all.append(d);
            }
        }
    }
    runQueue(ctx, queue, all);
    int result = 0;
    for (qint64 id : ids) {
        auto r = store->load(id);
        if (!r)
            return fail(ctx, r.error());
        const int c = report(ctx, r.value(), parser.isSet(json), false);
        if (result == 0)
            result = c;
    }
    return result;
}

int runCancel(Context& ctx, const QStringList& args)
{
    return runDestinationAction(ctx, args, false);
}

int runRetry(Context& ctx, const QStringList& args)
{
    return runDestinationAction(ctx, args, true);
}

} // namespace Slipway::Cli
