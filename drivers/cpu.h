/* The processor: its name from CPUID, as `show version` prints it, and its random numbers. */
#ifndef CPU_H
#define CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPU_NAME_MAX 49 /* the brand string is 48 characters and a NUL */

void cpu_name(char *buf, size_t size);
bool cpu_has_rdrand(void);
int cpu_rdrand(uint32_t *out);

#endif /* CPU_H */
