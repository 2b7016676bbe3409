"""The harness of the failover tests: two licensed units of a failover pair in two QEMUs, and a peer on
their shared LAN.

The machine (qemu/pixqemu.py, as qemu/pixpair.py starts it for people): each unit has three NICs;
interface 0 (netdev n0) is on a shared Ethernet segment, an IPv4 multicast group on 127.0.0.1 that both
units and the LanPeer join; interface 1 (n1) is QEMU's user network with its TFTP server (the folder
tftpboot/ of the pair's directory, shared by both); interface 2 (n2) is the LAN failover cable, a
`-netdev dgram` pair whose two ends are each other's remote. Unit 0 (the primary) has the MAC
addresses 00:90:27:22:f0:b0..b2, unit 1 (the secondary) 00:90:27:22:f1:b0..b2.

A unit is a flash file made with the real host tools (pixosutil.make_unit: pix-flash create with the
unit's own serial number and a key minted by pix-keygen that licenses failover and the rest,
build/pixos.bin installed), booted from power-on through the ROM's flash boot to `pixfirewall>`, with
its console on QEMU's stdio (a pexpect child, pixconsole.Console) and QMP on a unix socket for the
cable (`set_link`) and the reset button (`system_reset`). kill() is a power cut (kill -9 of QEMU); the
flash file stays, and power_on() starts a new QEMU on it with the same ports.

Nothing sleeps in place of synchronisation: the consoles wait for the text they need and the peer for
the frames it needs, each with a deadline.

    pair = Pair(tmp_dir)                  # flash files, ports, LAN group; nothing started
    pair.boot()                           # both QEMUs at once, then both prompts (BOOT_TO_PROMPT each)
    pair.primary.con.run("show version")  # pixconsole.Console of the running unit
    pair.secondary.set_link("failover", False)   # cut the failover cable at the secondary's NIC
    pair.primary.kill(); pair.primary.power_on()
    peer = pair.lan_peer("192.168.1.9")   # raw Ethernet on the shared segment
    assert peer.ping("192.168.1.1", timeout=3)
    pair.close()
"""
import collections
import os
import pathlib
import random
import re
import select
import socket
import tempfile
import threading
import time

from scapy.layers.inet import ICMP, IP
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

from pixconsole import PIXOS_BIN, ROM, pixqemu, power_cut, qmp_command, readable, spawn_console, tool
from pixosutil import BOOT_TO_PROMPT, USER, make_unit, wait_pixos

UNIT_NAMES = ("primary", "secondary")
UNIT_SERIALS = ("480430001", "480430002")  # two units, two serial numbers
FEATURES = "failover,vpn-des,vpn-3des,cut-through,guards,websense"  # what the pair's keys license
PAIR_BOOTDELAY = 1  # seconds of the ROM's countdown

# The links of a unit, by what they are: the netdev of each interface (pixqemu.NETDEV_IDS).
LINKS = {"lan": pixqemu.NETDEV_IDS[pixqemu.LAN_IFACE], "tftp": pixqemu.NETDEV_IDS[pixqemu.TFTP_IFACE],
         "failover": pixqemu.NETDEV_IDS[pixqemu.FAILOVER_IFACE]}

PEER_MAC = "02:00:00:00:00:09"  # locally administered, unlike every unit's
ETH_MIN = 60  # shortest Ethernet frame without its FCS: the peer pads what it sends
POLL_S = 0.02  # longest the peer's receive loop sleeps, so close() returns promptly
ARP_RETRY_S = 0.5  # the peer asks again when an ARP request went unanswered this long
ECHO_RETRY_S = 0.5  # and sends another echo request when one went unanswered this long
SUN_PATH_MAX = 100  # a unix socket's path must fit sockaddr_un (108 bytes)
MSG_TIMEOUT = 30  # seconds for a failover message that follows a boot or a negotiation


def licence_key(serial, features=FEATURES):
    """The activation key pix-keygen mints for serial with features (and 6 interfaces, unlimited)."""
    return tool("pix-keygen", "--serial", serial, "--features", features).stdout.strip()


def free_udp_ports(count):
    """count distinct UDP ports of 127.0.0.1 free right now (all held until all are found, then let go,
    so they differ; another program may still take one before QEMU binds it, as with free_port)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def random_lan():
    """A LAN segment of its own: a random administratively scoped group 239.255.X.Y and a free port."""
    rng = random.SystemRandom()
    return "239.255.%d.%d" % (rng.randint(1, 254), rng.randint(1, 254)), free_udp_ports(1)[0]


def socket_path(directory, name):
    """directory/name, or a path in a fresh short temporary folder when that is too long for a unix
    socket."""
    path = os.path.join(str(directory), name)
    if len(path) > SUN_PATH_MAX:
        path = os.path.join(tempfile.mkdtemp(prefix="pixpair"), name)
    return path


class Unit:
    """One unit of the pair: its flash file, how its QEMU is started, and its console while it runs.

    name: "primary" or "secondary"; index: 0 or 1 (pixqemu's unit, for the MAC addresses); serial: the
    serial number in its flash; flash: the flash file; con: the pixconsole.Console of the running QEMU,
    None while the unit is off; consoles: every Console it has had, for the transcripts."""

    def __init__(self, pair, index, serial, flash):
        self.pair = pair
        self.index = index
        self.name = UNIT_NAMES[index]
        self.serial = serial
        self.flash = flash
        self.qmp_path = socket_path(pair.directory, "%s.qmp" % self.name)
        self.floppy = None  # drive A at the next start: None (no drive), "empty" or a diskette file
        self.con = None
        self.consoles = []

    def argv(self):
        """The QEMU command line of this unit (pixqemu.qemu_argv)."""
        p = self.pair
        lport, rport = p.failover_ports[self.index], p.failover_ports[1 - self.index]
        return pixqemu.qemu_argv(rom=p.rom, nic=p.nic, tftp=p.tftp, flash=self.flash, serial="stdio",
                                 bootdelay=p.bootdelay, unit=self.index, failover="%d:%d" % (lport, rport),
                                 lan="mcast:%s:%d" % p.lan, qmp=self.qmp_path, floppy=self.floppy)

    @property
    def alive(self):
        """True while the unit's QEMU runs."""
        return self.con is not None and self.con.child.isalive()

    def start(self):
        """Power on: a new QEMU on the unit's flash (same MACs and ports as before); returns its Console,
        with nothing read yet. The unit must be off."""
        assert self.con is None, "%s: already on" % self.name
        self.con = spawn_console(self.argv())
        self.consoles.append(self.con)
        return self.con

    def wait_prompt(self, version="6.3(5)", timeout=BOOT_TO_PROMPT):
        """From power-on or a reset: wait for the ROM's flash boot of this unit (its serial number) and
        the running image's first prompt, each step within timeout; returns what the image printed from
        its banner to the prompt (pixosutil.wait_pixos)."""
        return wait_pixos(self.con, version, USER, unit_serial=self.serial, timeout=timeout)

    def power_on(self, wait=True, version="6.3(5)"):
        """start(), then with wait, wait_prompt(version); returns the banner text (None without wait)."""
        self.start()
        return self.wait_prompt(version) if wait else None

    def kill(self):
        """Power cut: kill -9 of the unit's QEMU (pixconsole.power_cut); returns what its console had
        printed and was not read yet. The flash keeps what was written; the unit is off."""
        assert self.con is not None, "%s: already off" % self.name
        try:
            return power_cut(self.con)
        finally:
            self.con = None

    def qmp(self, command, **arguments):
        """One QMP command on this unit's QEMU; returns its "return" value (pixconsole.qmp_command)."""
        assert self.alive, "%s: QEMU is not running" % self.name
        return qmp_command(self.qmp_path, command, arguments or None)

    def set_link(self, link, up):
        """Cable in (up=True) or out (False) at this unit's NIC: link is "failover" (interface 2),
        "lan" (interface 0), "tftp" (interface 1) or a netdev id ("n0".."n2"). The NIC sees its link
        go down and QEMU passes no frame either way until it is up again."""
        self.qmp("set_link", name=LINKS.get(link, link), up=bool(up))

    def reset(self, wait=True, version="6.3(5)"):
        """The reset button (QMP system_reset): the ROM starts again and flash-boots the unit; with wait,
        waits for the running image's prompt and returns its banner text (else None)."""
        self.qmp("system_reset")
        return self.wait_prompt(version) if wait else None

    def close(self):
        """Stops the unit's QEMU if it runs (the flash file stays)."""
        if self.con is not None:
            self.con.close()
            self.con = None


class Pair:
    """Two licensed units (primary, secondary) whose third NICs are each other's failover cable and
    whose interface 0 share a LAN segment; nothing runs until boot() (or a unit's power_on()).

    directory: where the flash files (primary.bin, secondary.bin), the TFTP folder and the QMP sockets
    go. serials: the two units' serial numbers (distinct). features: what their keys license (failover
    among them unless a test wants it missing). nic: QEMU's NIC model. image: what is installed on both
    (None: nothing), or a (primary, secondary) tuple of images/None. bootdelay: the ROM's countdown in
    seconds. config: a stored configuration text for both, or a (primary, secondary) tuple of
    texts/None."""

    def __init__(self, directory, serials=UNIT_SERIALS, features=FEATURES, nic=pixqemu.DEFAULT_NIC,
                 image=PIXOS_BIN, bootdelay=PAIR_BOOTDELAY, config=None, rom=ROM):
        assert len(set(serials)) == 2, "the two units need two serial numbers, not %r" % (serials,)
        self.directory = str(directory)
        os.makedirs(self.directory, exist_ok=True)
        self.rom = rom
        self.nic = nic
        self.bootdelay = bootdelay
        self.tftp = os.path.join(self.directory, "tftpboot")
        self.failover_ports = free_udp_ports(2)  # the primary's end, the secondary's end
        self.lan = random_lan()  # (group, port)
        configs = config if isinstance(config, tuple) else (config, config)
        images = image if isinstance(image, tuple) else (image, image)
        self.units = []
        for i, serial in enumerate(serials):
            flash = make_unit(pathlib.Path(self.directory), name=UNIT_NAMES[i], key=licence_key(serial, features),
                              image=images[i], config=configs[i], serial=serial)
            self.units.append(Unit(self, i, serial, flash))
        self.primary, self.secondary = self.units
        self.peers = []

    def __getitem__(self, i):
        return self.units[i]

    def boot(self, version="6.3(5)"):
        """Powers on both units at once, then waits for each one's first prompt (the second wait runs
        while the second unit has been booting all along); returns their banner texts."""
        for u in self.units:
            u.start()
        return [u.wait_prompt(version) for u in self.units]

    def lan_peer(self, ip, mac=PEER_MAC):
        """A LanPeer with address ip (and mac) on this pair's LAN segment; closed with the pair."""
        peer = LanPeer(self.lan[0], self.lan[1], ip, mac)
        self.peers.append(peer)
        return peer

    def close(self):
        """Stops both QEMUs and the peers; prints every console transcript (shown when a test fails)."""
        for peer in self.peers:
            peer.close()
        for u in self.units:
            u.close()
        for u in self.units:
            for n, con in enumerate(u.consoles):
                text = con.transcript.getvalue()
                if text:
                    print("--- %s (serial %s), power-on %d: serial console transcript ---" % (u.name, u.serial,
                                                                                           n + 1))
                    print(readable(text))


Frame = collections.namedtuple("Frame", "t eth")  # a frame the peer received: time.monotonic(), scapy Ether


class LanPeer:
    """A host on the pair's LAN segment that speaks raw Ethernet frames (built and parsed with scapy).

    It answers ARP requests for its address and ICMP echo requests to it, learns every sender's MAC from
    the ARP frames it sees (as a host keeps its ARP cache; a gratuitous ARP moves an address), and
    records every frame it receives but its own (the multicast segment loops each frame back to all
    members, the sender too). One background thread serves the socket; its loop wakes at least every
    POLL_S. ip, mac: its address and MAC; group, port: the segment."""

    def __init__(self, group, port, ip, mac=PEER_MAC):
        self.group, self.port = group, port
        self.ip, self.mac = ip, mac.lower()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((group, port))  # this group's datagrams only
        loopback = socket.inet_aton("127.0.0.1")
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + loopback)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, loopback)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)  # never past this host
        self.lock = threading.Condition()
        self._frames = []
        self._arp = {}  # ip -> mac
        self._replies = {}  # (ICMP id, seq) of echo replies to this peer -> when each came
        self.echo_id = random.randint(1, 0xFFFF)
        self._seq = 0
        self._stop = False
        self.error = None  # what ended the receive thread, if anything did
        self.thread = threading.Thread(target=self._serve, name="lanpeer-%s" % ip, daemon=True)
        self.thread.start()

    # -- the segment
    def send(self, frame):
        """Sends one Ethernet frame (scapy packet or bytes), padded to the 60-byte minimum."""
        data = bytes(frame)
        if len(data) < ETH_MIN:
            data += b"\0" * (ETH_MIN - len(data))
        self.sock.sendto(data, (self.group, self.port))

    def _serve(self):
        try:
            while not self._stop:
                ready, _, _ = select.select([self.sock], [], [], POLL_S)
                if ready:
                    self._receive(self.sock.recv(65536))
        except Exception as e:  # reported by the next wait, never lost
            with self.lock:
                self.error = e
                self.lock.notify_all()

    def _receive(self, data):
        t = time.monotonic()
        eth = Ether(data)
        if eth.src.lower() == self.mac:
            return  # our own frame, looped back by the segment
        with self.lock:
            self._frames.append(Frame(t, eth))
            if ARP in eth and eth[ARP].psrc != "0.0.0.0":
                self._arp[eth[ARP].psrc] = eth[ARP].hwsrc.lower()
            self.lock.notify_all()
        if ARP in eth and eth[ARP].op == 1 and eth[ARP].pdst == self.ip:
            a = eth[ARP]
            self.send(Ether(src=self.mac, dst=a.hwsrc) /
                      ARP(op=2, hwsrc=self.mac, psrc=self.ip, hwdst=a.hwsrc, pdst=a.psrc))
        elif IP in eth and ICMP in eth and eth[IP].dst == self.ip and eth.dst.lower() == self.mac:
            icmp = eth[ICMP]
            if icmp.type == 8:
                self.send(Ether(src=self.mac, dst=eth.src) / IP(src=self.ip, dst=eth[IP].src) /
                          ICMP(type=0, id=icmp.id, seq=icmp.seq) / Raw(bytes(icmp.payload)))
            elif icmp.type == 0:
                with self.lock:
                    self._replies.setdefault((icmp.id, icmp.seq), t)
                    self.lock.notify_all()

    def _wait(self, ready, deadline):
        """Waits until ready() (called under the lock) is true or the deadline (time.monotonic()) passes;
        returns ready()'s last value."""
        with self.lock:
            while True:
                if self.error is not None:
                    raise RuntimeError("LAN peer %s: receive loop failed: %r" % (self.ip, self.error))
                value = ready()
                left = deadline - time.monotonic()
                if value or left <= 0:
                    return value
                self.lock.wait(left)

    # -- what a host does
    def resolve(self, ip, timeout=2.0):
        """ip's MAC from the peer's ARP cache, else asked with ARP requests (again every ARP_RETRY_S)
        until an answer or timeout seconds; returns it, or None."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                mac = self._arp.get(ip)
            if mac or time.monotonic() >= deadline:
                return mac
            self.send(Ether(src=self.mac, dst="ff:ff:ff:ff:ff:ff") /
                      ARP(op=1, hwsrc=self.mac, psrc=self.ip, hwdst="00:00:00:00:00:00", pdst=ip))
            mac = self._wait(lambda: self._arp.get(ip), min(deadline, time.monotonic() + ARP_RETRY_S))
            if mac:
                return mac

    def ping(self, ip, timeout=2.0, fresh=False):
        """Does ip answer an ICMP echo within timeout seconds? Resolves ip (ARP, see resolve; fresh:
        forget what the cache says first), then sends an echo request every ECHO_RETRY_S until a reply
        with its id and sequence number comes back. Returns True or False."""
        deadline = time.monotonic() + timeout
        if fresh:
            self.forget(ip)
        mac = self.resolve(ip, timeout)
        while mac:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self.lock:
                self._seq = (self._seq + 1) & 0xFFFF
                key = (self.echo_id, self._seq)
            self.send(Ether(src=self.mac, dst=mac) / IP(src=self.ip, dst=ip) /
                      ICMP(type=8, id=key[0], seq=key[1]) / Raw(b"pixpair" * 8))
            if self._wait(lambda: key in self._replies, min(deadline, time.monotonic() + ECHO_RETRY_S)):
                return True
        return False

    def ping_until_answered(self, ip, timeout, interval=0.05):
        """Sends an echo request to ip every interval seconds, each to the MAC the ARP cache has for ip at
        that moment (so a gratuitous ARP redirects the next one at once, as on a host), until a reply
        comes or timeout seconds pass; nothing is resolved (ip must be in the cache). Returns the
        time.monotonic() at which the first reply was received, or None."""
        deadline = time.monotonic() + timeout
        sent = []
        while True:
            with self.lock:
                got = [self._replies[k] for k in sent if k in self._replies]
                mac = self._arp.get(ip)
                self._seq = (self._seq + 1) & 0xFFFF
                key = (self.echo_id, self._seq)
            if got:
                return min(got)
            if time.monotonic() >= deadline:
                return None
            assert mac, "ping_until_answered: %s is not in the ARP cache" % ip
            sent.append(key)
            self.send(Ether(src=self.mac, dst=mac) / IP(src=self.ip, dst=ip) /
                      ICMP(type=8, id=key[0], seq=key[1]) / Raw(b"pixpair" * 8))
            self._wait(lambda: any(k in self._replies for k in sent), min(deadline, time.monotonic() + interval))

    def arp_cache(self):
        """The peer's ARP cache: {ip: mac}."""
        with self.lock:
            return dict(self._arp)

    def forget(self, ip=None):
        """Drops ip (None: every address) from the ARP cache."""
        with self.lock:
            if ip is None:
                self._arp.clear()
            else:
                self._arp.pop(ip, None)

    # -- what it saw
    def frames(self):
        """Every frame received since the start (or clear()) but the peer's own, oldest first, as
        Frame(t, eth): t from time.monotonic(), eth a scapy Ether."""
        with self.lock:
            return list(self._frames)

    def clear(self):
        """Forgets the frames received so far (not the ARP cache)."""
        with self.lock:
            self._frames = []

    def wait_frame(self, match, timeout):
        """The first frame received since the start (or clear()) for which match(eth) is true, waiting
        up to timeout seconds for it; None when none came."""
        def found():
            return next((f for f in self._frames if match(f.eth)), None)
        return self._wait(found, time.monotonic() + timeout)

    def close(self):
        self._stop = True
        self.thread.join(timeout=5)
        self.sock.close()


def is_gratuitous_arp(eth, ip=None, mac=None):
    """Is eth a gratuitous ARP (request or reply whose sender and target address are the same) for ip
    (any, if None) from mac (any, if None)?"""
    if ARP not in eth:
        return False
    a = eth[ARP]
    return (a.psrc == a.pdst and (ip is None or a.psrc == ip)
            and (mac is None or a.hwsrc.lower() == mac.lower()))


def said(con, *messages, timeout=MSG_TIMEOUT):
    """Each failover message, in order, arrives on the console (each on a line of its own, printed by the
    unit on its own between commands); then the prompt it redraws. Returns what came before the last
    message."""
    before = ""
    for m in messages:
        before = con.expect_exact(m + "\r\n", timeout)
    con.until_prompt()
    return before


FAILOVER_LAN_IP = ("192.168.1.1", "192.168.1.2")  # interface 0: the active's (ip address), the standby's
FAILOVER_LINK_IP = ("172.17.1.1", "172.17.1.2")  # the failover link: the primary's, the secondary's


def failover_config(unit, key, poll, before="", after=""):
    """A stored configuration for one unit of a pair: interface 0 ("outside") with the pair's address and
    the standby's (FAILOVER_LAN_IP), ethernet2 named "failover" as the LAN failover link (FAILOVER_LINK_IP),
    failover lan unit (unit: "primary" or "secondary"), key (None: no failover lan key), failover poll,
    enabled and on. before: lines put ahead of the failover ones; after: lines after them."""
    return ("ip address outside %s 255.255.255.0\n" % FAILOVER_LAN_IP[0] +
            "failover ip address outside %s\n" % FAILOVER_LAN_IP[1] + before +
            "nameif ethernet2 failover security60\n"
            "ip address failover %s 255.255.255.0\n" % FAILOVER_LINK_IP[0] +
            "failover ip address failover %s\n" % FAILOVER_LINK_IP[1] +
            "failover lan unit %s\n" % unit +
            "failover lan interface failover\n" +
            ("failover lan key %s\n" % key if key else "") +
            "failover poll %d\n" % poll +
            "failover lan enable\n"
            "failover\n" + after)


def typed(con, line, *messages, timeout=MSG_TIMEOUT):
    """Types a command that prints nothing of its own but may make failover print messages (it lets
    failover run at once, which may read a frame already waiting): each message, in order, comes inside
    the command's output or after its prompt, as said() waits for them."""
    out = con.run(line)
    head = line + "\r\n"
    assert out.startswith(head) and out.endswith(con.prompt), out
    inside = [s for s in out[len(head):-len(con.prompt)].split("\r\n") if s]
    assert inside == list(messages[:len(inside)]), "command %r printed %r, not the start of %r" % (
        line, inside, messages)
    if messages[len(inside):]:
        said(con, *messages[len(inside):], timeout=timeout)


def host_lines(out):
    """The host lines of a show failover output: [("This host"|"Other host", "Primary"|"Secondary",
    state), ...]."""
    return re.findall(r"\t(This host|Other host): (Primary|Secondary) - (\w+)\r\n", out)
