#pragma once
#include <net/local.h>
