# pix-flash (host): makes and inspects flash files with the firmware's own chip model, driver
# and layout (flash/), image checks and licence codec. Included by the top Makefile.
PIXFLASH := $(B)/host/pix-flash
PIXFLASH_SRCS := tools/pix-flash.c tools/toolutil.c $(LAYOUT_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c $(MBEDTLS_DIR)/library/sha256.c \
	$(MBEDTLS_DIR)/library/aes.c $(MBEDTLS_DIR)/library/platform_util.c
PIXFLASH_HDRS := flash/layout.h flash/layout_int.h flash/at29.h flash/at29_model.h flash/at29_regs.h \
	flash/at29_sim.h flash/flash_bus.h flash/pix_image.h license/lic.h

$(PIXFLASH): $(PIXFLASH_SRCS) $(PIXFLASH_HDRS) | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(HOST_CFLAGS) -O2 -o $@ $(PIXFLASH_SRCS)

ALL_EXTRA += $(PIXFLASH)
