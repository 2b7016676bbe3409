# The running image build/pixos.bin (DESIGN.md "The running image"): boot/pixos/ wiring, the
# portable core (os/, cli/, the monitor's line editor, net/, flash/, license/) and the drivers,
# linked at PIXOS_LOAD and packed by pix-mkimage as a PIX OS image. Included by the top Makefile.
PIXOS_VERSION := 6.3(5)
PIXOS_LOAD := 0x00400000
PIXOS_DL_BASE := 0x00800000
PIXOS_BUILD := $(shell date -u -d @$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
		'+%a %d-%b-%y %H:%M') by pixbuild

PIXOS_SRCS := boot/pixos/entry.S boot/pixos/main.c boot/pixos/pixhttp.c \
	boot/pixos/pixtls.c boot/pixos/pixdns.c boot/pixos/pixlink.c $(wildcard boot/common/*.c os/*.c cli/*.c \
	drivers/*.c lib/*.c net/*.c) boot/rom/romnet.c boot/rom/romflash.c \
	monitor/lineedit.c monitor/parse.c monitor/output.c \
	flash/at29.c flash/at29_model.c $(LAYOUT_SRCS) flash/pix_image.c license/lic.c
# The running image has TCP (HTTP and HTTPS through lwIP's altcp) and DNS, the ROM has not: lwIP's options
# (net/lwipopts.h, PIX_NET_TCP) change lwIP's structures, so every object of the image is built
# apart from the ROM's, from the same sources, under build/pixos/obj/ and build/pixos/lwip/.
PIXOS_CFLAGS := -DPIX_NET_TCP -DPIX_TLS -DPIXOS_DL_BASE=$(PIXOS_DL_BASE)
PIXOS_OBJS := $(patsubst %,$(B)/pixos/obj/%.o,$(PIXOS_SRCS))
PIXOS_LWIP_TCP_SRCS := $(addprefix $(LWIP_DIR)/src/, core/tcp.c core/tcp_in.c core/tcp_out.c \
	core/altcp.c core/altcp_alloc.c core/altcp_tcp.c apps/altcp_tls/altcp_tls_mbedtls.c \
	apps/altcp_tls/altcp_tls_mbedtls_mem.c core/stats.c core/dns.c)
PIXOS_LWIP_SRCS := $(LWIP_SRCS) $(PIXOS_LWIP_TCP_SRCS)
PIXOS_LWIP_OBJS := $(patsubst $(LWIP_DIR)/src/%.c,$(B)/pixos/lwip/%.o,$(PIXOS_LWIP_SRCS))
# mbedTLS with the TLS client (lib/mbedtls_config.h, PIX_TLS): the image's own objects. The ROM's
# modules (MBEDTLS_SRCS: ECDSA, ECP, bignum and ASN.1 among them) and what TLS adds.
PIXOS_MBEDTLS_SRCS := $(MBEDTLS_SRCS) $(addprefix $(MBEDTLS_DIR)/library/, ssl_tls.c ssl_cli.c \
	ssl_msg.c ssl_ciphersuites.c ecdh.c rsa.c rsa_internal.c gcm.c chacha20.c poly1305.c \
	chachapoly.c cipher.c cipher_wrap.c md.c sha512.c oid.c pk.c pk_wrap.c pkparse.c x509.c \
	x509_crt.c base64.c pem.c ctr_drbg.c entropy.c entropy_poll.c platform.c)
PIXOS_MBEDTLS_OBJS := $(patsubst $(MBEDTLS_DIR)/library/%.c,$(B)/pixos/mbedtls/%.o,$(PIXOS_MBEDTLS_SRCS))

# As in the ROM: the loops over every received byte are built for speed.
$(B)/pixos/obj/net/chksum.c.o $(B)/pixos/obj/lib/string.c.o: PIXOS_CFLAGS += -O2

# The ciphers run over every byte of an HTTPS download (bench/README.md, "Where the HTTPS time goes"):
# -O2 after the -Os of LWIP_CFLAGS, as for the loops above. aes.c here is the image's own object, not
# the ROM's.
$(addprefix $(B)/pixos/mbedtls/, chacha20.o poly1305.o chachapoly.o gcm.o aes.o): LWIP_CFLAGS += -O2

# pixtls.c calls lwIP's altcp_mbedtls_mem_init(), declared in the TLS layer's own folder.
$(B)/pixos/obj/boot/pixos/pixtls.c.o: PIXOS_CFLAGS += -I$(LWIP_DIR)/src/apps/altcp_tls

$(B)/pixos/obj/%.c.o: %.c | $(LWIP_STAMP) $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (pixos)")
	$(Q)$(CC) $(FW_CFLAGS) $(PIXOS_CFLAGS) -c -o $@ $<

$(B)/pixos/obj/%.S.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $< (pixos)")
	$(Q)$(CC) $(FW_ASFLAGS) -c -o $@ $<

$(PIXOS_LWIP_TCP_SRCS): | $(LWIP_STAMP)
	@true

$(filter-out $(MBEDTLS_SRCS),$(PIXOS_MBEDTLS_SRCS)): | $(MBEDTLS_STAMP)
	@true

$(B)/pixos/lwip/%.o: $(LWIP_DIR)/src/%.c | $(LWIP_STAMP) $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      lwip/$*.c (pixos)")
	$(Q)$(CC) $(LWIP_CFLAGS) -Wno-unused-result -DPIX_NET_TCP -DPIX_TLS -c -o $@ $<

$(B)/pixos/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      mbedtls/$*.c (pixos)")
	$(Q)$(CC) $(LWIP_CFLAGS) -DPIX_TLS -c -o $@ $<

$(B)/pixos/pixos.elf: $(PIXOS_OBJS) $(PIXOS_LWIP_OBJS) $(PIXOS_MBEDTLS_OBJS) boot/pixos/pixos.ld
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T boot/pixos/pixos.ld --defsym PIXOS_LOAD=$(PIXOS_LOAD) \
		--defsym PIXOS_DL_BASE=$(PIXOS_DL_BASE) --gc-sections -Map $(B)/pixos/pixos.map \
		-o $@ $(PIXOS_OBJS) $(PIXOS_LWIP_OBJS) $(PIXOS_MBEDTLS_OBJS) $(LIBGCC32)

$(B)/pixos/pixos.payload: $(B)/pixos/pixos.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# Entry address from the linked ELF, so header and code cannot disagree.
$(B)/pixos.bin: $(B)/pixos/pixos.payload $(B)/pixos/pixos.elf $(MKIMAGE)
	@$(if $(Q),echo "  MKIMAGE $@")
	$(Q)entry=$$(nm $(B)/pixos/pixos.elf | awk '$$3 == "pixos_entry" { print "0x" $$1 }'); \
	$(MKIMAGE) -o $@ --version '$(PIXOS_VERSION)' --load $(PIXOS_LOAD) --entry $$entry \
		--build '$(PIXOS_BUILD)' $<
	@size=$$(stat -c %s $@); end=$$(nm $(B)/pixos/pixos.elf | awk '$$3 == "_end" { print $$1 }'); \
	echo "  PIXOS   $$size bytes, RAM $(PIXOS_LOAD)-0x$$end"

ALL_EXTRA += $(B)/pixos.bin

clean-pixos:
	rm -rf $(B)/pixos $(B)/pixos.bin

clean: clean-pixos

.PHONY: clean-pixos
