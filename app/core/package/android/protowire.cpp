#include "protowire.h"
