/* Flash layout internals shared by flash/layout*.c: sector I/O, hashing, record sealing, slot scan. */
#ifndef FLASH_LAYOUT_INT_H
#define FLASH_LAYOUT_INT_H

/*
 * Not an API: what the layout's files (layout.c, layout_rec.c, layout_boot.c,
 * layout_install.c, layout_install_old.c, layout_flashfs.c, layout_pdm.c) share among
 * themselves. Users of the layout include layout.h only.
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
void layout_seal_identity(struct layout_sector *s, uint32_t serial, uint32_t chips,
			  uint32_t sig_keys);
void layout_seal_sigkeys(uint8_t area[LAYOUT_SIGKEYS_AREA], const struct layout_sigkeys *keys);
void layout_seal_secver(struct layout_sector *s, uint32_t seq, uint32_t sec_version);
void layout_seal_key(struct layout_sector *s, uint32_t seq, const struct lic_key *k);
void layout_seal_slot(struct layout_sector *s, uint32_t state, uint32_t seq, uint32_t image_len,
		      const uint8_t hdr_sha256[LAYOUT_SHA256_LEN]);
void layout_seal_pdm(struct layout_sector *s, uint32_t state, uint32_t archive_len,
		     const uint8_t hdr_sha256[LAYOUT_SHA256_LEN]);
void layout_seal_config(struct layout_sector *s, const struct img_version *ver, const void *text,
			uint32_t len);
void layout_seal_fs(struct layout_sector *s, enum layout_form form, unsigned int slot,
		    uint32_t image_len, const uint8_t hdr_sha256[LAYOUT_SHA256_LEN]);

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
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* the header's own hash, as read from flash */
};

/* layout_boot.c: the image check and slot scan that the boot, installs and the PDM share. */
int layout_check_stored(struct at29 *f, const struct at29_stripe *area, uint32_t kind, uint32_t len,
			const uint8_t hdr_sha256[LAYOUT_SHA256_LEN], struct layout_stored *c);
int layout_check_slot_image(struct at29 *f, uint32_t image_len,
			    const uint8_t hdr_sha256[LAYOUT_SHA256_LEN],
			    struct layout_slot_info *si);
int layout_scan(struct at29 *f, struct layout_slots *s, bool all);

/* An image to write into a slot: one in RAM (an install), or one in flash (a copy). */
struct layout_src {
	const uint8_t *buf; /* header and payload in RAM, or NULL: in flash at @area */
	struct at29_stripe area; /* the slot it is in, when @buf is NULL */
	uint32_t len; /* header + payload bytes */
	uint8_t hdr_sha256[LAYOUT_SHA256_LEN]; /* its header hash */
	struct img_info info; /* its header */
};

/* layout_install.c: the steps every install and conversion is made of. */
int layout_erase_rec(struct at29 *f, uint32_t off);
int layout_put_slot_rec(struct at29 *f, unsigned int t, uint32_t state, uint32_t seq,
			const struct layout_src *src);
int layout_put_image(struct at29 *f, const struct layout_geometry *g, unsigned int t,
		     const struct layout_src *src, layout_progress_fn progress, void *ctx);
void layout_src_current(const struct layout_slots *s, struct layout_src *src);
int layout_install_other(struct at29 *f, const struct layout_geometry *g,
			 const struct layout_slots *s, const struct layout_src *src,
			 layout_progress_fn progress, void *ctx, unsigned int *slot);

/* layout_install_old.c: installs of images that read the 5.0/5.1 or 4.x form. */
int layout_install_5x(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		      const struct layout_src *src, layout_progress_fn progress, void *ctx,
		      unsigned int *slot);
int layout_install_4x(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		      const struct layout_src *src, layout_progress_fn progress, void *ctx);

/* layout_sig.c: the words for a signature check's result (layout_strerror() uses them). */
const char *layout_sig_strerror(int err);

/* layout_flashfs.c: the record writes of the older forms' conversions and installs. */
int layout_adopt(struct at29 *f, const struct layout_slots *s);
int layout_put_fs_rec(struct at29 *f, enum layout_form form, unsigned int t,
		      const struct layout_src *src);

#endif /* FLASH_LAYOUT_INT_H */
