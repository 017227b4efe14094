#include "ascapi.h"

#include "ascjson.h"
#include "ascjwt.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <credentials/credentialstore.h>
#include <providers/servicecatalog.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcAsc, "slipway.provider.appstoreconnect")

struct AscApi::SignerSlot
{
    std::unique_ptr<AscJwtSigner> signer;
};

AscApi::AscApi(const Account& account, const ProviderContext& context, QObject* parent)
    : QObject(parent)
    , m_account(account)
    , m_context(context)
    , m_http(context.http)
    , m_signer(std::make_shared<SignerSlot>())
{
    m_service.name = QStringLiteral("App Store Connect");
    m_service.baseUrl = account.baseUrl.isValid() && !account.baseUrl.isEmpty()
        ? account.baseUrl
        : QUrl(QStringLiteral("https://api.appstoreconnect.apple.com"));
    const std::shared_ptr<SignerSlot> slot = m_signer;
    m_service.auth = HttpAuth::bearer([slot]() -> QByteArray {
        if (!slot->signer)
            return {};
        auto token = slot->signer->token();
        return token ? token.value() : QByteArray();
    });
    m_service.errorParser = [](const HttpResponse& response, Error& error) {
        const Error apple = AscJson::errorFromResponse(response.status, response.body, response.header("X-Rate-Limit"));
        error.kind = apple.kind;
        error.message = apple.message;
        if (!apple.serverMessage.isEmpty())
            error.serverMessage = apple.serverMessage;
        if (!apple.details.isEmpty())
            error.details = apple.details + QStringLiteral(" (") + error.details + QLatin1Char(')');
    };
    m_service.headers = {{"Accept", "application/json"}};
}

AscApi::~AscApi() = default;

HttpRequest AscApi::request(const QByteArray& method, const QString& path) const
{
    HttpRequest r = m_service.request(method, path);
    if (method != "GET" && method != "DELETE")
        r.contentType = "application/json";
    return r;
}

void AscApi::withSigner(QObject* context, const std::function<void(const Status&)>& next)
{
    if (m_signer->signer) {
        next(Ok {});
        return;
    }
    m_waitingForKey.append(next);
    if (m_loadingKey)
        return;
    if (!m_context.credentials) {
        const auto waiting = std::exchange(m_waitingForKey, {});
        for (const auto& w : waiting)
            w(Error(Error::Kind::Keychain, tr("No keychain is available to read the App Store Connect key.")));
        return;
    }
    m_loadingKey = true;
    SecretJob* job = m_context.credentials->read(
        CredentialStore::keyFor(m_account.name, QString::fromLatin1(ServiceCatalog::Keys::privateKey)));
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        m_loadingKey = false;
        Status status = Ok {};
        if (!job->succeeded()) {
            Error e = job->error();
            if (e.kind == Error::Kind::NotFound)
                e = Error(Error::Kind::Auth,
                    tr("The account %1 has no App Store Connect private key in the keychain; add it with "
                       "`slipway-cli accounts edit %1 --secret-file AuthKey_<key ID>.p8`.")
                        .arg(m_account.name));
            status = e;
        } else {
            const QString keyId = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::keyId));
            const QString issuer = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::issuerId));
            const Status valid = AscJwtSigner::validateKey(job->result());
            if (!valid)
                status = valid.error();
            else if (keyId.trimmed().isEmpty())
                status = Error(Error::Kind::Validation,
                    tr("The account %1 has no key ID (key-id); App Store Connect needs it to accept the token.")
                        .arg(m_account.name));
            else
                m_signer->signer = std::make_unique<AscJwtSigner>(keyId, issuer, job->result());
        }
        const auto waiting = std::exchange(m_waitingForKey, {});
        for (const auto& w : waiting)
            w(status);
    });
    Q_UNUSED(context);
}

void AscApi::send(const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current)
{
    if (!m_http) {
        done(Error(Error::Kind::Internal,
            tr("App Store Connect cannot be reached: no HTTP client was given to the provider.")));
        return;
    }
    QPointer<QObject> guard(context);
    withSigner(context, [=, this](const Status& st) {
        if (!guard)
            return;
        if (!st) {
            done(st.error());
            return;
        }
        sendAttempt(request, context, done, current, false);
    });
}

void AscApi::sendAttempt(
    const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current, bool renewed)
{
    auto token = m_signer->signer->token();
    if (!token) {
        done(token.error());
        return;
    }
    HttpJob* job = m_http->send(request, context);
    if (current)
        *current = job;
    connect(job, &Job::finished, context, [=, this] {
        job->deleteLater();
        if (job->succeeded()) {
            done(job->result());
            return;
        }
        const Error e = job->error();
        if (e.httpStatus == 401 && !renewed && !job->isCancelled()) {
            // The token may have expired or been revoked between signing and arrival: sign a new one, once.
            qCDebug(lcAsc) << "401 from App Store Connect; signing a new token and trying once more";
            m_signer->signer->invalidate();
            sendAttempt(request, context, done, current, true);
            return;
        }
        done(e);
    });
}

void AscApi::fetchAll(const HttpRequest& first, QObject* context, const PagesDone& done, QPointer<PagedJob>* current)
{
    if (!m_http) {
        done(Error(Error::Kind::Internal,
            tr("App Store Connect cannot be reached: no HTTP client was given to the provider.")));
        return;
    }
    QPointer<QObject> guard(context);
    withSigner(context, [=, this](const Status& st) {
        if (!guard)
            return;
        if (!st) {
            done(st.error());
            return;
        }
        fetchAttempt(first, context, done, current, false);
    });
}

void AscApi::fetchAttempt(
    const HttpRequest& first, QObject* context, const PagesDone& done, QPointer<PagedJob>* current, bool renewed)
{
    auto token = m_signer->signer->token();
    if (!token) {
        done(token.error());
        return;
    }
    // Apple's links.next is always an absolute URL; a relative one (mock servers) is not followed.
    NextPage next = [inner = Paging::jsonLink({QStringLiteral("links"), QStringLiteral("next")})](
                        const HttpRequest& current, const HttpResponse& page, int index) -> PageStep {
        const QString link = QJsonDocument::fromJson(page.body)
                                 .object()
                                 .value(QLatin1String("links"))
                                 .toObject()
                                 .value(QLatin1String("next"))
                                 .toString();
        if (!link.isEmpty() && QUrl(link).scheme().isEmpty()) {
            qCWarning(lcAsc).noquote() << "ignoring a relative links.next:" << link;
            return {};
        }
        return inner(current, page, index);
    };
    PagedJob* job = m_http->fetchAll(first, next, 1000, context);
    if (current)
        *current = job;
    connect(job, &Job::finished, context, [=, this] {
        job->deleteLater();
        if (job->succeeded()) {
            done(job->result());
            return;
        }
        const Error e = job->error();
        if (e.httpStatus == 401 && !renewed && !job->isCancelled()) {
            m_signer->signer->invalidate();
            fetchAttempt(first, context, done, current, true);
            return;
        }
        done(e);
    });
}

} // namespace Slipway
