/* The processor: its name from CPUID, as `show version` prints it. */
#ifndef CPU_H
#define CPU_H

#include <stddef.h>

#define CPU_NAME_MAX 49 /* the brand string is 48 characters and a NUL */

void cpu_name(char *buf, size_t size);

#endif /* CPU_H */
