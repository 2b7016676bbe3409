/* The interface every network driver offers the network stack: polled, no interrupts. */
#ifndef NIC_H
#define NIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NIC_MAC_LEN 6
#define NIC_FRAME_MAX 1518 /* Ethernet frame without preamble/FCS, with a VLAN-less header */

struct nic;

/* Operations of one driver. All are bounded in time; none sleeps on interrupts. */
struct nic_ops {
	/* Enables receive and transmit (rings full of buffers). 0 or a negative errno. */
	int (*open)(struct nic *n);
	/* Queues one frame (copied); 0, -EAGAIN when the ring is full, -EINVAL when too long. */
	int (*transmit)(struct nic *n, const void *frame, size_t len);
	/* Copies one received frame into buf: its length, 0 when none waits, negative errno. */
	int (*poll)(struct nic *n, void *buf, size_t max);
	/*
	 * Lends the next received frame where the device stored it (no copy): *frame points at
	 * it until release. Its length, 0 when none waits, or a negative errno; frames received
	 * with errors are skipped. A lent frame is given back with release before the next peek
	 * or poll.
	 */
	int (*peek)(struct nic *n, const void **frame);
	/* Gives the frame lent by peek back to the device. */
	void (*release)(struct nic *n);
	/* Current link state. */
	bool (*link_up)(struct nic *n);
	/* Stops receive and transmit; the device no longer touches memory. */
	void (*close)(struct nic *n);
};

/* What every driver instance starts with (drivers embed it as their first member). */
struct nic {
	const struct nic_ops *ops;
	uint8_t mac[NIC_MAC_LEN];
	const char *model; /* chip as the PIX prints it: "i82558", "i82540EM" */
	bool opened;
};

#endif /* NIC_H */
