# PIX firmware: one non-recursive Makefile; all output goes to build/.
#   make            build/pix.rom (+ build/pix.map)
#   make run        install what is missing, build, boot the ROM in QEMU (serial on stdio)
#   make run-efi    the same with the UEFI application build/pix.efi under OVMF instead of the ROM
#   make run-pair   the same for two units of a failover pair (consoles on telnet 5001, 5002)
#   make test       install what is missing, build, run host unit tests and QEMU tests
#   make deps       install Debian packages and fetch lwIP/mbedTLS sources (idempotent)
#   make fuzz       run the libFuzzer harnesses for FUZZ_SECONDS each (default 10)
#   make lint       clang-format check of the project's C sources
#   make bench      boot-time, TFTP, flash and running-image benchmarks, beside U-Boot and iPXE (bench/)
#   V=1             show the commands
SHELL := /bin/bash
.SUFFIXES:
.DEFAULT_GOAL := all

Q := $(if $(V),,@)
B ?= build
PYTHON := /usr/bin/python3

# ---- firmware (i386, freestanding) -------------------------------------------------------------
CC := gcc
LD := ld
OBJCOPY := objcopy
GCC_INC := $(shell $(CC) -print-file-name=include)
LIBGCC32 = $(shell $(CC) -m32 -print-libgcc-file-name)
BUILD_DATE := $(shell date -u -d @$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
		'+%a %b %-d %H:%M:%S UTC %Y')

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
FW_CFLAGS := -m32 -march=i686 -std=c11 -Os -g $(WARN) -ffreestanding -nostdinc \
	-isystem lib/include -isystem $(GCC_INC) -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -mgeneral-regs-only -ffunction-sections -fdata-sections \
	-I. -Idrivers -Imonitor -Iboot/rom -DPIX_BUILD_DATE='"$(BUILD_DATE)"' -MMD -MP
FW_ASFLAGS := -m32 -Iboot/rom -MMD -MP

# The flash layout (flash/layout.h): geometry, key and configuration; record formats; boot choice;
# install; PDM archive; older forms. Whatever links the layout links all of them (the fragments use
# this list too).
LAYOUT_SRCS := flash/layout.c flash/layout_rec.c flash/layout_boot.c flash/layout_install.c \
	flash/layout_install_old.c flash/layout_flashfs.c flash/layout_pdm.c flash/layout_trust.c \
	flash/layout_sig.c flash/pix_sig.c
# What only the running image uses: HTTP over TCP, DNS (the ROM's lwIP has neither) and failover
# messages (HMAC-SHA-256 through mbedTLS's md.c, which the ROM does not link).
NET_TCP_SRCS := net/http.c net/http_tcp.c net/tls.c net/tcp_isn.c net/dns_frame.c net/fo_frame.c
ROM_SRCS := $(filter-out $(NET_TCP_SRCS),$(wildcard boot/rom/*.S boot/rom/*.c boot/common/*.c cli/*.c \
	drivers/*.c lib/*.c monitor/*.c net/*.c)) \
	flash/at29.c flash/at29_model.c $(LAYOUT_SRCS) flash/pix_image.c license/lic.c \
	$(ROM_EXTRA_SRCS)
ROM_OBJS := $(patsubst %,$(B)/rom/%.o,$(ROM_SRCS))

# lwIP 2.1.3 from Debian's source package (fetched by tools/deps.sh, never committed):
# only what the firmware uses. Built with its own warning set: it is not our code.
LWIP_VERSION := 2.1.3
LWIP_DIR := build/deps/lwip
LWIP_STAMP := $(LWIP_DIR)/.fetched-$(LWIP_VERSION)
LWIP_SRCS := $(addprefix $(LWIP_DIR)/src/, core/init.c core/def.c core/inet_chksum.c core/ip.c \
	core/mem.c core/memp.c core/netif.c core/pbuf.c core/raw.c core/timeouts.c core/udp.c \
	core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c \
	netif/ethernet.c)
LWIP_OBJS := $(patsubst $(LWIP_DIR)/src/%.c,$(B)/rom/lwip/%.o,$(LWIP_SRCS))
LWIP_INC := -Inet -I$(LWIP_DIR)/src/include
FW_CFLAGS += $(LWIP_INC)
LWIP_CFLAGS = $(filter-out -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes,$(FW_CFLAGS)) \
	-Wno-address -Wno-unused-parameter

$(LWIP_SRCS): | $(LWIP_STAMP)
	@true

$(B)/rom/lwip/%.o: $(LWIP_DIR)/src/%.c | $(LWIP_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      lwip/$*.c")
	$(Q)$(CC) $(LWIP_CFLAGS) -c -o $@ $<

$(ROM_OBJS): | $(LWIP_STAMP)

# mbedTLS 2.28 from Debian's source package (lib/mbedtls_config.h): SHA-256, AES, and ECDSA P-256
# verification for signed images (flash/pix_sig.c; bignum allocates through calloc and free, which
# lib/stdlib.c serves from lib/heap.c's arena). ecdsa.c references the ASN.1 modules for its DER
# signature functions, which the verifier does not call: --gc-sections drops them.
MBEDTLS_VERSION := 2.28
MBEDTLS_DIR := build/deps/mbedtls
MBEDTLS_STAMP := $(MBEDTLS_DIR)/.fetched-$(MBEDTLS_VERSION)
# MBEDTLS_SIG_SRCS: what the layout's signature check needs beside SHA-256; host unit tests and
# fuzzers that link LAYOUT_SRCS add them too.
MBEDTLS_SIG_SRCS := $(addprefix $(MBEDTLS_DIR)/library/, ecdsa.c ecp.c ecp_curves.c bignum.c \
	constant_time.c asn1parse.c asn1write.c)
MBEDTLS_SRCS := $(addprefix $(MBEDTLS_DIR)/library/, sha256.c aes.c platform_util.c md5.c) \
	$(MBEDTLS_SIG_SRCS)
MBEDTLS_OBJS := $(patsubst $(MBEDTLS_DIR)/library/%.c,$(B)/rom/mbedtls/%.o,$(filter-out %/md5.c,$(MBEDTLS_SRCS)))
MBEDTLS_INC := -Ilib -I$(MBEDTLS_DIR)/include -DMBEDTLS_CONFIG_FILE='"mbedtls_config.h"'
FW_CFLAGS += $(MBEDTLS_INC)

# One run of tools/deps.sh fetches both sources (and installs what is missing): a grouped target
# (GNU make 4.3), so that `make -jN` on a fresh clone starts it once, not once per stamp (two runs
# would race for apt's locks). tests/build/test_deps_once.py checks it.
$(LWIP_STAMP) $(MBEDTLS_STAMP) &:
	$(Q)tools/deps.sh

$(MBEDTLS_SRCS): | $(MBEDTLS_STAMP)
	@true

$(B)/rom/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      mbedtls/$*.c")
	$(Q)$(CC) $(LWIP_CFLAGS) -c -o $@ $<

$(ROM_OBJS): | $(MBEDTLS_STAMP)

# Fragments (tools/*.mk, boot/testimg/*.mk, boot/pixos/*.mk, boot/boothelper/*.mk) add host tools and images to ALL_EXTRA.
ALL_EXTRA :=
all: $(B)/pix.rom all-extra

# The checksum and copy loops go over every received byte: built for speed (-O2 after -Os wins), not
# size. memcpy at -O2: about 330 fewer guest instructions per received TFTP block (bench/README.md).
$(B)/rom/net/chksum.c.o: FW_CFLAGS += -O2
$(B)/rom/lib/string.c.o: FW_CFLAGS += -O2

$(B)/rom/%.c.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(FW_CFLAGS) -c -o $@ $<

$(B)/rom/%.S.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(FW_ASFLAGS) -c -o $@ $<

$(B)/pix.elf: $(ROM_OBJS) $(LWIP_OBJS) $(MBEDTLS_OBJS) linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T linker.ld --gc-sections $(ROM_LDFLAGS) -Map $(B)/pix.map -o $@ \
		$(ROM_OBJS) $(LWIP_OBJS) $(MBEDTLS_OBJS) $(LIBGCC32)

# The ROM image: checked for size and for writable data left in ROM.
$(B)/pix.rom: $(B)/pix.elf tools/check-rom.sh
	@$(if $(Q),echo "  ROM     $@")
	$(Q)$(OBJCOPY) -O binary --gap-fill 0xff $< $@.tmp
	$(Q)tools/check-rom.sh $< $@.tmp
	$(Q)mv $@.tmp $@

# ---- host: unit tests (cmocka) -----------------------------------------------------------------
HOST_CFLAGS := -std=c11 -g $(WARN) -I. -Imonitor $(MBEDTLS_INC)

# The host tools' mbedTLS: its default (full) configuration, not the firmware's lib/mbedtls_config.h
# (pix-flash parses X.509 certificates, pix-mkimage reads PEM keys and signs). mbedTLS's files,
# with mbedTLS's own warnings, go into an archive the links take only what they need from. The
# modules: what x509_crt.c (with pk, PEM and error strings) pulls in, what the layout (SHA-256)
# and the licence codec (AES) use, and deterministic ECDSA (hmac_drbg) with a CTR-DRBG on the
# host's entropy for its blinding. A tool built with it is compiled with HOST_FULL_CFLAGS.
HOST_MBEDTLS_MODS := aes aesni arc4 asn1parse asn1write base64 bignum blowfish camellia ccm \
	certs chacha20 chachapoly cipher cipher_wrap constant_time ctr_drbg des ecdsa ecp ecp_curves \
	entropy entropy_poll error gcm hmac_drbg md md5 oid pem pk pk_wrap pkcs12 pkcs5 pkparse \
	platform_util poly1305 ripemd160 rsa rsa_internal sha1 sha256 sha512 timing x509 x509_crt
HOST_MBEDTLS_DIR := $(B)/host/mbedtls-full
HOST_MBEDTLS_LIB := $(HOST_MBEDTLS_DIR)/libmbedtls-full.a
HOST_FULL_CFLAGS = $(filter-out -DMBEDTLS_CONFIG_FILE=%,$(HOST_CFLAGS))

# The sources are fetched once, at a fixed version: an object depends on the stamp, not on them.
$(HOST_MBEDTLS_DIR)/%.o: $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  mbedtls/$*.c (full configuration)")
	$(Q)$(CC) -O2 -I$(MBEDTLS_DIR)/include -c -o $@ $(MBEDTLS_DIR)/library/$*.c

$(HOST_MBEDTLS_LIB): $(patsubst %,$(HOST_MBEDTLS_DIR)/%.o,$(HOST_MBEDTLS_MODS))
	$(Q)rm -f $@ && ar rcs $@ $^
UNIT_TESTS :=
-include $(wildcard tests/unit/*.mk)

define unit_test_rule
$(B)/host/tests/$(1): $$($(1)_SRCS) | $(MBEDTLS_STAMP) $(LWIP_STAMP)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  HOSTCC  $$@")
	$$(Q)$$(CC) $$(HOST_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$(sort $$($(1)_SRCS)) -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

UNIT_BINS := $(addprefix $(B)/host/tests/,$(UNIT_TESTS))

unit: $(UNIT_BINS)
	$(Q)set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

# ---- host: libFuzzer harnesses -----------------------------------------------------------------
FUZZERS :=
FUZZ_SECONDS ?= 10
FUZZ_CFLAGS := -std=c11 -g -O1 $(WARN) -I. -Imonitor $(MBEDTLS_INC) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
-include $(wildcard tests/fuzz/*.mk)

define fuzzer_rule
$(B)/host/fuzz/$(1): $$($(1)_SRCS) | $(MBEDTLS_STAMP) $(LWIP_STAMP)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  FUZZCC  $$@")
	$$(Q)clang $$(FUZZ_CFLAGS) -o $$@ $$(sort $$($(1)_SRCS))
endef
$(foreach f,$(FUZZERS),$(eval $(call fuzzer_rule,$(f))))

FUZZ_BINS := $(addprefix $(B)/host/fuzz/,$(FUZZERS))

# Runs each harness for FUZZ_SECONDS from its corpus (kept in build/, grown across runs).
fuzz: $(FUZZ_BINS)
	$(Q)set -e; for f in $(FUZZERS); do mkdir -p $(B)/fuzz-corpus/$$f; \
		echo "== $$f ($(FUZZ_SECONDS) s)"; \
		if ! $(B)/host/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
			-artifact_prefix=$(B)/fuzz-corpus/$$f- $(B)/fuzz-corpus/$$f \
			>$(B)/fuzz-corpus/$$f.log 2>&1; then \
			tail -n 40 $(B)/fuzz-corpus/$$f.log; exit 1; fi; \
		tail -n 1 $(B)/fuzz-corpus/$$f.log; done

# ---- host tools and other images (fragments) -----------------------------------------------------
-include $(wildcard tools/*.mk boot/testimg/*.mk boot/pixos/*.mk boot/boothelper/*.mk boot/efi/*.mk)

all-extra: $(ALL_EXTRA)

# ---- QEMU integration tests ----------------------------------------------------------------------
# The QEMU tests run ITEST_JOBS at a time (pytest-xdist, installed by tools/deps.sh; 1 without it): each
# test starts its own QEMUs, folders, namespaces and ports, so they do not meet. 2 suits the CI's 2 cores
# (27.8 min of tests in one process, 15.3 min in two on this project's machine).
ITEST_JOBS ?= 2
ITEST_XDIST = $(shell $(PYTHON) -c 'import xdist' 2>/dev/null && [ "$(ITEST_JOBS)" -gt 1 ] && \
	printf -- '-n %s' $(ITEST_JOBS))
itest: $(B)/pix.rom all-extra
	$(Q)$(PYTHON) -m pytest -q $(ITEST_XDIST) tests/build $(wildcard tests/tools) tests/qemu

# ---- entry points for people ---------------------------------------------------------------------
deps:
	$(Q)tools/deps.sh

# A first run makes a unit to play with: a formatted flash (serial 12345678) with the running image
# build/pixos.bin installed and the development key's all-features vector, so power-on reaches
# pixfirewall>. QEMU's TFTP folder gets the test image, the running image and an older version of it
# (6.3(4), pix-mkimage --from) for the chapter's upgrade and downgrade procedures. The flash is kept
# afterwards. RUN_FLASH and RUN_TFTP choose other files (tests/build/test_make_run.py uses that).
RUN_SERIAL = 12345678
RUN_KEY = 0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511
RUN_FLASH = $(B)/flash.bin
RUN_TFTP = tftpboot
# The TFTP folder of run and run-pair: the test image, the running image and 6.3(4) of it.
define run_tftp
	$(Q)mkdir -p $(RUN_TFTP) && cp $(B)/test.bin $(B)/pixos.bin $(RUN_TFTP)/ && \
		$(B)/host/pix-mkimage -o $(RUN_TFTP)/pix634.bin --version '6.3(4)' --from $(B)/pixos.bin >/dev/null
endef
# The unit of run and run-efi, made once and kept.
define run_unit
	$(Q)[ -e $(RUN_FLASH) ] || { $(B)/host/pix-flash create $(RUN_FLASH) --serial $(RUN_SERIAL) \
		--key "$(RUN_KEY)" >/dev/null && $(B)/host/pix-flash install $(RUN_FLASH) $(B)/pixos.bin >/dev/null && \
		echo "$(RUN_FLASH): a new unit, PIX OS 6.3(5) installed and licensed (serial $(RUN_SERIAL))"; }
endef
run:
	$(Q)tools/deps.sh
	$(Q)$(MAKE) --no-print-directory $(B)/pix.rom $(B)/host/pix-flash $(B)/host/pix-mkimage $(B)/test.bin \
		$(B)/pixos.bin
	$(run_tftp)
	$(run_unit)
	$(Q)$(PYTHON) qemu/pixqemu.py --rom $(B)/pix.rom --flash $(RUN_FLASH) --tftp $(RUN_TFTP)

# The same unit and TFTP folder as run, started by the UEFI application (build/pix.efi) under OVMF.
run-efi:
	$(Q)tools/deps.sh
	$(Q)$(MAKE) --no-print-directory $(B)/pix.efi $(B)/host/pix-flash $(B)/host/pix-mkimage $(B)/test.bin \
		$(B)/pixos.bin
	$(run_tftp)
	$(run_unit)
	$(Q)$(PYTHON) qemu/pixqemu.py --efi $(B)/pix.efi --flash $(RUN_FLASH) --tftp $(RUN_TFTP)

# A failover pair (qemu/pixpair.py): two units in two QEMUs, consoles on telnet 127.0.0.1:5001 and
# :5002. A first run makes both flash files: serial numbers PAIR_SERIALS, PIX OS 6.3(5) installed, a key
# from pix-keygen that licenses failover and the rest; they are kept afterwards (delete them for new
# units). PAIR_FLASH_PRIMARY, PAIR_FLASH_SECONDARY and RUN_TFTP choose other files, PAIR_ARGS adds
# pixpair.py options (other ports, --bootdelay).
PAIR_SERIALS = 480430001 480430002
PAIR_FEATURES = failover,vpn-des,vpn-3des,cut-through,guards,websense
PAIR_FLASH_PRIMARY = $(B)/flash-primary.bin
PAIR_FLASH_SECONDARY = $(B)/flash-secondary.bin
PAIR_ARGS =
# QEMU's e1000 reports a pulled cable (set_link) to the unit, its i82558b does not
PAIR_NIC = e1000
# $(call pair_unit,FILE,SERIAL,NAME): make FILE a licensed unit unless it exists.
define pair_unit
	$(Q)[ -e $(1) ] || { key=$$($(B)/host/pix-keygen --serial $(2) --features $(PAIR_FEATURES)) && \
		$(B)/host/pix-flash create $(1) --serial $(2) --key "$$key" >/dev/null && \
		$(B)/host/pix-flash install $(1) $(B)/pixos.bin >/dev/null && \
		echo "$(1): a new $(3) unit, PIX OS 6.3(5) installed, failover licensed (serial $(2))"; }
endef
run-pair:
	$(Q)tools/deps.sh
	$(Q)$(MAKE) --no-print-directory $(B)/pix.rom $(B)/host/pix-flash $(B)/host/pix-mkimage \
		$(B)/host/pix-keygen $(B)/test.bin $(B)/pixos.bin
	$(run_tftp)
	$(call pair_unit,$(PAIR_FLASH_PRIMARY),$(word 1,$(PAIR_SERIALS)),primary)
	$(call pair_unit,$(PAIR_FLASH_SECONDARY),$(word 2,$(PAIR_SERIALS)),secondary)
	$(Q)$(PYTHON) qemu/pixpair.py --rom $(B)/pix.rom --tftp $(RUN_TFTP) --flash-primary $(PAIR_FLASH_PRIMARY) \
		--flash-secondary $(PAIR_FLASH_SECONDARY) --nic $(PAIR_NIC) $(PAIR_ARGS)

test:
	$(Q)tools/deps.sh
	$(Q)$(MAKE) --no-print-directory $(B)/pix.rom $(UNIT_BINS) $(FUZZ_BINS)
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory fuzz
	$(Q)$(MAKE) --no-print-directory itest

bench:
	$(Q)tools/deps.sh
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(PYTHON) bench/boot_time.py
	$(Q)$(PYTHON) bench/efi_boot.py
	$(Q)$(PYTHON) bench/tftp_speed.py --server slirp --runs 5
	$(Q)$(PYTHON) bench/tftp_speed.py --server atftpd
	$(Q)$(PYTHON) bench/flash_speed.py
	$(Q)$(PYTHON) bench/pixos_speed.py
	$(Q)$(PYTHON) bench/http_speed.py
	$(Q)$(PYTHON) bench/failover_speed.py
	$(Q)$(PYTHON) bench/diskette_probe.py
	$(Q)$(PYTHON) bench/boothelper_boot.py

LINT_SRCS = $(shell git ls-files '*.c' '*.h')
lint:
	$(Q)clang-format --dry-run -Werror $(LINT_SRCS)

clean:
	rm -rf $(B)/rom $(B)/host $(B)/pix.elf $(B)/pix.rom $(B)/pix.map

.PHONY: all all-extra unit fuzz itest deps run run-efi run-pair test bench lint clean

-include $(shell find $(B)/rom $(B)/pixos $(B)/boothelper $(B)/efi -name '*.d' 2>/dev/null)
