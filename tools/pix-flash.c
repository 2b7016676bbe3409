/* pix-flash: makes, shows, checks and edits flash files through the real chip model and driver. */

/*
 * A flash file is what QEMU maps as ivshmem BAR2: the array of a bank of AT29C040A chips, with
 * the model's persistent state in its last 4 KiB (flash/layout.h). Every command loads the file
 * into memory, runs the firmware's own chip model, driver and layout code over it on a simulated
 * clock, and (create, install, config with --version, downgrade, trust with --add or --remove)
 * writes it back through a temporary file, so a file is exactly what the firmware would have
 * made or would see. trust parses certificates with mbedTLS in its default (full)
 * configuration, which pix-flash alone is built with (tools/flash.mk).
 */
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
#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "mbedtls/error.h"
#include "mbedtls/sha256.h"
#include "mbedtls/x509_crt.h"
#include "os/pem.h"

_Static_assert(AT29_MODEL_MAX_CHIPS *AT29_PSTATE_SIZE <= LAYOUT_PSTATE_SIZE, "model state fits");

#define PF_EXIT_FAIL 1 /* the operation failed, or check found the unit would not boot */
#define PF_EXIT_USAGE TOOL_EXIT_USAGE /* the command line is wrong */
#define PF_MAX_IMAGE (64u << 20) /* larger than any slot: refuse reading more */
#define PF_MAX_TEXT (64u << 20) /* far above the configuration area, which sets the real limit */
#define PF_MAX_CERT_FILE (1u << 20) /* a certificate file: far above what the flash holds */
#define PF_DN_MAX 512 /* a subject or issuer as text */
#define PF_NAME_MAX 1024 /* a certificate's name in messages: file, and its place in it */

static const char pf_usage[] =
	"usage: pix-flash create FILE --serial N [--chips 16] [--key \"W0 W1 W2 W3\"]\n"
	"                         [--trust PUB.pem]...\n"
	"       pix-flash show FILE\n"
	"       pix-flash check FILE\n"
	"       pix-flash install FILE IMAGE [--no-signature-check]\n"
	"       pix-flash extract FILE (--slot N | --pdm) -o OUT\n"
	"       pix-flash config FILE [--version V [TEXTFILE]]\n"
	"       pix-flash downgrade FILE 5.1|5.0|4.x\n"
	"       pix-flash trust FILE [--add CERT.pem | --remove N]\n"
	"       pix-flash --help\n"
	"\n"
	"Makes and inspects the emulated flash of the PIX firmware (QEMU's ivshmem file).\n"
	"  create    new file of CHIPS x 512 KiB: erased, identity with the serial number (and\n"
	"            the image signing keys of --trust) in the locked boot block, and the flash\n"
	"            activation key if given (checked first)\n"
	"  show      identity, activation key and features, the flash file system's form, both\n"
	"            image slots, PDM archive, configuration, HTTPS trust anchors, and what a\n"
	"            flash boot would start\n"
	"  check     exit 0 if a valid image would boot with a valid key, else 1 and why\n"
	"  install   write a PIX OS image as the firmware does: to the slot not in use, in the\n"
	"            form of the flash file system its version reads; or a PDM archive (an\n"
	"            image of kind pdm) to the PDM area\n"
	"  extract   write the image of a slot, or the PDM archive, to OUT\n"
	"  config    with --version: store TEXTFILE (empty if omitted) as the configuration,\n"
	"            as PIX OS version V's \"write memory\" would; without: print the stored text\n"
	"  downgrade rewrite the flash file system in the form 5.1, 5.0 or 4.x software reads,\n"
	"            as the running image's \"flashfs downgrade\" does\n"
	"  trust     list the HTTPS trust anchors in flash: index, subject, issuer, validity,\n"
	"            SHA-256 fingerprint; with --add, first store the X.509 certificates of\n"
	"            CERT.pem (PEM, one or more, or DER); with --remove, first take anchor N out\n"
	"  -s, --serial N   serial number, decimal or 0x hex (32 bits)\n"
	"  -c, --chips N    chips in the bank: 1, 2, 4, 8 or 16 (default 16 = 8 MiB)\n"
	"  -k, --key KEY    activation key: four hex words, 0x optional\n"
	"  -t, --trust PUB  image signing key (P-256 public key, PEM or DER; up to 4, repeat the\n"
	"                   option): the unit then installs and boots only images signed by one\n"
	"                   of its keys, for ever (the keys are locked with the identity)\n"
	"  --no-signature-check  install without the unit's signature check, as a flash\n"
	"                   programmer could (to make test units; the flash boot still checks)\n"
	"  -n, --slot N     image slot, 0 or 1\n"
	"  -p, --pdm        the PDM archive\n"
	"  -o, --output OUT file to write\n"
	"  -V, --version V  version of the PIX OS writing the configuration, e.g. 6.3(5)\n"
	"  -a, --add CERT   certificate file to add as trust anchors (a non-CA certificate is\n"
	"                   taken with a warning: it can only pin a self-signed server)\n"
	"  -r, --remove N   trust anchor to remove, as the list numbers it (0 first)\n"
	"  -h, --help       this text\n";

/* What the command line asks for. */
struct pf_args {
	const char *cmd;
	const char *file;
	const char *image;
	const char *serial;
	const char *chips;
	const char *key;
	const char *slot;
	bool pdm;
	const char *out;
	const char *version;
	const char *text;
	const char *form;
	const char *add;
	const char *remove;
	const char *trust[LAYOUT_SIGKEYS_MAX + 1]; /* one more than a unit holds: refused */
	unsigned int ntrust;
	bool unchecked; /* install --no-signature-check */
};

/* A flash file in memory with the model and driver running over it. */
struct pf_bank {
	uint8_t *buf;
	uint32_t size;
	unsigned int chips;
	struct at29_sim sim; /* simulated clock and bus, model, driver (sim.f) */
};

/* Powers the model up over b->buf and probes the bank; returns 0 or -errno (reported). */
static int pf_bank_start(struct pf_bank *b)
{
	int err;

	at29_sim_init(&b->sim, true);
	err = at29_sim_start(&b->sim, b->chips, b->buf, b->buf + LAYOUT_PSTATE_OFF(b->chips),
			     AT29_MODEL_TIMING_FAST);
	if (err)
		tool_err("flash bank does not answer: %s", strerror(-err));
	return err;
}

/* Chips of a bank of @size bytes, or 0 when no supported bank has that size. */
static unsigned int pf_chips_of(size_t size)
{
	struct layout_geometry g;
	unsigned int chips;

	if (!size || size % AT29_CHIP_SIZE || size / AT29_CHIP_SIZE > LAYOUT_MAX_CHIPS)
		return 0;
	chips = (unsigned int)(size / AT29_CHIP_SIZE);
	return layout_geometry(chips, &g) ? 0 : chips;
}

/* Loads flash file @path and starts the bank over it; returns 0 or -errno (reported). */
static int pf_bank_load(struct pf_bank *b, const char *path)
{
	size_t len;
	int err;

	memset(b, 0, sizeof(*b));
	err = tool_read_file(path, (size_t)LAYOUT_MAX_CHIPS * AT29_CHIP_SIZE + 1, &b->buf, &len);
	if (err)
		return err;
	b->chips = pf_chips_of(len);
	if (!b->chips) {
		tool_err("%s: %zu bytes is not a flash file (1, 2, 4, 8 or 16 chips of 512 KiB)",
			 path, len);
		free(b->buf);
		return -EINVAL;
	}
	b->size = (uint32_t)len;
	err = pf_bank_start(b);
	if (err)
		free(b->buf);
	return err;
}

/* Parses and checks an activation key for @serial; prints Table 11-1's message if it fails. */
static int pf_check_key(const char *text, uint32_t serial, struct lic_key *k)
{
	if (lic_parse(text, k) || lic_check(k, serial, LIC_DEV_VENDOR_KEY, NULL)) {
		tool_err("%s", LIC_MSG_NOT_VALID);
		return -EINVAL;
	}
	return 0;
}

/* Prints @n bytes at @p in hex. */
static void pf_print_hex(const uint8_t *p, size_t n)
{
	while (n--)
		printf("%02x", *p++);
}

/* Reads the public keys of --trust into @keys; returns 0 or -1 (reported). */
static int pf_load_sigkeys(const struct pf_args *a, struct layout_sigkeys *keys)
{
	struct tool_pubkey pub;
	unsigned int i, j;

	memset(keys, 0, sizeof(*keys));
	for (i = 0; i < a->ntrust; i++) {
		if (tool_key_load_public(a->trust[i], &pub))
			return -1;
		for (j = 0; j < i; j++)
			if (!memcmp(keys->key[j].point, pub.point, SIG_POINT_LEN)) {
				tool_err("%s: the same key as %s", a->trust[i], a->trust[j]);
				return -1;
			}
		memcpy(keys->key[i].point, pub.point, SIG_POINT_LEN);
		keys->count = i + 1;
	}
	return 0;
}

/*
 * pix-flash create FILE --serial N [--chips N] [--key KEY] [--trust PUB]...; returns the exit
 * status.
 */
static int pf_create(const struct pf_args *a)
{
	struct pf_bank b;
	struct lic_key key;
	struct layout_sigkeys keys;
	uint32_t serial, chips = LAYOUT_MAX_CHIPS;
	unsigned int i;
	int err;

	if (!a->serial)
		return tool_usage_err("create: --serial is required");
	if (tool_parse_u32(a->serial, &serial))
		return tool_usage_err("bad serial number '%s': decimal or 0x hex, 32 bits",
				      a->serial);
	if (a->chips && (tool_parse_u32(a->chips, &chips) || !pf_chips_of(chips * AT29_CHIP_SIZE)))
		return tool_usage_err("bad chip count '%s': 1, 2, 4, 8 or 16", a->chips);
	if (a->key && pf_check_key(a->key, serial, &key))
		return PF_EXIT_FAIL;
	if (pf_load_sigkeys(a, &keys))
		return PF_EXIT_FAIL;
	memset(&b, 0, sizeof(b));
	b.chips = chips;
	b.size = chips * AT29_CHIP_SIZE;
	b.buf = malloc(b.size);
	if (!b.buf)
		return PF_EXIT_FAIL;
	/* chips fresh from the factory: array erased, state block blank */
	memset(b.buf, 0xFF, b.size);
	memset(b.buf + LAYOUT_PSTATE_OFF(chips), 0, LAYOUT_PSTATE_SIZE);
	err = pf_bank_start(&b);
	if (!err) {
		err = layout_format_signed(&b.sim.f, serial, a->key ? &key : NULL, &keys);
		if (err)
			tool_err("%s: %s", a->file, layout_strerror(err));
	}
	if (!err)
		err = tool_write_file(a->file, b.buf, b.size, NULL, 0);
	if (!err)
		printf("Created %s: %u chips (%u KiB), Serial Number: %u (0x%x), %s, %s\n", a->file,
		       chips, b.size / 1024, serial, serial,
		       a->key ? "activation key stored" : "no activation key",
		       keys.count ? "signed images only" : "no image signing keys");
	for (i = 0; !err && i < keys.count; i++) {
		uint8_t id[IMG_SIG_KEYID_LEN];

		sig_key_id(keys.key[i].point, id);
		printf("Image signing key %u: ", i);
		pf_print_hex(id, sizeof(id));
		putchar('\n');
	}
	free(b.buf);
	return err ? PF_EXIT_FAIL : 0;
}

/* Prints the flash activation key and what it licenses (or why it is not valid). */
static void pf_show_key(const struct layout_boot_status *st)
{
	char text[LIC_KEY_TEXT_MAX], feat[LIC_FEATURES_TEXT_MAX];

	if (st->key_err == -LAYOUT_ENOKEY) {
		printf("Flash activation key: none\n");
		return;
	}
	lic_format_key(&st->key, text);
	printf("Flash activation key: %s\n", text);
	if (st->key_err) {
		printf("%s (%s)\n", LIC_MSG_NOT_VALID,
		       st->lic_err == -ENODEV ? "minted for another serial number" :
						"not a genuine key");
		return;
	}
	lic_format_features(&st->features, feat, sizeof(feat));
	fputs(feat, stdout);
}

/* Words for a slot's state. */
static const char *pf_slot_state(enum layout_slot_state s)
{
	switch (s) {
	case LAYOUT_SLOT_EMPTY:
		return "empty";
	case LAYOUT_SLOT_CORRUPT:
		return "corrupt record";
	case LAYOUT_SLOT_WRITING:
		return "writing (install interrupted)";
	default:
		return "valid";
	}
}

/* Prints one slot; @form is the flash's when the slot is current. */
static void pf_show_slot(unsigned int i, const struct layout_slot_info *si, bool current,
			 enum layout_form form)
{
	char ver[IMG_VERSION_STRLEN];
	bool live = si->state == LAYOUT_SLOT_WRITING || si->state == LAYOUT_SLOT_VALID;

	printf("Slot %u:               %s%s%s%s\n", i, pf_slot_state(si->state),
	       current && form != LAYOUT_FORM_6X ? " record, image of the " : "",
	       current && form != LAYOUT_FORM_6X ? layout_form_name(form) : "",
	       current ? (form != LAYOUT_FORM_6X ? " form (current)" : " (current)") : "");
	if (live)
		printf("  Sequence:           %u\n", si->seq);
	if (!live && !si->bootable)
		return;
	printf("  Image:              %u bytes at 0x%06x, striped over %u chips\n", si->image_len,
	       at29_stripe_addr(&si->area, 0), si->area.chips);
	if (si->state != LAYOUT_SLOT_VALID && !si->bootable)
		return;
	if (si->hdr_err) {
		printf("  Header hash:        BAD (%s)\n", layout_strerror(si->hdr_err));
		return;
	}
	img_version_format(&si->info.version, ver, sizeof(ver));
	printf("  Version:            %s\n", ver);
	printf("  Build:              %s\n", si->info.build);
	printf("  Header hash:        OK\n");
	printf("  Payload hash:       %s\n", si->payload_err ? "BAD" : "OK");
	printf("  Payload SHA-256:    ");
	pf_print_hex(si->info.payload_sha256, IMG_SHA256_LEN);
	putchar('\n');
}

/* Prints the PDM archive: version, size, and whether it holds; or why there is none. */
static void pf_show_pdm(const struct layout_pdm_info *pi)
{
	char ver[IMG_VERSION_STRLEN];

	printf("PDM archive:          ");
	switch (pi->state) {
	case LAYOUT_PDM_NOAREA:
		printf("none (a one-chip flash has no PDM area)\n");
		return;
	case LAYOUT_PDM_EMPTY:
		printf("none\n");
		return;
	case LAYOUT_PDM_WRITING:
		printf("none (install interrupted)\n");
		return;
	case LAYOUT_PDM_CORRUPT:
		printf("corrupt (record torn or damaged)\n");
		return;
	default:
		break;
	}
	if (pi->hdr_err) {
		printf("corrupt (%s)\n", layout_strerror(pi->hdr_err));
		return;
	}
	img_version_format(&pi->info.version, ver, sizeof(ver));
	printf("%s, %u bytes, ", ver, pi->archive_len);
	if (pi->payload_err)
		printf("corrupt (%s)\n", layout_strerror(pi->payload_err));
	else
		printf("OK\n");
	printf("  Build:              %s\n", pi->info.build);
}

/* Prints the flash file system's form and its file-system record. */
static void pf_show_form(const struct layout_slots *s)
{
	static const char *const what[] = {
		[LAYOUT_FORM_NONE] = "none (no image would boot)",
		[LAYOUT_FORM_6X] = "6.x form (A/B slots with slot records; read by 5.2 and later)",
		[LAYOUT_FORM_51] = "5.1 form (one image named by the file-system record)",
		[LAYOUT_FORM_50] = "5.0 form (one image named by the file-system record)",
		[LAYOUT_FORM_4X] = "4.x form (the image alone at slot 0's start, no records)",
	};

	printf("Flash file system:    %s\n", what[s->form]);
	if (s->fs_state == -LAYOUT_EEMPTY)
		printf("File-system record:   none\n");
	else if (s->fs_state)
		printf("File-system record:   corrupt\n");
	else
		printf("File-system record:   %s form, slot %u, %u bytes\n",
		       layout_form_name(s->fs.form), s->fs.slot, s->fs.image_len);
}

/* Prints the configuration line. */
static void pf_show_config(const struct layout_boot_status *st)
{
	char ver[IMG_VERSION_STRLEN];

	if (st->config_err) {
		printf("Configuration:        none\n");
		return;
	}
	img_version_format(&st->config.version, ver, sizeof(ver));
	printf("Configuration:        %u bytes, written by %s%s\n", st->config.text_len, ver,
	       st->config_newer ? " (newer than the boot image)" : "");
}

/* Prints the trust anchors' line: how many and where, or none; and any copy that is damaged. */
static void pf_trust_summary(const struct layout_trust *t)
{
	unsigned int i;

	printf("Trust anchors:        ");
	if (t->count)
		printf("%u of %u, %u of %u bytes (copy %c, sequence %u)", t->count,
		       LAYOUT_TRUST_MAX, t->total, LAYOUT_TRUST_BYTES, 'A' + t->current, t->seq);
	else
		printf("none (https is refused)");
	for (i = 0; i < LAYOUT_TRUST_COPIES; i++)
		if (t->copy[i] == LAYOUT_TRUST_CORRUPT)
			printf("; copy %c corrupt", 'A' + i);
	putchar('\n');
}

/* Prints the image signing keys (key ids) and the security version, or that there are none. */
static void pf_show_sigkeys(struct pf_bank *b)
{
	struct layout_sigkeys keys;
	uint8_t id[IMG_SIG_KEYID_LEN];
	uint32_t floor = 0;
	unsigned int i;
	int err = layout_read_sigkeys(&b->sim.f, &keys);

	if (err) {
		printf("Image signing keys:   %s\n", layout_strerror(err));
		return;
	}
	if (!keys.count) {
		printf("Image signing keys:   none (images are not checked for signatures)\n");
		return;
	}
	for (i = 0; i < keys.count; i++) {
		sig_key_id(keys.key[i].point, id);
		printf("Image signing key %u:  ", i);
		pf_print_hex(id, sizeof(id));
		putchar('\n');
	}
	err = layout_read_secver(&b->sim.f, &floor);
	if (err)
		printf("Security version:     %s\n", layout_strerror(err));
	else
		printf("Security version:     %u (lowest a signed image may carry)\n", floor);
}

/* Prints who signed the boot image: ", signed by key 1 (id...), security version N". */
static void pf_print_signer(const struct layout_sig_status *sig)
{
	if (sig->key < 0)
		return;
	printf(", signed by key %d (", sig->key);
	pf_print_hex(sig->sig.key_id, 8);
	printf("...), security version %u", sig->sig.sec_version);
}

/* Prints the verdict of layout_boot_check: the slot that would boot, or why nothing would. */
static void pf_show_verdict(int err, const struct layout_boot_status *st)
{
	char ver[IMG_VERSION_STRLEN];

	if (err) {
		printf("Flash boot:           none: %s\n", layout_strerror(err));
		return;
	}
	img_version_format(&st->image.info.version, ver, sizeof(ver));
	printf("Flash boot:           slot %u, version %s", st->image.slot, ver);
	pf_print_signer(&st->sig);
	putchar('\n');
}

/* pix-flash show FILE; returns the exit status. */
static int pf_show(const struct pf_args *a)
{
	static struct layout_trust trust;
	struct layout_boot_status st;
	struct layout_pdm_info pi;
	struct layout_slots s;
	struct pf_bank b;
	unsigned int i;
	int err;

	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	printf("Flash file:           %s (%u bytes, %u x AT29C040A)\n", a->file, b.size, b.chips);
	err = layout_boot_check(&b.sim.f, LIC_DEV_VENDOR_KEY, &st);
	if (st.ident_err) {
		printf("Serial Number:        none: %s\n", layout_strerror(st.ident_err));
		pf_show_verdict(err, &st);
		goto out;
	}
	printf("Serial Number: %u (0x%x)\n", st.ident.serial, st.ident.serial);
	printf("Boot block:           %s\n",
	       at29_boot_block_locked(&b.sim.f, LAYOUT_IDENT_OFF) ? "locked" : "NOT locked");
	pf_show_sigkeys(&b);
	pf_show_key(&st);
	if (!layout_scan_slots(&b.sim.f, &s)) {
		pf_show_form(&s);
		for (i = 0; i < LAYOUT_SLOTS; i++)
			pf_show_slot(i, &s.slot[i], s.current == (int)i, s.form);
	}
	if (!layout_scan_pdm(&b.sim.f, &pi))
		pf_show_pdm(&pi);
	pf_show_config(&st);
	if (!layout_trust_read(&b.sim.f, &trust))
		pf_trust_summary(&trust);
	pf_show_verdict(err, &st);
out:
	free(b.buf);
	return 0;
}

/* pix-flash check FILE; returns 0 when a flash boot would start an image, else 1. */
static int pf_check(const struct pf_args *a)
{
	struct layout_boot_status st;
	struct pf_bank b;
	char ver[IMG_VERSION_STRLEN];
	int err;

	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	err = layout_boot_check(&b.sim.f, LIC_DEV_VENDOR_KEY, &st);
	free(b.buf);
	if (err) {
		printf("%s: would not boot: %s\n", a->file, layout_strerror(err));
		return PF_EXIT_FAIL;
	}
	img_version_format(&st.image.info.version, ver, sizeof(ver));
	printf("%s: would boot slot %u, version %s, Serial Number: %u (0x%x), flash file system "
	       "in the %s form",
	       a->file, st.image.slot, ver, st.ident.serial, st.ident.serial,
	       layout_form_name(st.image.form));
	pf_print_signer(&st.sig);
	putchar('\n');
	return 0;
}

/* Progress of an install: a dot every 64 KiB. */
static void pf_progress(void *ctx, size_t done)
{
	size_t *dots = ctx;

	while (*dots < done / 0x10000) {
		(*dots)++;
		putchar('.');
	}
	fflush(stdout);
}

/*
 * pix-flash install FILE IMAGE: a PDM archive (a valid header of kind pdm) goes to the PDM
 * area, anything else to the image slots (which say what is wrong with it); returns the exit
 * status.
 */
static int pf_install(const struct pf_args *a)
{
	struct img_info info;
	struct pf_bank b;
	uint8_t *img;
	size_t len, dots = 0;
	unsigned int slot;
	bool pdm;
	int err;

	if (tool_read_file(a->image, PF_MAX_IMAGE, &img, &len))
		return PF_EXIT_FAIL;
	if (pf_bank_load(&b, a->file)) {
		free(img);
		return PF_EXIT_FAIL;
	}
	pdm = !img_parse_header(img, len, &info) && info.kind == IMG_KIND_PDM;
	printf("Installing %s", a->image);
	if (pdm)
		err = layout_install_pdm(&b.sim.f, img, len, pf_progress, &dots);
	else if (a->unchecked)
		err = layout_install_image_unchecked(&b.sim.f, img, len, pf_progress, &dots, &slot);
	else
		err = layout_install_image(&b.sim.f, img, len, pf_progress, &dots, &slot);
	putchar('\n');
	if (err)
		tool_err("%s: %s",
			 err == -LAYOUT_ENOIDENT || err == -LAYOUT_EGEOMETRY ||
					 err == -LAYOUT_ENOPDMAREA ?
				 a->file :
				 a->image,
			 layout_strerror(err));
	else
		err = tool_write_file(a->file, b.buf, b.size, NULL, 0);
	if (!err && pdm)
		printf("Installed %s in the PDM area\n", a->image);
	else if (!err)
		printf("Installed %s in slot %u\n", a->image, slot);
	free(b.buf);
	free(img);
	return err ? PF_EXIT_FAIL : 0;
}

/* Writes the first @len bytes of striped area @st of the bank to file @path: 0 or -1. */
static int pf_write_area(struct pf_bank *b, const struct at29_stripe *st, uint32_t len,
			 const char *path)
{
	uint8_t *data = malloc(len ? len : 1);
	int err = data ? at29_read_stripe(&b->sim.f, st, 0, data, len) : -ENOMEM;

	if (!data)
		tool_err("%s: %s", path, strerror(ENOMEM));
	else if (err)
		tool_err("%s: reading flash: %s", path, layout_strerror(err));
	else
		err = tool_write_file(path, data, len, NULL, 0);
	free(data);
	return err ? -1 : 0;
}

/* Why the PDM area holds no archive that reads (@pi->err is not 0). */
static const char *pf_pdm_why(const struct layout_pdm_info *pi)
{
	switch (pi->state) {
	case LAYOUT_PDM_NOAREA:
		return layout_strerror(-LAYOUT_ENOPDMAREA);
	case LAYOUT_PDM_WRITING:
		return "no PDM archive in flash (install interrupted)";
	case LAYOUT_PDM_CORRUPT:
		return "PDM record torn or damaged";
	case LAYOUT_PDM_VALID:
		return layout_strerror(pi->hdr_err ? pi->hdr_err : pi->payload_err);
	default:
		return layout_strerror(pi->err);
	}
}

/* pix-flash extract FILE --pdm -o OUT; returns the exit status. */
static int pf_extract_pdm(const struct pf_args *a)
{
	struct layout_pdm_info pi;
	struct pf_bank b;
	int err;

	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	err = layout_scan_pdm(&b.sim.f, &pi);
	if (err)
		tool_err("%s: %s", a->file, layout_strerror(err));
	else if (pi.err)
		tool_err("%s: %s", a->file, pf_pdm_why(&pi));
	else
		err = pf_write_area(&b, &pi.area, pi.archive_len, a->out);
	if (!err && !pi.err)
		printf("Extracted the PDM archive (%u bytes) to %s\n", pi.archive_len, a->out);
	free(b.buf);
	return err || pi.err ? PF_EXIT_FAIL : 0;
}

/* pix-flash extract FILE --slot N -o OUT; returns the exit status. */
static int pf_extract(const struct pf_args *a)
{
	struct layout_slots s;
	const struct layout_slot_info *si;
	struct pf_bank b;
	uint32_t slot;
	int err;

	if (a->pdm)
		return pf_extract_pdm(a);
	if (tool_parse_u32(a->slot, &slot) || slot >= LAYOUT_SLOTS)
		return tool_usage_err("bad slot '%s': 0 or 1", a->slot);
	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	err = layout_scan_slots(&b.sim.f, &s);
	si = &s.slot[slot];
	if (err)
		tool_err("%s: %s", a->file, layout_strerror(err));
	else if (!si->bootable)
		tool_err("%s: slot %u holds no valid image (%s%s%s)", a->file, slot,
			 pf_slot_state(si->state), si->state == LAYOUT_SLOT_VALID ? ": " : "",
			 si->state == LAYOUT_SLOT_VALID ?
				 layout_strerror(si->hdr_err ? si->hdr_err : si->payload_err) :
				 "");
	else
		err = pf_write_area(&b, &si->area, si->image_len, a->out);
	if (!err && si->bootable)
		printf("Extracted slot %u (%u bytes) to %s\n", slot, si->image_len, a->out);
	free(b.buf);
	return err || !si->bootable ? PF_EXIT_FAIL : 0;
}

/* pix-flash config FILE: writes the stored configuration text to stdout; returns the exit status. */
static int pf_config_print(const struct pf_args *a, struct pf_bank *b)
{
	struct layout_config_info ci;
	uint8_t *text = malloc(LAYOUT_CONFIG_TEXT_MAX);
	int err;

	if (!text)
		return PF_EXIT_FAIL;
	err = layout_read_config(&b->sim.f, text, LAYOUT_CONFIG_TEXT_MAX, &ci);
	if (err)
		tool_err("%s: %s", a->file, layout_strerror(err));
	else if (fwrite(text, 1, ci.text_len, stdout) != ci.text_len || fflush(stdout))
		err = -EIO;
	free(text);
	return err ? PF_EXIT_FAIL : 0;
}

/* Says whether the configuration is newer than the image a flash boot would start. */
static void pf_config_note(struct pf_bank *b)
{
	struct layout_boot_status st;
	char ver[IMG_VERSION_STRLEN];

	layout_boot_check(&b->sim.f, LIC_DEV_VENDOR_KEY, &st);
	if (!st.config_newer)
		return;
	img_version_format(&st.image.info.version, ver, sizeof(ver));
	printf("Newer than the boot image (%s): flash boot will print "
	       "a Configuration Compatibility Warning\n",
	       ver);
}

/*
 * pix-flash config FILE --version V [TEXTFILE]: stores TEXTFILE (or an empty text) as the
 * configuration PIX OS version @ver writes ("write memory"); returns the exit status.
 */
static int pf_config_write(const struct pf_args *a, struct pf_bank *b,
			   const struct img_version *ver)
{
	static const uint8_t empty[1];
	char vtext[IMG_VERSION_STRLEN];
	uint8_t *text = NULL;
	size_t len = 0;
	int err;

	if (a->text && tool_read_file(a->text, PF_MAX_TEXT, &text, &len))
		return PF_EXIT_FAIL;
	err = layout_write_config(&b->sim.f, ver, text ? text : empty, len);
	if (err == -LAYOUT_ETOOBIG)
		tool_err("%s: %zu bytes, too large: the configuration area holds at most %u bytes",
			 a->text, len, LAYOUT_CONFIG_TEXT_MAX);
	else if (err)
		tool_err("%s: %s", a->file, layout_strerror(err));
	else
		err = tool_write_file(a->file, b->buf, b->size, NULL, 0);
	if (!err) {
		img_version_format(ver, vtext, sizeof(vtext));
		printf("Configuration written to %s: %zu bytes, version %s\n", a->file, len, vtext);
		pf_config_note(b);
	}
	free(text);
	return err ? PF_EXIT_FAIL : 0;
}

/* pix-flash config FILE [--version V [TEXTFILE]]; returns the exit status. */
static int pf_config(const struct pf_args *a)
{
	struct img_version ver;
	struct pf_bank b;
	int ret;

	if (a->version && img_version_parse(a->version, &ver))
		return tool_usage_err("bad version '%s': expected X.Y(Z), each 0-255, e.g. 6.3(5)",
				      a->version);
	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	ret = a->version ? pf_config_write(a, &b, &ver) : pf_config_print(a, &b);
	free(b.buf);
	return ret;
}

/* Says which part of the flash a downgrade was refused for. */
static void pf_refused(const char *file, int err, const struct layout_fs_check *chk)
{
	if (err == chk->image_err && chk->bad_slot >= 0)
		tool_err("%s: the image in slot %d is unusable: %s", file, chk->bad_slot,
			 layout_strerror(err));
	else if (err == chk->image_err)
		tool_err("%s: the image is unusable: %s", file, layout_strerror(err));
	else if (err == chk->config_err)
		tool_err("%s: the configuration is unusable: %s", file, layout_strerror(err));
	else if (err == chk->key_err)
		tool_err("%s: the activation key is unusable: %s", file, layout_strerror(err));
	else
		tool_err("%s: %s", file, layout_strerror(err));
}

/* pix-flash downgrade FILE 5.1|5.0|4.x; returns the exit status. */
static int pf_downgrade(const struct pf_args *a)
{
	static const enum layout_form forms[] = { LAYOUT_FORM_51, LAYOUT_FORM_50, LAYOUT_FORM_4X };
	struct layout_fs_check chk;
	struct pf_bank b;
	unsigned int i;
	int err;

	for (i = 0; i < 3 && strcmp(a->form, layout_form_name(forms[i])); i++)
		;
	if (i == 3)
		return tool_usage_err("bad form '%s': 5.1, 5.0 or 4.x", a->form);
	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	err = layout_flashfs_check(&b.sim.f, &chk);
	if (!err)
		err = layout_flashfs_downgrade(&b.sim.f, forms[i], NULL, NULL);
	if (err)
		pf_refused(a->file, err, &chk);
	else if (chk.form == forms[i])
		printf("%s: already in the %s form\n", a->file, a->form);
	else
		err = tool_write_file(a->file, b.buf, b.size, NULL, 0);
	if (!err && chk.form != forms[i])
		printf("%s: flash file system downgraded to the %s form\n", a->file, a->form);
	free(b.buf);
	return err ? PF_EXIT_FAIL : 0;
}

/* ---- trust: the HTTPS trust anchors ------------------------------------------------------------ */

/* A certificate as mbedTLS parses it, and what pix-flash says of it. */
struct pf_cert {
	mbedtls_x509_crt crt;
	int err; /* 0, mbedtls_x509_crt_parse_der()'s error, or 1: bytes after the certificate */
	char subject[PF_DN_MAX];
	char issuer[PF_DN_MAX];
	bool self_issued; /* subject and issuer are the same name */
};

/* Parses @len bytes of DER at @der into @c (free it with pf_cert_free); returns c->err. */
static int pf_cert_parse(struct pf_cert *c, const uint8_t *der, size_t len)
{
	memset(c, 0, sizeof(*c));
	mbedtls_x509_crt_init(&c->crt);
	c->err = mbedtls_x509_crt_parse_der(&c->crt, der, len);
	if (!c->err && c->crt.raw.len != len)
		c->err = 1;
	if (c->err)
		return c->err;
	if (mbedtls_x509_dn_gets(c->subject, sizeof(c->subject), &c->crt.subject) < 0)
		strcpy(c->subject, "(too long)");
	if (mbedtls_x509_dn_gets(c->issuer, sizeof(c->issuer), &c->crt.issuer) < 0)
		strcpy(c->issuer, "(too long)");
	c->self_issued = c->crt.subject_raw.len == c->crt.issuer_raw.len &&
			 !memcmp(c->crt.subject_raw.p, c->crt.issuer_raw.p, c->crt.subject_raw.len);
	return 0;
}

/* Frees what pf_cert_parse() allocated (any @c it was given, parsed or not). */
static void pf_cert_free(struct pf_cert *c)
{
	mbedtls_x509_crt_free(&c->crt);
}

/* Why @c does not parse, in words. */
static const char *pf_cert_why(const struct pf_cert *c, char *buf, size_t size)
{
	if (c->err == 1)
		return "bytes follow the certificate";
	mbedtls_strerror(c->err, buf, size);
	return buf;
}

/* What @c can anchor, as mbedTLS verifies a chain (x509_crt_check_parent, ee_locally_trusted). */
static const char *pf_cert_kind(const struct pf_cert *c)
{
	if (c->crt.version < 3)
		return "version 1 or 2 certificate: trusted as a CA";
	if (c->crt.ca_istrue)
		return mbedtls_x509_crt_check_key_usage(&c->crt, MBEDTLS_X509_KU_KEY_CERT_SIGN) ?
			       "CA, but its keyUsage does not allow certificate signing" :
			       "CA";
	return c->self_issued ? "not a CA: pins a server that presents this self-signed "
				"certificate" :
				"not a CA and not self-signed: verifies no server";
}

/* Prints a validity line: @label, the time in UTC, and @note when @bad. */
static void pf_print_time(const char *label, const mbedtls_x509_time *t, bool bad, const char *note)
{
	printf("  %-20s%04d-%02d-%02d %02d:%02d:%02d UTC%s\n", label, t->year, t->mon, t->day,
	       t->hour, t->min, t->sec, bad ? note : "");
}

/* Prints the SHA-256 of @len bytes at @der as openssl's -fingerprint does: AB:CD:... */
static void pf_print_fingerprint(const uint8_t *der, size_t len)
{
	uint8_t sum[32];
	unsigned int i;

	mbedtls_sha256_ret(der, len, sum, 0);
	printf("  SHA-256:            ");
	for (i = 0; i < sizeof(sum); i++)
		printf("%s%02X", i ? ":" : "", sum[i]);
	putchar('\n');
}

/* Prints anchor @i of @t: size and kind, subject, issuer, validity, fingerprint. */
static void pf_trust_print_anchor(const struct layout_trust *t, unsigned int i)
{
	const uint8_t *der = t->der + t->off[i];
	struct pf_cert c;
	char why[128];

	printf("Anchor %u:%*s%u bytes, ", i, i < 10 ? 13 : 12, "", t->len[i]);
	if (pf_cert_parse(&c, der, t->len[i])) {
		printf("not a valid X.509 certificate (%s)\n", pf_cert_why(&c, why, sizeof(why)));
	} else {
		printf("%s\n", pf_cert_kind(&c));
		printf("  Subject:            %s\n", c.subject);
		printf("  Issuer:             %s%s\n", c.issuer,
		       c.self_issued ? " (self-signed)" : "");
		pf_print_time("Not before:", &c.crt.valid_from,
			      mbedtls_x509_time_is_future(&c.crt.valid_from), " (not yet valid)");
		pf_print_time("Not after:", &c.crt.valid_to,
			      mbedtls_x509_time_is_past(&c.crt.valid_to), " (expired)");
	}
	pf_print_fingerprint(der, t->len[i]);
	pf_cert_free(&c);
}

/* Prints the list: the summary line, then every anchor. */
static void pf_trust_print(const struct layout_trust *t)
{
	unsigned int i;

	pf_trust_summary(t);
	for (i = 0; i < t->count; i++)
		pf_trust_print_anchor(t, i);
}

/* The certificates of a file, as DER. */
struct pf_certs {
	unsigned int n;
	uint8_t *der[LAYOUT_TRUST_MAX];
	size_t len[LAYOUT_TRUST_MAX];
};

static void pf_certs_free(struct pf_certs *cs)
{
	while (cs->n)
		free(cs->der[--cs->n]);
}

/* Whether the @n bytes at @p hold string @s. */
static bool pf_holds(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; i + k <= n; i++)
		if (!memcmp(p + i, s, k))
			return true;
	return false;
}

/* Line number of position @at of @text. */
static unsigned int pf_line_of(const char *text, const char *at)
{
	unsigned int line = 1;

	for (; text < at; text++)
		line += *text == '\n';
	return line;
}

/* Decodes every PEM certificate block of @text into @cs; returns 0 or -1 (reported). */
static int pf_certs_pem(const char *path, const char *text, size_t len, struct pf_certs *cs)
{
	const char *p = text, *lim = text + len, *end;
	uint8_t *der;
	size_t n;
	int err;

	for (;;) {
		der = malloc(len);
		if (!der)
			return -1;
		err = pem_decode(p, (size_t)(lim - p), der, len, &n, &end);
		if (err == -PEM_ENOBEGIN && cs->n) {
			free(der);
			return 0;
		}
		if (!err && cs->n == LAYOUT_TRUST_MAX) {
			tool_err("%s: more than %u certificates: the flash holds %u trust anchors",
				 path, LAYOUT_TRUST_MAX, LAYOUT_TRUST_MAX);
			err = -1;
		} else if (err) {
			tool_err("%s: line %u: %s", path, pf_line_of(text, end), pem_strerror(err));
		}
		if (err) {
			free(der);
			return -1;
		}
		cs->der[cs->n] = der;
		cs->len[cs->n++] = n;
		p = end;
	}
}

/*
 * Reads the certificates of file @path: PEM blocks (text around them is skipped) or, when the
 * file has no PEM boundary at all, one DER certificate. Returns 0 or -1 (reported).
 */
static int pf_certs_read(const char *path, struct pf_certs *cs)
{
	uint8_t *buf;
	size_t len;
	int err = 0;

	memset(cs, 0, sizeof(*cs));
	if (tool_read_file(path, PF_MAX_CERT_FILE, &buf, &len))
		return -1;
	if (!len) {
		tool_err("%s: empty file: not a certificate", path);
		err = -1;
	} else if (pf_holds(buf, len, PEM_CERT_BEGIN)) {
		err = pf_certs_pem(path, (const char *)buf, len, cs);
	} else if (pf_holds(buf, len, "-----BEGIN ")) {
		tool_err("%s: no certificate in it (PEM without a %s block)", path, PEM_CERT_BEGIN);
		err = -1;
	} else {
		cs->der[0] = buf; /* DER: the file is the certificate */
		cs->len[0] = len;
		cs->n = 1;
		return 0;
	}
	free(buf);
	if (err)
		pf_certs_free(cs);
	return err;
}

/* Says what in @c deserves a warning before it becomes a trust anchor (@what names it). */
static void pf_cert_warn(const char *what, const struct pf_cert *c)
{
	if (c->crt.version < 3)
		tool_err("warning: %s (%s) is a version %d certificate (no extensions): it is "
			 "trusted "
			 "as a CA",
			 what, c->subject, c->crt.version);
	else if (!c->crt.ca_istrue && c->self_issued)
		tool_err("warning: %s (%s) is not a CA certificate (no basicConstraints CA:TRUE): "
			 "it "
			 "anchors only a server that presents this very certificate",
			 what, c->subject);
	else if (!c->crt.ca_istrue)
		tool_err("warning: %s (%s) is neither a CA certificate (no basicConstraints "
			 "CA:TRUE) "
			 "nor self-signed: no server can be verified against it",
			 what, c->subject);
	else if (c->crt.ca_istrue &&
		 mbedtls_x509_crt_check_key_usage(&c->crt, MBEDTLS_X509_KU_KEY_CERT_SIGN))
		tool_err("warning: %s (%s): its keyUsage does not allow certificate signing", what,
			 c->subject);
	if (mbedtls_x509_time_is_past(&c->crt.valid_to))
		tool_err("warning: %s (%s) has expired", what, c->subject);
	if (mbedtls_x509_time_is_future(&c->crt.valid_from))
		tool_err("warning: %s (%s) is not valid yet", what, c->subject);
}

/* Names certificate @i of @n in file @path for messages: "F" alone, else "F, certificate 2". */
static const char *pf_cert_name(const char *path, unsigned int i, unsigned int n, char *buf,
				size_t size)
{
	if (n == 1)
		return path;
	snprintf(buf, size, "%s, certificate %u", path, i + 1);
	return buf;
}

/* Checks every certificate of @cs with mbedTLS; warns as pf_cert_warn(). 0 or -1 (reported). */
static int pf_certs_check(const char *path, const struct pf_certs *cs, struct pf_cert *certs)
{
	char name[PF_NAME_MAX], why[128];
	unsigned int i;

	for (i = 0; i < cs->n; i++) {
		const char *what = pf_cert_name(path, i, cs->n, name, sizeof(name));

		if (pf_cert_parse(&certs[i], cs->der[i], cs->len[i])) {
			tool_err("%s: not a valid X.509 certificate: %s", what,
				 pf_cert_why(&certs[i], why, sizeof(why)));
			return -1;
		}
		pf_cert_warn(what, &certs[i]);
	}
	return 0;
}

/*
 * Adds the certificates of @cs to the bank, in order; returns 0 or -1 (reported). The flash file
 * is written only when all went in, so a refusal leaves none of them stored.
 */
static int pf_trust_add_all(struct pf_bank *b, const char *path, const struct pf_certs *cs,
			    const struct pf_cert *certs)
{
	char name[PF_NAME_MAX];
	unsigned int i;
	int err;

	for (i = 0; i < cs->n; i++) {
		err = layout_trust_add(&b->sim.f, cs->der[i], cs->len[i]);
		if (!err)
			continue;
		tool_err("%s (%s): %s", pf_cert_name(path, i, cs->n, name, sizeof(name)),
			 certs[i].subject, layout_trust_strerror(err));
		if (i)
			tool_err("%s: none of its certificates stored", path);
		return -1;
	}
	return 0;
}

/*
 * pix-flash trust FILE --add CERT: reads, checks and adds, writes the flash file, then says
 * which anchors the certificates became (numbered from @count); 0 or -1 (reported).
 */
static int pf_trust_add(const struct pf_args *a, struct pf_bank *b, unsigned int count)
{
	struct pf_cert certs[LAYOUT_TRUST_MAX];
	struct pf_certs cs;
	unsigned int i;
	int err;

	if (pf_certs_read(a->add, &cs))
		return -1;
	memset(certs, 0, sizeof(certs)); /* zero: what mbedtls_x509_crt_init() makes */
	err = pf_certs_check(a->add, &cs, certs);
	if (!err)
		err = pf_trust_add_all(b, a->add, &cs, certs);
	if (!err)
		err = tool_write_file(a->file, b->buf, b->size, NULL, 0);
	for (i = 0; i < cs.n; i++) {
		if (!err)
			printf("Added trust anchor %u: %s\n", count + i, certs[i].subject);
		pf_cert_free(&certs[i]);
	}
	pf_certs_free(&cs);
	return err;
}

/*
 * pix-flash trust FILE --remove N: removes anchor @n of @t (the list before), writes the flash
 * file, says which it was; 0 or -1 (reported).
 */
static int pf_trust_remove(const struct pf_args *a, struct pf_bank *b, uint32_t n,
			   const struct layout_trust *t)
{
	struct pf_cert c;
	int err = layout_trust_remove(&b->sim.f, n);

	if (err == -ENOENT && !t->count)
		tool_err("%s: no trust anchor %u: there are none", a->file, n);
	else if (err == -ENOENT)
		tool_err("%s: no trust anchor %u: they are numbered 0 to %u", a->file, n,
			 t->count - 1);
	else if (err)
		tool_err("%s: %s", a->file, layout_trust_strerror(err));
	else
		err = tool_write_file(a->file, b->buf, b->size, NULL, 0);
	if (err)
		return -1;
	printf("Removed trust anchor %u: %s\n", n,
	       pf_cert_parse(&c, t->der + t->off[n], t->len[n]) ? "(not a certificate)" :
								  c.subject);
	pf_cert_free(&c);
	return 0;
}

/* pix-flash trust FILE [--add CERT | --remove N]; returns the exit status. */
static int pf_trust(const struct pf_args *a)
{
	static struct layout_trust t;
	struct pf_bank b;
	uint32_t n = 0;
	int err;

	if (a->remove && tool_parse_u32(a->remove, &n))
		return tool_usage_err("bad trust anchor number '%s': 0 to %u", a->remove,
				      LAYOUT_TRUST_MAX - 1);
	if (pf_bank_load(&b, a->file))
		return PF_EXIT_FAIL;
	err = layout_trust_read(&b.sim.f, &t);
	if (err)
		tool_err("%s: %s", a->file, layout_trust_strerror(err));
	else if (a->add)
		err = pf_trust_add(a, &b, t.count);
	else if (a->remove)
		err = pf_trust_remove(a, &b, n, &t);
	if (!err && (a->add || a->remove))
		err = layout_trust_read(&b.sim.f, &t);
	if (!err)
		pf_trust_print(&t);
	free(b.buf);
	return err ? PF_EXIT_FAIL : 0;
}

/* Reads the options after the command into @a; returns 0, -1 for --help, or PF_EXIT_USAGE. */
static int pf_parse_opts(int argc, char **argv, struct pf_args *a)
{
	static const struct option opts[] = {
		{ "serial", required_argument, NULL, 's' },
		{ "chips", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "slot", required_argument, NULL, 'n' },
		{ "pdm", no_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", required_argument, NULL, 'V' },
		{ "add", required_argument, NULL, 'a' },
		{ "remove", required_argument, NULL, 'r' },
		{ "trust", required_argument, NULL, 't' },
		{ "no-signature-check", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:c:k:n:po:V:a:r:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->serial = optarg;
			break;
		case 'c':
			a->chips = optarg;
			break;
		case 'k':
			a->key = optarg;
			break;
		case 'n':
			a->slot = optarg;
			break;
		case 'p':
			a->pdm = true;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'V':
			a->version = optarg;
			break;
		case 'a':
			a->add = optarg;
			break;
		case 'r':
			a->remove = optarg;
			break;
		case 't':
			if (a->ntrust == LAYOUT_SIGKEYS_MAX)
				return tool_usage_err("--trust: a unit holds at most %d image "
						      "signing keys",
						      LAYOUT_SIGKEYS_MAX);
			a->trust[a->ntrust++] = optarg;
			break;
		case 'U':
			a->unchecked = true;
			break;
		case 'h':
			return -1;
		case ':':
			return tool_usage_err("option '%s' needs an argument", argv[optind - 1]);
		default:
			return tool_usage_err("unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

/* Checks that only the options command @a->cmd takes were given; returns 0 or PF_EXIT_USAGE. */
static int pf_check_opts(const struct pf_args *a)
{
	bool create = !strcmp(a->cmd, "create"), extract = !strcmp(a->cmd, "extract");
	bool config = !strcmp(a->cmd, "config"), trust = !strcmp(a->cmd, "trust");

	if (!create && (a->serial || a->chips || a->key || a->ntrust))
		return tool_usage_err("%s: --serial, --chips, --key and --trust are for create",
				      a->cmd);
	if (a->unchecked && strcmp(a->cmd, "install"))
		return tool_usage_err("%s: --no-signature-check is for install", a->cmd);
	if (!extract && (a->slot || a->pdm || a->out))
		return tool_usage_err("%s: --slot, --pdm and -o are for extract", a->cmd);
	if (extract && a->slot && a->pdm)
		return tool_usage_err("extract: --slot or --pdm, not both");
	if (extract && (!(a->slot || a->pdm) || !a->out))
		return tool_usage_err("extract: -o and one of --slot or --pdm are required");
	if (!config && a->version)
		return tool_usage_err("%s: --version is for config", a->cmd);
	if (config && a->text && !a->version)
		return tool_usage_err("config: TEXTFILE needs --version (the PIX OS writing it)");
	if (!trust && (a->add || a->remove))
		return tool_usage_err("%s: --add and --remove are for trust", a->cmd);
	if (a->add && a->remove)
		return tool_usage_err("trust: --add or --remove, not both");
	return 0;
}

/* The operands command @cmd takes after its options, as its usage error words them. */
static const char *pf_operands(const char *cmd)
{
	if (!strcmp(cmd, "install"))
		return "FILE IMAGE";
	if (!strcmp(cmd, "config"))
		return "FILE [TEXTFILE]";
	if (!strcmp(cmd, "downgrade"))
		return "FILE FORM";
	return "one FILE";
}

/* Reads the whole command line into @a; returns 0, -1 for --help, or PF_EXIT_USAGE. */
static int pf_parse_args(int argc, char **argv, struct pf_args *a)
{
	static const char *const cmds[] = {
		"create", "show", "check", "install", "extract", "config", "downgrade", "trust",
	};
	unsigned int i;
	int err, n, min, max;
	bool two;

	memset(a, 0, sizeof(*a));
	if (argc < 2)
		return tool_usage_err("no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return -1;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]) && strcmp(argv[1], cmds[i]); i++)
		;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return tool_usage_err("unknown command '%s'", argv[1]);
	a->cmd = cmds[i];
	err = pf_parse_opts(argc - 1, argv + 1, a);
	if (err)
		return err;
	n = argc - 1 - optind;
	two = !strcmp(a->cmd, "install") || !strcmp(a->cmd, "downgrade");
	min = two ? 2 : 1;
	max = two || !strcmp(a->cmd, "config") ? 2 : 1;
	if (n < min || n > max)
		return tool_usage_err("%s takes %s", a->cmd, pf_operands(a->cmd));
	a->file = argv[1 + optind];
	if (n == 2 && !strcmp(a->cmd, "install"))
		a->image = argv[2 + optind];
	else if (n == 2 && !strcmp(a->cmd, "downgrade"))
		a->form = argv[2 + optind];
	else if (n == 2)
		a->text = argv[2 + optind];
	return pf_check_opts(a);
}

int main(int argc, char **argv)
{
	struct pf_args a;
	int err;

	tool_init("pix-flash");
	err = pf_parse_args(argc, argv, &a);

	if (err < 0) {
		fputs(pf_usage, stdout);
		return 0;
	}
	if (err)
		return err;
	if (!strcmp(a.cmd, "create"))
		return pf_create(&a);
	if (!strcmp(a.cmd, "show"))
		return pf_show(&a);
	if (!strcmp(a.cmd, "check"))
		return pf_check(&a);
	if (!strcmp(a.cmd, "install"))
		return pf_install(&a);
	if (!strcmp(a.cmd, "config"))
		return pf_config(&a);
	if (!strcmp(a.cmd, "downgrade"))
		return pf_downgrade(&a);
	if (!strcmp(a.cmd, "trust"))
		return pf_trust(&a);
	return pf_extract(&a);
}
