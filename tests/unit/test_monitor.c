/* Unit tests of monitor/monitor.c: defaults, banner, prompt, the input loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fake_mon_platform.h"

#define PROMPT "monitor> "
#define NICS_2                                   \
	"0: i8255X @ PCI(bus:0 dev:13 irq:11)\n" \
	"1: i8255X @ PCI(bus:0 dev:14 irq:10)\n"

/* A monitor on the fake platform. */
struct ctx {
	struct fake f;
	struct mon m;
};

static struct ctx the_ctx;

static struct ctx *start(unsigned int nics)
{
	fake_init(&the_ctx.f, nics);
	mon_init(&the_ctx.m, &the_ctx.f.plat);
	return &the_ctx;
}

static void feed_all(struct ctx *c)
{
	while (c->f.in_pos < c->f.in_len)
		mon_feed(&c->m, c->f.in[c->f.in_pos++].c);
}

static void test_init_defaults(void **state)
{
	struct ctx *c;

	(void)state;
	c = start(2);
	assert_int_equal(c->m.set.address, 0);
	assert_int_equal(c->m.set.server, 0);
	assert_int_equal(c->m.set.gateway, 0);
	assert_string_equal(c->m.set.file, "");
	assert_int_equal(c->m.set.interface, 1);
	assert_int_equal(c->m.set.timeout_s, 4);
	assert_false(c->m.set.trace);
	assert_false(c->m.quit);
	assert_ptr_equal(c->m.plat, &c->f.plat);
	assert_int_equal(start(3)->m.set.interface, 1);
	assert_int_equal(start(1)->m.set.interface, 0);
	assert_int_equal(start(0)->m.set.interface, 0);
	assert_string_equal(c->f.out, "");
}

static void test_banner(void **state)
{
	struct ctx *c = start(2);

	(void)state;
	mon_banner(&c->m);
	assert_string_equal(c->f.out, NICS_2 "\nUse ? for help.\n" PROMPT);
}

static void test_banner_other_nics(void **state)
{
	struct ctx *c = start(4);

	(void)state;
	mon_banner(&c->m);
	assert_string_equal(c->f.out, NICS_2 "2: i8254X @ PCI(bus:0 dev:15 irq:11)\n"
					     "3: i8254X @ PCI(bus:0 dev:16 irq:10)\n"
					     "\nUse ? for help.\n" PROMPT);
}

static void test_banner_no_nics(void **state)
{
	struct ctx *c = start(0);

	(void)state;
	mon_banner(&c->m);
	assert_string_equal(c->f.out, "\nUse ? for help.\n" PROMPT);
}

static void test_nic_count_capped(void **state)
{
	struct ctx *c = start(MON_NIC_MAX + 2);

	(void)state;
	assert_int_equal(mon_nic_count(&c->f.plat), MON_NIC_MAX);
	mon_list_nics(&c->f.plat);
	assert_non_null(strstr(c->f.out, "7: i8255X @ PCI(bus:1 dev:4 irq:5)\n"));
	assert_null(strstr(c->f.out, "8: "));
}

static void test_platform_prompt(void **state)
{
	struct ctx *c = start(2);

	(void)state;
	c->f.plat.prompt = "pixboothelper> ";
	mon_banner(&c->m);
	fake_type(&c->f, "\r");
	feed_all(c);
	assert_string_equal(c->f.out, NICS_2 "\nUse ? for help.\npixboothelper> \npixboothelper> ");
}

static void test_feed_prompts_after_each_line(void **state)
{
	struct ctx *c = start(2);

	(void)state;
	fake_type(&c->f, "\r  \rtimeout 7\r\nab\x03"
			 "trace\x1b[A\n");
	fake_key(&c->f, MON_CON_NONE);
	fake_type(&c->f, "x");
	fake_key(&c->f, MON_CON_BREAK);
	feed_all(c);
	assert_string_equal(c->f.out, "\n" PROMPT "  \n" PROMPT "timeout 7\ntimeout 7\n" PROMPT
				      "ab^C\n" PROMPT "trace\ntrace on\n" PROMPT "x^C\n" PROMPT);
	assert_int_equal(c->m.set.timeout_s, 7);
}

static void test_overlong_line_runs_nothing(void **state)
{
	struct ctx *c = start(2);
	char want[512];
	char line[MON_LINE_MAX + 20];

	(void)state;
	/* "timeout 9" followed by blanks: valid, but one character too long */
	memset(line, ' ', sizeof(line));
	memcpy(line, "timeout 9", 9);
	line[MON_LINE_MAX + 1] = '\0';
	fake_type(&c->f, line);
	fake_type(&c->f, "\r");
	feed_all(c);
	line[MON_LINE_MAX] = '\0';
	snprintf(want, sizeof(want), "%s\a\nLine too long (max 128 characters); ignored.\n" PROMPT,
		 line);
	assert_string_equal(c->f.out, want);
	assert_int_equal(c->m.set.timeout_s, 4);
}

static void test_run_until_reload(void **state)
{
	struct ctx *c = start(2);

	(void)state;
	mon_banner(&c->m);
	fake_type(&c->f, "addr 192.168.1.1\r\n");
	fake_key_at(&c->f, FAKE_START_MS + 50, 'r');
	fake_key_at(&c->f, FAKE_START_MS + 100, 'e');
	fake_type(&c->f, "load\r\n");
	mon_run(&c->m);
	assert_string_equal(c->f.out, NICS_2 "\nUse ? for help.\n" PROMPT "addr "
					     "192.168.1.1\naddress "
					     "192.168.1.1\n" PROMPT "reload\nRebooting...\n");
	assert_int_equal(c->f.reloads, 1);
	assert_true(c->m.quit);
	assert_int_equal(c->m.set.address, 0xc0a80101);
	/* it kept polling through the empty stretches, and stopped right after the reload */
	assert_true(c->f.getc_calls > 100);
	assert_int_equal(c->f.in_pos, c->f.in_len - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_banner_other_nics),
		cmocka_unit_test(test_banner_no_nics),
		cmocka_unit_test(test_nic_count_capped),
		cmocka_unit_test(test_platform_prompt),
		cmocka_unit_test(test_feed_prompts_after_each_line),
		cmocka_unit_test(test_overlong_line_runs_nothing),
		cmocka_unit_test(test_run_until_reload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
