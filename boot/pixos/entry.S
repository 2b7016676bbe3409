/*
 * Entry of the running image (PIX OS). The ROM jumps here in 32-bit flat protected mode with
 * interrupts off, EAX = 'PIXB' and EBX = the boot-information block (flash/pix_bootinfo.h), which
 * lies outside this image's memory. The image zeroes its .bss (stack included), sets its stack
 * and runs pixos_main, which never returns; the halt below is the final stop.
 */
	.section .text.entry, "ax"
	.code32
	.globl	pixos_entry
pixos_entry:
	cli				/* the image polls; it has no IDT */
	cld
	movl	%eax, %esi		/* keep EAX across the .bss clear */

	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	movl	$_stack_top, %esp
	pushl	%ebx			/* pixos_main(eax, bootinfo) */
	pushl	%esi
	call	pixos_main
1:	cli
	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
