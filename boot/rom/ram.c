/* RAM size: the top of usable RAM from fw_cfg etc/e820, or from CMOS when fw_cfg lacks it. */
#include "ram.h"

#include "cmos.h"
#include "cmos_regs.h"
#include "fw_cfg.h"

#define E820_RAM 1 /* usable RAM entry type (ACPI spec, table 15-312) */
#define E820_MAX_ENTRIES 32
#define MIB (1024ULL * 1024)

/* One etc/e820 entry as QEMU lays it out: packed little-endian. */
struct e820_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct e820_entry) == 20, "etc/e820 entry is 20 bytes");

/* Top of the highest usable RAM range in etc/e820, or 0 when there is none. */
static uint64_t rom_ram_from_e820(void)
{
	struct e820_entry map[E820_MAX_ENTRIES];
	struct fw_cfg_file f;
	uint64_t top = 0;
	size_t n, i;

	if (fw_cfg_find("etc/e820", &f))
		return 0;
	n = fw_cfg_read(&f, map, sizeof(map)) / sizeof(map[0]);
	for (i = 0; i < n; i++)
		if (map[i].type == E820_RAM && map[i].addr + map[i].len > top)
			top = map[i].addr + map[i].len;
	return top;
}

/* Top of RAM from the CMOS extended-memory counters. */
static uint64_t rom_ram_from_cmos(void)
{
	uint64_t above16 = cmos_read(CMOS_EXT_MEM2_LO) | (uint64_t)cmos_read(CMOS_EXT_MEM2_HI) << 8;
	uint64_t above1k = cmos_read(CMOS_EXT_MEM_LO) | (uint64_t)cmos_read(CMOS_EXT_MEM_HI) << 8;

	if (above16)
		return 16 * MIB + above16 * 64 * 1024;
	return 1 * MIB + above1k * 1024;
}

/* rom_ram_size - bytes of RAM below its highest usable address. */
uint64_t rom_ram_size(void)
{
	uint64_t top = rom_ram_from_e820();

	return top ? top : rom_ram_from_cmos();
}
