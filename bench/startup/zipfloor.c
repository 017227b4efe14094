/* The floor without Qt: a program that loads libzip (and what Debian's libzip links: libcrypto, zlib, libbz2) and
   returns. bench/startup/run.sh times it beside benchfloor, so the two floors say which library costs what. */
#include <zip.h>

int main(void)
{
    return zip_libzip_version() ? 0 : 1;
}
