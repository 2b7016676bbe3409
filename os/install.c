/* Installing what `copy` fetched: every check before the first write, then the A/B install. */
/*
 * An image is checked whole (header, both SHA-256, kind, version, size against a slot) before
 * anything is written; it then goes through layout_install_image(), which writes the slot that
 * is not current and makes it current only once it reads back whole, so a power cut leaves the
 * old image or the new one. Success ends in "Image installed", every refusal in the reason and
 * "Image not installed"; the new image runs from the next reload.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "os.h"

#define OS_INSTALL_MARK_BYTES (64 * 1024) /* one '.' per 64 KiB written */

/* The oldest software whose images this unit's flash layout can hold (the chapter: 4.4). */
static const struct img_version os_oldest = { 4, 4, 0 };

/* Progress of a write into flash: the marks, and failover, which must keep talking to its mate. */
static void os_install_progress(void *ctx, size_t done)
{
	struct os *os = ctx;

	while (os->marks < done / OS_INSTALL_MARK_BYTES) {
		os->marks++;
		mon_puts(os->con, ".");
	}
	os_fo_poll(os, false);
}

/* Says why an image's header or payload is refused. */
static void os_image_refused(const struct os *os, int err, const char *file, uint64_t len)
{
	switch (-err) {
	case IMG_ESHORT:
	case IMG_EMAGIC:
		mon_printf(os->con, "ERROR: %s is not a PIX image (no PIXIMAGE header)\n", file);
		break;
	case IMG_ETRUNC:
		mon_printf(os->con, "ERROR: %s is truncated (%llu bytes arrived)\n", file,
			   (unsigned long long)len);
		break;
	case IMG_EHDRSUM:
	case IMG_EPAYLOADSUM:
		mon_puts(os->con, "Checksum verification on flash image failed\n");
		break;
	default:
		mon_printf(os->con, "ERROR: %s: %s\n", file, img_strerror(err));
	}
}

/* The reference's refusal of a file larger than its area, with what is there now (@current). */
static void os_no_space(const struct os *os, uint64_t request, uint32_t current, uint32_t slot_size)
{
	mon_printf(os->con,
		   "! Insufficient flash space available for this request:\n"
		   "Size info:request:%llu current:%u delta:%llu free:%u\n",
		   (unsigned long long)request, current,
		   (unsigned long long)(request > current ? request - current : 0), slot_size);
}

/* Header and payload of what was fetched: 0 with @info, or a negative errno (said). */
static int os_fetched_check(const struct os *os, const uint8_t *data, uint64_t len,
			    const char *file, struct img_info *info)
{
	int err = img_parse_header(data, (size_t)len, info);

	if (!err)
		err = img_verify_payload(info, data + IMG_HDR_SIZE, (size_t)(len - IMG_HDR_SIZE));
	if (err)
		os_image_refused(os, err, file, len);
	return err;
}

/* Checks an image fetched for flash:image; 0 or a negative errno (said). */
static int os_image_check(const struct os *os, const uint8_t *data, uint64_t len, const char *file)
{
	struct layout_geometry g;
	struct layout_image cur;
	struct layout_sig_status sig;
	struct img_info info;
	int err = os_fetched_check(os, data, len, file, &info);

	if (err)
		return err;
	if (info.kind != IMG_KIND_OS) {
		mon_printf(os->con,
			   "ERROR: %s is a PDM archive, not a PIX OS image (copy it to "
			   "flash:pdm)\n",
			   file);
		return -LAYOUT_EKIND;
	}
	if (layout_version_newer(&os_oldest, &info.version)) {
		mon_printf(os->con,
			   "ERROR: %s is version %u.%u(%u); an image older than 4.4 would "
			   "corrupt the flash\n",
			   file, info.version.major, info.version.minor, info.version.maint);
		return -EINVAL;
	}
	err = layout_geometry(os->plat->flash.f->chips, &g);
	if (err)
		return err;
	if (IMG_HDR_SIZE + (uint64_t)info.payload_size > g.slot_size) {
		os_no_space(os, IMG_HDR_SIZE + (uint64_t)info.payload_size,
			    layout_find_boot_image(os->plat->flash.f, &cur) ? 0 : cur.image_len,
			    g.slot_size);
		return -LAYOUT_ETOOBIG;
	}
	err = layout_check_signature(os->plat->flash.f, data, &sig);
	if (err)
		mon_printf(os->con, "ERROR: %s: %s\n", file, layout_strerror(err));
	return err;
}

/* The chapter's "Problems may occur" case: a flash key the new image cannot boot with. */
static void os_key_warning(const struct os *os)
{
	struct lic_key k;

	if (!layout_read_key(os->plat->flash.f, &k) &&
	    !lic_check(&k, os->id.serial, os->plat->vendor_key, NULL))
		return;
	mon_puts(os->con, "Warning: the activation key in flash is not valid for this unit; the "
			  "new image will not boot from flash until one is entered "
			  "(activation-key, "
			  "or the monitor's install).\n");
}

/*
 * flash:pdm: a PDM archive into the PDM area (one copy: a power cut during the write leaves no
 * archive, never a torn one that reads as valid; flash/layout_pdm.c). 0 or a negative errno (said).
 */
static int os_install_pdm(struct os *os, const uint8_t *data, uint64_t len, const char *file)
{
	struct layout_pdm_info cur;
	struct img_info info;
	int err = os_fetched_check(os, data, len, file, &info);

	if (err)
		return err;
	if (info.kind != IMG_KIND_PDM) {
		mon_printf(os->con,
			   "ERROR: %s is a PIX OS image, not a PDM archive (copy it to "
			   "flash:image)\n",
			   file);
		return -LAYOUT_EKIND;
	}
	err = layout_scan_pdm(os->plat->flash.f, &cur);
	if (!err && cur.state == LAYOUT_PDM_NOAREA)
		err = -LAYOUT_ENOPDMAREA;
	if (!err && IMG_HDR_SIZE + (uint64_t)info.payload_size > at29_stripe_size(&cur.area)) {
		os_no_space(os, IMG_HDR_SIZE + (uint64_t)info.payload_size,
			    cur.state == LAYOUT_PDM_VALID ? cur.archive_len : 0,
			    at29_stripe_size(&cur.area));
		return -LAYOUT_ETOOBIG;
	}
	if (!err) {
		mon_puts(os->con, "Writing PDM archive to flash");
		os->marks = 0;
		os_fo_flash_write(os, true);
		err = layout_install_pdm(os->plat->flash.f, data, (size_t)len, os_install_progress,
					 os);
		os_fo_flash_write(os, false);
		mon_puts(os->con, "\n");
	}
	if (err) {
		mon_printf(os->con, "ERROR: writing the PDM archive to flash failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	mon_puts(os->con, "PDM installed\n");
	return 0;
}

/**
 * os_install() - Checks and installs what copy fetched.
 * @os: the session
 * @data: the download
 * @len: its length
 * @dst: flash:image or flash:pdm
 * @file: its name, for messages
 *
 * Return: 0 ("Image installed", "PDM installed"), or a negative errno (the reason, then "Image not
 * installed" or "PDM not installed").
 */
int os_install(struct os *os, const uint8_t *data, uint64_t len, enum os_copy_dst dst,
	       const char *file)
{
	int err;

	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: this unit has no usable flash\n");
		err = -ENODEV;
		goto err_not_installed;
	}
	if (dst == OS_DST_PDM) {
		err = os_install_pdm(os, data, len, file);
		if (err)
			goto err_not_installed;
		return 0;
	}
	err = os_image_check(os, data, len, file);
	if (err)
		goto err_not_installed;
	os_key_warning(os);
	mon_puts(os->con, "Writing image to flash");
	os->marks = 0;
	os_fo_flash_write(os, true);
	err = layout_install_image(os->plat->flash.f, data, (size_t)len, os_install_progress, os,
				   NULL);
	os_fo_flash_write(os, false);
	mon_puts(os->con, "\n");
	if (err) {
		mon_printf(os->con, "ERROR: writing the image to flash failed: %s\n",
			   layout_strerror(err));
		goto err_not_installed;
	}
	mon_puts(os->con, "Image installed\n");
	return 0;

err_not_installed:
	mon_printf(os->con, "%s not installed\n", dst == OS_DST_PDM ? "PDM" : "Image");
	return err;
}
