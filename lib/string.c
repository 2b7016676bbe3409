/* Freestanding string and memory functions for the firmware. */
#include <string.h>

#include <stdint.h>

/* A 32-bit word at any address: x86 loads and stores it unaligned. */
typedef uint32_t __attribute__((aligned(1), may_alias)) word_any_t;

/*
 * memcpy - copy n bytes between non-overlapping buffers; returns dst.
 * Every received frame and downloaded block goes through here. Under QEMU's
 * TCG a plain loop of 32-bit moves, unrolled, runs several times faster than
 * `rep movs` (which is emulated one iteration at a time) or a byte loop. The
 * words need not be aligned (x86 takes unaligned loads and stores): a TFTP
 * block's data sits 2 bytes off a word boundary in its frame (14-byte
 * Ethernet header), and a byte loop over it cost about 4 us per block.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	word_any_t *dw = (word_any_t *)d;
	const word_any_t *sw = (const word_any_t *)s;

	for (; n >= 32; n -= 32, dw += 8, sw += 8) {
		dw[0] = sw[0];
		dw[1] = sw[1];
		dw[2] = sw[2];
		dw[3] = sw[3];
		dw[4] = sw[4];
		dw[5] = sw[5];
		dw[6] = sw[6];
		dw[7] = sw[7];
	}
	for (; n >= 4; n -= 4)
		*dw++ = *sw++;
	d = (unsigned char *)dw;
	s = (const unsigned char *)sw;
	while (n--)
		*d++ = *s++;
	return dst;
}

/* memmove - copy n bytes between buffers that may overlap; returns dst. */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* memset - fill n bytes with c; returns dst. */
void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

/* memcmp - compare n bytes; returns <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* strlen - length of a NUL-terminated string. */
size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* strncmp - compare at most n characters; returns <0, 0 or >0. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

/* strcmp - compare two strings; returns <0, 0 or >0. */
int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

/* strchr - first occurrence of c in s (the terminator counts), or NULL. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* memchr - first byte equal to c among the n bytes at s, or NULL. */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* strstr - first occurrence of needle in hay (hay itself for an empty needle), or NULL. */
char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}
