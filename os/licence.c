/* `activation-key` and `show activation-key`: the chapter's texts, Table 11-1, Examples 11-1..3. */
/*
 * The running key is the one the ROM checked at boot (boot information block); the flash key is
 * the one the next boot will check. A new key is taken only when the image in flash is the image
 * running (so the key is checked by the software that will use it), differs from the running key
 * and is valid for this unit's serial number; it is written with the layout's two-copy update, so
 * a power cut at any moment leaves the old key or the new one. It takes effect at the next reload.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "os.h"

#define OS_KEY_DIGITS_MAX 8

/**
 * os_flash_image_differs() - Compares the running image with the one the next flash boot runs.
 * @os: the session
 *
 * Return: 0 when they are the same image (same header, hence same payload), 1 when they differ
 * or the running image is not known, or a negative error when the flash cannot be read.
 */
int os_flash_image_differs(const struct os *os)
{
	uint8_t hash[IMG_SHA256_LEN];
	struct layout_image im;
	int err;

	if (!os->plat->flash.f)
		return -ENODEV;
	err = layout_find_boot_image(os->plat->flash.f, &im);
	if (err == -LAYOUT_ENOIMAGE || err == -LAYOUT_EBADIMAGE)
		return 1;
	if (!err)
		err = layout_read_image(os->plat->flash.f, &im, IMG_HDR_HASHED_LEN, hash,
					sizeof(hash));
	if (err)
		return err;
	return !os->id.hdr_known || memcmp(hash, os->id.hdr_sha256, sizeof(hash)) != 0;
}

/* Prints "<label> activation key: <words>" and the key's features (Example 11-1's form). */
static void os_print_key(const struct os *os, const char *label, const struct lic_key *k,
			 const struct lic_features *f)
{
	char text[LIC_KEY_TEXT_MAX], feats[LIC_FEATURES_TEXT_MAX];

	lic_format_key(k, text);
	lic_format_features(f, feats, sizeof(feats));
	mon_printf(os->con, "%s activation key: %s\n", label, text);
	mon_puts(os->con, feats);
}

/* Checks one typed word (0x optional, 1..8 hex digits); says what is wrong. Returns 0/-EINVAL. */
static int os_key_word_ok(const struct os *os, unsigned int n, const char *w)
{
	const char *d = w;
	size_t i;

	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		d += 2;
	for (i = 0; d[i]; i++) {
		char c = d[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
			mon_printf(os->con,
				   "ERROR: activation key word %u '%s' is not hexadecimal\n", n, w);
			return -EINVAL;
		}
	}
	if (i == 0 || i > OS_KEY_DIGITS_MAX) {
		mon_printf(os->con, "ERROR: activation key word %u '%s' has %s hex digits (1-%d)\n",
			   n, w, i ? "more than 8" : "no", OS_KEY_DIGITS_MAX);
		return -EINVAL;
	}
	return 0;
}

/* Reads the four words of argv[1..4] into @k; says what is wrong. Returns 0 or -EINVAL. */
static int os_key_parse(const struct os *os, int argc, char **argv, struct lic_key *k)
{
	char text[4 * (MON_LINE_MAX + 1)];
	size_t used = 0;
	int i;

	if (argc != 1 + LIC_KEY_WORDS) {
		mon_printf(os->con, "ERROR: an activation key is four words; %d given\n", argc - 1);
		return -EINVAL;
	}
	for (i = 1; i < argc; i++) {
		if (os_key_word_ok(os, (unsigned int)i, argv[i]))
			return -EINVAL;
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s ", argv[i]);
	}
	return lic_parse(text, k);
}

/* Says why a key that parses is not valid for this unit. */
static void os_key_invalid(const struct os *os, const struct lic_key *k)
{
	struct lic_features f;
	uint32_t serial;

	if (!lic_decode(k, os->plat->vendor_key, &serial, &f) && serial != os->id.serial)
		mon_printf(os->con, "ERROR: the key is for serial number %u, not this unit's %u\n",
			   serial, os->id.serial);
	mon_puts(os->con, LIC_MSG_NOT_VALID "\n");
}

/* The checks of Table 11-1 before a key is written; 0 when it may be, else -EINVAL (said). */
static int os_key_acceptable(const struct os *os, const struct lic_key *k, struct lic_features *f)
{
	int differs = os_flash_image_differs(os);

	if (differs < 0) {
		mon_printf(os->con, "ERROR: cannot read the flash: %s\n", layout_strerror(differs));
		return differs;
	}
	if (differs) {
		mon_puts(os->con, LIC_MSG_IMAGE_DIFFERS "\n");
		return -EINVAL;
	}
	if (lic_key_equal(k, &os->id.key)) {
		mon_puts(os->con, LIC_MSG_SAME_AS_RUNNING "\n");
		return -EINVAL;
	}
	if (lic_check(k, os->id.serial, os->plat->vendor_key, f)) {
		os_key_invalid(os, k);
		return -EINVAL;
	}
	return 0;
}

/**
 * os_cmd_activation_key() - "activation-key w0 w1 w2 w3" (hex, 0x optional): the chapter's
 * output when the key is stored, a Table 11-1 message when it is not.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when stored, else a negative errno (said).
 */
int os_cmd_activation_key(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct lic_features f;
	struct lic_key k;
	int err;

	if (os_key_parse(os, argc, argv, &k)) {
		mon_puts(os->con, LIC_MSG_NOT_VALID "\n");
		return -EINVAL;
	}
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: no flash to store the activation key in\n");
		return -ENODEV;
	}
	err = os_key_acceptable(os, &k, &f);
	if (err)
		return err;
	err = layout_write_key(os->plat->flash.f, &k);
	if (err) {
		mon_printf(os->con, "ERROR: writing the activation key to flash failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	mon_printf(os->con, "Serial Number: %u (0x%x)\n\n", os->id.serial, os->id.serial);
	os_print_key(os, "Flash", &k, &f);
	mon_puts(os->con, "\n" LIC_MSG_FLASH_MODIFIED "\n" LIC_MSG_FLASH_NOW_DIFFERENT
			  "\n" LIC_MSG_FLASH_USED_AT_RELOAD "\n");
	return 0;
}

/* The flash key and what it licenses; 0, or an error when there is no valid one. */
static int os_flash_key(const struct os *os, struct lic_key *k, struct lic_features *f)
{
	int err = layout_read_key(os->plat->flash.f, k);

	if (!err)
		err = lic_check(k, os->id.serial, os->plat->vendor_key, f);
	return err;
}

/**
 * os_cmd_show_activation_key() - "show activation-key": Example 11-1 (flash key and image the
 * same as running), 11-2 (flash key differs) or 11-3 (flash image differs).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno when the flash cannot be read (said).
 */
int os_cmd_show_activation_key(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct lic_features f;
	struct lic_key k;
	int differs;

	(void)argc;
	(void)argv;
	mon_printf(os->con, "Serial Number: %u (0x%x)\n\n", os->id.serial, os->id.serial);
	os_print_key(os, "Running", &os->id.key, &os->id.features);
	mon_puts(os->con, "\n");
	if (!os->plat->flash.f) {
		mon_puts(os->con, "This unit has no usable flash: there is no flash activation "
				  "key.\n");
		return -ENODEV;
	}
	differs = os_flash_image_differs(os);
	if (differs < 0) {
		mon_printf(os->con, "The flash cannot be read: %s\n", layout_strerror(differs));
		return differs;
	}
	if (differs) {
		mon_puts(os->con, LIC_MSG_IMAGE_DIFFERENT "\n" LIC_MSG_IMAGES_MUST_MATCH "\n");
		return 0;
	}
	if (os_flash_key(os, &k, &f)) {
		mon_puts(os->con, "The flash holds no activation key valid for this unit.\n");
		return 0;
	}
	if (lic_key_equal(&k, &os->id.key)) {
		mon_puts(os->con, LIC_MSG_FLASH_SAME "\n");
		return 0;
	}
	os_print_key(os, "Flash", &k, &f);
	mon_puts(os->con, "\n" LIC_MSG_FLASH_DIFFERENT "\n" LIC_MSG_FLASH_NEXT_RELOAD "\n");
	return 0;
}
