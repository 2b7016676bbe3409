/*
 * Unit tests of signed images in the flash layout (flash/layout_sig.c and its callers): signing
 * keys locked with the identity, install and boot refusals, the security version and power cuts
 * while it is raised. The real driver and bank model; keys and signatures from test_signer.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/layout_int.h"
#include "flash/pix_image.h"
#include "flash/pix_sig.h"
#include "license/lic.h"
#include "mbedtls/sha256.h"
#include "test_signer.h"

#define CHIPS 2u
#define SERIAL 12345678u
#define PAYLOAD 3000u
#define UNIT_KEYS 2 /* the unit trusts keys 0 and 1; key 2 is unknown to it */

static const struct lic_key key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };

static struct test_signer signer;

struct fixture {
	uint8_t *array;
	uint8_t *before; /* a copy of the array, to prove a refusal wrote nothing */
	uint32_t size;
	struct at29_sim sim;
	struct layout_sigkeys keys;
	uint8_t img[IMG_HDR_SIZE + PAYLOAD];
};

static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_start(&fx->sim, CHIPS, fx->array,
					fx->array + LAYOUT_PSTATE_OFF(CHIPS),
					AT29_MODEL_TIMING_FAST),
			 0);
}

/* A fresh image 6.3(@maint), unsigned. */
static void make_image(struct fixture *fx, unsigned int maint, uint8_t seed)
{
	struct img_info info;
	uint32_t i;

	for (i = 0; i < PAYLOAD; i++)
		fx->img[IMG_HDR_SIZE + i] = (uint8_t)(i * 13 + seed);
	memset(&info, 0, sizeof(info));
	info.kind = IMG_KIND_OS;
	info.version = (struct img_version){ 6, 3, maint };
	info.payload_size = PAYLOAD;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	strcpy(info.build, "signed-image tests");
	assert_int_equal(img_make_header(fx->img, &info, fx->img + IMG_HDR_SIZE), 0);
}

static void sign(struct fixture *fx, int k, uint32_t sec_version)
{
	test_signer_sign(&signer, fx->img, k, signer.id[k], sec_version);
}

static int install(struct fixture *fx)
{
	return layout_install_image(&fx->sim.f, fx->img, sizeof(fx->img), NULL, NULL, NULL);
}

/* Puts the image in as a flash programmer could: no signature check (the boot's is then tried). */
static void install_unchecked(struct fixture *fx)
{
	assert_int_equal(layout_install_image_unchecked(&fx->sim.f, fx->img, sizeof(fx->img), NULL,
							NULL, NULL),
			 0);
}

static int setup_signer(void **state)
{
	(void)state;
	return test_signer_init(&signer, 0x5049584c41594f55ull);
}

static int teardown_signer(void **state)
{
	(void)state;
	test_signer_free(&signer);
	return 0;
}

static struct fixture *fixture_new(unsigned int nkeys)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	unsigned int i;

	fx->size = CHIPS * AT29_CHIP_SIZE;
	fx->array = malloc(fx->size);
	fx->before = malloc(fx->size);
	memset(fx->array, 0xFF, fx->size);
	at29_sim_init(&fx->sim, true);
	power_up(fx);
	fx->keys.count = nkeys;
	for (i = 0; i < nkeys; i++)
		fx->keys.key[i] = signer.point[i];
	assert_int_equal(layout_format_signed(&fx->sim.f, SERIAL, &key_all, &fx->keys), 0);
	make_image(fx, 5, 1);
	return fx;
}

/* A unit made with keys 0 and 1. */
static int setup_keyed(void **state)
{
	*state = fixture_new(UNIT_KEYS);
	return 0;
}

/* A unit made without signing keys. */
static int setup_plain(void **state)
{
	*state = fixture_new(0);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->array);
	free(fx->before);
	free(fx);
	return 0;
}

static void snapshot(struct fixture *fx)
{
	memcpy(fx->before, fx->array, fx->size);
}

static void unchanged(struct fixture *fx)
{
	assert_memory_equal(fx->before, fx->array, fx->size);
}

/* ---- keys with the identity ------------------------------------------------------------------- */

static void test_keys_stored_and_locked(void **state)
{
	struct fixture *fx = *state;
	struct layout_identity id;
	struct layout_sigkeys got, other;

	assert_int_equal(layout_read_identity(&fx->sim.f, &id), 0);
	assert_int_equal(id.sig_keys, UNIT_KEYS);
	assert_int_equal(layout_read_sigkeys(&fx->sim.f, &got), 0);
	assert_int_equal(got.count, UNIT_KEYS);
	assert_memory_equal(got.key, signer.point, UNIT_KEYS * sizeof(got.key[0]));
	assert_true(at29_boot_block_locked(&fx->sim.f, LAYOUT_SIGKEYS_OFF));

	/* formatting again: the same keys keep the unit; other keys, or none, are refused */
	assert_int_equal(layout_format_signed(&fx->sim.f, SERIAL, NULL, &fx->keys), 0);
	other = fx->keys;
	other.key[1] = signer.point[2];
	assert_int_equal(layout_format_signed(&fx->sim.f, SERIAL, NULL, &other), -LAYOUT_ELOCKED);
	assert_int_equal(layout_format(&fx->sim.f, SERIAL, NULL), -LAYOUT_ELOCKED);
	other.count = 1;
	assert_int_equal(layout_format_signed(&fx->sim.f, SERIAL, NULL, &other), -LAYOUT_ELOCKED);
	assert_int_equal(layout_read_sigkeys(&fx->sim.f, &got), 0);
	assert_memory_equal(got.key, signer.point, UNIT_KEYS * sizeof(got.key[0]));

	/* the locked block takes no write: the keys stay whatever a program tries */
	memset(got.key[0].point, 0x11, SIG_POINT_LEN);
	assert_int_not_equal(at29_write(&fx->sim.f, LAYOUT_SIGKEYS_OFF + 0x10, got.key[0].point,
					SIG_POINT_LEN, NULL, NULL),
			     0);
	assert_int_equal(layout_read_sigkeys(&fx->sim.f, &got), 0);
	assert_memory_equal(got.key, signer.point, UNIT_KEYS * sizeof(got.key[0]));
}

static void test_too_many_keys(void **state)
{
	struct fixture *fx = *state;
	struct layout_sigkeys five;

	(void)fx;
	memset(&five, 0, sizeof(five));
	five.count = LAYOUT_SIGKEYS_MAX + 1;
	memset(fx->array, 0xFF, fx->size);
	power_up(fx);
	assert_int_equal(layout_format_signed(&fx->sim.f, SERIAL, NULL, &five),
			 -LAYOUT_ETOOMANYKEYS);
}

/* Identity naming keys the key record does not hold: the unit verifies (and boots) nothing. */
static void test_damaged_keys(void **state)
{
	struct fixture *fx = *state;
	struct layout_sigkeys got;
	struct layout_boot_status st;

	sign(fx, 0, 0);
	assert_int_equal(install(fx), 0);
	/* damage behind the lock, as a flash programmer could: one byte of key 1 */
	fx->array[LAYOUT_SIGKEYS_OFF + 0x10 + SIG_POINT_LEN + 5] ^= 0x40;
	assert_int_equal(layout_read_sigkeys(&fx->sim.f, &got), -LAYOUT_ESIGKEYS);
	assert_int_equal(got.count, 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_ESIGKEYS);
	assert_int_equal(st.sig_err, -LAYOUT_ESIGKEYS);
	snapshot(fx);
	make_image(fx, 6, 2);
	sign(fx, 0, 0);
	assert_int_equal(install(fx), -LAYOUT_ESIGKEYS);
	unchanged(fx);

	/* the record erased: the same */
	memset(fx->array + LAYOUT_SIGKEYS_OFF, 0xFF, 2 * AT29_SECTOR_SIZE);
	assert_int_equal(layout_read_sigkeys(&fx->sim.f, &got), -LAYOUT_ESIGKEYS);
	assert_int_equal(install(fx), -LAYOUT_ESIGKEYS);
}

static void test_parse_records(void **state)
{
	uint8_t area[LAYOUT_SIGKEYS_AREA];
	struct layout_sector s[1];
	struct layout_sigkeys keys, got;
	struct layout_identity id;
	uint32_t seq, v;

	(void)state;
	memset(&keys, 0, sizeof(keys));
	keys.count = 3;
	memcpy(keys.key, signer.point, 3 * sizeof(keys.key[0]));
	layout_seal_sigkeys(area, &keys);
	assert_int_equal(layout_parse_sigkeys(area, sizeof(area), &got), 0);
	assert_int_equal(got.count, 3);
	assert_int_equal(layout_parse_sigkeys(area, sizeof(struct layout_sigkeys_rec) - 1, NULL),
			 -LAYOUT_ECORRUPT);
	area[0x20] ^= 1;
	assert_int_equal(layout_parse_sigkeys(area, sizeof(area), NULL), -LAYOUT_ECORRUPT);
	keys.count = 0;
	layout_seal_sigkeys(area, &keys);
	assert_int_equal(layout_parse_sigkeys(area, sizeof(area), NULL), -LAYOUT_ECORRUPT);
	memset(area, 0xFF, sizeof(area));
	assert_int_equal(layout_parse_sigkeys(area, sizeof(area), NULL), -LAYOUT_EEMPTY);

	layout_seal_identity(&s[0], SERIAL, 1, 4);
	assert_int_equal(layout_parse_identity(s[0].b, sizeof(s[0].b), &id), 0);
	assert_int_equal(id.sig_keys, 4);
	layout_seal_identity(&s[0], SERIAL, 1, 5);
	assert_int_equal(layout_parse_identity(s[0].b, sizeof(s[0].b), &id), -LAYOUT_ECORRUPT);

	layout_seal_secver(&s[0], 9, 77);
	assert_int_equal(layout_parse_secver(s[0].b, sizeof(s[0].b), &seq, &v), 0);
	assert_int_equal(seq, 9);
	assert_int_equal(v, 77);
	s[0].b[0x15] = 1; /* reserved */
	assert_int_equal(layout_parse_secver(s[0].b, sizeof(s[0].b), NULL, NULL), -LAYOUT_ECORRUPT);
}

/* ---- install ----------------------------------------------------------------------------------- */

static void test_plain_unit_takes_any(void **state)
{
	struct fixture *fx = *state;
	struct layout_boot_status st;
	struct layout_sig_status sig;

	assert_int_equal(install(fx), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.sig.keys, 0);
	assert_false(st.sig.is_signed);
	make_image(fx, 6, 2);
	sign(fx, 2, 3);
	assert_int_equal(layout_check_signature(&fx->sim.f, fx->img, &sig), 0);
	assert_true(sig.is_signed);
	assert_int_equal(sig.key, -1);
	assert_int_equal(install(fx), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_true(st.sig.is_signed);
	assert_int_equal(st.sig.sig.sec_version, 3);
}

static void test_signed_installs_and_boots(void **state)
{
	struct fixture *fx = *state;
	struct layout_boot_status st;

	sign(fx, 1, 4);
	assert_int_equal(install(fx), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.sig_err, 0);
	assert_int_equal(st.sig.keys, UNIT_KEYS);
	assert_true(st.sig.is_signed);
	assert_int_equal(st.sig.key, 1);
	assert_int_equal(st.sig.sig.sec_version, 4);
	assert_memory_equal(st.sig.sig.key_id, signer.id[1], IMG_SIG_KEYID_LEN);
	assert_int_equal(st.sig.floor, 0); /* raised by a boot, not by an install */
}

/* Each refusal names its reason and writes nothing. */
static void test_install_refusals(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		const char *what;
		int err;
	} cases[] = {
		{ "unsigned", -SIG_EUNSIGNED },
		{ "unknown key", -SIG_EUNKNOWNKEY },
		{ "key id of a trusted key, signed by another", -SIG_EBADSIG },
		{ "header changed after signing", -SIG_EBADSIG },
		{ "payload changed after signing", -SIG_EBADSIG },
		{ "payload damaged", -IMG_EPAYLOADSUM },
		{ "signature byte damaged", -IMG_EHDRSUM },
	};
	struct img_info info;
	unsigned int i;

	sign(fx, 0, 0);
	assert_int_equal(install(fx), 0); /* something current to keep */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_image(fx, 6, (uint8_t)(10 + i));
		switch (i) {
		case 0:
			break;
		case 1:
			sign(fx, 2, 0);
			break;
		case 2:
			test_signer_sign(&signer, fx->img, 2, signer.id[1], 0);
			break;
		case 3:
			sign(fx, 1, 0);
			fx->img[0x48] ^= 0x20; /* build text: "S" for "s" */
			img_seal_header(fx->img);
			break;
		case 4:
			sign(fx, 1, 0);
			fx->img[IMG_HDR_SIZE + 100] ^= 1;
			/* the payload's hash and the header's sealed again: only the signature knows */
			mbedtls_sha256_ret(fx->img + IMG_HDR_SIZE, PAYLOAD, fx->img + 0x28, 0);
			img_seal_header(fx->img);
			assert_int_equal(img_parse_header(fx->img, sizeof(fx->img), &info), 0);
			assert_int_equal(img_verify_payload(&info, fx->img + IMG_HDR_SIZE, PAYLOAD),
					 0);
			break;
		case 5:
			sign(fx, 1, 0);
			fx->img[IMG_HDR_SIZE + 100] ^= 1;
			break;
		default:
			sign(fx, 1, 0);
			fx->img[IMG_SIG_RS_OFF + 3] ^= 1;
			break;
		}
		snapshot(fx);
		if (install(fx) != cases[i].err)
			fail_msg("%s: %d, expected %d", cases[i].what, install(fx), cases[i].err);
		unchanged(fx);
	}
	assert_string_equal(layout_strerror(-SIG_EUNSIGNED), "image is unsigned; this unit runs "
							     "only images signed by its keys");
	assert_string_equal(layout_strerror(-SIG_EUNKNOWNKEY), "image is signed by an unknown key");
	assert_string_equal(layout_strerror(-SIG_EBADSIG), "image has a bad signature");
}

/* ---- flash boot -------------------------------------------------------------------------------- */

/* An image put in by a flash programmer (no install check) is refused by the boot check. */
static void test_boot_refusals(void **state)
{
	struct fixture *fx = *state;
	struct layout_boot_status st;

	install_unchecked(fx);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -SIG_EUNSIGNED);
	assert_int_equal(st.image_err, 0);
	assert_int_equal(st.key_err, 0);
	assert_int_equal(st.sig_err, -SIG_EUNSIGNED);

	make_image(fx, 6, 3);
	sign(fx, 2, 0);
	install_unchecked(fx);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -SIG_EUNKNOWNKEY);
	assert_memory_equal(st.sig.sig.key_id, signer.id[2], IMG_SIG_KEYID_LEN);

	make_image(fx, 7, 4);
	sign(fx, 0, 0);
	fx->img[0x49] ^= 0x20; /* build text */
	img_seal_header(fx->img);
	install_unchecked(fx);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -SIG_EBADSIG);
	/* the unit's status (what an install shows before it asks) leaves the signature out */
	assert_int_equal(layout_unit_status(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.sig_err, 0);
	assert_int_equal(st.sig.key, -1);
	assert_int_equal(st.image_err, 0);
	assert_int_equal(st.key_err, 0);
	assert_int_equal(st.image.info.version.maint, 7); /* 6.3(7), the image the boot refused */
}

/* ---- security version -------------------------------------------------------------------------- */

static void test_rollback(void **state)
{
	struct fixture *fx = *state;
	struct layout_boot_status st;
	uint32_t v;

	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(layout_raise_secver(&fx->sim.f, 5), 0);
	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(layout_raise_secver(&fx->sim.f, 3), 0); /* never lowered */
	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 5);

	sign(fx, 0, 4);
	snapshot(fx);
	assert_int_equal(install(fx), -LAYOUT_EROLLBACK);
	unchanged(fx);
	assert_string_equal(layout_strerror(-LAYOUT_EROLLBACK), "image's security version is lower "
								"than the unit's (rollback "
								"refused)");

	/* same security version, older software: the chapter's downgrade still works */
	make_image(fx, 1, 5);
	sign(fx, 0, 5);
	assert_int_equal(install(fx), 0);
	make_image(fx, 9, 6);
	sign(fx, 1, 6);
	assert_int_equal(install(fx), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.sig.floor, 5);
	assert_int_equal(layout_raise_secver(&fx->sim.f, st.sig.sig.sec_version), 0);

	/* a lower one put in by a programmer is refused at boot */
	make_image(fx, 2, 7);
	sign(fx, 1, 5);
	install_unchecked(fx);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_EROLLBACK);
	assert_int_equal(st.sig.floor, 6);
	assert_int_equal(st.sig.sig.sec_version, 5);

	/* many raises alternate the copies; the value only grows */
	for (v = 7; v < 20; v++)
		assert_int_equal(layout_raise_secver(&fx->sim.f, v), 0);
	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 19);
}

/* A power cut at any byte of the record being written leaves the old value or the new one. */
static void test_secver_power_cut(void **state)
{
	struct fixture *fx = *state;
	unsigned int copy, bytes, got_old = 0, got_new = 0;
	uint32_t v, old = 0;

	for (copy = 0; copy < 2; copy++) {
		uint32_t target = old + 10;
		/* the record written next: A first, then B, then A ... */
		uint32_t sector = (LAYOUT_SECVER_OFF + copy * AT29_SECTOR_SIZE) / AT29_SECTOR_SIZE;

		for (bytes = 0; bytes <= AT29_SECTOR_SIZE; bytes += 5) {
			at29_model_fault_power_cut(&fx->sim.m, sector, bytes);
			(void)layout_raise_secver(&fx->sim.f, target);
			power_up(fx);
			assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
			if (v == old) {
				got_old++;
			} else {
				assert_int_equal(v, target);
				got_new++;
				break;
			}
		}
		assert_int_equal(layout_raise_secver(&fx->sim.f, target), 0);
		assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
		assert_int_equal(v, target);
		old = target;
	}
	assert_true(got_old > 0);
	print_message("security version power cuts: %u left the old value, %u the new\n", got_old,
		      got_new);
}

/* Damaged records: one torn copy falls back to the other; none reads as 0. */
static void test_secver_damaged(void **state)
{
	struct fixture *fx = *state;
	uint32_t v;

	assert_int_equal(layout_raise_secver(&fx->sim.f, 3), 0); /* A */
	assert_int_equal(layout_raise_secver(&fx->sim.f, 8), 0); /* B */
	fx->array[LAYOUT_SECVER_OFF + AT29_SECTOR_SIZE + 0x11] ^= 1; /* B damaged */
	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(layout_raise_secver(&fx->sim.f, 8), 0); /* rewrites B */
	assert_int_equal(layout_read_secver(&fx->sim.f, &v), 0);
	assert_int_equal(v, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keys_stored_and_locked, setup_keyed, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_keys, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_keys, setup_keyed, teardown),
		cmocka_unit_test(test_parse_records),
		cmocka_unit_test_setup_teardown(test_plain_unit_takes_any, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_signed_installs_and_boots, setup_keyed,
						teardown),
		cmocka_unit_test_setup_teardown(test_install_refusals, setup_keyed, teardown),
		cmocka_unit_test_setup_teardown(test_boot_refusals, setup_keyed, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup_keyed, teardown),
		cmocka_unit_test_setup_teardown(test_secver_power_cut, setup_keyed, teardown),
		cmocka_unit_test_setup_teardown(test_secver_damaged, setup_keyed, teardown),
	};

	return cmocka_run_group_tests(tests, setup_signer, teardown_signer);
}
