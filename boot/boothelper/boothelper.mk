# The Boothelper diskette build/boothelper.img (boot/common/bhdisk.h): the boot sector
# (bootsect.S, real mode, exactly 512 bytes) and the program (boot/boothelper/ wiring, the ROM's
# board, network and flash wiring, the monitor's engine, net/, flash/, license/, drivers/), linked
# at BH_LOAD, packed by pix-mkimage as a kind-3 (boothelper) image and put on the diskette by
# pix-mkdisk. Included by the top Makefile. The program's own objects go under build/boothelper/;
# lwIP and mbedTLS are the ROM's objects (the same configuration: no TCP; SHA-256, AES and ECDSA
# P-256 verification, with lib/heap.c's arena for its calloc and free).
BH_VERSION := 6.3(5)
BH_LOAD := 0x00400000
BH_DL_BASE := 0x00800000
BH_BUILD := $(PIXOS_BUILD)

BH_SRCS := boot/boothelper/entry.S boot/boothelper/main.c $(wildcard boot/common/*.c cli/*.c \
	drivers/*.c lib/*.c monitor/*.c) $(filter-out $(NET_TCP_SRCS),$(wildcard net/*.c)) \
	boot/rom/romnet.c boot/rom/romflash.c boot/rom/ram.c \
	flash/at29.c flash/at29_model.c $(LAYOUT_SRCS) flash/pix_image.c license/lic.c
BH_CFLAGS := -DBH_DL_BASE=$(BH_DL_BASE) -DBH_VERSION='"$(BH_VERSION)"'
BH_OBJS := $(patsubst %,$(B)/boothelper/obj/%.o,$(BH_SRCS))

# As in the ROM: the loops over every received byte are built for speed.
$(B)/boothelper/obj/net/chksum.c.o $(B)/boothelper/obj/lib/string.c.o: BH_CFLAGS += -O2

$(B)/boothelper/obj/%.c.o: %.c | $(LWIP_STAMP) $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (boothelper)")
	$(Q)$(CC) $(FW_CFLAGS) $(BH_CFLAGS) -c -o $@ $<

$(B)/boothelper/obj/%.S.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $< (boothelper)")
	$(Q)$(CC) $(FW_ASFLAGS) -I. -c -o $@ $<

# ---- the boot sector: 512 bytes, checked (the .org in bootsect.S and bootsect.ld fail first) ---
# BH_BOOTSECT_DEFS: tests/build/test_bootsect_size.py grows the code with -DBS_TEST_BALLAST=N.
BH_BOOTSECT_DEFS :=
$(B)/boothelper/obj/boot/boothelper/bootsect.S.o: FW_ASFLAGS += $(BH_BOOTSECT_DEFS)

$(B)/boothelper/bootsect.elf: $(B)/boothelper/obj/boot/boothelper/bootsect.S.o boot/boothelper/bootsect.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T boot/boothelper/bootsect.ld -o $@ $<

$(B)/boothelper/bootsect.bin: $(B)/boothelper/bootsect.elf
	$(Q)$(OBJCOPY) -O binary -j .text $< $@.tmp
	$(Q)size=$$(stat -c %s $@.tmp); sig=$$(od -An -tx1 -j510 -N2 $@.tmp | tr -d ' '); \
	if [ $$size -ne 512 ] || [ "$$sig" != 55aa ]; then \
		echo "bootsect: $$size bytes, signature '$$sig' (want 512 bytes ending 55aa)" >&2; \
		rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

# ---- the program --------------------------------------------------------------------------------
$(B)/boothelper/boothelper.elf: $(BH_OBJS) $(LWIP_OBJS) $(MBEDTLS_OBJS) boot/boothelper/boothelper.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T boot/boothelper/boothelper.ld --defsym BH_LOAD=$(BH_LOAD) \
		--defsym BH_DL_BASE=$(BH_DL_BASE) --gc-sections -Map $(B)/boothelper/boothelper.map \
		-o $@ $(BH_OBJS) $(LWIP_OBJS) $(MBEDTLS_OBJS) $(LIBGCC32)

$(B)/boothelper/boothelper.payload: $(B)/boothelper/boothelper.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# Entry address from the linked ELF, so header and code cannot disagree.
$(B)/boothelper/boothelper.bin: $(B)/boothelper/boothelper.payload $(B)/boothelper/boothelper.elf $(MKIMAGE)
	@$(if $(Q),echo "  MKIMAGE $@")
	$(Q)entry=$$(nm $(B)/boothelper/boothelper.elf | awk '$$3 == "bh_entry" { print "0x" $$1 }'); \
	$(MKIMAGE) -o $@ --kind boothelper --version '$(BH_VERSION)' --load $(BH_LOAD) --entry $$entry \
		--build 'Boothelper $(BH_BUILD)' $< >/dev/null

$(B)/boothelper.img: $(B)/boothelper/bootsect.bin $(B)/boothelper/boothelper.bin $(MKDISK)
	@$(if $(Q),echo "  MKDISK  $@")
	$(Q)$(MKDISK) -o $@ --boot $(B)/boothelper/bootsect.bin $(B)/boothelper/boothelper.bin >/dev/null
	@size=$$(stat -c %s $(B)/boothelper/boothelper.bin); \
	end=$$(nm $(B)/boothelper/boothelper.elf | awk '$$3 == "_end" { print $$1 }'); \
	echo "  BOOTHLP $$size bytes on the diskette, RAM $(BH_LOAD)-0x$$end"

ALL_EXTRA += $(B)/boothelper.img

clean-boothelper:
	rm -rf $(B)/boothelper $(B)/boothelper.img

clean: clean-boothelper

.PHONY: clean-boothelper
