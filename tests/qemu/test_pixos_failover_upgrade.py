"""The chapter's "Upgrading Failover Systems from a Previous Version" (issue 11) end to end, on a pair in two
QEMUs (tests/qemu/pairutil.py), each unit with LAN-based failover stored in flash (failover poll 3).

Interface 1 of each unit is QEMU's user network, whose TFTP server serves the pair's tftpboot/ folder at
10.0.2.2: the active holds 10.0.2.15 there (ip address inside) and the standby 10.0.2.16 (failover ip
address inside), so either unit can fetch an image whatever its role.

- The chapter's warning, on a pair of its own (run first, so that no more than two QEMUs run at a time):
  the primary on 6.3(6) and the secondary still on 6.3(5) pair, both consoles say the mate's version is
  not identical with theirs, and the active refuses to replicate its configuration: the standby keeps a
  line only it has.
- From the CLI (on the pair the next tests share): both units on 6.3(5), paired; `copy tftp flash` of
  6.3(6) on the primary, then on the secondary (the standby, from its failover ip address); the primary
  power-cycled and in close succession the secondary; both come up on 6.3(6), pair, the primary active,
  and the configuration is replicated.
- Using monitor mode, on the same pair (now on 6.3(6)): both units reloaded and brought to the monitor
  (Esc during the ROM's countdown); the primary fetches 6.3(7) with the monitor's own TFTP, installs it and
  boots it, and comes up active on its own; then the secondary does the same, comes up standby, and the
  active synchronises the configuration to it.
- Using monitor mode one unit at a time (the same pair, to 6.3(8)): the primary reloaded to the monitor
  while the secondary runs on and takes over; the primary comes up on the new version and stands by,
  both consoles warn of the versions, and the active (on the old one) refuses to replicate; then the
  secondary does the same, the primary takes over, and the secondary comes up standby and is synchronised.
- Using Boothelper (the same pair, to 6.3(9)): both units power-cycled with a diskette drive, the
  secondary's empty, so it runs on alone and takes over; the primary boots the one Boothelper diskette,
  fetches and installs the new image; the diskette is moved (QMP eject, then blockdev-change-medium on
  the secondary) and the primary reset boots the new image from flash and stands by beside the active
  secondary (two versions: nothing replicated); the secondary reset boots the diskette, the primary takes
  over, and the secondary installs, is reset with the diskette out, and comes up standby, synchronised.

Nothing sleeps in place of synchronisation: every step waits for the console text it needs, with a
deadline; the one check of an absence (no replication on the standby) waits a bounded window for the
text that must not come.
"""
import os
import re

import pexpect
import pytest

from pairutil import FAILOVER_LAN_IP, FAILOVER_LINK_IP, Pair, failover_config, host_lines, said
from scapy.layers.inet import IP, UDP
from scapy.utils import rdpcap

from pixconsole import ESC, PIXOS_BIN, PROMPT, TOP, pixqemu
from pixosutil import BOOT_TO_PROMPT, CONFIG, pixos_version, to_config

KEY = "upgrade-secret-1"
POLL = 3  # failover poll: the shortest
# what the pair runs first, then after the CLI upgrade, the monitor upgrade, the monitor upgrade one at a time
OLD, NEW, NEWER, NEWEST = "6.3(5)", "6.3(6)", "6.3(7)", "6.3(8)"
BOOTHELPER = "6.3(9)"  # the upgrade using Boothelper, last
FILES = {NEW: "pix636.bin", NEWER: "pix637.bin", NEWEST: "pix638.bin", BOOTHELPER: "pix639.bin"}  # 8.3 names
DISK = os.path.join(TOP, "build", "boothelper.img")
BH_PROMPT = "pixboothelper> "
BH_BANNER = "Cisco Secure PIX Firewall Boothelper"
LAN_IP = FAILOVER_LAN_IP  # interface 0: the active's, the standby's
INSIDE_IP = ("10.0.2.15", "10.0.2.16")  # interface 1 (QEMU's user network): the active's, the standby's
TFTP_SERVER = "10.0.2.2"  # QEMU's user network
LINK_IP = FAILOVER_LINK_IP  # the failover link: the primary's, the secondary's
COPY_TIMEOUT = 60  # copy tftp flash of a 280 KB image and its flash write, under TCG
INSTALL_TIMEOUT = 60  # the monitor's install
ONLY_SECONDARY = "name 10.0.2.99 secondary-only"  # set on the secondary before it pairs
# seconds the standby is watched for a replication that must not come: a write memory on the active sends
# at once, and a hello follows within one poll interval
NO_REPLICATION_WINDOW = 2 * POLL
TAKEOVER = 3 * POLL + 8  # the standby takes over after 3 poll intervals, plus TCG's and the host's latency

ACTIVE = "%%PIX-1-104001: (%s) Switching to ACTIVE (cause: %s)."
STANDBY = "%%PIX-1-104002: (%s) Switching to STNDBY (cause: %s)."
SENDING = ("Beginning configuration replication: Sending to mate.", "End Configuration Replication to mate")
RECEIVING = ("Beginning configuration replication from mate.", "End configuration replication from mate.")


def stored_config(unit, extra=""):
    return failover_config(unit, KEY, POLL, before="ip address inside %s 255.255.255.0\n" % INSIDE_IP[0] +
                           "failover ip address inside %s\n" % INSIDE_IP[1] +
                           "tftp-server inside %s %s\n" % (TFTP_SERVER, FILES[NEW]), after=extra)


def serve_images(pair, tmp_path_factory):
    """The newer images, re-sealed from build/pixos.bin, in the pair's TFTP folder."""
    d = tmp_path_factory.mktemp("images")
    os.makedirs(pair.tftp, exist_ok=True)
    for version, name in FILES.items():
        with open(pixos_version(d, version), "rb") as f, open(os.path.join(pair.tftp, name), "wb") as g:
            g.write(f.read())


def show_version(con):
    """The version show version reports."""
    out = con.run("show version")
    m = re.search(r"\r\nCisco PIX Firewall Version (\S+)\r\n", out)
    assert m, out
    return m.group(1)


def show_failover(con, mate=True):
    """show failover: its head, and every interface of both hosts Normal (with a mate) or this host's
    Normal (Waiting) (without); returns the output."""
    out = con.run("show failover")
    assert out.startswith("show failover\r\nFailover On\r\n"
                          "Cable status: N/A - LAN-based failover enabled\r\n"
                          "Reconnect timeout 0:00:00\r\n"
                          "Poll frequency %d seconds\r\n" % POLL), out
    states = re.findall(r"\t\tInterface (\w+) \(([\d.]+)\): ([^\r]+)\r\n", out)
    if mate:
        want = [(n, a, "Normal") for n, a in (("outside", LAN_IP[0]), ("inside", INSIDE_IP[0]),
                                               ("outside", LAN_IP[1]), ("inside", INSIDE_IP[1]))]
        # the active's addresses first when this host is active
        if host_lines(out)[0][2] != "Active":
            want = want[2:] + want[:2]
        assert states == want, out
        link = LINK_IP if host_lines(out)[0][1] == "Primary" else LINK_IP[::-1]
        assert ("\r\nLAN-based Failover is Active\r\n\tinterface failover (%s): Normal, peer (%s): Normal\r\n"
                % link in out), out
    else:
        assert states[:2] == [("outside", LAN_IP[0], "Normal (Waiting)"),
                              ("inside", INSIDE_IP[0], "Normal (Waiting)")], out
    return out


def capture(unit, path):
    """Records every frame of the unit's interface 1 (QEMU's user network) from now on in the pcap file
    path (QMP object-add of a filter-dump on its netdev)."""
    unit.qmp("object-add", **{"qom-type": "filter-dump", "id": "dump-%s" % unit.name,
                              "netdev": pixqemu.NETDEV_IDS[pixqemu.TFTP_IFACE], "file": str(path)})


def tftp_sources(path, name):
    """The source addresses of the TFTP read requests for name in a capture."""
    return {p[IP].src for p in rdpcap(str(path))
            if UDP in p and p[UDP].dport == 69 and name.encode() in bytes(p[UDP].payload)}


def copy_tftp_flash(con, name):
    """The chapter's `copy tftp flash`, answering its questions with the tftp-server settings (server and
    name); the image must be installed."""
    con.send("copy tftp flash\r")
    con.expect_exact("Address or name of remote host [%s]? " % TFTP_SERVER)
    con.send("\r")
    con.expect_exact("Source file name [%s]? " % FILES[NEW])
    con.send(name + "\r")
    con.expect_exact("copying tftp://%s/%s to flash:image [yes|no|again]? " % (TFTP_SERVER, name))
    con.send("yes\r")
    out = con.until_prompt(timeout=COPY_TIMEOUT)
    assert re.fullmatch(r"yes\r\n!+\r\nReceived \d+ bytes\r\nWriting image to flash\.*\r\nImage installed\r\n" +
                        re.escape(con.prompt), out), out


def to_monitor(unit):
    """reload from the running image's CLI, and Esc during the ROM's countdown: the unit is at the
    monitor's prompt."""
    con = unit.con
    con.send("reload\r")
    con.expect_exact("Proceed with reload? [confirm] ")
    con.send("\r")
    con.expect_exact("Rebooting...\r\n")
    con.expect_re(r"Flash boot in \d+ seconds\. ?", timeout=BOOT_TO_PROMPT)
    con.send(ESC)
    con.expect_exact("Flash boot interrupted.")
    con.prompt = PROMPT
    con.until_prompt()


def loader_version(version):
    """A version as the admin loader prints it: 6.3(6) is 6.3.6."""
    return re.sub(r"\((\d+)\)$", r".\1", version)


def monitor_install(unit, address, name, version, installed):
    """From the monitor's prompt, the chapter's monitor mode TFTP (address, server, file, tftp) of the
    image name (version), the install the admin loader offers over the installed version, and the boot of
    the new image; waits for its first prompt and returns its banner text."""
    con = unit.con
    con.cmd("address " + address, "address " + address)
    con.cmd("server " + TFTP_SERVER, "server " + TFTP_SERVER)
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n", 30)
    con.expect_re(r"\r\nPIX admin loader \(3\.0\) #0: [^\r]+\r\nFlash=AT29C040A @ 0x[0-9a-f]+\r\n")
    con.expect_next("Flash version %s, Install version %s\r\nInstall to flash? [yn] "
                    % (loader_version(installed), loader_version(version)))
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=INSTALL_TIMEOUT)
    con.send("y\r")
    return unit.wait_prompt(version)


def test_mixed_versions_warn_on_both_consoles_and_replicate_nothing(rom, tmp_path_factory):
    """The chapter's note: the primary already runs the new image, the secondary the old one."""
    d = tmp_path_factory.mktemp("mixed")
    p = Pair(d, rom=rom, nic="e1000", image=(pixos_version(d, NEW), PIXOS_BIN),
             config=(stored_config("primary"), stored_config("secondary", ONLY_SECONDARY + "\n")))
    try:
        pri, sec = p.primary, p.secondary
        # both power on together; the primary, hearing the secondary negotiate, takes the active role
        for u in p.units:
            u.start()
        pri.wait_prompt(NEW)
        sec.wait_prompt(OLD)
        said(pri.con, "Mate version %s is not identical with ours %s" % (OLD, NEW),
             ACTIVE % ("Primary", "No Active unit found"),
             "Failover: configuration replication refused: mate version %s is not identical with ours %s"
             % (OLD, NEW))
        said(sec.con, "Mate version %s is not identical with ours %s" % (NEW, OLD),
             STANDBY % ("Secondary", "Other unit wants me Standby"))
        for u in p.units:
            to_config(u.con)
        # a write memory on the active sends nothing either (the refusal was said once)
        out = pri.con.run("write memory")
        assert out.endswith("[OK]\r\n" + CONFIG), out
        i = sec.con.child.expect_exact([RECEIVING[0], pexpect.TIMEOUT], timeout=NO_REPLICATION_WINDOW)
        assert i == 1, "the standby on %s took a configuration from an active on %s" % (OLD, NEW)
        assert RECEIVING[0] not in sec.con.transcript.getvalue()
        # the standby keeps what only it had; the active never had it
        assert "\r\n%s\r\n" % ONLY_SECONDARY in sec.con.run("show running-config")
        assert "\r\n%s\r\n" % ONLY_SECONDARY in sec.con.run("show configure")
        assert ONLY_SECONDARY not in pri.con.run("show running-config")
        # and yet they are a pair: one active, one standby, every interface Normal
        assert host_lines(show_failover(pri.con)) == [("This host", "Primary", "Active"),
                                                      ("Other host", "Secondary", "Standby")]
        assert host_lines(show_failover(sec.con)) == [("This host", "Secondary", "Standby"),
                                                      ("Other host", "Primary", "Active")]
        assert show_version(pri.con) == NEW and show_version(sec.con) == OLD
    finally:
        p.close()


@pytest.fixture(scope="module")
def pair(rom, tmp_path_factory):
    """Both units on 6.3(5), paired (the primary active), each at its configuration prompt; the tests run
    in order on it: the CLI upgrade to 6.3(6), the monitor-mode upgrade to 6.3(7), then to 6.3(8) one unit
    at a time."""
    # e1000 as in test_pixos_failover.py
    p = Pair(tmp_path_factory.mktemp("upgrade"), rom=rom, nic="e1000",
             config=(stored_config("primary"), stored_config("secondary")))
    try:
        serve_images(p, tmp_path_factory)
        # both power on together; the primary, hearing the secondary negotiate, takes the active role
        p.boot(OLD)
        said(p.primary.con, ACTIVE % ("Primary", "No Active unit found"), *SENDING)
        said(p.secondary.con, STANDBY % ("Secondary", "Other unit wants me Standby"), *RECEIVING)
        for u in p.units:
            to_config(u.con)
        yield p
    finally:
        p.close()


def test_upgrade_from_the_cli(pair, tmp_path):
    pri, sec = pair.primary.con, pair.secondary.con
    for con in (pri, sec):
        assert show_version(con) == OLD
    # Steps 1 and 2: the new image into the flash of the primary (the active), then of the secondary (the
    # standby, which fetches it from its failover ip address on inside)
    dumps = [tmp_path / ("%s-inside.pcap" % u.name) for u in pair.units]
    for u, dump in zip(pair.units, dumps):
        capture(u, dump)
    copy_tftp_flash(pri, FILES[NEW])
    copy_tftp_flash(sec, FILES[NEW])
    assert [tftp_sources(d, FILES[NEW]) for d in dumps] == [{INSIDE_IP[0]}, {INSIDE_IP[1]}]
    # neither flash write cost the pair its roles
    assert host_lines(show_failover(pri))[0] == ("This host", "Primary", "Active")
    assert host_lines(show_failover(sec))[0] == ("This host", "Secondary", "Standby")
    # Step 3: power-cycle the primary, and in close succession the secondary
    pair.primary.kill()
    pair.primary.start()
    pair.secondary.kill()
    pair.secondary.start()
    for u in pair.units:
        assert "\r\nCisco PIX Firewall Version %s\r\n" % NEW in u.wait_prompt(NEW)
    # both negotiate; the primary hears the secondary negotiating and takes the active role
    pri, sec = pair.primary.con, pair.secondary.con
    said(pri, ACTIVE % ("Primary", "No Active unit found"), *SENDING)
    said(sec, STANDBY % ("Secondary", "Other unit wants me Standby"), *RECEIVING)
    for con in (pri, sec):
        to_config(con)
        assert show_version(con) == NEW
    assert host_lines(show_failover(pri)) == [("This host", "Primary", "Active"),
                                              ("Other host", "Secondary", "Standby")]
    assert host_lines(show_failover(sec)) == [("This host", "Secondary", "Standby"),
                                              ("Other host", "Primary", "Active")]


def test_upgrade_using_monitor_mode(pair):
    # Step 2: reload both units and bring them to monitor mode
    for u in pair.units:
        to_monitor(u)
    # Step 3: the primary loads the new image with the monitor's TFTP, saves it to flash and boots it; with
    # its mate in the monitor it negotiates alone and takes the active role
    banner = monitor_install(pair.primary, INSIDE_IP[0], FILES[NEWER], NEWER, NEW)
    assert "\r\nCisco PIX Firewall Version %s\r\n" % NEWER in banner
    pri = pair.primary.con
    said(pri, ACTIVE % ("Primary", "No Active unit found"))
    to_config(pri)
    out = show_failover(pri, mate=False)
    assert host_lines(out) == [("This host", "Primary", "Active"), ("Other host", "Secondary", "Failed")], out
    # Step 4: the same on the secondary
    banner = monitor_install(pair.secondary, INSIDE_IP[1], FILES[NEWER], NEWER, NEW)
    assert "\r\nCisco PIX Firewall Version %s\r\n" % NEWER in banner
    sec = pair.secondary.con
    # Step 5: once the standby is up, the active synchronises the configuration to it
    said(sec, STANDBY % ("Secondary", "Other unit wants me Standby"), *RECEIVING)
    said(pri, *SENDING)
    to_config(sec)
    for con in (pri, sec):
        assert show_version(con) == NEWER
    assert host_lines(show_failover(pri)) == [("This host", "Primary", "Active"),
                                              ("Other host", "Secondary", "Standby")]
    assert host_lines(show_failover(sec)) == [("This host", "Secondary", "Standby"),
                                              ("Other host", "Primary", "Active")]


def test_upgrade_using_monitor_mode_one_unit_at_a_time(pair):
    """Each unit in turn reloaded into the monitor while its mate runs: for a while the two run different
    versions, and the active, on the old one, must not replicate to the standby on the new one."""
    pri, sec = pair.primary.con, pair.secondary.con
    refused = "Failover: configuration replication refused: mate version %s is not identical with ours %s"
    # the primary to the monitor; the secondary takes over
    to_monitor(pair.primary)
    said(sec, "%PIX-1-105005: (Secondary) Lost Failover communications with mate on interface failover.",
         ACTIVE % ("Secondary", "Other unit failed"), timeout=TAKEOVER)
    monitor_install(pair.primary, INSIDE_IP[0], FILES[NEWEST], NEWEST, NEWER)
    pri = pair.primary.con
    mark = len(pri.transcript.getvalue())
    # the secondary is active: the primary stands by; two versions, said on both consoles
    said(pri, "Mate version %s is not identical with ours %s" % (NEWER, NEWEST),
         STANDBY % ("Primary", "Other unit wants me Standby"))
    said(sec, "Mate version %s is not identical with ours %s" % (NEWEST, NEWER), refused % (NEWEST, NEWER))
    to_config(pri)
    assert host_lines(show_failover(pri)) == [("This host", "Primary", "Standby"),
                                              ("Other host", "Secondary", "Active")]
    # the secondary to the monitor; the primary takes over
    to_monitor(pair.secondary)
    said(pri, "%PIX-1-105005: (Primary) Lost Failover communications with mate on interface failover.",
         ACTIVE % ("Primary", "Other unit failed"), timeout=TAKEOVER)
    monitor_install(pair.secondary, INSIDE_IP[1], FILES[NEWEST], NEWEST, NEWER)
    sec = pair.secondary.con
    said(sec, STANDBY % ("Secondary", "Other unit wants me Standby"), *RECEIVING)
    said(pri, *SENDING)
    assert RECEIVING[0] not in pri.transcript.getvalue()[mark:], "the old version replicated to the new one"
    to_config(sec)
    for con in (pri, sec):
        assert show_version(con) == NEWEST
    assert host_lines(show_failover(pri)) == [("This host", "Primary", "Active"),
                                              ("Other host", "Secondary", "Standby")]
    assert host_lines(show_failover(sec)) == [("This host", "Secondary", "Standby"),
                                              ("Other host", "Primary", "Active")]


def boothelper_install(unit, address, version, installed):
    """At the Boothelper's prompt (the diskette booted): address, server, file, tftp of version, the
    install over installed (the unit's key is valid: none asked), up to the request to remove the
    diskette (the interval is left running)."""
    con = unit.con
    con.prompt = BH_PROMPT
    con.cmd("address " + address, "address " + address)
    con.cmd("server " + TFTP_SERVER, "server " + TFTP_SERVER)
    con.cmd("file " + FILES[version], "file " + FILES[version])
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n", 30)
    con.expect_exact("Flash version %s, Install version %s\r\nInstall to flash? [yn] "
                     % (loader_version(installed), loader_version(version)))
    con.send("y\r")
    con.expect_exact("Image installed\r\n", timeout=INSTALL_TIMEOUT)
    con.expect_exact("Remove the Boothelper diskette and press the reset switch to boot the new image.")


def test_upgrade_using_boothelper(pair, tmp_path):
    """The chapter's "Upgrading Failover Systems Using Boothelper" with the one diskette moved from the
    primary to the standby (the secondary here, as the chapter's step 3a says)."""
    pri_u, sec_u = pair.primary, pair.secondary
    diskette = str(tmp_path / "boothelper.img")
    with open(DISK, "rb") as f, open(diskette, "wb") as g:
        g.write(f.read())
    # the units get their diskette drives: a power cycle each; the secondary first, with its drive empty,
    # runs on alone and takes the active role
    pri_u.kill()
    sec_u.kill()
    sec_u.floppy, pri_u.floppy = "empty", diskette
    sec_u.power_on(version=NEWEST)
    said(sec_u.con, ACTIVE % ("Secondary", "No Active unit found"), timeout=TAKEOVER)
    # Step 2: the diskette in the primary, which boots it
    pri_u.start()
    pri_u.con.expect_exact(BH_BANNER, timeout=BOOT_TO_PROMPT)
    pri_u.con.expect_exact(BH_PROMPT)
    # Step 3: the new image written to flash; then at once (a) the diskette out of the primary and into
    # the standby, (b) the primary's reset switch: it boots the new image from flash
    boothelper_install(pri_u, INSIDE_IP[0], BOOTHELPER, NEWEST)
    pri_u.qmp("eject", device=pixqemu.FLOPPY_ID)
    sec_u.qmp("blockdev-change-medium", device=pixqemu.FLOPPY_ID, filename=diskette, format="raw")
    pri_u.qmp("system_reset")
    pri_u.con.expect_exact("Diskette boot: no diskette in the drive.\r\n", timeout=BOOT_TO_PROMPT)
    assert "\r\nCisco PIX Firewall Version %s\r\n" % BOOTHELPER in pri_u.wait_prompt(BOOTHELPER)
    # the secondary still runs the old version and is active: the primary stands by, nothing replicated
    said(pri_u.con, "Mate version %s is not identical with ours %s" % (NEWEST, BOOTHELPER),
         STANDBY % ("Primary", "Other unit wants me Standby"))
    # the standby's reset switch: it boots the diskette; the primary takes over
    sec_u.qmp("system_reset")
    sec_u.con.expect_exact(BH_BANNER, timeout=BOOT_TO_PROMPT)
    sec_u.con.expect_exact(BH_PROMPT)
    said(pri_u.con, ACTIVE % ("Primary", "Other unit failed"), timeout=TAKEOVER)
    boothelper_install(sec_u, INSIDE_IP[1], BOOTHELPER, NEWEST)
    sec_u.qmp("eject", device=pixqemu.FLOPPY_ID)
    sec_u.qmp("system_reset")
    sec_u.con.expect_exact("Diskette boot: no diskette in the drive.\r\n", timeout=BOOT_TO_PROMPT)
    assert "\r\nCisco PIX Firewall Version %s\r\n" % BOOTHELPER in sec_u.wait_prompt(BOOTHELPER)
    # Step 4: the two synchronise; both report Normal
    pri, sec = pri_u.con, sec_u.con
    said(sec, STANDBY % ("Secondary", "Other unit wants me Standby"), *RECEIVING)
    said(pri, *SENDING)
    for con in (pri, sec):
        to_config(con)
        assert show_version(con) == BOOTHELPER
    assert host_lines(show_failover(pri)) == [("This host", "Primary", "Active"),
                                              ("Other host", "Secondary", "Standby")]
    assert host_lines(show_failover(sec)) == [("This host", "Secondary", "Standby"),
                                              ("Other host", "Primary", "Active")]
