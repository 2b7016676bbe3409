/*
 * Freestanding stdlib subset for the firmware: atoi (lwIP's netif_find names it), calloc and free
 * (mbedTLS's bignum, for image signatures: lib/heap.c's arena).
 */
#ifndef LIB_STDLIB_H
#define LIB_STDLIB_H

#include <stddef.h>

int atoi(const char *s);
void *calloc(size_t nmemb, size_t size);
void free(void *p);

#endif /* LIB_STDLIB_H */
