/* Freestanding stdlib subset for the firmware: atoi, and calloc and free over lib/heap.c. */
#include <stdlib.h>

#include "lib/heap.h"

/* atoi - leading decimal digits of @s (optional sign); 0 when there are none. No overflow check. */
int atoi(const char *s)
{
	unsigned int v = 0;
	int neg = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return neg ? -(int)v : (int)v;
}

/*
 * calloc - @nmemb * @size zeroed bytes from the firmware's heap (lib/heap.c), or NULL on overflow
 * or when its arena is full. Host builds link libc's instead: this file is the firmware's only.
 */
void *calloc(size_t nmemb, size_t size)
{
	return heap_calloc(nmemb, size);
}

/*
 * free - gives back what calloc() returned; NULL is a no-op, and a pointer calloc() did not return
 * is ignored (lib/heap.c counts it).
 */
void free(void *p)
{
	heap_free(p);
}
