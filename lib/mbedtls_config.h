/*
 * mbedTLS 2.28 configuration of the firmware: only the primitives it uses
 * (SHA-256 for downloads and images; AES for activation keys; MD5 for the running image's
 * PIX-compatible password hashes; the message digest layer for HMAC-SHA-256 of failover messages,
 * net/fo_frame.c, whose md.c only the running image and host tests link; ECDSA P-256 verification
 * of signed images, flash/pix_sig.c, in every firmware target), no platform layer, no file system,
 * no entropy source. Used for the ROM and host builds. bignum allocates through calloc and free:
 * libc's on the host, lib/heap.c's arena in the firmware (lib/stdlib.c).
 */
#ifndef PIX_MBEDTLS_CONFIG_H
#define PIX_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
#define MBEDTLS_AES_C
#define MBEDTLS_MD5_C
#define MBEDTLS_MD_C
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY

/*
 * Image signatures (flash/pix_sig.c): ECDSA verification on P-256. ecdsa.c needs ASN.1 for its
 * DER signature functions (check_config.h); the verifier passes r and s as numbers and does not
 * call them, so a --gc-sections link drops them.
 */
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
/* P-256's fast reduction: 3.4 times faster verification for 1.1 KB of i386 code (README.md) */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#ifndef PIX_TLS
/*
 * Verification multiplies public values only: no blinding, so no internal DRBG (the running
 * image's TLS has its CTR-DRBG and keeps mbedTLS's default).
 */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#endif

#ifdef PIX_TLS
/*
 * The running image's HTTPS client (built with PIX_TLS): TLS 1.2 only, forward-secret key exchanges
 * (ECDHE with RSA or ECDSA certificates) and AEAD ciphers, X.509 chains verified against the trust
 * anchors in flash, the server's name sent (SNI) and checked, validity checked against the CMOS
 * RTC (time and gmtime_r come from boot/pixos/), entropy from RDRAND only (hardware poll, no
 * platform source), memory from lwIP's heap (altcp_tls_mbedtls_mem.c sets calloc/free).
 */
#include <stdio.h> /* snprintf, mbedTLS's through MBEDTLS_PLATFORM_SNPRINTF_MACRO */

#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE /* net/tls.c checks its iPAddress entries */
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
/*
 * mbedTLS's calloc and free until pixos_tls_init() hands it lwIP's heap: the firmware's own
 * (lib/heap.c through lib/stdlib.c), as in the ROM, rather than none (without these, every
 * allocation would fail until then). So a signature check (flash/pix_sig.c) has memory however
 * early it runs, with nothing to call first. Set here rather than by a call at start: valid
 * from the first instruction, whatever the start's order becomes. No block crosses the switch,
 * as mbedTLS requires (each must go back to the allocator that gave it): what runs before it
 * frees all it takes before it returns, as sig_verify() does. After it, a verification takes its
 * 4-5 KB from lwIP's heap, beside TLS.
 */
#define MBEDTLS_PLATFORM_STD_MEM_HDR <stdlib.h>
#define MBEDTLS_PLATFORM_STD_CALLOC calloc
#define MBEDTLS_PLATFORM_STD_FREE free
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO snprintf
#define MBEDTLS_PLATFORM_PRINTF_MACRO(...) 0
#define MBEDTLS_PLATFORM_FPRINTF_MACRO(...) 0
#define MBEDTLS_PLATFORM_EXIT_MACRO(x) ((void)(x))
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384 /* a server may send full records */
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096 /* the client sends a request */
#endif /* PIX_TLS */

#include "mbedtls/check_config.h"

#endif /* PIX_MBEDTLS_CONFIG_H */
