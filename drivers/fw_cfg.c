/* QEMU fw_cfg over its I/O ports: signature check, directory lookup, file reads. */
#include "fw_cfg.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "fw_cfg_regs.h"
#include "io.h"

static void fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void fw_cfg_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static uint32_t fw_cfg_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* fw_cfg_present - 0 when the device answers with its "QEMU" signature, else -ENODEV. */
int fw_cfg_present(void)
{
	char sig[4];

	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_bytes(sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) ? -ENODEV : 0;
}

/*
 * fw_cfg_find - look @name up in the file directory.
 * Returns 0 and fills @f, -ENOENT when absent, -ENODEV without fw_cfg.
 */
int fw_cfg_find(const char *name, struct fw_cfg_file *f)
{
	uint8_t hdr[4], ent[8];
	char fname[FW_CFG_NAME_LEN];
	size_t namelen = strlen(name);
	uint32_t count, i;

	if (fw_cfg_present())
		return -ENODEV;
	if (namelen >= FW_CFG_NAME_LEN)
		return -ENOENT;
	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_bytes(hdr, sizeof(hdr));
	count = fw_cfg_be32(hdr);
	if (count > FW_CFG_MAX_FILES)
		count = FW_CFG_MAX_FILES;
	for (i = 0; i < count; i++) {
		fw_cfg_bytes(ent, sizeof(ent)); /* size, select, reserved */
		fw_cfg_bytes(fname, sizeof(fname));
		if (!memcmp(fname, name, namelen + 1)) {
			f->size = fw_cfg_be32(ent);
			f->select = (uint16_t)(ent[4] << 8 | ent[5]);
			return 0;
		}
	}
	return -ENOENT;
}

/* fw_cfg_read - read up to @len bytes of @f from its start; returns the count read. */
size_t fw_cfg_read(const struct fw_cfg_file *f, void *buf, size_t len)
{
	if (len > f->size)
		len = f->size;
	fw_cfg_select(f->select);
	fw_cfg_bytes(buf, len);
	return len;
}

/**
 * fw_cfg_read_uint() - A decimal number from fw_cfg file @name (a setting a test or a user passes
 * with QEMU's -fw_cfg name=...,string=N).
 * @name: the file
 * @def: what to return when the file is missing, empty or not decimal digits (a newline ends them)
 * @max: a larger number is taken as @max
 */
unsigned int fw_cfg_read_uint(const char *name, unsigned int def, unsigned int max)
{
	struct fw_cfg_file f;
	char text[8]; /* at most 8 digits: no overflow */
	unsigned int v = 0;
	size_t n, i;

	if (fw_cfg_find(name, &f))
		return def;
	n = fw_cfg_read(&f, text, sizeof(text));
	if (!n)
		return def;
	for (i = 0; i < n && text[i] && text[i] != '\n'; i++) {
		if (text[i] < '0' || text[i] > '9')
			return def;
		v = v * 10 + (unsigned int)(text[i] - '0');
	}
	return v > max ? max : v;
}
