/* CMOS RAM reads through the index/data port pair. */
#include "cmos.h"

#include "cmos_regs.h"
#include "io.h"

/* cmos_read - the CMOS byte at @index (NMI stays disabled). */
uint8_t cmos_read(uint8_t index)
{
	outb(CMOS_INDEX, CMOS_NMI_DISABLE | index);
	return inb(CMOS_DATA);
}
