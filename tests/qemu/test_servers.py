"""tftp and checksum against real TFTP servers nobody here wrote: tftpd-hpa and atftpd (Debian 12), each
run by the test in the foreground in its own network namespace, reached through a tap on interface 1
(the arrangement is described in netns.py).

What the servers negotiate with the firmware's RRQ (blksize 1468, tsize 0, timeout, windowsize), as
a sniffer on the tap sees it, is checked too: tftpd-hpa 5.2 grants blksize 1468 and, knowing no RFC 7440,
no windowsize (one block per ACK); atftpd 0.8 grants blksize 1468 and the windowsize asked. Held to
512-byte blocks (tftpd-hpa's `-B 512`: an OACK of blksize 512; atftpd's `--no-blksize`: no blksize in
the OACK, so 512), a 40 MiB file is 81920 blocks, so the 16-bit block number rolls over (at 65536 blocks)
and the SHA-256 shows whether the firmware kept counting right, in lock-step and in windows.

Every download is checked on the console (banner, one dot per 32 KiB, "Received N bytes", then the unit,
which has flash, refusing to install a file that is not a PIX image) and by `checksum` against the
SHA-256 of the served file. Run time: about 1.5 to 2.5 minutes on 2 cores, most of it the 512-byte-block
download from tftpd-hpa (81920 lock-step round trips).
"""
import hashlib
import os
import re

import pytest

import netns
from netns import CLIENT_IP, FAR_IP, SERVER_IP, Sniffer
from pixconsole import NOT_PIX, PROMPT, checksum_timeout

BLKSIZE = 1468  # what the firmware asks for (Ethernet MTU 1500 - IP 20 - UDP 8 - TFTP 4)
MIB = 1024 * 1024
SIZES = {  # name: size
    "zero.bin": 0,
    "one.bin": 1,
    "block.bin": BLKSIZE,  # exactly one block: a second, empty DATA ends it
    "block1.bin": BLKSIZE + 1,
    "m8.bin": 8 * MIB,
    "m40.bin": 40 * MIB,
}
SMALL = ["zero.bin", "one.bin", "block.bin", "block1.bin"]
MEMORY = 128  # MiB of guest RAM: room for 40 MiB above the firmware's 4 MiB


def served_files(directory, names):
    """Random files of SIZES in directory; returns {name: sha256 hex}."""
    os.makedirs(directory, exist_ok=True)
    os.chmod(directory, 0o755)
    sums = {}
    for name in names:
        data = os.urandom(SIZES[name])
        path = os.path.join(directory, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o644)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


class Server:
    """A started server: its kind, the directory it serves, what its files hash to."""

    def __init__(self, kind, directory, sums, address):
        self.kind, self.directory, self.sums, self.address = kind, directory, sums, address


def start(testnet, tmp_path, kind, names, address=SERVER_IP, small_blocks=False, far=False):
    """Namespace up, files made, server kind ("tftpd-hpa" or "atftpd") listening on address:69."""
    testnet.up(far=far)
    directory = str(tmp_path / ("srv-" + kind))
    sums = served_files(directory, names)
    if kind == "tftpd-hpa":
        # -L: foreground; -s: chroot to the directory; -u root: no need for `nobody` to reach tmp_path.
        argv = [netns.in_tftpd_path(), "-L", "-u", "root", "-s", "-a", "%s:69" % address, "-v"]
        if small_blocks:
            argv += ["-B", "512"]
        argv.append(directory)
    else:
        assert kind == "atftpd"
        argv = [netns.atftpd_path(), "--daemon", "--no-fork", "--logfile", "-", "--verbose=6",
                "--user", "root", "--group", "root", "--bind-address", address, "--port", "69"]
        if small_blocks:
            argv.append("--no-blksize")
        argv.append(directory)
    testnet.start_server(kind, argv, address)
    return Server(kind, directory, sums, address)


def machine(boot, testnet, nic="i82558b", gateway=None, server=SERVER_IP):
    con = boot(nic=nic, bootdelay=1, memory=MEMORY, net="tap:" + testnet.tap)
    con.banner(flash=True, bootdelay=1)
    con.interrupt(nic)
    con.cmd("address " + CLIENT_IP, "address " + CLIENT_IP)
    if gateway:
        con.cmd("gateway " + gateway, "gateway " + gateway)
    con.cmd("server " + server, "server " + server)
    return con


def fetch(con, testnet, srv, name, via=None):
    """file NAME, tftp, checksum: the banner, one dot per 32 KiB, "Received N bytes", the SHA-256 of the
    file. Returns the Sniffer's view of the negotiation."""
    size = SIZES[name]
    con.cmd("file " + name, "file " + name)
    sniff = Sniffer(testnet.tap)
    try:
        con.send("tftp\r")
        con.expect_next("tftp\r\ntftp %s@%s%s" % (name, srv.address, " via " + via if via else ""))
        before, m = con.expect_re(r"\r\nReceived (\d+) bytes\r\n" + re.escape(NOT_PIX % name + PROMPT),
                                  30 + size / (128 * 1024))
    finally:
        sniff.close()
    assert set(before) <= {"."} and len(before) == size // 32768, "progress: %r" % before
    assert int(m.group(1)) == size
    con.cmd("checksum", "%d bytes, SHA-256 %s" % (size, srv.sums[name]),
            timeout=checksum_timeout(size))
    return sniff


def asked(sniff, name):
    """The firmware's RRQ, as seen on the tap: octet mode implied, blksize 1468, tsize 0, a timeout and
    a windowsize (RFC 7440). Returns the windowsize it asked for."""
    assert sniff.rrq, "no RRQ seen on the tap"
    server, filename, opts = sniff.rrq
    assert filename == name
    assert opts.get("blksize") == str(BLKSIZE) and opts.get("tsize") == "0" and "timeout" in opts, opts
    assert int(opts.get("windowsize", "0")) > 1, "the RRQ asks for no windowsize (RFC 7440): %s" % opts
    return int(opts["windowsize"])


def granted(sniff, kind, name, blksize=BLKSIZE):
    """What the server's OACK says, per server: tftpd-hpa 5.2 knows no windowsize (one block per ACK);
    atftpd 0.8 grants the windowsize asked. The first DATA is as long as the blksize allows."""
    window = asked(sniff, name)
    assert sniff.error is None, "server sent ERROR %s" % (sniff.error,)
    oack = sniff.oack
    assert oack is not None, "no OACK from %s" % kind
    assert oack.get("tsize") == str(SIZES[name]), oack
    assert oack.get("timeout") == sniff.rrq[2]["timeout"], oack
    if blksize == 512 and kind == "atftpd":
        assert "blksize" not in oack, oack  # --no-blksize: not acknowledged, so 512
    else:
        assert oack.get("blksize") == str(blksize), oack
    if kind == "tftpd-hpa":
        assert "windowsize" not in oack, oack
    else:
        assert oack.get("windowsize") == str(window), oack
    assert sniff.first_data_len == min(SIZES[name], blksize), sniff.first_data_len


@pytest.mark.parametrize("name", SMALL + ["m40.bin"])
@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_sizes_arrive_intact(testnet, boot, tmp_path, kind, name):
    """0 B, 1 B, one block exactly (then an empty DATA), one block + 1, 40 MiB (28572 blocks of 1468)."""
    srv = start(testnet, tmp_path, kind, [name])
    con = machine(boot, testnet)
    granted(fetch(con, testnet, srv, name), kind, name)


@pytest.mark.parametrize("nic", ["i82558b", "e1000"])
@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_8mib_both_nic_families(testnet, boot, tmp_path, kind, nic):
    srv = start(testnet, tmp_path, kind, ["m8.bin"])
    con = machine(boot, testnet, nic=nic)
    granted(fetch(con, testnet, srv, "m8.bin"), kind, "m8.bin")


@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_block_number_rollover_with_512_byte_blocks(testnet, boot, tmp_path, kind):
    """The server held to 512-byte blocks (tftpd-hpa -B 512: OACK blksize 512; atftpd --no-blksize: no
    blksize in the OACK): 40 MiB is 81920 blocks, past block 65535, so the block number rolls over."""
    srv = start(testnet, tmp_path, kind, ["m40.bin"], small_blocks=True)
    con = machine(boot, testnet)
    granted(fetch(con, testnet, srv, "m40.bin"), kind, "m40.bin", blksize=512)


@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_one_after_another(testnet, boot, tmp_path, kind):
    """Downloads in a row from one server on the NIC kept open, each replacing the last."""
    names = ["m8.bin", "one.bin", "block1.bin", "zero.bin"]
    srv = start(testnet, tmp_path, kind, names)
    con = machine(boot, testnet)
    for name in names:
        granted(fetch(con, testnet, srv, name), kind, name)


@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_file_not_found(testnet, boot, tmp_path, kind):
    """The server's ERROR 1 is reported with the server's own message; nothing is kept."""
    srv = start(testnet, tmp_path, kind, ["one.bin"])
    con = machine(boot, testnet)
    con.cmd("file nothere.bin", "file nothere.bin")
    out = con.run("tftp")
    m = re.fullmatch(r"tftp\r\ntftp nothere\.bin@192\.0\.2\.1\r\n"
                     r"tftp: nothere\.bin: file not found on 192\.0\.2\.1 \(([^\r\n]+)\)\r\n"
                     + re.escape(PROMPT), out)
    assert m, out
    assert "not found" in m.group(1).lower(), m.group(1)
    con.cmd("checksum", "checksum: nothing downloaded yet (use: tftp)")
    granted(fetch(con, testnet, srv, "one.bin"), kind, "one.bin")  # and the next download works


@pytest.mark.parametrize("kind", ["tftpd-hpa", "atftpd"])
def test_server_behind_gateway(testnet, boot, tmp_path, kind):
    """The server on 198.51.100.1 (off the firmware's class C subnet), reached through the namespace's
    192.0.2.1 as gateway: the banner says "via", every frame to the server goes to the gateway's MAC,
    the firmware never ARPs for the server (nobody would answer: arp_ignore), the file is intact, and
    ping 198.51.100.1 is answered 5/5 through the gateway."""
    name = "block1.bin"
    srv = start(testnet, tmp_path, kind, [name, "m8.bin"], address=FAR_IP, far=True)
    con = machine(boot, testnet, gateway=SERVER_IP, server=FAR_IP)
    sniff = fetch(con, testnet, srv, name, via=SERVER_IP)
    granted(sniff, kind, name)
    assert sniff.rrq[0] == FAR_IP
    gw_mac = testnet.ns_mac()
    to_server = {mac for mac, ip in sniff.ip_dests if ip == FAR_IP}
    assert to_server == {gw_mac}, "frames to %s went to %s, not to the gateway's %s" % (FAR_IP, to_server,
                                                                                        gw_mac)
    assert FAR_IP not in sniff.arp_requests, "the firmware ARPed for the off-subnet server"
    assert SERVER_IP in sniff.arp_requests, "the firmware never ARPed for its gateway"
    granted(fetch(con, testnet, srv, "m8.bin", via=SERVER_IP), kind, "m8.bin")
    con.send("ping %s\r" % FAR_IP)
    con.expect_next("ping %s\r\n" % FAR_IP)
    before, _ = con.expect_re(r"Sending 5, 100-byte 0x[0-9a-f]{4} ICMP Echoes to %s, timeout is 4 seconds:\r\n"
                              % re.escape(FAR_IP))
    assert before == ""
    con.expect_next("!!!!!\r\nSuccess rate is 100 percent (5/5)\r\n" + PROMPT, timeout=30)
