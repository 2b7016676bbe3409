/* Command-line engine: keyword paths matched by unique abbreviation, `?` help, argument counts. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define CLI_NO_KEYWORD "no"
#define CLI_NO_HELP "negate a command or set its defaults"

static bool cli_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Keyword @level of @path and its length in *@len, or NULL when the path is shorter. */
static const char *cli_path_kw(const char *path, unsigned int level, size_t *len)
{
	const char *p = path;
	size_t n;

	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return NULL;
		for (n = 0; p[n] && p[n] != ' '; n++)
			;
		if (level-- == 0) {
			*len = n;
			return p;
		}
		p += n;
	}
}

/**
 * cli_path_len() - How many keywords a command path has.
 * @path: keywords one blank apart
 *
 * Return: the count ("show version": 2).
 */
unsigned int cli_path_len(const char *path)
{
	unsigned int level = 0;
	size_t len;

	while (cli_path_kw(path, level, &len))
		level++;
	return level;
}

static char cli_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* True when @word (NUL-terminated, non-empty) starts the @len bytes at @kw, ignoring case. */
static bool cli_prefix_of(const char *word, const char *kw, size_t len)
{
	size_t i;

	if (!word[0])
		return false;
	for (i = 0; word[i]; i++)
		if (i == len || cli_lower(word[i]) != kw[i])
			return false;
	return true;
}

static bool cli_same_kw(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && !memcmp(a, b, alen);
}

/**
 * cli_word_is() - Tells whether a word is exactly a keyword, ignoring case.
 * @word: what was typed
 * @keyword: the keyword, lower case
 *
 * Return: true when they are equal.
 */
bool cli_word_is(const char *word, const char *keyword)
{
	size_t len = strlen(keyword);

	return strlen(word) == len && cli_prefix_of(word, keyword, len);
}

/**
 * cli_keyword() - Matches a word against a list of keywords (an argument such as "auto" or
 * "image") with the same rules as command keywords: whole keyword, or unique prefix.
 * @word: what was typed
 * @keywords: the keywords, lower case
 * @count: how many there are
 *
 * Return: the index of the keyword, -ENOENT when none matches, -EINVAL when the word starts
 * several of them.
 */
int cli_keyword(const char *word, const char *const *keywords, unsigned int count)
{
	int found = -ENOENT;
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (cli_word_is(word, keywords[i]))
			return (int)i;
		if (cli_prefix_of(word, keywords[i], strlen(keywords[i])))
			found = found == -ENOENT ? (int)i : -EINVAL;
	}
	return found;
}

/**
 * cli_split() - Splits a line in place into words separated by blanks.
 * @line: the line; the blank after each word becomes '\0'
 * @words: receives the words
 * @max: capacity of @words
 *
 * Return: the number of words, or -E2BIG when there are more than @max.
 */
int cli_split(char *line, char **words, unsigned int max)
{
	return mon_split_words(line, words, max);
}

static bool cli_offered(const struct cli_cmd *c, unsigned int mode)
{
	return (c->modes >> mode) & 1u;
}

/* True when a command offered in @mode has a no form: "no" then starts a line. */
static bool cli_has_no(const struct cli_table *t, unsigned int mode)
{
	unsigned int i;

	for (i = 0; i < t->count; i++)
		if (cli_offered(&t->cmds[i], mode) &&
		    (t->cmds[i].flags & (CLI_F_NO | CLI_F_NO_ONLY)))
			return true;
	return false;
}

/* The runnable candidate whose path ends at @level, or NULL. */
static const struct cli_cmd *cli_complete(const struct cli_table *t, const bool *cand,
					  unsigned int level)
{
	unsigned int i;

	for (i = 0; i < t->count; i++)
		if (cand[i] && t->cmds[i].run && cli_path_len(t->cmds[i].path) == level)
			return &t->cmds[i];
	return NULL;
}

/*
 * Finds the keyword at @level that @word names among the candidates: 1 with *@kw and *@len set,
 * 0 when none, -EINVAL when it starts several distinct keywords.
 */
static int cli_pick(const struct cli_table *t, const bool *cand, unsigned int level,
		    const char *word, const char **kw, size_t *len)
{
	const char *k, *found = NULL;
	size_t klen, flen = 0;
	bool several = false;
	unsigned int i;

	for (i = 0; i < t->count; i++) {
		if (!cand[i] || !(k = cli_path_kw(t->cmds[i].path, level, &klen)))
			continue;
		if (strlen(word) == klen && cli_prefix_of(word, k, klen)) {
			*kw = k;
			*len = klen;
			return 1;
		}
		if (!cli_prefix_of(word, k, klen))
			continue;
		if (found && !cli_same_kw(found, flen, k, klen))
			several = true;
		found = k;
		flen = klen;
	}
	if (several)
		return -EINVAL;
	if (!found)
		return 0;
	*kw = found;
	*len = flen;
	return 1;
}

/* Keeps the candidates whose keyword at @level is @kw. */
static void cli_narrow(const struct cli_table *t, bool *cand, unsigned int level, const char *kw,
		       size_t len)
{
	const char *k;
	size_t klen;
	unsigned int i;

	for (i = 0; i < t->count; i++) {
		if (!cand[i])
			continue;
		k = cli_path_kw(t->cmds[i].path, level, &klen);
		cand[i] = k && cli_same_kw(k, klen, kw, len);
	}
}

/* Settles a found command: its "no" form and its argument count. */
static int cli_found(struct cli_match *m, const struct cli_cmd *c, unsigned int first,
		     unsigned int count)
{
	unsigned int args = count - first - 1;

	m->cmd = c;
	m->first = first;
	if ((m->no && !(c->flags & (CLI_F_NO | CLI_F_NO_ONLY))) ||
	    (!m->no && (c->flags & CLI_F_NO_ONLY)))
		m->status = CLI_NO_FORM;
	else if (args > c->max_args)
		m->status = CLI_TOO_MANY;
	else if (!m->no && args < c->min_args)
		m->status = CLI_TOO_FEW;
	else
		m->status = CLI_OK;
	return m->status == CLI_OK ? 0 : -EINVAL;
}

/* Candidates: the entries offered in @mode. */
static int cli_candidates(const struct cli_table *t, unsigned int mode, bool *cand)
{
	unsigned int i;

	if (t->count > CLI_TABLE_MAX)
		return -E2BIG;
	for (i = 0; i < t->count; i++)
		cand[i] = cli_offered(&t->cmds[i], mode);
	return 0;
}

/**
 * cli_match() - Finds the command a line's words name in a mode.
 * @t: the table
 * @mode: the mode (a bit number of cli_cmd.modes)
 * @words: the line's words (cli_split())
 * @count: how many there are
 * @m: what was found (always written)
 *
 * Return: 0 when @m->status is CLI_OK, else a negative errno (@m->status says why).
 */
int cli_match(const struct cli_table *t, unsigned int mode, char **words, unsigned int count,
	      struct cli_match *m)
{
	bool cand[CLI_TABLE_MAX];
	const struct cli_cmd *done;
	unsigned int level, start = 0, w;
	const char *kw;
	size_t len;
	int r;

	memset(m, 0, sizeof(*m));
	m->status = CLI_EMPTY;
	if (count == 0 || cli_candidates(t, mode, cand))
		return -ENOENT;
	if (cli_word_is(words[0], CLI_NO_KEYWORD) && cli_has_no(t, mode)) {
		m->no = true;
		start = 1;
	}
	for (level = 0;; level++) {
		w = start + level;
		done = level ? cli_complete(t, cand, level) : NULL;
		if (w == count) {
			if (done)
				return cli_found(m, done, w - 1, count);
			m->status = CLI_INCOMPLETE;
			m->word = w;
			return -EINVAL;
		}
		r = cli_pick(t, cand, level, words[w], &kw, &len);
		if (r == 0 && done)
			return cli_found(m, done, w - 1, count);
		if (r <= 0) {
			m->status = r ? CLI_AMBIGUOUS : CLI_UNKNOWN;
			m->word = w;
			return r ? r : -ENOENT;
		}
		cli_narrow(t, cand, level, kw, len);
	}
}

/**
 * cli_run() - Runs the command cli_match() found (status CLI_OK).
 * @t: the table (unused: the match holds the command)
 * @m: the match
 * @ctx: handed to the handler
 * @words: the words given to cli_match()
 * @count: how many
 *
 * Return: the handler's result, or -EINVAL when @m is not a runnable match.
 */
int cli_run(const struct cli_table *t, const struct cli_match *m, void *ctx, char **words,
	    unsigned int count)
{
	(void)t;
	if (m->status != CLI_OK || !m->cmd->run || m->first >= count)
		return -EINVAL;
	return m->cmd->run(ctx, (int)(count - m->first), words + m->first);
}

/* The help text of keyword @kw at @level: a candidate whose path ends with it, else any. */
static const char *cli_kw_help(const struct cli_table *t, const bool *cand, unsigned int level,
			       const char *kw, size_t len)
{
	const char *k, *help = "";
	size_t klen;
	unsigned int i;

	for (i = 0; i < t->count; i++) {
		if (!cand[i] || !(k = cli_path_kw(t->cmds[i].path, level, &klen)) ||
		    !cli_same_kw(k, klen, kw, len))
			continue;
		if (cli_path_len(t->cmds[i].path) == level + 1)
			return t->cmds[i].help;
		if (!help[0])
			help = t->cmds[i].help;
	}
	return help;
}

/* Prints one keyword of a listing: "  keyword             help". */
static void cli_help_line(const struct mon_console *con, const char *kw, size_t len,
			  const char *help)
{
	char name[CLI_HELP_COLUMN + 1];

	if (len > CLI_HELP_COLUMN - 3)
		len = CLI_HELP_COLUMN - 3;
	memcpy(name, kw, len);
	name[len] = '\0';
	mon_printf(con, "  %-20s%s\n", name, help);
}

/* True when keyword @i at @level was listed by an earlier candidate (each keyword once). */
static bool cli_listed(const struct cli_table *t, const bool *cand, unsigned int level,
		       unsigned int i, const char *kw, size_t len)
{
	const char *k;
	size_t klen;
	unsigned int j;

	for (j = 0; j < i; j++)
		if (cand[j] && !(t->cmds[j].flags & CLI_F_HIDDEN) &&
		    (k = cli_path_kw(t->cmds[j].path, level, &klen)) &&
		    cli_same_kw(k, klen, kw, len))
			return true;
	return false;
}

/* Lists the keywords at @level among the candidates that start with @prefix; returns how many. */
static unsigned int cli_list_level(const struct cli_table *t, const bool *cand, unsigned int level,
				   const char *prefix, const struct mon_console *con)
{
	unsigned int i, n = 0;
	const char *k;
	size_t klen;

	for (i = 0; i < t->count; i++) {
		if (!cand[i] || (t->cmds[i].flags & CLI_F_HIDDEN) ||
		    !(k = cli_path_kw(t->cmds[i].path, level, &klen)))
			continue;
		if (prefix[0] && !cli_prefix_of(prefix, k, klen))
			continue;
		if (cli_listed(t, cand, level, i, k, klen))
			continue;
		cli_help_line(con, k, klen, cli_kw_help(t, cand, level, k, klen));
		n++;
	}
	return n;
}

/*
 * Walks the complete words of a line being helped: the candidates left after them, in @cand,
 * and the level reached; a command whose path they finish goes to *@done. Returns 0, or
 * -ENOENT/-EINVAL when a word is unknown or ambiguous.
 */
static int cli_help_walk(const struct cli_table *t, bool *cand, char **words, unsigned int count,
			 unsigned int start, unsigned int *level, const struct cli_cmd **done)
{
	const char *kw;
	size_t len;
	int r;

	*done = NULL;
	for (*level = 0; start + *level < count; (*level)++) {
		r = cli_pick(t, cand, *level, words[start + *level], &kw, &len);
		if (r == 0 && *level && (*done = cli_complete(t, cand, *level)))
			return 0; /* in the arguments of *done */
		if (r <= 0)
			return r ? r : -ENOENT;
		cli_narrow(t, cand, *level, kw, len);
	}
	if (*level)
		*done = cli_complete(t, cand, *level);
	return 0;
}

/*
 * Keeps the candidates that may come next: after "no", the commands with a no form; without it,
 * those that do not exist only as one. A group stays when a command it leads to stays.
 */
static void cli_help_no_filter(const struct cli_table *t, bool *cand, bool no)
{
	const struct cli_cmd *c;
	unsigned int i, j;
	size_t len;

	for (i = 0; i < t->count; i++) {
		c = &t->cmds[i];
		if (cand[i] && c->run)
			cand[i] = no ? (c->flags & (CLI_F_NO | CLI_F_NO_ONLY)) != 0 :
				       !(c->flags & CLI_F_NO_ONLY);
	}
	for (i = 0; i < t->count; i++) {
		if (!cand[i] || t->cmds[i].run)
			continue;
		len = strlen(t->cmds[i].path);
		cand[i] = false;
		for (j = 0; j < t->count && !cand[i]; j++)
			cand[i] = cand[j] && t->cmds[j].run &&
				  !strncmp(t->cmds[j].path, t->cmds[i].path, len) &&
				  t->cmds[j].path[len] == ' ';
	}
}

/**
 * cli_help() - Answers `?` typed at the end of a line, as IOS does: after a blank, the keywords
 * that may come next (or the usage of the command the line names); right after a word, the
 * keywords that word starts. After "no", only commands with a no form may come next.
 * @t: the table
 * @mode: the mode
 * @line: what has been typed before the `?`
 * @con: where the listing goes
 */
void cli_help(const struct cli_table *t, unsigned int mode, const char *line,
	      const struct mon_console *con)
{
	char buf[MON_LINE_MAX + 1], *words[CLI_WORDS_MAX];
	bool cand[CLI_TABLE_MAX], partial;
	const struct cli_cmd *done;
	unsigned int level, start = 0, complete;
	const char *prefix = "";
	size_t len = strlen(line);
	int n;

	if (len > MON_LINE_MAX || cli_candidates(t, mode, cand))
		return;
	memcpy(buf, line, len + 1);
	partial = len && !cli_blank(line[len - 1]);
	n = cli_split(buf, words, CLI_WORDS_MAX);
	if (n < 0) {
		mon_puts(con, "% Too many words\n");
		return;
	}
	complete = partial ? (unsigned int)n - 1 : (unsigned int)n;
	if (partial)
		prefix = words[n - 1];
	if (complete && cli_word_is(words[0], CLI_NO_KEYWORD) && cli_has_no(t, mode))
		start = 1;
	cli_help_no_filter(t, cand, start);
	if (cli_help_walk(t, cand, words, complete, start, &level, &done)) {
		mon_puts(con, "% Unrecognized command\n");
		return;
	}
	if (done && complete > start + level) { /* among its arguments */
		mon_printf(con, "Usage: %s%s\n", start ? "no " : "", done->usage);
		return;
	}
	n = (int)cli_list_level(t, cand, level, prefix, con);
	if (level == 0 && !start && cli_has_no(t, mode) &&
	    (!prefix[0] || cli_prefix_of(prefix, CLI_NO_KEYWORD, strlen(CLI_NO_KEYWORD)))) {
		cli_help_line(con, CLI_NO_KEYWORD, strlen(CLI_NO_KEYWORD), CLI_NO_HELP);
		n++;
	}
	if (done && (!partial || n == 0))
		mon_printf(con, "Usage: %s%s\n", start ? "no " : "", done->usage);
	else if (n == 0)
		mon_puts(con, "% Unrecognized command\n");
}
