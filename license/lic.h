/* Activation keys: parse, check, mint and print the four-word PIX licence key (DESIGN.md). */
#ifndef LICENSE_LIC_H
#define LICENSE_LIC_H

/*
 * A key is the AES-128 (ECB, one block) encryption, under a 16-byte vendor key, of four words
 * stored big-endian in the block; the key's own four words are the ciphertext read the same way:
 *
 *   word 0  serial number of the unit
 *   word 1  bit 0 Failover, 1 VPN-DES, 2 VPN-3DES, 3 Cut-through Proxy, 4 Guards, 5 Websense,
 *           bits 8-15 Maximum Interfaces; bits 6-7 and 16-31 reserved (zero)
 *   word 2  bits 0-15 ISAKMP peers, bits 16-31 throughput in Mbit/s (0 = Unlimited for both)
 *   word 3  LIC_MAGIC ('PIXK')
 *
 * A key is valid for a unit when it decrypts to the magic, zero reserved bits and the unit's serial
 * number. Everything here is pure computation: no console, no flash, no state between calls.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIC_KEY_WORDS 4
#define LIC_VENDOR_KEY_LEN 16
/* Word 3 of a decrypted key: 'PIXK'. */
#define LIC_MAGIC 0x5049584Bu

/* Word 1: feature bits, the interface count field and the bits that must be zero. */
#define LIC_W1_FAILOVER (1u << 0)
#define LIC_W1_VPN_DES (1u << 1)
#define LIC_W1_VPN_3DES (1u << 2)
#define LIC_W1_CUT_THROUGH (1u << 3)
#define LIC_W1_GUARDS (1u << 4)
#define LIC_W1_WEBSENSE (1u << 5)
#define LIC_W1_IFACES_SHIFT 8
#define LIC_W1_IFACES_MASK (0xFFu << LIC_W1_IFACES_SHIFT)
#define LIC_W1_RESERVED 0xFFFF00C0u
/* Word 2: ISAKMP peers (low half) and throughput (high half). */
#define LIC_W2_PEERS_MASK 0xFFFFu
#define LIC_W2_MBPS_SHIFT 16

/* The development vendor key: the 16 ASCII bytes "PIX-DEV-LICENSE-" (no NUL is used). */
#define LIC_DEV_VENDOR_KEY ((const uint8_t *)"PIX-DEV-LICENSE-")

/* "0x%08x" four times with three spaces, and the NUL: 44 bytes; lic_format_key takes 48. */
#define LIC_KEY_TEXT_MAX 48
/* Room for the whole lic_format_features() block with the largest numbers, and the NUL. */
#define LIC_FEATURES_TEXT_MAX 320

/* Table 11-1 of the reference: why a new activation key was not taken. */
#define LIC_MSG_SAME_AS_RUNNING "The activation key you entered is the same as the Running key."
#define LIC_MSG_IMAGE_DIFFERS "The Flash image and the Running image differ."
#define LIC_MSG_NOT_VALID "The activation key is not valid."

/* The rest of the "activation-key" and "show activation-key" texts (Examples 11-1 to 11-3). */
#define LIC_MSG_FLASH_MODIFIED "The flash activation key has been modified."
#define LIC_MSG_FLASH_NOW_DIFFERENT \
	"The flash activation key is now DIFFERENT than the running key."
#define LIC_MSG_FLASH_USED_AT_RELOAD \
	"The flash activation key will be used when the unit is reloaded."
#define LIC_MSG_FLASH_SAME "The flash activation key is the SAME as the running key."
#define LIC_MSG_FLASH_DIFFERENT "The flash activation key is DIFFERENT than the running key."
#define LIC_MSG_FLASH_NEXT_RELOAD "The flash activation key takes effect after the next reload."
#define LIC_MSG_IMAGE_DIFFERENT "The flash image is DIFFERENT than the running image."
#define LIC_MSG_IMAGES_MUST_MATCH \
	"The two images must be the same in order to examine the flash activation key."

/* An activation key as the user types it: the four words, word 0 first. */
struct lic_key {
	uint32_t w[LIC_KEY_WORDS];
};

/* What a key licenses; 0 means Unlimited for isakmp_peers and throughput_mbps. */
struct lic_features {
	bool failover;
	bool vpn_des;
	bool vpn_3des;
	bool cut_through;
	bool guards;
	bool websense;
	uint8_t max_interfaces;
	uint16_t isakmp_peers;
	uint16_t throughput_mbps;
};

int lic_parse(const char *text, struct lic_key *k);
int lic_decode(const struct lic_key *k, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
	       uint32_t *serial, struct lic_features *f);
int lic_check(const struct lic_key *k, uint32_t serial,
	      const uint8_t vendor_key[LIC_VENDOR_KEY_LEN], struct lic_features *f);
int lic_make(uint32_t serial, const struct lic_features *f,
	     const uint8_t vendor_key[LIC_VENDOR_KEY_LEN], struct lic_key *k);
bool lic_key_equal(const struct lic_key *a, const struct lic_key *b);
void lic_format_key(const struct lic_key *k, char buf[LIC_KEY_TEXT_MAX]);
int lic_format_features(const struct lic_features *f, char *buf, size_t size);

#endif /* LICENSE_LIC_H */
