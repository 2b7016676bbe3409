/*
 * The UEFI boot services the application uses, behind plain-C calls (efifw.h): the watchdog, the
 * serial port taken from the firmware's console, PCI functions through the PCI I/O protocol,
 * memory and reset. Only this file and efisnp.c (the NICs) include GNU-EFI's headers.
 */
#include <efi.h>
#include <efiapi.h>
#include <efipciio.h>
#include <efiser.h>

#include "efifw.h"
#include "pci_regs.h"

#include <string.h>

#define EFIFW_PAGE 4096u
#define EFIFW_MAP_BYTES 16384u /* the memory map's buffer: over 300 descriptors */
#define EFIFW_PERSISTENT_MEMORY 14 /* UEFI 2.5's EfiPersistentMemory (GNU-EFI 3.0 lacks it) */

/* ACPI's QWord Address Space Descriptor (ACPI 6.x, 6.4.3.5.1), as GetBarAttributes returns it. */
struct efifw_qword_desc {
	uint8_t tag; /* 0x8a */
	uint16_t length;
	uint8_t resource_type;
	uint8_t general_flags;
	uint8_t type_flags;
	uint64_t granularity;
	uint64_t range_min;
	uint64_t range_max;
	uint64_t translation;
	uint64_t length_bytes;
} __attribute__((packed));

static EFI_HANDLE efifw_image;
static EFI_SYSTEM_TABLE *efifw_st;
static EFI_BOOT_SERVICES *efifw_bs;
/* The memory map as GetMemoryMap writes it; static, so reading it allocates nothing. */
static UINT64 efifw_map[EFIFW_MAP_BYTES / sizeof(UINT64)];

/**
 * efifw_init() - Keeps the image handle and the system table for the calls below.
 * @image: the application's handle, as efi_main got it
 * @systab: the system table
 */
void efifw_init(void *image, void *systab)
{
	efifw_image = image;
	efifw_st = systab;
	efifw_bs = efifw_st->BootServices;
}

/* efifw_boot_services() - The firmware's EFI_BOOT_SERVICES, for efisnp.c. */
void *efifw_boot_services(void)
{
	return efifw_bs;
}

/* efifw_image_handle() - The application's own handle (the agent of the protocols it opens). */
void *efifw_image_handle(void)
{
	return efifw_image;
}

/* efifw_watchdog_off() - Stops the firmware's 5-minute watchdog while the user is at the prompt. */
void efifw_watchdog_off(void)
{
	uefi_call_wrapper(efifw_bs->SetWatchdogTimer, 4, 0, 0, 0, NULL);
}

/**
 * efifw_serial_takeover() - Disconnects the firmware's drivers (its terminal) from every serial
 * port, so that nothing else reads the UART the application then drives itself: the firmware's
 * console polls it on a timer and would take the user's keys, and would add its escape sequences.
 *
 * Return: how many serial ports were released.
 */
unsigned int efifw_serial_takeover(void)
{
	EFI_GUID guid = EFI_SERIAL_IO_PROTOCOL_GUID;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	unsigned int done = 0;

	if (uefi_call_wrapper(efifw_bs->LocateHandleBuffer, 5, ByProtocol, &guid, NULL, &count,
			      &handles) != EFI_SUCCESS)
		return 0;
	for (i = 0; i < count; i++)
		if (uefi_call_wrapper(efifw_bs->DisconnectController, 3, handles[i], NULL, NULL) ==
		    EFI_SUCCESS)
			done++;
	uefi_call_wrapper(efifw_bs->FreePool, 1, handles);
	return done;
}

/* Fills @out's BARs from configuration space (the firmware placed them); sizes by BAR type. */
static void efifw_read_bars(EFI_PCI_IO_PROTOCOL *io, struct pci_dev *out)
{
	UINT32 raw[PCI_BAR_COUNT];
	unsigned int i;

	if (uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint32, PCI_BAR0, PCI_BAR_COUNT,
			      raw) != EFI_SUCCESS)
		return;
	for (i = 0; i < PCI_BAR_COUNT; i++) {
		struct efifw_qword_desc *desc = NULL;
		struct pci_bar *bar = &out->bar[i];

		if (raw[i] & PCI_BAR_IO) {
			bar->io = true;
			bar->addr = raw[i] & PCI_BAR_IO_MASK;
		} else {
			bar->addr = raw[i] & PCI_BAR_MEM_MASK;
			if ((raw[i] & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 &&
			    i + 1 < PCI_BAR_COUNT) {
				bar->is64 = true;
				bar->addr |= (uint64_t)raw[i + 1] << 32;
			}
		}
		if (uefi_call_wrapper(io->GetBarAttributes, 4, io, (UINT8)i, NULL,
				      (VOID **)&desc) == EFI_SUCCESS &&
		    desc) {
			bar->size = desc->length_bytes;
			uefi_call_wrapper(efifw_bs->FreePool, 1, desc);
		}
		if (bar->is64)
			i++;
	}
}

/**
 * efifw_find_pci() - Finds a PCI function by vendor and device through the PCI I/O protocol,
 * enables its memory decoding, and describes it in the core's terms (BARs as the firmware placed
 * them).
 * @vendor: the vendor ID
 * @device: the device ID
 * @out: filled when found
 *
 * Return: 0, or -1 when no such function exists.
 */
int efifw_find_pci(uint16_t vendor, uint16_t device, struct pci_dev *out)
{
	EFI_GUID guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	int found = -1;

	if (uefi_call_wrapper(efifw_bs->LocateHandleBuffer, 5, ByProtocol, &guid, NULL, &count,
			      &handles) != EFI_SUCCESS)
		return -1;
	for (i = 0; i < count && found; i++) {
		EFI_PCI_IO_PROTOCOL *io = NULL;
		UINT16 id[2];
		UINTN seg, bus, dev, fn;

		if (uefi_call_wrapper(efifw_bs->HandleProtocol, 3, handles[i], &guid,
				      (VOID **)&io) != EFI_SUCCESS ||
		    uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint16, 0, 2, id) !=
			    EFI_SUCCESS ||
		    id[0] != vendor || id[1] != device)
			continue;
		memset(out, 0, sizeof(*out));
		if (uefi_call_wrapper(io->GetLocation, 5, io, &seg, &bus, &dev, &fn) ==
		    EFI_SUCCESS) {
			out->bus = (uint8_t)bus;
			out->dev = (uint8_t)dev;
			out->fn = (uint8_t)fn;
		}
		out->vendor = vendor;
		out->device = device;
		out->irq = 0xff;
		uefi_call_wrapper(io->Attributes, 4, io, EfiPciIoAttributeOperationEnable,
				  EFI_PCI_IO_ATTRIBUTE_MEMORY, NULL);
		efifw_read_bars(io, out);
		found = 0;
	}
	uefi_call_wrapper(efifw_bs->FreePool, 1, handles);
	return found;
}

/**
 * efifw_alloc() - Pages of loader data below @max_addr.
 * @bytes: how many bytes
 * @max_addr: the highest address the memory may reach
 *
 * Return: the memory, or NULL.
 */
void *efifw_alloc(uint64_t bytes, uint64_t max_addr)
{
	EFI_PHYSICAL_ADDRESS addr = max_addr;

	if (uefi_call_wrapper(efifw_bs->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData,
			      (bytes + EFIFW_PAGE - 1) / EFIFW_PAGE, &addr) != EFI_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)addr;
}

/**
 * efifw_alloc_at() - Pages of loader data at a fixed address.
 * @addr: the first byte (page aligned)
 * @bytes: how many bytes
 *
 * Return: the memory (at @addr), or NULL when any of it is not free.
 */
void *efifw_alloc_at(uint64_t addr, uint64_t bytes)
{
	EFI_PHYSICAL_ADDRESS at = addr;

	if (addr % EFIFW_PAGE ||
	    uefi_call_wrapper(efifw_bs->AllocatePages, 4, AllocateAddress, EfiLoaderData,
			      (bytes + EFIFW_PAGE - 1) / EFIFW_PAGE, &at) != EFI_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)at;
}

/**
 * efifw_free() - Gives back pages from efifw_alloc() or efifw_alloc_at().
 * @mem: the memory, or NULL (nothing is done)
 * @bytes: the size it was allocated with
 */
void efifw_free(void *mem, uint64_t bytes)
{
	if (mem)
		uefi_call_wrapper(efifw_bs->FreePages, 2, (EFI_PHYSICAL_ADDRESS)(uintptr_t)mem,
				  (bytes + EFIFW_PAGE - 1) / EFIFW_PAGE);
}

/* What a range of memory type @t is once boot services have exited (UEFI 2.x, table 7-8). */
static uint32_t efifw_range_type(UINT32 t)
{
	switch (t) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiConventionalMemory:
		return EFIFW_MEM_RAM;
	case EfiACPIReclaimMemory:
		return EFIFW_MEM_ACPI;
	case EfiACPIMemoryNVS:
		return EFIFW_MEM_NVS;
	case EfiUnusableMemory:
		return EFIFW_MEM_UNUSABLE;
	case EFIFW_PERSISTENT_MEMORY:
		return EFIFW_MEM_PMEM;
	default:
		return EFIFW_MEM_RESERVED;
	}
}

/* Reads the memory map into efifw_map; 0 or -1. */
static int efifw_read_map(UINTN *key, UINTN *bytes, UINTN *desc_size)
{
	UINT32 desc_version;

	*bytes = sizeof(efifw_map);
	return uefi_call_wrapper(efifw_bs->GetMemoryMap, 5, bytes,
				 (EFI_MEMORY_DESCRIPTOR *)efifw_map, key, desc_size,
				 &desc_version) == EFI_SUCCESS ?
		       0 :
		       -1;
}

/* efifw_map's descriptors as ranges; the ones past @max are left out. */
static void efifw_convert_map(UINTN bytes, UINTN desc_size, struct efifw_range *out,
			      unsigned int max, unsigned int *count)
{
	const uint8_t *p = (const uint8_t *)efifw_map;
	UINTN off;

	*count = 0;
	for (off = 0; off + desc_size <= bytes && *count < max; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(p + off);

		out[*count] = (struct efifw_range){ d->PhysicalStart, d->NumberOfPages * EFIFW_PAGE,
						    efifw_range_type(d->Type) };
		(*count)++;
	}
}

/**
 * efifw_memory_map() - The firmware's memory map now, in ACPI range types.
 * @out: the ranges, in the firmware's order
 * @max: how many @out holds (more are left out)
 * @count: set to how many were written
 *
 * Return: 0, or -1 when the firmware gave no map.
 */
int efifw_memory_map(struct efifw_range *out, unsigned int max, unsigned int *count)
{
	UINTN key, bytes, desc_size;

	*count = 0;
	if (efifw_read_map(&key, &bytes, &desc_size))
		return -1;
	efifw_convert_map(bytes, desc_size, out, max, count);
	return 0;
}

/**
 * efifw_exit_boot_services() - Ends the boot services: the memory map is read, and
 * ExitBootServices is called with its key; when the map changed in between (the firmware's own
 * exit handlers may allocate), it is read and tried once more. From here on, no boot service may
 * be called; the map the firmware left is returned.
 * @out: the ranges of the final map, in the firmware's order
 * @max: how many @out holds (more are left out)
 * @count: set to how many were written
 *
 * Return: 0, or -1 when the firmware refused (boot services may then be partly shut down).
 */
int efifw_exit_boot_services(struct efifw_range *out, unsigned int max, unsigned int *count)
{
	UINTN key, bytes, desc_size;
	EFI_STATUS st = EFI_INVALID_PARAMETER;
	int tries;

	*count = 0;
	for (tries = 0; tries < 2 && st == EFI_INVALID_PARAMETER; tries++) {
		if (efifw_read_map(&key, &bytes, &desc_size))
			return -1;
		st = uefi_call_wrapper(efifw_bs->ExitBootServices, 2, efifw_image, key);
	}
	if (st != EFI_SUCCESS)
		return -1;
	efifw_convert_map(bytes, desc_size, out, max, count);
	return 0;
}

/* efifw_reset() - A cold reset through the runtime services (also after ExitBootServices). */
void efifw_reset(void)
{
	uefi_call_wrapper(efifw_st->RuntimeServices->ResetSystem, 4, EfiResetCold, EFI_SUCCESS, 0,
			  NULL);
	for (;;)
		__asm__ volatile("hlt");
}
