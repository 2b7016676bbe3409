/*
 * libFuzzer harness for net/fo_frame.c: any bytes as a received frame, read under a fixed key and
 * under none (ASan checks every read), then the same bytes "sealed" (their IP checksum and HMAC
 * made good for what their IP length says) so that mutations get past the MAC to the header and
 * body checks. And, so that the fuzzer starts from good frames without a corpus: the input after
 * its first byte XORed onto a good frame of the type that byte picks (all zeros: the frame
 * itself), as long as the input, then sealed. A frame is refused with one of parse's codes; one
 * that parses builds again to the very same bytes (within the frame: padding after the IP packet
 * is not part of the message).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mbedtls/md.h"
#include "net/fo_frame.h"

static const uint8_t fuzz_key[] = "fuzz-failover-key";

/* Parses @f (@len bytes) under @key; aborts on an unknown code or a message that re-builds to
 * other bytes. */
static void fuzz_check(const uint8_t *f, size_t len, const uint8_t *key, size_t key_len)
{
	uint8_t again[FO_FRAME_MAX];
	struct fo_addr src, dst;
	struct fo_msg m;
	int ret, n;

	ret = fo_frame_parse(f, len, key, key_len, &src, &dst, &m);
	if (ret == -ENOMSG || ret == -EBADMSG || ret == -EPROTONOSUPPORT || ret == -EPERM ||
	    ret == -EACCES)
		return;
	if (ret)
		abort();
	n = fo_frame_build(again, sizeof(again), &src, &dst, &m, key, key_len);
	if (n <= 0 || (size_t)n > len || memcmp(again, f, (size_t)n))
		abort();
}

/* Makes the IP checksum of @f (@len bytes) good, and its MAC under @key where its IP length
 * leaves room for one within @len. */
static void fuzz_seal(uint8_t *f, size_t len, const uint8_t *key, size_t key_len)
{
	uint8_t *ip = f + FO_ETH_HLEN;
	uint32_t sum = 0;
	size_t total, i;

	if (len < FO_ETH_HLEN + FO_IP_HLEN)
		return;
	ip[10] = ip[11] = 0;
	for (i = 0; i < FO_IP_HLEN; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (uint8_t)(~sum >> 8);
	ip[11] = (uint8_t)~sum;
	total = (size_t)(ip[2] << 8 | ip[3]);
	if (total < FO_IP_HLEN + FO_MAC_LEN || total > len - FO_ETH_HLEN)
		return;
	if (mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, key_len, ip + 12,
			    8 + total - FO_IP_HLEN - FO_MAC_LEN, ip + total - FO_MAC_LEN))
		abort();
}

/* A good frame of each type (@type 0 to 3: hello, config, ack, switch), into @f; its length. */
static size_t fuzz_template(uint8_t *f, unsigned type, const uint8_t *key, size_t key_len)
{
	static const struct fo_addr a = { { 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb1 }, 0x0a000001 };
	static const struct fo_addr b = { { 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb2 }, 0x0a000002 };
	static const uint8_t text[] = "failover lan enable\n";
	struct fo_msg m = { .type = (uint8_t)(FO_HELLO + type), .nonce = 1, .echo = 2, .seq = 3 };
	int n;

	if (m.type == FO_HELLO)
		m.u.hello = (struct fo_hello){ 0, FO_ST_ACTIVE, 15, 1, 6, 3, 5, 60, 1 };
	else if (m.type == FO_CONFIG)
		m.u.chunk = (struct fo_config_chunk){ 1, 0, sizeof(text), sizeof(text), text };
	else if (m.type == FO_CONFIG_ACK)
		m.u.ack = (struct fo_ack){ 1, sizeof(text) };
	else
		m.u.switch_to = FO_ST_STANDBY;
	n = fo_frame_build(f, FO_FRAME_MAX, &a, &b, &m, key, key_len);
	if (n <= 0)
		abort();
	return (size_t)n;
}

/* Checks @data (@size bytes) as it is and sealed, under @key. */
static void fuzz_raw(const uint8_t *data, size_t size, uint8_t *copy, const uint8_t *key,
		     size_t key_len)
{
	fuzz_check(data, size, key, key_len);
	memcpy(copy, data, size);
	fuzz_seal(copy, size, key, key_len);
	fuzz_check(copy, size, key, key_len);
}

/*
 * Checks the good frame that @data[0] picks with @data[1..] XORed onto it, sealed, under @key;
 * made at @copy + 1 so that it ends where @copy (@size bytes) does, for ASan.
 */
static void fuzz_xor(const uint8_t *data, size_t size, uint8_t *copy, const uint8_t *key,
		     size_t key_len)
{
	uint8_t t[FO_FRAME_MAX], *f = copy + 1;
	size_t n, i;

	if (!size)
		return;
	n = fuzz_template(t, data[0] & 3, key, key_len);
	for (i = 0; i + 1 < size; i++)
		f[i] = (uint8_t)((i < n ? t[i] : 0) ^ data[i + 1]);
	fuzz_seal(f, size - 1, key, key_len);
	fuzz_check(f, size - 1, key, key_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	fuzz_raw(data, size, copy, fuzz_key, sizeof(fuzz_key) - 1);
	fuzz_raw(data, size, copy, NULL, 0);
	fuzz_xor(data, size, copy, fuzz_key, sizeof(fuzz_key) - 1);
	fuzz_xor(data, size, copy, NULL, 0);
	free(copy);
	return 0;
}
