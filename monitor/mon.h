/* Monitor: the portable `monitor>` shell, its settings and the autoboot countdown. */
#ifndef MON_H
#define MON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values returned by mon_console.getc besides a byte 0..255. */
#define MON_CON_NONE (-1) /* nothing waiting */
#define MON_CON_BREAK (-2) /* a BREAK condition on the line */

#define MON_LINE_MAX 128 /* longest command line, in characters */
#define MON_FILE_MAX 127 /* longest file name, in characters */
#define MON_NIC_MAX 8 /* interfaces the monitor can list */
#define MON_TIMEOUT_MIN_S 1 /* `timeout` range (RFC 2349) */
#define MON_TIMEOUT_MAX_S 255
#define MON_TIMEOUT_DEFAULT_S 4

/* The console the monitor talks through: a byte source and a text sink. */
struct mon_console {
	int (*getc)(void *ctx); /* a byte, MON_CON_NONE or MON_CON_BREAK */
	void (*write)(void *ctx, const char *buf, size_t len); /* "\n" ends a line */
	void *ctx;
};

/* One network interface as the monitor lists it. */
struct mon_nic {
	char name[16]; /* family as the PIX prints it: "i8255X", "i8254X" */
	uint8_t bus;
	uint8_t dev;
	uint8_t irq;
	char model[16]; /* chip as its driver names it ("i82558"); "" when there is no driver */
	uint8_t mac[6];
};

/* Trace events of a download besides Table 11-2's numeric codes. */
#define MON_TFTP_DOT 0x100 /* progress: print "." */
#define MON_TFTP_TIMEOUT 0x101 /* a timeout, the last packet sent again: "T" */
#define MON_TFTP_PROTO 0x102 /* a non-IP frame; arg is its EtherType: "(proto)" */
#define MON_TFTP_ARP 'A' /* an ARP packet: "A" */

/* Table 11-2 codes the monitor explains in words when a download stops. */
#define MON_TFTP_CODE_TIMEOUT (-1)
#define MON_TFTP_CODE_OPCODE 9
#define MON_TFTP_CODE_XFER 10
#define MON_TFTP_CODE_NOFILE (-10)

/* How a download ended. */
struct mon_tftp_result {
	uint64_t bytes; /* stored */
	uint64_t size; /* the server's tsize, when known (0 otherwise) */
	uint64_t limit; /* bytes the download area holds */
	int err; /* 0 or a negative errno */
	int code; /* Table 11-2 code of the failure (0: none, e.g. aborted) */
	const char *message; /* the server's ERROR text, "" if none */
};

/*
 * The network as the monitor drives it, implemented by the platform on top of
 * net/. Every call is bounded in time; the monitor loops on poll() while it waits.
 */
struct mon_net {
	/* Brings interface @iface up with @addr, @mask and @gw (host order, gw 0 = none). */
	int (*up)(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw);
	/* Lets the network run: received frames, ARP, timers. */
	void (*poll)(void *ctx);
	/* ICMP echo: open towards @dst with identifier @id, send one, check for its reply, close. */
	int (*echo_open)(void *ctx, uint32_t dst, uint16_t id);
	int (*echo_send)(void *ctx, uint16_t seq, size_t ip_len);
	bool (*echo_replied)(void *ctx);
	void (*echo_close)(void *ctx);
	/*
	 * TFTP: start fetching @file from @server into the platform's download area; @trace
	 * gets each progress dot and, when @codes is set, each Table 11-2 code as it happens
	 * (looking at every frame for them costs time, so only `trace` asks for them).
	 */
	int (*tftp_start)(void *ctx, uint32_t server, const char *file, unsigned int timeout_s,
			  bool codes, void (*trace)(void *tctx, int code, unsigned int arg),
			  void *tctx);
	/* Lets the download run: 0 while it runs, 1 once it has ended (see tftp_result). */
	int (*tftp_poll)(void *ctx);
	void (*tftp_abort)(void *ctx);
	/* After the end: what arrived and, on failure, why; then release the download. */
	void (*tftp_result)(void *ctx, struct mon_tftp_result *r);
	/* The last complete download: 0 with its bytes, or -ENOENT when there is none. */
	int (*download)(void *ctx, const uint8_t **data, uint64_t *len);
	void *ctx;
};

/* What an image in RAM is, and what the flash holds, for the install dialogue. */
struct mon_install_info {
	int err; /* 0: a valid PIX OS image; else why not (message below) */
	const char *message; /* "Checksum verification on flash image failed", ... */
	char version[16]; /* of the downloaded image: "6.3.5" */
	char flash_version[16]; /* of the image that would boot now, "none" */
	int key_err; /* 0 when the flash key is valid for this unit */
	uint32_t serial; /* the unit's serial number (when the flash is formatted) */
};

/*
 * The flash as the install dialogue uses it (implemented by the platform on top of flash/ and
 * license/). Every call is bounded in time; install reports progress as it programs.
 */
struct mon_flash {
	/* Checks @len bytes at @data as an image and reads what the flash holds. */
	void (*inspect)(void *ctx, const uint8_t *data, uint64_t len, struct mon_install_info *out);
	/* Stores an activation key typed as four words; 0, or a negative code and @message. */
	int (*store_key)(void *ctx, const char *words, const char **message);
	/* Installs the image; 0, or a negative code and @message; @progress gets bytes written. */
	int (*install)(void *ctx, const uint8_t *data, uint64_t len,
		       void (*progress)(void *pctx, uint64_t done, uint64_t total), void *pctx,
		       const char **message);
	/* Boots from flash as at power-on; returns (having said why) only when it cannot. */
	void (*boot)(void *ctx);
	/* "PIX admin loader" banner facts: where the flash is. */
	uint64_t base;
	void *ctx;
};

struct cli_cmd;
struct mon;

/* What the platform hands the monitor: console, clock, reset and NICs. */
struct mon_platform {
	const struct mon_console *con;
	uint64_t (*now_ms)(void *ctx); /* monotonic milliseconds */
	void (*reload)(void *ctx); /* resets the machine; returns only on a host fake */
	const struct mon_nic *nics;
	unsigned int nic_count;
	void *ctx; /* handed to now_ms and reload */
	const char *prompt; /* NULL means MON_PROMPT_DEFAULT, "monitor> " */
	const struct mon_net *net; /* NULL when the platform has no network */
	const struct mon_flash *flash; /* NULL when there is no usable flash */
	const char *build_date; /* for the admin loader's banner */
	/* The commands, sorted by name (mon_cmd_select); NULL: all of the monitor's */
	const struct cli_cmd *cmds;
	unsigned int cmd_count;
	/*
	 * Called at the end of every install dialogue with what the image check found (@in) and
	 * how it ended (@err, 0: installed); it replaces the "Boot the new image?" question.
	 * NULL: the monitor's own ending.
	 */
	void (*after_install)(struct mon *m, const struct mon_install_info *in, int err);
};

/* Settings the user builds up in the monitor (IPv4 addresses in host order, 0 = unset). */
struct mon_settings {
	uint32_t address;
	uint32_t server;
	uint32_t gateway;
	char file[MON_FILE_MAX + 1];
	unsigned int interface;
	unsigned int timeout_s;
	bool trace;
};

/* Longest text one mon_printf() call writes, in bytes (a full line quoted twice fits). */
#define MON_PRINTF_MAX 320

#define MON_PROMPT_DEFAULT "monitor> " /* when mon_platform.prompt is NULL */

/* Where the line editor is inside an escape sequence (ESC [ ... final, ESC O final). */
enum mon_line_esc {
	MON_LINE_ESC_NONE, /* ordinary input */
	MON_LINE_ESC_START, /* after ESC */
	MON_LINE_ESC_SEQ, /* after ESC [ or ESC O, waiting for a final byte */
};

/* The line being typed (lineedit.c). Invariant: len <= MON_LINE_MAX and buf[len] == '\0'. */
struct mon_line {
	char buf[MON_LINE_MAX + 1];
	unsigned int len;
	enum mon_line_esc esc;
	bool overlong; /* a printable byte was refused since the line began */
	bool after_cr; /* the last value was a CR: a following LF is ignored */
	bool help_key; /* '?' asks for help at once (MON_LINE_HELP) instead of being typed */
	bool quote; /* the last value was Ctrl-V: a printable byte next is stored as it is */
	char mask; /* echoed in place of each character typed (a password), or 0 */
};

/* One monitor session: what the user set, the line being typed, where it runs. */
struct mon {
	const struct mon_platform *plat;
	struct mon_settings set;
	struct mon_line line;
	bool quit; /* the platform's reload returned: leave mon_run() */
	bool net_up; /* the network was brought up: keep polling it while idle */
	uint64_t install_dots; /* progress dots printed by the install in course */
};

/* How the autoboot countdown ended. */
enum mon_autoboot {
	MON_AUTOBOOT_TIMEOUT, /* the count reached 0: boot from flash */
	MON_AUTOBOOT_SPACE, /* SPACE: boot from flash now */
	MON_AUTOBOOT_INTERRUPT, /* Esc or BREAK: enter the monitor */
};

/* monitor.c: the session */
void mon_init(struct mon *m, const struct mon_platform *p);
void mon_banner(struct mon *m);
void mon_feed(struct mon *m, int c);
void mon_run(struct mon *m);
void mon_prompt(const struct mon *m);
void mon_list_nics(const struct mon_platform *p);
void mon_print_using(const struct mon_platform *p, unsigned int iface);
unsigned int mon_nic_count(const struct mon_platform *p);

/* autoboot.c: the power-on countdown */
enum mon_autoboot mon_autoboot(const struct mon_platform *p, unsigned int seconds);

/* parse.c: arguments */
int mon_parse_ipv4(const char *s, uint32_t *out);
bool mon_ipv4_is_unicast(uint32_t a);
int mon_parse_uint(const char *s, unsigned int max, unsigned int *out);
void mon_format_ipv4(uint32_t a, char buf[16]);
uint32_t mon_ipv4_classful_mask(uint32_t a);

/* output.c: text to the console */
__attribute__((format(printf, 2, 3))) void mon_printf(const struct mon_console *con,
						      const char *fmt, ...);
void mon_puts(const struct mon_console *con, const char *s);

#endif /* MON_H */
