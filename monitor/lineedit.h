/* Line editor: turns console input values into command lines, with echo. */
#ifndef MON_LINEEDIT_H
#define MON_LINEEDIT_H

#include "mon.h"

/* What one input value did to the line. */
enum mon_line_event {
	MON_LINE_BUSY, /* still typing */
	MON_LINE_READY, /* Enter: buf holds the line until mon_line_clear() */
	MON_LINE_CANCELLED, /* Ctrl-C or BREAK: the line was discarded */
	MON_LINE_OVERLONG, /* Enter on a line that overflowed: discarded */
	MON_LINE_HELP, /* '?' with help_key set: echoed with a newline, the line kept as it is */
};

void mon_line_init(struct mon_line *l);
void mon_line_clear(struct mon_line *l);
void mon_line_redraw(const struct mon_line *l, const struct mon_console *con);
enum mon_line_event mon_line_feed(struct mon_line *l, int c, const struct mon_console *con);

#endif /* MON_LINEEDIT_H */
