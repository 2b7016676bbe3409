/*
 * Entry of the Boothelper program. The diskette's boot sector (bootsect.S) or the PIX ROM jumps
 * here in 32-bit flat protected mode with interrupts off and EAX = 'PIXB'; EBX is the ROM's
 * boot-information block or 0. The program zeroes its .bss (stack included), sets its stack and
 * runs bh_main, which brings the board up itself and never returns; the halt below is the final
 * stop.
 */
	.section .text.entry, "ax"
	.code32
	.globl	bh_entry
bh_entry:
	cli				/* the program polls; it has no IDT */
	cld
	movl	%eax, %esi		/* keep EAX across the .bss clear */

	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	movl	$_stack_top, %esp
	pushl	%ebx			/* bh_main(eax, bootinfo) */
	pushl	%esi
	call	bh_main
1:	cli
	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
