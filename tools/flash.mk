# pix-flash (host): makes and inspects flash files with the firmware's own chip model, driver
# and layout (flash/), image checks and licence codec. Included by the top Makefile.
#
# Its trust command parses X.509 certificates (the HTTPS trust anchors) with mbedTLS in its
# default (full) configuration, not the firmware's lib/mbedtls_config.h: the whole of pix-flash
# is built with that configuration, and mbedTLS's files, with mbedTLS's own warnings, go into an
# archive the link takes only what it needs from. The modules: what x509_crt.c (with pk, PEM
# and error strings) pulls in, and what the layout (SHA-256) and the licence codec (AES) use.
PIXFLASH := $(B)/host/pix-flash
PIXFLASH_SRCS := tools/pix-flash.c tools/toolutil.c $(LAYOUT_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c os/pem.c
PIXFLASH_HDRS := flash/layout.h flash/layout_int.h flash/at29.h flash/at29_model.h flash/at29_regs.h \
	flash/at29_sim.h flash/flash_bus.h flash/pix_image.h license/lic.h os/pem.h
PIXFLASH_CFLAGS = $(filter-out -DMBEDTLS_CONFIG_FILE=%,$(HOST_CFLAGS))
PIXFLASH_MBEDTLS_MODS := aes aesni arc4 asn1parse asn1write base64 bignum blowfish camellia ccm \
	certs chacha20 chachapoly cipher cipher_wrap constant_time des ecdsa ecp ecp_curves error gcm \
	hmac_drbg md md5 oid pem pk pk_wrap pkcs12 pkcs5 pkparse platform_util poly1305 ripemd160 \
	rsa rsa_internal sha1 sha256 sha512 x509 x509_crt
PIXFLASH_MBEDTLS_DIR := $(B)/host/mbedtls-full
PIXFLASH_MBEDTLS_LIB := $(PIXFLASH_MBEDTLS_DIR)/libmbedtls-full.a

# The sources are fetched once, at a fixed version: an object depends on the stamp, not on them.
$(PIXFLASH_MBEDTLS_DIR)/%.o: $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  mbedtls/$*.c (full configuration)")
	$(Q)$(CC) -O2 -I$(MBEDTLS_DIR)/include -c -o $@ $(MBEDTLS_DIR)/library/$*.c

$(PIXFLASH_MBEDTLS_LIB): $(patsubst %,$(PIXFLASH_MBEDTLS_DIR)/%.o,$(PIXFLASH_MBEDTLS_MODS))
	$(Q)rm -f $@ && ar rcs $@ $^

$(PIXFLASH): $(PIXFLASH_SRCS) $(PIXFLASH_HDRS) $(PIXFLASH_MBEDTLS_LIB) | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(PIXFLASH_CFLAGS) -O2 -o $@ $(PIXFLASH_SRCS) $(PIXFLASH_MBEDTLS_LIB)

ALL_EXTRA += $(PIXFLASH)
