/* The processor: its name from CPUID (the brand string, leaves 0x80000002-4, else the vendor), and
 * its random number generator (RDRAND, CPUID.01H:ECX bit 30). */
#include "cpu.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CPUID_VENDOR 0x00000000u
#define CPUID_SIGNATURE 0x00000001u
#define CPUID_EXT_MAX 0x80000000u
#define CPUID_BRAND_FIRST 0x80000002u
#define CPUID_BRAND_LAST 0x80000004u
#define CPUID_FAMILY(eax) (((eax) >> 8) & 0xf)
#define CPUID_01_ECX_RDRAND (1u << 30)
#define CPU_RDRAND_TRIES 10 /* Intel's advice: retry an underflow up to 10 times */

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/**
 * cpu_name() - The processor's name: its CPUID brand string without padding blanks, or
 * "<vendor> family <n>" when it has none.
 * @buf: receives the name
 * @size: size of @buf (CPU_NAME_MAX suffices)
 */
void cpu_name(char *buf, size_t size)
{
	char brand[CPU_NAME_MAX] = { 0 };
	uint32_t r[4], leaf;
	const char *p = brand;
	size_t n;

	cpuid(CPUID_EXT_MAX, r);
	if (r[0] >= CPUID_BRAND_LAST) {
		for (leaf = CPUID_BRAND_FIRST; leaf <= CPUID_BRAND_LAST; leaf++) {
			cpuid(leaf, r);
			memcpy(brand + 16 * (leaf - CPUID_BRAND_FIRST), r, 16);
		}
		while (*p == ' ')
			p++;
		n = strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			snprintf(buf, size, "%.*s", (int)n, p);
			return;
		}
	}
	cpuid(CPUID_VENDOR, r);
	memcpy(brand, &r[1], 4);
	memcpy(brand + 4, &r[3], 4);
	memcpy(brand + 8, &r[2], 4);
	brand[12] = '\0';
	cpuid(CPUID_SIGNATURE, r);
	snprintf(buf, size, "%s family %u", brand, (unsigned int)CPUID_FAMILY(r[0]));
}

/* cpu_has_rdrand - true when the processor has the RDRAND instruction. */
bool cpu_has_rdrand(void)
{
	uint32_t r[4];

	cpuid(CPUID_SIGNATURE, r);
	return (r[2] & CPUID_01_ECX_RDRAND) != 0;
}

/**
 * cpu_rdrand() - 32 random bits from the processor's generator (cpu_has_rdrand() first).
 * @out: receives them
 *
 * Return: 0, or -EIO when the generator gave nothing in CPU_RDRAND_TRIES tries.
 */
int cpu_rdrand(uint32_t *out)
{
	unsigned int i;
	uint8_t ok;

	for (i = 0; i < CPU_RDRAND_TRIES; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok) : : "cc");
		if (ok)
			return 0;
	}
	return -EIO;
}
