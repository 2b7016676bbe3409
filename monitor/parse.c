/* Argument parsing for the monitor: IPv4 addresses, decimal numbers, words of a command line. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define IPV4_PARTS 4
#define IPV4_PART_DIGITS_MAX 3
#define IPV4_PART_MAX 255u

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/*
 * Parses one dotted part at *@s: 1..3 digits, no leading zero unless the part is "0", at most
 * 255. Advances *@s past it. Returns 0 or -EINVAL.
 */
static int parse_ipv4_part(const char **s, unsigned int *part)
{
	const char *p = *s;
	unsigned int v = 0;
	unsigned int n = 0;

	while (is_digit(p[n])) {
		if (n == IPV4_PART_DIGITS_MAX)
			return -EINVAL;
		v = v * 10 + (unsigned int)(p[n] - '0');
		n++;
	}
	if (n == 0 || (n > 1 && p[0] == '0') || v > IPV4_PART_MAX)
		return -EINVAL;
	*s = p + n;
	*part = v;
	return 0;
}

/**
 * mon_parse_ipv4() - Parses a dotted-quad IPv4 address.
 * @s: exactly four decimal parts 0..255 separated by '.', with 1..3 digits each, no leading
 *     zeros (except "0" itself), no sign, no blanks and nothing after
 * @out: the address in host order; written only on success
 *
 * Return: 0, or -EINVAL when @s is malformed.
 */
int mon_parse_ipv4(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	unsigned int part;
	int i;

	for (i = 0; i < IPV4_PARTS; i++) {
		if (i > 0 && *s++ != '.')
			return -EINVAL;
		if (parse_ipv4_part(&s, &part))
			return -EINVAL;
		a = (a << 8) | part;
	}
	if (*s != '\0')
		return -EINVAL;
	*out = a;
	return 0;
}

/**
 * mon_ipv4_is_unicast() - Tells whether an address can name a single host.
 * @a: the address in host order
 *
 * Return: false for 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback), 224.0.0.0/4
 * (multicast) and 240.0.0.0/4 (reserved, including 255.255.255.255); true otherwise.
 */
bool mon_ipv4_is_unicast(uint32_t a)
{
	uint32_t first = a >> 24;

	return first != 0 && first != 127 && first < 224;
}

/**
 * mon_parse_uint() - Parses a non-negative decimal number.
 * @s: one or more decimal digits and nothing else (no sign, no blanks)
 * @max: the largest value accepted
 * @out: the value; written only on success
 *
 * Return: 0, -EINVAL when @s is not a decimal number, -ERANGE when it is larger than @max.
 */
int mon_parse_uint(const char *s, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;
	bool too_big = false;
	unsigned int digit;

	if (*s == '\0')
		return -EINVAL;
	for (; *s != '\0'; s++) {
		if (!is_digit(*s))
			return -EINVAL;
		digit = (unsigned int)(*s - '0');
		if (too_big || digit > max || v > (max - digit) / 10)
			too_big = true;
		else
			v = v * 10 + digit;
	}
	if (too_big)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * mon_format_ipv4() - Writes an address in dotted-quad form.
 * @a: the address in host order
 * @buf: receives the text, NUL terminated ("255.255.255.255" fills it)
 */
void mon_format_ipv4(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", (unsigned int)(a >> 24) & 0xff,
		 (unsigned int)(a >> 16) & 0xff, (unsigned int)(a >> 8) & 0xff,
		 (unsigned int)a & 0xff);
}

/**
 * mon_split_words() - Splits a command line in place into words separated by spaces or tabs.
 * @line: the line; blanks after each word are overwritten with '\0'
 * @argv: receives pointers to the first @max words
 * @max: the capacity of @argv
 *
 * Return: the number of words (0 for an empty or all-blank line), or -E2BIG when there are more
 * than @max (argv then holds the first @max).
 */
int mon_split_words(char *line, char **argv, unsigned int max)
{
	unsigned int argc = 0;

	for (;;) {
		while (is_blank(*line))
			line++;
		if (*line == '\0')
			return (int)argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = line;
		while (*line != '\0' && !is_blank(*line))
			line++;
		if (*line != '\0')
			*line++ = '\0';
	}
}

/**
 * mon_streq_nocase() - Compares two strings, ignoring ASCII case.
 * @a: one string
 * @b: the other
 *
 * Return: true when they are equal.
 */
bool mon_streq_nocase(const char *a, const char *b)
{
	return mon_prefix_nocase(a, b) && strlen(a) == strlen(b);
}

/**
 * mon_prefix_nocase() - Tells whether one string starts another, ignoring ASCII case.
 * @prefix: the possible start (the empty string starts every string)
 * @s: the string
 *
 * Return: true when @s begins with @prefix.
 */
bool mon_prefix_nocase(const char *prefix, const char *s)
{
	for (; *prefix != '\0'; prefix++, s++) {
		if (to_lower(*prefix) != to_lower(*s))
			return false;
	}
	return true;
}

/**
 * mon_ipv4_classful_mask() - The class A, B or C mask of an address: the PIX monitor has no
 * netmask setting, so the local subnet is the address's class.
 * @a: the address, host order
 *
 * Return: 255.0.0.0, 255.255.0.0 or 255.255.255.0.
 */
uint32_t mon_ipv4_classful_mask(uint32_t a)
{
	if (!(a & 0x80000000u))
		return 0xff000000u;
	if ((a & 0xc0000000u) == 0x80000000u)
		return 0xffff0000u;
	return 0xffffff00u;
}
