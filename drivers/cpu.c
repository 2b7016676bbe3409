/* The processor's name from CPUID: the brand string (leaves 0x80000002-4), else the vendor. */
#include "cpu.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CPUID_VENDOR 0x00000000u
#define CPUID_SIGNATURE 0x00000001u
#define CPUID_EXT_MAX 0x80000000u
#define CPUID_BRAND_FIRST 0x80000002u
#define CPUID_BRAND_LAST 0x80000004u
#define CPUID_FAMILY(eax) (((eax) >> 8) & 0xf)

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
