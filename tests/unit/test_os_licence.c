/* Unit tests of os/licence.c: activation-key (Table 11-1) and show activation-key (11-1..3). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_os_platform.h"
#include "flash/layout.h"

#define NOT_VALID "The activation key is not valid.\n"
#define KEY_ALL_TEXT "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"
#define KEY_NO3DES_TEXT "0xf127d01b 0x78c0c4b7 0x4e576280 0x49ba8482"

#define SERIAL_LINES "Serial Number: 12345678 (0xbc614e)\n\n"

/* Example 11-1's "Licensed Features:" block, for the key with all features. */
#define FEATURES_ALL                      \
	"Licensed Features:\n"            \
	"Failover:           Enabled\n"   \
	"VPN-DES:            Enabled\n"   \
	"VPN-3DES:           Enabled\n"   \
	"Maximum Interfaces: 6\n"         \
	"Cut-through Proxy:  Enabled\n"   \
	"Guards:             Enabled\n"   \
	"Websense:           Enabled\n"   \
	"Throughput:         Unlimited\n" \
	"ISAKMP peers:      Unlimited\n"

#define FEATURES_NO3DES                   \
	"Licensed Features:\n"            \
	"Failover:           Enabled\n"   \
	"VPN-DES:            Enabled\n"   \
	"VPN-3DES:           Disabled\n"  \
	"Maximum Interfaces: 6\n"         \
	"Cut-through Proxy:  Enabled\n"   \
	"Guards:             Enabled\n"   \
	"Websense:           Enabled\n"   \
	"Throughput:         Unlimited\n" \
	"ISAKMP peers:      Unlimited\n"

#define RUNNING_BLOCK SERIAL_LINES "Running activation key: " KEY_ALL_TEXT "\n" FEATURES_ALL "\n"

/* A unit whose flash holds the running image and the running key (all features). */
static int setup(void **state)
{
	struct fake_os *o = fake_os_new(2);

	fake_os_flash(o, 2, &fake_os_key_all);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

static void assert_flash_key(struct fake_os *o, const struct lic_key *want)
{
	struct lic_key k;

	assert_int_equal(layout_read_key(&o->sim.f, &k), 0);
	assert_memory_equal(&k, want, sizeof(k));
}

/* Runs an activation-key line that must be refused with exactly @msg, writing nothing. */
static void refused(struct fake_os *o, const char *line, const char *msg)
{
	uint64_t writes = o->sim.writes;

	if (fake_os_exec(o, line) >= 0)
		fail_msg("'%s' was accepted", line);
	assert_string_equal(fake_os_out(o), msg);
	assert_int_equal(o->sim.writes, writes);
	assert_flash_key(o, &fake_os_key_all);
	assert_memory_equal(&o->os.id.key, &fake_os_key_all, sizeof(o->os.id.key));
}

static void test_key_word_count(void **state)
{
	struct fake_os *o = *state;

	refused(o, "activation-key 0x77d91d9f 0xd1f6436e 0x33f0d23a",
		"ERROR: an activation key is four words; 3 given\n" NOT_VALID);
	refused(o, "activation-key 0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511 0x1",
		"ERROR: an activation key is four words; 5 given\n" NOT_VALID);
	refused(o, "activation-key", "ERROR: an activation key is four words; 0 given\n" NOT_VALID);
	refused(o, "activation-key 1 2 3 4 5 6 7 8 9",
		"Usage: activation-key activation-key-four-tuple\n");
}

static void test_key_word_form(void **state)
{
	struct fake_os *o = *state;

	refused(o, "activation-key 0x77d91d9f 0xd1f6436g 0x33f0d23a 0x9aa23511",
		"ERROR: activation key word 2 '0xd1f6436g' is not hexadecimal\n" NOT_VALID);
	refused(o, "activation-key 77d91d9f d1f6436e 33f0d23a -9aa23511",
		"ERROR: activation key word 4 '-9aa23511' is not hexadecimal\n" NOT_VALID);
	refused(o, "activation-key 0x0x1 2 3 4",
		"ERROR: activation key word 1 '0x0x1' is not hexadecimal\n" NOT_VALID);
	refused(o, "activation-key 0x123456789 0xd1f6436e 0x33f0d23a 0x9aa23511",
		"ERROR: activation key word 1 '0x123456789' has more than 8 hex digits "
		"(1-8)\n" NOT_VALID);
	refused(o, "activation-key 77d91d9f d1f6436e 033f0d23a 9aa23511",
		"ERROR: activation key word 3 '033f0d23a' has more than 8 hex digits "
		"(1-8)\n" NOT_VALID);
	refused(o, "activation-key 0x77d91d9f 0x 0x33f0d23a 0x9aa23511",
		"ERROR: activation key word 2 '0x' has no hex digits (1-8)\n" NOT_VALID);
	/* the chapter's own example: a 9-digit word */
	refused(o, "activation-key 0x12345678 0xabcdef01 0x2345678ab 0xcdef01234",
		"ERROR: activation key word 3 '0x2345678ab' has more than 8 hex digits "
		"(1-8)\n" NOT_VALID);
}

static void test_key_for_another_serial(void **state)
{
	struct fake_os *o = *state;
	struct lic_features f = { .failover = true, .max_interfaces = 6 };
	char line[MON_LINE_MAX + 1], text[LIC_KEY_TEXT_MAX];
	struct lic_key k;

	assert_int_equal(lic_make(FAKE_OS_OTHER_SERIAL, &f, LIC_DEV_VENDOR_KEY, &k), 0);
	lic_format_key(&k, text);
	snprintf(line, sizeof(line), "activation-key %s", text);
	refused(o, line,
		"ERROR: the key is for serial number 87654321, not this unit's "
		"12345678\n" NOT_VALID);
}

static void test_key_not_genuine(void **state)
{
	struct fake_os *o = *state;

	refused(o, "activation-key 1 2 3 4", NOT_VALID);
	/* one bit off the genuine key */
	refused(o, "activation-key 0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23510", NOT_VALID);
}

static void test_key_same_as_running(void **state)
{
	struct fake_os *o = *state;

	refused(o, "activation-key " KEY_ALL_TEXT,
		"The activation key you entered is the same as the Running key.\n");
	/* however it is typed */
	refused(o, "activation-key 77D91D9F 0XD1F6436E 33f0d23a 0x9aa23511",
		"The activation key you entered is the same as the Running key.\n");
}

/* Table 11-1: with another image in flash, no key is taken, good or not. */
static void test_flash_image_differs(void **state)
{
	struct fake_os *o = *state;

	fake_os_install(o, "6.3(5)", 2, false);
	assert_int_equal(os_flash_image_differs(&o->os), 1);
	refused(o, "activation-key " KEY_NO3DES_TEXT,
		"The Flash image and the Running image differ.\n");
	refused(o, "activation-key " KEY_ALL_TEXT,
		"The Flash image and the Running image differ.\n");
	refused(o, "activation-key 1 2 3 4", "The Flash image and the Running image differ.\n");
	/* the word checks come first */
	refused(o, "activation-key 1 2 3",
		"ERROR: an activation key is four words; 3 given\n" NOT_VALID);
}

static void test_running_image_unknown(void **state)
{
	struct fake_os *o = *state;

	o->os.id.hdr_known = false;
	assert_int_equal(os_flash_image_differs(&o->os), 1);
	refused(o, "activation-key " KEY_NO3DES_TEXT,
		"The Flash image and the Running image differ.\n");
}

static void test_flash_without_image(void **state)
{
	struct fake_os *o = fake_os_new(2);

	(void)state;
	fake_os_flash(o, 1, &fake_os_key_all);
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(os_flash_image_differs(&o->os), 1);
	refused(o, "activation-key " KEY_NO3DES_TEXT,
		"The Flash image and the Running image differ.\n");
	fake_os_free(o);
}

static void test_good_key(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(os_flash_image_differs(&o->os), 0);
	assert_int_equal(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT), 0);
	assert_string_equal(fake_os_out(o), SERIAL_LINES
			    "Flash activation key: " KEY_NO3DES_TEXT "\n" FEATURES_NO3DES "\n"
			    "The flash activation key has been modified.\n"
			    "The flash activation key is now DIFFERENT than "
			    "the running key.\n"
			    "The flash activation key will be used when the "
			    "unit is reloaded.\n");
	assert_flash_key(o, &fake_os_key_no3des);
	/* the running key is the one the ROM checked until the reload */
	assert_memory_equal(&o->os.id.key, &fake_os_key_all, sizeof(o->os.id.key));
	/* the flash key cannot be set back to the running key (Table 11-1), another one can */
	assert_int_equal(fake_os_exec(o, "activation-key " KEY_ALL_TEXT), -EINVAL);
	assert_string_equal(fake_os_out(o), "The activation key you entered is the same as the "
					    "Running key.\n");
	assert_flash_key(o, &fake_os_key_no3des);
	assert_int_equal(fake_os_exec(o, "activation-key 167f137f 7653ee5b A1591A7D 0xf8a49356"),
			 0);
	assert_flash_key(o, &fake_os_key_small);
}

static void test_good_key_without_0x_and_abbreviated(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "act F127D01B 78c0c4b7 4E576280 49ba8482"), 0);
	assert_flash_key(o, &fake_os_key_no3des);
}

/* Powers the bank up again over the same file, as after a power cut. */
static void power_up(struct fake_os *o)
{
	assert_int_equal(at29_sim_power_up(&o->sim, o->chips, o->array,
					   o->array + LAYOUT_PSTATE_OFF(o->chips),
					   AT29_MODEL_TIMING_FAST),
			 0);
}

/* A power cut in the middle of the key's write leaves the old key, never neither. */
static void test_key_write_cut(void **state)
{
	struct fake_os *o = *state;
	struct lic_key k;

	o->sim.cut_at = o->sim.writes + 40;
	assert_true(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT) < 0);
	assert_string_equal(fake_os_out(o), "ERROR: writing the activation key to flash failed: "
					    "flash write failed\n");
	power_up(o);
	assert_int_equal(layout_read_key(&o->sim.f, &k), 0);
	assert_memory_equal(&k, &fake_os_key_all, sizeof(k));
}

/* A power cut after any bus write of the key's update: the old key or the new one, never none. */
static void test_key_write_cut_anywhere(void **state)
{
	struct fake_os *o = *state;
	size_t size = o->chips * AT29_CHIP_SIZE;
	uint8_t *saved = malloc(size);
	uint64_t n, total = o->sim.writes;
	unsigned int got_old = 0, got_new = 0;
	struct lic_key k;
	int r;

	assert_non_null(saved);
	memcpy(saved, o->array, size);
	assert_int_equal(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT), 0);
	total = o->sim.writes - total;
	for (n = 1; n <= total; n++) {
		memcpy(o->array, saved, size);
		power_up(o);
		o->sim.cut_at = o->sim.writes + n;
		r = fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT);
		power_up(o);
		assert_int_equal(layout_read_key(&o->sim.f, &k), 0);
		if (!memcmp(&k, &fake_os_key_no3des, sizeof(k))) {
			got_new++;
		} else {
			assert_memory_equal(&k, &fake_os_key_all, sizeof(k));
			assert_true(r < 0);
			got_old++;
		}
	}
	/* every cut came before the new record's write cycle: the old key stays */
	assert_int_equal(got_old + got_new, total);
	assert_true(got_old > 0);
	free(saved);
}

static void test_no_flash(void **state)
{
	struct fake_os *o = fake_os_new(2);

	(void)state;
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(os_flash_image_differs(&o->os), -ENODEV);
	assert_int_equal(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT), -ENODEV);
	assert_string_equal(fake_os_out(o), "ERROR: no flash to store the activation key in\n");
	assert_int_equal(fake_os_exec(o, "show activation-key"), -ENODEV);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK "This unit has no usable flash: there is "
							  "no flash activation key.\n");
	fake_os_free(o);
}

/* Example 11-1: flash key and image the same as running. */
static void test_show_example_11_1(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "show activation-key"), 0);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK "The flash activation key is the SAME as "
							  "the running key.\n");
	/* privileged mode has it too, abbreviated */
	assert_int_equal(fake_os_exec(o, "end"), 0);
	assert_int_equal(fake_os_exec(o, "sh act"), 0);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK "The flash activation key is the SAME as "
							  "the running key.\n");
}

/* Example 11-2: the flash key differs from the running key. */
static void test_show_example_11_2(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT), 0);
	assert_int_equal(fake_os_exec(o, "show activation-key"), 0);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK
			    "Flash activation key: " KEY_NO3DES_TEXT "\n" FEATURES_NO3DES "\n"
			    "The flash activation key is DIFFERENT than the running key.\n"
			    "The flash activation key takes effect after the next reload.\n");
}

/* Example 11-3: the flash image differs from the running image. */
static void test_show_example_11_3(void **state)
{
	struct fake_os *o = *state;

	fake_os_install(o, "6.3(4)", 3, false);
	assert_int_equal(fake_os_exec(o, "show activation-key"), 0);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK "The flash image is DIFFERENT than the "
							  "running image.\n"
							  "The two images must be the same in "
							  "order to examine the "
							  "flash activation key.\n");
}

static void test_show_without_a_flash_key(void **state)
{
	struct fake_os *o = fake_os_new(2);

	(void)state;
	fake_os_flash(o, 2, NULL);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "show activation-key"), 0);
	assert_string_equal(fake_os_out(o), RUNNING_BLOCK "The flash holds no activation key valid "
							  "for this unit.\n");
	fake_os_free(o);
}

static void test_not_in_user_mode(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "disable"), 0);
	assert_int_equal(fake_os_exec(o, "show activation-key"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: a privileged command (use enable first)\n");
	assert_int_equal(fake_os_exec(o, "activation-key " KEY_NO3DES_TEXT), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: a configuration command (use configure "
					    "terminal "
					    "first)\n");
	assert_flash_key(o, &fake_os_key_all);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_key_word_count),
		T(test_key_word_form),
		T(test_key_for_another_serial),
		T(test_key_not_genuine),
		T(test_key_same_as_running),
		T(test_flash_image_differs),
		T(test_running_image_unknown),
		cmocka_unit_test(test_flash_without_image),
		T(test_good_key),
		T(test_good_key_without_0x_and_abbreviated),
		T(test_key_write_cut),
		T(test_key_write_cut_anywhere),
		cmocka_unit_test(test_no_flash),
		T(test_show_example_11_1),
		T(test_show_example_11_2),
		T(test_show_example_11_3),
		cmocka_unit_test(test_show_without_a_flash_key),
		T(test_not_in_user_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
