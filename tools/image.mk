# Software images (flash/pix_image.c): the pix-mkimage host tool, and build/test.bin, the small
# image that end-to-end tests install and flash-boot. Included by the top Makefile.

# ---- pix-mkimage (host) --------------------------------------------------------------------------
MKIMAGE := $(B)/host/pix-mkimage
# It reads PEM keys and signs (tools/toolkey.c), so it is built with mbedTLS's full configuration
# and links the host tools' archive of it (HOST_MBEDTLS_LIB, top Makefile), like pix-flash.
MKIMAGE_SRCS := tools/pix-mkimage.c tools/toolutil.c tools/toolkey.c flash/pix_image.c \
	flash/pix_sig.c

$(MKIMAGE): $(MKIMAGE_SRCS) flash/pix_image.h flash/pix_sig.h tools/toolkey.h tools/toolutil.h \
		$(HOST_MBEDTLS_LIB) | $(MBEDTLS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(CC) $(HOST_FULL_CFLAGS) -O2 -o $@ $(MKIMAGE_SRCS) $(HOST_MBEDTLS_LIB)

# ---- build/test.bin: boot/testimg/ linked at its load address, packed by pix-mkimage -----------
TESTIMG_VERSION := 6.3(5)
TESTIMG_LOAD := 0x00400000
TESTIMG_BUDGET := 8192 # bytes of payload; the image is meant to stay tiny
TESTIMG_SRCS := boot/testimg/entry.S boot/testimg/main.c
TESTIMG_OBJS := $(patsubst %,$(B)/testimg/%.o,$(TESTIMG_SRCS))
TESTIMG_CFLAGS = $(FW_CFLAGS) -I. -DTESTIMG_VERSION='"$(TESTIMG_VERSION)"'

$(B)/testimg/%.c.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(TESTIMG_CFLAGS) -c -o $@ $<

$(B)/testimg/%.S.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(FW_ASFLAGS) -c -o $@ $<

$(B)/testimg/testimg.elf: $(TESTIMG_OBJS) boot/testimg/testimg.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T boot/testimg/testimg.ld --defsym TESTIMG_LOAD=$(TESTIMG_LOAD) \
		--gc-sections -Map $(B)/testimg/testimg.map -o $@ $(TESTIMG_OBJS)

# The payload: what is loaded at TESTIMG_LOAD. Refused when it outgrows its budget.
$(B)/testimg/testimg.bin: $(B)/testimg/testimg.elf
	$(Q)$(OBJCOPY) -O binary $< $@.tmp
	$(Q)size=$$(stat -c %s $@.tmp); if [ $$size -gt $(TESTIMG_BUDGET) ]; then \
		echo "testimg: payload is $$size bytes, budget $(TESTIMG_BUDGET)" >&2; \
		rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

# Entry address from the linked ELF, so header and code cannot disagree.
$(B)/test.bin: $(B)/testimg/testimg.bin $(B)/testimg/testimg.elf $(MKIMAGE)
	@$(if $(Q),echo "  MKIMAGE $@")
	$(Q)entry=$$(nm $(B)/testimg/testimg.elf | awk '$$3 == "testimg_entry" { print "0x" $$1 }'); \
	$(MKIMAGE) -o $@ --version '$(TESTIMG_VERSION)' --load $(TESTIMG_LOAD) --entry $$entry \
		--build 'PIX test image, built $(BUILD_DATE)' $<

# The same image linked to run at 8.125 MiB, where OVMF keeps its PEI memory (not free under UEFI):
# the UEFI application must read it elsewhere and copy it after leaving the firmware
# (tests/qemu/test_efi_flashboot.py).
TESTIMG_HIGH_LOAD := 0x00820000

$(B)/testimg/high.elf: $(TESTIMG_OBJS) boot/testimg/testimg.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -m elf_i386 -T boot/testimg/testimg.ld --defsym TESTIMG_LOAD=$(TESTIMG_HIGH_LOAD) \
		--gc-sections -o $@ $(TESTIMG_OBJS)

$(B)/test-high.bin: $(B)/testimg/high.elf $(MKIMAGE)
	@$(if $(Q),echo "  MKIMAGE $@")
	$(Q)$(OBJCOPY) -O binary $< $(B)/testimg/high.bin
	$(Q)entry=$$(nm $< | awk '$$3 == "testimg_entry" { print "0x" $$1 }'); \
	$(MKIMAGE) -o $@ --version '$(TESTIMG_VERSION)' --load $(TESTIMG_HIGH_LOAD) --entry $$entry \
		--build 'PIX test image at $(TESTIMG_HIGH_LOAD), built $(BUILD_DATE)' $(B)/testimg/high.bin

ALL_EXTRA += $(MKIMAGE) $(B)/test.bin $(B)/test-high.bin

clean-images:
	rm -rf $(B)/testimg $(B)/test.bin $(B)/test-high.bin

clean: clean-images

.PHONY: clean-images

-include $(wildcard $(B)/testimg/boot/testimg/*.d)
