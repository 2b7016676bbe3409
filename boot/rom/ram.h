/* RAM size discovery for the ROM target. */
#ifndef ROM_RAM_H
#define ROM_RAM_H

#include <stdint.h>

uint64_t rom_ram_size(void);

#endif /* ROM_RAM_H */
