/* The running image's session: start-up, prompt, modes, the input loop and questions. */
/*
 * Modes as on PIX 6.3: user (pixfirewall>), privileged (pixfirewall#, after `enable` and the
 * enable password when one is set), configuration (pixfirewall(config)#, `configure terminal`);
 * `exit`/`quit` go one mode back, `disable` to user mode, `end` from configuration to privileged.
 * Configuration mode also offers the privileged commands, as PIX does. A fourth mode, OS_MODE_FILE,
 * holds only the configuration commands; stored and fetched configurations run in it.
 *
 * `?` is answered as soon as it is typed (IOS style): the choices for what has been typed so far,
 * then the prompt and the line again. Every wait for the user polls the network so the unit keeps
 * answering ARP; the only waits without a timeout are those for the user, which Ctrl-C or BREAK
 * ends.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "lineedit.h"
#include "os.h"

#define OS_HINT "Type help or '?' for a list of available commands.\n"
#define OS_ENABLE_TRIES 3
#define OS_KEY_ESC 0x1b

/**
 * os_now() - The current time: the real-time clock read at start plus the time since.
 * @os: the session
 * @tm: receives the time (year 0 when the unit has no real-time clock)
 */
void os_now(const struct os *os, struct os_tm *tm)
{
	*tm = os->start_tm;
	if (tm->year)
		os_tm_add_ms(tm, os->plat->now_ms(os->plat->ctx) - os->start_ms);
}

/**
 * os_changed() - Records that the running configuration was changed, and when.
 * @os: the session
 */
void os_changed(struct os *os)
{
	os->modified = true;
	os_now(os, &os->modified_at);
}

/**
 * os_init() - Starts a session with PIX 6.3's default configuration, in user mode.
 * @os: the session
 * @plat: the platform; must outlive @os
 * @id: what the boot information says about the image, key and unit
 */
void os_init(struct os *os, const struct os_platform *plat, const struct os_identity *id)
{
	memset(os, 0, sizeof(*os));
	os->plat = plat;
	os->con = plat->con;
	os->id = *id;
	os->mode = OS_MODE_USER;
	os->net_iface = -1;
	os_config_defaults(&os->run, plat->nic_count);
	mon_line_init(&os->line);
	os->line.help_key = true;
	os->start_ms = plat->now_ms(plat->ctx);
	if (!plat->rtc || plat->rtc(plat->ctx, &os->start_tm))
		memset(&os->start_tm, 0, sizeof(os->start_tm));
}

/**
 * os_prompt() - Prints the prompt of the mode: "pixfirewall> ", "pixfirewall# ",
 * "pixfirewall(config)# ".
 * @os: the session
 */
void os_prompt(const struct os *os)
{
	static const char *const tails[] = { "> ", "# ", "(config)# ", "(config)# " };

	mon_printf(os->con, "%s%s", os->run.hostname, tails[os->mode]);
}

/**
 * os_boot() - What the image prints from its start to its first prompt: the version and the
 * running key's features (6.3's banner), the stored configuration applied, the hint, the prompt.
 * @os: the session
 */
void os_boot(struct os *os)
{
	const struct img_version *v = &os->id.version;

	mon_printf(os->con, "\nCisco PIX Firewall Version %u.%u(%u)\n", v->major, v->minor,
		   v->maint);
	if (os->id.key_valid) {
		os_print_features(os->con, &os->id.features, 29);
		mon_printf(os->con, "\n%s\n\n", os_license_kind(&os->id.features));
	} else {
		mon_puts(os->con, "This PIX has no valid activation key.\n\n");
	}
	os_config_load(os);
	os->modified = false;
	mon_puts(os->con, OS_HINT "\n");
	os_prompt(os);
}

/*
 * Which other mode takes the line further than the current one, which stopped at an unknown
 * word @stop: the mode to hint at ("use enable first"); -1 if none does.
 */
static int os_other_mode(const struct os *os, char **words, unsigned int count, unsigned int stop)
{
	static const unsigned int order[] = { OS_MODE_ENABLE, OS_MODE_CONFIG };
	struct cli_match m;
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i] == os->mode)
			continue;
		cli_match(&os_commands, order[i], words, count, &m);
		if (m.status != CLI_UNKNOWN || m.word > stop)
			return (int)order[i];
	}
	return -1;
}

/* Says why a line did not name a runnable command. */
static void os_report(const struct os *os, const struct cli_match *m, char **words,
		      unsigned int count)
{
	const struct mon_console *con = os->con;
	int other;

	switch (m->status) {
	case CLI_TOO_MANY:
	case CLI_TOO_FEW:
		mon_printf(con, "Usage: %s%s\n", m->no ? "no " : "", m->cmd->usage);
		return;
	case CLI_NO_FORM:
		mon_printf(con, "ERROR: %s'%s' has no such form\nUsage: %s\n", m->no ? "no " : "",
			   m->cmd->path, m->cmd->usage);
		return;
	case CLI_AMBIGUOUS:
		mon_printf(con, "ERROR: ambiguous command '%s'\n", words[m->word]);
		break;
	case CLI_INCOMPLETE:
		mon_puts(con, "ERROR: incomplete command\n");
		break;
	default:
		other = os_other_mode(os, words, count, m->word);
		if (os->mode == OS_MODE_FILE && other >= 0) {
			mon_puts(con, "ERROR: not a configuration command\n");
			return;
		}
		if (other == OS_MODE_ENABLE && os->mode == OS_MODE_USER) {
			mon_puts(con, "ERROR: a privileged command (use enable first)\n");
			return;
		}
		if (other == OS_MODE_CONFIG) {
			mon_puts(con, "ERROR: a configuration command (use configure terminal "
				      "first)\n");
			return;
		}
		if (os->mode == OS_MODE_FILE) { /* no one to read the hint: say what is wrong */
			mon_printf(con, "ERROR: '%s' is not a command this image knows\n",
				   words[m->word]);
			return;
		}
		if (m->word > 0)
			mon_printf(con, "ERROR: invalid input '%s'\n", words[m->word]);
	}
	if (os->mode != OS_MODE_FILE)
		mon_puts(con, OS_HINT);
}

/**
 * os_exec() - Runs one command line in the current mode.
 * @os: the session
 * @line: the line; split in place
 *
 * Return: 0 for a blank line or a command that succeeded, else a negative errno (said).
 */
int os_exec(struct os *os, char *line)
{
	char *words[CLI_WORDS_MAX];
	struct cli_match m;
	int n;

	n = cli_split(line, words, CLI_WORDS_MAX);
	if (n == 0)
		return 0;
	if (n < 0) {
		mon_printf(os->con, "ERROR: more than %d words\n", CLI_WORDS_MAX);
		return -E2BIG;
	}
	if (cli_match(&os_commands, os->mode, words, (unsigned int)n, &m)) {
		os_report(os, &m, words, (unsigned int)n);
		return -EINVAL;
	}
	os->no = m.no;
	if (os_fo_standby(os) &&
	    ((os->mode == OS_MODE_CONFIG && (m.cmd->modes & OS_F) &&
	      strncmp(m.cmd->path, "failover", 8)) ||
	     (!strncmp(m.cmd->path, "configure", 9) && strcmp(m.cmd->path, "configure "
									   "terminal")))) {
		mon_printf(os->con, "ERROR: this unit is the failover standby; configure the "
				    "active "
				    "unit (the configuration comes from it)\n");
		return -EPERM;
	}
	return cli_run(&os_commands, &m, os, words, (unsigned int)n);
}

static void os_run_line(struct os *os)
{
	char line[MON_LINE_MAX + 1];

	memcpy(line, os->line.buf, os->line.len + 1);
	mon_line_clear(&os->line);
	os_exec(os, line);
}

/**
 * os_feed() - Hands one input value to the session.
 * @os: the session
 * @c: a byte 0..255, MON_CON_BREAK, or MON_CON_NONE (ignored)
 */
void os_feed(struct os *os, int c)
{
	switch (mon_line_feed(&os->line, c, os->con)) {
	case MON_LINE_BUSY:
		return;
	case MON_LINE_HELP:
		cli_help(&os_commands, os->mode, os->line.buf, os->con);
		os_prompt(os);
		mon_line_redraw(&os->line, os->con);
		return;
	case MON_LINE_READY:
		os_run_line(os);
		break;
	case MON_LINE_OVERLONG:
		mon_printf(os->con, "ERROR: line too long (max %d characters); ignored\n",
			   MON_LINE_MAX);
		break;
	case MON_LINE_CANCELLED:
		break;
	}
	if (!os->quit)
		os_prompt(os);
}

/* Keeps the network and failover running while the session waits for the user. */
static void os_idle(struct os *os, bool at_prompt)
{
	if (os->net_up)
		os->plat->net->poll(os->plat->net->ctx);
	os_fo_poll(os, at_prompt);
}

/**
 * os_run() - Reads the console and runs commands until os->quit is set (never, on the firmware:
 * reload resets the machine).
 * @os: the session, after os_boot()
 */
void os_run(struct os *os)
{
	const struct mon_console *con = os->plat->con;
	int c;

	while (!os->quit) {
		c = con->getc(con->ctx);
		if (c != MON_CON_NONE)
			os_feed(os, c);
		else
			os_idle(os, true);
	}
}

/**
 * os_ask() - Asks a question and reads the answer line.
 * @os: the session
 * @question: printed first, as it is
 * @answer: receives the line (MON_LINE_MAX + 1 bytes)
 * @mask: echo '*' for each character (a password)
 *
 * Return: 0, or -ECANCELED on Ctrl-C, BREAK or an overlong line.
 */
int os_ask(struct os *os, const char *question, char *answer, bool mask)
{
	const struct mon_console *con = os->plat->con;
	struct mon_line line;
	int c;

	mon_line_init(&line);
	line.mask = mask ? '*' : 0;
	mon_puts(con, question);
	for (;;) {
		c = con->getc(con->ctx);
		if (c == MON_CON_NONE) {
			os_idle(os, false);
			continue;
		}
		switch (mon_line_feed(&line, c, con)) {
		case MON_LINE_BUSY:
			continue;
		case MON_LINE_READY:
			memcpy(answer, line.buf, line.len + 1);
			return 0;
		default:
			return -ECANCELED;
		}
	}
}

/**
 * os_confirm() - Asks a "[confirm]" question: Enter or an answer starting with y confirms.
 * @os: the session
 * @question: printed first
 *
 * Return: true when confirmed.
 */
bool os_confirm(struct os *os, const char *question)
{
	char answer[MON_LINE_MAX + 1];
	const char *a = answer;

	if (os_ask(os, question, answer, false))
		return false;
	while (*a == ' ')
		a++;
	return *a == '\0' || *a == 'y' || *a == 'Y';
}

/**
 * os_stop_requested() - True when the user pressed Esc or sent a BREAK (other keys are dropped).
 * @os: the session
 *
 * Return: true to stop the command in course.
 */
bool os_stop_requested(struct os *os)
{
	const struct mon_console *con = os->plat->con;
	int c = con->getc(con->ctx);

	os_fo_poll(os, false); /* failover keeps talking while a transfer runs */
	return c == OS_KEY_ESC || c == MON_CON_BREAK;
}

/**
 * os_cmd_help() - "help [command]" (and "?" typed as a command): what the mode offers, or the
 * usage of the named command.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_help(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	char line[MON_LINE_MAX + 1];
	size_t used = 0;
	int i;

	line[0] = '\0';
	for (i = 1; i < argc; i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s ", argv[i]);
	cli_help(&os_commands, os->mode, line, os->con);
	return 0;
}

/**
 * os_cmd_enable() - "enable": privileged mode, after the enable password when one is set (three
 * tries).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or -EACCES when the password was wrong three times.
 */
int os_cmd_enable(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	char answer[MON_LINE_MAX + 1], hash[OS_PW_HASH_LEN + 1], none[OS_PW_HASH_LEN + 1];
	int i;

	(void)argc;
	(void)argv;
	os_pw_hash("", none);
	for (i = 0; strcmp(os->run.enable_pw, none) && i < OS_ENABLE_TRIES; i++) {
		if (os_ask(os, "Password: ", answer, true))
			return -ECANCELED;
		os_pw_hash(answer, hash);
		if (!strcmp(hash, os->run.enable_pw))
			break;
		mon_puts(os->con, "Invalid password\n");
	}
	if (i == OS_ENABLE_TRIES)
		return -EACCES;
	if (os->mode == OS_MODE_USER)
		os->mode = OS_MODE_ENABLE;
	return 0;
}

/**
 * os_cmd_disable() - "disable": back to user mode.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_disable(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	os->mode = OS_MODE_USER;
	return 0;
}

/**
 * os_cmd_exit() - "exit" / "quit": one mode back; in user mode, "Logoff" (the console stays).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_exit(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	if (os->mode == OS_MODE_CONFIG)
		os->mode = OS_MODE_ENABLE;
	else if (os->mode == OS_MODE_ENABLE)
		os->mode = OS_MODE_USER;
	else
		mon_puts(os->con, "\nLogoff\n\n" OS_HINT);
	return 0;
}

/**
 * os_cmd_end() - "end": from configuration back to privileged mode.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_end(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	os->mode = OS_MODE_ENABLE;
	return 0;
}

/**
 * os_cmd_conf_t() - "configure terminal": configuration mode.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_conf_t(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	os->mode = OS_MODE_CONFIG;
	return 0;
}

/**
 * os_cmd_reload() - "reload": "Proceed with reload? [confirm]", then the reset.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or -ECANCELED when not confirmed.
 */
int os_cmd_reload(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	if (!os_confirm(os, "Proceed with reload? [confirm] ")) {
		mon_puts(os->con, "Reload cancelled.\n");
		return -ECANCELED;
	}
	mon_puts(os->con, "\n\nRebooting...\n");
	os->plat->reload(os->plat->ctx);
	os->quit = true; /* only a host fake returns */
	return 0;
}
