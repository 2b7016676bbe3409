/* QEMU fw_cfg: find and read named files (opt/pix/bootdelay, etc/e820). */
#ifndef FW_CFG_H
#define FW_CFG_H

#include <stddef.h>
#include <stdint.h>

#define FW_CFG_MAX_FILES 256 /* directory entries we are willing to scan */

/* A named file found in the directory. */
struct fw_cfg_file {
	uint16_t select;
	uint32_t size;
};

int fw_cfg_present(void);
int fw_cfg_find(const char *name, struct fw_cfg_file *f);
size_t fw_cfg_read(const struct fw_cfg_file *f, void *buf, size_t len);
unsigned int fw_cfg_read_uint(const char *name, unsigned int def, unsigned int max);

#endif /* FW_CFG_H */
