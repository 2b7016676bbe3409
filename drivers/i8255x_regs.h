/*
 * Intel 8255x (82557/82558/82559/82550/82551) registers and shared-memory structures, from the
 * "Intel 8255x 10/100 Mbps Ethernet Controller Family Open Source Software Developer Manual"
 * (SDM), chapter "Host Software Interface" unless a line says otherwise. Sections are cited by
 * title.
 */
#ifndef I8255X_REGS_H
#define I8255X_REGS_H

#include <stdint.h>

/* ---- PCI identity (SDM "PCI Configuration Registers": Device ID and Revision ID) ---------------- */
#define I8255X_PCI_VENDOR_INTEL 0x8086
#define I8255X_PCI_DEV_8255X 0x1229 /* 82557, 82558, 82559, 82550, 82551 */
#define I8255X_PCI_DEV_82559ER 0x1209
#define I8255X_PCI_DEV_ICH 0x2449 /* 82801BA/CAM (ICH2/ICH3) integrated LAN: an 82559-class MAC */

/* First Revision ID of each generation; the steppings in between belong to the lower one. */
#define I8255X_REV_82557_A 0x01 /* 82557 A, B (0x02), C (0x03) */
#define I8255X_REV_82558_A 0x04 /* 82558 A, B (0x05) */
#define I8255X_REV_82559_A 0x06 /* 82559 A, B, C, 82559ER (0x09) ... */
#define I8255X_REV_82550 0x0c /* 82550 steppings */
#define I8255X_REV_82551 0x0f /* 82551 steppings */

/* Base address registers (SDM "PCI Configuration Registers"). */
#define I8255X_BAR_CSR_MEM 0 /* CSR, memory mapped (4 KiB) */
#define I8255X_BAR_CSR_IO 1 /* CSR, I/O mapped (32 bytes on the 82557, 64 later) */

/* ---- Control/Status Registers (SDM "Control/Status Registers", CSR table) ----------------------- */
#define I8255X_SCB_STATUS 0x00 /* 8 bits: CU and RU status */
#define I8255X_SCB_STATACK 0x01 /* 8 bits: interrupt causes, write 1 to acknowledge */
#define I8255X_SCB_CMD 0x02 /* 8 bits: CU and RU command; cleared by the device on acceptance */
#define I8255X_SCB_INTR 0x03 /* 8 bits: interrupt mask */
#define I8255X_SCB_DWORD_CMD_SHIFT 16 /* the command byte in a 32-bit read at I8255X_SCB_STATUS */
#define I8255X_SCB_POINTER 0x04 /* 32 bits: general pointer, operand of SCB commands */
#define I8255X_PORT 0x08 /* 32 bits: PORT interface */
#define I8255X_EEPROM_CTL 0x0e /* 16 bits: serial EEPROM control */
#define I8255X_MDI_CTL 0x10 /* 32 bits: MDI (PHY management) control */

/* SCB Status Word, low byte (SDM "SCB Status Word"). */
#define I8255X_SCB_RUS_MASK 0x3c /* receive unit status */
#define I8255X_SCB_RUS_IDLE 0x00
#define I8255X_SCB_RUS_SUSPENDED 0x04
#define I8255X_SCB_RUS_NO_RESOURCES 0x08 /* ran into an RFD with EL set */
#define I8255X_SCB_RUS_READY 0x10
#define I8255X_SCB_CUS_MASK 0xc0 /* command unit status */
#define I8255X_SCB_CUS_IDLE 0x00
#define I8255X_SCB_CUS_SUSPENDED 0x40
#define I8255X_SCB_CUS_ACTIVE 0x80 /* LPQ active; 0xc0 is HPQ active (82558 and later) */

/* SCB Status Word, high byte STAT/ACK (SDM "SCB Status Word"); all causes at once. */
#define I8255X_SCB_STATACK_ALL 0xff /* CX/TNO FR CNA RNR MDI SWI ER FCP */

/* SCB Command Word, low byte (SDM "SCB Command Word": CUC in bits 7:4, RUC in bits 2:0). */
#define I8255X_SCB_CUC_START 0x10 /* start the CBL at the general pointer */
#define I8255X_SCB_CUC_RESUME 0x20 /* continue after a CB with the S bit */
#define I8255X_SCB_CUC_LOAD_BASE 0x60 /* CU base = general pointer */
#define I8255X_SCB_RUC_START 0x01 /* receive into the RFA at the general pointer */
#define I8255X_SCB_RUC_ABORT 0x04 /* RU to idle at once */
#define I8255X_SCB_RUC_LOAD_BASE 0x06 /* RU base = general pointer */

/* SCB Command Word, high byte: interrupt control (SDM "SCB Command Word"). */
#define I8255X_SCB_INTR_MASK_ALL 0x01 /* M: deassert INTA# for every cause */

/* PORT interface: function in bits 3:0, address in 31:4 (SDM "PORT"). */
#define I8255X_PORT_SOFTWARE_RESET 0x0 /* as a hardware reset */
#define I8255X_PORT_SELECTIVE_RESET 0x2 /* CU and RU to idle; PCI setup kept */

/* Serial EEPROM control register (SDM "EEPROM Control Register"). */
#define I8255X_EE_SK 0x01 /* shift clock */
#define I8255X_EE_CS 0x02 /* chip select */
#define I8255X_EE_DI 0x04 /* data to the EEPROM */
#define I8255X_EE_DO 0x08 /* data from the EEPROM */

/* Microwire EEPROM read (SDM "Serial EEPROM Interface"; 93C46 / 93C66 datasheets). */
#define I8255X_EE_READ_BITS 0x6 /* start bit 1, opcode 10 */
#define I8255X_EE_READ_LEN 3 /* bits in I8255X_EE_READ_BITS */
#define I8255X_EE_ABITS_MIN 6 /* 93C46: 64 words */
#define I8255X_EE_ABITS_MAX 8 /* 93C66: 256 words */
#define I8255X_EE_WORD_BITS 16

/* EEPROM contents (SDM "EEPROM Address Map"). */
#define I8255X_EE_MAC 0 /* words 0..2: individual address, low byte first */
#define I8255X_EE_MAC_WORDS 3
#define I8255X_EE_PHY 6 /* primary PHY record */
#define I8255X_EE_PHY_ADDR_MASK 0x001f /* its MDI address */
#define I8255X_EE_PHY_DEV_SHIFT 8 /* its device code, bits 13:8 */
#define I8255X_EE_PHY_DEV_MASK 0x3f
#define I8255X_EE_PHY_DEV_82503 0x03 /* 82503 serial interface: no MII */
#define I8255X_EE_CHECKSUM 0xbaba /* all words, the last included, sum to this */

/* MDI control register (SDM "MDI Control Register"). */
#define I8255X_MDI_DATA_MASK 0x0000ffffu
#define I8255X_MDI_REG_SHIFT 16 /* PHY register, bits 20:16 */
#define I8255X_MDI_PHY_SHIFT 21 /* PHY address, bits 25:21 */
#define I8255X_MDI_OP_READ (2u << 26) /* opcode, bits 27:26 */
#define I8255X_MDI_READY (1u << 28) /* R: cycle complete */

/* PHY registers (IEEE 802.3 clause 22). */
#define I8255X_MII_BMSR 1 /* basic mode status */
#define I8255X_MII_BMSR_LINK 0x0004 /* link status, latched low: read twice */

/* ---- Action commands (SDM "Action Commands", "Command Block List") ------------------------------ */
/* Command block status word. */
#define I8255X_CB_STATUS_C 0x8000 /* complete */
#define I8255X_CB_STATUS_OK 0x2000 /* completed without error */
/* Command block command word. */
#define I8255X_CB_CMD_EL 0x8000 /* end of list: CU goes idle after this block */
#define I8255X_CB_CMD_S 0x4000 /* suspend: CU suspends after this block */
#define I8255X_CB_CMD_IA_SETUP 0x0001 /* individual address setup */
#define I8255X_CB_CMD_CONFIGURE 0x0002
#define I8255X_CB_CMD_TRANSMIT \
	0x0004 /* SF (bit 3) = 0: simplified; NC (bit 4) = 0: CRC by device */

/* Transmit command block (SDM "Transmit Command"). */
#define I8255X_TCB_TBD_NONE 0xffffffffu /* TBD array address in simplified mode */
#define I8255X_TCB_COUNT_EOF 0x8000 /* the whole frame is in this TCB */
#define I8255X_TCB_COUNT_MASK 0x3fff
#define I8255X_TCB_THRESHOLD 0xe0 /* bytes in FIFO, in 8-byte units, before transmit starts */

/* Receive frame descriptor (SDM "Receive Frame Descriptor"). */
#define I8255X_RFD_STATUS_C 0x8000 /* frame stored */
#define I8255X_RFD_STATUS_OK 0x2000 /* frame received without error */
#define I8255X_RFD_CMD_EL 0x8000 /* last RFD: RU goes to "no resources" after filling it */
#define I8255X_RFD_RBD_NONE 0xffffffffu /* RBD pointer in simplified mode */
#define I8255X_RFD_COUNT_MASK 0x3fff /* actual count; bit 14 F and 15 EOF above it */

/* ---- Configure command bytes (SDM "Configure", byte map and defaults) --------------------------- */
#define I8255X_CFG_LEN 22 /* bytes the 82557..82559 take */
#define I8255X_CFG_BYTE_COUNT 0 /* bits 5:0 */
#define I8255X_CFG_FIFO 1 /* RX FIFO limit 3:0, TX FIFO limit 6:4 */
#define I8255X_CFG_FIFO_DEFAULT 0x08 /* RX limit 8, TX limit 0 */
#define I8255X_CFG_6 6
#define I8255X_CFG6_RSVD1 0x02 /* bit 1: set to 1 */
#define I8255X_CFG6_STD_TCB 0x10 /* 82558+: standard (not extended) TCB */
#define I8255X_CFG6_STD_STATS 0x20 /* 82558+: 82557-compatible statistics */
#define I8255X_CFG_7 7
#define I8255X_CFG7_DISC_SHORT 0x01 /* discard frames under 64 bytes */
#define I8255X_CFG7_UNDERRUN_RETRY1 0x02 /* retry once after a transmit underrun */
#define I8255X_CFG_8 8
#define I8255X_CFG8_MII 0x01 /* MII PHY (0: 82503 serial interface); bit 7 CSMA disable = 0 */
#define I8255X_CFG_10 10
#define I8255X_CFG10_RSVD 0x06 /* bits 2:1: set to 1 */
#define I8255X_CFG10_NSAI 0x08 /* no source address insertion: frames carry their own */
#define I8255X_CFG10_PREAMBLE_7 0x20 /* bits 5:4 = 10b: 7-byte preamble; loopback 7:6 = 0 */
#define I8255X_CFG_12 12
#define I8255X_CFG12_IFS_96 0x60 /* bits 7:4: interframe spacing 6 x 16 bit times */
#define I8255X_CFG_IP_HI 14 /* ARP filter address, high byte */
#define I8255X_CFG_IP_HI_DEFAULT 0xf2
#define I8255X_CFG_15 15
#define I8255X_CFG15_RSVD \
	0x48 /* bits 3 and 6: set to 1; bit 0 promiscuous, bit 1 no broadcast: 0 */
#define I8255X_CFG_FC_DELAY_HI 17
#define I8255X_CFG_FC_DELAY_HI_DEFAULT 0x40
#define I8255X_CFG_18 18
#define I8255X_CFG18_PADDING 0x02 /* pad short transmitted frames; bit 2 (RX CRC transfer) = 0 */
#define I8255X_CFG18_RSVD 0xf0 /* bits 7:4: priority FC threshold 111b, bit 7 set to 1 */
#define I8255X_CFG_19 19
#define I8255X_CFG19_FDX_PIN 0x80 /* duplex from the FDX# pin (the PHY) */
#define I8255X_CFG_20 20
#define I8255X_CFG20_RSVD 0x3f /* bits 4:0 set to 1, bit 5 priority FC location; bit 6 multi-IA 0 */
#define I8255X_CFG_21 21
#define I8255X_CFG21_RSVD 0x05 /* bits 0 and 2 set to 1; bit 3 multicast all = 0 */

/* ---- Shared-memory structures, little endian, in host memory --------------------------------- */
#define I8255X_FRAME_BUF_LEN \
	1520 /* data area of an RFD or TCB: >= NIC_FRAME_MAX, 4-byte multiple */
#define I8255X_CB_ALIGN 16 /* CBs and RFDs need even addresses; keep them on 16 bytes */

/* A command block for IA setup and configure (SDM "Individual Address Setup", "Configure"). */
struct i8255x_cb {
	volatile uint16_t status;
	volatile uint16_t command;
	uint32_t link; /* bus address of the next CB (linear addressing, base 0) */
	union {
		uint8_t ia[6];
		uint8_t config[I8255X_CFG_LEN];
	} u;
	uint8_t pad[2];
};
_Static_assert(sizeof(struct i8255x_cb) == 32, "action command block layout");

/* A transmit command block in simplified mode: the frame follows the header (SDM "Transmit"). */
struct i8255x_tcb {
	volatile uint16_t status;
	volatile uint16_t command;
	uint32_t link;
	uint32_t tbd_array; /* I8255X_TCB_TBD_NONE */
	uint16_t count; /* bytes of data | I8255X_TCB_COUNT_EOF */
	uint8_t threshold;
	uint8_t tbd_count; /* 0 in simplified mode */
	uint8_t data[I8255X_FRAME_BUF_LEN];
};
_Static_assert(sizeof(struct i8255x_tcb) == 16 + I8255X_FRAME_BUF_LEN, "TCB layout");

/* A receive frame descriptor in simplified mode: the frame follows the header (SDM "RFD"). */
struct i8255x_rfd {
	volatile uint16_t status;
	volatile uint16_t command;
	uint32_t link;
	uint32_t rbd; /* I8255X_RFD_RBD_NONE */
	volatile uint16_t count; /* actual count, written by the device */
	uint16_t size; /* bytes the data area holds */
	uint8_t data[I8255X_FRAME_BUF_LEN];
};
_Static_assert(sizeof(struct i8255x_rfd) == 16 + I8255X_FRAME_BUF_LEN, "RFD layout");

#endif /* I8255X_REGS_H */
