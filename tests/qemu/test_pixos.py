"""The running image (build/pixos.bin) from power-on through the ROM's flash boot: its banner, modes,
help, abbreviations, `show version`, bad input, and the configuration it stores and loads.

Every unit is made with the real host tools (pix-flash, pix-mkimage) and booted by the real ROM under
TCG; every check reads what the serial console printed."""
import hashlib
import re

import pytest

from pixconsole import ESC, KEY_ALL, PIXOS_BIN, PROMPT, tool
from pixosutil import (BANNER_ALL, CONFIG, ENABLE, FEATURES_ALL_11_1, HINT, USER, boot_pixos, make_unit, reload,
                       to_config, to_enable)


def pix_hash(pw):
    """PIX's 16-character password form: MD5 of the NUL-padded password, 3 of each 4 bytes in crypt's
    alphabet (computed here independently of the firmware)."""
    alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    d = hashlib.md5(pw.encode().ljust(16, b"\0")[:16]).digest()
    out = ""
    for i in range(0, 16, 4):
        v = d[i] | d[i + 1] << 8 | d[i + 2] << 16
        for _ in range(4):
            out += alphabet[v & 63]
            v >>= 6
    return out


def build_text(image):
    with open(image, "rb") as f:
        return f.read()[0x48:0x88].rstrip(b"\0").decode()


DEFAULT_CONFIG_BODY = [
    "PIX Version 6.3(5)",
    "interface ethernet0 auto",
    "interface ethernet1 auto",
    "nameif ethernet0 outside security0",
    "nameif ethernet1 inside security100",
    "enable password %s encrypted" % pix_hash(""),
    "passwd %s encrypted" % pix_hash("cisco"),
    "hostname pixfirewall",
    "names",
    "no ip address outside",
    "no ip address inside",
]


def config_lines(text):
    """The lines of a printed configuration, its checksum line split off: (lines, checksum)."""
    lines = text.replace("\r\n", "\n").split("\n")
    sums = [ln for ln in lines if ln.startswith("Cryptochecksum:")]
    assert len(sums) == 1, text
    return [ln for ln in lines if not ln.startswith("Cryptochecksum:")], sums[0][len("Cryptochecksum:"):]


def test_boot_prints_the_banner_and_the_prompt(boot, tmp_path):
    con, text = boot_pixos(boot, make_unit(tmp_path))
    assert text == BANNER_ALL % "6.3(5)" + HINT + "\r\n\r\n" + USER


def test_show_version_is_the_unit(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path), memory=96, nic="e1000")
    out = con.run("show version")
    lines = out.split("\r\n")
    assert lines[:4] == ["show version", "", "Cisco PIX Firewall Version 6.3(5)", ""]
    assert lines[4] == "Compiled on %s" % build_text(PIXOS_BIN)
    assert lines[5] == ""
    assert re.fullmatch(r"pixfirewall up \d+ secs?", lines[6]), lines[6]
    assert re.fullmatch(r"Hardware:   PIX-525, 96 MB RAM, CPU \S.* [1-9]\d* MHz", lines[8]), lines[8]
    assert lines[9] == "Flash AT29C040A @ 0xe0000000, 8MB"
    assert lines[10] == "BIOS Flash AT29C020 @ 0xfffc0000, 256KB"
    assert lines[12:14] == ["0: ethernet0: address is 0090.2722.f0b0, irq 11",
                            "1: ethernet1: address is 0090.2722.f0b1, irq 10"]
    # the 6.x show version form: Example 11-1's block with every value in one column
    assert lines[15:25] == FEATURES_ALL_11_1[:-1] + ["ISAKMP peers:       Unlimited"]
    assert lines[25:] == ["", "This PIX has an Unrestricted (UR) license.", "",
                          "Serial Number: 12345678 (0xbc614e)",
                          "Running Activation Key: " + KEY_ALL,
                          "Configuration has not been modified since last system restart.", USER]


def test_modes_and_their_prompts(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path))
    con.cmd("configure terminal", "ERROR: a privileged command (use enable first)")
    to_config(con)
    con.prompt = ENABLE
    con.cmd("exit")
    con.prompt = USER
    con.cmd("disable")
    con.prompt = ENABLE
    con.cmd("en")
    con.prompt = CONFIG
    con.cmd("conf t")
    con.prompt = ENABLE
    con.cmd("end")
    con.prompt = USER
    con.cmd("quit")
    con.cmd("exit", "", "Logoff", "", HINT)


def test_question_mark_lists_what_the_mode_offers(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path))
    con.send("?")
    con.expect_next("?\r\n"
                    "  enable              turn on privileged commands\r\n"
                    "  exit                leave the current mode\r\n"
                    "  help                this help list\r\n"
                    "  quit                leave the current mode\r\n"
                    "  show                show information about the unit\r\n" + USER)
    con.send("sh?")
    con.expect_next("sh?\r\n  show                show information about the unit\r\n" + USER + "sh")
    con.send("ow ?")
    con.expect_next("ow ?\r\n  version             show the software and hardware\r\n" + USER + "show ")
    con.send("version ?")
    con.expect_next("version ?\r\nUsage: show version\r\n" + USER + "show version ")
    con.send("\x15")  # Ctrl-U: the redrawn line is erased like a typed one
    con.expect_next("\b \b" * len("show version "))
    to_enable(con)
    con.send("wr?")
    con.expect_next("wr?\r\n  write               write the configuration\r\n" + ENABLE + "wr")
    con.send("ite ?")
    con.expect_next("ite ?\r\n"
                    "  erase               erase the configuration stored in flash\r\n"
                    "  memory              store the running configuration in flash\r\n"
                    "  terminal            show the running configuration\r\n" + ENABLE + "write ")
    con.send("\x15")
    con.expect_next("\b \b" * len("write "))
    con.cmd("help show",
            "  activation-key      show the running and flash keys",
            "  ca                  certificate authorities",
            "  configure           show the configuration stored in flash",
            "  failover            show the failover pair",
            "  flashfs             show the flash file system",
            "  memory              show the memory in use",
            "  running-config      show the running configuration",
            "  version             show the software and hardware")


def test_abbreviations_and_bad_input(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path))
    to_enable(con)
    con.cmd("e", "ERROR: ambiguous command 'e'", HINT)
    con.cmd("frobnicate", HINT)
    con.cmd("show bogus", "ERROR: invalid input 'bogus'", HINT)
    con.cmd("show", "ERROR: incomplete command", HINT)
    con.cmd("show version now", "Usage: show version")
    con.cmd("hostname fw", "ERROR: a configuration command (use configure terminal first)")
    con.prompt = CONFIG
    con.cmd("conf t")
    con.cmd("hostname", "Usage: hostname newname")
    con.cmd("hostname this-name-is-far-too-long",
            "ERROR: hostname: 'this-name-is-far-too-long' is not a host name (up to 16 letters, digits "
            "and hyphens, starting with a letter)")
    con.cmd("ip address inside 10.0.2", "ERROR: ip address: '10.0.2' is not a unicast host address")
    con.cmd("ip address inside 10.0.2.15 255.0.255.0", "ERROR: ip address: '255.0.255.0' is not a netmask")
    con.cmd("ip address dmz 10.0.2.15", "ERROR: ip address: no interface named 'dmz'")
    con.cmd("ip address inside 10.0.2.0 255.255.255.0",
            "ERROR: ip address: 10.0.2.0 is the network or broadcast address of its subnet")
    con.cmd("interface ethernet7 auto", "ERROR: interface: no interface 'ethernet7' (ethernet0-ethernet1)")
    con.cmd("interface ethernet0 fast", "ERROR: interface: 'fast' is not a speed (auto, 10baset, 10full, "
            "100basetx, 100full)")
    con.cmd("nameif ethernet1 outside security50", "ERROR: nameif: 'outside' already names ethernet0")
    con.cmd("nameif ethernet1 dmz level50", "ERROR: nameif: 'level50' is not a security level "
            "(security0-security100)")
    con.cmd("route inside 10.1.0.0 255.255.0.0", "Usage: route if_name ip_address netmask gateway_ip [metric]")
    con.cmd("route inside 10.1.0.1 255.255.0.0 10.0.2.2",
            "ERROR: route: 10.1.0.1 has bits outside netmask 255.255.0.0")
    con.cmd("no route inside 0 0", "ERROR: route: no such route")
    con.cmd("name 10.0.2.2 2fast", "ERROR: name: '2fast' is not a name (letters, digits, '-', '_', '.', "
            "starting with a letter)")
    con.cmd("enable password 0123456789abcdefX", "ERROR: enable password: a password has at most 16 "
            "characters")
    con.cmd("passwd abc encrypted", "ERROR: passwd: 'abc' is not an encrypted password (16 characters)")
    con.cmd("no nameif ethernet1", "ERROR: no 'nameif' has no such form",
            "Usage: nameif ethernetN if_name securityN")
    long_line = "hostname " + "x" * 130
    con.send(long_line + "\r")
    got = con.until_prompt()
    assert got.endswith("\r\nERROR: line too long (max 128 characters); ignored\r\n" + CONFIG), got
    # nothing above changed the running configuration
    out = con.run("show running-config")
    lines, _ = config_lines(out)
    assert lines[1:4] == [": Saved", ":", DEFAULT_CONFIG_BODY[0]]
    assert lines[3:3 + len(DEFAULT_CONFIG_BODY)] == DEFAULT_CONFIG_BODY


def test_configuration_is_stored_and_loaded(boot, tmp_path):
    flash = make_unit(tmp_path)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    for line in ("hostname fw-a", "interface ethernet0 100full", "interface ethernet1 auto shutdown",
                 "nameif ethernet0 out security5", "ip address out 192.168.7.1 255.255.255.0",
                 "ip address inside 10.0.2.15", "name 10.0.2.2 tftphost", "route out 0 0 192.168.7.254 2",
                 "route inside 172.16.0.0 255.240.0.0 10.0.2.2", "tftp-server inside tftphost /pix/image.bin",
                 "passwd t3lnet"):
        con.prompt = "fw-a(config)# "
        con.cmd(line)
    want = [": Saved", ":", "PIX Version 6.3(5)",
            "interface ethernet0 100full",
            "interface ethernet1 auto shutdown",
            "nameif ethernet0 out security5",
            "nameif ethernet1 inside security100",
            "enable password %s encrypted" % pix_hash(""),
            "passwd %s encrypted" % pix_hash("t3lnet"),
            "hostname fw-a",
            "names",
            "name 10.0.2.2 tftphost",
            "ip address out 192.168.7.1 255.255.255.0",
            "ip address inside 10.0.2.15 255.0.0.0",
            "route out 0.0.0.0 0.0.0.0 192.168.7.254 2",
            "route inside 172.16.0.0 255.240.0.0 10.0.2.2 1",
            "tftp-server inside 10.0.2.2 /pix/image.bin",
            ": end"]
    out = con.run("write terminal")
    assert out.startswith("write terminal\r\nBuilding configuration...\r\n"), out
    assert out.endswith("\r\n[OK]\r\n" + con.prompt), out
    lines, checksum = config_lines(out)
    assert lines[2:-2] == want, lines
    assert re.fullmatch("[0-9a-f]{32}", checksum), checksum
    words = " ".join(checksum[i:i + 8] for i in range(0, 32, 8))
    con.cmd("write memory", "Building configuration...", "Cryptochecksum: " + words, "[OK]")
    text = reload(con, prompt="fw-a> ")
    assert text.endswith("\r\n\r\nCryptochecksum(unchanged): %s\r\n%s\r\n\r\nfw-a> " % (words, HINT)), text
    con.send("enable\r")
    con.prompt = "fw-a# "
    con.until_prompt()
    again, checksum2 = config_lines(con.run("show running-config"))
    assert again[1:-1] == want and checksum2 == checksum
    stored, checksum3 = config_lines(con.run("show configure"))
    assert stored[1:-1] == want and checksum3 == checksum
    # the stored text is what pix-flash reads back from the flash file
    assert tool("pix-flash", "config", flash).stdout.splitlines() == \
        want[:-1] + ["Cryptochecksum:" + checksum, ": end"]
    con.cmd("configure memory", "Cryptochecksum(unchanged): " + words)


def test_write_erase_leaves_the_defaults_for_the_next_start(boot, tmp_path):
    flash = make_unit(tmp_path, config="hostname stored\n")
    con, text = boot_pixos(boot, flash, prompt="stored> ")
    assert text.endswith(HINT + "\r\n\r\nstored> ")
    con.send("en\r")
    con.prompt = "stored# "
    con.until_prompt()
    con.send("write erase\r")
    con.expect_exact("Erase PIX configuration in flash memory? [confirm] ")
    con.send("n\r")
    con.until_prompt()
    assert "hostname stored" in tool("pix-flash", "config", flash).stdout
    con.send("write erase\r")
    con.expect_exact("Erase PIX configuration in flash memory? [confirm] ")
    con.send("\r")
    assert con.until_prompt() == "\r\n[OK]\r\n" + con.prompt
    con.cmd("show configure", "No configuration is stored in flash.")
    assert reload(con).endswith("This PIX has an Unrestricted (UR) license.\r\n\r\n" + HINT + "\r\n\r\n" + USER)


def test_stored_lines_that_fail_are_reported_and_the_rest_applies(boot, tmp_path):
    config = ("PIX Version 6.3(5)\n"
              "hostname good\n"
              "fixup protocol ftp 21\n"
              "ip address inside 10.0.2.300 255.255.255.0\n"
              ": a comment\n"
              "\n"
              "show version\n"
              "route inside 0 0\n"
              "name 10.0.2.2 server\n" +
              "x" * 200 + "\n" +
              "ip address inside 10.0.2.15 255.255.255.0\n")
    con, text = boot_pixos(boot, make_unit(tmp_path, config=config), prompt="good> ")
    assert text == (BANNER_ALL % "6.3(5)" +
                    "config line 3: fixup protocol ftp 21\r\n"
                    "ERROR: 'fixup' is not a command this image knows\r\n"
                    "config line 4: ip address inside 10.0.2.300 255.255.255.0\r\n"
                    "ERROR: ip address: '10.0.2.300' is not a unicast host address\r\n"
                    "config line 7: show version\r\n"
                    "ERROR: not a configuration command\r\n"
                    "config line 8: route inside 0 0\r\n"
                    "Usage: route if_name ip_address netmask gateway_ip [metric]\r\n"
                    "config line 10: longer than 128 characters; ignored\r\n" +
                    HINT + "\r\n\r\ngood> ")
    con.send("en\r")
    con.prompt = "good# "
    con.until_prompt()
    lines, _ = config_lines(con.run("show running-config"))
    assert "name 10.0.2.2 server" in lines and "ip address inside 10.0.2.15 255.255.255.0" in lines


def test_enable_password(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path))
    to_config(con)
    con.cmd("enable password s3cret")
    lines, _ = config_lines(con.run("write terminal"))
    assert "enable password %s encrypted" % pix_hash("s3cret") in lines
    con.prompt = USER
    con.cmd("disable")
    con.send("enable\r")
    for attempt in ("wrong", "S3CRET", "s3cre"):
        con.expect_next("enable\r\nPassword: " if attempt == "wrong" else "Password: ")
        con.send(attempt + "\r")
        con.expect_next("*" * len(attempt) + "\r\nInvalid password\r\n")
    con.expect_next(USER)
    con.send("enable\r")
    con.expect_next("enable\r\nPassword: ")
    con.send("s3cret\r")
    con.expect_next("******\r\n" + ENABLE)
    con.prompt = ENABLE
    con.send("disable\r")
    con.prompt = USER
    con.until_prompt()
    con.send("enable\r")
    con.expect_next("enable\r\nPassword: ")
    con.send("\x03")  # Ctrl-C: no password, still in user mode
    con.expect_next("^C\r\n" + USER)


def test_ping(boot, tmp_path):
    con, _ = boot_pixos(boot, make_unit(tmp_path))
    to_config(con)
    con.cmd("ping 10.0.2.2", "ERROR: ping: no route to the host (ip address, route)")
    con.cmd("ip address inside 10.0.2.15 255.255.255.0")
    out = con.run("ping 10.0.2.2", timeout=15)
    assert re.fullmatch(r"ping 10\.0\.2\.2\r\n(        10\.0\.2\.2 response received -- \d+ms\r\n){3}"
                        + re.escape(CONFIG), out), out
    con.cmd("name 10.0.2.2 slirp")
    out = con.run("ping inside slirp", timeout=15)
    assert out.count("10.0.2.2 response received") == 3, out
    con.cmd("ping outside 10.0.2.2", "ERROR: ping: no route to the host (ip address, route)")
    con.cmd("interface ethernet1 auto shutdown")
    con.cmd("ping 10.0.2.2", "ERROR: ping: interface inside is shut down")
    con.cmd("interface ethernet1 auto")
    con.send("ping 10.0.2.77\r")  # nobody answers there: each echo times out
    con.expect_exact("        10.0.2.77 NO response received -- 1000ms\r\n", timeout=10)
    con.send(ESC)  # stops the rest at once
    con.until_prompt(timeout=5)
    con.cmd("ping 10.0.2.300", "ERROR: ping: '10.0.2.300' is not a host address or name")


def test_monitor_settings_are_the_defaults_of_a_fresh_unit(boot, tmp_path):
    flash = make_unit(tmp_path, image=None)
    con = boot(bootdelay=1, flash=flash)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    tftp = tmp_path / "tftpboot"
    tftp.mkdir(exist_ok=True)
    (tftp / "pixos.bin").write_bytes(open(PIXOS_BIN, "rb").read())
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    con.cmd("gateway 10.0.2.2", "gateway 10.0.2.2")
    con.cmd("file pixos.bin", "file pixos.bin")
    con.send("tftp\r")
    con.expect_exact("Install to flash? [yn] ", timeout=30)
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=60)
    con.send("y\r")
    con.expect_exact("\r\nCisco PIX Firewall Version 6.3(5)\r\n", timeout=30)
    con.prompt = USER
    con.until_prompt(timeout=30)
    to_enable(con)
    lines, _ = config_lines(con.run("show running-config"))
    assert "ip address inside 10.0.2.15 255.0.0.0" in lines
    assert "route inside 0.0.0.0 0.0.0.0 10.0.2.2 1" in lines
    assert "tftp-server inside 10.0.2.2 pixos.bin" in lines


@pytest.mark.parametrize("nic", ["i82558b", "e1000"])
def test_reload_from_the_image_returns_to_the_rom(boot, tmp_path, nic):
    con, _ = boot_pixos(boot, make_unit(tmp_path), nic=nic)
    to_enable(con)
    con.send("reload\r")
    con.expect_exact("Proceed with reload? [confirm] ")
    con.send("n\r")
    con.expect_next("n\r\nReload cancelled.\r\n" + ENABLE)
    con.send("reload\r")
    con.expect_exact("Proceed with reload? [confirm] ")
    con.send("\r")
    con.expect_exact("Rebooting...\r\n")
    con.banner(flash=True, bootdelay=1)
    con.interrupt(nic=nic)
    con.prompt = PROMPT
    con.cmd("address", "address 0.0.0.0")
