#include "clisupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <common/job.h>
#include <csignal>
#include <providers/providerregistry.h>
#include <unistd.h>

namespace Slipway::Cli {

namespace {

Job* g_runningJob = nullptr;
int g_signalPipe[2] = {-1, -1};

void onSigint(int)
{
    const char c = 1;
    if (g_signalPipe[1] >= 0) [[maybe_unused]]
        auto n = ::write(g_signalPipe[1], &c, 1);
}

} // namespace

bool runJob(Context& ctx, Job* job)
{
    if (g_signalPipe[0] < 0 && ::pipe(g_signalPipe) == 0)
        std::signal(SIGINT, onSigint);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, job, [job, &notifier] {
        char c;
        [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
        notifier.setEnabled(false);
        job->cancel();
    });
    g_runningJob = job;
    QElapsedTimer shown;
    shown.start();
    if (ctx.stderrIsTty) {
        QObject::connect(job, &Job::progress, job, [&ctx, &shown](qint64 done, qint64 total) {
            if (shown.elapsed() < 200 && done < total)
                return;
            shown.restart();
            const int pct = total > 0 ? int(done * 100 / total) : 0;
            *ctx.err << "\r" << pct << "% " << humanSize(done) << " / " << humanSize(total) << "   ";
            ctx.err->flush();
        });
        QObject::connect(
            job, &Job::statusChanged, job, [&ctx](const QString& status) { *ctx.err << "\r" << status << Qt::endl; });
    }
    job->waitForFinished();
    if (ctx.stderrIsTty)
        *ctx.err << "\r" << QString(40, QLatin1Char(' ')) << "\r";
    g_runningJob = nullptr;
    return job->succeeded();
}

QString primarySecretOf(const Context& ctx)
{
    QString serviceId = ctx.service;
    if (serviceId.isEmpty() && ctx.workspace && !ctx.account.isEmpty()) {
        if (const auto account = ctx.workspace->account(ctx.account))
            serviceId = account->service;
    }
    if (const ServiceInfo* service = ProviderRegistry::service(serviceId)) {
        if (const FieldSpec* secret = service->primarySecret())
            return secret->key;
    }
    return {};
}

} // namespace Slipway::Cli
