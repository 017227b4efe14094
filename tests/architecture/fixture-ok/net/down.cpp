// Includes only its own layer and the one below: the layer check must accept it.
#include "local.h"

#include <QString>
#include <common/base.h>
#include <openssl/evp.h>
