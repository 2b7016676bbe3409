/* CMOS RAM reads. */
#ifndef CMOS_H
#define CMOS_H

#include <stdint.h>

uint8_t cmos_read(uint8_t index);

#endif /* CMOS_H */
