/* Flash layout: where identity, activation key, configuration, image slots and PDM live. */
#ifndef FLASH_LAYOUT_H
#define FLASH_LAYOUT_H

/*
 * The bank is the ivshmem BAR2 / flash file of DESIGN.md: N chips of 512 KiB (N a power of two,
 * 1..16; 16 = 8 MiB), nothing else. The file is exactly the array; the chip model's persistent
 * state (16 bytes per chip, struct at29_pstate) lives in the array's last 4 KiB, inside the last
 * chip's upper boot block, which is never locked and which this layout never writes.
 *
 * Chip 0's first 128 KiB holds the records (bank offsets):
 *
 *   offset     size        what
 *   0x000000   256         identity record (serial number), sector 0 of chip 0
 *   0x000100   2 x 256     image signing keys (issue 14): the public keys whose signatures
 *                          the unit accepts, as many as the identity record names (FF: none)
 *   0x000300   16 KiB-768  reserved (FF); 0x000000-0x003FFF is chip 0's lower boot block,
 *                          locked out by layout_format(): identity and keys can never change
 *   0x004000   2 x 256     flash activation key records A (0x4000) and B (0x4100)
 *   0x004200   3.5 KiB     reserved (FF)
 *   0x005000   2 x 256     slot records: slot 0 (0x5000) and slot 1 (0x5100)
 *   0x005200   256         PDM record: the archive in the PDM area, its length and header hash
 *   0x005300   256         file-system record of the 5.0/5.1 form (see "Forms" below)
 *   0x005400   2 x 256     security version records A (0x5400) and B (0x5500): the highest
 *                          security version of a signed image this unit has booted
 *   0x005600   2.5 KiB     reserved (FF)
 *   0x006000   16 KiB      HTTPS trust anchors, copy A: trust record sector, then the list's
 *                          DER bytes (up to 16128)
 *   0x00A000   16 KiB      HTTPS trust anchors, copy B, likewise
 *   0x00E000   8 KiB       reserved (FF)
 *   0x010000   256         configuration record (version that wrote it, text length, hash)
 *   0x010100   65280       configuration text
 *
 * The image slots and the PDM area are striped (struct at29_stripe): sector k of an area is in
 * chip first + k % chips, so an install programs every chip at once (16 sectors per 10 ms write
 * cycle instead of the one chip a contiguous slot would keep busy). Inside every chip of a bank
 * of N chips (offsets within the chip):
 *
 *   0x00000    128 KiB     chip 0: the records above; chips 1..N-1: the PDM area, striped
 *                          over them (N-1 x 128 KiB; none in a one-chip bank)
 *   0x20000    184 KiB     image slot 0, striped over chips 0..N-1 (N x 184 KiB; 2944 KiB
 *                          in a 16-chip bank): a PIX image, header first
 *   0x4E000    184 KiB     image slot 1, likewise
 *   0x7C000    16 KiB      upper boot block: reserved (FF), never locked; the last chip's
 *                          last 4 KiB (bank offset S - 4 KiB) is the chip model's persistent
 *                          state: chip i at S - 4 KiB + 16 * i, rest zero
 *
 * Records are little-endian, start at the start of their sector, are programmed as a whole
 * sector (record then FF) and end with the SHA-256 of the bytes before it. A sector that reads
 * all FF is empty; anything else that fails its magic, version or hash is corrupt (a torn
 * write: the chip programs a sector's first bytes and leaves the rest FF when power fails).
 *
 * Updates that must survive a power cut use two copies and a sequence number: the activation
 * key (records A/B), the security version (records A/B) and the image (slots 0/1). A new copy goes where the current one is not and
 * becomes current only when its record, written last, is complete; the current copy is never
 * written (the changes of form below rewrite records only, as they say). Image install: slot
 * record "writing" (seq = highest + 1) -> image programmed -> image read back and both hashes
 * checked -> slot record "valid" with the same seq. The current
 * image is the one with the highest sequence whose record is valid and whose image verifies
 * (header SHA-256, the record's copy of it, payload SHA-256); if it does not verify, the other.
 * The HTTPS trust anchors (layout_trust.c) are a list of up to LAYOUT_TRUST_MAX DER X.509
 * certificates, stored as bytes (the layout does not parse X.509; its callers validate), in two
 * copies A/B of the same kind: a change writes the copy that is not current: its trust record
 * sector erased -> the whole new list's DER programmed after it -> the trust record (seq =
 * current + 1, each certificate's length, SHA-256 of the list's DER) -> copy read back. The
 * current list is the copy with the newer seq (serial number arithmetic: the count may wrap)
 * whose record holds and whose DER matches the record's hash; a torn copy is ignored, so a
 * power cut leaves the old list or the new one.
 * No valid copy is an empty list (and HTTPS is refused).
 * The configuration has one copy (losing it is not fatal): record erased -> text -> record.
 * The PDM archive has one copy too (the area has no room for two): PDM record "writing" ->
 * archive programmed -> read back and both hashes checked -> PDM record "valid". A power cut
 * leaves the old archive (cut before the "writing" record was complete), none (a "writing",
 * torn or erased record), or the new one; an archive is valid only through a complete "valid"
 * record naming its length and header hash, and only while both its hashes hold.
 *
 * Forms of the file system. Older PIX software reads the flash in older forms (the chapter:
 * images 5.2 and later read today's; `flash downgrade 5.0|5.1|4.2` and `flashfs downgrade`
 * write the others). The image bytes stay where an install put them; only records differ:
 *   6.x      two A/B slots named by version-2 slot records (above);
 *   5.0/5.1  one image, named by the file-system record at 0x005300 (form, slot, image length,
 *            copy of the image's header hash), still striped in its slot; no slot record is
 *            VALID;
 *   4.x      no file system: the image alone, header first, at the start of slot 0's area; no
 *            slot record WRITING or VALID, no file-system record.
 * Boot choice (layout_boot.c), the same for the ROM, installs and pix-flash: rule 1, the newest
 * VALID slot record whose image verifies (6.x); else rule 2, a valid file-system record naming a
 * slot whose image verifies against it (5.x); else rule 3, only when neither slot record is
 * WRITING or VALID (erased or torn ones are), an image at slot 0's start whose header and
 * payload hashes hold (4.x). Each rule checks both hashes; the form is the rule that chose.
 *
 * Conversions (layout_flashfs.c) and installs (layout_install.c, layout_install_old.c) order
 * their writes so that after a power cut at any bus write the boot choice is the image that was
 * current before (a conversion, in the old form or the new) or, for an install, the old image or
 * the new: an image is programmed only into a slot no rule that could choose reads, and a record
 * the boot choice relies on is erased or rewritten only when, whether the write completes or is
 * torn, the rule that then chooses takes the same image or (an install) the new one, already
 * read back whole. A torn record is corrupt, never WRITING or VALID, so rule 3 accepts it.
 *
 * A bank that was never formatted (QEMU creates the file zero-filled) has no valid identity:
 * everything here then returns -LAYOUT_ENOIDENT. Sequence numbers are 32-bit and compared as
 * such; wrapping needs four billion installs.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at29.h"
#include "license/lic.h"
#include "pix_image.h"
#include "pix_sig.h"

/* ---- fixed areas (chip 0) and the model's state ---------------------------------------------- */
#define LAYOUT_IDENT_OFF 0x000000u
#define LAYOUT_SIGKEYS_OFF 0x000100u /* image signing keys: two sectors */
#define LAYOUT_SIGKEYS_AREA (2 * AT29_SECTOR_SIZE) /* their record, then FF */
#define LAYOUT_SIGKEYS_MAX SIG_ANCHORS_MAX /* keys a unit can trust: 4 */
#define LAYOUT_KEY_OFF 0x004000u /* record A; B follows one sector later */
#define LAYOUT_SLOTREC_OFF 0x005000u /* slot 0's record; slot 1's one sector later */
#define LAYOUT_PDMREC_OFF 0x005200u /* the PDM record, after both slot records */
#define LAYOUT_FSREC_OFF 0x005300u /* file-system record of the 5.0/5.1 form */
#define LAYOUT_SECVER_OFF 0x005400u /* security version record A; B follows one sector later */
#define LAYOUT_TRUST_OFF 0x006000u /* trust anchors copy A; copy B one copy size later */
#define LAYOUT_TRUST_COPY_SIZE 0x4000u /* a copy: its record sector, then the DER bytes */
#define LAYOUT_CONFIG_OFF 0x010000u /* record; the text follows one sector later */
#define LAYOUT_CONFIG_TEXT_OFF (LAYOUT_CONFIG_OFF + AT29_SECTOR_SIZE)
#define LAYOUT_CONFIG_TEXT_MAX (0x10000u - AT29_SECTOR_SIZE) /* 65280 bytes */
#define LAYOUT_META_SIZE 0x020000u /* chip 0's first 128 KiB: everything above */
#define LAYOUT_PSTATE_SIZE 0x1000u /* model state reserve at the end of the bank */
#define LAYOUT_PDM_PER_CHIP 0x20000u /* chips 1..N-1: the PDM area's share of each */
#define LAYOUT_SLOT_CHIP_OFF 0x20000u /* slot 0's share starts here in every chip */
#define LAYOUT_SLOT_PER_CHIP 0x2E000u /* each slot's share of each chip: 184 KiB */

#define LAYOUT_SLOTS 2
#define LAYOUT_KEY_COPIES 2
#define LAYOUT_SECVER_COPIES 2
#define LAYOUT_TRUST_COPIES 2
#define LAYOUT_TRUST_MAX 8 /* trust anchors in the list */
#define LAYOUT_TRUST_BYTES (LAYOUT_TRUST_COPY_SIZE - AT29_SECTOR_SIZE) /* DER of all: 16128 */
#define LAYOUT_MIN_CHIPS 1u
#define LAYOUT_MAX_CHIPS 16u

/* Where the model's persistent state is in a bank of @chips chips (struct at29_model_config). */
#define LAYOUT_PSTATE_OFF(chips) ((uint32_t)(chips)*AT29_CHIP_SIZE - LAYOUT_PSTATE_SIZE)

/* The model (at29_model.h) needs 16 bytes per chip: 256 of these 4096 (checked where both meet). */
_Static_assert(LAYOUT_PSTATE_SIZE <= AT29_BOOT_BLOCK_SIZE, "model state in the upper boot block");
_Static_assert(LAYOUT_KEY_OFF >= AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE, "key outside the lock");
_Static_assert(LAYOUT_PDMREC_OFF >= LAYOUT_SLOTREC_OFF + LAYOUT_SLOTS * AT29_SECTOR_SIZE,
	       "PDM record after the slot records");
_Static_assert(LAYOUT_PDMREC_OFF + AT29_SECTOR_SIZE <= LAYOUT_CONFIG_OFF, "PDM record before the "
									  "configuration");
_Static_assert(LAYOUT_PDMREC_OFF % AT29_SECTOR_SIZE == 0, "PDM record is a whole sector");
_Static_assert(LAYOUT_SECVER_OFF >= LAYOUT_FSREC_OFF + AT29_SECTOR_SIZE, "security versions after");
_Static_assert(LAYOUT_TRUST_OFF >= LAYOUT_SECVER_OFF + LAYOUT_SECVER_COPIES * AT29_SECTOR_SIZE,
	       "trust after the records");
_Static_assert(LAYOUT_SIGKEYS_OFF + LAYOUT_SIGKEYS_AREA <= AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE,
	       "signing keys inside the locked boot block");
_Static_assert(LAYOUT_TRUST_OFF + LAYOUT_TRUST_COPIES * LAYOUT_TRUST_COPY_SIZE <= LAYOUT_CONFIG_OFF,
	       "trust anchors before the configuration");
_Static_assert(LAYOUT_TRUST_OFF % AT29_SECTOR_SIZE == 0 &&
		       LAYOUT_TRUST_COPY_SIZE % AT29_SECTOR_SIZE == 0,
	       "trust copies are whole sectors");
_Static_assert(LAYOUT_SLOT_CHIP_OFF >= LAYOUT_META_SIZE, "slots above the records");
_Static_assert(LAYOUT_PDM_PER_CHIP <= LAYOUT_SLOT_CHIP_OFF, "PDM area below the slots");
_Static_assert(LAYOUT_SLOT_CHIP_OFF + LAYOUT_SLOTS * LAYOUT_SLOT_PER_CHIP <= AT29_BOOT_UPPER,
	       "slots below the upper boot block");

/* ---- records (byte for byte; read and written through le32 accessors, never cast) ---------- */
#define LAYOUT_REC_VERSION 1u
#define LAYOUT_SLOT_REC_VERSION \
	2u /* 2: striped slots; a version 1 record (contiguous) is corrupt */
#define LAYOUT_IDENT_MAGIC "PIXIDENT"
#define LAYOUT_KEY_MAGIC "PIXACKEY"
#define LAYOUT_SLOT_MAGIC "PIXSLOTR"
#define LAYOUT_CONFIG_MAGIC "PIXCONFG"
#define LAYOUT_PDM_MAGIC "PIXPDMAR"
#define LAYOUT_FS_MAGIC "PIXFLAFS"
#define LAYOUT_TRUST_MAGIC "PIXTRUST"
#define LAYOUT_SIGKEYS_MAGIC "PIXSIGKY"
#define LAYOUT_SECVER_MAGIC "PIXSECVR"
#define LAYOUT_MAGIC_LEN 8
#define LAYOUT_SHA256_LEN 32

/* Identity: written once by layout_format(), then locked with the boot block. */
struct layout_ident_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXIDENT" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t serial; /* 0x0c the unit's serial number */
	uint32_t chips; /* 0x10 chips in the bank it was made for */
	uint32_t sig_keys; /* 0x14 image signing keys at LAYOUT_SIGKEYS_OFF, 0..4 (0: none) */
	uint8_t reserved[8]; /* 0x18 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x20 SHA-256 of bytes 0x00-0x1f */
};
_Static_assert(sizeof(struct layout_ident_rec) == 64, "identity record is 64 bytes");
_Static_assert(offsetof(struct layout_ident_rec, sha256) == 0x20, "identity hash at 0x20");

/*
 * Image signing keys: written with the identity by layout_format(), in the same locked boot
 * block, so no software can change them. The identity record names how many there are: a count
 * there and a record that does not hold them is a damaged unit, which then verifies nothing (and
 * boots nothing); it never falls back to accepting unsigned images. Two sectors (0x100-0x23f).
 */
struct layout_sigkeys_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x000 "PIXSIGKY" */
	uint32_t version; /* 0x008 LAYOUT_REC_VERSION */
	uint32_t count; /* 0x00c keys, 1..4: the identity record's sig_keys */
	uint8_t point[LAYOUT_SIGKEYS_MAX][SIG_POINT_LEN]; /* 0x010 P-256, 04||X||Y; unused zero */
	uint8_t reserved[12]; /* 0x114 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x120 SHA-256 of bytes 0x000-0x11f */
};
_Static_assert(sizeof(struct layout_sigkeys_rec) == 0x140, "signing key record is 320 bytes");
_Static_assert(offsetof(struct layout_sigkeys_rec, sha256) == 0x120, "signing key hash at 0x120");

/*
 * Security version: the highest security version of a signed image the unit has booted (the
 * rollback floor); two copies A/B with a sequence number, like the activation key. No valid copy
 * reads as 0. Raised only by a flash boot, never lowered.
 */
struct layout_secver_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXSECVR" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t seq; /* 0x0c write count */
	uint32_t sec_version; /* 0x10 the floor */
	uint8_t reserved[12]; /* 0x14 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x20 SHA-256 of bytes 0x00-0x1f */
};
_Static_assert(sizeof(struct layout_secver_rec) == 64, "security version record is 64 bytes");

/* Flash activation key, one of two copies; the valid one with the higher seq is current. */
struct layout_key_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXACKEY" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t seq; /* 0x0c write count */
	uint32_t w[LIC_KEY_WORDS]; /* 0x10 the key's four words, word 0 first */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x20 SHA-256 of bytes 0x00-0x1f */
};
_Static_assert(sizeof(struct layout_key_rec) == 64, "key record is 64 bytes");
_Static_assert(offsetof(struct layout_key_rec, w) == 0x10, "key words at 0x10");

/* States of a slot record. An erased sector (all FF) is an empty slot. */
#define LAYOUT_SLOT_REC_WRITING 1u /* image being programmed: not bootable */
#define LAYOUT_SLOT_REC_VALID 2u /* image programmed and verified */

/* Slot record: what the slot holds; written last, when the image verified. */
struct layout_slot_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXSLOTR" */
	uint32_t version; /* 0x08 LAYOUT_SLOT_REC_VERSION */
	uint32_t seq; /* 0x0c install count: the highest valid one is current */
	uint32_t state; /* 0x10 LAYOUT_SLOT_REC_* */
	uint32_t image_len; /* 0x14 header + payload bytes */
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* 0x18 copy of the image's header hash */
	uint8_t reserved[8]; /* 0x38 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x40 SHA-256 of bytes 0x00-0x3f */
};
_Static_assert(sizeof(struct layout_slot_rec) == 96, "slot record is 96 bytes");
_Static_assert(offsetof(struct layout_slot_rec, sha256) == 0x40, "slot record hash at 0x40");

/* Configuration record: the text follows in the next sectors. */
struct layout_config_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXCONFG" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint8_t ver_major; /* 0x0c version of the image that wrote it: 6.3(5) = 6, 3, 5 */
	uint8_t ver_minor; /* 0x0d */
	uint8_t ver_maint; /* 0x0e */
	uint8_t ver_zero; /* 0x0f 0 */
	uint32_t text_len; /* 0x10 bytes of text, <= LAYOUT_CONFIG_TEXT_MAX */
	uint8_t reserved[12]; /* 0x14 zero */
	uint8_t text_sha256[LAYOUT_SHA256_LEN]; /* 0x20 SHA-256 of the text */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x40 SHA-256 of bytes 0x00-0x3f */
};
_Static_assert(sizeof(struct layout_config_rec) == 96, "configuration record is 96 bytes");
_Static_assert(offsetof(struct layout_config_rec, text_sha256) == 0x20, "text hash at 0x20");

/* States of the PDM record. An erased sector (all FF) is no archive. */
#define LAYOUT_PDM_REC_WRITING 1u /* archive being programmed: no archive */
#define LAYOUT_PDM_REC_VALID 2u /* archive programmed and verified */

/* PDM record: what the PDM area holds; written last, when the archive verified. */
struct layout_pdm_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXPDMAR" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t state; /* 0x0c LAYOUT_PDM_REC_* */
	uint32_t archive_len; /* 0x10 header + payload bytes */
	uint8_t reserved[12]; /* 0x14 zero */
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* 0x20 copy of the archive's header hash */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x40 SHA-256 of bytes 0x00-0x3f */
};
_Static_assert(sizeof(struct layout_pdm_rec) == 96, "PDM record is 96 bytes");
_Static_assert(offsetof(struct layout_pdm_rec, hdr_sha256) == 0x20, "PDM header hash at 0x20");
_Static_assert(offsetof(struct layout_pdm_rec, sha256) == 0x40, "PDM record hash at 0x40");

/* File-system record forms: the software generation that reads it, major << 8 | minor. */
#define LAYOUT_FS_REC_50 0x0500u
#define LAYOUT_FS_REC_51 0x0501u

/* File-system record of the 5.0/5.1 form: the one image, in its slot. */
struct layout_fs_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXFLAFS" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t form; /* 0x0c LAYOUT_FS_REC_50 or LAYOUT_FS_REC_51 */
	uint32_t slot; /* 0x10 the slot holding the image, 0 or 1 */
	uint32_t image_len; /* 0x14 header + payload bytes */
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* 0x18 copy of the image's header hash */
	uint8_t reserved[8]; /* 0x38 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x40 SHA-256 of bytes 0x00-0x3f */
};
_Static_assert(sizeof(struct layout_fs_rec) == 96, "file-system record is 96 bytes");
_Static_assert(offsetof(struct layout_fs_rec, hdr_sha256) == 0x18, "header hash at 0x18");

/*
 * Trust record: the first sector of a trust anchor copy; the list's DER bytes follow from the
 * next sector, the anchors one after the other in list order, without padding.
 */
struct layout_trust_rec {
	uint8_t magic[LAYOUT_MAGIC_LEN]; /* 0x00 "PIXTRUST" */
	uint32_t version; /* 0x08 LAYOUT_REC_VERSION */
	uint32_t seq; /* 0x0c write count: the valid copy with the newer is current */
	uint32_t count; /* 0x10 anchors, 0..LAYOUT_TRUST_MAX */
	uint32_t total; /* 0x14 DER bytes of the list: the sum of len, <= LAYOUT_TRUST_BYTES */
	uint32_t len[LAYOUT_TRUST_MAX]; /* 0x18 each anchor's DER length (> 0); unused ones 0 */
	uint8_t der_sha256[LAYOUT_SHA256_LEN]; /* 0x38 SHA-256 of the list's total DER bytes */
	uint8_t reserved[8]; /* 0x58 zero */
	uint8_t sha256[LAYOUT_SHA256_LEN]; /* 0x60 SHA-256 of bytes 0x00-0x5f */
};
_Static_assert(sizeof(struct layout_trust_rec) == 128, "trust record is 128 bytes");
_Static_assert(offsetof(struct layout_trust_rec, len) == 0x18, "trust lengths at 0x18");
_Static_assert(offsetof(struct layout_trust_rec, der_sha256) == 0x38, "trust list hash at 0x38");
_Static_assert(offsetof(struct layout_trust_rec, sha256) == 0x60, "trust record hash at 0x60");
_Static_assert(LAYOUT_TRUST_BYTES <= 0xFFFFu, "a DER length fits 16 bits (an X.509 length)");

_Static_assert(sizeof(struct layout_trust_rec) <= AT29_SECTOR_SIZE, "records fit a sector");
_Static_assert(sizeof(struct layout_slot_rec) <= AT29_SECTOR_SIZE, "records fit a sector");
_Static_assert(sizeof(struct layout_pdm_rec) <= AT29_SECTOR_SIZE, "records fit a sector");
_Static_assert(sizeof(struct layout_config_rec) <= AT29_SECTOR_SIZE, "records fit a sector");

/*
 * Errors, returned negated, beside errno values from the driver (-EIO, -ETIMEDOUT, -ENODEV,
 * -EINVAL) and enum img_error values (256 up) from image checks. layout_strerror() words them.
 */
enum layout_error {
	LAYOUT_ENOIDENT = 512, /* no valid identity record: flash never formatted */
	LAYOUT_EGEOMETRY, /* bank size not supported, or not the one the identity names */
	LAYOUT_ELOCKED, /* the locked identity holds another serial number */
	LAYOUT_EEMPTY, /* record parsers: the sector is erased */
	LAYOUT_ECORRUPT, /* record parsers: bad magic, version, field or hash */
	LAYOUT_ENOKEY, /* no valid activation key record */
	LAYOUT_EKEY, /* the activation key is not valid for this unit (lic_check failed) */
	LAYOUT_ENOCONFIG, /* no valid configuration */
	LAYOUT_ENOIMAGE, /* no slot holds an installed image */
	LAYOUT_EBADIMAGE, /* installed images fail their checksums */
	LAYOUT_EKIND, /* a slot takes PIX OS images only, the PDM area PDM archives only */
	LAYOUT_ETOOBIG, /* image or text larger than its area */
	LAYOUT_EVERIFY, /* what was programmed does not read back with valid hashes */
	LAYOUT_ENOPDM, /* no PDM archive: record erased, or an install did not finish */
	LAYOUT_EBADPDM, /* the PDM record is torn or damaged, or the archive fails its hashes */
	LAYOUT_ENOPDMAREA, /* a one-chip bank has no PDM area */
	LAYOUT_EOLDIMAGE, /* an image older than 4.4: it would corrupt the flash */
	LAYOUT_EBADCONFIG, /* the configuration record or its text is damaged */
	LAYOUT_EFORM, /* not a form this operation writes */
	LAYOUT_ESIGKEYS, /* the identity names signing keys the key record does not hold */
	LAYOUT_EROLLBACK, /* a signed image's security version is below the unit's */
	LAYOUT_ETOOMANYKEYS, /* more signing keys than a unit holds */
	LAYOUT_ELAST = LAYOUT_ETOOMANYKEYS, /* the highest of these codes */
};

/* Forms of the flash file system (see "Forms" above); LAYOUT_FORM_NONE: no image boots. */
enum layout_form {
	LAYOUT_FORM_NONE,
	LAYOUT_FORM_6X,
	LAYOUT_FORM_51,
	LAYOUT_FORM_50,
	LAYOUT_FORM_4X,
};

/* Where things are in a bank of a given size. */
struct layout_geometry {
	unsigned int chips;
	uint32_t size; /* chips * 512 KiB */
	struct at29_stripe slot[LAYOUT_SLOTS]; /* image slots */
	uint32_t slot_size; /* bytes per slot */
	struct at29_stripe pdm; /* PDM area (empty in a one-chip bank) */
	uint32_t pdm_size;
	uint32_t pstate_off; /* model state (LAYOUT_PSTATE_SIZE bytes) */
};

/* What the identity record says. */
struct layout_identity {
	uint32_t serial;
	uint32_t chips;
	uint32_t sig_keys; /* image signing keys in the locked boot block (0: none) */
};

/* The unit's image signing keys (layout_read_sigkeys()). */
struct layout_sigkeys {
	unsigned int count; /* 0: the unit checks no signatures */
	struct sig_anchor key[LAYOUT_SIGKEYS_MAX];
};

/* What the signature check of an image found (layout_check_signature()). */
struct layout_sig_status {
	unsigned int keys; /* signing keys the unit holds; 0: no check made, any image goes */
	bool is_signed; /* the header carries a well-formed signature block (@sig holds it) */
	struct img_sig sig; /* signer's key id and security version, when @is_signed */
	int key; /* the index of the unit's key that verified it, or -1 */
	uint32_t floor; /* the unit's security version (the highest booted) */
};

/* What a slot holds, as layout_scan_slots() finds it. */
enum layout_slot_state {
	LAYOUT_SLOT_EMPTY, /* record sector erased */
	LAYOUT_SLOT_CORRUPT, /* record torn or damaged */
	LAYOUT_SLOT_WRITING, /* an install started and did not finish */
	LAYOUT_SLOT_VALID, /* an install finished (the image is checked separately) */
};

struct layout_slot_info {
	enum layout_slot_state state;
	uint32_t seq; /* WRITING, VALID */
	uint32_t image_len; /* WRITING, VALID */
	struct at29_stripe area; /* where the slot is */
	int hdr_err; /* VALID: 0 or why the header fails (enum img_error, LAYOUT_EVERIFY when it
			is not the image the record names); else -LAYOUT_ENOIMAGE */
	int payload_err; /* VALID with a good header: 0 or -IMG_EPAYLOADSUM; else as hdr_err */
	struct img_info info; /* decoded header when hdr_err == 0 */
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* the image's header hash when hdr_err == 0 */
	bool bootable; /* the boot choice may take it: both hashes hold (VALID, or the image of
			  the 5.x or 4.x form) */
};

/* The file-system record, as the scan finds it. */
struct layout_fs_info {
	enum layout_form form; /* LAYOUT_FORM_50 or LAYOUT_FORM_51 */
	unsigned int slot;
	uint32_t image_len;
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN];
};

struct layout_slots {
	struct layout_slot_info slot[LAYOUT_SLOTS];
	int current; /* the slot of the image the boot choice takes, or -1 */
	enum layout_form form; /* the rule that chose it (LAYOUT_FORM_NONE: none) */
	uint32_t max_seq; /* highest seq of any WRITING or VALID record (0: none) */
	int fs_state; /* file-system record: 0 valid, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT */
	struct layout_fs_info fs; /* when fs_state is 0 */
	bool damaged; /* a record (or, for rule 3, a header) names an image that fails */
};

/* The image that would boot: where it is and what its header says. */
struct layout_image {
	unsigned int slot;
	enum layout_form form; /* the rule that chose it */
	uint32_t seq; /* 6.x form; 0 in the older forms */
	struct at29_stripe area; /* the slot; image byte i is at at29_stripe_addr(&area, i) */
	uint32_t hdr_off; /* bank offset of the header's first byte */
	uint32_t image_len;
	struct img_info info;
};

/* What the PDM area holds, as layout_scan_pdm() finds it. */
enum layout_pdm_state {
	LAYOUT_PDM_NOAREA, /* a one-chip bank: no PDM area (the record is not read) */
	LAYOUT_PDM_EMPTY, /* record sector erased */
	LAYOUT_PDM_CORRUPT, /* record torn or damaged */
	LAYOUT_PDM_WRITING, /* an install started and did not finish */
	LAYOUT_PDM_VALID, /* an install finished (the archive is checked separately) */
};

struct layout_pdm_info {
	enum layout_pdm_state state;
	uint32_t archive_len; /* WRITING, VALID: header + payload bytes */
	struct at29_stripe area; /* the PDM area: archive byte i is at at29_stripe_addr(&area, i) */
	int hdr_err; /* VALID: 0 or why the header fails (enum img_error, -LAYOUT_EKIND,
			-LAYOUT_EVERIFY when it is not the archive the record names); else
			-LAYOUT_ENOPDM */
	int payload_err; /* VALID with a good header: 0 or -IMG_EPAYLOADSUM; else as hdr_err */
	struct img_info info; /* decoded header when hdr_err == 0 */
	int err; /* what layout_read_pdm() returns: 0, -LAYOUT_ENOPDM or -LAYOUT_EBADPDM */
};

/* Configuration record contents. */
struct layout_config_info {
	struct img_version version; /* of the image that wrote it */
	uint32_t text_len;
	uint8_t text_sha256[LAYOUT_SHA256_LEN];
};

/* Everything the flash boot decides on, and why it would not boot (layout_boot_check()). */
struct layout_boot_status {
	int ident_err; /* 0 or -LAYOUT_ENOIDENT / -LAYOUT_EGEOMETRY */
	struct layout_identity ident;
	int image_err; /* 0 or -LAYOUT_ENOIMAGE / -LAYOUT_EBADIMAGE / a driver error */
	struct layout_image image;
	int key_err; /* 0, -LAYOUT_ENOKEY, or -LAYOUT_EKEY (then lic_err says why) */
	int lic_err; /* lic_check(): 0, -EINVAL (not genuine), -ENODEV (other serial) */
	struct lic_key key;
	struct lic_features features; /* valid when key_err == 0 */
	int config_err; /* 0 or -LAYOUT_ENOCONFIG */
	struct layout_config_info config;
	bool config_newer; /* stored configuration newer than the image that would boot */
	int sig_err; /* the image's signature check: 0, an enum sig_error code, -LAYOUT_EROLLBACK,
			-LAYOUT_ESIGKEYS; as image_err when there is no image */
	struct layout_sig_status sig; /* when image_err is 0 */
};

/* Why `flashfs downgrade` would be refused (layout_flashfs_check()): 0 or the error per part. */
struct layout_fs_check {
	enum layout_form form; /* the flash's form now */
	int current; /* the image's slot, or -1 */
	int image_err; /* 0, -LAYOUT_ENOIMAGE, or why the image in bad_slot fails */
	int bad_slot; /* the slot whose image fails (image_err), or -1 */
	int config_err; /* 0 (valid or none), -LAYOUT_EBADCONFIG */
	int key_err; /* 0, -LAYOUT_ENOKEY */
};

/* One file of the flash file system, as `show flashfs` lists it (layout_flashfs_list()). */
enum layout_file_kind {
	LAYOUT_FILE_IMAGE, /* the firewall image: the boot choice (file 0) */
	LAYOUT_FILE_SLOT, /* the other image slot */
	LAYOUT_FILE_CONFIG, /* the configuration text */
	LAYOUT_FILE_KEY, /* an activation key record (index 0: A, 1: B) */
	LAYOUT_FILE_PDM, /* the PDM archive in the PDM area (not in a one-chip bank) */
};

struct layout_file {
	enum layout_file_kind kind;
	unsigned int index; /* the slot, or the key record */
	uint32_t origin; /* bank offset of its first byte */
	uint32_t length; /* bytes; 0 when empty or not valid */
	struct img_version version; /* images of nonzero length */
};

#define LAYOUT_FILES_MAX 6

struct layout_fs_list {
	enum layout_form form;
	unsigned int count;
	struct layout_file file[LAYOUT_FILES_MAX];
};

/* What a trust anchor copy holds, as layout_trust_read() finds it. */
enum layout_trust_state {
	LAYOUT_TRUST_EMPTY, /* record sector erased */
	LAYOUT_TRUST_CORRUPT, /* record torn or damaged, or the DER fails the record's hash */
	LAYOUT_TRUST_VALID, /* a whole list */
};

/*
 * The HTTPS trust anchors: DER X.509 certificates as stored (not parsed here). Anchor i is
 * der[off[i]] .. der[off[i] + len[i] - 1]. About 16 KiB: a caller in the firmware keeps it
 * static.
 */
struct layout_trust {
	unsigned int count; /* anchors, 0..LAYOUT_TRUST_MAX */
	uint32_t seq; /* the current copy's sequence number (0: none) */
	int current; /* the copy read: 0 (A), 1 (B), or -1 (none valid: the list is empty) */
	enum layout_trust_state copy[LAYOUT_TRUST_COPIES]; /* what each copy holds */
	uint32_t len[LAYOUT_TRUST_MAX];
	uint32_t off[LAYOUT_TRUST_MAX];
	uint32_t total; /* DER bytes of the list */
	uint8_t der[LAYOUT_TRUST_BYTES];
};

/* Progress of a long write: bytes of the image programmed so far. */
typedef void (*layout_progress_fn)(void *ctx, size_t done);

int layout_geometry(unsigned int chips, struct layout_geometry *g);

int layout_parse_identity(const void *buf, size_t len, struct layout_identity *out);
int layout_parse_key(const void *buf, size_t len, uint32_t *seq, struct lic_key *k);
int layout_parse_slot_record(const void *buf, size_t len, struct layout_slot_rec *out);
int layout_parse_config(const void *buf, size_t len, struct layout_config_info *out);
int layout_parse_pdm_record(const void *buf, size_t len, struct layout_pdm_rec *out);
int layout_parse_fs_record(const void *buf, size_t len, struct layout_fs_info *out);
int layout_parse_trust_record(const void *buf, size_t len, struct layout_trust_rec *out);

int layout_format(struct at29 *f, uint32_t serial, const struct lic_key *key);
int layout_format_signed(struct at29 *f, uint32_t serial, const struct lic_key *key,
			 const struct layout_sigkeys *keys);
int layout_parse_sigkeys(const void *buf, size_t len, struct layout_sigkeys *out);
int layout_parse_secver(const void *buf, size_t len, uint32_t *seq, uint32_t *sec_version);
int layout_read_sigkeys(struct at29 *f, struct layout_sigkeys *out);
int layout_read_secver(struct at29 *f, uint32_t *sec_version);
int layout_raise_secver(struct at29 *f, uint32_t sec_version);
int layout_check_signature(struct at29 *f, const void *hdr, struct layout_sig_status *st);
int layout_read_identity(struct at29 *f, struct layout_identity *out);
int layout_read_key(struct at29 *f, struct lic_key *k);
int layout_write_key(struct at29 *f, const struct lic_key *k);
int layout_read_config_version(struct at29 *f, struct layout_config_info *out);
int layout_read_config(struct at29 *f, void *buf, size_t size, struct layout_config_info *out);
int layout_write_config(struct at29 *f, const struct img_version *ver, const void *text,
			size_t len);
int layout_scan_slots(struct at29 *f, struct layout_slots *s);
int layout_find_boot_image(struct at29 *f, struct layout_image *out);
int layout_install_image(struct at29 *f, const void *image, size_t len, layout_progress_fn progress,
			 void *ctx, unsigned int *slot);
int layout_install_image_unchecked(struct at29 *f, const void *image, size_t len,
				   layout_progress_fn progress, void *ctx, unsigned int *slot);
int layout_read_image(struct at29 *f, const struct layout_image *im, uint32_t off, void *buf,
		      size_t len);
int layout_install_pdm(struct at29 *f, const void *image, size_t len, layout_progress_fn progress,
		       void *ctx);
int layout_scan_pdm(struct at29 *f, struct layout_pdm_info *out);
int layout_read_pdm(struct at29 *f, struct img_info *out);
int layout_read_pdm_data(struct at29 *f, uint32_t off, void *buf, size_t len);
int layout_boot_check(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		      struct layout_boot_status *st);
int layout_unit_status(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		       struct layout_boot_status *st);
bool layout_version_newer(const struct img_version *a, const struct img_version *b);
enum layout_form layout_form_of_version(const struct img_version *v);
const char *layout_form_name(enum layout_form form);
int layout_check_config(struct at29 *f);
int layout_flashfs_check(struct at29 *f, struct layout_fs_check *chk);
int layout_flashfs_list(struct at29 *f, struct layout_fs_list *l);
int layout_flashfs_downgrade(struct at29 *f, enum layout_form to, layout_progress_fn progress,
			     void *ctx);
int layout_trust_read(struct at29 *f, struct layout_trust *out);
int layout_trust_add(struct at29 *f, const uint8_t *der, size_t len);
int layout_trust_remove(struct at29 *f, unsigned int index);
const char *layout_trust_strerror(int err);
const char *layout_strerror(int err);

#endif /* FLASH_LAYOUT_H */
