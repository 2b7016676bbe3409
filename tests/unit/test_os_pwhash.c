/* Unit tests of os/pwhash.c: PIX's 16-character "encrypted" password form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "os/os.h"

static void hash_is(const char *pw, const char *want)
{
	char out[OS_PW_HASH_LEN + 1];

	memset(out, '#', sizeof(out));
	os_pw_hash(pw, out);
	assert_string_equal(out, want);
}

/* Known values: the reference's ("cisco", the empty password), others computed apart in Python. */
static void test_known_hashes(void **state)
{
	(void)state;
	hash_is("cisco", "2KFQnbNIdI.2KYOU");
	hash_is("", "8Ry2YjIyt7RRXU24");
	hash_is("s3cret", "/OaZutGBTC4fRjmd");
	hash_is("t3lnet", "YLOcDojAZ83uojQq");
	hash_is("a", "qql0il5mH7fKVnNo");
	hash_is("0123456789abcdef", ".7nfVBEIEu4KbF/1");
}

/* Only the first 16 characters count, as on the PIX. */
static void test_truncated_at_16(void **state)
{
	(void)state;
	hash_is("0123456789abcdefXYZ", ".7nfVBEIEu4KbF/1");
	hash_is("0123456789abcdefX", ".7nfVBEIEu4KbF/1");
	hash_is("0123456789abcde", "al1e0XFIugTYLai3");
}

static void test_is_hash(void **state)
{
	(void)state;
	assert_true(os_pw_is_hash("2KFQnbNIdI.2KYOU"));
	assert_true(os_pw_is_hash("8Ry2YjIyt7RRXU24"));
	assert_true(os_pw_is_hash("./09AZaz./09AZaz"));
	assert_false(os_pw_is_hash(""));
	assert_false(os_pw_is_hash("2KFQnbNIdI.2KYO"));
	assert_false(os_pw_is_hash("2KFQnbNIdI.2KYOUx"));
	assert_false(os_pw_is_hash("2KFQnbNIdI.2KYO!"));
	assert_false(os_pw_is_hash("2KFQnbNIdI-2KYOU"));
	assert_false(os_pw_is_hash("2KFQnbNIdI 2KYOU"));
	assert_false(os_pw_is_hash("2KFQnbNIdI.2KYO\xc3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_hashes),
		cmocka_unit_test(test_truncated_at_16),
		cmocka_unit_test(test_is_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
