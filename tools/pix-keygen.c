/* pix-keygen: mints activation keys for a serial number (the vendor's side), or checks one. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "license/lic.h"

/* Exit codes: key printed or valid, key not valid (--check), bad command line. */
#define EXIT_KEY_INVALID 1
#define EXIT_USAGE 2

#define KEYGEN_IFACES_MAX 255u
#define KEYGEN_LIMIT_MAX 65535u
#define KEYGEN_DEFAULT_IFACES 6

static const char usage_text[] =
	"usage: pix-keygen --serial N [--features LIST] [--interfaces N] [--peers N]\n"
	"                  [--throughput MBPS]\n"
	"       pix-keygen --check \"W0 W1 W2 W3\" --serial N\n"
	"\n"
	"Mints the activation key that licenses LIST to the unit with serial number N, under the\n"
	"development vendor key \"PIX-DEV-LICENSE-\", and prints it as 0x... 0x... 0x... 0x...\n"
	"With --check, tells whether a key is valid for serial N and prints what it licenses.\n"
	"\n"
	"  --serial N         serial number, decimal or 0x hex, 32 bits (required)\n"
	"  --features LIST    comma-separated: failover,vpn-des,vpn-3des,cut-through,guards,\n"
	"                     websense (default none; \"\" or \"none\" for none)\n"
	"  --interfaces N     maximum interfaces, 0..255 (default 6)\n"
	"  --peers N          ISAKMP peers, 0..65535, 0 = Unlimited (default 0)\n"
	"  --throughput MBPS  throughput in Mbit/s, 0..65535, 0 = Unlimited (default 0)\n"
	"  --check KEY        check KEY instead of minting one\n"
	"  -h, --help         this text\n"
	"\n"
	"Numbers are decimal or 0x hex. Exit status: 0 success, 1 key not valid (--check),\n"
	"2 bad command line.\n";

/* What the command line asks for. */
struct keygen_opts {
	bool have_serial;
	uint32_t serial;
	struct lic_features f;
	bool minting; /* a feature or limit option was given */
	const char *check;
};

/* The options that take a value. */
static const char *const value_options[] = {
	"--serial", "--features", "--interfaces", "--peers", "--throughput", "--check",
};

/* One feature name and the flag it sets. */
struct keygen_feature {
	const char *name;
	size_t offset;
};

static const struct keygen_feature features[] = {
	{ "failover", offsetof(struct lic_features, failover) },
	{ "vpn-des", offsetof(struct lic_features, vpn_des) },
	{ "vpn-3des", offsetof(struct lic_features, vpn_3des) },
	{ "cut-through", offsetof(struct lic_features, cut_through) },
	{ "guards", offsetof(struct lic_features, guards) },
	{ "websense", offsetof(struct lic_features, websense) },
};

#define N_FEATURES (sizeof(features) / sizeof(features[0]))

/* Prints "pix-keygen: <message>" as one line to stderr; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("pix-keygen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see pix-keygen --help)\n", stderr);
	return EXIT_USAGE;
}

/*
 * Reads an unsigned number, decimal or 0x hex, no sign, no blanks, at most max.
 * Returns 0, or -EINVAL when text is not such a number, -ERANGE when it is above max.
 */
static int parse_number(const char *text, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	const char *digits = text;
	char *end;
	int base = 10;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		digits = text + 2;
		base = 16;
	}
	/* strtoull would take blanks, a sign or a second 0x: allow digits only */
	if (*digits == '\0' ||
	    strspn(digits, base == 16 ? "0123456789abcdefABCDEF" : "0123456789") != strlen(digits))
		return -EINVAL;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

/* Parses option opt's number arg into *out (0..max); returns 0 or EXIT_USAGE after a message. */
static int number_option(const char *opt, const char *arg, uint32_t max, uint32_t *out)
{
	int ret;

	ret = parse_number(arg, max, out);
	if (ret == -ERANGE)
		return usage_error("%s '%s' is out of range (0..%u)", opt, arg, (unsigned int)max);
	if (ret)
		return usage_error("%s '%s' is not a number (decimal or 0x hex)", opt, arg);
	return 0;
}

/* The flag of *f that feature name (len characters, not NUL-terminated) sets, or NULL. */
static bool *feature_flag(struct lic_features *f, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < N_FEATURES; i++)
		if (strlen(features[i].name) == len && strncmp(name, features[i].name, len) == 0)
			return (bool *)((char *)f + features[i].offset);
	return NULL;
}

/* Sets the features named in the comma-separated list ("" or "none": none); 0 or EXIT_USAGE. */
static int parse_features(const char *list, struct lic_features *f)
{
	const char *p;
	bool *flag;
	size_t len;

	if (*list == '\0' || strcmp(list, "none") == 0)
		return 0;
	for (p = list;; p++) {
		len = strcspn(p, ",");
		if (len == 0)
			return usage_error("--features '%s' has an empty name", list);
		flag = feature_flag(f, p, len);
		if (!flag)
			return usage_error("unknown feature '%.*s' (known: failover, vpn-des, "
					   "vpn-3des, cut-through, guards, websense)",
					   (int)len, p);
		*flag = true;
		p += len;
		if (*p == '\0')
			return 0;
	}
}

/* True when opt is one of value_options. */
static bool is_value_option(const char *opt)
{
	size_t i;

	for (i = 0; i < sizeof(value_options) / sizeof(value_options[0]); i++)
		if (strcmp(opt, value_options[i]) == 0)
			return true;
	return false;
}

/* Applies option opt with argument arg to *o; returns 0 or EXIT_USAGE after a message. */
static int apply_option(const char *opt, const char *arg, struct keygen_opts *o)
{
	uint32_t v = 0;
	int ret;

	if (strcmp(opt, "--serial") == 0) {
		ret = number_option(opt, arg, UINT32_MAX, &o->serial);
		o->have_serial = !ret;
		return ret;
	}
	if (strcmp(opt, "--check") == 0) {
		o->check = arg;
		return 0;
	}
	if (!is_value_option(opt))
		return usage_error("unknown option '%s'", opt);
	o->minting = true;
	if (strcmp(opt, "--features") == 0)
		return parse_features(arg, &o->f);
	if (strcmp(opt, "--interfaces") == 0) {
		ret = number_option(opt, arg, KEYGEN_IFACES_MAX, &v);
		o->f.max_interfaces = (uint8_t)v;
		return ret;
	}
	if (strcmp(opt, "--peers") == 0) {
		ret = number_option(opt, arg, KEYGEN_LIMIT_MAX, &v);
		o->f.isakmp_peers = (uint16_t)v;
		return ret;
	}
	/* --throughput */
	ret = number_option(opt, arg, KEYGEN_LIMIT_MAX, &v);
	o->f.throughput_mbps = (uint16_t)v;
	return ret;
}

/*
 * Reads the command line into *o. Options take their value as the next argument or after '='.
 * Returns 0 (with *help set for -h/--help), or EXIT_USAGE after a message.
 */
static int parse_args(int argc, char **argv, struct keygen_opts *o, bool *help)
{
	char opt[32];
	const char *arg, *eq;
	size_t len;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			*help = true;
			return 0;
		}
		if (strncmp(argv[i], "--", 2) != 0)
			return usage_error("unexpected argument '%s'", argv[i]);
		eq = strchr(argv[i], '=');
		len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (len >= sizeof(opt))
			return usage_error("unknown option '%s'", argv[i]);
		memcpy(opt, argv[i], len);
		opt[len] = '\0';
		if (eq) {
			arg = eq + 1;
		} else if (i + 1 < argc) {
			arg = argv[++i];
		} else {
			if (!is_value_option(opt))
				return usage_error("unknown option '%s'", opt);
			return usage_error("option %s needs a value", opt);
		}
		ret = apply_option(opt, arg, o);
		if (ret)
			return ret;
	}
	return 0;
}

/* --check: prints what the key licenses, or the Table 11-1 message; returns the exit status. */
static int check_key(const struct keygen_opts *o)
{
	char text[LIC_FEATURES_TEXT_MAX], key_text[LIC_KEY_TEXT_MAX];
	struct lic_features f;
	struct lic_key k;
	uint32_t owner;
	int ret;

	if (lic_parse(o->check, &k)) {
		puts(LIC_MSG_NOT_VALID);
		fprintf(stderr, "pix-keygen: '%s' is not four hex words of 1 to 8 digits\n",
			o->check);
		return EXIT_KEY_INVALID;
	}
	ret = lic_check(&k, o->serial, LIC_DEV_VENDOR_KEY, &f);
	if (ret == -ENODEV && !lic_decode(&k, LIC_DEV_VENDOR_KEY, &owner, NULL)) {
		puts(LIC_MSG_NOT_VALID);
		fprintf(stderr, "pix-keygen: the key is for serial number %u (0x%x), not %u\n",
			(unsigned int)owner, (unsigned int)owner, (unsigned int)o->serial);
		return EXIT_KEY_INVALID;
	}
	if (ret) {
		puts(LIC_MSG_NOT_VALID);
		return EXIT_KEY_INVALID;
	}
	lic_format_key(&k, key_text);
	if (lic_format_features(&f, text, sizeof(text)))
		return EXIT_FAILURE;
	printf("Serial Number: %u (0x%x)\n", (unsigned int)o->serial, (unsigned int)o->serial);
	printf("Activation key: %s\n%s", key_text, text);
	return EXIT_SUCCESS;
}

/**
 * main() - pix-keygen's command line (see usage_text).
 * @argc: argument count
 * @argv: arguments
 *
 * Return: 0 on success, 1 when --check finds the key not valid, 2 on a bad command line.
 */
int main(int argc, char **argv)
{
	struct keygen_opts o = { .f.max_interfaces = KEYGEN_DEFAULT_IFACES };
	char key_text[LIC_KEY_TEXT_MAX];
	struct lic_key k;
	bool help = false;
	int ret;

	ret = parse_args(argc, argv, &o, &help);
	if (ret)
		return ret;
	if (help) {
		fputs(usage_text, stdout);
		return EXIT_SUCCESS;
	}
	if (!o.have_serial)
		return usage_error("missing --serial N");
	if (o.check && o.minting)
		return usage_error("--check takes no --features, --interfaces, --peers or "
				   "--throughput");
	if (o.check)
		return check_key(&o);
	if (lic_make(o.serial, &o.f, LIC_DEV_VENDOR_KEY, &k)) {
		fputs("pix-keygen: AES failed\n", stderr);
		return EXIT_FAILURE;
	}
	lic_format_key(&k, key_text);
	puts(key_text);
	return EXIT_SUCCESS;
}
