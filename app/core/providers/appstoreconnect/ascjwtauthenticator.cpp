#include "ascjwtauthenticator.h"

#include "appstoreconnectprovider.h"
#include "ascjson.h"
#include "ascjwt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>
#include <credentials/credentialstore.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AscJwtAuthenticator)
};

Error accountError(Error error, const char* key)
{
    error.field = QStringLiteral("account:") + QLatin1String(key);
    return error;
}

} // namespace

AscJwtAuthenticator::AscJwtAuthenticator(CredentialStore* store, QString accountName, QString keyId, QString issuerId)
    : m_store(store)
    , m_accountName(std::move(accountName))
    , m_keyId(std::move(keyId))
    , m_issuerId(std::move(issuerId))
    , m_signer(std::make_shared<std::unique_ptr<AscJwtSigner>>())
{ }

AscJwtAuthenticator::~AscJwtAuthenticator() = default;

void AscJwtAuthenticator::received(const HttpResponse& response)
{
    const QByteArray header = response.header("X-Rate-Limit");
    if (header.isEmpty())
        return;
    const auto [limit, remaining] = AscJson::parseRateLimit(header);
    if (remaining < 0)
        return;
    m_rateLimit = limit;
    m_rateRemaining = remaining;
    m_rateSeenMs = QDateTime::currentMSecsSinceEpoch();
}

void AscJwtAuthenticator::prepare(QObject* owner, const Ready& ready)
{
    // Apple's budget is per rolling hour: an observation older than that says nothing any more.
    if (m_rateRemaining >= 0 && QDateTime::currentMSecsSinceEpoch() - m_rateSeenMs > 3600 * 1000)
        m_rateRemaining = -1;
    const qint64 wait = AscJson::paceDelayMs(m_rateLimit, m_rateRemaining);
    if (wait < 0) {
        Error e(Error::Kind::RateLimited,
            Texts::tr(
                "App Store Connect's hourly request budget for this key is used up (X-Rate-Limit: %1 of %2 left); "
                "Slipway sends nothing more until it recovers. Try again later.")
                .arg(m_rateRemaining)
                .arg(m_rateLimit));
        ready(e);
        return;
    }
    if (wait > 0) {
        // One request fewer in the budget until the next answer says otherwise.
        --m_rateRemaining;
        QTimer::singleShot(int(wait), owner, [this, owner, ready] { prepareNow(owner, ready); });
        return;
    }
    prepareNow(owner, ready);
}

void AscJwtAuthenticator::prepareNow(QObject* owner, const Ready& ready)
{
    if (*m_signer) {
        ready(signToken());
        return;
    }
    if (!m_store) {
        ready(Error(Error::Kind::Keychain, Texts::tr("No keychain is available to read the App Store Connect key.")));
        return;
    }
    m_waiting.append(ready);
    if (m_reading)
        return;
    m_reading = true;
    SecretJob* job = m_store->read(
        CredentialStore::keyFor(m_accountName, QString::fromLatin1(AppStoreConnectProvider::Keys::privateKey)));
    QObject::connect(job, &Job::finished, owner, [this, job] {
        job->deleteLater();
        m_reading = false;
        if (job->succeeded())
            loaded(job->result());
        else
            loaded(job->error());
    });
}

void AscJwtAuthenticator::loaded(const Result<QByteArray>& pem)
{
    Status status = Ok {};
    if (!pem) {
        status = pem.error();
        if (pem.error().kind == Error::Kind::NotFound)
            status = accountError(missingSecretError(m_accountName, Texts::tr("App Store Connect private key (.p8)")),
                AppStoreConnectProvider::Keys::privateKey);
    } else if (const Status valid = AscJwtSigner::validateKey(pem.value()); !valid) {
        status = accountError(valid.error(), AppStoreConnectProvider::Keys::privateKey);
    } else if (m_keyId.trimmed().isEmpty()) {
        status
            = accountError(Error(Error::Kind::Validation,
                               Texts::tr("The account %1 has no key ID (key-id); App Store Connect needs it to accept "
                                         "the token.")
                                   .arg(m_accountName)),
                AppStoreConnectProvider::Keys::keyId);
    } else {
        *m_signer = std::make_unique<AscJwtSigner>(m_keyId, m_issuerId, pem.value());
        status = signToken();
    }
    const auto waiting = std::exchange(m_waiting, {});
    for (const Ready& r : waiting)
        r(status);
}

Status AscJwtAuthenticator::signToken()
{
    auto token = (*m_signer)->token();
    if (!token)
        return token.error();
    return Ok {};
}

HttpAuth AscJwtAuthenticator::auth() const
{
    return HttpAuth::bearer([signer = m_signer]() -> QByteArray {
        if (!*signer)
            return {};
        auto token = (*signer)->token();
        return token ? token.value() : QByteArray();
    });
}

bool AscJwtAuthenticator::invalidate()
{
    if (*m_signer)
        (*m_signer)->invalidate();
    return true;
}

} // namespace Slipway
