/* PEM certificates (RFC 7468): one "-----BEGIN CERTIFICATE-----" block to DER bytes, and back. */
#ifndef OS_PEM_H
#define OS_PEM_H

/*
 * Pure and freestanding: no allocation, no I/O, only the caller's buffers. pem_decode() takes
 * the text a user pasted (on the console, or a file pix-flash read) and is strict where it
 * matters: the base64 alphabet only, '=' padding only at the end of the data and only as much
 * as the data needs, unused bits of the last character zero, whole bytes. White space (space,
 * tab, CR, LF) may stand anywhere between the BEGIN and END lines, so lines wrapped at any
 * column are accepted. Text before the BEGIN line is skipped (RFC 7468 allows explanatory
 * text there); a file of several certificates is decoded by calling again at *end.
 */

#include <stddef.h>
#include <stdint.h>

#define PEM_CERT_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_CERT_END "-----END CERTIFICATE-----"
#define PEM_LINE_CHARS 64 /* base64 characters per line that pem_encode() writes */

/* Errors, returned negated (after the layout's, which end below 768). pem_strerror() words them. */
enum pem_error {
	PEM_ENOBEGIN = 768, /* no "-----BEGIN CERTIFICATE-----" line in the text */
	PEM_ENOEND, /* the block does not end with an "-----END CERTIFICATE-----" line */
	PEM_ECHAR, /* a character that is not base64 or white space, or text on a BEGIN/END line */
	PEM_EPAD, /* '=' where the data does not end, or nonzero unused bits before it */
	PEM_ELENGTH, /* the base64 does not come in groups of four characters */
	PEM_EEMPTY, /* no data in the block */
	PEM_ETOOBIG, /* more data than the buffer holds */
	PEM_ELAST = PEM_ETOOBIG, /* the highest of these codes */
};

int pem_decode(const char *text, size_t len, uint8_t *der, size_t der_size, size_t *der_len,
	       const char **end);
size_t pem_encoded_len(size_t der_len);
int pem_encode(const uint8_t *der, size_t der_len, char *text, size_t size, size_t *text_len);
const char *pem_strerror(int err);

#endif /* OS_PEM_H */
