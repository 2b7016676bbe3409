/* DNS responses seen below lwIP's resolver: the RCODE a name server answered a question with. */
#ifndef NET_DNS_FRAME_H
#define NET_DNS_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define DNS_FRAME_PORT 53 /* a name server's UDP port */
#define DNS_FRAME_RCODE_NOERROR 0 /* RFC 1035 4.1.1 */
#define DNS_FRAME_RCODE_NXDOMAIN 3 /* the name does not exist */

int dns_frame_rcode(const uint8_t *frame, size_t len, uint32_t server, const char *name);

#endif /* NET_DNS_FRAME_H */
