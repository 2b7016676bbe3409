/*
 * Leaving long mode for a 32-bit PIX image (Intel SDM vol. 3, 9.8.5.4; AMD64 APM vol. 2, 14.7).
 *
 * handoff_leave_long_mode runs in place, in 64-bit mode, after ExitBootServices: it loads the
 * handoff page's GDT (flat 32-bit code and data, as the ROM's) and far-returns into the 32-bit
 * part, a copy of handoff_code32 in that page, below 4 GiB and identity mapped. There, in
 * compatibility mode, paging goes off (which ends long mode), then EFER.LME, and the IDT is
 * emptied (interrupts stay off; a fault resets the machine). With flat segments and a stack, the
 * payload is copied to its load address when it was read elsewhere (only now: with paging off,
 * nothing of the firmware's - page tables, GDT, the application itself - is in use any more),
 * and the image is entered as the ROM enters it: EAX = 'PIXB', EBX = the block.
 * The 32-bit part is position independent: it reaches the page through ESI/EDX only.
 */
#include "boot/efi/handoff.h"

	.text
	.code64
	.globl	handoff_leave_long_mode
	/* void handoff_leave_long_mode(struct handoff_page *page): page in RDI, below 4 GiB */
handoff_leave_long_mode:
	cli				/* no interrupts from here on: the IDT is the firmware's */
	lgdt	HO_GDTR(%rdi)		/* our GDT; CS keeps its cached 64-bit descriptor until the far return */
	movl	HO_CODE32(%rdi), %eax	/* RAX = the 32-bit part's address (zero-extended) */
	movl	%edi, %esi		/* ESI = the page, for the 32-bit part */
	pushq	$HO_SEL_CODE32		/* far return frame: CS = flat 32-bit code ... */
	pushq	%rax			/* ... RIP = the 32-bit part */
	lretq				/* to compatibility mode, at the copy of handoff_code32 */

	.code32
	.globl	handoff_code32
	.globl	handoff_code32_end
	/* Copied into the handoff page; entered in compatibility mode with ESI = the page. */
handoff_code32:
	movl	%cr0, %eax
	andl	$~HO_CR0_PG, %eax	/* CR0.PG off: this page is identity mapped, so the next */
	movl	%eax, %cr0		/* fetch is the same byte; long mode is inactive (LMA = 0) */
	movl	$HO_MSR_EFER, %ecx
	rdmsr				/* EDX:EAX = EFER */
	andl	$~(HO_EFER_LME | HO_EFER_NXE), %eax /* LME off: a later CR0.PG stays 32-bit; NXE */
	wrmsr				/* off too: EFER as the ROM leaves it */
	lidt	HO_IDTR(%esi)		/* an empty IDT: a fault in the image shuts down (a reset), */
					/* rather than run UEFI's 64-bit handlers in 32-bit mode */
	xorl	%eax, %eax
	movl	%eax, %cr4		/* PAE, PGE, OSFXSR ... off: the CPU state the ROM hands over */
	movl	$HO_SEL_DATA32, %eax	/* flat 32-bit data in every data segment register */
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	HO_STACK(%esi), %esp	/* a stack in the page (the image sets its own) */
	movl	%esi, %edx		/* EDX = the page: ESI and EDI go to the copy */
	movl	HO_COPY_LEN(%edx), %ecx	/* bytes to move; 0 when read in place */
	movl	HO_COPY_SRC(%edx), %esi	/* from where flash boot read and verified the payload */
	movl	HO_COPY_DST(%edx), %edi	/* to its load address (the two never overlap) */
	cld				/* upwards */
	rep movsb			/* the payload to its load address */
	movl	HO_ENTRY(%edx), %ecx	/* the image's entry */
	movl	HO_BOOTINFO(%edx), %ebx	/* EBX = the boot-information block, in this page */
	movl	$HO_BOOT_EAX, %eax	/* EAX = 'PIXB' */
	jmp	*%ecx			/* into the image, as the ROM's rom_flash_jump does */
handoff_code32_end:

	.section .note.GNU-stack, "", @progbits
