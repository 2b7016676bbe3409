/* The running image (PIX OS 6.3): its session, running configuration and the platform it uses. */
#ifndef OS_OS_H
#define OS_OS_H

/*
 * The portable core of build/pixos.bin: the `pixfirewall>` command line in three modes (user,
 * privileged, configuration), the running configuration, and the commands that manage the
 * licence, the software in flash and the stored configuration. Like the monitor it reaches the
 * hardware only through a platform (struct os_platform) that boot/pixos/ wires up, so all of it
 * runs on the host in unit tests. Texts are PIX 6.3's (reference/pix-os-texts.md); where no
 * public text was found the wording is the project's own (README, "The running image").
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "flash/at29.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "mon.h"
#include "net/fo_frame.h"
#include "net/http.h"

/* Modes: bit numbers of cli_cmd.modes. */
#define OS_MODE_USER 0 /* pixfirewall> */
#define OS_MODE_ENABLE 1 /* pixfirewall# */
#define OS_MODE_CONFIG 2 /* pixfirewall(config)# */
#define OS_MODE_FILE 3 /* a line of a stored or fetched configuration */
#define OS_U (1u << OS_MODE_USER)
#define OS_E (1u << OS_MODE_ENABLE)
#define OS_C (1u << OS_MODE_CONFIG)
#define OS_F (1u << OS_MODE_FILE)

#define OS_IF_MAX MON_NIC_MAX /* interfaces (ethernet0 ...) */
#define OS_IFNAME_MAX 48 /* nameif: PIX allows 48 characters */
#define OS_HOSTNAME_MAX 16 /* PIX: up to 16 characters */
#define OS_PW_HASH_LEN 16 /* PIX "encrypted" password form */
#define OS_PW_MAX 16 /* clear-text password length PIX accepts */
#define OS_ROUTE_MAX 16
#define OS_NAMES_MAX 1024 /* name entries: a large site has hundreds */
#define OS_TRUST_DER_MAX 8192 /* the largest certificate ca trust-anchor add takes */
#define OS_NAME_MAX 63
#define OS_PATH_MAX 127 /* TFTP path */
/* tftp-server's path: its line, written with the longest interface name, fits MON_LINE_MAX */
#define OS_TFTP_PATH_MAX 51
#define OS_SEC_MAX 100 /* security level */
#define OS_ROUTE_METRIC_MAX 16
#define OS_CONFIG_TEXT_MAX 65280 /* the flash's configuration area (LAYOUT_CONFIG_TEXT_MAX) */
#define OS_DNS_SERVERS_MAX 2 /* dns name-server: asked in the order they were given */
#define OS_FO_KEY_MAX 63 /* failover lan key: 1..63 characters */
#define OS_FO_POLL_DEFAULT 15 /* failover poll, seconds */

/* A calendar time from the real-time clock (UTC). */
struct os_tm {
	uint16_t year; /* 2026 */
	uint8_t mon; /* 1..12 */
	uint8_t day; /* 1..31 */
	uint8_t hour, min, sec;
	uint16_t ms;
};

/* Interface speed settings of `interface ethernetN <speed>`. */
enum os_speed {
	OS_SPEED_AUTO,
	OS_SPEED_10BASET,
	OS_SPEED_10FULL,
	OS_SPEED_100BASETX,
	OS_SPEED_100FULL,
	OS_SPEED_COUNT,
};

/* One interface of the running configuration. */
struct os_iface {
	char name[OS_IFNAME_MAX + 1]; /* nameif; "" = not named */
	uint8_t security; /* 0..100 */
	uint8_t speed; /* enum os_speed */
	bool shutdown;
	uint32_t addr, mask; /* host order; addr 0 = no address */
};

/* One static route. */
struct os_route {
	bool used;
	uint8_t iface;
	uint32_t net, mask, gw;
	uint8_t metric;
};

/* One `name` entry. */
struct os_name {
	bool used;
	uint32_t addr;
	char name[OS_NAME_MAX + 1];
};

/* One `dns name-server`: asked over the interface it was given with. */
struct os_dns_server {
	bool used;
	uint8_t iface;
	uint32_t addr; /* host order */
};

/* The failover settings of the running configuration (failover ...). */
struct os_failover_cfg {
	bool on; /* failover */
	bool lan_enable; /* failover lan enable */
	int8_t lan_if; /* failover lan interface, -1 none */
	uint8_t unit; /* failover lan unit: FO_UNIT_PRIMARY or FO_UNIT_SECONDARY */
	uint8_t poll_s; /* failover poll: 3..15 */
	char key[OS_FO_KEY_MAX + 1]; /* failover lan key, "" none */
	uint32_t addr[OS_IF_MAX]; /* failover ip address per interface (the standby's), 0 none */
};

/* The running configuration: what `write terminal` prints and `write memory` stores. */
struct os_config {
	char hostname[OS_HOSTNAME_MAX + 1];
	char enable_pw[OS_PW_HASH_LEN + 1]; /* PIX hash; "" = no enable password */
	char passwd[OS_PW_HASH_LEN + 1]; /* Telnet password hash (default "cisco") */
	unsigned int if_count;
	struct os_iface ifs[OS_IF_MAX];
	struct os_route routes[OS_ROUTE_MAX];
	struct os_name names[OS_NAMES_MAX];
	bool tftp_set;
	uint8_t tftp_iface;
	uint32_t tftp_server;
	char tftp_path[OS_PATH_MAX + 1];
	struct os_dns_server dns[OS_DNS_SERVERS_MAX]; /* the used ones first */
	struct os_failover_cfg fo;
};

/* What the running image knows about itself and the unit from the boot information block. */
struct os_identity {
	struct img_version version; /* of the running image */
	char build[IMG_BUILD_LEN]; /* its header's build text ("Thu 03-Dec-26 10:40 by pixbuild") */
	bool hdr_known; /* hdr_sha256 holds the running image's header hash */
	uint8_t hdr_sha256[IMG_SHA256_LEN];
	uint32_t serial;
	bool key_valid; /* the ROM checked the running key */
	unsigned int sig_keys; /* image signing keys the unit holds (0: no signature checks) */
	bool sig_verified; /* the ROM verified the running image's signature: the fields below */
	unsigned int sig_key_index; /* which key */
	uint32_t sig_sec_version; /* the image's security version */
	uint8_t sig_key_id[IMG_SIG_KEYID_LEN]; /* the signer's key id */
	struct lic_key key; /* running activation key */
	struct lic_features features; /* what it licenses */
	/* the monitor's settings before the boot: defaults for a unit with nothing stored */
	uint32_t mon_address, mon_server, mon_gateway; /* host order, 0 = unset */
	uint32_t mon_interface;
	char mon_file[OS_PATH_MAX + 1];
};

/*
 * The flash as the running image uses it: the shared layout code over the bank's driver
 * (flash/layout.h). @f is NULL when the unit has no usable flash.
 */
struct os_flash {
	struct at29 *f;
	uint32_t base; /* physical address of the array (show version) */
	uint32_t size; /* bytes */
};

/* What boot/pixos/ hands the core. Every call is bounded in time. */
/* An HTTP(S) GET the platform makes into the download area (boot/pixos/: net/http_tcp.c). */
struct os_http_get {
	uint32_t server; /* host order */
	uint16_t port;
	bool tls;
	const char *host; /* the name asked for (TLS: sent and checked) */
	const char *req; /* the whole request (http_request_build()) */
	size_t req_len;
};

/* How a GET ended. Pointers stay valid until the next start. */
struct os_http_result {
	int err; /* 0: a whole response was read (any status); else a negative errno */
	const char *why; /* err in words, "" when the errno says it */
	bool protocol; /* err is the response parser's: the server's answer was malformed */
	bool connected; /* the connection was made (a timeout before it: nobody answered) */
	int status; /* the response's status code (0: none read) */
	const char *reason; /* its reason phrase */
	const char *location; /* a redirect's Location, "" when none or too long to keep */
	bool location_too_long; /* the Location sent was longer than this image keeps */
	uint64_t bytes; /* body bytes stored */
	uint64_t length; /* Content-Length, or OS_HTTP_LENGTH_UNKNOWN */
	uint64_t limit; /* the download area's size */
};

#define OS_HTTP_LENGTH_UNKNOWN UINT64_MAX

struct os_http_ops {
	int (*start)(void *ctx, const struct os_http_get *get);
	bool (*poll)(void *ctx); /* lets it run; true once it ended */
	uint64_t (*bytes)(void *ctx); /* body bytes stored so far */
	void (*abort)(void *ctx);
	/* after the end: the result; a 2xx response's body is then the download (mon_net) */
	void (*result)(void *ctx, struct os_http_result *r);
	void *ctx;
};

/* How a DNS lookup ended (os_dns_ops.result). */
struct os_dns_result {
	/*
	 * 0: @addr is the name's address; -ENOENT: the server says the name does not exist;
	 * -ENODATA: it answered without an IPv4 address; -EREMOTEIO: it failed (@rcode says how);
	 * -ETIMEDOUT: no answer; -ECANCELED: aborted
	 */
	int err;
	uint32_t addr; /* host order */
	int rcode; /* the RCODE of the server's answer (RFC 1035 4.1.1), -1 when none came */
};

/* A lookup of one name (an A record) by one name server (boot/pixos/: lwIP's resolver). */
struct os_dns_ops {
	/* asks @server (host order) for @name over the interface up: 0, or a negative errno */
	int (*start)(void *ctx, uint32_t server, const char *name);
	bool (*poll)(void *ctx); /* lets it run; true once it ended (a result, or its own timeout) */
	void (*abort)(void *ctx); /* ends it: poll() is then true, the result -ECANCELED */
	void (*result)(void *ctx, struct os_dns_result *r);
	void *ctx;
};

/* What the platform's X.509 parser says of a certificate (ca trust-anchor, show ca ...). */
struct os_cert_info {
	char subject[128];
	char issuer[128];
	char not_before[20]; /* "2026-12-03 14:30:05" (UTC) */
	char not_after[20];
	bool ca; /* basicConstraints CA:TRUE */
};

/*
 * Raw Ethernet frames on one interface, beside the IP stack (failover's link: net/fo_frame.h).
 * Every call returns at once.
 */
struct os_link_ops {
	/* starts receiving on @iface and says its MAC address: 0, or a negative errno */
	int (*open)(void *ctx, unsigned int iface, uint8_t mac[6]);
	int (*send)(void *ctx, unsigned int iface, const uint8_t *frame, size_t len);
	/* the next received frame: its length, 0 when none waits, or a negative errno */
	int (*recv)(void *ctx, unsigned int iface, uint8_t *buf, size_t size);
	bool (*link_up)(void *ctx, unsigned int iface);
	/* @len bytes from the hardware's random source: 0, or -ENODEV when it has none */
	int (*random)(void *ctx, void *buf, size_t len);
	void *ctx;
};

/* Memory as show memory reports it. */
struct os_memory {
	uint64_t total; /* RAM */
	uint64_t free; /* RAM the image does not hold: the download area */
	uint32_t heap; /* the network and TLS heap's size */
	uint32_t heap_used, heap_max; /* in use now, and the most ever */
};

struct os_platform {
	const struct mon_console *con;
	uint64_t (*now_ms)(void *ctx); /* monotonic milliseconds */
	void (*reload)(void *ctx); /* resets the machine; returns only on a host fake */
	int (*rtc)(void *ctx, struct os_tm *tm); /* 0, or a negative errno (no clock) */
	const struct mon_nic *nics;
	unsigned int nic_count;
	const struct mon_net *net; /* NULL: no network */
	const struct os_http_ops *http; /* NULL: no HTTP */
	void (*memory)(void *ctx, struct os_memory *m); /* NULL: show memory has nothing to say */
	const struct os_dns_ops *dns; /* NULL: no DNS resolver */
	/* parses a DER certificate: 0, or a negative errno (not one); NULL: no X.509 parser */
	int (*cert_describe)(void *ctx, const uint8_t *der, size_t len, struct os_cert_info *out);
	const struct os_link_ops *link; /* NULL: no raw frames (no failover) */
	struct os_flash flash;
	const uint8_t *vendor_key; /* LIC_VENDOR_KEY_LEN bytes: the key the ROM checks with */
	const char *cpu; /* "QEMU Virtual CPU version 2.5+" */
	unsigned int cpu_mhz;
	uint64_t ram_bytes;
	uint32_t bios_base, bios_size; /* the boot ROM */
	void *ctx; /* handed to now_ms, reload and rtc */
};

/* Where a line's output goes while a configuration is applied (kept for the error report). */
struct os_capture {
	struct mon_console con;
	char buf[512];
	size_t len;
};

/* Failover as it runs (os/failover.c). */
struct os_fo {
	uint8_t state; /* FO_ST_* */
	bool running; /* enabled, with its link open */
	bool blocked; /* could not start: not tried again until a failover command */
	bool at_prompt; /* polled at the prompt: a message redraws the prompt and the line */
	uint32_t served; /* the address the IP stack was last brought up with by failover */
	unsigned int link_if;
	uint8_t mac[6]; /* the link's */
	uint64_t nonce; /* this boot's, from the hardware's random source */
	uint32_t seq; /* of the last message sent */
	uint64_t heard; /* the nonce our messages echo */
	struct fo_replay replay; /* the mate's nonce and last sequence number */
	bool mate; /* a proven mate was heard within OS_FO_MISSED polls */
	uint64_t mate_ms; /* when */
	struct fo_hello mh; /* its last hello */
	uint8_t mate_mac[6];
	uint64_t next_hello_ms, negotiate_end_ms, reply_ms;
	/* after failover active or its no form: until then the mate is asked again, not obeyed */
	uint64_t switch_until_ms;
	uint8_t switch_mate; /* the state the mate was asked to take */
	uint64_t active_since_ms, active_ms; /* this active period's start; earlier ones */
	uint64_t last_switch_ms; /* 0: never switched */
	bool link_up;
	int said; /* the last complaint about the link said, not repeated until it changes */
	bool version_said; /* the version warning of this pairing */
	uint32_t sent, received, malformed, rejected, replayed;
	/* active: its configuration's generation (write memory); standby: the one it applied */
	uint32_t generation;
	bool applying; /* a replicated configuration is being applied */
	bool flash_busy; /* an image is being written: failover leaves the flash alone */
	bool repl_due; /* paired since the last replication: the active sends its configuration */
	/* the active's side of a replication: the text, what the standby acknowledged */
	bool tx_busy;
	uint32_t tx_gen, tx_len, tx_acked, tx_next;
	uint64_t tx_progress_ms, tx_sent_ms, tx_retry_ms;
	/* the standby's side; apply_due: received whole during a flash write, applied after it */
	bool rx_done, apply_due;
	uint32_t rx_gen, rx_len, rx_total;
	uint8_t frame[FO_FRAME_MAX]; /* one being sent */
	uint8_t in[1518]; /* one received (any Ethernet frame) */
	char tx[OS_CONFIG_TEXT_MAX + 1];
	char rx[OS_CONFIG_TEXT_MAX + 1];
};

/* One running-image session: one per unit. */
struct os {
	const struct os_platform *plat;
	const struct mon_console *con; /* where commands print: the console, or a capture */
	struct os_capture cap;
	struct os_identity id;
	struct os_config run; /* running configuration */
	unsigned int mode; /* OS_MODE_* */
	struct mon_line line;
	bool no; /* the command being run was typed with "no" in front */
	bool quit; /* reload returned (host fake): leave os_run() */
	bool net_up; /* an interface is up: keep the network polled while idle */
	int net_iface; /* the interface the stack is up on, -1 none */
	bool modified; /* the running configuration changed since the start */
	struct os_tm modified_at;
	uint64_t start_ms; /* now_ms() when the image started */
	struct os_tm start_tm; /* the real-time clock then (valid when start_tm.year) */
	uint64_t marks; /* progress marks printed by the transfer in course */
	char text[OS_CONFIG_TEXT_MAX + 1]; /* a configuration text being written or read */
	uint8_t der[OS_TRUST_DER_MAX]; /* a certificate pasted for ca trust-anchor add */
	struct layout_trust trust; /* the trust anchors, read for show ca trust-anchors */
	struct os_fo fo;
};

/* A copy source: tftp[:[[//location][/pathname]]] (and http, https in the same shapes). */
enum os_url_scheme { OS_URL_TFTP, OS_URL_HTTP, OS_URL_HTTPS, OS_URL_SCHEMES };

struct os_url {
	enum os_url_scheme scheme;
	bool colon; /* a ':' followed the scheme: take what is missing from the settings */
	char host[OS_NAME_MAX + 1]; /* "" = not given */
	char path[OS_PATH_MAX + 1]; /* "" = not given */
};

/* An http[s] URL as shown (no password): scheme, user, location, port and path. */
#define OS_URL_SHOWN_MAX 416

/* Where copy writes: flash:image (an OS image) or flash:pdm (the PDM area). */
enum os_copy_dst { OS_DST_IMAGE, OS_DST_PDM };

/* session.c */
void os_init(struct os *os, const struct os_platform *plat, const struct os_identity *id);
void os_boot(struct os *os);
void os_feed(struct os *os, int c);
void os_run(struct os *os);
int os_exec(struct os *os, char *line);
void os_prompt(const struct os *os);
int os_ask(struct os *os, const char *question, char *answer, bool mask);
bool os_confirm(struct os *os, const char *question);
bool os_stop_requested(struct os *os);
void os_changed(struct os *os);
void os_now(const struct os *os, struct os_tm *tm);

/* cmdtab.c: the command table */
extern const struct cli_table os_commands;

/* config.c: the running configuration */
void os_config_defaults(struct os_config *c, unsigned int if_count);
int os_config_write(const struct os *os, const struct os_config *c, char *buf, size_t size);
int os_config_apply(struct os *os, const char *text, size_t len, const char *what);
void os_config_checksum(const char *text, size_t len, uint8_t out[16]);
int os_config_checksum_line(const char *text, size_t len, uint8_t out[16]);
int os_if_by_name(const struct os_config *c, const char *name);
int os_speed_parse(const char *word);
int os_if_by_hw(const struct os_config *c, const char *hw);
int os_host_addr(const struct os *os, const char *s, uint32_t *out);
const char *os_addr_name(const struct os_config *c, uint32_t a);

/* confcmds.c: what the configuration commands share */
int os_error(const struct os *os, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int os_get_ifname(struct os *os, const char *who, const char *name, unsigned int *i);

/* copy.c: the arguments of copy and configure net */
int os_url_parse(const char *s, struct os_url *u);
int os_copy_dest_parse(const char *s, enum os_copy_dst *d);
int os_net_src_parse(const char *s, struct os_url *u);

/* http.c: copy http[s]:// and configure http[s]:// */
void os_http_shown(const struct http_target *t, char *out, size_t size);
int os_http_fetch(struct os *os, struct http_target *t, const char *who, const uint8_t **data,
		  uint64_t *len, char *shown, size_t shown_size);

/* dns.c: host names through the name servers of dns name-server */
int os_host_resolve(struct os *os, const char *host, const char *who, uint32_t *out);

/* install.c: an image or PDM archive fetched into RAM, into flash */
int os_install(struct os *os, const uint8_t *data, uint64_t len, enum os_copy_dst dst,
	       const char *file);

/* net.c */
int os_route_lookup(const struct os_config *c, int want, uint32_t dst, unsigned int *iface,
		    uint32_t *gw);
int os_net_open(struct os *os, int want, uint32_t dst, const char *who);
int os_fetch(struct os *os, uint32_t server, const char *path, const char *url,
	     const uint8_t **data, uint64_t *len);

/* licence.c */
int os_flash_image_differs(const struct os *os);

/* store.c: the configuration in flash */
void os_config_load(struct os *os);

/* pwhash.c: PIX "encrypted" passwords */
void os_pw_hash(const char *pw, char out[OS_PW_HASH_LEN + 1]);
bool os_pw_is_hash(const char *s);

/* time.c */
void os_tm_add_ms(struct os_tm *tm, uint64_t ms);
int os_tm_format(const struct os_tm *tm, char *buf, size_t size);
int os_uptime_format(uint64_t ms, char *buf, size_t size);
unsigned int os_weekday(unsigned int y, unsigned int m, unsigned int d);
int64_t os_tm_to_epoch(const struct os_tm *tm);
void os_epoch_to_tm(int64_t t, struct os_tm *tm);

/* failover.c */
void os_fo_defaults(struct os_failover_cfg *c);
void os_fo_poll(struct os *os, bool at_prompt);
bool os_fo_is_link(const struct os *os, unsigned int iface);
bool os_fo_standby(const struct os *os);
uint32_t os_fo_own_addr(const struct os *os, unsigned int iface);
void os_fo_write(const struct os *os, const struct os_config *c, char *buf, size_t size);
void os_fo_saved(struct os *os);
void os_fo_flash_write(struct os *os, bool busy);

/* features.c */
void os_print_features(const struct mon_console *con, const struct lic_features *f,
		       unsigned int column);
const char *os_license_kind(const struct lic_features *f);

/* Handlers, by file (cmdtab.c puts them in the table). */
int os_cmd_help(void *ctx, int argc, char **argv);
int os_cmd_enable(void *ctx, int argc, char **argv);
int os_cmd_disable(void *ctx, int argc, char **argv);
int os_cmd_exit(void *ctx, int argc, char **argv);
int os_cmd_end(void *ctx, int argc, char **argv);
int os_cmd_conf_t(void *ctx, int argc, char **argv);
int os_cmd_reload(void *ctx, int argc, char **argv);
/* show.c */
int os_cmd_show_version(void *ctx, int argc, char **argv);
int os_cmd_show_running(void *ctx, int argc, char **argv);
int os_cmd_show_configure(void *ctx, int argc, char **argv);
int os_cmd_write_memory(void *ctx, int argc, char **argv);
int os_cmd_write_terminal(void *ctx, int argc, char **argv);
int os_cmd_write_erase(void *ctx, int argc, char **argv);
int os_cmd_conf_memory(void *ctx, int argc, char **argv);
/* confcmds.c */
int os_cmd_hostname(void *ctx, int argc, char **argv);
int os_cmd_enable_password(void *ctx, int argc, char **argv);
int os_cmd_passwd(void *ctx, int argc, char **argv);
int os_cmd_interface(void *ctx, int argc, char **argv);
int os_cmd_nameif(void *ctx, int argc, char **argv);
int os_cmd_ip_address(void *ctx, int argc, char **argv);
int os_cmd_route(void *ctx, int argc, char **argv);
int os_cmd_name(void *ctx, int argc, char **argv);
int os_cmd_names(void *ctx, int argc, char **argv);
int os_cmd_tftp_server(void *ctx, int argc, char **argv);
int os_cmd_dns_name_server(void *ctx, int argc, char **argv);
int os_cmd_pix_version(void *ctx, int argc, char **argv);
/* licence.c */
int os_cmd_activation_key(void *ctx, int argc, char **argv);
int os_cmd_show_activation_key(void *ctx, int argc, char **argv);
/* copy.c */
int os_cmd_copy(void *ctx, int argc, char **argv);
int os_cmd_conf_net(void *ctx, int argc, char **argv);
int os_cmd_conf_url(void *ctx, int argc, char **argv);
int os_cmd_ca_trust_add(void *ctx, int argc, char **argv);
int os_cmd_ca_trust_remove(void *ctx, int argc, char **argv);
int os_cmd_show_trust(void *ctx, int argc, char **argv);
int os_cmd_show_memory(void *ctx, int argc, char **argv);
/* ping.c */
int os_cmd_ping(void *ctx, int argc, char **argv);
/* failover.c */
int os_cmd_failover(void *ctx, int argc, char **argv);
int os_cmd_failover_active(void *ctx, int argc, char **argv);
int os_cmd_failover_reset(void *ctx, int argc, char **argv);
int os_cmd_failover_poll(void *ctx, int argc, char **argv);
int os_cmd_failover_ip(void *ctx, int argc, char **argv);
int os_cmd_failover_unit(void *ctx, int argc, char **argv);
int os_cmd_failover_lan_if(void *ctx, int argc, char **argv);
int os_cmd_failover_key(void *ctx, int argc, char **argv);
int os_cmd_failover_enable(void *ctx, int argc, char **argv);
int os_cmd_show_failover(void *ctx, int argc, char **argv);
/* flashfs.c */
int os_cmd_flashfs_downgrade(void *ctx, int argc, char **argv);
int os_cmd_flash_downgrade(void *ctx, int argc, char **argv);
int os_cmd_clear_flashfs(void *ctx, int argc, char **argv);
int os_cmd_show_flashfs(void *ctx, int argc, char **argv);

#endif /* OS_OS_H */
