/* Freestanding stdlib subset for the firmware: atoi only (lwIP's netif_find names it). */
#ifndef LIB_STDLIB_H
#define LIB_STDLIB_H

#include <stddef.h>

int atoi(const char *s);

#endif /* LIB_STDLIB_H */
