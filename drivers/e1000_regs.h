/*
 * Intel 8254x (82540EM, 82544GC, 82545EM) registers, bits and descriptor layouts, from the
 * "PCI/PCI-X Family of Gigabit Ethernet Controllers Software Developer's Manual" (SDM).
 * Offsets are from BAR0 (memory-mapped, 128 KiB).
 */
#ifndef E1000_REGS_H
#define E1000_REGS_H

#include <stdint.h>

/* PCI Device IDs (SDM chapter 4, PCI configuration space). */
#define E1000_PCI_VENDOR_INTEL 0x8086
#define E1000_PCI_DEVICE_82540EM 0x100e /* desktop, copper (QEMU "e1000") */
#define E1000_PCI_DEVICE_82544GC 0x100c /* copper (QEMU "e1000-82544gc") */
#define E1000_PCI_DEVICE_82545EM 0x100f /* copper (QEMU "e1000-82545em") */

/* Device Control, CTRL (SDM 13.4.1). */
#define E1000_CTRL 0x0000
#define E1000_CTRL_FD (1u << 0) /* full duplex (when not auto-resolved) */
#define E1000_CTRL_LRST (1u << 3) /* link reset (TBI mode) */
#define E1000_CTRL_ASDE (1u << 5) /* auto-speed detection */
#define E1000_CTRL_SLU (1u << 6) /* set link up */
#define E1000_CTRL_ILOS (1u << 7) /* invert loss-of-signal */
#define E1000_CTRL_FRCSPD (1u << 11) /* force speed */
#define E1000_CTRL_FRCDPLX (1u << 12) /* force duplex */
#define E1000_CTRL_RST (1u << 26) /* device reset, self-clearing */
#define E1000_CTRL_PHY_RST (1u << 31) /* PHY reset */

/* Device Status, STATUS (SDM 13.4.2). */
#define E1000_STATUS 0x0008
#define E1000_STATUS_FD (1u << 0) /* link is full duplex */
#define E1000_STATUS_LU (1u << 1) /* link up */
#define E1000_STATUS_SPEED_SHIFT 6 /* link speed: 00b 10 Mb/s, 01b 100 Mb/s, 1xb 1000 Mb/s */
#define E1000_STATUS_SPEED_MASK 0x3
#define E1000_STATUS_SPEED_10 0x0
#define E1000_STATUS_SPEED_100 0x1

/*
 * EEPROM/Flash Control and Data, EECD (SDM 13.4.3): direct access to the
 * Microwire EEPROM's four wires (SDM 5.3.1). The 82544GC has no EERD, so
 * this is how its EEPROM is read; it has no EE_REQ/EE_GNT arbitration.
 */
#define E1000_EECD 0x0010
#define E1000_EECD_SK (1u << 0) /* clock input to the EEPROM */
#define E1000_EECD_CS (1u << 1) /* chip select */
#define E1000_EECD_DI (1u << 2) /* data input to the EEPROM */
#define E1000_EECD_DO (1u << 3) /* data output from the EEPROM */

/* Microwire READ command (SDM 5.3; 93C46 datasheet): start bit and opcode 10b, then the address. */
#define E1000_EE_OPCODE_READ 0x6 /* 1 1 0 */
#define E1000_EE_OPCODE_BITS 3
#define E1000_EE_ADDR_BITS 6 /* 64-word (1 Kbit) EEPROM */
#define E1000_EE_WORD_BITS 16

/* EEPROM Read, EERD (SDM 13.4.4; 82540EP/EM, 82541xx, 82545GM/EM, 82546GB/EB, 82547GI/EI). */
#define E1000_EERD 0x0014
#define E1000_EERD_START (1u << 0) /* start a read of the word at ADDR */
#define E1000_EERD_DONE (1u << 4) /* the read finished; DATA is valid */
#define E1000_EERD_ADDR_SHIFT 8 /* bits 15:8, word address */
#define E1000_EERD_DATA_SHIFT 16 /* bits 31:16, the word read */

/* EEPROM address map (SDM chapter 5): the Ethernet address is words 00h..02h, low byte first. */
#define E1000_EE_WORD_MAC0 0x00

/* Interrupt Cause Read (read clears), ICR (SDM 13.4.17); Interrupt Mask Clear, IMC (SDM 13.4.21). */
#define E1000_ICR 0x00c0
#define E1000_IMC 0x00d8
#define E1000_IMC_ALL 0xffffffffu /* mask every cause: the driver polls */

/* Receive Control, RCTL (SDM 13.4.22). */
#define E1000_RCTL 0x0100
#define E1000_RCTL_EN (1u << 1) /* receiver enable */
#define E1000_RCTL_SBP (1u << 2) /* store bad packets */
#define E1000_RCTL_UPE (1u << 3) /* unicast promiscuous */
#define E1000_RCTL_MPE (1u << 4) /* multicast promiscuous */
#define E1000_RCTL_LPE (1u << 5) /* long packets (> 1522 bytes) */
#define E1000_RCTL_BAM (1u << 15) /* accept broadcast */
#define E1000_RCTL_BSIZE_2048 (0u << 16) /* BSIZE = 00b with BSEX = 0: 2048-byte buffers */
#define E1000_RCTL_BSEX (1u << 25) /* buffer size extension (x16) */
#define E1000_RCTL_SECRC (1u << 26) /* strip the Ethernet CRC */

/* Transmit Control, TCTL (SDM 13.4.33). */
#define E1000_TCTL 0x0400
#define E1000_TCTL_EN (1u << 1) /* transmitter enable */
#define E1000_TCTL_PSP (1u << 3) /* pad short packets to 64 bytes */
#define E1000_TCTL_CT_SHIFT 4 /* bits 11:4, collision threshold */
#define E1000_TCTL_CT_DEFAULT 0x0f /* 16 attempts (IEEE 802.3) */
#define E1000_TCTL_COLD_SHIFT 12 /* bits 21:12, collision distance in byte times */
#define E1000_TCTL_COLD_FULL_DUPLEX 0x40 /* 512 bit times */
#define E1000_TCTL_COLD_HALF_DUPLEX 0x200 /* 4096 bit times (gigabit carrier extension) */

/*
 * Transmit Inter-Packet Gap, TIPG (SDM 13.4.34, Table 13-77): values for the
 * IEEE 802.3 96-bit-time gap on 10/100/1000BASE-T (copper).
 */
#define E1000_TIPG 0x0410
#define E1000_TIPG_IPGT_SHIFT 0 /* bits 9:0 */
#define E1000_TIPG_IPGR1_SHIFT 10 /* bits 19:10 */
#define E1000_TIPG_IPGR2_SHIFT 20 /* bits 29:20 */
#define E1000_TIPG_IPGT_COPPER 10 /* 82540EP/EM, 82545GM/EM and later */
#define E1000_TIPG_IPGT_COPPER_82544 8 /* 82544GC/EI */
#define E1000_TIPG_IPGR1_DEFAULT 8
#define E1000_TIPG_IPGR2_DEFAULT 6

/* Receive descriptor ring (SDM 13.4.25 to 13.4.30). */
#define E1000_RDBAL 0x2800 /* base address, low 32 bits (16-byte aligned) */
#define E1000_RDBAH 0x2804 /* base address, high 32 bits */
#define E1000_RDLEN 0x2808 /* ring length in bytes, a multiple of 128 */
#define E1000_RDH 0x2810 /* head: next descriptor the hardware fills */
#define E1000_RDT 0x2818 /* tail: first descriptor the hardware must not use */
#define E1000_RDTR 0x2820 /* receive interrupt delay timer */

/* Transmit descriptor ring (SDM 13.4.36 to 13.4.40). */
#define E1000_TDBAL 0x3800
#define E1000_TDBAH 0x3804
#define E1000_TDLEN 0x3808
#define E1000_TDH 0x3810 /* head: next descriptor the hardware sends */
#define E1000_TDT 0x3818 /* tail: one past the last descriptor queued */

/* Multicast Table Array, MTA[0..127] (SDM 13.5.1). */
#define E1000_MTA(n) (0x5200 + 4 * (n))
#define E1000_MTA_ENTRIES 128

/*
 * Receive Address Low/High, RAL[n]/RAH[n], n = 0..15 (SDM 13.5.2, 13.5.3); entry 0 is
 * our own. Write RAL before RAH; clear RAH before RAL.
 */
#define E1000_RAL(n) (0x5400 + 8 * (n))
#define E1000_RAH(n) (0x5404 + 8 * (n))
#define E1000_RAR_ENTRIES 16
#define E1000_RAH_AV (1u << 31) /* address valid */

/* Ring geometry (SDM 3.2.6, 3.4): descriptors are 16 bytes, ring lengths a multiple of 128. */
#define E1000_DESC_ALIGN 16
#define E1000_RING_ALIGN 128

/* Legacy receive descriptor (SDM 3.2.3, Table 3-1); the hardware writes all but addr. */
struct e1000_rx_desc {
	uint64_t addr; /* buffer address */
	uint16_t length; /* bytes stored in the buffer */
	uint16_t csum; /* packet checksum */
	uint8_t status;
	uint8_t errors;
	uint16_t special; /* VLAN tag */
};
_Static_assert(sizeof(struct e1000_rx_desc) == 16, "SDM 3.2.3: RX descriptors are 16 bytes");

/* RDESC.STATUS (SDM 3.2.3.1). */
#define E1000_RXD_STAT_DD (1u << 0) /* descriptor done */
#define E1000_RXD_STAT_EOP (1u << 1) /* last descriptor of a packet */

/* RDESC.ERRORS (SDM 3.2.3.2); TCPE/IPE only with checksum offload, which stays off. */
#define E1000_RXD_ERR_CE (1u << 0) /* CRC or alignment error */
#define E1000_RXD_ERR_SE (1u << 1) /* symbol error (TBI) */
#define E1000_RXD_ERR_SEQ (1u << 2) /* sequence error (TBI) */
#define E1000_RXD_ERR_CXE (1u << 4) /* carrier extension error (82544GC/EI) */
#define E1000_RXD_ERR_RXE (1u << 7) /* RX data error */
#define E1000_RXD_ERR_FRAME                                                            \
	(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
	 E1000_RXD_ERR_RXE)

/* Legacy transmit descriptor (SDM 3.3.3, Table 3-8). */
struct e1000_tx_desc {
	uint64_t addr; /* buffer address */
	uint16_t length; /* bytes to send from the buffer */
	uint8_t cso; /* checksum offset (unused) */
	uint8_t cmd;
	uint8_t status; /* STA in the low nibble */
	uint8_t css; /* checksum start (unused) */
	uint16_t special; /* VLAN tag */
};
_Static_assert(sizeof(struct e1000_tx_desc) == 16, "SDM 3.3.3: TX descriptors are 16 bytes");

/* TDESC.CMD (SDM 3.3.3.1). */
#define E1000_TXD_CMD_EOP (1u << 0) /* end of packet */
#define E1000_TXD_CMD_IFCS (1u << 1) /* insert the Ethernet CRC */
#define E1000_TXD_CMD_RS (1u << 3) /* report status: write back DD */

/* TDESC.STA (SDM 3.3.3.2). */
#define E1000_TXD_STAT_DD (1u << 0) /* descriptor done */

#endif /* E1000_REGS_H */
