/*
 * mbedTLS 2.28 configuration of the firmware: only the primitives it uses
 * (SHA-256 for downloads and images; AES for activation keys; MD5 for the running image's
 * PIX-compatible password hashes), no platform
 * layer, no file system, no entropy source. Used for the ROM and host builds.
 */
#ifndef PIX_MBEDTLS_CONFIG_H
#define PIX_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
#define MBEDTLS_AES_C
#define MBEDTLS_MD5_C
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY

#include "mbedtls/check_config.h"

#endif /* PIX_MBEDTLS_CONFIG_H */
