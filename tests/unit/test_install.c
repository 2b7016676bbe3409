/* Unit tests of monitor/install.c: the install dialogue on a fake flash and console. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "fake_mon_platform.h"

#define BANNER "\nPIX admin loader (3.0) #0: today\nFlash=AT29C040A @ 0xe0000000\n"

struct ctx {
	struct fake f; /* with its fake flash, f.flash */
	struct mon m;
};

static struct ctx the_ctx;

static int setup(void **state)
{
	struct ctx *c = &the_ctx;

	memset(c, 0, sizeof(*c));
	fake_init(&c->f, 2);
	fake_attach_flash(&c->f);
	c->f.flash.info = (struct mon_install_info){ .version = "6.3.5",
						     .flash_version = "6.2.1",
						     .serial = 12345678 };
	c->f.plat.build_date = "today";
	mon_init(&c->m, &c->f.plat);
	*state = c;
	return 0;
}

/* Runs the dialogue over 256 KiB with @typed queued as the user's answers. */
static int run(struct ctx *c, const char *typed)
{
	static const uint8_t image[256 * 1024];

	fake_clear_output(&c->f);
	fake_type(&c->f, typed);
	return mon_install(&c->m, image, sizeof(image));
}

static void test_install_with_valid_key_and_no_boot(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, "y\rn\r"), 0);
	assert_string_equal(c->f.out, BANNER "Flash version 6.2.1, Install version 6.3.5\n"
					     "Install to flash? [yn] y\nInstalling to flash....\n"
					     "Image installed\nBoot the new image? [yn] n\n");
	assert_int_equal(c->f.flash.installs, 1);
	assert_int_equal(c->f.flash.stores, 0);
	assert_int_equal(c->f.flash.boots, 0);
}

static void test_install_asks_key_in_four_words_then_boots(void **state)
{
	struct ctx *c = *state;

	c->f.flash.info.key_err = -1;
	assert_int_equal(run(c, "Y\r0x77d91d9f\rd1f6436e\r0x33f0d23a\r0x9aa23511\ryes\r"), 0);
	assert_string_equal(c->f.flash.words, "0x77d91d9f d1f6436e 0x33f0d23a 0x9aa23511");
	assert_non_null(strstr(c->f.out, "Serial Number: 12345678 (0xbc614e)\n"
					 "Enter Activation Key\n"
					 "Part 1 of 4: 0x77d91d9f\n"
					 "Part 2 of 4: d1f6436e\n"
					 "Part 3 of 4: 0x33f0d23a\n"
					 "Part 4 of 4: 0x9aa23511\n"
					 "Installing to flash"));
	assert_int_equal(c->f.flash.installs, 1);
	assert_int_equal(c->f.flash.boots, 1);
}

static void test_invalid_key_installs_nothing(void **state)
{
	struct ctx *c = *state;

	c->f.flash.info.key_err = -1;
	c->f.flash.store_err = -EINVAL;
	assert_int_equal(run(c, "y\r1\r2\r3\r4\r"), -EINVAL);
	assert_non_null(strstr(c->f.out, "Part 4 of 4: 4\nThe activation key is not valid.\n"
					 "Image not installed\n"));
	assert_int_equal(c->f.flash.installs, 0);
}

static void test_ctrl_c_at_key_installs_nothing(void **state)
{
	struct ctx *c = *state;

	c->f.flash.info.key_err = -1;
	assert_int_equal(run(c, "y\r0x1\r\x03"), -ECANCELED);
	assert_non_null(strstr(c->f.out, "no activation key entered\nImage not installed\n"));
	assert_int_equal(c->f.flash.stores, 0);
	assert_int_equal(c->f.flash.installs, 0);
}

static void test_decline_or_empty_answer_installs_nothing(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, "n\r"), -ECANCELED);
	assert_int_equal(run(c, "\r"), -ECANCELED);
	assert_non_null(strstr(c->f.out, "[yn] \nImage not installed\n"));
	assert_int_equal(c->f.flash.installs, 0);
}

static void test_bad_image_refused_without_questions(void **state)
{
	struct ctx *c = *state;

	c->f.flash.info.err = -1;
	c->f.flash.info.message = "Checksum verification on flash image failed";
	assert_int_equal(run(c, ""), -1);
	assert_string_equal(c->f.out, BANNER "Checksum verification on flash image failed\n"
					     "Image not installed\n");
	assert_int_equal(c->f.flash.installs, 0);
}

/* What the platform's after_install hook was called with (test_after_install_*). */
static struct {
	unsigned int calls;
	int in_err;
	int err;
} hook;

static void after_install(struct mon *m, const struct mon_install_info *in, int err)
{
	(void)m;
	hook.calls++;
	hook.in_err = in->err;
	hook.err = err;
}

static void test_after_install_replaces_the_boot_question(void **state)
{
	struct ctx *c = *state;

	memset(&hook, 0, sizeof(hook));
	c->f.plat.after_install = after_install;
	assert_int_equal(run(c, "y\r"), 0);
	assert_string_equal(c->f.out, BANNER "Flash version 6.2.1, Install version 6.3.5\n"
					     "Install to flash? [yn] y\nInstalling to flash....\n"
					     "Image installed\n");
	assert_int_equal(hook.calls, 1);
	assert_int_equal(hook.err, 0);
	assert_int_equal(c->f.flash.installs, 1);
	assert_int_equal(c->f.flash.boots, 0);
}

static void test_after_install_ends_every_outcome(void **state)
{
	struct ctx *c = *state;

	memset(&hook, 0, sizeof(hook));
	c->f.plat.after_install = after_install;
	assert_int_equal(run(c, "n\r"), -ECANCELED); /* declined */
	assert_int_equal(hook.calls, 1);
	assert_int_equal(hook.err, -ECANCELED);
	assert_int_equal(hook.in_err, 0);
	c->f.flash.info.err = -1; /* the image check failed */
	c->f.flash.info.message = "Checksum verification on flash image failed";
	assert_int_equal(run(c, ""), -1);
	assert_int_equal(hook.calls, 2);
	assert_int_equal(hook.in_err, -1);
	assert_int_equal(hook.err, -1);
	c->f.flash.info.err = 0;
	c->f.flash.install_err = -EIO; /* the write failed */
	assert_int_equal(run(c, "y\r"), -EIO);
	assert_int_equal(hook.calls, 3);
	assert_int_equal(hook.err, -EIO);
	assert_int_equal(c->f.flash.boots, 0);
}

static void test_failed_write_says_so(void **state)
{
	struct ctx *c = *state;

	c->f.flash.install_err = -EIO;
	assert_int_equal(run(c, "y\r"), -EIO);
	assert_non_null(strstr(c->f.out, "Installing to flash\nflash write failed\nImage not "
					 "installed\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_install_with_valid_key_and_no_boot, setup),
		cmocka_unit_test_setup(test_install_asks_key_in_four_words_then_boots, setup),
		cmocka_unit_test_setup(test_invalid_key_installs_nothing, setup),
		cmocka_unit_test_setup(test_ctrl_c_at_key_installs_nothing, setup),
		cmocka_unit_test_setup(test_decline_or_empty_answer_installs_nothing, setup),
		cmocka_unit_test_setup(test_bad_image_refused_without_questions, setup),
		cmocka_unit_test_setup(test_failed_write_says_so, setup),
		cmocka_unit_test_setup(test_after_install_replaces_the_boot_question, setup),
		cmocka_unit_test_setup(test_after_install_ends_every_outcome, setup),
	};

	return cmocka_run_group_tests_name("install", tests, NULL, NULL);
}
