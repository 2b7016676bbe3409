/* The running image's commands: one table drives parsing, abbreviations, help and modes. */
#include "os.h"

#define U OS_U
#define E OS_E
#define C OS_C
#define F OS_F

/* Sorted by path: help lists each level in this order. Entries without a handler are groups. */
static const struct cli_cmd os_cmds[] = {
	{ "activation-key", "activation-key activation-key-four-tuple",
	  "change the flash activation key", C, 0, 0, 8, os_cmd_activation_key },
	{ "configure", "configure terminal | memory | net [[location]:[pathname]]",
	  "configure from the terminal, flash or the network", E | C, 0, 0, 0, NULL },
	{ "configure memory", "configure memory", "merge the configuration stored in flash", E | C,
	  0, 0, 0, os_cmd_conf_memory },
	{ "configure net", "configure net [[location]:[pathname]]",
	  "merge a configuration fetched by TFTP", E | C, 0, 0, 1, os_cmd_conf_net },
	{ "configure terminal", "configure terminal", "enter configuration mode", E | C, 0, 0, 0,
	  os_cmd_conf_t },
	{ "copy", "copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]",
	  "copy software or a PDM archive into flash", E | C, 0, 2, 2, os_cmd_copy },
	{ "disable", "disable", "leave privileged mode", E | C, 0, 0, 0, os_cmd_disable },
	{ "enable", "enable", "turn on privileged commands", U | E, 0, 0, 0, os_cmd_enable },
	{ "enable password", "enable password password [encrypted]",
	  "set the privileged mode password", C | F, CLI_F_NO, 1, 2, os_cmd_enable_password },
	{ "end", "end", "leave configuration mode", C, 0, 0, 0, os_cmd_end },
	{ "exit", "exit", "leave the current mode", U | E | C, 0, 0, 0, os_cmd_exit },
	{ "help", "help [command]", "this help list", U | E | C, 0, 0, 8, os_cmd_help },
	{ "hostname", "hostname newname", "change the host name", C | F, CLI_F_NO, 1, 1,
	  os_cmd_hostname },
	{ "interface",
	  "interface ethernetN [auto | 10baset | 10full | 100basetx | 100full] "
	  "[shutdown]",
	  "set an interface's speed, or shut it down", C | F, 0, 1, 3, os_cmd_interface },
	{ "ip", "ip address if_name ip_address [mask]", "IP settings", C | F, 0, 0, 0, NULL },
	{ "ip address", "ip address if_name ip_address [mask]", "set an interface's IP address",
	  C | F, CLI_F_NO, 2, 3, os_cmd_ip_address },
	{ "name", "name ip_address name", "give an IP address a name", C | F, CLI_F_NO, 2, 2,
	  os_cmd_name },
	{ "nameif", "nameif ethernetN if_name securityN",
	  "name an interface and set its security level", C | F, 0, 3, 3, os_cmd_nameif },
	{ "names", "names", "use the names given with name", C | F, CLI_F_NO, 0, 0, os_cmd_names },
	{ "passwd", "passwd password [encrypted]", "set the Telnet password", C | F, CLI_F_NO, 1, 2,
	  os_cmd_passwd },
	{ "ping", "ping [if_name] host", "send ICMP echoes to a host", E | C, 0, 1, 2,
	  os_cmd_ping },
	{ "pix version", "PIX Version version", "the version that wrote a configuration", F,
	  CLI_F_HIDDEN, 1, 1, os_cmd_pix_version },
	{ "quit", "quit", "leave the current mode", U | E | C, 0, 0, 0, os_cmd_exit },
	{ "reload", "reload", "halt and reload the system", E | C, 0, 0, 0, os_cmd_reload },
	{ "route", "route if_name ip_address netmask gateway_ip [metric]", "add a static route",
	  C | F, CLI_F_NO, 4, 5, os_cmd_route },
	{ "show", "show version | activation-key | running-config | configure",
	  "show information about the unit", U | E | C, 0, 0, 0, NULL },
	{ "show activation-key", "show activation-key", "show the running and flash keys", E | C, 0,
	  0, 0, os_cmd_show_activation_key },
	{ "show configure", "show configure", "show the configuration stored in flash", E | C, 0, 0,
	  0, os_cmd_show_configure },
	{ "show running-config", "show running-config", "show the running configuration", E | C, 0,
	  0, 0, os_cmd_show_running },
	{ "show version", "show version", "show the software and hardware", U | E | C, 0, 0, 0,
	  os_cmd_show_version },
	{ "tftp-server", "tftp-server [if_name] ip_address path",
	  "set the TFTP server copy and configure net use", C | F, CLI_F_NO, 2, 3,
	  os_cmd_tftp_server },
	{ "write", "write memory | terminal | erase", "write the configuration", E | C, 0, 0, 0,
	  NULL },
	{ "write erase", "write erase", "erase the configuration stored in flash", E | C, 0, 0, 0,
	  os_cmd_write_erase },
	{ "write memory", "write memory", "store the running configuration in flash", E | C, 0, 0,
	  0, os_cmd_write_memory },
	{ "write terminal", "write terminal", "show the running configuration", E | C, 0, 0, 0,
	  os_cmd_write_terminal },
};

_Static_assert(sizeof(os_cmds) / sizeof(os_cmds[0]) <= CLI_TABLE_MAX, "table fits the engine");

const struct cli_table os_commands = { os_cmds, sizeof(os_cmds) / sizeof(os_cmds[0]) };
