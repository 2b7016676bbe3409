/*
 * Entry of the test image. The monitor jumps here in 32-bit flat protected mode with interrupts
 * off, EAX = 'PIXB' and EBX = the boot-information block (flash/pix_bootinfo.h). The image sets
 * up its own stack, zeroes its .bss, reports on COM1 (testimg_main) and halts for good.
 */
	.section .text.entry, "ax"
	.code32
	.globl	testimg_entry
testimg_entry:
	cli				/* stay with interrupts off: the image has no IDT */
	cld
	movl	%eax, %esi		/* keep EAX from the monitor across the .bss clear */

	movl	$_bss_start, %edi	/* .bss (stack included): zero */
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	movl	$_stack_top, %esp
	pushl	%ebx			/* testimg_main(eax, bootinfo) */
	pushl	%esi
	call	testimg_main
1:	cli				/* the final halt: the only endless loop */
	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
