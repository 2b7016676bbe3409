/*
 * Reset vector and real-mode entry: the first instructions the CPU runs.
 *
 * At reset the CPU is in real mode with CS base 0xFFFF0000 and IP 0xFFF0, so
 * only the last 64 KiB of the ROM are reachable. We load a flat GDT, switch
 * on protection and far-jump into 32-bit code; nothing here touches RAM.
 */
#include "layout.h"

	.section .entry16, "ax"
	.code16
	.globl entry16
entry16:
	cli			/* no interrupts: there is no IDT */
	cld			/* string ops count upwards */
	inb	$PORT_FAST_A20, %al /* open the A20 gate so odd megabytes are real */
	orb	$FAST_A20_ENABLE, %al
	outb	%al, $PORT_FAST_A20
	/*
	 * lgdt takes a CS-relative 16-bit offset here; the low 16 bits of the
	 * descriptor's linear address are that offset because CS base is 0xFFFF0000.
	 */
	movl	$gdt_desc, %ebx
	lgdtl	%cs:(%bx)
	movl	%cr0, %eax
	orl	$1, %eax	/* CR0.PE: protected mode */
	movl	%eax, %cr0
	ljmpl	$GDT_CODE32, $entry32 /* reload CS with the flat 32-bit code segment */

	.balign 8
gdt:
	.quad	0			/* null descriptor */
	.quad	0x00cf9a000000ffff	/* 0x08: code, base 0, limit 4 GiB, 32-bit, exec/read */
	.quad	0x00cf92000000ffff	/* 0x10: data, base 0, limit 4 GiB, 32-bit, read/write */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1	/* limit */
	.long	gdt			/* linear base */

	.section .reset, "ax"
	.code16
	.globl reset_vector
reset_vector:				/* 0xFFFFFFF0 */
	jmp	entry16			/* near jump within the last 64 KiB */
	.balign 16, 0xff

	.section .note.GNU-stack, "", @progbits
