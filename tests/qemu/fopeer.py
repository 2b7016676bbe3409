"""The other end of one unit's LAN failover link: an independent Python implementation of the failover
messages (net/fo_frame.h), on the UDP socket of QEMU's `-netdev dgram`.

The codec is written again from the wire format documented in net/fo_frame.h and the order of checks
its parser documents, sharing no code with the firmware: build_frame() makes the whole Ethernet frame
(IPv4 protocol 105, the 30-byte payload header, the body, HMAC-SHA-256 with Python's hmac module over
the two IP addresses and the payload); parse_frame() reads one back and says why it is not a message
(FrameError.kind, in that order: not failover at all, malformed, another version, keyed differently,
failed authentication); Replay is the nonce / seq / echo rule (a new nonce is taken only when it echoes
ours; an old seq of a known nonce, or a nonce seen before, is a replay). expected_outcome() says what the
unit should count for any frame it is sent (including what its NIC drops and the 60-byte padding QEMU's
e1000 adds), so that a test can predict the unit's show failover counters for a burst of bad frames.

FoPeer sits on 127.0.0.1:port; the unit's QEMU has failover="LPORT:port". It can act as a mate (a
primary or a secondary, with a key or none): a hello at every poll interval with its nonce, the nonce it
heard from the unit as echo and a sequence number from 1; an answer to a unit's message whose nonce it
does not know yet; a simple election (it stands by when the unit is active); and as a standby it takes
the unit's configuration chunks in order and acknowledges them (FO_CONFIG_ACK), keeping each complete
text. reboot() is a new boot of the peer (new nonce, seq from 1, nothing heard). Whatever the mate
logic does, send()/send_raw() put arbitrary messages and frames on the link, and every frame sent is
kept (sent_frames()) for a test to play again later.

Everything the peer sees is checked against the format strictly (a frame of the unit's that does not
parse, comes from the wrong address, or goes backwards in seq is an "error" event) and recorded as an
Event; tests wait for events with a deadline (wait_for), never by sleeping. One background thread
serves the socket and wakes at least every POLL_S, so stop() returns promptly.

    peer = FoPeer(key=b"secret", unit=SECONDARY, poll_s=3)
    argv = pixqemu.qemu_argv(..., failover="%d:%d" % (lport, peer.port))
    peer.start(lport, mate=True)
    peer.wait_for(lambda e: e.kind == "config", timeout=30)   # the unit replicated to us
    peer.stop()
"""
import collections
import hashlib
import hmac
import random
import select
import socket
import struct
import threading
import time

# -- the wire format (net/fo_frame.h)
IP_PROTO = 105
MAGIC = b"PXFO"
VERSION = 1
F_KEYED = 0x01  # payload header flag: the sender has a failover lan key
HELLO_F_IF_UP = 0x01  # hello flag: the sender's interfaces are up
CHUNK_MAX = 1024
CONFIG_MAX = 65536
ETH_HLEN, IP_HLEN, HDR_LEN, MAC_LEN = 14, 20, 30, 32
HELLO_LEN, CONFIG_HLEN, ACK_LEN, SWITCH_LEN = 16, 12, 8, 1
HELLO, CONFIG, CONFIG_ACK, SWITCH = 1, 2, 3, 4
TYPE_NAMES = {HELLO: "HELLO", CONFIG: "CONFIG", CONFIG_ACK: "CONFIG_ACK", SWITCH: "SWITCH"}
PRIMARY, SECONDARY = 0, 1
DISABLED, NEGOTIATING, STANDBY, ACTIVE, FAILED = 0, 1, 2, 3, 4
STATE_NAMES = {DISABLED: "Disabled", NEGOTIATING: "Negotiation", STANDBY: "Standby", ACTIVE: "Active",
               FAILED: "Failed"}
ETHERTYPE_IPV4 = 0x0800
IP_DF = 0x4000
IP_TTL = 1
BROADCAST = b"\xff" * 6

# -- the link (QEMU's e1000 and the unit's driver)
ETH_MIN = 60  # QEMU's e1000 pads a shorter received frame to this; the peer pads what it sends
UNIT_RX_MAX = 1518  # the longest frame the unit reads (its NIC or driver drops a longer one)

# -- the peer
POLL_S = 0.02  # longest the receive loop sleeps
ANSWER_S = 0.5  # at most one answer to an unproven message of the unit per this
DEFAULT_VERSION = (6, 3, 5)

# FrameError kinds, in the order parse_frame checks them, and what the unit counts for each
NOT_FAILOVER = "not failover"  # not IPv4 protocol 105 at all: not the link's business, not counted
MALFORMED = "malformed"  # IP header, lengths, magic, a reserved bit, a value out of range
OTHER_VERSION = "version"  # another protocol version (counted as malformed)
KEYED = "keyed"  # the sender's FO_F_KEYED flag differs from the receiver's key (rejected)
AUTH = "auth"  # the MAC is not ours: another key, or altered bytes or addresses (rejected)
COUNTER_OF = {NOT_FAILOVER: None, MALFORMED: "malformed", OTHER_VERSION: "malformed", KEYED: "rejected",
              AUTH: "rejected"}

# Replay.check verdicts
FRESH, REPLAY, UNPROVEN = "fresh", "replay", "unproven"


def mac_bytes(mac):
    """b'\\x00\\x90...' from '00:90:27:22:f0:b2' (bytes pass through)."""
    return mac if isinstance(mac, bytes) else bytes(int(b, 16) for b in mac.split(":"))


def mac_text(mac):
    return ":".join("%02x" % b for b in mac)


def ip_bytes(ip):
    return ip if isinstance(ip, bytes) else socket.inet_aton(ip)


Addr = collections.namedtuple("Addr", "mac ip")  # an end of the link: MAC (bytes) and IPv4 (dotted text)


class Hello(collections.namedtuple("Hello", "unit state poll_s flags version active_s generation")):
    """FO_HELLO body: unit (PRIMARY/SECONDARY), state, poll seconds, flags (HELLO_F_IF_UP), software
    version (major, minor, maintenance), active time in seconds, configuration generation."""
    TYPE = HELLO

    def pack(self):
        return struct.pack(">BBBBBBBBII", self.unit, self.state, self.poll_s, self.flags, *self.version, 0,
                           self.active_s, self.generation)


class Chunk(collections.namedtuple("Chunk", "generation offset total data")):
    """FO_CONFIG body: a piece of the active's configuration text."""
    TYPE = CONFIG

    def pack(self):
        return struct.pack(">III", self.generation, self.offset, self.total) + bytes(self.data)


class Ack(collections.namedtuple("Ack", "generation offset")):
    """FO_CONFIG_ACK body: the configuration of this generation received up to offset."""
    TYPE = CONFIG_ACK

    def pack(self):
        return struct.pack(">II", self.generation, self.offset)


class Switch(collections.namedtuple("Switch", "state")):
    """FO_SWITCH body: the state the receiver is asked to take."""
    TYPE = SWITCH

    def pack(self):
        return struct.pack(">B", self.state)


def hello(unit, state, poll_s, flags=0, version=DEFAULT_VERSION, active_s=0, generation=0):
    return Hello(unit, state, poll_s, flags, tuple(version), active_s, generation)


class Msg(collections.namedtuple("Msg", "type flags nonce echo seq body")):
    """One message: header fields and its body (Hello, Chunk, Ack, Switch, or raw bytes)."""

    def __repr__(self):
        return "Msg(%s, flags=%s, nonce=%016x, echo=%016x, seq=%d, %r)" % (
            TYPE_NAMES.get(self.type, self.type), self.flags, self.nonce, self.echo, self.seq, self.body)


class FrameError(ValueError):
    """A frame that is not a failover message: kind (NOT_FAILOVER ... AUTH) and why."""

    def __init__(self, kind, why):
        super().__init__("%s: %s" % (kind, why))
        self.kind, self.why = kind, why


Parsed = collections.namedtuple("Parsed", "src dst msg")


def ip_checksum(header):
    """The RFC 1071 checksum of an IP header whose checksum field is zero (or, over a whole header with
    its checksum, 0 when it holds)."""
    if len(header) % 2:
        header += b"\0"
    s = sum(struct.unpack(">%dH" % (len(header) // 2), header))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_header(src_ip, dst_ip, total, ident=0, frag=IP_DF, ttl=IP_TTL, proto=IP_PROTO, tos=0, options=b""):
    """An IPv4 header (with its checksum); options make it longer than 20 bytes."""
    ihl = (IP_HLEN + len(options)) // 4
    h = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, tos, total, ident, frag, ttl, proto, 0, ip_bytes(src_ip),
                    ip_bytes(dst_ip)) + options
    return h[:10] + struct.pack(">H", ip_checksum(h)) + h[12:]


def fix_ip_checksum(frame):
    """frame (bytes) with the checksum of its 20-byte IP header made right again."""
    ip = bytearray(frame[ETH_HLEN:ETH_HLEN + IP_HLEN])
    ip[10:12] = b"\0\0"
    ip[10:12] = struct.pack(">H", ip_checksum(bytes(ip)))
    return frame[:ETH_HLEN] + bytes(ip) + frame[ETH_HLEN + IP_HLEN:]


def payload_mac(key, src_ip, dst_ip, covered):
    """The HMAC-SHA-256 under key of the two addresses and the payload's header and body."""
    return hmac.new(key, ip_bytes(src_ip) + ip_bytes(dst_ip) + covered, hashlib.sha256).digest()


def body_bytes(body):
    return body if isinstance(body, (bytes, bytearray)) else body.pack()


def build_frame(src, dst, msg, key, magic=MAGIC, version=VERSION, reserved=0, body_len=None, mac=None,
                mac_key=None, total=None):
    """The whole Ethernet frame of msg from src to dst (Addr each), MACed with key (b"" for none).

    msg.flags is written as it is (None: F_KEYED when key is not empty). The other arguments make frames
    the builder of net/fo_frame.c never would: another magic, version, reserved byte, body length field,
    MAC (bytes), a MAC made with mac_key instead of key, another IP total length."""
    body = body_bytes(msg.body)
    flags = (F_KEYED if key else 0) if msg.flags is None else msg.flags
    covered = (magic + struct.pack(">BBBBQQIH", version, msg.type, flags, reserved, msg.nonce, msg.echo,
                                   msg.seq, len(body) if body_len is None else body_len) + body)
    if mac is None:
        mac = payload_mac(key if mac_key is None else mac_key, src.ip, dst.ip, covered)
    payload = covered + mac
    ip = ip_header(src.ip, dst.ip, IP_HLEN + len(payload) if total is None else total)
    return mac_bytes(dst.mac) + mac_bytes(src.mac) + struct.pack(">H", ETHERTYPE_IPV4) + ip + payload


def _check_ip(frame):
    """The IP packet's length, or FrameError (NOT_FAILOVER, MALFORMED) for the Ethernet and IP headers."""
    if len(frame) < ETH_HLEN + IP_HLEN:
        raise FrameError(NOT_FAILOVER, "%d bytes: no room for an IP header" % len(frame))
    ethertype, = struct.unpack(">H", frame[12:14])
    ip = frame[ETH_HLEN:ETH_HLEN + IP_HLEN]
    if ethertype != ETHERTYPE_IPV4 or ip[0] >> 4 != 4 or ip[9] != IP_PROTO:
        raise FrameError(NOT_FAILOVER, "EtherType %04x, IP version %d, protocol %d"
                         % (ethertype, ip[0] >> 4, ip[9]))
    _, tos, total, ident, frag, ttl = struct.unpack(">BBHHHB", ip[:9])
    if ip[0] != 0x45:
        raise FrameError(MALFORMED, "IP header of %d bytes (options)" % ((ip[0] & 15) * 4))
    if ip_checksum(ip) != 0:
        raise FrameError(MALFORMED, "IP header checksum")
    if total > len(frame) - ETH_HLEN:
        raise FrameError(MALFORMED, "IP total length %d past the frame's end" % total)
    if total < IP_HLEN + 5:
        raise FrameError(MALFORMED, "IP total length %d: no room for magic and version" % total)
    if frag != IP_DF:
        raise FrameError(MALFORMED, "IP flags/fragment %04x (a fragment, or not DF)" % frag)
    if tos or ident or ttl != IP_TTL:
        raise FrameError(MALFORMED, "IP TOS %d, ID %d, TTL %d" % (tos, ident, ttl))
    return total


def _read_body(mtype, b):
    """The body object of type mtype from bytes b, or FrameError(MALFORMED)."""
    if mtype == HELLO:
        if len(b) != HELLO_LEN:
            raise FrameError(MALFORMED, "hello body of %d bytes" % len(b))
        unit, state, poll_s, flags, v1, v2, v3, rsvd, active_s, gen = struct.unpack(">BBBBBBBBII", b)
        if rsvd or unit > SECONDARY or state > FAILED or flags & ~HELLO_F_IF_UP:
            raise FrameError(MALFORMED, "hello reserved %d, unit %d, state %d, flags %02x"
                             % (rsvd, unit, state, flags))
        return Hello(unit, state, poll_s, flags, (v1, v2, v3), active_s, gen)
    if mtype == CONFIG:
        if not CONFIG_HLEN <= len(b) <= CONFIG_HLEN + CHUNK_MAX:
            raise FrameError(MALFORMED, "configuration body of %d bytes" % len(b))
        gen, off, total = struct.unpack(">III", b[:CONFIG_HLEN])
        data = bytes(b[CONFIG_HLEN:])
        if total > CONFIG_MAX or off > total or len(data) > total - off:
            raise FrameError(MALFORMED, "chunk of %d at %d of %d" % (len(data), off, total))
        return Chunk(gen, off, total, data)
    if mtype == CONFIG_ACK:
        if len(b) != ACK_LEN:
            raise FrameError(MALFORMED, "acknowledgement body of %d bytes" % len(b))
        return Ack(*struct.unpack(">II", b))
    if mtype == SWITCH:
        if len(b) != SWITCH_LEN or b[0] not in (STANDBY, ACTIVE):
            raise FrameError(MALFORMED, "switch body %r" % bytes(b))
        return Switch(b[0])
    raise FrameError(MALFORMED, "type %d" % mtype)


def parse_frame(frame, key):
    """Reads frame (bytes, padding after the IP packet allowed) as a failover message for a receiver
    whose key is key (b"" for none): Parsed(src, dst, msg), or FrameError with the first thing wrong."""
    frame = bytes(frame)
    total = _check_ip(frame)
    p = frame[ETH_HLEN + IP_HLEN:ETH_HLEN + total]
    if p[:4] != MAGIC:
        raise FrameError(MALFORMED, "magic %r" % p[:4])
    if p[4] != VERSION:
        raise FrameError(OTHER_VERSION, "version %d" % p[4])
    if len(p) < HDR_LEN + MAC_LEN:
        raise FrameError(MALFORMED, "payload of %d bytes" % len(p))
    _, _, mtype, flags, rsvd, nonce, echo, seq, blen = struct.unpack(">4sBBBBQQIH", p[:HDR_LEN])
    if rsvd:
        raise FrameError(MALFORMED, "reserved header byte %d" % rsvd)
    if blen != len(p) - HDR_LEN - MAC_LEN:
        raise FrameError(MALFORMED, "body length %d in a payload of %d" % (blen, len(p)))
    body = _read_body(mtype, p[HDR_LEN:HDR_LEN + blen])
    if flags & ~F_KEYED or not nonce or not seq:
        raise FrameError(MALFORMED, "flags %02x, nonce %x, seq %d" % (flags, nonce, seq))
    if bool(flags & F_KEYED) != bool(key):
        raise FrameError(KEYED, "the sender %s a key, the receiver %s" % ("has" if flags & F_KEYED else
                                                                            "has no", "too" if key else "none"))
    ip = frame[ETH_HLEN:ETH_HLEN + IP_HLEN]
    want = payload_mac(key, ip[12:16], ip[16:20], p[:HDR_LEN + blen])
    if not hmac.compare_digest(want, p[HDR_LEN + blen:]):
        raise FrameError(AUTH, "MAC")
    src = Addr(frame[6:12], socket.inet_ntoa(ip[12:16]))
    dst = Addr(frame[0:6], socket.inet_ntoa(ip[16:20]))
    return Parsed(src, dst, Msg(mtype, flags, nonce, echo, seq, body))


def padded(frame):
    """frame as it reaches the unit: QEMU's e1000 pads a short one to ETH_MIN bytes with zeros."""
    return frame + b"\0" * (ETH_MIN - len(frame)) if len(frame) < ETH_MIN else frame


def expected_outcome(frame, unit_mac, key):
    """What the unit (its NIC's MAC unit_mac, its key) does with frame: "filtered" (its NIC or driver never
    hands it over: not addressed to it, or longer than UNIT_RX_MAX), a FrameError kind, or "message"."""
    frame = padded(bytes(frame))
    if len(frame) > UNIT_RX_MAX or frame[:6] not in (mac_bytes(unit_mac), BROADCAST):
        return "filtered"
    try:
        parse_frame(frame, key)
    except FrameError as e:
        return e.kind
    return "message"


class Replay:
    """What one end knows of the other's boot: the nonce it took and the highest seq under it, and
    the nonces it took before (never taken again)."""

    def __init__(self):
        self.nonce = None
        self.seq = 0
        self.retired = []

    def check(self, our_nonce, msg):
        """FRESH (recorded), REPLAY (an old seq of the known nonce, or a retired nonce) or UNPROVEN (a new
        nonce that does not echo ours: answer it, do not act on it)."""
        if self.nonce is not None and msg.nonce == self.nonce:
            if msg.seq <= self.seq:
                return REPLAY
            self.seq = msg.seq
            return FRESH
        if msg.nonce in self.retired:
            return REPLAY
        if msg.echo != our_nonce:
            return UNPROVEN
        if self.nonce is not None:
            self.retired.append(self.nonce)
        self.nonce, self.seq = msg.nonce, msg.seq
        return FRESH


class Event:
    """One thing the peer saw or did: kind plus fields, stamped with time.monotonic()."""

    def __init__(self, kind, **fields):
        self.kind = kind
        self.t = time.monotonic()
        self.__dict__.update(fields)

    def __repr__(self):
        fields = ", ".join("%s=%r" % (k, v) for k, v in sorted(self.__dict__.items())
                           if k not in ("kind", "t", "frame"))
        return "Event(%s%s)" % (self.kind, ", " + fields if fields else "")


Sent = collections.namedtuple("Sent", "t frame msg boot")  # a frame the peer sent, for replaying


class FoPeer:
    """The unit's mate on its failover link (see the module docstring).

    key: the failover lan key (str or bytes; "" for none). unit: PRIMARY or SECONDARY, what its hellos
    say. poll_s: its hello interval. mac, ip: its end of the link; unit_mac, unit_ip: the unit's.
    version: the software version its hellos carry."""

    def __init__(self, key, unit=SECONDARY, poll_s=3, mac="00:90:27:22:f1:b2", ip="172.17.1.2",
                 unit_mac="00:90:27:22:f0:b2", unit_ip="172.17.1.1", version=DEFAULT_VERSION):
        self.key = key.encode() if isinstance(key, str) else bytes(key)
        self.unit, self.poll_s, self.version = unit, poll_s, tuple(version)
        self.addr = Addr(mac_bytes(mac), ip)
        self.unit_addr = Addr(mac_bytes(unit_mac), unit_ip)
        self.rng = random.SystemRandom()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.qemu_port = None
        self.lock = threading.RLock()  # the peer's state: the thread and the test both send
        self.cond = threading.Condition(self.lock)
        self.events = []
        self.sent = []  # Sent, every frame sent
        self.boots = 0
        self.mate = False  # act as a mate: hellos, answers, election, configuration
        self.strict = True  # a frame of the unit's that does not parse is an error (else only ignored)
        self.stopping = threading.Event()
        self.thread = None
        self.failure = None  # what stopped the loop
        self.reboot()

    # -- life cycle
    def start(self, qemu_port, mate=True):
        """Serves the socket; frames go to 127.0.0.1:qemu_port (the unit's end). mate: act as a mate."""
        self.qemu_port = qemu_port
        self.mate = mate
        self.thread = threading.Thread(target=self._loop, name="fopeer", daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.sock.close()

    def reboot(self, unit=None, key=None, state=NEGOTIATING):
        """A new boot of the peer: a new random nonce, seq from 1, nothing heard of the unit, no
        configuration; unit and key change what it is when given. The mate logic (mate) is left as is;
        the first hello goes out at once when it is on."""
        with self.lock:
            if unit is not None:
                self.unit = unit
            if key is not None:
                self.key = key.encode() if isinstance(key, str) else bytes(key)
            self.nonce = 0
            while not self.nonce:
                self.nonce = self.rng.getrandbits(64)
            self.seq = 0
            self.heard = 0  # the unit's nonce our messages echo
            self.replay = Replay()
            self.state = state
            self.generation = 0  # of the configuration applied
            self.unit_hello = None  # the unit's last fresh hello
            self.rx_gen, self.rx_total, self.rx = None, 0, b""
            self.answered_at = 0.0
            self.next_hello = 0.0  # due now
            self.boots += 1
            self.record("boot", nonce=self.nonce, boot=self.boots, unit=self.unit, keyed=bool(self.key))

    # -- events
    def record(self, kind, **fields):
        ev = Event(kind, **fields)
        with self.cond:
            self.events.append(ev)
            self.cond.notify_all()
        return ev

    def wait_for(self, pred, timeout, what="an event", since=None):
        """The first event (recorded at or after since, a time.monotonic(), when given) for which pred
        holds, waiting up to timeout seconds; AssertionError when none came."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events:
                    if (since is None or ev.t >= since) and pred(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self.failure is not None:
                    raise AssertionError("failover peer: no %s within %gs (failure: %r); last events: %r"
                                         % (what, timeout, self.failure, self.events[-15:]))
                self.cond.wait(min(left, 0.5))

    def of(self, kind, since=None):
        with self.cond:
            return [e for e in self.events if e.kind == kind and (since is None or e.t >= since)]

    def errors(self):
        """What the unit sent that broke the format or its rules ("error" events)."""
        return self.of("error")

    # -- sending
    def send_raw(self, frame, pad=True):
        """Puts one frame (bytes) on the link as it is (padded to ETH_MIN unless pad is false)."""
        frame = padded(bytes(frame)) if pad else bytes(frame)
        with self.lock:
            self.sent.append(Sent(time.monotonic(), frame, None, self.boots))
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))
        return frame

    def next_msg(self, body, flags=None, echo=None):
        """A message of this boot with body (Hello, Chunk, Ack, Switch): the peer's nonce, the next seq,
        echo the unit's nonce heard (or echo)."""
        with self.lock:
            self.seq += 1
            return Msg(body.TYPE, flags, self.nonce, self.heard if echo is None else echo, self.seq, body)

    def frame(self, msg, key=None, src=None, dst=None, **kw):
        """msg's frame from the peer to the unit (build_frame; key: the peer's unless given)."""
        return build_frame(src or self.addr, dst or self.unit_addr, msg, self.key if key is None else key,
                           **kw)

    def send(self, body, key=None, **kw):
        """Sends body as the next message of this boot; returns (frame, msg)."""
        with self.lock:
            msg = self.next_msg(body)
            f = self.frame(msg, key, **kw)
            self.sent.append(Sent(time.monotonic(), f, msg, self.boots))
            self.sock.sendto(padded(f), ("127.0.0.1", self.qemu_port))
            self.record("sent", msg=msg, boot=self.boots)
            return f, msg

    def my_hello(self):
        with self.lock:
            return hello(self.unit, self.state, self.poll_s, version=self.version, generation=self.generation)

    def send_hello(self):
        """A hello of this boot, now; the next one a poll interval later."""
        with self.lock:
            self.next_hello = time.monotonic() + self.poll_s
            return self.send(self.my_hello())

    def sent_frames(self, boot=None, mtype=None):
        """Frames sent (Sent), oldest first: of boot (a reboot count) and message type when given."""
        with self.lock:
            return [s for s in self.sent if (boot is None or s.boot == boot)
                    and (mtype is None or (s.msg is not None and s.msg.type == mtype))]

    def last_hello_t(self):
        """When the last hello went out (time.monotonic()), or None."""
        hellos = self.sent_frames(mtype=HELLO)
        return hellos[-1].t if hellos else None

    # -- receiving
    def _loop(self):
        try:
            while not self.stopping.is_set():
                with self.lock:
                    if self.mate and time.monotonic() >= self.next_hello:
                        self.send_hello()
                    wake = max(0.0, min(POLL_S, self.next_hello - time.monotonic()))
                ready, _, _ = select.select([self.sock], [], [], wake)
                if ready:
                    data, source = self.sock.recvfrom(65536)
                    if source == ("127.0.0.1", self.qemu_port):
                        self._on_frame(data)
        except Exception as e:  # noqa: BLE001  (reported through wait_for)
            self.failure = e
            with self.cond:
                self.cond.notify_all()
            raise

    def _error(self, why, **fields):
        self.record("error", why=why, **fields)

    def _on_frame(self, frame):
        with self.lock:
            try:
                src, dst, msg = parse_frame(frame, self.key)
            except FrameError as e:
                if self.strict:
                    self._error("the unit's frame does not parse: %s" % e, frame=frame)
                else:
                    self.record("ignored", why=str(e))
                return
            if src.mac != self.unit_addr.mac or src.ip != self.unit_addr.ip or dst.ip != self.addr.ip or \
                    dst.mac not in (self.addr.mac, BROADCAST) or len(frame) < ETH_MIN:
                self._error("addresses %s %s -> %s %s (frame of %d bytes)" % (
                    mac_text(src.mac), src.ip, mac_text(dst.mac), dst.ip, len(frame)), msg=msg)
            verdict = self.replay.check(self.nonce, msg)
            self.record("rx", msg=msg, verdict=verdict, dst_mac=mac_text(dst.mac), boot=self.boots)
            if verdict == REPLAY:
                self._error("the unit's seq went backwards or an old nonce came back", msg=msg)
                return
            if not self.mate:
                return
            if verdict == UNPROVEN:
                if time.monotonic() >= self.answered_at + ANSWER_S:
                    self.heard = msg.nonce
                    self.answered_at = time.monotonic()
                    self.send_hello()
                return
            if msg.nonce != self.heard:
                self.heard = msg.nonce  # a unit we did not know: it learns at once that we heard it
                self.send_hello()
            if msg.type == HELLO:
                self._on_hello(msg.body)
            elif msg.type == CONFIG:
                self._on_chunk(msg.body)
            elif msg.type == SWITCH:
                self._become(msg.body.state)

    def _become(self, state):
        if state != self.state:
            self.state = state
            self.record("state", state=state)
            self.send_hello()

    def _on_hello(self, h):
        """The election of PIX, from the peer's side: stand by for an active unit, take over from a
        standby or failed one, and of two negotiating (or two active) units the primary is active."""
        self.unit_hello = h
        if h.unit == self.unit or h.state == DISABLED:
            return
        if self.state == NEGOTIATING:
            if h.state == ACTIVE:
                self._become(STANDBY)
            elif h.state in (STANDBY, FAILED) or self.unit == PRIMARY:
                self._become(ACTIVE)
        elif self.state == ACTIVE and h.state == ACTIVE and self.unit == SECONDARY:
            self._become(STANDBY)
        elif self.state == STANDBY and (h.state == FAILED or (h.state == STANDBY and self.unit == PRIMARY)):
            self._become(ACTIVE)

    def _on_chunk(self, c):
        """A standby takes the chunks of a configuration in order, each answered with what arrived."""
        if self.state != STANDBY:
            return
        if c.generation != self.rx_gen:
            if c.offset:
                return
            self.rx_gen, self.rx_total, self.rx = c.generation, c.total, b""
            self.record("config_begin", generation=c.generation, total=c.total)
        if c.total == self.rx_total and c.offset == len(self.rx) and len(self.rx) < self.rx_total:
            self.rx += c.data
            if len(self.rx) == self.rx_total:
                self.generation = self.rx_gen
                self.record("config", generation=self.rx_gen, text=self.rx.decode("latin-1"), boot=self.boots)
        self.send(Ack(self.rx_gen, len(self.rx)))
