/*
 * 32-bit entry: flat segments, a stack in RAM, .data copied from ROM to RAM,
 * .bss zeroed (RAM keeps its contents across a reset), then rom_main().
 */
#include "layout.h"

	.section .text.entry32, "ax"
	.code32
	.globl entry32
entry32:
	movw	$GDT_DATA32, %ax	/* every data segment flat */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	movl	$_stack_top, %esp

	movl	$_data_lma, %esi	/* .data: ROM image -> RAM */
	movl	$_data_start, %edi
	movl	$_data_end, %ecx
	subl	%edi, %ecx
	rep movsb

	movl	$_bss_start, %edi	/* .bss: zero */
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	call	rom_main
1:	cli				/* rom_main does not return; if it does, stop */
	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
