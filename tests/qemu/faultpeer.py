"""A hostile network for the ROM's TFTP client: a userspace peer on QEMU's `-netdev dgram`.

QEMU's dgram netdev carries one Ethernet frame per UDP datagram, both ways, between 127.0.0.1:LPORT (QEMU's
end) and 127.0.0.1:RPORT (this peer). The peer plays the whole network behind interface 1:
  - ARP: answers requests for its own address (the server, 10.0.2.2 by default) with its MAC;
  - ICMP: answers echo requests to that address (unless the plan loses them);
  - TFTP: a server on port 69 that serves generated files from memory, like tftpd-hpa would: RRQ with
    RFC 2347 options (blksize, tsize, timeout and, like atftpd, windowsize are honoured when asked and the
    plan allows them), OACK and ACK 0, DATA in windows, a fresh transfer port (TID) per RRQ, retransmission
    of the unacknowledged window on timeout, and never a resend because of a stale ACK (unless the plan
    asks for that, as QEMU's server does);
and applies a fault plan (Plan) to what it sends: drop / duplicate / reorder / delay / corrupt a seeded
random fraction of the TFTP packets or exact ones, and forged frames injected before chosen DATA blocks
(wrong source port or address, wrong destination address or port, bad UDP checksum, bad IP header length,
non-UDP IP, short TFTP packets, unknown or unexpected opcodes, non-IP EtherTypes, ARP).

Scapy builds and parses the packets; the transport is a plain UDP socket served by one background thread
whose loop wakes at least every POLL_S, so stop() always returns promptly. Everything the peer sees and
does is recorded as an Event; tests wait on events with a timeout (wait_for) instead of sleeping.
"""

import random
import select
import socket
import threading
import time

from scapy.layers.inet import ICMP, IP, UDP
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

OP_RRQ, OP_WRQ, OP_DATA, OP_ACK, OP_ERROR, OP_OACK = 1, 2, 3, 4, 5, 6
OP_NAMES = {OP_RRQ: "RRQ", OP_WRQ: "WRQ", OP_DATA: "DATA", OP_ACK: "ACK", OP_ERROR: "ERROR", OP_OACK: "OACK"}

SERVER_IP = "10.0.2.2"
SERVER_MAC = "52:54:00:12:35:02"
CLIENT_IP = "10.0.2.15"  # the address the tests give the firmware
CLIENT_MAC = "00:90:27:22:f0:b1"  # interface 1 of the launcher; learnt again from the first frame seen
OTHER_IP = "10.0.2.3"  # a host on the same subnet that is not the server
STRAY_IP = "10.0.2.99"  # an address on the subnet that is nobody's

ETH_MIN = 60  # shortest Ethernet frame without its FCS; the peer pads what it sends, like real hardware
POLL_S = 0.02  # longest the peer's loop sleeps
TFTP_PORT = 69
BLKSIZE_DEFAULT = 512
RETRIES = 5  # retransmissions of a window before the server gives up (tftpd-hpa's count)

# Forged frames the plan can inject before a DATA block (see FaultPeer._forge). The comment gives the
# Table 11-2 code the firmware's trace should show for each.
INJECTIONS = (
    "short",  # <2>  1-byte UDP payload from the server's TID to the client's port
    "short_data",  # <2>  a 3-byte DATA (no room for its block number)
    "wrong_src_ip",  # <3>  DATA of garbage from OTHER_IP to the client's port
    "ip_hlen",  # <4>  DATA of garbage whose IP header length field says 16 bytes
    "ip_truncated",  # <2>  DATA of garbage cut short: the IP total length runs past the frame's end
    "udp_len",  # <4>  DATA of garbage whose UDP length field is longer than the IP packet
    "not_udp",  # <5>  IP protocol 253 from the server to the client
    "wrong_dst_ip",  # <6>  DATA of garbage to STRAY_IP, unicast to the client's MAC
    "broadcast_data",  # <6>  DATA of garbage to 255.255.255.255 (Ethernet broadcast)
    "net_broadcast_data",  # <6>  DATA of garbage to 10.255.255.255, the classful net's broadcast
    "multicast_data",  # <6>  DATA of garbage to 224.0.0.1, unicast to the client's MAC
    "wrong_sport",  # <7>  DATA of garbage from the server's TID + 1 (the client answers ERROR 5)
    "wrong_dport",  # <7>  DATA of garbage to the client's port + 1
    "bad_csum",  # <8>  DATA of garbage carrying the real block's UDP checksum
    "stranger_error",  # <7>  ERROR 1 from the server's TID + 1: not the server's word, not answered
    "oversize_data",  # <10> DATA of garbage one byte longer than the block size: fatal, ERROR 4
    "ack_opcode",  # <9>  an ACK from the server (a TFTP packet, but not one a reader expects)
    "unknown_opcode",  # <9>  opcode 99: fatal, the client answers ERROR 4
    "stale_data",  # <11> a copy of the previous DATA block
    "future_data",  # <11> DATA of garbage 100 blocks ahead (beyond any window: no ACK for it)
    "non_ip",  # (0x88b5) an IEEE local-experimental EtherType frame to the client's MAC
    "arp",  # A   a gratuitous ARP reply for the server
)


class Event:
    """One thing the peer saw or did: kind plus fields, stamped with time.monotonic()."""

    def __init__(self, kind, **fields):
        self.kind = kind
        self.t = time.monotonic()
        self.__dict__.update(fields)

    def __repr__(self):
        fields = ", ".join("%s=%r" % (k, v) for k, v in sorted(self.__dict__.items())
                           if k not in ("kind", "t"))
        return "Event(%s%s)" % (self.kind, ", " + fields if fields else "")


class Plan:
    """The fault plan: what the peer does to the TFTP packets it sends, and how its server behaves.

    Random faults (fractions 0..1, drawn from random.Random(seed) per TFTP packet sent, in order, so a run
    is reproducible as long as the exchange is): drop, dup (an extra copy right after), reorder (held back
    and sent after the next packet, or after reorder_s), delay (sent delay_s later), corrupt (one byte of
    the UDP payload changed after the checksum was computed).
    exact: {(opcode, block, nth): action} for the nth send (0 = first) of that packet by this peer, counted
        over all its transfers; the OACK is block 0; action is one of "drop", "dup", "reorder", "delay",
        "corrupt", or "late": held back until the first send of DATA block late_until (by any transfer),
        then sent right after it.
    inject: {block: [names from INJECTIONS]} forged frames sent just before the first send of DATA block
        (once per peer: a later download of the same file is left alone).
    replace: {block: (code, message)} an ERROR sent instead of the first DATA block (block 0: instead of
        the first OACK or DATA 1); that transfer ends there.
    oack: {option: value} put in the OACK as they are, whatever was asked (a misbehaving server).
    every_delay_s: a slow server: every DATA waits this long before it goes out.
    honour: the options the server acknowledges when asked; ignore_options answers with DATA 1 (RFC 1350).
    rexmt_s: the server's retransmission timeout; None = the negotiated timeout, else 1 s (tftpd-hpa).
    resend_on_dup_ack: with window 1, resend the block when the client ACKs the one before it again
        (QEMU's server sends a block for every ACK); tftpd-hpa ignores such ACKs (RFC 1123 4.2.3.1). With
        a window, such an ACK reports a gap at the window's start, and the window is always sent again.
    silent: never answer an RRQ (ARP and ping still work). echo_loss: fraction of echo requests ignored.
    """

    def __init__(self, seed=1, drop=0.0, dup=0.0, reorder=0.0, delay=0.0, corrupt=0.0, delay_s=0.2,
                 reorder_s=0.05, exact=None, inject=None, replace=None, oack=None, late_until=None,
                 every_delay_s=0.0, honour=("blksize", "tsize", "timeout", "windowsize"),
                 ignore_options=False, max_blksize=65464, max_window=64, rexmt_s=None,
                 resend_on_dup_ack=False, silent=False, echo_loss=0.0):
        for name, frac in (("drop", drop), ("dup", dup), ("reorder", reorder), ("delay", delay),
                           ("corrupt", corrupt), ("echo_loss", echo_loss)):
            if not 0.0 <= frac <= 1.0:
                raise ValueError("%s must be a fraction, not %r" % (name, frac))
        for names in (inject or {}).values():
            for n in names:
                if n not in INJECTIONS:
                    raise ValueError("unknown injection %r" % n)
        self.seed = seed
        self.drop, self.dup, self.reorder, self.delay, self.corrupt = drop, dup, reorder, delay, corrupt
        self.delay_s, self.reorder_s = delay_s, reorder_s
        self.exact = dict(exact or {})
        self.inject = {k: list(v) for k, v in (inject or {}).items()}
        self.replace = dict(replace or {})
        self.oack = dict(oack or {})
        self.late_until = late_until
        self.every_delay_s = every_delay_s
        self.honour = tuple(honour)
        self.ignore_options = ignore_options
        self.max_blksize, self.max_window = max_blksize, max_window
        self.rexmt_s = rexmt_s
        self.resend_on_dup_ack = resend_on_dup_ack
        self.silent = silent
        self.echo_loss = echo_loss


class Session:
    """One read transfer: the server's side of RFC 1350/2347/2348/2349/7440."""

    def __init__(self, peer, client_ip, client_mac, client_port, tid, name, data, options):
        self.peer = peer
        self.client_ip, self.client_mac, self.client_port = client_ip, client_mac, client_port
        self.tid = tid
        self.name = name
        self.data = data
        self.asked = options  # {name: value string} as the RRQ carried them (names lower-cased)
        self.blksize = BLKSIZE_DEFAULT
        self.window = 1
        self.timeout_s = None
        self.acked = {}  # options in the OACK
        self.base = 1  # first block not yet acknowledged (index from 1; wire number is index & 0xffff)
        self.oack_pending = False
        self.done = False
        self.retries = 0
        self.deadline = None
        self.acks = []  # (time, wire block) of every ACK received

    @property
    def nblocks(self):
        return len(self.data) // self.blksize + 1  # the last one is short, possibly empty

    def negotiate(self):
        plan = self.peer.plan
        if plan.ignore_options or not self.asked:
            return
        for opt, val in self.asked.items():
            if opt not in plan.honour:
                continue
            try:
                v = int(val)
            except ValueError:
                continue
            if opt == "blksize" and 8 <= v <= 65464:
                self.blksize = min(v, plan.max_blksize)
                self.acked[opt] = self.blksize
            elif opt == "tsize" and v == 0:
                self.acked[opt] = len(self.data)
            elif opt == "timeout" and 1 <= v <= 255:
                self.timeout_s = v
                self.acked[opt] = v
            elif opt == "windowsize" and 1 <= v <= 65535:
                self.window = min(v, plan.max_window)
                self.acked[opt] = self.window

    def rexmt(self):
        plan = self.peer.plan
        if plan.rexmt_s is not None:
            return plan.rexmt_s
        return float(self.timeout_s or 1)

    def arm(self):
        self.deadline = time.monotonic() + self.rexmt()

    def start(self):
        self.negotiate()
        self.acked.update(self.peer.plan.oack)
        replaced = self.peer.plan.replace.pop(0, None)
        if replaced:
            self.send_error(*replaced)
            return
        if self.acked:
            self.oack_pending = True
            self.send_oack()
        else:
            self.send_window()
        self.arm()

    def payload(self, index):
        return self.data[(index - 1) * self.blksize:index * self.blksize]

    def send_oack(self):
        body = b"".join(k.encode() + b"\0" + str(v).encode() + b"\0" for k, v in self.acked.items())
        self.peer.send_tftp(self, OP_OACK, 0, b"\0\x06" + body)

    def send_data(self, index):
        plan = self.peer.plan
        if index in plan.replace:
            self.send_error(*plan.replace.pop(index))
            return False
        for name in plan.inject.pop(index, ()):
            self.peer.inject(self, name, index)
        pkt = b"\0\x03" + (index & 0xffff).to_bytes(2, "big") + self.payload(index)
        self.peer.send_tftp(self, OP_DATA, index, pkt, extra_delay=plan.every_delay_s)
        return True

    def send_window(self):
        last = min(self.base + self.window - 1, self.nblocks)
        for index in range(self.base, last + 1):
            if not self.send_data(index):
                return

    def send_error(self, code, msg):
        self.peer.send_tftp(self, OP_ERROR, None,
                            b"\0\x05" + code.to_bytes(2, "big") + msg.encode() + b"\0")
        self.finish("error_sent", code=code)

    def finish(self, why, **fields):
        self.done = True
        self.deadline = None
        self.peer.record("session_end", tid=self.tid, why=why, file=self.name, **fields)

    def on_packet(self, payload):
        if self.done or len(payload) < 2:
            return
        op = int.from_bytes(payload[:2], "big")
        if op == OP_ERROR:
            code = int.from_bytes(payload[2:4], "big") if len(payload) >= 4 else None
            self.finish("error_received", code=code)
            return
        if op != OP_ACK or len(payload) < 4:
            return
        block = int.from_bytes(payload[2:4], "big")
        self.acks.append((time.monotonic(), block))
        if self.oack_pending:
            if block == 0:
                self.oack_pending = False
                self.retries = 0
                self.send_window()
                self.arm()
            return
        # the acknowledged index: the newest sent index whose wire number matches, not below base - 1
        top = min(self.base + self.window - 1, self.nblocks)
        index = next((i for i in range(top, self.base - 2, -1) if i & 0xffff == block), None)
        if index is None:
            return
        if index < self.base:  # the block before the window again: a timeout, a gap, or a bad client
            self.peer.record("stale_ack", tid=self.tid, block=block)
            if self.peer.plan.resend_on_dup_ack or self.window > 1:  # RFC 7440: a gap in the window
                self.send_window()
                self.arm()
            return
        self.base = index + 1
        self.retries = 0
        if self.base > self.nblocks:
            self.finish("done", blocks=self.nblocks)
            return
        self.send_window()
        self.arm()

    def on_timer(self, now):
        if self.done or self.deadline is None or now < self.deadline:
            return
        if self.retries >= RETRIES:
            self.finish("gave_up")
            return
        self.retries += 1
        self.peer.record("rexmt", tid=self.tid, base=self.base, oack=self.oack_pending)
        if self.oack_pending:
            self.send_oack()
        else:
            self.send_window()
        self.arm()


class FaultPeer:
    """The network behind the firmware's interface 1; see the module docstring.

    peer = FaultPeer(files={"a.bin": b"..."}, plan=Plan(...)); peer.start(); boot QEMU with
    net="dgram:%d:%d" % (peer.qemu_port, peer.port); ...; peer.stop().
    """

    def __init__(self, files=None, plan=None, qemu_port=None, ip=SERVER_IP, mac=SERVER_MAC):
        self.files = dict(files or {})
        self.plan = plan or Plan()
        self.rng = random.Random(self.plan.seed)
        self.ip, self.mac = ip, mac
        self.client_mac = CLIENT_MAC
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.qemu_port = qemu_port
        self.events = []
        self.cond = threading.Condition()
        self.sessions = {}  # tid -> Session
        self.held = []  # [release time, frame, reorder] frames the plan delays or reorders
        self.sends = {}  # (opcode, index) -> how many times sent, over all transfers (for Plan.exact)
        self.late = []  # frames of the "late" action, waiting for DATA plan.late_until
        self.ip_id = 0
        self.stopping = threading.Event()
        self.thread = None
        self.failure = None  # an exception that stopped the loop

    # -- life cycle
    def start(self):
        if self.qemu_port is None:
            raise ValueError("qemu_port must be set before start()")
        self.thread = threading.Thread(target=self._loop, name="faultpeer", daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.sock.close()

    # -- events
    def record(self, kind, **fields):
        ev = Event(kind, **fields)
        with self.cond:
            self.events.append(ev)
            self.cond.notify_all()
        return ev

    def wait_for(self, pred, timeout, what="an event"):
        """The first recorded event (old or new) for which pred(event) holds; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events:
                    if pred(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self.failure is not None:
                    raise AssertionError("peer: no %s within %gs (failure: %r); events: %r"
                                         % (what, timeout, self.failure, self.events[-20:]))
                self.cond.wait(min(left, 0.5))

    def of(self, kind):
        with self.cond:
            return [ev for ev in self.events if ev.kind == kind]

    # -- transport
    def _loop(self):
        try:
            while not self.stopping.is_set():
                now = time.monotonic()
                self._release(now)
                for s in list(self.sessions.values()):
                    s.on_timer(now)
                wake = POLL_S
                if self.held:
                    wake = max(0.0, min(wake, min(h[0] for h in self.held) - now))
                ready, _, _ = select.select([self.sock], [], [], wake)
                if ready:
                    frame = self.sock.recv(65536)
                    self._on_frame(frame)
        except Exception as e:  # noqa: BLE001  (reported to the test through wait_for)
            self.failure = e
            with self.cond:
                self.cond.notify_all()
            raise

    def _out(self, frame):
        if len(frame) < ETH_MIN:
            frame += b"\0" * (ETH_MIN - len(frame))
        try:
            self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))
        except OSError:
            pass  # QEMU gone (teardown): nothing to deliver to

    def _release(self, now, flush_reordered=False):
        keep = []
        for h in sorted(self.held, key=lambda h: h[0]):
            if h[0] <= now or (flush_reordered and h[2]):
                self._out(h[1])
            else:
                keep.append(h)
        self.held = keep

    def emit(self, frame, delay=0.0, reorder=False):
        """Send a frame now, later, or (reorder) after the next frame that goes out."""
        if reorder:
            self.held.append([time.monotonic() + self.plan.reorder_s, frame, True])
            return
        if delay > 0:
            self.held.append([time.monotonic() + delay, frame, False])
            return
        self._out(frame)
        self._release(time.monotonic(), flush_reordered=True)

    # -- building frames
    def _eth(self, dst_mac=None, etype=None):
        e = Ether(dst=dst_mac or self.client_mac, src=self.mac)
        if etype is not None:
            e.type = etype
        return e

    def _ip(self, src=None, dst=None, **kw):
        self.ip_id = (self.ip_id + 1) & 0xffff
        return IP(src=src or self.ip, dst=dst or CLIENT_IP, id=self.ip_id, ttl=64, **kw)

    def udp_frame(self, sess, payload, src_ip=None, dst_ip=None, sport=None, dport=None):
        return bytes(self._eth(sess.client_mac) / self._ip(src_ip, dst_ip or sess.client_ip)
                     / UDP(sport=sport if sport is not None else sess.tid,
                           dport=dport if dport is not None else sess.client_port) / Raw(payload))

    # -- TFTP
    def send_tftp(self, sess, op, index, payload, extra_delay=0.0):
        """A packet of the server's transfer, with the plan's faults applied."""
        plan = self.plan
        key = (op, index)
        nth = self.sends.get(key, 0)
        self.sends[key] = nth + 1
        action = plan.exact.get((op, index, nth))
        r = self.rng
        draws = (r.random() < plan.drop, r.random() < plan.dup, r.random() < plan.reorder,
                 r.random() < plan.delay, r.random() < plan.corrupt)
        faults = set()
        if action:
            faults.add(action)
        for name, hit in zip(("drop", "dup", "reorder", "delay", "corrupt"), draws):
            if hit:
                faults.add(name)
        frame = self.udp_frame(sess, payload)
        block = index & 0xffff if index is not None else None
        self.record("sent", op=OP_NAMES[op], block=block, index=index, nth=nth, tid=sess.tid,
                    faults=tuple(sorted(faults)))
        if "drop" in faults:
            return
        if "late" in faults:
            self.late.append(frame)
            return
        if "corrupt" in faults:
            frame = corrupt_payload(frame)
        delay = extra_delay + (plan.delay_s if "delay" in faults else 0.0)
        self.emit(frame, delay=delay, reorder="reorder" in faults)
        if "dup" in faults:
            self.emit(frame, delay=delay)
        if op == OP_DATA and index == plan.late_until and nth == 0:
            for late in self.late:
                self.emit(late)
            self.late = []

    def inject(self, sess, name, index):
        """Sends one forged frame (see INJECTIONS) before DATA index."""
        garbage = b"\0\x03" + (index & 0xffff).to_bytes(2, "big") + b"\xa5" * min(sess.blksize,
                                                                                   len(sess.payload(index)))
        if name == "short":
            frame = self.udp_frame(sess, b"\0")
        elif name == "short_data":
            frame = self.udp_frame(sess, b"\0\x03\0")
        elif name == "wrong_src_ip":
            frame = self.udp_frame(sess, garbage, src_ip=OTHER_IP)
        elif name == "ip_hlen":
            frame = bytearray(self.udp_frame(sess, garbage))
            frame[14] = 0x44  # version 4, IHL 4 words: shorter than any IP header
            frame = bytes(frame)
        elif name == "ip_truncated":
            frame = self.udp_frame(sess, garbage)[:14 + 20 + 8 + 8]  # padded to ETH_MIN by _out
        elif name == "udp_len":
            frame = bytearray(self.udp_frame(sess, garbage))
            frame[14 + 20 + 4:14 + 20 + 6] = (len(garbage) + 8 + 100).to_bytes(2, "big")
            frame = bytes(frame)
        elif name == "not_udp":
            frame = bytes(self._eth(sess.client_mac) / self._ip(dst=sess.client_ip, proto=253) / Raw(garbage))
        elif name == "wrong_dst_ip":
            frame = self.udp_frame(sess, garbage, dst_ip=STRAY_IP)
        elif name == "broadcast_data":
            frame = bytes(self._eth("ff:ff:ff:ff:ff:ff") / self._ip(dst="255.255.255.255")
                          / UDP(sport=sess.tid, dport=sess.client_port) / Raw(garbage))
        elif name == "net_broadcast_data":
            frame = bytes(self._eth("ff:ff:ff:ff:ff:ff") / self._ip(dst="10.255.255.255")
                          / UDP(sport=sess.tid, dport=sess.client_port) / Raw(garbage))
        elif name == "multicast_data":
            frame = self.udp_frame(sess, garbage, dst_ip="224.0.0.1")
        elif name == "stranger_error":
            frame = self.udp_frame(sess, b"\0\x05\0\x01File not found\0", sport=(sess.tid + 1) & 0xffff or 1)
        elif name == "wrong_sport":
            frame = self.udp_frame(sess, garbage, sport=(sess.tid + 1) & 0xffff or 1)
        elif name == "wrong_dport":
            frame = self.udp_frame(sess, garbage, dport=(sess.client_port + 1) & 0xffff or 1)
        elif name == "bad_csum":
            good = bytearray(self.udp_frame(sess, b"\0\x03" + (index & 0xffff).to_bytes(2, "big")
                                            + sess.payload(index)))
            frame = bytearray(self.udp_frame(sess, garbage))
            frame[14 + 20 + 6:14 + 20 + 8] = good[14 + 20 + 6:14 + 20 + 8]
            if frame == good or frame[14 + 20 + 6:14 + 20 + 8] == b"\0\0":  # garbage equal to the data
                frame = bytearray(corrupt_payload(bytes(good)))
            frame = bytes(frame)
        elif name == "oversize_data":
            frame = self.udp_frame(sess, garbage[:4] + b"\xa5" * (sess.blksize + 1))
        elif name == "ack_opcode":
            frame = self.udp_frame(sess, b"\0\x04" + ((index - 1) & 0xffff).to_bytes(2, "big"))
        elif name == "unknown_opcode":
            frame = self.udp_frame(sess, b"\0\x63\0\0")
        elif name == "stale_data":
            prev = index - 1
            frame = self.udp_frame(sess, b"\0\x03" + (prev & 0xffff).to_bytes(2, "big") + sess.payload(prev))
        elif name == "future_data":
            frame = self.udp_frame(sess, b"\0\x03" + ((index + 100) & 0xffff).to_bytes(2, "big") + garbage[4:])
        elif name == "non_ip":
            frame = bytes(self._eth(sess.client_mac, etype=0x88b5) / Raw(b"PIX fault injection"))
        elif name == "arp":
            frame = bytes(self._eth(sess.client_mac) / ARP(op=2, hwsrc=self.mac, psrc=self.ip,
                                                           hwdst=sess.client_mac, pdst=sess.client_ip))
        else:
            raise ValueError(name)
        self.record("injected", name=name, before=index, tid=sess.tid)
        self.emit(frame)

    def _on_rrq(self, ip, mac, sport, payload):
        fields = payload[2:].split(b"\0")
        if len(fields) < 3 or fields[-1] != b"":
            self.record("bad_rrq", payload=payload)
            return
        fields = fields[:-1]
        name = fields[0].decode("latin-1")
        mode = fields[1].decode("latin-1").lower()
        opts = {}
        for i in range(2, len(fields) - 1, 2):
            opts[fields[i].decode("latin-1").lower()] = fields[i + 1].decode("latin-1")
        self.record("rrq", file=name, mode=mode, options=dict(opts), client_port=sport)
        if self.plan.silent:
            return
        tid = self.rng.randint(20000, 60000)
        while tid in self.sessions or tid == sport:
            tid = self.rng.randint(20000, 60000)
        data = self.files.get(name)
        sess = Session(self, ip, mac, sport, tid, name, data if data is not None else b"", opts)
        self.sessions[tid] = sess
        self.record("session", tid=tid, file=name, client_port=sport)
        if data is None:
            sess.send_error(1, "File not found")
            return
        sess.start()
        self.record("negotiated", tid=tid, blksize=sess.blksize, window=sess.window, oack=dict(sess.acked))

    def _on_frame(self, frame):
        try:
            pkt = Ether(frame)
        except Exception:  # noqa: BLE001  (a frame scapy cannot parse is nothing we answer)
            self.record("junk", length=len(frame))
            return
        if ARP in pkt:
            a = pkt[ARP]
            if a.op == 1:
                self.record("arp_request", psrc=a.psrc, pdst=a.pdst)
                if a.pdst == self.ip:
                    self.client_mac = a.hwsrc
                    self._out(bytes(Ether(dst=a.hwsrc, src=self.mac) /
                                    ARP(op=2, hwsrc=self.mac, psrc=self.ip, hwdst=a.hwsrc, pdst=a.psrc)))
            return
        if IP not in pkt:
            self.record("non_ip", type=pkt.type)
            return
        ip = pkt[IP]
        if ICMP in pkt:
            icmp = pkt[ICMP]
            if icmp.type == 8 and ip.dst == self.ip:
                lost = self.rng.random() < self.plan.echo_loss
                self.record("echo_request", id=icmp.id, seq=icmp.seq, lost=lost, length=ip.len)
                if not lost:
                    reply = (IP(src=self.ip, dst=ip.src, ttl=64)
                             / ICMP(type=0, code=0, id=icmp.id, seq=icmp.seq) / Raw(bytes(icmp.payload)))
                    self._out(bytes(Ether(dst=pkt.src, src=self.mac) / reply))
            else:
                self.record("icmp", type=icmp.type, code=icmp.code, dst=ip.dst)
            return
        if UDP not in pkt or ip.dst != self.ip:
            self.record("other_ip", proto=ip.proto, dst=ip.dst)
            return
        udp = pkt[UDP]
        payload = bytes(udp.payload)
        op = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
        info = dict(sport=udp.sport, dport=udp.dport, op=OP_NAMES.get(op, op))
        if op in (OP_ACK, OP_ERROR) and len(payload) >= 4:
            info["block" if op == OP_ACK else "code"] = int.from_bytes(payload[2:4], "big")
        if op == OP_ERROR:
            info["msg"] = payload[4:].split(b"\0")[0].decode("latin-1")
        self.record("rx", **info)
        if udp.dport == TFTP_PORT and op == OP_RRQ:
            self._on_rrq(ip.src, pkt.src, udp.sport, payload)
            return
        sess = self.sessions.get(udp.dport)
        if sess is not None and udp.sport == sess.client_port:
            sess.on_packet(payload)


def corrupt_payload(frame):
    """The frame with one byte of its UDP payload changed and its checksums left as they were.

    The ones'-complement sum always notices a one-byte change that is not 0x00 <-> 0xff in both bytes of a
    word, which XOR 0x5a never makes."""
    b = bytearray(frame)
    ihl = (b[14] & 0x0f) * 4
    start = 14 + ihl + 8
    end = 14 + int.from_bytes(b[16:18], "big")
    pos = start + (end - start) // 2 if end > start else 14 + ihl + 6  # no payload: the checksum itself
    b[pos] ^= 0x5a
    return bytes(b)
