/* Freestanding stdlib subset for the firmware. */
#include <stdlib.h>

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
