# Host tools built into build/host/ (DESIGN.md "Host tools"); `make` builds them via ALL_EXTRA.
KEYGEN_SRCS := tools/pix-keygen.c license/lic.c $(MBEDTLS_DIR)/library/aes.c \
	$(MBEDTLS_DIR)/library/platform_util.c

$(B)/host/pix-keygen: $(KEYGEN_SRCS) license/lic.h | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(HOST_CFLAGS) -O2 -o $@ $(KEYGEN_SRCS)

ALL_EXTRA += $(B)/host/pix-keygen
