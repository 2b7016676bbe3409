/*
 * The install dialogue after a download, as the PIX admin loader runs it: the
 * image is checked (header and SHA-256), the flash and install versions are
 * shown, the user confirms, a unit without a valid activation key is asked for
 * one in four words ("Enter Activation Key", then "Part 1 of 4:" to "Part 4 of
 * 4:"), the image is written with progress and verified, and the new image can
 * be booted at once. Nothing is written before every check has passed; Ctrl-C
 * or BREAK at a question, or an empty answer, installs nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lineedit.h"

#define MON_KEY_WORDS 4
#define MON_INSTALL_DOT_BYTES (64 * 1024) /* one progress dot per 64 KiB written */

/* Reads one answer line into @buf (at most MON_LINE_MAX); returns 0, or -ECANCELED. */
static int mon_read_answer(struct mon *m, const char *question, char *buf)
{
	const struct mon_console *con = m->plat->con;
	struct mon_line line;
	int c;

	mon_line_init(&line);
	mon_puts(con, question);
	for (;;) {
		c = con->getc(con->ctx);
		if (c == MON_CON_NONE)
			continue;
		switch (mon_line_feed(&line, c, con)) {
		case MON_LINE_BUSY:
			continue;
		case MON_LINE_READY:
			memcpy(buf, line.buf, line.len + 1);
			return 0;
		default: /* cancelled, or too long to be an answer */
			return -ECANCELED;
		}
	}
}

/* Asks a yes/no question; true only for an answer starting with y or Y. */
static bool mon_confirm(struct mon *m, const char *question)
{
	char answer[MON_LINE_MAX + 1];
	const char *a = answer;

	if (mon_read_answer(m, question, answer))
		return false;
	while (*a == ' ')
		a++;
	return *a == 'y' || *a == 'Y';
}

/*
 * Asks for the activation key in four words into @words ("w0 w1 w2 w3"), with the admin loader's
 * texts: "Enter Activation Key", then "Part 1 of 4:" to "Part 4 of 4:". Returns 0, -ECANCELED or
 * -E2BIG.
 */
static int mon_ask_key(struct mon *m, char *words, size_t size)
{
	char question[24], answer[MON_LINE_MAX + 1];
	size_t used = 0;
	int i, n;

	words[0] = '\0';
	mon_puts(m->plat->con, "Enter Activation Key\n");
	for (i = 0; i < MON_KEY_WORDS; i++) {
		snprintf(question, sizeof(question), "Part %d of %d: ", i + 1, MON_KEY_WORDS);
		if (mon_read_answer(m, question, answer))
			return -ECANCELED;
		n = snprintf(words + used, size - used, "%s%s", i ? " " : "", answer);
		if (n < 0 || (size_t)n >= size - used)
			return -E2BIG;
		used += (size_t)n;
	}
	return 0;
}

static void mon_install_progress(void *pctx, uint64_t done, uint64_t total)
{
	struct mon *m = pctx;

	(void)total;
	while (m->install_dots < done / MON_INSTALL_DOT_BYTES) {
		m->install_dots++;
		mon_puts(m->plat->con, ".");
	}
}

/* Stores a key typed by the user when the flash has none valid; returns 0 or an error (said). */
static int mon_install_key(struct mon *m, const struct mon_install_info *in)
{
	const struct mon_console *con = m->plat->con;
	const struct mon_flash *fl = m->plat->flash;
	char words[4 * MON_LINE_MAX];
	const char *msg = "";
	int err;

	mon_printf(con, "Serial Number: %u (0x%x)\n", in->serial, in->serial);
	err = mon_ask_key(m, words, sizeof(words));
	if (!err)
		err = fl->store_key(fl->ctx, words, &msg);
	else
		msg = "no activation key entered";
	if (err)
		mon_printf(con, "%s\n", msg);
	return err;
}

/**
 * mon_install() - Offers to install the image just downloaded into flash.
 * @m: the session (the platform has a flash)
 * @data: the download
 * @len: its length
 *
 * The platform's after_install, when it has one, ends every outcome instead of the question
 * "Boot the new image?" (the Boothelper's diskette interval).
 *
 * Return: 0 when installed (and not booted), or a negative code (the reason printed,
 * followed by "Image not installed").
 */
int mon_install(struct mon *m, const uint8_t *data, uint64_t len)
{
	const struct mon_platform *p = m->plat;
	const struct mon_console *con = p->con;
	const struct mon_flash *fl = p->flash;
	struct mon_install_info in;
	const char *msg = "";
	int err;

	fl->inspect(fl->ctx, data, len, &in);
	mon_printf(con, "\nPIX admin loader (3.0) #0: %s\nFlash=AT29C040A @ 0x%llx\n",
		   p->build_date ? p->build_date : "", (unsigned long long)fl->base);
	if (in.err) {
		mon_printf(con, "%s\nImage not installed\n", in.message);
		err = in.err;
		goto out;
	}
	mon_printf(con, "Flash version %s, Install version %s\n", in.flash_version, in.version);
	if (!mon_confirm(m, "Install to flash? [yn] ")) {
		err = -ECANCELED;
		goto err_not_installed;
	}
	if (in.key_err) {
		err = mon_install_key(m, &in);
		if (err)
			goto err_not_installed;
	}
	mon_puts(con, "Installing to flash");
	m->install_dots = 0;
	err = fl->install(fl->ctx, data, len, mon_install_progress, m, &msg);
	mon_puts(con, "\n");
	if (err) {
		mon_printf(con, "%s\n", msg);
		goto err_not_installed;
	}
	mon_puts(con, "Image installed\n");
	if (!p->after_install && mon_confirm(m, "Boot the new image? [yn] "))
		fl->boot(fl->ctx);
	goto out;

err_not_installed:
	mon_puts(con, "Image not installed\n");
out:
	if (p->after_install)
		p->after_install(m, &in, err);
	return err;
}
