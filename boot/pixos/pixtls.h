/* The running image's platform for mbedTLS: entropy, time. */
#ifndef PIXOS_PIXTLS_H
#define PIXOS_PIXTLS_H

#include <stdbool.h>

#include "clock.h"
#include "os/os.h"

void pixos_tls_init(const struct clock *clock);
bool pixos_tls_entropy(void);
int pixos_tls_describe(void *ctx, const uint8_t *der, size_t len, struct os_cert_info *out);

#endif /* PIXOS_PIXTLS_H */
