// Placeholder until the accounts command lands (issue 4).
#include "clisupport.h"

namespace Slipway::Cli {

int runAccounts(Context& ctx, const QStringList& args)
{
    Q_UNUSED(args)
    return fail(ctx, Error(Error::Kind::Unsupported, QStringLiteral("accounts: not available in this build yet.")));
}

} // namespace Slipway::Cli
