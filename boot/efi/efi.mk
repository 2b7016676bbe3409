# The UEFI application build/pix.efi (GNU-EFI 3.0.15, x86-64): boot/efi/ wiring over the same
# portable core as the ROM (monitor, net, flash, license, drivers), compiled for x86-64 as a
# position-independent shared object, linked with gnu-efi's crt0 and relocator, and turned into a
# PE32+ EFI application by objcopy. Included by the top Makefile. Objects go under build/efi/;
# lwIP and mbedTLS are compiled again for x86-64 with the ROM's configuration.
EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
EFI_CRT0 := $(EFI_LIB)/crt0-efi-x86_64.o
LIBGCC64 = $(shell $(CC) -print-libgcc-file-name)

EFI_CFLAGS := -m64 -march=x86-64 -std=c11 -Os -g $(WARN) -ffreestanding -nostdinc \
	-isystem lib/include -isystem $(GCC_INC) -fpic -fvisibility=hidden -fshort-wchar -mno-red-zone \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only -ffunction-sections \
	-fdata-sections -I. -Idrivers -Imonitor -Iboot/rom -DPIX_BUILD_DATE='"$(BUILD_DATE)"' -MMD -MP \
	$(LWIP_INC) $(MBEDTLS_INC)
# Only boot/efi/ sees the firmware's interfaces (GNU-EFI's headers, Microsoft calling convention).
EFI_WIRING_CFLAGS := -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64 -DGNU_EFI_USE_MS_ABI
EFI_ASFLAGS := -m64 -I. -MMD -MP
EFI_THIRD_CFLAGS = $(filter-out -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes,$(EFI_CFLAGS)) \
	-Wno-address -Wno-unused-parameter

EFI_SRCS := $(wildcard boot/efi/*.c boot/efi/*.S) boot/common/board.c $(wildcard cli/*.c drivers/*.c \
	lib/*.c monitor/*.c) $(filter-out $(NET_TCP_SRCS),$(wildcard net/*.c)) \
	boot/rom/romnet.c boot/rom/romflash.c \
	flash/at29.c flash/at29_model.c $(LAYOUT_SRCS) flash/pix_image.c license/lic.c
EFI_OBJS := $(patsubst %,$(B)/efi/obj/%.o,$(EFI_SRCS))
EFI_LWIP_OBJS := $(patsubst $(LWIP_DIR)/src/%.c,$(B)/efi/lwip/%.o,$(LWIP_SRCS))
EFI_MBEDTLS_OBJS := $(patsubst $(MBEDTLS_DIR)/library/%.c,$(B)/efi/mbedtls/%.o,$(filter-out %/md5.c,$(MBEDTLS_SRCS)))

# As in the ROM: the loops over every received byte are built for speed.
$(B)/efi/obj/net/chksum.c.o $(B)/efi/obj/lib/string.c.o: EFI_CFLAGS += -O2
$(B)/efi/obj/boot/efi/%.c.o: EFI_CFLAGS += $(EFI_WIRING_CFLAGS)

$(B)/efi/obj/%.c.o: %.c | $(LWIP_STAMP) $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (efi)")
	$(Q)$(CC) $(EFI_CFLAGS) -c -o $@ $<

$(B)/efi/obj/%.S.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $< (efi)")
	$(Q)$(CC) $(EFI_ASFLAGS) -c -o $@ $<

$(B)/efi/lwip/%.o: $(LWIP_DIR)/src/%.c | $(LWIP_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      lwip/$*.c (efi)")
	$(Q)$(CC) $(EFI_THIRD_CFLAGS) -c -o $@ $<

$(B)/efi/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      mbedtls/$*.c (efi)")
	$(Q)$(CC) $(EFI_THIRD_CFLAGS) -c -o $@ $<

# GNU-EFI comes from Debian's package (tools/deps.sh installs it with the rest). After the sources'
# stamps, so that `make -jN` on a fresh clone runs deps.sh once (its first run installs gnu-efi too); a
# tree fetched before gnu-efi was a dependency runs it here.
$(EFI_CRT0): | $(LWIP_STAMP) $(MBEDTLS_STAMP)
	$(Q)[ -e $@ ] || tools/deps.sh

$(B)/efi/pix.so: $(EFI_OBJS) $(EFI_LWIP_OBJS) $(EFI_MBEDTLS_OBJS) boot/efi/efi.ld $(EFI_CRT0)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined --gc-sections \
		-T boot/efi/efi.ld -Map $(B)/efi/pix.map -o $@ $(EFI_CRT0) $(EFI_OBJS) $(EFI_LWIP_OBJS) \
		$(EFI_MBEDTLS_OBJS) $(EFI_LIB)/libgnuefi.a $(LIBGCC64)
	@# gnu-efi's _relocate applies R_X86_64_RELATIVE only: any other dynamic relocation would be left
	@# undone when the firmware loads the application at its own address.
	$(Q)bad=$$(readelf -rW $@ | awk '/^[0-9a-f]+ / && $$3 != "R_X86_64_RELATIVE" { print $$3 }' | sort -u); \
	if [ -n "$$bad" ]; then echo "$@: dynamic relocations gnu-efi does not apply: $$bad" >&2; rm -f $@; exit 1; fi

$(B)/pix.efi: $(B)/efi/pix.so
	@$(if $(Q),echo "  EFI     $@")
	$(Q)$(OBJCOPY) -j .text -j .reloc -j .data -j .dynamic -j .dynsym -j .rela \
		--target efi-app-x86_64 --subsystem=10 $< $@.tmp
	$(Q)mv $@.tmp $@
	@echo "  PIXEFI  $$(stat -c %s $@) bytes"

ALL_EXTRA += $(B)/pix.efi

clean-efi:
	rm -rf $(B)/efi $(B)/pix.efi

clean: clean-efi

.PHONY: clean-efi
