// Includes only its own layer and the one below: the layer check must accept it.
#include "local.h"
#include <common/base.h>
#include <QString>
#include <openssl/evp.h>
