/*
 * libFuzzer harness for img_parse_header: arbitrary bytes as an image, as they are and with the
 * header hash made to match (so the field checks behind it are reached). Whatever is accepted
 * must be canonical: img_make_header() from the decoded fields gives back the same header bytes
 * (hashes aside, a signature block carried over), the entry lies inside the payload and the
 * build text is terminated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flash/pix_image.h"

#define FUZZ_IMG_MAX (IMG_HDR_SIZE + 4096)

/* Checks what img_parse_header accepted from @img (@len bytes). */
static void fuzz_check_accepted(const uint8_t *img, size_t len, const struct img_info *info)
{
	uint8_t hdr[IMG_HDR_SIZE];

	if (info->payload_size > len - IMG_HDR_SIZE)
		abort();
	if (info->kind == IMG_KIND_OS && (info->entry_addr < info->load_addr ||
					  info->entry_addr - info->load_addr >= info->payload_size))
		abort();
	if (!memchr(info->build, '\0', IMG_BUILD_LEN))
		abort();
	if (img_make_header(hdr, info, img + IMG_HDR_SIZE))
		abort();
	/* a signature block is not among the decoded fields: carried over as it is */
	memcpy(hdr + IMG_SIG_OFF, img + IMG_SIG_OFF, IMG_SIG_LEN);
	img_seal_header(hdr);
	if (memcmp(hdr, img, offsetof(struct img_header, payload_sha256)) ||
	    memcmp(hdr + offsetof(struct img_header, build),
		   img + offsetof(struct img_header, build),
		   IMG_HDR_HASHED_LEN - offsetof(struct img_header, build)))
		abort();
	if (img_parse_header(hdr, len, NULL))
		abort();
	/* the payload check agrees with a recomputed header */
	if ((img_verify_payload(info, img + IMG_HDR_SIZE, len - IMG_HDR_SIZE) == 0) !=
	    (memcmp(hdr, img, IMG_HDR_SIZE) == 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t copy[FUZZ_IMG_MAX];
	struct img_info info;
	struct img_version v;
	char text[IMG_VERSION_STRLEN + 8];
	char back[IMG_VERSION_STRLEN];

	if (size > FUZZ_IMG_MAX)
		return 0;
	if (img_parse_header(data, size, &info) == 0)
		fuzz_check_accepted(data, size, &info);
	if (size >= IMG_HDR_SIZE) {
		memcpy(copy, data, size);
		img_seal_header(copy);
		if (img_parse_header(copy, size, &info) == 0)
			fuzz_check_accepted(copy, size, &info);
	}
	/* the same bytes as a version string: accepted only if it prints back identically */
	if (size < sizeof(text)) {
		memcpy(text, data, size);
		text[size] = '\0';
		if (img_version_parse(text, &v) == 0 &&
		    (img_version_format(&v, back, sizeof(back)) < 0 || strcmp(text, back)))
			abort();
	}
	return 0;
}
