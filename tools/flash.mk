# pix-flash (host): makes and inspects flash files with the firmware's own chip model, driver
# and layout (flash/), image checks and licence codec. Included by the top Makefile.
#
# Its trust command parses X.509 certificates (the HTTPS trust anchors) with mbedTLS in its
# default (full) configuration, not the firmware's lib/mbedtls_config.h: the whole of pix-flash
# is built with that configuration and links the host tools' archive of it (HOST_MBEDTLS_LIB,
# top Makefile).
PIXFLASH := $(B)/host/pix-flash
PIXFLASH_SRCS := tools/pix-flash.c tools/toolutil.c tools/toolkey.c $(LAYOUT_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c os/pem.c
PIXFLASH_HDRS := flash/layout.h flash/layout_int.h flash/at29.h flash/at29_model.h flash/at29_regs.h \
	flash/at29_sim.h flash/flash_bus.h flash/pix_image.h flash/pix_sig.h license/lic.h os/pem.h \
	tools/toolkey.h
PIXFLASH_CFLAGS = $(HOST_FULL_CFLAGS)
PIXFLASH_MBEDTLS_LIB := $(HOST_MBEDTLS_LIB)

$(PIXFLASH): $(PIXFLASH_SRCS) $(PIXFLASH_HDRS) $(PIXFLASH_MBEDTLS_LIB) | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(PIXFLASH_CFLAGS) -O2 -o $@ $(PIXFLASH_SRCS) $(PIXFLASH_MBEDTLS_LIB)

ALL_EXTRA += $(PIXFLASH)
