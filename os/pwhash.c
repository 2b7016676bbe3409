/* PIX "encrypted" passwords: the 16-character form of `enable password` and `passwd`. */
/*
 * PIX OS stores a password as MD5 over the password NUL-padded to 16 bytes, of which the first
 * three bytes of each 32-bit group are written as four characters of the crypt(3) alphabet
 * ("./0-9A-Za-z", least significant six bits first). It is unsalted and weak; the running
 * image keeps it so that configurations move between this firmware and PIX units unchanged
 * ("cisco" is 2KFQnbNIdI.2KYOU, the empty password 8Ry2YjIyt7RRXU24).
 */
#include <string.h>

#include "mbedtls/md5.h"
#include "os.h"

#define OS_PW_BLOCK 16

static const char os_pw_alphabet[] = "./"
				     "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy"
				     "z";

/**
 * os_pw_hash() - Hashes a clear-text password into PIX's 16-character form.
 * @pw: the password; only its first 16 characters count, as on the PIX
 * @out: receives the hash and a NUL
 */
void os_pw_hash(const char *pw, char out[OS_PW_HASH_LEN + 1])
{
	uint8_t block[OS_PW_BLOCK] = { 0 }, md[16];
	size_t len = strlen(pw);
	unsigned int i, j, n = 0;
	uint32_t v;

	memcpy(block, pw, len < OS_PW_BLOCK ? len : OS_PW_BLOCK);
	mbedtls_md5_ret(block, sizeof(block), md);
	for (i = 0; i < sizeof(md); i += 4) {
		v = (uint32_t)md[i] | (uint32_t)md[i + 1] << 8 | (uint32_t)md[i + 2] << 16;
		for (j = 0; j < 4; j++, v >>= 6)
			out[n++] = os_pw_alphabet[v & 0x3f];
	}
	out[n] = '\0';
}

/**
 * os_pw_is_hash() - Tells whether a word can be a PIX password hash (16 crypt characters).
 * @s: the word
 *
 * Return: true when it is 16 characters of the crypt(3) alphabet.
 */
bool os_pw_is_hash(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!strchr(os_pw_alphabet, s[i]))
			return false;
	return i == OS_PW_HASH_LEN;
}
