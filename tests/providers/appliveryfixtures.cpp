#include "appliveryfixtures.h"

namespace AppliveryFixtures {

QByteArray truncatedList()
{
    return QByteArray(R"({"status":true,"data":{"items":[{"id":"a","na)");
}

} // namespace AppliveryFixtures
