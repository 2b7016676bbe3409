#!/usr/bin/python3
"""HTTP download benchmark (issue 10): the running image's `copy http://... flash` against iPXE's `imgfetch
http://...` (its EFI build under OVMF, and its BIOS build behind SeaBIOS), U-Boot's `wget` where Debian's
build has one, and the running image's own `copy tftp://... flash` of the same file; and the running
image's `copy https://... flash` of the same file beside its `copy http://`.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/http_speed.py [--runs N] [--quick] [--nic MODEL] [--size MIB] [--target T]
                                         [--capture DIR] [--json FILE]

Every firmware runs in the same QEMU binary (qemu-system-x86_64, which OVMF needs) under TCG with the same
RAM (256 MiB) and downloads the same random files (8 MiB and 32 MiB) through the same NIC model (e1000 and
i82558b) on QEMU's user network (slirp): over HTTP from one lighttpd (Debian's, from build/deps/debs, the
tests' tests/qemu/httpserver.py, on 127.0.0.1 at a free port, which the guest reaches as 10.0.2.2:port), and
over TFTP from QEMU's built-in server (10.0.2.2) on the same folder, and over HTTPS from a second lighttpd
on the same folder with TLS (mod_openssl; a test CA and a server certificate for IP:10.0.2.2 made with
tests/qemu/certs.py). The running image is a licensed unit (the DESIGN.md key, build/pixos.bin installed,
`ip address inside 10.0.2.15 255.255.255.0` stored, the test CA as its trust anchor: pix-flash trust) booted
through the ROM to `pixfirewall(config)# `. Neither file fits the flash (a slot is about 2.9 MiB): `copy`
downloads it whole, prints "Received N bytes", then refuses it ("Image not installed"); the download is
what is timed.

Each figure is the wall-clock time (time.monotonic()) from reading the echo of the command's Enter key to
reading the firmware's end-of-download text on the serial console (running image: "Received N bytes";
iPXE: its prompt coming back). Each QEMU session boots one firmware, downloads the file once ("cold": the
first download of the session) and again ("warm"), checks each download's size, and is killed. Runs are
interleaved (run 1 of every case, then run 2, ...); a case whose download timed out twice (a stalled TCP
connection) is not tried again. The tables show the median and min/max over the runs, the frames QEMU
said it lost on the way into the guest, the goals' ratios side by side (iPXE EFI's time over copy http's,
copy tftp's over copy http's), the CPU and run-queue time of QEMU's vCPU thread and of its other threads
during each download, and a streaming rate and fixed cost from the two sizes. With --capture every
session's frames (QEMU's filter-dump on the NIC's netdev, headers only) are kept and each HTTP exchange is
summarised: the window the guest advertised, ACKs, the bytes in flight, retransmissions, retransmission
timeouts, and the link's silences by who spoke last. U-Boot is booted once to read its `help`; Debian's
build has no wget. iPXE's https rows try `imgfetch https://...` once per NIC and report why they cannot
(Debian's iPXE ROMs are built without HTTPS). See bench/README.md.
"""

import argparse
import datetime
import json
import os
import pathlib
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import Failed, cpu_model, kill, loadavg, qemu_version, spawn, summary, tail, wait  # noqa: E402
from flash_speed import KEY, SERIAL, tool  # noqa: E402
from tftp_speed import (IPXE_CHUNK, IPXE_DIR, IPXE_EFI_ROMS, IPXE_PROMPT, IPXE_PROMPT_SEEN,  # noqa: E402
                        IPXE_ROMS, MEMORY_MB, OVMF, QEMU, UBOOT_PROMPT, UBOOT_ROM, command, fmt, ipxe_show,
                        mibs, uboot_config_says)

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402
sys.path.insert(0, os.path.join(TOP, "tests", "qemu"))
try:
    import httpserver  # noqa: E402  (the tests' lighttpd; it imports pixconsole, which needs pytest)
    import certs  # noqa: E402  (the tests' certificates, made with openssl)
    HTTPSERVER_MISSING = None
except ImportError as e:
    httpserver, certs = None, None
    HTTPSERVER_MISSING = "tests/qemu/httpserver.py or certs.py cannot be imported: %s" % e

ROM = os.path.join(TOP, "build", "pix.rom")
PIXOS_BIN = os.path.join(TOP, "build", "pixos.bin")
NICS = ("e1000", "i82558b")
SIZES_MIB = (8, 32)
GUEST_IP, SERVER_IP = "10.0.2.15", "10.0.2.2"
NET_CONFIG = "ip address inside %s 255.255.255.0\n" % GUEST_IP
BOOTDELAY = 5          # the ROM's countdown; SPACE at its first line boots at once
BOOT_TIMEOUT = 40.0    # spawn to a firmware's prompt (TCG on a loaded 2-CPU machine)
REPLY_TIMEOUT = 20.0
USER, ENABLE, CONFIG = rb"pixfirewall> ", rb"pixfirewall# ", rb"pixfirewall\(config\)# "

TARGETS = ("pix-http", "pix-https", "pix-tftp", "ipxe-efi", "ipxe", "ipxe-efi-https", "ipxe-https", "uboot")
TITLES = {"pix-http": "PIX OS copy http", "pix-https": "PIX OS copy https", "pix-tftp": "PIX OS copy tftp",
          "ipxe-efi": "OVMF + iPXE EFI http", "ipxe": "SeaBIOS + iPXE http", "ipxe-efi-https": "OVMF + iPXE EFI https",
          "ipxe-https": "SeaBIOS + iPXE https", "uboot": "U-Boot 2023.01 wget"}
HTTPS_TARGETS = ("pix-https", "ipxe-efi-https", "ipxe-https")
PHASES = ("cold", "warm")
EFI_GOAL = 1.0   # copy http at least as fast as iPXE's EFI build under OVMF
TFTP_GOAL = 3.0  # and at least 3 times as fast as the running image's own copy tftp of the same file
HTTPS_GOAL = 2.0  # copy https within 2 times of copy http's time on the same file


def download_timeout(mib, target=""):
    """Seconds allowed for one download: about 1 MiB/s, ten times slower than any download that did not stall
    on this machine's busiest days (a TCP connection that stalls on lost frames stays stalled for minutes);
    twice that over TLS."""
    return (15.0 + 1.0 * mib) * (2 if target in HTTPS_TARGETS else 1)


GIVE_UP = 2  # timed-out sessions after which a case is not tried again (each costs its timeout)


class Setup:
    """Everything an invocation shares, under tmp: private copies of the ROM and image, the pristine unit,
    the random files (lighttpd's document root and QEMU's TFTP folder at once) and lighttpd; with https, the
    test CA (the unit's trust anchor), a server certificate for 10.0.2.2 and a second lighttpd with TLS on
    the same folder."""

    def __init__(self, tmp, sizes, capture, https):
        self.tmp, self.capture = tmp, capture
        self.rom = os.path.join(tmp, "pix.rom")
        shutil.copyfile(ROM, self.rom)
        pixos = os.path.join(tmp, "pixos.bin")
        shutil.copyfile(PIXOS_BIN, pixos)
        self.www = os.path.join(tmp, "www")
        os.makedirs(self.www)
        self.name, self.size = {}, {}
        for mib in sizes:
            name = "rand%dm.bin" % mib
            with open(os.path.join(self.www, name), "wb") as f:
                f.write(os.urandom(mib << 20))
            self.name[mib], self.size[mib] = name, mib << 20
        self.unit = os.path.join(tmp, "unit.bin")
        tool("pix-flash", "create", self.unit, "--serial", SERIAL, "--key", KEY)
        tool("pix-flash", "install", self.unit, pixos)
        cfg = os.path.join(tmp, "unit.cfg")
        with open(cfg, "w") as f:
            f.write(NET_CONFIG)
        tool("pix-flash", "config", self.unit, "--version", "6.3(5)", cfg)
        self.run_flash = os.path.join(tmp, "run.bin")
        self.tls = self.tls_port = None
        self.lighttpd = httpserver.Lighttpd(pathlib.Path(tmp), pathlib.Path(self.www))
        self.port = self.lighttpd.port
        if https:
            try:
                pki = certs.Certs(pathlib.Path(tmp) / "pki")
                tool("pix-flash", "trust", self.unit, "--add", pki.ca)
                self.tls = httpserver.Lighttpd(pathlib.Path(tmp), pathlib.Path(self.www),
                                               tls=pki.server("srv-ip", "IP:%s" % SERVER_IP))
            except BaseException:
                self.close()
                raise
            self.tls_port = self.tls.port
        self.sessions = 0

    def url(self, mib, https=False):
        if https:
            return "https://%s:%d/%s" % (SERVER_IP, self.tls_port, self.name[mib])
        return "http://%s:%d/%s" % (SERVER_IP, self.port, self.name[mib])

    def capture_args(self, netdev, label):
        """QEMU's packet capture of one session on netdev (headers only), or nothing."""
        if not self.capture:
            return [], None
        self.sessions += 1
        path = os.path.join(self.capture, "%03d-%s.pcap" % (self.sessions, label))
        return ["-object", "filter-dump,id=dump0,netdev=%s,file=%s,maxlen=96" % (netdev, path)], path

    def close(self):
        for server in (self.lighttpd, self.tls):
            if server is not None:
                server.stop()
        self.lighttpd = self.tls = None


class Log:
    """What QEMU wrote to its pty (the console, and QEMU's and slirp's messages on stderr), kept whole."""

    def __init__(self):
        self.data = bytearray()

    def write(self, b):
        self.data += b
        return len(b)

    def flush(self):
        pass


# What QEMU itself prints on its stderr (the same pty) when a frame is lost on the way into the guest:
# slirp's "Failed to send packet" when the NIC model refused a frame (QEMU's i8255x with no free receive
# frame), and the e1000 model's trace event e1000_receiver_overrun (enabled with -trace) when a frame that
# QEMU had queued for it found no free descriptor. Either can land in the middle of the console's text.
NIC_DROP = re.compile(rb"qemu-system-\w+: Slirp: Failed to send packet[^\n]*\n|(?:\d+@[\d.]+:)?e1000_receiver_overrun"
                      rb"[^\n]*\n")
TRACE = ["-trace", "e1000_receiver_overrun"]


def session(child):
    """Keeps everything the child prints (for QEMU's messages, which pexpect's buffer would lose)."""
    child.logfile_read = Log()
    return child


def drops(child, since):
    """How many frames QEMU said it lost (NIC_DROP) after offset since of its log."""
    return len(NIC_DROP.findall(bytes(child.logfile_read.data[since:])))


def logpos(child):
    return len(child.logfile_read.data)


def console(data):
    """data without QEMU's own messages (NIC_DROP)."""
    return NIC_DROP.sub(b"", data)


def thread_times(pid):
    """{thread name: (CPU seconds, seconds runnable but waiting for a CPU)} of QEMU's threads so far, from
    /proc/<pid>/task/*/schedstat; QEMU runs with -name ...,debug-threads=on, so the vCPU thread is
    "CPU 0/TCG" and the main loop (which runs slirp's socket I/O) keeps the process's name."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return None
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                on, waiting = f.read().split()[:2]
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
        except (OSError, ValueError):
            continue  # the thread ended meanwhile
        out[tid] = (name, int(on) / 1e9, int(waiting) / 1e9)
    return out


def times_between(before, after):
    """(vCPU CPU s, vCPU wait s, other threads' CPU s, their wait s) between two thread_times()."""
    if before is None or after is None:
        return None
    v = [0.0, 0.0, 0.0, 0.0]
    for tid, (name, on, waiting) in after.items():
        _, on0, waiting0 = before.get(tid, (name, 0.0, 0.0))
        k = 0 if name.startswith("CPU ") else 2
        v[k] += on - on0
        v[k + 1] += waiting - waiting0
    return tuple(v)


def timed(child, line, patterns, timeout, chunk=None):
    """Types line (chunk keys at a time, each piece's echo awaited), sends CR, and times from reading the
    CR's echo (its line end) to reading one of patterns. Returns (index, seconds, times_between())."""
    chunk = chunk or len(line)
    for i in range(0, len(line), chunk):
        part = line[i:i + chunk]
        child.send(part)
        wait(child, [re.escape(part.encode())], REPLY_TIMEOUT, "echo of %r" % line)
    child.send("\r")
    wait(child, [rb"\n"], REPLY_TIMEOUT, "echo of the Enter after %r" % line)
    t0 = time.monotonic()
    before = thread_times(child.pid)
    i = wait(child, patterns, timeout, line)
    secs = time.monotonic() - t0
    return i, secs, times_between(before, thread_times(child.pid))


def qemu_name(label):
    return ["-name", "%s,debug-threads=on" % label]


# ---- the running image -------------------------------------------------------------------------------

def pix_session(st, target, nic, mib, record):
    """One unit booted to `pixfirewall(config)# `, then copy http (https, tftp) of the file, cold and warm."""
    shutil.copyfile(st.unit, st.run_flash)
    extra, pcap = st.capture_args("n1", "%s-%s-%dm" % (target, nic, mib))
    argv = pixqemu.qemu_argv(rom=st.rom, nic=nic, tftp=st.www, flash=st.run_flash, bootdelay=BOOTDELAY,
                             memory=MEMORY_MB, make_dirs=False, qemu=QEMU,
                             extra=qemu_name("pix") + TRACE + extra)
    if target in ("pix-http", "pix-https"):
        line = "copy %s flash" % st.url(mib, https=target == "pix-https")
    else:
        line = "copy tftp://%s/%s flash" % (SERVER_IP, st.name[mib])
    child = None
    try:
        child = session(spawn(argv, raw=True))  # the image's "\r\n" as it is
        wait(child, [rb"Flash boot in \d+ seconds\."], BOOT_TIMEOUT, "countdown line")
        child.send(" ")
        wait(child, [USER], BOOT_TIMEOUT, "the image's first prompt")
        command(child, "enable", [ENABLE], REPLY_TIMEOUT)
        command(child, "configure terminal", [CONFIG], REPLY_TIMEOUT)
        for phase in PHASES:
            pos = logpos(child)
            try:
                i, secs, times = timed(child, line, [rb"Received (\d+) bytes\r\n", CONFIG],
                                       download_timeout(mib, target))
            except Failed as e:
                if " within " not in str(e):
                    raise
                marks = console(bytes(child.logfile_read.data[pos:])).count(b"!")
                raise Failed("%s (%s): not done within %g s, %d KiB shown arrived (%d frames lost)" % (
                    line, phase, download_timeout(mib, target), marks * 32, drops(child, pos)))
            if i:
                raise Failed("%s (%s): %r" % (line, phase, tail(console(child.before))))
            got = int(child.match.group(1))
            # the file is no image and is larger than a slot: refused, the flash untouched
            wait(child, [rb"Image not installed\r\n"], REPLY_TIMEOUT, "the refusal after %s" % line)
            wait(child, [CONFIG], REPLY_TIMEOUT, "prompt after %s" % line)
            if got != st.size[mib]:
                raise Failed("%s (%s): received %d bytes, expected %d" % (line, phase, got, st.size[mib]))
            record(phase, secs, times, drops(child, pos))
    finally:
        kill(child)
    return pcap


# ---- iPXE --------------------------------------------------------------------------------------------

def ipxe_session(st, target, nic, mib, record):
    """iPXE's shell (Ctrl-B) behind SeaBIOS (its BIOS ROM) or under OVMF (its EFI driver), dhcp untimed,
    then imgfetch of the file over HTTP (or HTTPS), cold and warm. An imgfetch https:// that iPXE refuses
    outright (a build without HTTPS: "Operation not supported"; a certificate it does not trust: "Permission
    denied") makes the case Unavailable, with iPXE's words and the features its banner lists."""
    https = target in HTTPS_TARGETS
    if target in ("ipxe", "ipxe-https"):
        rom = os.path.join(IPXE_DIR, IPXE_ROMS[nic])
        machine, bios = "pc,graphics=off", []  # SeaBIOS's serial console (see bench/README.md)
    else:
        rom = os.path.join(IPXE_DIR, IPXE_EFI_ROMS[nic])
        machine, bios = "pc", ["-bios", OVMF]
        if not os.path.isfile(OVMF):
            raise Unavailable("%s missing (apt-get install ovmf)" % OVMF)
    if not os.path.isfile(rom):
        raise Unavailable("%s missing (apt-get install ipxe-qemu)" % rom)
    extra, pcap = st.capture_args("n0", "%s-%s-%dm" % (target, nic, mib))
    argv = [QEMU, "-M", machine, "-accel", "tcg"] + qemu_name(target) + TRACE + bios + [
        "-m", str(MEMORY_MB), "-display", "none", "-nodefaults", "-no-user-config", "-serial", "stdio",
        "-monitor", "none", "-netdev", "user,id=n0,tftp=%s" % st.www,
        "-device", "%s,netdev=n0,romfile=%s" % (nic, rom), "-boot", "n"] + extra
    url = st.url(mib, https=https)
    child = None
    try:
        child = session(spawn(argv))
        wait(child, [rb"Press Ctrl-B for the iPXE command line"], BOOT_TIMEOUT, "boot")
        features = re.search(rb"Features: ([^\r\n]*)", console(child.before))
        features = features.group(1).decode("latin-1").strip() if features else "(not shown)"
        child.send("\x02")
        wait(child, [IPXE_PROMPT], BOOT_TIMEOUT, "iPXE shell after Ctrl-B")
        command(child, "dhcp", [IPXE_PROMPT], 60.0, IPXE_CHUNK)
        if not re.search(rb"\.\.\.* ok", child.before):
            raise Failed("dhcp: %r" % tail(child.before))
        if GUEST_IP.encode() not in ipxe_show(child, "net0/ip"):
            raise Failed("net0/ip is not %s: %r" % (GUEST_IP, tail(child.before)))
        for phase in PHASES:
            command(child, "imgfree", [IPXE_PROMPT], REPLY_TIMEOUT, IPXE_CHUNK)
            pos = logpos(child)
            try:
                _, secs, times = timed(child, "imgfetch " + url, [IPXE_PROMPT_SEEN],
                                       download_timeout(mib, target), IPXE_CHUNK)
            except Failed as e:
                if " within " not in str(e):
                    raise
                shown = re.findall(rb"(\d+)%", console(bytes(child.logfile_read.data[pos:])))
                raise Failed("imgfetch (%s): not done within %g s, its progress stopped at %s%% (%d frames lost)" % (
                    phase, download_timeout(mib, target), shown[-1].decode() if shown else "0", drops(child, pos)))
            refusal = re.search(rb"[^\r\n]*(?:Operation not supported|Permission denied)[^\r\n]*",
                                console(child.before))
            if https and refusal:
                raise Unavailable("imgfetch https://10.0.2.2:PORT/...: \"%s\"; its banner's features: %s" % (
                    refusal.group(0).decode("latin-1").strip(), features))
            # "http://.../f... ok", with progress ("53%" and backspaces) before the ok on long fetches
            m = re.search(re.escape(url.encode()) + rb"\.\.\. ([^\r\n]*)", console(child.before))
            if not m or re.sub(rb"\d+%|[\x08 ]", b"", m.group(1)) != b"ok":
                raise Failed("imgfetch (%s) failed: %r" % (phase, tail(console(child.before))))
            name = st.name[mib]
            command(child, "imgstat", [re.escape(name.encode()) + rb" : (\d+) bytes"], REPLY_TIMEOUT, IPXE_CHUNK)
            got = int(child.match.group(1))
            wait(child, [IPXE_PROMPT], REPLY_TIMEOUT, "prompt after imgstat")
            if got != st.size[mib]:
                raise Failed("imgfetch (%s): imgstat says %d bytes, expected %d" % (phase, got, st.size[mib]))
            record(phase, secs, times, drops(child, pos))
    finally:
        kill(child)
    return pcap


# ---- U-Boot ------------------------------------------------------------------------------------------

def uboot_has_wget():
    """Boots Debian's U-Boot to its prompt and reads `help`: (True, "") when it lists wget, else (False,
    why). Its wget of this era (2023.01, net/wget.c) would only reach port 80; none is driven here."""
    if not os.path.isfile(UBOOT_ROM):
        return False, "%s missing (apt-get install u-boot-qemu)" % UBOOT_ROM
    argv = [QEMU, "-M", "pc", "-accel", "tcg", "-bios", UBOOT_ROM, "-m", str(MEMORY_MB), "-display", "none",
            "-nodefaults", "-no-user-config", "-serial", "stdio", "-monitor", "none",
            "-netdev", "user,id=n0", "-device", "e1000,netdev=n0"]
    child = None
    try:
        child = spawn(argv)
        wait(child, [rb"Hit any key to stop autoboot"], BOOT_TIMEOUT, "U-Boot's autoboot line")
        child.send(" ")
        wait(child, [UBOOT_PROMPT], BOOT_TIMEOUT, "U-Boot's prompt")
        command(child, "help", [UBOOT_PROMPT], REPLY_TIMEOUT)
        listed = child.before
    except Failed as e:
        return False, "U-Boot's help could not be read: %s" % e
    finally:
        kill(child)
    if re.search(rb"^wget\s", listed, re.M):
        return True, "its help lists wget, but this script does not drive it (its port is fixed to 80)"
    cfg = uboot_config_says("CONFIG_CMD_WGET")
    return False, "its `help` lists no wget (%d commands; the build's CONFIG_CMD_WGET: %s)" % (
        len(re.findall(rb"^\w[\w.-]* +- ", listed, re.M)), cfg or "unknown")


# ---- the TCP view of a capture ---------------------------------------------------------------------

def read_pcap(path):
    """(time, frame bytes) of a libpcap file (Ethernet; filter-dump writes microsecond timestamps)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        out.append((sec + frac / (1e9 if nano else 1e6), data[off:off + incl]))
        off += incl
    return out


def tcp_segments(frames):
    """IPv4 TCP segments: dicts of time, src, dst, sport, dport, seq, ack, flags, win, len (payload)."""
    segs = []
    for t, fr in frames:
        if len(fr) < 34 or fr[12:14] != b"\x08\x00":
            continue
        ip = fr[14:]
        ihl = (ip[0] & 15) * 4
        if ip[9] != 6 or len(ip) < ihl + 20:
            continue
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:]
        sport, dport, seq, ack, off_flags, win = struct.unpack(">HHIIHH", tcp[:16])
        doff = (off_flags >> 12) * 4
        segs.append({"t": t, "src": ip[12:16], "dst": ip[16:20], "sport": sport, "dport": dport, "seq": seq,
                     "ack": ack, "flags": off_flags & 0x3F, "win": win, "len": total - ihl - doff,
                     "mss": tcp_mss(tcp[20:doff]) if off_flags & 0x02 else None})
    return segs


def tcp_mss(opts):
    i = 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        if kind == 2 and opts[i + 1] == 4:
            return struct.unpack(">H", opts[i + 2:i + 4])[0]
        i += opts[i + 1]
    return None


SYN, FIN, RST, ACK = 0x02, 0x01, 0x04, 0x10
GUEST = bytes(int(x) for x in GUEST_IP.split("."))
STALL_S = 0.1  # a gap in the server's data longer than this is a stall (a retransmission timeout)


def tcp_view(path, keepalive):
    """One summary per HTTP exchange of the guest's connections to the server in a capture, in order. A
    connection carries one exchange for the running image (Connection: close; over TLS the guest sends data
    several times in it: its handshake flights, then the request) and, with keepalive (iPXE), one per
    request: an exchange starts at the SYN or at a request (a segment of the guest's with data)."""
    conns, order = {}, []
    for s in tcp_segments(read_pcap(path)):
        to_server = s["src"] == GUEST
        key = (s["sport"], s["dport"]) if to_server else (s["dport"], s["sport"])
        if to_server and s["flags"] & SYN and not s["flags"] & ACK:
            conns[key] = [{"guest": [], "server": []}]
            order.append(conns[key])
        if key not in conns:
            continue
        ex = conns[key][-1]
        if keepalive and to_server and s["len"] > 0 and any(x["len"] > 0 for x in ex["server"]):
            ex = {"guest": [], "server": []}
            conns[key].append(ex)
        ex["guest" if to_server else "server"].append(s)
    return [summarise(ex) for exs in order for ex in exs if any(x["len"] > 0 for x in ex["server"])]


def after(a, b):
    """a is later than b in sequence space."""
    return 0 < ((a - b) & 0xFFFFFFFF) < 0x80000000


IDLE_S = 0.001  # a silence on the link (both ways) longer than this is counted as idle


def summarise(ex):
    g, sv = ex["guest"], ex["server"]
    t0 = g[0]["t"] if g else sv[0]["t"]
    data = [s for s in sv if s["len"] > 0]
    syn_ack = next((s for s in sv if s["flags"] & SYN), None)
    isn = data[0]["seq"]
    acks = [s for s in g if s["flags"] & ACK and not s["flags"] & SYN and s["len"] == 0]
    wins = [s["win"] for s in acks]
    # in flight when the server sent a segment: its end minus the guest's latest ACK seen before it
    events = sorted([(s["t"], 0, s) for s in acks] + [(s["t"], 1, s) for s in data], key=lambda e: (e[0], e[1]))
    last_ack, last_win, high, flight, limited, retrans, rexmit_bytes = isn, None, isn, [], 0, 0, 0
    for _, kind, s in events:
        if kind == 0:
            if after(s["ack"], last_ack):
                last_ack = s["ack"]
            last_win = s["win"]
            continue
        end = (s["seq"] + s["len"]) & 0xFFFFFFFF
        if not after(end, high):
            retrans += 1
            rexmit_bytes += s["len"]
            continue
        high = end
        inflight = (end - last_ack) & 0xFFFFFFFF
        flight.append(inflight)
        if last_win is not None and inflight > last_win - s["len"]:
            limited += 1  # this segment filled what the guest's window allowed
    dup_acks = sum(1 for a, b in zip(acks, acks[1:]) if b["ack"] == a["ack"] and b["win"] == a["win"])
    # silences on the link longer than IDLE_S, by who spoke last: after the guest's ACK nothing came from
    # slirp (it had nothing to send: its buffer of the host socket was empty), or after slirp's segment
    # nothing came from the guest (the guest, or QEMU's vCPU thread, was not running or not done)
    first, last = data[0]["t"], data[-1]["t"]
    both = sorted([s for s in g + sv if first <= s["t"] <= last], key=lambda s: s["t"])
    idle_guest_spoke, idle_server_spoke = 0.0, 0.0
    for a, b in zip(both, both[1:]):
        gap = b["t"] - a["t"]
        if gap > IDLE_S:
            if a["src"] == GUEST:
                idle_guest_spoke += gap
            else:
                idle_server_spoke += gap
    gaps = [b["t"] - a["t"] for a, b in zip(data, data[1:])]
    stalls = [x for x in gaps if x > STALL_S]
    nbytes = (high - isn) & 0xFFFFFFFF
    return {
        "start_to_first_data_s": first - t0, "data_s": last - first, "bytes": nbytes,
        "mib_per_s": nbytes / (1 << 20) / (last - first) if last > first else None,
        "segments": len(data), "segment_bytes": max(s["len"] for s in data),
        "server_mss": syn_ack and syn_ack["mss"], "guest_mss": g[0]["mss"] if g else None,
        "guest_acks": len(acks), "segments_per_ack": len(data) / len(acks) if acks else None,
        "win_min": min(wins) if wins else None, "win_median": statistics.median(wins) if wins else None,
        "win_max": max(wins) if wins else None, "zero_windows": sum(1 for w in wins if w == 0),
        "inflight_median": statistics.median(flight) if flight else None, "inflight_max": max(flight or [0]),
        "window_limited": limited / len(flight) if flight else None, "retransmits": retrans,
        "retransmit_bytes": rexmit_bytes, "dup_acks": dup_acks, "stalls": len(stalls), "stall_s": sum(stalls),
        "longest_stall_s": max(stalls or [0.0]), "idle_after_guest_s": idle_guest_spoke,
        "idle_after_server_s": idle_server_spoke,
    }


# ---- the run -----------------------------------------------------------------------------------------

class Unavailable(Exception):
    """This firmware cannot run this case at all (reported as n/a with the reason)."""


SESSIONS = {"pix-http": pix_session, "pix-https": pix_session, "pix-tftp": pix_session, "ipxe": ipxe_session,
            "ipxe-efi": ipxe_session, "ipxe-https": ipxe_session, "ipxe-efi-https": ipxe_session}


class Results:
    def __init__(self):
        self.samples = {}      # (target, nic, mib, phase) -> [seconds]
        self.times = {}        # (target, nic, mib, phase) -> [times_between() or None]
        self.drops = {}        # (target, nic, mib, phase) -> [frames QEMU said it lost]
        self.tcp = {}          # (target, nic, mib, phase) -> [summarise() of that download]
        self.failures = {}     # (target, nic, mib) -> [message]
        self.timeouts = {}     # (target, nic, mib) -> runs whose download timed out
        self.gave_up = {}      # (target, nic, mib) -> the run after which it was not tried again
        self.unavailable = {}  # (target, nic) or (target,) -> reason

    def med(self, target, nic, mib, phase):
        s = summary(self.samples.get((target, nic, mib, phase)))
        return s and s["median"]

    def time_med(self, target, nic, mib, phase, which):
        """Median of one of times_between()'s figures (0 vCPU CPU, 1 vCPU wait, 2 others' CPU, 3 their wait)."""
        s = summary([t[which] for t in self.times.get((target, nic, mib, phase), []) if t])
        return s and s["median"]


def run_case(st, res, target, nic, mib, run):
    if (target, nic) in res.unavailable or (target,) in res.unavailable:
        return
    key = (target, nic, mib)
    if key in res.gave_up:
        return

    def record(phase, secs, times, dropped):
        res.samples.setdefault(key + (phase,), []).append(secs)
        res.times.setdefault(key + (phase,), []).append(times)
        res.drops.setdefault(key + (phase,), []).append(dropped)
    try:
        pcap = SESSIONS[target](st, target, nic, mib, record)
    except Unavailable as e:
        res.unavailable[(target, nic)] = str(e)
        return
    except Failed as e:
        res.failures.setdefault(key, []).append(str(e))
        if " within " in str(e):  # a download that stalls would cost its timeout in every run
            res.timeouts.setdefault(key, []).append(run)
            if len(res.timeouts[key]) >= GIVE_UP:
                res.gave_up[key] = run
        return
    if pcap and target != "pix-tftp":
        for phase, view in zip(PHASES, tcp_view(pcap, keepalive=target.startswith("ipxe"))):
            res.tcp.setdefault(key + (phase,), []).append(view)


def report(res, targets, nics, sizes, runs):
    out = {"rows": [], "goals": [], "https_goal": [], "streaming": [], "tcp": [], "unavailable": {}, "failures": {},
           "gave_up": {}}
    print("\nSeconds from the echo of the command's Enter key to the firmware's end-of-download text "
          "(median [min-max] over the runs); MiB/s = size / median; lost: frames QEMU said it lost on the way "
          "into the guest during the downloads, all runs (slirp's \"Failed to send packet\", the e1000's "
          "receiver overrun)")
    hdr = "%-22s %-8s %6s  %-5s %8s %17s %7s  %-8s %s" % ("target", "NIC", "size", "", "median s", "[min-max]",
                                                         "MiB/s", "runs ok", "lost")
    print(hdr)
    print("-" * len(hdr))
    for target in targets:
        for nic in nics:
            why = res.unavailable.get((target, nic)) or res.unavailable.get((target,))
            if why:
                print("%-22s %-8s %6s  %-5s %8s %17s %7s  n/a: %s" % (TITLES[target], nic, "-", "", "n/a", "n/a",
                                                                     "n/a", why))
                continue
            for mib in sizes:
                for phase in PHASES:
                    s = summary(res.samples.get((target, nic, mib, phase)))
                    d = sum(res.drops.get((target, nic, mib, phase), []))
                    print("%-22s %-8s %3d MiB  %-5s %8s %17s %7s  %-8s %d" % (
                        TITLES[target], nic, mib, phase, fmt(s and s["median"], "%.3f"),
                        "n/a" if s is None else "[%.3f-%.3f]" % (s["min"], s["max"]),
                        fmt(s and mibs(mib, s["median"]), "%.1f"), "%d/%d" % (s["n"] if s else 0, runs), d))
                    out["rows"].append({"target": target, "nic": nic, "mib": mib, "download": phase, "summary": s,
                                        "mib_per_s": s and mibs(mib, s["median"]), "frames_lost": d,
                                        "times": res.times.get((target, nic, mib, phase), [])})
    for k, why in sorted(res.unavailable.items()):
        out["unavailable"]["/".join(k)] = why
    for (target, nic, mib), msgs in sorted(res.failures.items()):
        out["failures"]["%s/%s/%d" % (target, nic, mib)] = msgs
        for m in sorted(set(msgs)):
            print("  failed %s, %s, %d MiB: %dx %s" % (TITLES[target], nic, mib, msgs.count(m), tail_words(m)))
    for (target, nic, mib), run in sorted(res.gave_up.items()):
        out["gave_up"]["%s/%s/%d" % (target, nic, mib)] = run
        if run < runs:
            print("  %s, %s, %d MiB: not tried after run %d (%d downloads timed out, in runs %s)" % (
                TITLES[target], nic, mib, run, len(res.timeouts[(target, nic, mib)]),
                ", ".join(map(str, res.timeouts[(target, nic, mib)]))))

    print("\nGoals (issue 10), medians side by side: copy http at least as fast as OVMF + iPXE EFI's imgfetch "
          "http (its s / ours >= %.1f) and at least %.0f times as fast as the running image's copy tftp of the "
          "same file (tftp s / http s >= %.1f); SeaBIOS + iPXE for information" % (EFI_GOAL, TFTP_GOAL, TFTP_GOAL))
    hdr = ("%-8s %6s  %-5s %7s %6s  %8s %6s %6s %-6s  %7s %6s %6s %-6s  %8s %6s %6s" % (
        "NIC", "size", "", "http s", "MiB/s", "EFI s", "MiB/s", "ratio", "goal", "tftp s", "MiB/s", "ratio", "goal",
        "SeaBIOS", "MiB/s", "ratio"))
    print(hdr)
    print("-" * len(hdr))
    for nic in nics:
        for mib in sizes:
            for phase in PHASES:
                ours = res.med("pix-http", nic, mib, phase)
                efi = res.med("ipxe-efi", nic, mib, phase)
                tftp = res.med("pix-tftp", nic, mib, phase)
                bios = res.med("ipxe", nic, mib, phase)
                r_efi = efi / ours if ours and efi else None
                r_tftp = tftp / ours if ours and tftp else None
                r_bios = bios / ours if ours and bios else None

                def verdict(r, goal):
                    return "n/a" if r is None else ("met" if r >= goal else "MISSED")
                print("%-8s %3d MiB  %-5s %7s %6s  %8s %6s %6s %-6s  %7s %6s %6s %-6s  %8s %6s %6s" % (
                    nic, mib, phase, fmt(ours, "%.3f"), fmt(ours and mibs(mib, ours), "%.1f"), fmt(efi, "%.3f"),
                    fmt(efi and mibs(mib, efi), "%.1f"), fmt(r_efi, "%.2f"), verdict(r_efi, EFI_GOAL),
                    fmt(tftp, "%.3f"), fmt(tftp and mibs(mib, tftp), "%.1f"), fmt(r_tftp, "%.2f"),
                    verdict(r_tftp, TFTP_GOAL), fmt(bios, "%.3f"), fmt(bios and mibs(mib, bios), "%.1f"),
                    fmt(r_bios, "%.2f")))
                out["goals"].append({"nic": nic, "mib": mib, "download": phase, "http_s": ours, "ipxe_efi_s": efi,
                                     "ratio_efi": r_efi, "goal_efi": EFI_GOAL, "tftp_s": tftp, "ratio_tftp": r_tftp,
                                     "goal_tftp": TFTP_GOAL, "seabios_ipxe_s": bios, "ratio_seabios_ipxe": r_bios})

    if "pix-https" in targets:
        https_goal(res, targets, nics, sizes, out)

    print("\nQEMU's threads during the downloads (medians, seconds): vCPU = the guest's thread (\"CPU 0/TCG\": the "
          "guest's code, the NIC model, and slirp's answers to what the guest sends); main = the others (QEMU's "
          "main loop, where slirp reads the host's sockets); cpu = on a CPU, wait = runnable but waiting for one "
          "(the host's load)")
    hdr = "%-22s %-8s %6s  %-5s %8s  %9s %9s  %9s %9s" % ("target", "NIC", "size", "", "time", "vCPU cpu",
                                                          "vCPU wait", "main cpu", "main wait")
    print(hdr)
    print("-" * len(hdr))
    for target in targets:
        for nic in nics:
            for mib in sizes:
                for phase in PHASES:
                    t = res.med(target, nic, mib, phase)
                    if t is None:
                        continue
                    print("%-22s %-8s %3d MiB  %-5s %8.3f  %9s %9s  %9s %9s" % (
                        TITLES[target], nic, mib, phase, t,
                        *(fmt(res.time_med(target, nic, mib, phase, k), "%.3f") for k in range(4))))

    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print("\nStreaming rate and fixed cost per download, from the medians of the two sizes: rate = %d MiB / "
              "(t%d - t%d), fixed = t%d - %d MiB / rate" % (large - small, large, small, small, small))
        hdr = "%-22s %-8s %-5s %12s %9s" % ("target", "NIC", "", "rate MiB/s", "fixed s")
        print(hdr)
        print("-" * len(hdr))
        for target in targets:
            for nic in nics:
                for phase in PHASES:
                    a, b = res.med(target, nic, small, phase), res.med(target, nic, large, phase)
                    if a is None or b is None:
                        continue
                    rate = (large - small) / (b - a) if b > a else None
                    fixed = None if rate is None else a - small / rate
                    print("%-22s %-8s %-5s %12s %9s" % (TITLES[target], nic, phase, fmt(rate, "%.1f"),
                                                        fmt(fixed, "%.3f")))
                    out["streaming"].append({"target": target, "nic": nic, "download": phase,
                                             "rate_mib_per_s": rate, "fixed_s": fixed})
        print("(differences of medians: noisy, and n/a when the larger file was not slower)")

    if res.tcp:
        print("\nTCP, from the captures (medians over the runs; one HTTP exchange each). start: SYN (or the request "
              "on a kept-alive connection) to the first data; data s, MiB/s: first to last data segment; seg: "
              "largest data segment; seg/ACK: data segments per ACK of the guest; win: the window the guest "
              "advertised (min/median/max); flight: the server's bytes in flight (median/max); full: share of "
              "segments that filled the guest's window; rtx: retransmitted segments; dup: duplicate ACKs; "
              "RTO: gaps > %.0f ms in the server's data (count, total s); idle: silences > %.0f ms on the link, "
              "summed by who sent last: the guest (slirp had nothing to send) / slirp (the guest had not "
              "answered)" % (STALL_S * 1000, IDLE_S * 1000))
        hdr = "%-22s %-8s %6s %-5s %6s %6s %6s %4s %5s %-17s %-11s %4s %4s %4s %-8s %-11s" % (
            "target", "NIC", "size", "", "start", "data s", "MiB/s", "seg", "s/ACK", "win min/med/max",
            "flight", "full", "rtx", "dup", "RTO n/s", "idle G/S s")
        print(hdr)
        print("-" * len(hdr))
        for target in targets:
            for nic in nics:
                for mib in sizes:
                    for phase in PHASES:
                        vs = res.tcp.get((target, nic, mib, phase))
                        if not vs:
                            continue

                        def m(k):
                            xs = [v[k] for v in vs if v[k] is not None]
                            return statistics.median(xs) if xs else None
                        print("%-22s %-8s %3d MiB %-5s %6s %6s %6s %4s %5s %-17s %-11s %4s %4s %4s %-8s %-11s" % (
                            TITLES[target], nic, mib, phase, fmt(m("start_to_first_data_s"), "%.3f"),
                            fmt(m("data_s"), "%.3f"), fmt(m("mib_per_s"), "%.1f"), fmt(m("segment_bytes"), "%d"),
                            fmt(m("segments_per_ack"), "%.2f"),
                            "%s/%s/%s" % (fmt(m("win_min"), "%d"), fmt(m("win_median"), "%d"),
                                          fmt(m("win_max"), "%d")),
                            "%s/%s" % (fmt(m("inflight_median"), "%d"), fmt(m("inflight_max"), "%d")),
                            fmt(m("window_limited"), "%.2f"), fmt(m("retransmits"), "%d"), fmt(m("dup_acks"), "%d"),
                            "%s/%s" % (fmt(m("stalls"), "%d"), fmt(m("stall_s"), "%.2f")),
                            "%s/%s" % (fmt(m("idle_after_guest_s"), "%.3f"), fmt(m("idle_after_server_s"), "%.3f"))))
                        out["tcp"].append({"target": target, "nic": nic, "mib": mib, "download": phase,
                                           "exchanges": vs})
    return out


def https_goal(res, targets, nics, sizes, out):
    """The HTTPS goal's table: copy https's median beside copy http's for each NIC, size and phase, their
    ratio against HTTPS_GOAL; then what iPXE's https rows found."""
    print("\nHTTPS goal (issue 10), medians side by side: copy https within %.0f times of copy http on the same "
          "file, NIC and QEMU, from the same folder served by a second lighttpd with TLS (https s / http s <= "
          "%.1f)" % (HTTPS_GOAL, HTTPS_GOAL))
    hdr = "%-8s %6s  %-5s %7s %6s  %8s %6s %6s %-6s" % ("NIC", "size", "", "http s", "MiB/s", "https s", "MiB/s",
                                                       "ratio", "goal")
    print(hdr)
    print("-" * len(hdr))
    for nic in nics:
        for mib in sizes:
            for phase in PHASES:
                ours = res.med("pix-http", nic, mib, phase)
                tls = res.med("pix-https", nic, mib, phase)
                r = tls / ours if ours and tls else None
                print("%-8s %3d MiB  %-5s %7s %6s  %8s %6s %6s %-6s" % (
                    nic, mib, phase, fmt(ours, "%.3f"), fmt(ours and mibs(mib, ours), "%.1f"), fmt(tls, "%.3f"),
                    fmt(tls and mibs(mib, tls), "%.1f"), fmt(r, "%.2f"),
                    "n/a" if r is None else ("met" if r <= HTTPS_GOAL else "MISSED")))
                out["https_goal"].append({"nic": nic, "mib": mib, "download": phase, "http_s": ours, "https_s": tls,
                                          "ratio": r, "goal": HTTPS_GOAL})
    for target in ("ipxe-efi-https", "ipxe-https"):
        if target not in targets:
            continue
        for nic in nics:
            why = res.unavailable.get((target, nic))
            if why:
                print("%s, %s: no figure, iPXE cannot fetch from this server: %s" % (TITLES[target], nic, why))


def tail_words(msg, n=300):
    """A failure's message, shortened to its last n characters."""
    return msg if len(msg) <= n else "..." + msg[-n:]


def main(argv=None):
    p = argparse.ArgumentParser(description="HTTP download speed of the running image's copy http against "
                                            "iPXE (OVMF and SeaBIOS) and U-Boot, against its own copy tftp, and "
                                            "its copy https against its copy http, under QEMU TCG (same QEMU, "
                                            "NIC model, server folder and files).")
    p.add_argument("--runs", type=int, default=3, metavar="N", help="sessions per case (default: 3)")
    p.add_argument("--quick", action="store_true", help="1 run, 8 MiB only")
    p.add_argument("--nic", action="append", choices=NICS, help="only this NIC model (repeatable)")
    p.add_argument("--size", action="append", type=int, metavar="MIB", help="only this file size (repeatable)")
    p.add_argument("--target", action="append", choices=TARGETS, help="only this case (repeatable; default: all)")
    p.add_argument("--capture", metavar="DIR", help="keep a packet capture (QEMU filter-dump, headers only) of "
                                                    "every session in DIR and print the TCP view of each download")
    p.add_argument("--json", metavar="FILE", help="also write every sample and the ratios as JSON to FILE")
    opts = p.parse_args(argv)
    runs = 1 if opts.quick else opts.runs
    if runs < 1:
        p.error("--runs must be at least 1")
    sizes = tuple(opts.size) if opts.size else ((8,) if opts.quick else SIZES_MIB)
    if any(s < 1 or s > 64 for s in sizes):
        p.error("--size is 1 to 64 MiB")
    nics = tuple(opts.nic) if opts.nic else NICS
    targets = tuple(t for t in TARGETS if not opts.target or t in opts.target)
    for path in (ROM, PIXOS_BIN):
        if not os.path.exists(path):
            sys.exit("http_speed.py: %s is missing (run make)" % path)
    if shutil.which(QEMU) is None:
        sys.exit("http_speed.py: %s not found" % QEMU)
    if httpserver is None:
        sys.exit("http_speed.py: %s" % HTTPSERVER_MISSING)
    if not os.path.exists(httpserver.LIGHTTPD):
        sys.exit("http_speed.py: %s is missing (run tools/deps.sh, or make)" % httpserver.LIGHTTPD)
    if any(t in HTTPS_TARGETS for t in targets):
        if not os.path.isdir(httpserver.LIGHTTPD_OPENSSL):
            sys.exit("http_speed.py: %s is missing (run tools/deps.sh)" % httpserver.LIGHTTPD_OPENSSL)
        if not certs.exists():
            sys.exit("http_speed.py: %s is missing (apt-get install openssl)" % certs.OPENSSL)
    if opts.capture:
        os.makedirs(opts.capture, exist_ok=True)
    res = Results()
    tmp = tempfile.mkdtemp(prefix="pix-http-bench-")
    st = None
    try:
        st = Setup(tmp, sizes, opts.capture, https=any(t in HTTPS_TARGETS for t in targets))
        if "uboot" in targets:
            has, why = uboot_has_wget()
            res.unavailable[("uboot",)] = why
        load0 = loadavg()
        print("http_speed.py, %s UTC; QEMU: %s (%s), TCG, %d MiB for every firmware; host: %s, %d CPUs, load "
              "average %.2f; %d run(s), sizes %s MiB, NICs %s; lighttpd %s on 127.0.0.1:%d (the guest's "
              "10.0.2.2:%d)%s, QEMU's TFTP server on the same folder" % (
                  datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), qemu_version(QEMU), QEMU, MEMORY_MB,
                  cpu_model(), os.cpu_count() or 0, load0, runs, "/".join(map(str, sizes)), ", ".join(nics),
                  lighttpd_version(), st.port, st.port,
                  "" if st.tls is None else ", the same with TLS on 127.0.0.1:%d (10.0.2.2:%d)" % (
                      st.tls_port, st.tls_port)), flush=True)
        started = time.monotonic()
        loads = [load0]
        for i in range(runs):
            for nic in nics:
                for mib in sizes:
                    for t in targets:
                        if t != "uboot":
                            run_case(st, res, t, nic, mib, i + 1)
            loads.append(loadavg())
            print("  run %d/%d done (%.1f s, load average %.2f)" % (i + 1, runs, time.monotonic() - started,
                                                                     loads[-1]), flush=True)
        out = report(res, targets, nics, sizes, runs)
        load1 = loadavg()
        out.update(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                   qemu=qemu_version(QEMU), cpu=cpu_model(), cpus=os.cpu_count(), runs=runs, memory_mb=MEMORY_MB,
                   wall_s=time.monotonic() - started, loadavg_at_start=load0, loadavg_after_each_run=loads[1:],
                   samples={"/".join(map(str, k)): v for k, v in res.samples.items()})
        print("\nTotal wall time %.1f s; load average %.2f at the start, %.2f at the end (after each run: %s)" % (
            out["wall_s"], load0, load1, ", ".join("%.2f" % x for x in loads[1:])))
        if max(loads + [load1]) > 0.75 * (os.cpu_count() or 1):
            print("warning: the host was busy: the medians are noisy; compare the ratios and the minima, or run "
                  "again")
        if opts.json:
            with open(opts.json, "w") as f:
                json.dump(out, f, indent=1)
                f.write("\n")
            print("JSON written to %s" % opts.json)
        # fails only when the running image got no download through in a case it ran
        return 1 if any(not res.samples.get((t, n, m, "warm")) for t in ("pix-http", "pix-https", "pix-tftp")
                        if t in targets for n in nics for m in sizes) else 0
    finally:
        if st is not None:
            st.close()
        shutil.rmtree(tmp, ignore_errors=True)


def lighttpd_version():
    try:
        out = subprocess.run([httpserver.LIGHTTPD, "-v"], capture_output=True, text=True, timeout=10).stdout
        return out.split()[0]
    except (OSError, subprocess.SubprocessError, IndexError, AttributeError):
        return "(version unknown)"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (Failed, RuntimeError) as e:  # RuntimeError: lighttpd did not start (httpserver.py)
        sys.exit("http_speed.py: %s" % e)
