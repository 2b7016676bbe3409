/*
 * Boot sector of the Boothelper diskette (boot/common/bhdisk.h): a PC BIOS loads this sector at
 * 0000:7C00 and runs it in real mode with DL = the drive. It reads the PIX image that follows it
 * on the diskette into low memory with BIOS disk services, enters 32-bit flat protected mode,
 * copies the payload to the load address its header names and jumps to the header's entry with
 * EAX = 'PIXB' and EBX = 0 (no boot-information block: the program brings the board up itself).
 * A read error or an image that does not fit prints one line on COM1 (by port I/O: SeaBIOS has
 * no serial console) and halts. The build refuses a sector whose code outgrows its 510 bytes.
 */
#include "boot/common/bhdisk.h"

	.equ	BS_BASE, 0x7c00		/* where a PC BIOS loads the boot sector */
	.equ	LOAD_SEG, 0x1000	/* the image is read to linear 0x10000 ... */
	.equ	LOAD_LIN, 0x10000
	.equ	LOAD_MAX, BHDISK_IMAGE_MAX	/* ... up to 0x9F000, below the EBDA */
	.equ	SEG_PER_64K, 0x1000	/* paragraphs in 64 KiB, the ISA DMA boundary */
	.equ	READ_TRIES, 4		/* attempts per read; a reset between them */
	.equ	INT13_RESET, 0x00	/* INT 13h AH=00h: reset the disk system */
	.equ	INT13_READ, 0x02	/* INT 13h AH=02h: read sectors (CHS) */

	/* Variables, in free conventional memory below the stack (0x500 up is the OS's) */
	.equ	drive, 0x0500		/* u8: the BIOS drive number */
	.equ	tries, 0x0501		/* u8: attempts left for this read */
	.equ	count, 0x0502		/* u16: sectors in this read */
	.equ	left, 0x0504		/* u16: sectors still to read */
	.equ	lba, 0x0506		/* u16: the next sector */
	.equ	seg, 0x0508		/* u16: where it goes (seg:0000) */

	/* The PIX image header (flash/pix_image.h) */
	.equ	IMG_MAGIC_LO, 0x49584950	/* "PIXI" */
	.equ	IMG_MAGIC_HI, 0x4547414d	/* "MAGE" */
	.equ	IMG_HDR_SIZE, 512
	.equ	IMG_OFF_PAYLOAD, 0x18	/* u32 payload size */
	.equ	IMG_OFF_LOAD, 0x1c	/* u32 load address */
	.equ	IMG_OFF_ENTRY, 0x20	/* u32 entry address */
	.equ	IMG_BOOT_EAX, 0x50495842	/* 'PIXB' */

	/* COM1, a 16550 (drivers/uart16550_regs.h): 9600 8N1 */
	.equ	COM1, 0x3f8
	.equ	UART_THR, COM1 + 0	/* transmit holding register */
	.equ	UART_DLL, COM1 + 0	/* divisor latch, low byte (DLAB = 1) */
	.equ	UART_DLM, COM1 + 1	/* divisor latch, high byte (DLAB = 1) */
	.equ	UART_LCR, COM1 + 3	/* line control */
	.equ	UART_LSR, COM1 + 5	/* line status */
	.equ	UART_LCR_DLAB, 0x80
	.equ	UART_LCR_8N1, 0x03
	.equ	UART_DIV_9600, 12	/* 115200 / 9600 */
	.equ	UART_LSR_THRE, 0x20	/* transmit holding register empty */
	.equ	UART_TRIES, 0xffff	/* polls of LSR per byte: the wait is bounded */

	.equ	SYSCTL_A, 0x92		/* PS/2 system control port A */
	.equ	SYSCTL_A20, 0x02	/* bit 1: A20 gate on */
	.equ	SYSCTL_RESET, 0x01	/* bit 0: fast reset (kept clear) */
	.equ	CR0_PE, 0x01		/* protection enable */
	.equ	SEL_CODE, 0x08		/* GDT selectors below */
	.equ	SEL_DATA, 0x10

	.code16
	.section .text
	.globl	start
start:
	jmp	code			/* EB xx: over the descriptor */
	nop				/* 90: the third byte of the jump */

	.org	BHDISK_OFF_MAGIC	/* the descriptor: filled by pix-mkdisk */
magic:	.ascii	BHDISK_MAGIC		/* "PIXBHDSK" */
version: .word	0			/* BHDISK_VERSION */
img_lba: .word	0			/* first sector of the image */
img_len: .long	0			/* its bytes: header and payload */

	.org	BHDISK_OFF_CODE		/* the code: the build fails if the descriptor grew into it */
code:
	cli				/* no interrupts while the segments are set up */
	xorw	%ax, %ax		/* segment 0 for data, extra and stack */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$BS_BASE, %sp		/* the stack grows down from below the sector */
	ljmp	$0, $norm		/* CS:IP = 0000:7Cxx whichever form the BIOS used */
norm:
	sti				/* the BIOS disk services need interrupts */
	cld				/* string instructions go upwards */
	movb	%dl, drive		/* the BIOS hands over the boot drive in DL */

	movl	img_len, %eax		/* the image must hold a header ... */
	cmpl	$IMG_HDR_SIZE, %eax
	jb	bad_image
	cmpl	$LOAD_MAX, %eax		/* ... and fit below the EBDA */
	ja	bad_image
	addl	$BHDISK_SECTOR - 1, %eax	/* round up to whole sectors */
	shrl	$9, %eax		/* bytes / 512 (2^9) */
	movw	%ax, left		/* sectors still to read */
	movw	img_lba, %ax
	movw	%ax, lba		/* the next sector to read */
	movw	$LOAD_SEG, seg		/* where it goes: seg:0000 */

read_loop:
	cmpw	$0, left		/* all read? */
	je	loaded
	movw	lba, %ax		/* LBA -> CHS */
	xorw	%dx, %dx
	movw	$BHDISK_SECTORS_PER_TRACK, %bx
	divw	%bx			/* AX = track (cylinder * 2 + head), DX = sector - 1 */
	movb	%dl, %cl
	incb	%cl			/* CL = sector, 1-based (cylinders < 256: bits 6-7 stay 0) */
	subw	%dx, %bx		/* BX = sectors from here to the end of the track */
	movb	%al, %dh
	andb	$1, %dh			/* DH = head */
	shrw	$1, %ax
	movb	%al, %ch		/* CH = cylinder */
	cmpw	left, %bx		/* no more than what is left of the image */
	jbe	1f
	movw	left, %bx
1:	movw	seg, %ax		/* no more than up to the next 64 KiB boundary */
	andw	$SEG_PER_64K - 1, %ax	/* paragraphs past the last boundary */
	negw	%ax
	addw	$SEG_PER_64K, %ax	/* paragraphs to the next boundary */
	shrw	$5, %ax			/* paragraphs / 32 = sectors (seg stays sector-aligned) */
	cmpw	%ax, %bx
	jbe	2f
	movw	%ax, %bx
2:	movw	%bx, count		/* this call reads count sectors */
	movb	$READ_TRIES, tries

read_try:
	pushw	%cx			/* keep the CHS across the BIOS call */
	pushw	%dx
	movw	seg, %ax
	movw	%ax, %es		/* ES:BX = seg:0000, the buffer */
	xorw	%bx, %bx
	movb	count, %al		/* AL = sectors */
	movb	$INT13_READ, %ah
	movb	drive, %dl		/* DL = drive (DH = head stays) */
	int	$0x13			/* carry set on error */
	popw	%dx			/* pops leave the carry as it is */
	popw	%cx
	jnc	read_ok
	decb	tries			/* a failed read: reset the drive and try again, a few times */
	jz	read_error
	pushw	%cx
	pushw	%dx
	movb	$INT13_RESET, %ah
	movb	drive, %dl
	int	$0x13
	popw	%dx
	popw	%cx
	jmp	read_try

read_ok:
	movw	count, %ax		/* advance by what was read */
	addw	%ax, lba
	subw	%ax, left
	shlw	$5, %ax			/* sectors * 32 = paragraphs */
	addw	%ax, seg
	jmp	read_loop

loaded:
	movw	$LOAD_SEG, %ax		/* FS:0 = the image's header */
	movw	%ax, %fs
	cmpl	$IMG_MAGIC_LO, %fs:0	/* "PIXIMAGE" */
	jne	bad_image
	cmpl	$IMG_MAGIC_HI, %fs:4
	jne	bad_image
	movl	%fs:IMG_OFF_PAYLOAD, %eax	/* header and payload within what was read */
	addl	$IMG_HDR_SIZE, %eax
	jc	bad_image
	cmpl	img_len, %eax
	ja	bad_image

	inb	$SYSCTL_A, %al		/* A20 on through port 0x92, never the reset bit */
	orb	$SYSCTL_A20, %al
	andb	$~SYSCTL_RESET, %al
	outb	%al, $SYSCTL_A

	cli				/* no BIOS from here on */
	lgdt	gdtdesc			/* flat code and data segments */
	movl	%cr0, %eax
	orl	$CR0_PE, %eax		/* protected mode on */
	movl	%eax, %cr0
	ljmp	$SEL_CODE, $pm32	/* reload CS: 32-bit code from here */

	.code32
pm32:
	movw	$SEL_DATA, %ax		/* flat data segments */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$BS_BASE, %esp		/* a stack until the program sets its own */
	movl	$LOAD_LIN + IMG_HDR_SIZE, %esi	/* the payload ... */
	movl	LOAD_LIN + IMG_OFF_LOAD, %edi	/* ... to its load address */
	movl	LOAD_LIN + IMG_OFF_PAYLOAD, %ecx
	rep movsb
	movl	LOAD_LIN + IMG_OFF_ENTRY, %edx
	movl	$IMG_BOOT_EAX, %eax	/* EAX = 'PIXB' */
	xorl	%ebx, %ebx		/* EBX = 0: no boot-information block */
	jmp	*%edx			/* into the program; it never returns */

	.code16
read_error:
	movw	$msg_read, %si		/* the diskette could not be read */
	jmp	fail
bad_image:
	movw	$msg_image, %si		/* no image, or one that does not fit */
fail:
	movw	$UART_LCR, %dx		/* COM1 at 9600 8N1, as the PIX console */
	movb	$UART_LCR_DLAB, %al
	outb	%al, %dx
	movw	$UART_DLL, %dx
	movb	$UART_DIV_9600, %al
	outb	%al, %dx
	movw	$UART_DLM, %dx
	xorb	%al, %al
	outb	%al, %dx
	movw	$UART_LCR, %dx
	movb	$UART_LCR_8N1, %al
	outb	%al, %dx
putc:
	lodsb				/* the next byte of the message */
	testb	%al, %al		/* NUL ends it */
	jz	halt
	movb	%al, %bl
	movw	$UART_TRIES, %cx	/* wait, bounded, for room in the transmitter */
	movw	$UART_LSR, %dx
1:	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	loopz	1b			/* until THRE or the count runs out */
	movw	$UART_THR, %dx
	movb	%bl, %al
	outb	%al, %dx
	jmp	putc
halt:
	cli				/* the final stop */
	hlt
	jmp	halt

msg_read:
	.asciz	"Boothelper: read error\r\n"
msg_image:
	.asciz	"Boothelper: bad image\r\n"

gdt:	.quad	0			/* the null descriptor */
	.word	0xffff, 0		/* SEL_CODE: base 0, limit 4 GiB ... */
	.byte	0, 0x9a, 0xcf, 0	/* ... present, ring 0, code, readable; 4 KiB, 32-bit */
	.word	0xffff, 0		/* SEL_DATA: base 0, limit 4 GiB ... */
	.byte	0, 0x92, 0xcf, 0	/* ... present, ring 0, data, writable; 4 KiB, 32-bit */
gdtdesc:
	.word	gdtdesc - gdt - 1	/* limit */
	.long	gdt			/* base */

#ifdef BS_TEST_BALLAST
	.fill	BS_TEST_BALLAST, 1, 0x90	/* tests/build: bytes that make the code outgrow the sector */
#endif
	.org	BHDISK_OFF_SIGNATURE	/* fails to assemble if the code outgrew the sector */
	.byte	0x55, 0xaa		/* the PC boot signature */

	.section .note.GNU-stack, "", @progbits
