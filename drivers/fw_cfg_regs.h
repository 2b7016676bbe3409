/* QEMU firmware configuration device, I/O port interface (QEMU docs/specs/fw_cfg.txt). */
#ifndef FW_CFG_REGS_H
#define FW_CFG_REGS_H

#define FW_CFG_PORT_SEL 0x510 /* 16-bit selector (write) */
#define FW_CFG_PORT_DATA 0x511 /* data, one byte per read */

#define FW_CFG_SIGNATURE 0x0000 /* reads "QEMU" */
#define FW_CFG_FILE_DIR 0x0019 /* big-endian u32 count, then struct fw_cfg_file entries */

#define FW_CFG_NAME_LEN 56

#endif /* FW_CFG_REGS_H */
