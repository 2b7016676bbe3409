/* Line editor: a state machine from console input values to command lines, echoing as it goes. */
/*
 * Each input value is a byte 0..255 or MON_CON_BREAK. Printable bytes (0x20..0x7E) are stored and
 * echoed; BS/DEL erase one character, Ctrl-U the whole line; Ctrl-C or BREAK discard the line;
 * CR or LF end it (an LF right after a CR is ignored, so CRLF terminals work). Other control
 * bytes and bytes 0x80..0xFF are ignored.
 *
 * Escape sequences are swallowed so that arrow keys insert nothing:
 *   ESC_NONE  --ESC-->  ESC_START  --'[' or 'O'-->  ESC_SEQ  --final 0x40..0x7E-->  ESC_NONE
 * In ESC_SEQ, parameter and intermediate bytes (0x20..0x3F) are swallowed too. Any other value
 * (a control byte, BREAK, DEL, a byte >= 0x80, or after ESC a byte that is not '[' or 'O') ends
 * the sequence and is then handled as ordinary input, so Enter or Ctrl-C always take effect.
 *
 * With help_key set (the running image's IOS-style line), '?' is not stored: it is echoed with a
 * newline and MON_LINE_HELP returned, so the caller can list what may come next and redraw the
 * line; Ctrl-V before it stores a '?' (as IOS: a URL's query can be typed). Ctrl-V followed by any
 * other value is that value alone. With mask set (a password), each stored character is echoed as the mask.
 *
 * A printable byte that does not fit in MON_LINE_MAX characters is refused with a BEL and marks
 * the line overlong: Enter then discards the line instead of running a truncated command. The
 * mark lasts until the line is ended, cancelled or erased whole with Ctrl-U.
 */
#include <string.h>

#include "lineedit.h"

#define CH_CTRL_C 0x03
#define CH_BEL 0x07
#define CH_BS 0x08
#define CH_LF 0x0a
#define CH_CR 0x0d
#define CH_CTRL_U 0x15
#define CH_CTRL_V 0x16 /* quote: the next printable byte is stored, even '?' */
#define CH_ESC 0x1b
#define CH_DEL 0x7f
#define CH_PRINT_FIRST 0x20 /* printable ASCII range */
#define CH_PRINT_LAST 0x7e
#define CH_ESC_PARAM_FIRST 0x20 /* parameter and intermediate bytes of a sequence */
#define CH_ESC_PARAM_LAST 0x3f
#define CH_ESC_FINAL_FIRST 0x40 /* final byte of a sequence */
#define CH_ESC_FINAL_LAST 0x7e

static void echo(const struct mon_console *con, const char *s, size_t len)
{
	con->write(con->ctx, s, len);
}

/*
 * Advances the escape-sequence state with @c; returns true when @c belonged to a sequence and
 * must not be handled as ordinary input.
 */
static bool esc_swallow(struct mon_line *l, int c)
{
	switch (l->esc) {
	case MON_LINE_ESC_START:
		if (c == '[' || c == 'O') {
			l->esc = MON_LINE_ESC_SEQ;
			return true;
		}
		break;
	case MON_LINE_ESC_SEQ:
		if (c >= CH_ESC_PARAM_FIRST && c <= CH_ESC_PARAM_LAST)
			return true;
		if (c >= CH_ESC_FINAL_FIRST && c <= CH_ESC_FINAL_LAST) {
			l->esc = MON_LINE_ESC_NONE;
			return true;
		}
		break;
	case MON_LINE_ESC_NONE:
		return false;
	}
	l->esc = MON_LINE_ESC_NONE;
	return false;
}

/* Erases up to @count characters from the end of the line, each echoed as "\b \b". */
static void erase(struct mon_line *l, unsigned int count, const struct mon_console *con)
{
	while (count-- > 0 && l->len > 0) {
		l->buf[--l->len] = '\0';
		echo(con, "\b \b", 3);
	}
}

/* Stores and echoes one printable character, or refuses it with a BEL when the line is full. */
static void insert(struct mon_line *l, char c, const struct mon_console *con)
{
	if (l->len >= MON_LINE_MAX) {
		l->overlong = true;
		echo(con, "\a", 1);
		return;
	}
	l->buf[l->len++] = c;
	l->buf[l->len] = '\0';
	echo(con, l->mask ? &l->mask : &c, 1);
}

/* Ends the line on CR or LF. */
static enum mon_line_event enter(struct mon_line *l, const struct mon_console *con)
{
	echo(con, "\n", 1);
	if (l->overlong) {
		mon_line_clear(l);
		return MON_LINE_OVERLONG;
	}
	return MON_LINE_READY;
}

/* Discards the line on Ctrl-C or BREAK. */
static enum mon_line_event cancel(struct mon_line *l, const struct mon_console *con)
{
	echo(con, "^C\n", 3);
	mon_line_clear(l);
	return MON_LINE_CANCELLED;
}

/**
 * mon_line_init() - Prepares an empty line editor.
 * @l: the editor
 */
void mon_line_init(struct mon_line *l)
{
	memset(l, 0, sizeof(*l));
}

/**
 * mon_line_redraw() - Echoes the line typed so far again (after help output, a new prompt).
 * @l: the editor
 * @con: where the echo goes
 */
void mon_line_redraw(const struct mon_line *l, const struct mon_console *con)
{
	unsigned int i;

	if (!l->mask) {
		echo(con, l->buf, l->len);
		return;
	}
	for (i = 0; i < l->len; i++)
		echo(con, &l->mask, 1);
}

/**
 * mon_line_clear() - Empties the line after the caller has used it (after MON_LINE_READY).
 * @l: the editor
 *
 * Leaves the CR memory alone, so the LF of a CRLF that follows is still ignored.
 */
void mon_line_clear(struct mon_line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
	l->esc = MON_LINE_ESC_NONE;
	l->overlong = false;
	l->quote = false;
}

/**
 * mon_line_feed() - Feeds one input value to the line editor.
 * @l: the editor
 * @c: a byte 0..255, MON_CON_BREAK, or MON_CON_NONE (ignored)
 * @con: where the echo goes
 *
 * Return: MON_LINE_READY when the line in @l->buf is complete (call mon_line_clear() once it has
 * been used), MON_LINE_CANCELLED or MON_LINE_OVERLONG when a line was ended and discarded,
 * MON_LINE_BUSY otherwise.
 */
enum mon_line_event mon_line_feed(struct mon_line *l, int c, const struct mon_console *con)
{
	bool after_cr = l->after_cr, quoted = l->quote;

	if (c == MON_CON_NONE)
		return MON_LINE_BUSY;
	l->after_cr = false;
	l->quote = false;
	if (quoted && c >= CH_PRINT_FIRST && c <= CH_PRINT_LAST) {
		insert(l, (char)c, con);
		return MON_LINE_BUSY;
	}
	if (esc_swallow(l, c))
		return MON_LINE_BUSY;

	switch (c) {
	case MON_CON_BREAK:
	case CH_CTRL_C:
		return cancel(l, con);
	case CH_LF:
		if (after_cr)
			return MON_LINE_BUSY;
		return enter(l, con);
	case CH_CR:
		l->after_cr = true;
		return enter(l, con);
	case CH_BS:
	case CH_DEL:
		erase(l, 1, con);
		return MON_LINE_BUSY;
	case CH_CTRL_U:
		erase(l, l->len, con);
		l->overlong = false;
		return MON_LINE_BUSY;
	case CH_ESC:
		l->esc = MON_LINE_ESC_START;
		return MON_LINE_BUSY;
	case CH_CTRL_V:
		l->quote = true;
		return MON_LINE_BUSY;
	}
	if (c == '?' && l->help_key) {
		echo(con, "?\n", 2);
		return MON_LINE_HELP;
	}
	if (c >= CH_PRINT_FIRST && c <= CH_PRINT_LAST)
		insert(l, (char)c, con);
	return MON_LINE_BUSY;
}
