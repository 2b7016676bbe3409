"""Helpers of the QEMU tests against real TFTP servers (tftpd-hpa, atftpd) in a network namespace.

The arrangement, all on this machine and gone at teardown:

    QEMU (root namespace)                      namespace pix-srv-<pid>-<n>
    interface 1 == tap <tap> --+               +-- <veth>s: 192.0.2.1/24 (the link; the gateway)
                               | bridge <br>   |   lo: 198.51.100.1/32 (an "off-subnet" server)
                     <veth>r --+  (no address) |   servers bound to one of those addresses
                               +---- veth -----+

QEMU can only open a tap that lives in its own (the root) namespace, and a tap cannot be joined to a veth
without a bridge; so the tap and one end of a veth pair are ports of a bridge in the root namespace, and
the other end of the veth is in the test's namespace. None of the root namespace's interfaces of the test
has an IP address (and IPv6 is off on them), so the root namespace has no route into 192.0.2.0/24 or
198.51.100.0/24: the firmware's frames can only reach the namespace, and the servers, bound to the
namespace's addresses, can only be reached from the firmware. Nothing needs forwarding in the root
namespace, nothing is routed off the machine. The namespace's veth answers ARP only for its own address
(arp_ignore=1), so a client that ARPed for 198.51.100.1 instead of using its gateway gets no answer.

The servers are the Debian packages (tools/deps.sh): tftpd-hpa's in.tftpd is installed; atftpd conflicts
with tftpd-hpa in Debian, so tools/deps.sh unpacks it under build/deps/debs/atftpd without installing it
(no daemon is ever started by the packages: the tests start their own, in the foreground, in the
namespace, on a per-test directory, and kill them at teardown).

A Sniffer on the tap (an AF_PACKET socket in the root namespace) records what the firmware asked for and
what the server answered (RRQ options, OACK options, the first DATA's size, ARP requests, the Ethernet
destination of the firmware's frames), so the tests can say which blksize and windowsize were in force.
"""

import errno
import itertools
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LINK_NET = "192.0.2"  # TEST-NET-1: the link between the firmware and the namespace
SERVER_IP = LINK_NET + ".1"  # the namespace's address on the link (and the firmware's gateway)
CLIENT_IP = LINK_NET + ".15"  # the firmware's address
FAR_IP = "198.51.100.1"  # TEST-NET-2: a server address off the firmware's subnet, behind 192.0.2.1
FIRMWARE_MAC = "00:90:27:22:f0:b1"  # interface 1 of the launcher

IN_TFTPD = "/usr/sbin/in.tftpd"  # tftpd-hpa
ATFTPD_PATHS = (os.path.join(TOP, "build", "deps", "debs", "atftpd", "usr", "sbin", "atftpd"), "/usr/sbin/atftpd")

START_TIMEOUT = 5  # a server's socket listening

_serial = itertools.count()


def _run(argv, what):
    """Runs a set-up command; a failure fails the test with the command's own words."""
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        pytest.fail("network set-up: %s: %s failed: %s" % (what, " ".join(argv), e), pytrace=False)
    if r.returncode != 0:
        pytest.fail("network set-up: %s: `%s` failed (exit %d): %s (the servers' tests need root, network "
                    "namespaces, tap devices, veth pairs and bridges)"
                    % (what, " ".join(argv), r.returncode, r.stdout.decode("latin-1").strip()), pytrace=False)
    return r.stdout.decode("latin-1")


def _write_sysctl(path, value):
    try:
        with open(path, "w") as f:
            f.write(value)
    except OSError as e:
        pytest.fail("network set-up: cannot write %s: %s" % (path, e), pytrace=False)


def atftpd_path():
    for p in ATFTPD_PATHS:
        if os.access(p, os.X_OK):
            return p
    pytest.fail("atftpd is missing (looked at %s): run tools/deps.sh" % ", ".join(ATFTPD_PATHS), pytrace=False)


def in_tftpd_path():
    if not os.access(IN_TFTPD, os.X_OK):
        pytest.fail("%s is missing: run tools/deps.sh (package tftpd-hpa)" % IN_TFTPD, pytrace=False)
    return IN_TFTPD


class TestNet:
    """One test's namespace, bridge, veth pair and tap (see the module's text); close() removes them all
    and kills the servers started with start_server(), even when set-up stopped half-way."""

    __test__ = False  # not a pytest test class

    def __init__(self, workdir):
        n = next(_serial)
        tag = "%05d%x" % (os.getpid() % 100000, n)  # interface names: at most 15 characters
        self.ns = "pix-srv-%d-%d" % (os.getpid(), n)
        self.tap = "pxt%s" % tag
        self.bridge = "pxb%s" % tag
        self.veth_root = "pxr%s" % tag
        self.veth_ns = "pxs%s" % tag
        self.workdir = str(workdir)
        self.servers = []  # (name, Popen, log path)
        self.made = []  # what to delete at close, in reverse order
        if os.geteuid() != 0:
            pytest.fail("the servers' tests need root (network namespaces, taps, bridges); running as uid %d"
                        % os.geteuid(), pytrace=False)
        if not shutil.which("ip"):
            pytest.fail("`ip` (iproute2) is missing: run tools/deps.sh", pytrace=False)
        sweep_stale()

    # -- set-up
    def up(self, far=False):
        """Creates everything; far: also give the namespace FAR_IP (on its loopback) and forwarding on."""
        ns, tap, br, vr, vs = self.ns, self.tap, self.bridge, self.veth_root, self.veth_ns
        _run(["ip", "netns", "add", ns], "create network namespace %s" % ns)
        self.made.append(["ip", "netns", "del", ns])
        _run(["ip", "tuntap", "add", "dev", tap, "mode", "tap"], "create tap device %s" % tap)
        self.made.append(["ip", "link", "del", tap])
        _run(["ip", "link", "add", br, "type", "bridge", "stp_state", "0", "forward_delay", "0"],
             "create bridge %s" % br)
        self.made.append(["ip", "link", "del", br])
        _run(["ip", "link", "add", vr, "type", "veth", "peer", "name", vs, "netns", ns],
             "create veth pair %s/%s" % (vr, vs))
        self.made.append(["ip", "link", "del", vr])  # deleting the namespace deletes it too
        for ifname in (tap, br, vr):  # no IPv6 chatter on the firmware's link from the root namespace
            _write_sysctl("/proc/sys/net/ipv6/conf/%s/disable_ipv6" % ifname, "1")
        _run(["ip", "link", "set", tap, "master", br], "put %s in %s" % (tap, br))
        _run(["ip", "link", "set", vr, "master", br], "put %s in %s" % (vr, br))
        for ifname in (tap, vr, br):
            _run(["ip", "link", "set", ifname, "up"], "bring %s up" % ifname)
        nsx = ["ip", "netns", "exec", ns]
        _run(nsx + ["sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1"], "IPv6 off in %s" % ns)
        _run(nsx + ["sysctl", "-q", "-w", "net.ipv4.conf.all.arp_ignore=1"], "arp_ignore in %s" % ns)
        _run(["ip", "-n", ns, "link", "set", "lo", "up"], "bring lo up in %s" % ns)
        _run(["ip", "-n", ns, "addr", "add", SERVER_IP + "/24", "dev", vs], "address %s" % SERVER_IP)
        _run(["ip", "-n", ns, "link", "set", vs, "up"], "bring %s up in %s" % (vs, ns))
        if far:
            _run(["ip", "-n", ns, "addr", "add", FAR_IP + "/32", "dev", "lo"], "address %s" % FAR_IP)
            _run(nsx + ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"], "forwarding in %s" % ns)
        return self

    def netns_exec(self, argv):
        return ["ip", "netns", "exec", self.ns] + list(argv)

    def ns_mac(self):
        """The MAC address of the namespace's end of the link (192.0.2.1, the gateway)."""
        out = _run(["ip", "-n", self.ns, "-o", "link", "show", "dev", self.veth_ns], "MAC of %s" % self.veth_ns)
        return out.split("link/ether ")[1].split()[0]

    # -- servers
    def start_server(self, name, argv, address, port=69, proto="udp"):
        """Starts argv (a server in the foreground) in the namespace, its output in a log file, and waits
        until it listens on address:port (proto "udp" or "tcp"). Returns the Popen."""
        log_path = os.path.join(self.workdir, "%s-%d.log" % (name, len(self.servers)))
        log = open(log_path, "wb")
        try:
            proc = subprocess.Popen(self.netns_exec(argv), stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            log.close()
            pytest.fail("cannot start %s: %s" % (name, e), pytrace=False)
        log.close()
        self.servers.append((name, proc, log_path))
        want = "%s:%d" % (address, port)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            out = subprocess.run(self.netns_exec(["ss", "-Hlun" if proto == "udp" else "-Hltn"]), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, timeout=10).stdout.decode("latin-1")
            if any(want in line.split() for line in out.splitlines()):
                return proc
            if proc.poll() is not None:
                pytest.fail("%s exited (%s) before listening on %s: %s" % (name, proc.returncode, want,
                                                                            self.log(log_path)), pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail("%s did not listen on %s within %ds; sockets: %s; its log: %s"
                            % (name, want, START_TIMEOUT, out, self.log(log_path)), pytrace=False)
            time.sleep(0.02)  # polling for the listening socket, bounded by the deadline

    @staticmethod
    def log(path):
        try:
            with open(path, "rb") as f:
                return f.read()[-4000:].decode("latin-1")
        except OSError:
            return ""

    # -- teardown
    def close(self):
        for name, proc, _ in self.servers:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the server and its per-transfer children
                except ProcessLookupError:
                    pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        errors = []
        while self.made:
            argv = self.made.pop()
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out = r.stdout.decode("latin-1")
            if r.returncode != 0 and "Cannot find device" not in out:
                errors.append("%s: %s" % (" ".join(argv), out.strip()))
        return errors


_swept = False


def sweep_stale():
    """Once per run: remove what a run killed before its teardown (SIGKILL) left behind, found by the
    names only these helpers give: namespaces pix-srv-PID-N and links pxt/pxb/pxr + PID % 100000
    (5 digits) + N, of a PID that no longer runs. The servers still in such a namespace are killed."""
    global _swept
    if _swept:
        return
    _swept = True
    live = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            live.add(int(d))
    out = subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    for line in out.decode("latin-1").splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.fullmatch(r"pix-srv-(\d+)-\d+", name)
        if not m or int(m.group(1)) in live:
            continue
        pids = subprocess.run(["ip", "netns", "pids", name], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        subprocess.run(["ip", "netns", "del", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    live5 = {pid % 100000 for pid in live}
    out = subprocess.run(["ip", "-o", "link", "show"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    for line in out.decode("latin-1").splitlines():
        m = re.match(r"\d+: (px[tbr](\d{5})[0-9a-f]+)[@:]", line)
        if m and int(m.group(2)) not in live5:
            subprocess.run(["ip", "link", "del", m.group(1)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _mac(b):
    return ":".join("%02x" % x for x in b)


def _ip(b):
    return socket.inet_ntoa(b)


def _tftp_options(fields):
    """{name (lower case): value} from the NUL-separated option fields of an RRQ or OACK."""
    opts = {}
    for i in range(0, len(fields) - 1, 2):
        opts[fields[i].decode("latin-1").lower()] = fields[i + 1].decode("latin-1")
    return opts


class Sniffer:
    """Frames on the tap (both ways) until the first DATA after the option negotiation, then it stops
    reading (so a long download pays nothing for it). ARP requests and the Ethernet destinations of the
    firmware's IPv4 frames are recorded over that time."""

    ETH_P_ALL = 0x0003
    DRAIN_S = 2.0  # a firmware still sending after close() cannot keep the thread reading

    def __init__(self, ifname):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(self.ETH_P_ALL))
        self.sock.bind((ifname, 0))
        self.rrq = None  # (server ip, filename, options)
        self.oack = None  # options, or None when the server sent DATA (or ERROR) right away
        self.first_data_len = None  # payload bytes of DATA block 1
        self.error = None  # (code, message) of a TFTP ERROR
        self.arp_requests = []  # target IPs the firmware asked for
        self.ip_dests = set()  # (Ethernet destination, IP destination) of the firmware's IPv4 frames
        self.mac_of = {}  # IP -> MAC, from ARP replies
        self.done = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        # After close() the frames still queued on the socket are read before it stops: they crossed
        # the tap before the console said the download ended, so a thread that had fallen behind (a
        # busy host) must not lose them.
        drain_until = None  # after close(): what is queued, for at most DRAIN_S
        try:
            while not self.done.is_set():
                if drain_until is None and self._stop.is_set():
                    drain_until = time.monotonic() + self.DRAIN_S
                stopping = drain_until is not None
                r, _, _ = select.select([self.sock], [], [], 0 if stopping else 0.2)
                if stopping and (not r or time.monotonic() > drain_until):
                    break
                if not r:
                    continue
                try:
                    frame = self.sock.recv(65536, socket.MSG_DONTWAIT)
                except OSError as e:
                    if e.errno in (errno.EAGAIN, errno.EINTR):
                        continue
                    raise
                self._frame(frame)
        finally:
            self.sock.close()

    def _frame(self, f):
        if len(f) < 14:
            return
        dst, src, etype = f[0:6], f[6:12], struct.unpack("!H", f[12:14])[0]
        if etype == 0x0806 and len(f) >= 42:
            op = struct.unpack("!H", f[20:22])[0]
            if op == 1 and _mac(src) == FIRMWARE_MAC:
                self.arp_requests.append(_ip(f[38:42]))
            elif op == 2:
                self.mac_of[_ip(f[28:32])] = _mac(f[22:28])
            return
        if etype != 0x0800 or len(f) < 34:
            return
        ihl = (f[14] & 0x0F) * 4
        ip_dst = _ip(f[30:34])
        if _mac(src) == FIRMWARE_MAC:
            self.ip_dests.add((_mac(dst), ip_dst))
        if f[23] != 17:
            return
        u = 14 + ihl
        if len(f) < u + 10:
            return
        sport, dport, ulen = struct.unpack("!HHH", f[u:u + 6])
        p = f[u + 8:u + ulen]
        if len(p) < 4:
            return
        op = struct.unpack("!H", p[0:2])[0]
        if op == 1 and dport == 69:
            fields = p[2:].split(b"\0")
            self.rrq = (ip_dst, fields[0].decode("latin-1"), _tftp_options(fields[2:-1]))
        elif op == 6 and self.rrq:
            self.oack = _tftp_options(p[2:].split(b"\0")[:-1])
        elif op == 3 and self.rrq and len(p) >= 4 and struct.unpack("!H", p[2:4])[0] == 1:
            self.first_data_len = len(p) - 4
            self.done.set()
        elif op == 5 and self.rrq:
            self.error = (struct.unpack("!H", p[2:4])[0], p[4:].split(b"\0")[0].decode("latin-1"))
            self.done.set()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
