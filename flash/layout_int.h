/* Flash layout internals shared by flash/layout*.c: sector I/O, hashing, record sealing, slot scan. */
#ifndef FLASH_LAYOUT_INT_H
#define FLASH_LAYOUT_INT_H

/*
 * Not an API: what the layout's files (layout.c, layout_rec.c, layout_boot.c,
 * layout_install.c, layout_pdm.c) share among themselves. Users of the layout include
 * layout.h only.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

/* A sector as it is programmed: a record, then FF. */
struct layout_sector {
	uint8_t b[AT29_SECTOR_SIZE];
};

/* Whether @chips is a bank size the layout supports: a power of two, 1..16. */
static inline bool layout_chips_ok(uint32_t chips)
{
	return chips >= LAYOUT_MIN_CHIPS && chips <= LAYOUT_MAX_CHIPS && !(chips & (chips - 1));
}

/* Bank offset of slot @i's record. */
static inline uint32_t layout_slotrec_off(unsigned int i)
{
	return LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE;
}

/* layout_rec.c: record formats, on buffers only (no flash access). */
void layout_sha256(const void *data, size_t len, uint8_t out[LAYOUT_SHA256_LEN]);
void layout_seal_identity(struct layout_sector *s, uint32_t serial, uint32_t chips);
void layout_seal_key(struct layout_sector *s, uint32_t seq, const struct lic_key *k);
void layout_seal_slot(struct layout_sector *s, uint32_t state, uint32_t seq, uint32_t image_len,
		      const uint8_t hdr_sha256[LAYOUT_SHA256_LEN]);
void layout_seal_pdm(struct layout_sector *s, uint32_t state, uint32_t archive_len,
		     const uint8_t hdr_sha256[LAYOUT_SHA256_LEN]);
void layout_seal_config(struct layout_sector *s, const struct img_version *ver, const void *text,
			uint32_t len);

/* layout.c: sector I/O, hashing what is in flash, opening a bank. */
int layout_read_sector(struct at29 *f, uint32_t off, struct layout_sector *s);
int layout_write_sector(struct at29 *f, uint32_t off, const struct layout_sector *s);
int layout_hash_flash(struct at29 *f, const struct at29_stripe *st, uint32_t off, uint32_t len,
		      uint8_t sum[LAYOUT_SHA256_LEN], uint8_t *copy);
int layout_open(struct at29 *f, struct layout_geometry *g, struct layout_identity *id);

/* What layout_check_stored() finds of an image or archive in flash. */
struct layout_stored {
	int hdr_err; /* 0 or why the header fails (enum img_error, -LAYOUT_EKIND, -LAYOUT_EVERIFY) */
	int payload_err; /* 0 or -IMG_EPAYLOADSUM when the header holds; else as hdr_err */
	struct img_info info; /* decoded header when hdr_err == 0 */
};

/* layout_boot.c: the image check and slot scan that the boot, installs and the PDM share. */
int layout_check_stored(struct at29 *f, const struct at29_stripe *area, uint32_t kind, uint32_t len,
			const uint8_t hdr_sha256[LAYOUT_SHA256_LEN], struct layout_stored *c);
int layout_check_slot_image(struct at29 *f, const struct layout_slot_rec *rec,
			    struct layout_slot_info *si);
int layout_scan(struct at29 *f, struct layout_slots *s, bool all);

#endif /* FLASH_LAYOUT_INT_H */
