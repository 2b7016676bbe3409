/*
 * The core's NIC interface (struct nic) over the UEFI Simple Network Protocol.
 *
 * efisnp_scan() finds every SNP handle whose device path leads to a PCI function, and describes
 * that function (IDs, bus, slot, the interrupt line the firmware programmed), in slot order. An
 * SNP with another SNP above it on its device path is not a NIC of its own (a VLAN, or the
 * firmware's SnpDxe over the NIC driver's NII): only the topmost one of a function is taken.
 * efisnp_claim() opens an SNP exclusively, so the firmware disconnects whatever drivers had it
 * (its MNP, and the IP stack and PXE above that), and takes its MAC address.
 *
 * States: open() starts and initialises the SNP (from whatever state the firmware's stack left
 * it in) and sets the receive filters; close() shuts it down and stops it, after which the
 * firmware's driver no longer touches memory. A transmitted frame's buffer is the firmware's
 * until GetStatus hands its address back (tx_busy); GetStatus is called only when no buffer is
 * free (each call makes the driver poll its device: one call less per TFTP block made e1000
 * streaming 61 -> 77 MiB/s, bench/README.md); received frames are read one at a time into
 * the receive buffer, which peek lends until release. Every call into the firmware returns
 * without waiting; the only wait, for a free transmit buffer, is bounded by EFISNP_TX_WAIT_US.
 */
#include <efi.h>
#include <efiapi.h>
#include <efipciio.h>

#include "efisnp.h"

#include <errno.h>
#include <string.h>

#include "efifw.h"
#include "pci_regs.h"

#define EFISNP_TX_WAIT_US 20000 /* longest wait for the firmware to give a transmit buffer back */
#define EFISNP_FRAME_MIN 60 /* shorter frames are padded (Ethernet's minimum without the FCS) */
#define EFISNP_BUFS_MAX_ADDR 0xffffffffull /* buffers where any DMA engine reaches */
#define EFISNP_PATH_MAX 512 /* longest device path whose parent is looked for */
#define EFISNP_RX_FILTERS \
	(EFI_SIMPLE_NETWORK_RECEIVE_UNICAST | EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST)

static EFI_GUID efisnp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
static EFI_GUID efisnp_pci_guid = EFI_PCI_IO_PROTOCOL_GUID;
static EFI_GUID efisnp_path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

/* efisnp_of - the instance whose nic member is @n. */
static struct efisnp *efisnp_of(struct nic *n)
{
	return (struct efisnp *)((char *)n - offsetof(struct efisnp, nic));
}

/* efisnp_bs - the firmware's boot services. */
static EFI_BOOT_SERVICES *efisnp_bs(void)
{
	return efifw_boot_services();
}

/*
 * efisnp_pci_io - the PCI I/O protocol of the PCI function on @handle's device path, or NULL
 * (an SNP of something that is not a PCI device).
 */
static EFI_PCI_IO_PROTOCOL *efisnp_pci_io(EFI_HANDLE handle)
{
	EFI_DEVICE_PATH *path = NULL;
	EFI_HANDLE pci = NULL;
	EFI_PCI_IO_PROTOCOL *io = NULL;

	if (uefi_call_wrapper(efisnp_bs()->HandleProtocol, 3, handle, &efisnp_path_guid,
			      (VOID **)&path) != EFI_SUCCESS ||
	    uefi_call_wrapper(efisnp_bs()->LocateDevicePath, 3, &efisnp_pci_guid, &path, &pci) !=
		    EFI_SUCCESS ||
	    uefi_call_wrapper(efisnp_bs()->HandleProtocol, 3, pci, &efisnp_pci_guid,
			      (VOID **)&io) != EFI_SUCCESS)
		return NULL;
	return io;
}

/*
 * efisnp_describe - fills @d from the configuration space of the PCI function under SNP handle
 * @handle: 0, or -ENODEV when there is none.
 */
static int efisnp_describe(EFI_HANDLE handle, struct pci_dev *d)
{
	EFI_PCI_IO_PROTOCOL *io = efisnp_pci_io(handle);
	UINTN seg, bus, dev, fn;
	UINT32 id, class_rev;
	UINT8 line;

	if (!io ||
	    uefi_call_wrapper(io->GetLocation, 5, io, &seg, &bus, &dev, &fn) != EFI_SUCCESS ||
	    uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint32, PCI_VENDOR_ID, 1, &id) !=
		    EFI_SUCCESS ||
	    uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint32, PCI_CLASS_REVISION, 1,
			      &class_rev) != EFI_SUCCESS ||
	    uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint8, PCI_INTERRUPT_LINE, 1,
			      &line) != EFI_SUCCESS)
		return -ENODEV;
	memset(d, 0, sizeof(*d));
	d->bus = (uint8_t)bus;
	d->dev = (uint8_t)dev;
	d->fn = (uint8_t)fn;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->class_rev = class_rev;
	d->irq = line;
	return 0;
}

/*
 * efisnp_has_snp_parent - whether a device above @handle on its device path offers SNP too: then
 * @handle is a child of another SNP (a VLAN, a driver over the first one's NII) and the NIC is
 * taken through that one, as iPXE's snponly does.
 */
static bool efisnp_has_snp_parent(EFI_HANDLE handle)
{
	union {
		EFI_DEVICE_PATH node;
		uint8_t bytes[EFISNP_PATH_MAX];
	} parent_path;
	EFI_DEVICE_PATH *path = NULL, *node, *last = NULL, *end, *search = &parent_path.node;
	EFI_HANDLE parent = NULL;
	size_t len;

	if (uefi_call_wrapper(efisnp_bs()->HandleProtocol, 3, handle, &efisnp_path_guid,
			      (VOID **)&path) != EFI_SUCCESS)
		return false;
	for (node = path; !IsDevicePathEnd(node); node = NextDevicePathNode(node)) {
		if ((size_t)DevicePathNodeLength(node) < sizeof(*node))
			return false; /* malformed: no parent to look for */
		last = node;
	}
	len = last ? (size_t)((uint8_t *)last - (uint8_t *)path) : 0;
	if (!len || len + sizeof(*end) > sizeof(parent_path))
		return false;
	memcpy(parent_path.bytes, path, len);
	end = (EFI_DEVICE_PATH *)(parent_path.bytes + len);
	end->Type = END_DEVICE_PATH_TYPE;
	end->SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE;
	end->Length[0] = sizeof(*end);
	end->Length[1] = 0;
	return uefi_call_wrapper(efisnp_bs()->LocateDevicePath, 3, &efisnp_guid, &search,
				 &parent) == EFI_SUCCESS;
}

/* efisnp_slot - the sort key of a PCI function: bus, device, function. */
static uint32_t efisnp_slot(const struct efisnp *s)
{
	return (uint32_t)s->pci.bus << 16 | (uint32_t)s->pci.dev << 8 | s->pci.fn;
}

/*
 * efisnp_insert - puts @s into @out (@n entries, sorted by slot) at its place; false when a NIC
 * of the same PCI function is there already (the first SNP found for a function is its NIC).
 */
static bool efisnp_insert(struct efisnp *out, unsigned int n, const struct efisnp *s)
{
	unsigned int i = n;

	for (i = 0; i < n; i++)
		if (efisnp_slot(&out[i]) == efisnp_slot(s))
			return false;
	i = n;

	while (i > 0 && efisnp_slot(&out[i - 1]) > efisnp_slot(s)) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = *s;
	return true;
}

/*
 * efisnp_connect - connects the firmware's drivers to every network controller on PCI, not
 * recursively: the NIC's own UEFI driver (which offers SNP) binds, nothing above it. OVMF
 * connects only the devices in QEMU's boot order, so without this the NICs have no SNP yet.
 */
static void efisnp_connect(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;

	if (uefi_call_wrapper(efisnp_bs()->LocateHandleBuffer, 5, ByProtocol, &efisnp_pci_guid,
			      NULL, &count, &handles) != EFI_SUCCESS)
		return;
	for (i = 0; i < count; i++) {
		EFI_PCI_IO_PROTOCOL *io = NULL;
		UINT32 class_rev;

		if (uefi_call_wrapper(efisnp_bs()->HandleProtocol, 3, handles[i], &efisnp_pci_guid,
				      (VOID **)&io) != EFI_SUCCESS ||
		    uefi_call_wrapper(io->Pci.Read, 5, io, EfiPciIoWidthUint32, PCI_CLASS_REVISION,
				      1, &class_rev) != EFI_SUCCESS ||
		    class_rev >> PCI_CLASS_BASE_SHIFT != PCI_CLASS_NETWORK)
			continue;
		uefi_call_wrapper(efisnp_bs()->ConnectController, 4, handles[i], NULL, NULL, FALSE);
	}
	uefi_call_wrapper(efisnp_bs()->FreePool, 1, handles);
}

/**
 * efisnp_scan() - Finds the NICs the firmware offers through SNP on a PCI function (their
 * drivers connected first).
 * @out: filled with up to @max entries in PCI slot order, each described, none claimed
 * @max: room in @out
 *
 * Return: how many were found.
 */
unsigned int efisnp_scan(struct efisnp *out, unsigned int max)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	unsigned int n = 0;

	efisnp_connect();
	if (uefi_call_wrapper(efisnp_bs()->LocateHandleBuffer, 5, ByProtocol, &efisnp_guid, NULL,
			      &count, &handles) != EFI_SUCCESS)
		return 0;
	for (i = 0; i < count && n < max; i++) {
		struct efisnp s;

		memset(&s, 0, sizeof(s));
		s.handle = handles[i];
		if (efisnp_has_snp_parent(handles[i]) || efisnp_describe(handles[i], &s.pci))
			continue;
		if (efisnp_insert(out, n, &s))
			n++;
	}
	uefi_call_wrapper(efisnp_bs()->FreePool, 1, handles);
	return n;
}

/*
 * efisnp_recycle - takes back the transmit buffers the firmware is done with (GetStatus names one
 * per call; at most as many calls as there are buffers).
 */
static void efisnp_recycle(struct efisnp *s)
{
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = s->snp;
	unsigned int i, calls;

	for (calls = 0; s->tx_busy && calls < EFISNP_TX_BUFS; calls++) {
		VOID *done = NULL;
		UINT32 irq;

		if (uefi_call_wrapper(snp->GetStatus, 3, snp, &irq, &done) != EFI_SUCCESS || !done)
			return;
		for (i = 0; i < EFISNP_TX_BUFS; i++)
			if (done == s->bufs->tx[i])
				s->tx_busy &= ~(1u << i);
	}
}

/* efisnp_tx_free - the index of a free transmit buffer, or -EAGAIN after EFISNP_TX_WAIT_US. */
static int efisnp_tx_free(struct efisnp *s)
{
	uint64_t start = clock_us(s->clock);
	unsigned int i, k;

	for (;;) {
		for (k = 0; k < EFISNP_TX_BUFS; k++) {
			i = (s->tx_next + k) % EFISNP_TX_BUFS;
			if (!(s->tx_busy & (1u << i)))
				return (int)i;
		}
		if (clock_us(s->clock) - start > EFISNP_TX_WAIT_US)
			return -EAGAIN;
		efisnp_recycle(s);
	}
}

/* Queues one frame (copied, padded to the Ethernet minimum): 0, -EAGAIN, -EINVAL or -EIO. */
static int efisnp_transmit(struct nic *n, const void *frame, size_t len)
{
	struct efisnp *s = efisnp_of(n);
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = s->snp;
	EFI_STATUS st;
	uint8_t *buf;
	size_t size = len < EFISNP_FRAME_MIN ? EFISNP_FRAME_MIN : len;
	int i;

	if (len > NIC_FRAME_MAX)
		return -EINVAL;
	i = efisnp_tx_free(s);
	if (i < 0)
		return i;
	buf = s->bufs->tx[i];
	memcpy(buf, frame, len);
	memset(buf + len, 0, size - len);
	st = uefi_call_wrapper(snp->Transmit, 7, snp, 0, size, buf, NULL, NULL, NULL);
	if (st == EFI_NOT_READY)
		return -EAGAIN;
	if (st != EFI_SUCCESS)
		return -EIO;
	s->tx_busy |= 1u << i;
	s->tx_next = (unsigned int)(i + 1) % EFISNP_TX_BUFS;
	return 0;
}

/* Lends the next received frame in the receive buffer: its length, 0 when none, -EIO. */
static int efisnp_peek(struct nic *n, const void **frame)
{
	struct efisnp *s = efisnp_of(n);
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = s->snp;
	UINTN size = sizeof(s->bufs->rx);
	EFI_STATUS st;

	*frame = s->bufs->rx;
	if (s->rx_lent)
		return s->rx_lent;
	st = uefi_call_wrapper(snp->Receive, 7, snp, NULL, &size, s->bufs->rx, NULL, NULL, NULL);
	if (st == EFI_NOT_READY)
		return 0;
	if (st != EFI_SUCCESS || size > sizeof(s->bufs->rx))
		return -EIO;
	s->rx_lent = (int)size;
	return s->rx_lent;
}

/* Gives the receive buffer back for the next frame. */
static void efisnp_release(struct nic *n)
{
	efisnp_of(n)->rx_lent = 0;
}

/* Copies one received frame into @buf: its length, 0 when none, -E2BIG or -EIO. */
static int efisnp_poll(struct nic *n, void *buf, size_t max)
{
	const void *frame;
	int len = efisnp_peek(n, &frame);

	if (len > 0) {
		if ((size_t)len > max)
			len = -E2BIG;
		else
			memcpy(buf, frame, (size_t)len);
		efisnp_release(n);
	}
	return len;
}

/* The link as the firmware last saw it; up when its driver cannot tell. */
static bool efisnp_link_up(struct nic *n)
{
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = efisnp_of(n)->snp;

	return !snp->Mode->MediaPresentSupported || snp->Mode->MediaPresent;
}

/* Shuts the SNP down and stops it: no more receive or transmit, no DMA; buffers are ours again. */
static void efisnp_close(struct nic *n)
{
	struct efisnp *s = efisnp_of(n);
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = s->snp;

	if (snp->Mode->State == EfiSimpleNetworkInitialized)
		uefi_call_wrapper(snp->Shutdown, 1, snp);
	if (snp->Mode->State == EfiSimpleNetworkStarted)
		uefi_call_wrapper(snp->Stop, 1, snp);
	s->tx_busy = 0;
	s->rx_lent = 0;
}

/* Receive filters: our unicast address and broadcast, nothing else the mode has on. */
static int efisnp_filters(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	UINT32 mask = snp->Mode->ReceiveFilterMask;
	UINT32 enable = EFISNP_RX_FILTERS & mask;
	UINT32 disable = snp->Mode->ReceiveFilterSetting & mask & ~enable;

	if (uefi_call_wrapper(snp->ReceiveFilters, 6, snp, enable, disable, FALSE, 0, NULL) ==
	    EFI_SUCCESS)
		return 0;
	/* a driver that cannot filter so finely: everything, lwIP drops what is not ours */
	enable = EFI_SIMPLE_NETWORK_RECEIVE_PROMISCUOUS & mask;
	if (enable && uefi_call_wrapper(snp->ReceiveFilters, 6, snp, enable, 0, FALSE, 0, NULL) ==
			      EFI_SUCCESS)
		return 0;
	return -EIO;
}

/* Starts and initialises the SNP from the state it is in, then sets the filters: 0 or -EIO. */
static int efisnp_open(struct nic *n)
{
	struct efisnp *s = efisnp_of(n);
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = s->snp;

	s->tx_busy = 0;
	s->rx_lent = 0;
	if (snp->Mode->State == EfiSimpleNetworkStopped &&
	    uefi_call_wrapper(snp->Start, 1, snp) != EFI_SUCCESS)
		return -EIO;
	if (snp->Mode->State == EfiSimpleNetworkStarted &&
	    uefi_call_wrapper(snp->Initialize, 3, snp, 0, 0) != EFI_SUCCESS)
		goto err_initialize;
	if (efisnp_filters(snp))
		goto err_filters;
	return 0;

err_filters:
	uefi_call_wrapper(snp->Shutdown, 1, snp);
err_initialize:
	uefi_call_wrapper(snp->Stop, 1, snp);
	return -EIO;
}

static const struct nic_ops efisnp_ops = {
	.open = efisnp_open,
	.transmit = efisnp_transmit,
	.poll = efisnp_poll,
	.peek = efisnp_peek,
	.release = efisnp_release,
	.link_up = efisnp_link_up,
	.close = efisnp_close,
};

/**
 * efisnp_claim() - Opens the SNP found by efisnp_scan() exclusively (the firmware disconnects
 * the drivers that had it), gets its buffers and MAC address; the NIC is left closed.
 * @s: the NIC
 * @clock: a calibrated clock, for the bounded waits
 *
 * Return: 0, -EBUSY (the firmware would not let it go) or -ENOMEM.
 */
int efisnp_claim(struct efisnp *s, const struct clock *clock)
{
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = NULL;

	if (uefi_call_wrapper(efisnp_bs()->OpenProtocol, 6, s->handle, &efisnp_guid, (VOID **)&snp,
			      efifw_image_handle(), s->handle,
			      EFI_OPEN_PROTOCOL_EXCLUSIVE) != EFI_SUCCESS ||
	    !snp)
		return -EBUSY;
	s->bufs = efifw_alloc(sizeof(*s->bufs), EFISNP_BUFS_MAX_ADDR);
	if (!s->bufs)
		goto err_bufs;
	s->snp = snp;
	s->clock = clock;
	s->nic.ops = &efisnp_ops;
	s->nic.opened = false;
	memcpy(s->nic.mac, snp->Mode->CurrentAddress.Addr, NIC_MAC_LEN);
	efisnp_close(&s->nic); /* as the firmware's stack may have left it: stopped until open */
	return 0;

err_bufs:
	uefi_call_wrapper(efisnp_bs()->CloseProtocol, 4, s->handle, &efisnp_guid,
			  efifw_image_handle(), s->handle);
	return -ENOMEM;
}
