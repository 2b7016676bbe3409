/* Build-check fixture: read-only data that pushes the ROM past its 256 KiB budget. */
#include <stdint.h>

const volatile uint8_t rom_check_ballast[300 * 1024] = { 1 };
