/* pix-mkimage: packs (and signs) a payload into a PIX software image, shows what an image holds. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolkey.h"
#include "toolutil.h"
#include "flash/pix_image.h"
#include "flash/pix_sig.h"

#define MKIMG_DEFAULT_LOAD 0x00400000u /* RAM_LOAD_BASE: above the firmware's RAM */
#define MKIMG_MAX_PAYLOAD 0xffffffffu /* the header's payload size is 32 bits */

#define MKIMG_EXIT_FAIL 1 /* the operation failed, or --show found a bad image */
#define MKIMG_EXIT_USAGE TOOL_EXIT_USAGE /* the command line is wrong */
#define MKIMG_FILE_MAX 0xffffffffu /* the header's sizes are 32-bit */

static const char mkimg_usage[] =
	"usage: pix-mkimage -o OUT --version X.Y(Z) [--kind os|pdm|boothelper]\n"
	"                   [--load ADDR] [--entry ADDR] [--build TEXT]\n"
	"                   [--sign KEY [--security-version N]] PAYLOAD\n"
	"       pix-mkimage -o OUT --version X.Y(Z) [--build TEXT]\n"
	"                   [--sign KEY [--security-version N]] --from IMAGE\n"
	"       pix-mkimage --show IMAGE [--trust PUB]...\n"
	"       pix-mkimage --key-id KEY\n"
	"       pix-mkimage --help\n"
	"\n"
	"Packs PAYLOAD behind a 512-byte PIX image header (SHA-256 of payload and header),\n"
	"optionally signed (ECDSA P-256 over SHA-256, in the header).\n"
	"  -o, --output OUT    image file to write\n"
	"  -V, --version VER   image version, e.g. 6.3(5)\n"
	"  -k, --kind KIND     os (PIX OS image, default), pdm (PDM archive) or boothelper\n"
	"                      (the program on a Boothelper diskette, never installed)\n"
	"  -l, --load ADDR     os, boothelper: physical address the payload runs at\n"
	"                      (default 0x00400000)\n"
	"  -e, --entry ADDR    os, boothelper: address jumped to, inside the payload\n"
	"                      (default: load)\n"
	"  -b, --build TEXT    build text, printable, at most 63 characters\n"
	"  -f, --from IMAGE    re-seal IMAGE under --version: its payload, kind, load, entry\n"
	"                      and build text are kept (--build, when given, replaces the\n"
	"                      build text); IMAGE must be valid (both hashes hold), bytes\n"
	"                      after its payload are not copied; no PAYLOAD, --kind, --load\n"
	"                      or --entry with it\n"
	"  -S, --sign KEY      sign the image with KEY, an EC P-256 private key in PEM or\n"
	"                      DER (openssl ecparam -name prime256v1 -genkey -noout -out KEY);\n"
	"                      with --from, IMAGE's signature (if any) is replaced\n"
	"  -n, --security-version N\n"
	"                      the security version the signature carries (default 0): a\n"
	"                      unit refuses images below the highest it has booted\n"
	"  -s, --show IMAGE    print the header of IMAGE, check both hashes and show the\n"
	"                      signature and its key id, or \"unsigned\"; exit status 1 when\n"
	"                      the image is not valid\n"
	"  -t, --trust PUB     with --show: verify the signature against PUB (a public key,\n"
	"                      openssl ec -pubout, or a private key), up to 4 times; exit\n"
	"                      status 1 unless one of them made it\n"
	"  -K, --key-id KEY    print the key id (SHA-256 of the DER public key) and the\n"
	"                      public point of KEY (public or private)\n"
	"  -h, --help          this text\n"
	"ADDR is decimal, or hex with 0x.\n";

/* What the command line asks for. */
struct mkimg_args {
	const char *out;
	const char *show;
	const char *from;
	const char *payload;
	const char *version;
	const char *kind;
	const char *load;
	const char *entry;
	const char *build;
	const char *sign;
	const char *sec_version;
	uint32_t sec_version_n; /* --security-version, parsed */
	const char *key_id;
	const char *trust[SIG_ANCHORS_MAX];
	int ntrust;
};

/* Sets the version and build text of @info from @a; returns 0 or MKIMG_EXIT_USAGE (reported). */
static int mkimg_version_build(const struct mkimg_args *a, struct img_info *info)
{
	if (!a->version)
		return tool_usage_err("--version is required (e.g. --version '6.3(5)')");
	if (img_version_parse(a->version, &info->version))
		return tool_usage_err("bad version '%s': expected X.Y(Z), each 0-255, e.g. 6.3(5)",
				      a->version);
	if (a->build && strlen(a->build) >= IMG_BUILD_LEN)
		return tool_usage_err("build text too long: %zu characters, at most %d",
				      strlen(a->build), IMG_BUILD_LEN - 1);
	if (a->build) {
		memset(info->build, 0, IMG_BUILD_LEN);
		strcpy(info->build, a->build);
	}
	return 0;
}

/* Turns the pack options into the header fields of @info; returns 0 or MKIMG_EXIT_USAGE. */
static int mkimg_pack_info(const struct mkimg_args *a, struct img_info *info)
{
	int err;

	memset(info, 0, sizeof(*info));
	err = mkimg_version_build(a, info);
	if (err)
		return err;
	if (!a->kind || !strcmp(a->kind, "os"))
		info->kind = IMG_KIND_OS;
	else if (!strcmp(a->kind, "pdm"))
		info->kind = IMG_KIND_PDM;
	else if (!strcmp(a->kind, "boothelper"))
		info->kind = IMG_KIND_BOOTHELPER;
	else
		return tool_usage_err("bad kind '%s': expected os, pdm or boothelper", a->kind);
	if (info->kind == IMG_KIND_PDM && (a->load || a->entry))
		return tool_usage_err("a pdm archive has no --load or --entry");
	info->load_addr = info->kind != IMG_KIND_PDM ? MKIMG_DEFAULT_LOAD : 0;
	if (a->load && tool_parse_u32(a->load, &info->load_addr))
		return tool_usage_err("bad load address '%s'", a->load);
	info->entry_addr = info->load_addr;
	if (a->entry && tool_parse_u32(a->entry, &info->entry_addr))
		return tool_usage_err("bad entry address '%s'", a->entry);
	return 0;
}

/* Explains why img_make_header refused @info; returns MKIMG_EXIT_FAIL. */
static int mkimg_explain(int err, const struct img_info *info)
{
	if (err == -IMG_EADDR && info->payload_size == 0)
		tool_err("payload is empty: an os image needs code to enter");
	else if (err == -IMG_EADDR &&
		 (uint64_t)info->load_addr + info->payload_size > 0x100000000ull)
		tool_err("payload of %u bytes at 0x%08x runs past 4 GiB", info->payload_size,
			 info->load_addr);
	else if (err == -IMG_EADDR)
		tool_err("entry 0x%08x is outside the payload [0x%08x, 0x%08x)", info->entry_addr,
			 info->load_addr, info->load_addr + info->payload_size);
	else if (err == -IMG_EBUILD)
		tool_err("build text must be printable ASCII");
	else
		tool_err("%s", img_strerror(err));
	return MKIMG_EXIT_FAIL;
}

/*
 * With --sign: signs the header @hdr (made by img_make_header) with the key of @a and seals it;
 * returns 0 or MKIMG_EXIT_FAIL (reported). Without: leaves the unsigned header as it is.
 */
static int mkimg_sign(const struct mkimg_args *a, uint8_t *hdr)
{
	mbedtls_pk_context pk;
	int err;

	if (!a->sign)
		return 0;
	mbedtls_pk_init(&pk);
	err = tool_key_load_private(a->sign, &pk);
	if (!err)
		err = tool_key_sign_header(&pk, hdr, a->sec_version_n);
	mbedtls_pk_free(&pk);
	return err ? MKIMG_EXIT_FAIL : 0;
}

/* pix-mkimage -o OUT ... PAYLOAD: writes the image; returns the exit status. */
static int mkimg_pack(const struct mkimg_args *a)
{
	uint8_t hdr[IMG_HDR_SIZE], *payload;
	struct img_info info;
	size_t len;
	int err;

	err = mkimg_pack_info(a, &info);
	if (err)
		return err;
	if (tool_read_file(a->payload, MKIMG_FILE_MAX, &payload, &len))
		return MKIMG_EXIT_FAIL;
	if (len > MKIMG_MAX_PAYLOAD) {
		tool_err("%s: %zu bytes, more than an image can hold", a->payload, len);
		err = MKIMG_EXIT_FAIL;
		goto out;
	}
	info.payload_size = (uint32_t)len;
	err = img_make_header(hdr, &info, payload);
	if (err) {
		err = mkimg_explain(err, &info);
		goto out;
	}
	err = mkimg_sign(a, hdr);
	if (err)
		goto out;
	err = tool_write_file(a->out, hdr, IMG_HDR_SIZE, payload, len) ? MKIMG_EXIT_FAIL : 0;
out:
	free(payload);
	return err;
}

/*
 * Checks the image @img of @len bytes read from @path and decodes its header into @info;
 * returns 0, or MKIMG_EXIT_FAIL (reported) when the header or the payload hash does not hold.
 */
static int mkimg_from_check(const char *path, const uint8_t *img, size_t len, struct img_info *info)
{
	int err;

	err = img_parse_header(img, len, info);
	if (!err)
		err = img_verify_payload(info, img + IMG_HDR_SIZE, len - IMG_HDR_SIZE);
	if (!err)
		return 0;
	if (err == -IMG_ESHORT || err == -IMG_EMAGIC)
		tool_err("%s: %s: nothing to re-seal", path, img_strerror(err));
	else
		tool_err("%s: not a valid image (%s): refusing to re-seal it", path,
			 img_strerror(err));
	return MKIMG_EXIT_FAIL;
}

/*
 * pix-mkimage -o OUT --version V --from IMAGE: writes IMAGE's payload under a new header with
 * IMAGE's kind, addresses and build text (or --build) and version V; returns the exit status.
 */
static int mkimg_from(const struct mkimg_args *a)
{
	uint8_t hdr[IMG_HDR_SIZE], *img;
	struct img_info want, info;
	size_t len;
	int err;

	memset(&want, 0, sizeof(want));
	err = mkimg_version_build(a, &want);
	if (err)
		return err;
	if (tool_read_file(a->from, MKIMG_FILE_MAX, &img, &len))
		return MKIMG_EXIT_FAIL;
	err = mkimg_from_check(a->from, img, len, &info);
	if (err)
		goto out;
	info.version = want.version;
	if (a->build)
		memcpy(info.build, want.build, IMG_BUILD_LEN);
	err = img_make_header(hdr, &info, img + IMG_HDR_SIZE);
	if (err) {
		err = mkimg_explain(err, &info);
		goto out;
	}
	err = mkimg_sign(a, hdr);
	if (err)
		goto out;
	err = tool_write_file(a->out, hdr, IMG_HDR_SIZE, img + IMG_HDR_SIZE, info.payload_size) ?
		      MKIMG_EXIT_FAIL :
		      0;
out:
	free(img);
	return err;
}

/* Prints @n bytes at @p in hex. */
static void mkimg_print_hex(const uint8_t *p, size_t n)
{
	while (n--)
		printf("%02x", *p++);
	putchar('\n');
}

/* Prints the raw header fields of @h, checked or not; the build text is printed escaped. */
static void mkimg_print_fields(const uint8_t *h)
{
	const uint8_t *b = h + offsetof(struct img_header, build);
	uint32_t kind = img_le32_get(h + offsetof(struct img_header, kind));
	size_t i;

	printf("Header version:  %u\n", img_le32_get(h + offsetof(struct img_header, hdr_version)));
	printf("Header size:     %u\n", img_le32_get(h + offsetof(struct img_header, hdr_size)));
	printf("Kind:            %u (%s)\n", kind,
	       kind == IMG_KIND_OS	   ? "PIX OS image" :
	       kind == IMG_KIND_PDM	   ? "PDM archive" :
	       kind == IMG_KIND_BOOTHELPER ? "Boothelper program" :
					     "?");
	printf("Version:         %u.%u(%u)\n", h[offsetof(struct img_header, ver_major)],
	       h[offsetof(struct img_header, ver_minor)],
	       h[offsetof(struct img_header, ver_maint)]);
	printf("Payload size:    %u\n",
	       img_le32_get(h + offsetof(struct img_header, payload_size)));
	printf("Load address:    0x%08x\n",
	       img_le32_get(h + offsetof(struct img_header, load_addr)));
	printf("Entry address:   0x%08x\n",
	       img_le32_get(h + offsetof(struct img_header, entry_addr)));
	printf("Build:           \"");
	for (i = 0; i < IMG_BUILD_LEN && b[i]; i++)
		printf(b[i] >= 0x20 && b[i] <= 0x7e && b[i] != '"' && b[i] != '\\' ? "%c" :
										     "\\x%02x",
		       b[i]);
	printf("\"\n");
	printf("Payload SHA-256: ");
	mkimg_print_hex(h + offsetof(struct img_header, payload_sha256), IMG_SHA256_LEN);
	printf("Header SHA-256:  ");
	mkimg_print_hex(h + offsetof(struct img_header, hdr_sha256), IMG_SHA256_LEN);
}

/* Prints what the payload check says about @img; returns 0 when the payload hash holds. */
static int mkimg_show_payload(const uint8_t *img, size_t len)
{
	const uint8_t *h = img;
	struct img_info info;
	int err;

	memcpy(info.payload_sha256, h + offsetof(struct img_header, payload_sha256),
	       IMG_SHA256_LEN);
	info.payload_size = img_le32_get(h + offsetof(struct img_header, payload_size));
	err = img_verify_payload(&info, img + IMG_HDR_SIZE, len - IMG_HDR_SIZE);
	printf("Payload hash:    %s\n", err == -IMG_ETRUNC ? "BAD (payload truncated)" :
					err		   ? "BAD" :
							     "OK");
	if (!err && len - IMG_HDR_SIZE > info.payload_size)
		printf("Trailing bytes:  %zu (not part of the image)\n",
		       len - IMG_HDR_SIZE - info.payload_size);
	return err;
}

/*
 * Checks the signature of header @h against the keys of --trust; prints the outcome and returns
 * 0 when one of them made it. Without --trust, nothing to check: returns 0.
 */
static int mkimg_show_trust(const struct mkimg_args *a, const uint8_t *h)
{
	struct sig_anchor anchors[SIG_ANCHORS_MAX];
	struct tool_pubkey pub;
	int i, ret;

	if (!a->ntrust)
		return 0;
	for (i = 0; i < a->ntrust; i++) {
		if (tool_key_load_public(a->trust[i], &pub))
			return MKIMG_EXIT_FAIL;
		memcpy(anchors[i].point, pub.point, SIG_POINT_LEN);
	}
	ret = sig_verify(h, anchors, (size_t)a->ntrust, NULL);
	if (ret >= 0)
		printf("Signature check: OK (%s)\n", a->trust[ret]);
	else
		printf("Signature check: BAD (%s)\n", sig_strerror(ret));
	return ret >= 0 ? 0 : MKIMG_EXIT_FAIL;
}

/* Prints the signature block of header @h: unsigned, malformed, or signer and signature. */
static void mkimg_show_sig(const uint8_t *h)
{
	struct img_sig sig;
	int ret;

	ret = img_sig_parse(h, &sig);
	if (ret == IMG_SIG_NONE) {
		printf("Signature:       unsigned\n");
		return;
	}
	if (ret < 0) {
		printf("Signature:       BAD (%s)\n", img_strerror(ret));
		return;
	}
	printf("Signature:       ECDSA P-256 SHA-256\n");
	printf("Key id:          ");
	mkimg_print_hex(sig.key_id, IMG_SIG_KEYID_LEN);
	printf("Security ver.:   %u\n", sig.sec_version);
	printf("Signature r:     ");
	mkimg_print_hex(sig.r, IMG_SIG_SCALAR_LEN);
	printf("Signature s:     ");
	mkimg_print_hex(sig.s, IMG_SIG_SCALAR_LEN);
}

/* pix-mkimage --show IMAGE: prints the header and both checks; returns the exit status. */
static int mkimg_show(const struct mkimg_args *a)
{
	const char *path = a->show;
	uint8_t *img;
	size_t len;
	int err, perr, serr;

	if (tool_read_file(path, MKIMG_FILE_MAX, &img, &len))
		return MKIMG_EXIT_FAIL;
	printf("Image:           %s (%zu bytes)\n", path, len);
	perr = img_parse_header(img, len, NULL);
	if (perr == -IMG_ESHORT || perr == -IMG_EMAGIC) {
		tool_err("%s: %s", path, img_strerror(perr));
		err = MKIMG_EXIT_FAIL;
		goto out;
	}
	mkimg_print_fields(img);
	mkimg_show_sig(img);
	printf("Header hash:     %s\n", img_header_hash_ok(img) ? "OK" : "BAD");
	err = mkimg_show_payload(img, len);
	if (perr)
		printf("Header check:    BAD (%s)\n", img_strerror(perr));
	else
		printf("Header check:    OK\n");
	serr = mkimg_show_trust(a, img);
	printf("Image:           %s\n", perr || err ? "INVALID" : "valid");
	err = perr || err || serr ? MKIMG_EXIT_FAIL : 0;
out:
	free(img);
	return err;
}

/* pix-mkimage --key-id KEY: prints the key id and public point of KEY; returns the exit status. */
static int mkimg_key_id(const char *path)
{
	struct tool_pubkey pub;

	if (tool_key_load_public(path, &pub))
		return MKIMG_EXIT_FAIL;
	printf("Key id:          ");
	mkimg_print_hex(pub.id, IMG_SIG_KEYID_LEN);
	printf("Public key:      ");
	mkimg_print_hex(pub.point, SIG_POINT_LEN);
	return 0;
}

/* Refuses what --from cannot be combined with; returns 0 or MKIMG_EXIT_USAGE (reported). */
static int mkimg_check_from_args(int argc, const struct mkimg_args *a)
{
	if (optind != argc)
		return tool_usage_err("--from takes no PAYLOAD: the payload is IMAGE's");
	if (a->kind || a->load || a->entry)
		return tool_usage_err("--from keeps IMAGE's kind, load and entry: no --kind, "
				      "--load or --entry with it");
	return 0;
}

/* Checks which options go together; returns 0 or MKIMG_EXIT_USAGE (reported). */
static int mkimg_check_args(int argc, char **argv, struct mkimg_args *a)
{
	bool packing = a->out || a->version || a->kind || a->load || a->entry || a->build ||
		       a->from || a->sign || a->sec_version;

	if (a->show) {
		if (optind != argc || packing || a->key_id)
			return tool_usage_err("--show takes only the image file and --trust keys");
		return 0;
	}
	if (a->ntrust)
		return tool_usage_err("--trust goes with --show");
	if (a->key_id) {
		if (optind != argc || packing)
			return tool_usage_err("--key-id takes only the key file");
		return 0;
	}
	if (a->sec_version && !a->sign)
		return tool_usage_err("--security-version goes with --sign");
	if (a->sec_version && tool_parse_u32(a->sec_version, &a->sec_version_n))
		return tool_usage_err("bad security version '%s': 0 to 4294967295", a->sec_version);
	if (!a->out)
		return tool_usage_err("-o OUT is required");
	if (a->from)
		return mkimg_check_from_args(argc, a);
	if (optind != argc - 1)
		return tool_usage_err("%s", optind == argc ? "no PAYLOAD file given" :
							     "only one PAYLOAD file is allowed");
	a->payload = argv[optind];
	return 0;
}

/* Reads the command line into @a; returns 0, -1 for --help, or MKIMG_EXIT_USAGE (reported). */
static int mkimg_parse_args(int argc, char **argv, struct mkimg_args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "version", required_argument, NULL, 'V' },
		{ "kind", required_argument, NULL, 'k' },
		{ "load", required_argument, NULL, 'l' },
		{ "entry", required_argument, NULL, 'e' },
		{ "build", required_argument, NULL, 'b' },
		{ "show", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "sign", required_argument, NULL, 'S' },
		{ "security-version", required_argument, NULL, 'n' },
		{ "trust", required_argument, NULL, 't' },
		{ "key-id", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:V:k:l:e:b:s:f:S:n:t:K:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->out = optarg;
			break;
		case 'V':
			a->version = optarg;
			break;
		case 'k':
			a->kind = optarg;
			break;
		case 'l':
			a->load = optarg;
			break;
		case 'e':
			a->entry = optarg;
			break;
		case 'b':
			a->build = optarg;
			break;
		case 's':
			a->show = optarg;
			break;
		case 'f':
			a->from = optarg;
			break;
		case 'S':
			a->sign = optarg;
			break;
		case 'n':
			a->sec_version = optarg;
			break;
		case 't':
			if (a->ntrust == SIG_ANCHORS_MAX)
				return tool_usage_err("at most %d --trust keys", SIG_ANCHORS_MAX);
			a->trust[a->ntrust++] = optarg;
			break;
		case 'K':
			a->key_id = optarg;
			break;
		case 'h':
			return -1;
		case ':':
			return tool_usage_err("option '%s' needs an argument", argv[optind - 1]);
		default:
			return tool_usage_err("unknown option '%s'", argv[optind - 1]);
		}
	}
	return mkimg_check_args(argc, argv, a);
}

int main(int argc, char **argv)
{
	struct mkimg_args a;
	int err;

	tool_init("pix-mkimage");
	err = mkimg_parse_args(argc, argv, &a);
	if (err == -1) {
		fputs(mkimg_usage, stdout);
		return 0;
	}
	if (err)
		return err;
	if (a.show)
		return mkimg_show(&a);
	if (a.key_id)
		return mkimg_key_id(a.key_id);
	return a.from ? mkimg_from(&a) : mkimg_pack(&a);
}
