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

#include <string.h>

#define EFIFW_PAGE 4096u
#define PCI_BAR0 0x10
#define PCI_BAR_COUNT 6
#define PCI_BAR_IO 0x1u
#define PCI_BAR_TYPE_MASK 0x6u
#define PCI_BAR_TYPE_64 0x4u

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
			bar->addr = raw[i] & ~3u;
		} else {
			bar->addr = raw[i] & ~0xfu;
			if ((raw[i] & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64 &&
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

/* efifw_reset() - A cold reset through the runtime services. */
void efifw_reset(void)
{
	uefi_call_wrapper(efifw_st->RuntimeServices->ResetSystem, 4, EfiResetCold, EFI_SUCCESS, 0,
			  NULL);
	for (;;)
		__asm__ volatile("hlt");
}
