# pix-mkdisk (host): writes and shows the Boothelper diskette (boot/common/bhdisk.h), checking its
# image with the firmware's own image code. Included by the top Makefile.
MKDISK := $(B)/host/pix-mkdisk
MKDISK_SRCS := tools/pix-mkdisk.c tools/toolutil.c flash/pix_image.c \
	$(MBEDTLS_DIR)/library/sha256.c $(MBEDTLS_DIR)/library/platform_util.c

$(MKDISK): $(MKDISK_SRCS) boot/common/bhdisk.h flash/pix_image.h | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(HOST_CFLAGS) -O2 -o $@ $(MKDISK_SRCS)

ALL_EXTRA += $(MKDISK)
