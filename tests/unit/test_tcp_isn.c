/*
 * Unit tests of net/tcp_isn.c: RFC 6528 ISNs. A known answer (the hash's input as the file says),
 * the timer's 4 microsecond ticks, and that one connection's ISN tells nothing of the next one's:
 * successive ports, a second boot's secret.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "net/tcp_isn.h"

#define CONNS 256

static const struct net_tcp_isn_tuple conn = {
	.local_ip = 0x0a00020f, /* 10.0.2.15 */
	.remote_ip = 0x0a000202, /* 10.0.2.2 */
	.local_port = 49153,
	.remote_port = 80,
};

static void key_fill(uint8_t key[NET_TCP_ISN_KEY_LEN], uint8_t first)
{
	unsigned int i;

	for (i = 0; i < NET_TCP_ISN_KEY_LEN; i++)
		key[i] = (uint8_t)(first + i);
}

/* SHA-256(10.0.2.15, 49153, 10.0.2.2, 80, key 00..1f), first 4 bytes, plus 1000 ms of 4 us ticks:
 * computed apart with Python's hashlib. */
static void test_known_answer(void **state)
{
	uint8_t key[NET_TCP_ISN_KEY_LEN];

	(void)state;
	key_fill(key, 0);
	assert_int_equal(net_tcp_isn(key, &conn, 1000), 0x5d2e299c);
}

/* The same connection again later: the ISN moves with the timer only (RFC 793's incarnations). */
static void test_timer(void **state)
{
	uint8_t key[NET_TCP_ISN_KEY_LEN];
	uint32_t a, b;

	(void)state;
	key_fill(key, 7);
	a = net_tcp_isn(key, &conn, 5000);
	b = net_tcp_isn(key, &conn, 5001);
	assert_int_equal((uint32_t)(b - a), NET_TCP_ISN_TICKS_PER_MS);
	b = net_tcp_isn(key, &conn, 5000 + 17179869); /* the 32-bit tick count wraps */
	assert_int_equal((uint32_t)(b - a), (uint32_t)(17179869ull * NET_TCP_ISN_TICKS_PER_MS));
}

/*
 * Connections from successive local ports at the same time (lwIP's next copy): a counter would
 * give equal steps; here no two steps are equal and each bit of the ISN is set in about half of
 * them.
 */
static void test_ports_unpredictable(void **state)
{
	uint8_t key[NET_TCP_ISN_KEY_LEN];
	struct net_tcp_isn_tuple t = conn;
	uint32_t isn[CONNS], step[CONNS - 1];
	unsigned int i, j, bit, ones;

	(void)state;
	key_fill(key, 0x40);
	for (i = 0; i < CONNS; i++) {
		t.local_port = (uint16_t)(conn.local_port + i);
		isn[i] = net_tcp_isn(key, &t, 1234);
	}
	for (i = 0; i + 1 < CONNS; i++)
		step[i] = isn[i + 1] - isn[i];
	for (i = 0; i + 1 < CONNS; i++)
		for (j = i + 1; j + 1 < CONNS; j++)
			assert_int_not_equal(step[i], step[j]);
	for (bit = 0; bit < 32; bit++) {
		for (ones = 0, i = 0; i < CONNS; i++)
			ones += isn[i] >> bit & 1;
		assert_in_range(ones, CONNS / 4, 3 * CONNS / 4);
	}
}

/* Another boot (another secret): the same connection at the same time gets another ISN, and
 * every other field of the four-tuple counts. */
static void test_key_and_tuple(void **state)
{
	uint8_t k1[NET_TCP_ISN_KEY_LEN], k2[NET_TCP_ISN_KEY_LEN];
	struct net_tcp_isn_tuple t;
	uint32_t base;

	(void)state;
	key_fill(k1, 1);
	memcpy(k2, k1, sizeof(k2));
	k2[NET_TCP_ISN_KEY_LEN - 1] ^= 1;
	base = net_tcp_isn(k1, &conn, 99);
	assert_int_not_equal(base, net_tcp_isn(k2, &conn, 99));
	t = conn;
	t.remote_port = 443;
	assert_int_not_equal(base, net_tcp_isn(k1, &t, 99));
	t = conn;
	t.remote_ip ^= 1;
	assert_int_not_equal(base, net_tcp_isn(k1, &t, 99));
	t = conn;
	t.local_ip ^= 0x100;
	assert_int_not_equal(base, net_tcp_isn(k1, &t, 99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_ports_unpredictable),
		cmocka_unit_test(test_key_and_tuple),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
