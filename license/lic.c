/* Activation keys: text form, AES-128 check and minting, and the "Licensed Features:" block. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lic.h"
#include "mbedtls/aes.h"

#define LIC_BLOCK_LEN 16
#define LIC_WORD_DIGITS_MAX 8
#define LIC_AES_KEY_BITS 128

/* The key is exactly one AES block, and its text fits the buffer lic_format_key() is given. */
_Static_assert(sizeof(struct lic_key) == LIC_BLOCK_LEN, "a key is one AES block");
_Static_assert(LIC_KEY_TEXT_MAX >= 4 * 10 + 3 + 1, "room for four 0x%08x words");

/* True for the characters that separate the words of a key. */
static bool lic_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Value of hex digit c, or -1 when c is not one. */
static int lic_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reads one word at s: optional 0x/0X, then one to eight hex digits ending at a blank or the end.
 * Returns the position after it, or NULL when the word is malformed.
 */
static const char *lic_parse_word(const char *s, uint32_t *w)
{
	uint32_t v = 0;
	int digits = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; (d = lic_hex_value(*s)) >= 0; s++) {
		if (++digits > LIC_WORD_DIGITS_MAX)
			return NULL;
		v = (v << 4) | (uint32_t)d;
	}
	if (digits == 0 || (*s != '\0' && !lic_is_blank(*s)))
		return NULL;
	*w = v;
	return s;
}

/**
 * lic_parse() - Reads an activation key as the user types it.
 * @text: four words separated by spaces or tabs (leading and trailing ones allowed), each an
 *        optional 0x or 0X and one to eight hex digits: "0x77d91d9f d1f6436e 0x33f0d23a 9aa23511"
 * @k: receives the key; left untouched on error
 *
 * Return: 0, or -EINVAL for a NULL or empty text, a wrong number of words, a non-hex character or
 * a word of more than eight digits.
 */
int lic_parse(const char *text, struct lic_key *k)
{
	struct lic_key tmp;
	const char *s = text;
	int i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < LIC_KEY_WORDS; i++) {
		while (lic_is_blank(*s))
			s++;
		s = lic_parse_word(s, &tmp.w[i]);
		if (!s)
			return -EINVAL;
	}
	while (lic_is_blank(*s))
		s++;
	if (*s != '\0')
		return -EINVAL;
	*k = tmp;
	return 0;
}

/* Stores the four words big-endian into an AES block. */
static void lic_words_to_block(const uint32_t w[LIC_KEY_WORDS], uint8_t b[LIC_BLOCK_LEN])
{
	int i;

	for (i = 0; i < LIC_KEY_WORDS; i++) {
		b[4 * i] = (uint8_t)(w[i] >> 24);
		b[4 * i + 1] = (uint8_t)(w[i] >> 16);
		b[4 * i + 2] = (uint8_t)(w[i] >> 8);
		b[4 * i + 3] = (uint8_t)w[i];
	}
}

/* Reads the four big-endian words of an AES block. */
static void lic_block_to_words(const uint8_t b[LIC_BLOCK_LEN], uint32_t w[LIC_KEY_WORDS])
{
	int i;

	for (i = 0; i < LIC_KEY_WORDS; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | (uint32_t)b[4 * i + 3];
}

/*
 * Runs AES-128 on the one block of words in[] under vendor_key, encrypting or decrypting
 * (MBEDTLS_AES_ENCRYPT/DECRYPT), into out[]. Returns 0, or -EIO if mbedTLS refuses.
 */
static int lic_aes(const uint8_t vendor_key[LIC_VENDOR_KEY_LEN], int mode,
		   const uint32_t in[LIC_KEY_WORDS], uint32_t out[LIC_KEY_WORDS])
{
	mbedtls_aes_context ctx;
	uint8_t src[LIC_BLOCK_LEN], dst[LIC_BLOCK_LEN];
	int ret;

	mbedtls_aes_init(&ctx);
	if (mode == MBEDTLS_AES_ENCRYPT)
		ret = mbedtls_aes_setkey_enc(&ctx, vendor_key, LIC_AES_KEY_BITS);
	else
		ret = mbedtls_aes_setkey_dec(&ctx, vendor_key, LIC_AES_KEY_BITS);
	if (ret)
		goto err_setkey;
	lic_words_to_block(in, src);
	ret = mbedtls_aes_crypt_ecb(&ctx, mode, src, dst);
	if (ret)
		goto err_crypt;
	lic_block_to_words(dst, out);
	mbedtls_aes_free(&ctx);
	return 0;

err_crypt:
err_setkey:
	mbedtls_aes_free(&ctx);
	return -EIO;
}

/* Unpacks words 1 and 2 of a cleartext block into *f. */
static void lic_unpack(const uint32_t w[LIC_KEY_WORDS], struct lic_features *f)
{
	f->failover = w[1] & LIC_W1_FAILOVER;
	f->vpn_des = w[1] & LIC_W1_VPN_DES;
	f->vpn_3des = w[1] & LIC_W1_VPN_3DES;
	f->cut_through = w[1] & LIC_W1_CUT_THROUGH;
	f->guards = w[1] & LIC_W1_GUARDS;
	f->websense = w[1] & LIC_W1_WEBSENSE;
	f->max_interfaces = (uint8_t)((w[1] & LIC_W1_IFACES_MASK) >> LIC_W1_IFACES_SHIFT);
	f->isakmp_peers = (uint16_t)(w[2] & LIC_W2_PEERS_MASK);
	f->throughput_mbps = (uint16_t)(w[2] >> LIC_W2_MBPS_SHIFT);
}

/**
 * lic_decode() - Decrypts a key and, when it is genuine, tells which unit and features it licenses.
 * @k: the key as typed
 * @vendor_key: the 16-byte AES key of the vendor (LIC_DEV_VENDOR_KEY in development)
 * @serial: receives the serial number the key was minted for; may be NULL
 * @f: receives the licensed features, all off on error; may be NULL
 *
 * Genuine means the cleartext carries LIC_MAGIC and zero reserved bits; the serial number is not
 * compared here (see lic_check()).
 *
 * Return: 0, -EINVAL when the key is not genuine (LIC_MSG_NOT_VALID), -EIO if AES fails.
 */
int lic_decode(const struct lic_key *k, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
	       uint32_t *serial, struct lic_features *f)
{
	uint32_t w[LIC_KEY_WORDS];
	int ret;

	if (f)
		memset(f, 0, sizeof(*f));
	ret = lic_aes(vendor_key, MBEDTLS_AES_DECRYPT, k->w, w);
	if (ret)
		return ret;
	if (w[3] != LIC_MAGIC || (w[1] & LIC_W1_RESERVED))
		return -EINVAL;
	if (serial)
		*serial = w[0];
	if (f)
		lic_unpack(w, f);
	return 0;
}

/**
 * lic_check() - Tells whether a key is valid for a unit, and what it licenses.
 * @k: the key as typed
 * @serial: the unit's serial number (flash identity record)
 * @vendor_key: the 16-byte AES key of the vendor (LIC_DEV_VENDOR_KEY in development)
 * @f: receives the licensed features on success, all off on any error; may be NULL
 *
 * Return: 0 when the key is valid for this unit; -EINVAL when it is not a genuine key;
 * -ENODEV when it is genuine but was minted for another serial number; -EIO if AES fails.
 * Users are shown LIC_MSG_NOT_VALID for both -EINVAL and -ENODEV.
 */
int lic_check(const struct lic_key *k, uint32_t serial,
	      const uint8_t vendor_key[LIC_VENDOR_KEY_LEN], struct lic_features *f)
{
	uint32_t key_serial;
	int ret;

	ret = lic_decode(k, vendor_key, &key_serial, f);
	if (ret)
		return ret;
	if (key_serial != serial) {
		if (f)
			memset(f, 0, sizeof(*f));
		return -ENODEV;
	}
	return 0;
}

/**
 * lic_make() - Mints the key that licenses features @f to unit @serial (the vendor's side).
 * @serial: the unit's serial number
 * @f: the features to license
 * @vendor_key: the 16-byte AES key of the vendor
 * @k: receives the key
 *
 * Every struct lic_features has a key, and lic_check() of that key gives @f back.
 *
 * Return: 0, or -EIO if AES fails.
 */
int lic_make(uint32_t serial, const struct lic_features *f,
	     const uint8_t vendor_key[LIC_VENDOR_KEY_LEN], struct lic_key *k)
{
	uint32_t w[LIC_KEY_WORDS];

	w[0] = serial;
	w[1] = (f->failover ? LIC_W1_FAILOVER : 0) | (f->vpn_des ? LIC_W1_VPN_DES : 0) |
	       (f->vpn_3des ? LIC_W1_VPN_3DES : 0) | (f->cut_through ? LIC_W1_CUT_THROUGH : 0) |
	       (f->guards ? LIC_W1_GUARDS : 0) | (f->websense ? LIC_W1_WEBSENSE : 0) |
	       (uint32_t)f->max_interfaces << LIC_W1_IFACES_SHIFT;
	w[2] = (uint32_t)f->throughput_mbps << LIC_W2_MBPS_SHIFT | f->isakmp_peers;
	w[3] = LIC_MAGIC;
	return lic_aes(vendor_key, MBEDTLS_AES_ENCRYPT, w, k->w);
}

/**
 * lic_key_equal() - Tells whether two keys are the same four words.
 * @a: one key
 * @b: the other
 */
bool lic_key_equal(const struct lic_key *a, const struct lic_key *b)
{
	return memcmp(a->w, b->w, sizeof(a->w)) == 0;
}

/**
 * lic_format_key() - Writes a key as PIX prints it: "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511".
 * @k: the key
 * @buf: receives the text (43 characters and a NUL)
 */
void lic_format_key(const struct lic_key *k, char buf[LIC_KEY_TEXT_MAX])
{
	snprintf(buf, LIC_KEY_TEXT_MAX, "0x%08x 0x%08x 0x%08x 0x%08x", (unsigned int)k->w[0],
		 (unsigned int)k->w[1], (unsigned int)k->w[2], (unsigned int)k->w[3]);
}

/* "Enabled" or "Disabled". */
static const char *lic_onoff(bool on)
{
	return on ? "Enabled" : "Disabled";
}

/* Writes count, or "Unlimited" for 0, into val; unit (may be "") follows a number. */
static void lic_limit(char *val, size_t size, unsigned int count, const char *unit)
{
	if (count == 0)
		snprintf(val, size, "Unlimited");
	else
		snprintf(val, size, "%u%s", count, unit);
}

/**
 * lic_format_features() - Writes the "Licensed Features:" block of "show activation-key".
 * @f: the features
 * @buf: receives the text: the heading and nine lines, each ending in '\n'
 * @size: size of @buf; LIC_FEATURES_TEXT_MAX always suffices
 *
 * The labels and their padding are those of Example 11-1 of the reference, byte for byte (the
 * value of "ISAKMP peers:" starts one column left of the others there, and here). Limits print
 * as a number ("Maximum Interfaces: 6", "ISAKMP peers:      10", "Throughput:         60 Mbps")
 * or "Unlimited" for 0.
 *
 * Return: 0, or -E2BIG when @size is too small (the text is cut off, still NUL-terminated).
 */
int lic_format_features(const struct lic_features *f, char *buf, size_t size)
{
	char ifaces[8], mbps[16], peers[16];
	int n;

	snprintf(ifaces, sizeof(ifaces), "%u", (unsigned int)f->max_interfaces);
	lic_limit(mbps, sizeof(mbps), f->throughput_mbps, " Mbps");
	lic_limit(peers, sizeof(peers), f->isakmp_peers, "");
	n = snprintf(buf, size,
		     "Licensed Features:\n"
		     "Failover:           %s\n"
		     "VPN-DES:            %s\n"
		     "VPN-3DES:           %s\n"
		     "Maximum Interfaces: %s\n"
		     "Cut-through Proxy:  %s\n"
		     "Guards:             %s\n"
		     "Websense:           %s\n"
		     "Throughput:         %s\n"
		     "ISAKMP peers:      %s\n",
		     lic_onoff(f->failover), lic_onoff(f->vpn_des), lic_onoff(f->vpn_3des), ifaces,
		     lic_onoff(f->cut_through), lic_onoff(f->guards), lic_onoff(f->websense), mbps,
		     peers);
	if (n < 0 || (size_t)n >= size)
		return -E2BIG;
	return 0;
}
