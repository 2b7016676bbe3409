/* Build-check fixture: a writable variable forced into a section the linker script does not place. */
int rom_check_writable __attribute__((section(".rom_writable"), used)) = 1;
