/*
 * The hand-over from the UEFI application (x86-64, long mode) to a 32-bit PIX image: the image's
 * contract (flash/pix_bootinfo.h) made from under UEFI. The offsets and selectors below are shared
 * with handoff.S.
 */
#ifndef BOOT_EFI_HANDOFF_H
#define BOOT_EFI_HANDOFF_H

/* The handoff page (struct handoff_page): its fields as handoff.S reaches them. */
#define HO_GDTR 0x1e /* lgdt operand: 16-bit limit, 64-bit base */
#define HO_CODE32 0x28 /* address of the 32-bit part (in @code) */
#define HO_ENTRY 0x2c
#define HO_BOOTINFO 0x30
#define HO_COPY_SRC 0x34
#define HO_COPY_DST 0x38
#define HO_COPY_LEN 0x3c
#define HO_STACK 0x40
#define HO_IDTR 0x44 /* lidt operand in 32-bit mode: 16-bit limit, 32-bit base (all zero) */

#define HO_SEL_CODE32 0x08 /* flat 32-bit code, as the ROM's GDT */
#define HO_SEL_DATA32 0x10 /* flat 32-bit data */

#define HO_CR0_PG 0x80000000 /* CR0.PG: paging */
#define HO_MSR_EFER 0xc0000080 /* extended feature enable register */
#define HO_EFER_LME 0x00000100 /* EFER.LME: long mode enable */
#define HO_EFER_NXE 0x00000800 /* EFER.NXE: no-execute page bit (the ROM hands over EFER = 0) */
#define HO_BOOT_EAX 0x50495842 /* 'PIXB', IMG_BOOT_EAX */

#ifndef __ASSEMBLER__

#include <stdint.h>

#include "flash/pix_bootinfo.h"

#define HO_GDT_ENTRIES 3 /* null, code, data */
#define HO_PAGE_BYTES 8192u /* the handoff page and its stack */
#define HO_CODE_MAX 256u /* room for the 32-bit part */

/*
 * What the 32-bit part needs, in memory below 4 GiB that the payload's copy does not touch:
 * allocated before ExitBootServices, identity mapped, with the block the image gets.
 */
struct handoff_page {
	uint64_t gdt[HO_GDT_ENTRIES];
	uint16_t pad[3];
	uint16_t gdt_limit; /* HO_GDTR */
	uint64_t gdt_base;
	uint32_t code32; /* HO_CODE32 */
	uint32_t entry; /* HO_ENTRY: the image's entry address */
	uint32_t bootinfo; /* HO_BOOTINFO: &bi */
	uint32_t copy_src; /* HO_COPY_SRC: the payload where it was read */
	uint32_t copy_dst; /* HO_COPY_DST: its load address */
	uint32_t copy_len; /* HO_COPY_LEN: bytes; 0 when it was read in place */
	uint32_t stack_top; /* HO_STACK */
	uint16_t idtr[3]; /* HO_IDTR: an empty IDT, so a fault resets instead of entering UEFI's */
	uint16_t pad2;
	struct pix_bootinfo bi;
	uint8_t code[HO_CODE_MAX];
};

uint64_t handoff_ram_size(void);
void *handoff_load_buf(void *ctx, uint32_t load_addr, uint32_t len);
int handoff_enter(uint32_t entry, const struct pix_bootinfo *bi, const char **why);

/* handoff.S */
void handoff_leave_long_mode(struct handoff_page *page) __attribute__((noreturn));
extern const uint8_t handoff_code32[], handoff_code32_end[];

#endif /* __ASSEMBLER__ */
#endif /* BOOT_EFI_HANDOFF_H */
