/* `flashfs downgrade`, `clear flashfs`, `flash downgrade` and `show flashfs`: older flash forms. */
/*
 * Older PIX software reads the flash in older forms (flash/layout.h, "Forms"): 5.0 and 5.1 one
 * image named by a file-system record, 4.0 to 4.4 no file system at all. A downgrade rewrites
 * the records for the software to be installed next (by the monitor or `copy tftp flash`),
 * after every check that the flash is whole (image, configuration, activation key) and a
 * "[confirm]"; a power cut leaves the same image bootable in one form or the other. The running
 * image keeps running: the layout reads every form. The chapter's `flash downgrade 4.2|5.0|5.1`
 * is PIX 6's `flashfs downgrade 4.x|5.0|5.1`; `clear flashfs` is `flashfs downgrade 4.x`. No
 * public text of these commands' messages was found: the wording is the project's (README).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "os.h"

/* A form as a command names it. */
struct os_form_word {
	const char *word;
	enum layout_form form;
};

static const struct os_form_word os_flashfs_words[] = {
	{ "4.x", LAYOUT_FORM_4X },
	{ "5.0", LAYOUT_FORM_50 },
	{ "5.1", LAYOUT_FORM_51 },
};

static const struct os_form_word os_flash_words[] = {
	{ "4.2", LAYOUT_FORM_4X },
	{ "5.0", LAYOUT_FORM_50 },
	{ "5.1", LAYOUT_FORM_51 },
};

/* The reason a part of the flash fails, in the reference's words where it has them. */
static const char *os_fs_reason(int err)
{
	if (err == -IMG_EHDRSUM || err == -IMG_EPAYLOADSUM || err == -LAYOUT_EBADIMAGE ||
	    err == -LAYOUT_EVERIFY)
		return layout_strerror(-LAYOUT_EBADIMAGE);
	return layout_strerror(err);
}

/* Says which parts of the flash make a downgrade impossible. */
static void os_fs_refused(const struct os *os, const struct layout_fs_check *chk)
{
	if (chk->image_err && chk->bad_slot >= 0)
		mon_printf(os->con, "ERROR: the image in flash slot %d is unusable: %s\n",
			   chk->bad_slot, os_fs_reason(chk->image_err));
	else if (chk->image_err)
		mon_printf(os->con, "ERROR: the image in flash is unusable: %s\n",
			   os_fs_reason(chk->image_err));
	if (chk->config_err)
		mon_printf(os->con,
			   "ERROR: the configuration in flash is unusable: %s (write memory "
			   "replaces it)\n",
			   layout_strerror(chk->config_err));
	if (chk->key_err)
		mon_printf(os->con, "ERROR: the activation key in flash is unusable: %s\n",
			   layout_strerror(chk->key_err));
	mon_puts(os->con, "Flash file system not downgraded.\n");
}

/* Checks the flash, asks, and rewrites it in form @to. Returns 0 or a negative errno (said). */
static int os_flashfs_downgrade(struct os *os, enum layout_form to)
{
	struct at29 *f = os->plat->flash.f;
	struct layout_fs_check chk;
	char question[80];
	int err;

	if (!f) {
		mon_puts(os->con, "ERROR: this unit has no usable flash\n");
		return -ENODEV;
	}
	err = layout_flashfs_check(f, &chk);
	if (chk.form == to) {
		mon_printf(os->con, "The flash file system is already in the %s form.\n",
			   layout_form_name(to));
		return 0;
	}
	if (err && err != chk.image_err && err != chk.config_err && err != chk.key_err) {
		mon_printf(os->con, "ERROR: cannot read the flash: %s\n", layout_strerror(err));
		return err;
	}
	if (err) {
		os_fs_refused(os, &chk);
		return err;
	}
	snprintf(question, sizeof(question),
		 "Downgrade the flash file system to the %s form? [confirm] ",
		 layout_form_name(to));
	if (!os_confirm(os, question)) {
		mon_puts(os->con, "Downgrade cancelled.\n");
		return -ECANCELED;
	}
	err = layout_flashfs_downgrade(f, to, NULL, NULL);
	if (err) {
		mon_printf(os->con, "ERROR: writing the flash file system failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	mon_printf(os->con, "Flash file system downgraded to the %s form.\n", layout_form_name(to));
	return 0;
}

/* Looks @word up in @words; says what is allowed when it is not there. */
static int os_form_arg(const struct os *os, const char *cmd, const struct os_form_word *words,
		       const char *word, enum layout_form *to)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!strcmp(word, words[i].word)) {
			*to = words[i].form;
			return 0;
		}
	}
	mon_printf(os->con, "ERROR: %s: '%s' is not %s, %s or %s\n", cmd, word, words[0].word,
		   words[1].word, words[2].word);
	return -EINVAL;
}

/**
 * os_cmd_flashfs_downgrade() - "flashfs downgrade 4.x | 5.0 | 5.1": writes the flash file
 * system in the form that software reads.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_flashfs_downgrade(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	enum layout_form to;

	(void)argc;
	if (os_form_arg(os, "flashfs downgrade", os_flashfs_words, argv[1], &to))
		return -EINVAL;
	return os_flashfs_downgrade(os, to);
}

/**
 * os_cmd_flash_downgrade() - "flash downgrade 4.2 | 5.0 | 5.1": the chapter's spelling of
 * flashfs downgrade (4.2 is 4.x).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_flash_downgrade(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	enum layout_form to;

	(void)argc;
	if (os_form_arg(os, "flash downgrade", os_flash_words, argv[1], &to))
		return -EINVAL;
	return os_flashfs_downgrade(os, to);
}

/**
 * os_cmd_clear_flashfs() - "clear flashfs": flashfs downgrade 4.x.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_clear_flashfs(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return os_flashfs_downgrade(ctx, LAYOUT_FORM_4X);
}

/* What a file of show flashfs is, after its origin and length. */
static void os_file_what(const struct layout_file *fl, char *buf, size_t size)
{
	char ver[IMG_VERSION_STRLEN];

	img_version_format(&fl->version, ver, sizeof(ver));
	switch (fl->kind) {
	case LAYOUT_FILE_IMAGE:
		if (fl->length)
			snprintf(buf, size, "firewall image %s, slot %u", ver, fl->index);
		else
			snprintf(buf, size, "firewall image (none), slot %u", fl->index);
		break;
	case LAYOUT_FILE_SLOT:
		if (fl->length)
			snprintf(buf, size, "image %s, slot %u", ver, fl->index);
		else
			snprintf(buf, size, "image slot %u", fl->index);
		break;
	case LAYOUT_FILE_CONFIG:
		snprintf(buf, size, "configuration");
		break;
	case LAYOUT_FILE_PDM:
		if (fl->length)
			snprintf(buf, size, "PDM archive %s", ver);
		else
			snprintf(buf, size, "PDM area");
		break;
	default:
		snprintf(buf, size, "activation key record %c", 'A' + fl->index);
	}
}

/**
 * os_cmd_show_flashfs() - "show flashfs": the form, the sector size, and each file's origin
 * and length in bytes (file 0 is the firewall image).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno when the flash cannot be read (said).
 */
int os_cmd_show_flashfs(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct layout_fs_list l;
	char what[64];
	unsigned int i;
	int err;

	(void)argc;
	(void)argv;
	err = os->plat->flash.f ? layout_flashfs_list(os->plat->flash.f, &l) : -ENODEV;
	if (err) {
		mon_printf(os->con, "ERROR: cannot read the flash: %s\n", layout_strerror(err));
		return err;
	}
	mon_printf(os->con, "flash file system: form:%s sector size:%u\n", layout_form_name(l.form),
		   AT29_SECTOR_SIZE);
	for (i = 0; i < l.count; i++) {
		os_file_what(&l.file[i], what, sizeof(what));
		mon_printf(os->con, "file %u: origin: %8u length: %8u  %s\n", i, l.file[i].origin,
			   l.file[i].length, what);
	}
	return 0;
}
