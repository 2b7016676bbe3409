/* The boot-information block the monitor hands a booted image (EBX), field by field. */
#ifndef FLASH_PIX_BOOTINFO_H
#define FLASH_PIX_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Contract with a booted image (DESIGN.md, "Software images"): the image is entered in 32-bit
 * flat protected mode, interrupts off, at its entry address with EAX = IMG_BOOT_EAX ('PIXB')
 * and EBX = the physical address of a struct pix_bootinfo. All fields are in the byte order of
 * the CPU (little-endian) and the block is 8-byte aligned. The block lies outside the image's
 * payload [load, load + size); an image that wants that memory copies the block first. No device
 * writes to memory any more: the NICs the monitor used are stopped and every PCI function has
 * bus mastering off (I/O and memory decoding stay on), so the image enables what it drives.
 *
 * Versioning: an image checks magic, then version. A later version only appends fields and
 * grows @size, so an image reads the fields it knows when version >= the one that defined them
 * and never reads past @size. A change that is not an append takes a new magic.
 */
#define PIX_BOOTINFO_MAGIC 0x50495849 /* 'PIXI' */
#define PIX_BOOTINFO_VERSION 3 /* 2: flash_image_chips; 3: the image's signer (issue 14) */

/* pix_bootinfo.flags */
#define PIX_BI_KEY_VALID 0x00000001 /* key decrypted and matched the serial: features valid */
#define PIX_BI_TRACE 0x00000002 /* the monitor's `trace` was on */
#define PIX_BI_SIGNED 0x00000004 /* the image's signature verified: sig_* fields (version 3) */

/* pix_bootinfo.features: the bits of activation-key word 1 (DESIGN.md, "Activation keys") */
#define PIX_BI_FEAT_FAILOVER 0x01
#define PIX_BI_FEAT_VPN_DES 0x02
#define PIX_BI_FEAT_VPN_3DES 0x04
#define PIX_BI_FEAT_CUT_THROUGH 0x08
#define PIX_BI_FEAT_GUARDS 0x10
#define PIX_BI_FEAT_WEBSENSE 0x20

/* pix_bootinfo_mem.type: the ACPI/e820 address range types, as fw_cfg "etc/e820" gives them */
#define PIX_BI_MEM_RAM 1 /* usable RAM */
#define PIX_BI_MEM_RESERVED 2 /* not usable */

#define PIX_BI_MEM_MAX 8 /* memory-map entries the block holds */
#define PIX_BI_FILE_LEN 128 /* the monitor's file name, NUL-terminated (MON_FILE_MAX + 1) */

/* One range of the physical memory map. */
struct pix_bootinfo_mem {
	uint64_t base; /* first byte */
	uint64_t length; /* bytes */
	uint32_t type; /* PIX_BI_MEM_* (other e820 values are passed through) */
	uint32_t reserved; /* zero */
};

_Static_assert(sizeof(struct pix_bootinfo_mem) == 24, "memory-map entry is 24 bytes");

/**
 * struct pix_bootinfo - what the monitor knows that a booted image needs (version 1, 424 bytes)
 *
 * Offsets are fixed (see the asserts below) and identical on i386 and x86-64: every 64-bit
 * field sits at a multiple of 8.
 */
struct pix_bootinfo {
	/* 0x000 PIX_BOOTINFO_MAGIC */
	uint32_t magic;
	/* 0x004 PIX_BOOTINFO_VERSION of the layout */
	uint16_t version;
	/* 0x006 bytes of the block (sizeof for this version; larger from a later monitor) */
	uint16_t size;
	/* 0x008 serial number of the unit, from the flash identity record */
	uint32_t serial;
	/* 0x00c PIX_BI_* flags */
	uint32_t flags;
	/* 0x010 running activation key: the four words as entered ("0x77d91d9f ..." = key[0]...) */
	uint32_t key[4];
	/* 0x020 licensed features, PIX_BI_FEAT_* (zero unless PIX_BI_KEY_VALID) */
	uint32_t features;
	/* 0x024 maximum interfaces the key allows */
	uint16_t max_interfaces;
	/* 0x026 ISAKMP peers the key allows, 0 = unlimited */
	uint16_t isakmp_peers;
	/* 0x028 throughput the key allows in Mbit/s, 0 = unlimited */
	uint16_t throughput_mbps;
	/*
	 * 0x02a (version 2; zero before) chips the booted image is striped over: its 256-byte
	 * sector k is in chip k % n at chip offset (@flash_image_offset % 512 KiB) + (k / n) * 256,
	 * counting chips from the one holding @flash_image_offset; 0 when there is no flash
	 */
	uint16_t flash_image_chips;
	/* 0x02c physical address of the flash array (ivshmem BAR2), 0 when there is none or it is above
	 * 4 GiB (a 64-bit firmware placed it there; the image places the BARs again itself) */
	uint32_t flash_base;
	/* 0x030 bytes of the flash array */
	uint32_t flash_size;
	/* 0x034 offset in the flash array of the booted image's first byte (its header) */
	uint32_t flash_image_offset;
	/* 0x038 bytes of the booted image in flash, header included */
	uint32_t flash_image_len;
	/* 0x03c version of the booted image as its header gives it: 6.3(5) = 6, 3, 5 */
	uint8_t image_major;
	uint8_t image_minor;
	uint8_t image_maint;
	/* 0x03f zero */
	uint8_t reserved1;
	/* 0x040 I/O port of the console 16550, initialised 8N1 at @console_baud (0x3f8) */
	uint16_t console_port;
	/* 0x042 zero */
	uint16_t reserved2;
	/* 0x044 console speed in bit/s */
	uint32_t console_baud;
	/* 0x048 entries used in @mem */
	uint32_t mem_count;
	/* 0x04c zero */
	uint32_t reserved3;
	/* 0x050 physical memory map, ascending base */
	struct pix_bootinfo_mem mem[PIX_BI_MEM_MAX];
	/* 0x110 monitor `address`: IPv4 in host order (10.0.0.1 = 0x0a000001), 0 = unset */
	uint32_t mon_address;
	/* 0x114 monitor `server`, same encoding */
	uint32_t mon_server;
	/* 0x118 monitor `gateway`, same encoding */
	uint32_t mon_gateway;
	/* 0x11c monitor `interface`: the NIC number it used */
	uint32_t mon_interface;
	/* 0x120 monitor `file`: the TFTP file name, NUL-terminated, "" = unset */
	char mon_file[PIX_BI_FILE_LEN];
	/* 0x1a0 monitor `timeout` in seconds */
	uint32_t mon_timeout_s;
	/* 0x1a4 zero */
	uint32_t reserved4;
	/* 0x1a8 (version 3) image signing keys the unit holds; 0: it checks no signatures */
	uint32_t sig_keys;
	/* 0x1ac (version 3) which of them verified the image (with PIX_BI_SIGNED), 0 otherwise */
	uint32_t sig_key_index;
	/* 0x1b0 (version 3) the image's security version (with PIX_BI_SIGNED), 0 otherwise */
	uint32_t sig_sec_version;
	/* 0x1b4 (version 3) the unit's security version after this boot raised it */
	uint32_t sig_floor;
	/* 0x1b8 (version 3) the signer's key id, SHA-256 of its DER public key (PIX_BI_SIGNED) */
	uint8_t sig_key_id[32];
};

_Static_assert(sizeof(struct pix_bootinfo) == 0x1d8, "boot information v3 is 472 bytes");
_Static_assert(offsetof(struct pix_bootinfo, sig_keys) == 0x1a8, "signer at 0x1a8");
_Static_assert(offsetof(struct pix_bootinfo, key) == 0x010, "key at 0x010");
_Static_assert(offsetof(struct pix_bootinfo, flash_base) == 0x02c, "flash at 0x02c");
_Static_assert(offsetof(struct pix_bootinfo, console_port) == 0x040, "console at 0x040");
_Static_assert(offsetof(struct pix_bootinfo, mem) == 0x050, "memory map at 0x050");
_Static_assert(offsetof(struct pix_bootinfo, mon_address) == 0x110, "monitor at 0x110");
_Static_assert(offsetof(struct pix_bootinfo, mon_file) == 0x120, "file name at 0x120");
_Static_assert(offsetof(struct pix_bootinfo, mon_timeout_s) == 0x1a0, "timeout at 0x1a0");

#endif /* FLASH_PIX_BOOTINFO_H */
