"""Failover against a raw-frame peer (issue 11, "bad input and faults"): one licensed unit in QEMU, the
primary of a pair by its stored configuration (failover lan unit/interface/key, failover poll 3), whose
failover link (interface 2, -netdev dgram) leads to tests/qemu/fopeer.py, an independent Python
implementation of the failover messages that plays its mate and sends whatever a test asks.

One unit is booted for the module and the tests run in order, each leaving the unit as the next expects:
  1. interop: the peer, a keyed secondary, pairs with the unit, stands by and takes its configuration
     (the unit's chunks acknowledged, the text whole, its checksum right, the key never on the wire);
  2. replay: frames of the peer's sent again (the same seq, an older one), and a hello of an earlier
     boot of the peer played after it rebooted and paired again, are dropped, counted, change nothing;
  3. malformed: another key and no key are refused with their messages; then a burst of truncated,
     bit-flipped, wrongly built, non-failover, oversize and random frames, each counted as the peer's own
     codec predicts (malformed, rejected, or not counted), with the complaints the unit says once each,
     while the pair stays paired and the console answers; a valid hello with Ethernet padding is taken;
  4. a hello that claims to be a primary too is refused with its message, and nothing pairs;
  5. the peer paired again, then silent: the unit says it lost its mate within 3 poll intervals;
  6. with no key on either side, the peer pairs again (the HMAC under an empty key).
A `failover lan interface` naming no interface is covered by test_pixos_failover.py.

Console messages of failover arrive on their own, between commands: the tests wait for each one they
expect before typing the next command (a message at the prompt is followed by the prompt again).
"""
import hashlib
import random
import re
import struct
import time

import pytest

import fopeer
from fopeer import (ACTIVE, AUTH, CONFIG, HELLO, KEYED, MALFORMED, NEGOTIATING, NOT_FAILOVER, OTHER_VERSION,
                    PRIMARY, SECONDARY, STANDBY, Ack, Chunk, FoPeer, Msg, Switch)
from pairutil import free_udp_ports, licence_key
from pixconsole import pixqemu, readable, spawn_console
from pixosutil import make_unit, to_config, wait_pixos

KEY = "fault-peer-key-1"
POLL = 3  # failover poll: the shortest
SERIAL = "480430001"
LINK_IP = ("172.17.1.1", "172.17.1.2")  # the unit's (primary) and the peer's (secondary) on the link
UNIT_LINK_MAC = pixqemu.UNIT_MACS[0][pixqemu.FAILOVER_IFACE]
PEER_MAC = pixqemu.UNIT_MACS[1][pixqemu.FAILOVER_IFACE]  # where a real secondary's link would be
NAMES = 30  # name lines in the configuration: its text takes three chunks
MSG_TIMEOUT = 30  # a message that follows a boot or a negotiation
PAIR_TIMEOUT = POLL + 8  # a rebooted peer pairs once it hears the unit's next hello
LOST_MARGIN = 2.5  # seconds past 3 poll intervals the loss may take (under 4 intervals: 12 s)
GROUP = 20  # burst frames sent before the counters are checked

REPLAYED = "Failover: a replayed message on interface failover was dropped"
BADKEY = ("Failover: a message on interface failover failed authentication (another failover lan key); it "
          "is not a mate")
NOKEY = "Failover: the unit on interface failover has no failover lan key; it is not a mate"
SAMEUNIT = ("Failover: the unit on interface failover is also the Primary unit; it is not a mate (failover "
            "lan unit)")
SENDING = ("Beginning configuration replication: Sending to mate.", "End Configuration Replication to mate")
LOST = "%PIX-1-105005: (Primary) Lost Failover communications with mate on interface failover."
COMPLAINT_OF = {AUTH: BADKEY, KEYED: NOKEY}  # what the (keyed) unit says for a rejected frame
STATE_CHANGES = ("%PIX-1-104", "%PIX-1-105005", "%PIX-1-105001")  # switching, mate lost, disabling


def stored_config():
    names = "".join("name 10.1.%d.%d replication-chunk-filler-host-number-%02d\n" % (i // 200, i % 200 + 1, i)
                    for i in range(NAMES))
    return ("ip address outside 192.168.1.1 255.255.255.0\n"
            "failover ip address outside 192.168.1.2\n"
            "nameif ethernet2 failover security60\n"
            "ip address failover %s 255.255.255.0\n" % LINK_IP[0] +
            "failover ip address failover %s\n" % LINK_IP[1] +
            names +
            "failover lan unit primary\n"
            "failover lan interface failover\n"
            "failover lan key %s\n" % KEY +
            "failover poll %d\n" % POLL +
            "failover lan enable\n"
            "failover\n")


def said(con, *messages, timeout=MSG_TIMEOUT):
    """Each message, in order, arrives on the console on a line of its own; then the prompt it redraws.
    Returns what came before the last message."""
    before = ""
    for m in messages:
        before = con.expect_exact(m + "\r\n", timeout)
    con.until_prompt()
    return before


def show_failover(con):
    out = con.run("show failover")
    assert out.startswith("show failover\r\nFailover On\r\n"), out
    return out


def host_lines(out):
    return re.findall(r"\t(This host|Other host): (Primary|Secondary) - (\w+)\r\n", out)


def counters(out):
    m = re.search(r"\tmessages: (\d+) sent, (\d+) received, (\d+) malformed, (\d+) rejected, (\d+) replayed\r\n",
                  out)
    assert m, out
    return dict(zip(("sent", "received", "malformed", "rejected", "replayed"), map(int, m.groups())))


INBOUND = ("received", "malformed", "rejected", "replayed")  # what frames sent to the unit move


def inbound(c):
    return {k: c[k] for k in INBOUND}


def reached(c, want):
    """The unit has dealt with as many frames as want counts (then each counter must be exact)."""
    return sum(c[k] for k in INBOUND) >= sum(want.values())


def paired(out):
    """show failover of the unit paired with the peer standing by."""
    assert host_lines(out) == [("This host", "Primary", "Active"), ("Other host", "Secondary", "Standby")], out
    assert ("\r\nLAN-based Failover is Active\r\n\tinterface failover (%s): Normal, peer (%s): Normal\r\n"
            % LINK_IP) in out, out
    return counters(out)


def wait_counters(con, done, timeout=10, what="counters"):
    """show failover again until done(counters) holds (a command's round trip apart), within timeout;
    returns the counters."""
    deadline = time.monotonic() + timeout
    while True:
        c = counters(show_failover(con))
        if done(c):
            return c
        assert time.monotonic() < deadline, "%s: still %r after %gs" % (what, c, timeout)


def mark(con):
    """Where the console transcript is now (console_since reads on from there)."""
    return len(con.transcript.getvalue())


def console_since(con, at):
    return con.transcript.getvalue()[at:]


class Bench:
    """The unit's console and the peer on its failover link."""

    def __init__(self, con, peer):
        self.con, self.peer = con, peer

    def peer_is_sound(self):
        errors = self.peer.errors()
        assert not errors, "the unit's frames broke the format or its rules: %r" % errors


@pytest.fixture(scope="module")
def bench(rom, tmp_path_factory):
    d = tmp_path_factory.mktemp("fofaults")
    peer = FoPeer(KEY, unit=SECONDARY, poll_s=POLL, mac=PEER_MAC, ip=LINK_IP[1], unit_mac=UNIT_LINK_MAC,
                  unit_ip=LINK_IP[0])
    con = None
    try:
        flash = make_unit(d, name="primary", key=licence_key(SERIAL), config=stored_config(), serial=SERIAL)
        lport = free_udp_ports(1)[0]
        # e1000: QEMU's model reports the cable to the driver; its i82558b model does not
        argv = pixqemu.qemu_argv(rom=rom, nic="e1000", tftp=str(d / "tftpboot"), flash=flash, serial="stdio",
                                 bootdelay=1, unit=0, failover="%d:%d" % (lport, peer.port))
        peer.start(lport, mate=True)  # the mate is there before the unit starts
        con = spawn_console(argv)
        wait_pixos(con, unit_serial=SERIAL)
        yield Bench(con, peer)
    finally:
        peer.stop()
        if con is not None:
            con.close()
            print("--- unit (serial %s): serial console transcript ---" % SERIAL)
            print(readable(con.transcript.getvalue()))
        print("--- failover peer: last events ---")
        for ev in peer.events[-40:]:
            print(ev)


def test_interop_a_keyed_secondary_peer_pairs_and_takes_the_configuration(bench):
    con, peer = bench.con, bench.peer
    said(con, "%PIX-1-104001: (Primary) Switching to ACTIVE (cause: No Active unit found).", *SENDING)
    to_config(con)
    paired(show_failover(con))
    # the peer stood by and took the unit's configuration whole, in three chunks, each acknowledged
    assert peer.state == STANDBY
    cfg = peer.wait_for(lambda e: e.kind == "config", 5, "configuration")
    text = cfg.text
    assert text.startswith(": Saved\n:\n") and text.endswith(": end\n"), text
    assert "\nfailover lan unit primary\n" in text, text
    for i in range(NAMES):
        assert "-host-number-%02d\n" % i in text, text
    body, tag, rest = text[len(": Saved\n:\n"):].partition("Cryptochecksum:")
    assert rest.rstrip("\n").endswith(": end") and tag, text
    assert rest.split("\n")[0] == hashlib.sha256(body.encode("latin-1")).digest()[:16].hex(), text
    chunks = [e.msg for e in peer.of("rx") if e.msg.type == CONFIG]
    assert len(chunks) >= 3 and {c.body.offset for c in chunks} >= {0, 1024, 2048}, chunks
    acks = [s.msg.body for s in peer.sent_frames(mtype=fopeer.CONFIG_ACK)]
    assert Ack(cfg.generation, len(text)) in acks, acks
    # what the unit said of itself: primary, active, poll 3, 6.3(5), the configuration the peer applied
    h = peer.wait_for(lambda e: e.kind == "rx" and e.msg.type == HELLO and e.msg.body.generation == cfg.generation,
                      2 * POLL, "a hello after the replication").msg
    assert (h.body.unit, h.body.state, h.body.poll_s, h.body.version) == (PRIMARY, ACTIVE, POLL, (6, 3, 5)), h
    assert h.echo == peer.nonce and h.flags == fopeer.F_KEYED, h
    # the unit broadcast until it knew its mate, then sent to the mate's MAC
    rx = peer.of("rx")
    assert rx[0].dst_mac == "ff:ff:ff:ff:ff:ff" and rx[-1].dst_mac == PEER_MAC, rx
    # the failover lan key authenticates the link: it never crosses it (the standby keeps its own)
    leaked = [s for s in peer.of("rx") if KEY.encode() in fopeer.body_bytes(s.msg.body)]
    assert not leaked, "the failover lan key went over the link in clear: %r" % leaked
    bench.peer_is_sound()


def test_replayed_messages_are_dropped_and_change_nothing(bench):
    con, peer = bench.con, bench.peer
    start = mark(con)
    with peer.lock:
        peer.mate = False  # for a moment: its last frame stays the last
        last = [s for s in peer.sent_frames(boot=peer.boots) if s.msg][-1]
    before = paired(show_failover(con))
    # the peer's frames of this boot sent again: the last one (the same seq) and an older hello
    older = [s for s in peer.sent_frames(boot=peer.boots, mtype=HELLO) if s.msg.seq < last.msg.seq][-1]
    peer.send_raw(last.frame)
    peer.send_raw(older.frame)
    said(con, REPLAYED)  # once for both
    c = wait_counters(con, lambda c: c["replayed"] >= before["replayed"] + 2, 5, "two replays")
    assert c["replayed"] == before["replayed"] + 2 == 2, c
    peer.mate = True
    peer.send_hello()
    wait_counters(con, lambda c: c["received"] > before["received"], 5, "a fresh hello")
    paired(show_failover(con))
    # a hello of the peer's boot, recorded, is played after the peer rebooted and paired again
    recorded = [s for s in peer.sent_frames(boot=peer.boots, mtype=HELLO) if s.msg.echo and
                s.msg.body.state == STANDBY][-1]
    rebooted = time.monotonic()
    peer.reboot()
    said(con, *SENDING, timeout=PAIR_TIMEOUT)
    peer.wait_for(lambda e: e.kind == "config", 5, "configuration of the new boot", since=rebooted)
    before = paired(show_failover(con))
    at, played = mark(con), time.monotonic()
    peer.send_raw(recorded.frame)
    said(con, REPLAYED)
    # the unit still answers the peer's new boot, and its hellos still echo it, not the old one
    peer.wait_for(lambda e: e.kind == "rx" and e.msg.type == HELLO and e.t > played + 0.1, 2 * POLL,
                  "the unit's next hello")
    assert all(e.msg.echo == peer.nonce for e in peer.of("rx", since=played)), peer.of("rx", since=played)
    c = wait_counters(con, lambda c: c["received"] > before["received"], 2 * POLL, "a fresh hello received")
    assert c["replayed"] == before["replayed"] + 1 == 3, c
    paired(show_failover(con))
    seen = console_since(con, at)
    assert not any(s in seen for s in STATE_CHANGES + SENDING), seen
    assert console_since(con, start).count(REPLAYED) == 2, console_since(con, start)
    bench.peer_is_sound()


def reference(peer):
    """A valid hello of the peer's boot that is never sent as it is (its seq is used up): what the burst
    corrupts."""
    msg = peer.next_msg(peer.my_hello())
    return peer.frame(msg), msg


def burst(peer, rng):
    """The bad frames, in order: (name, frame bytes as sent)."""
    f, msg = reference(peer)
    frames = []
    add = frames.append
    # truncated at many lengths: every header boundary and more
    for n in sorted(set(range(1, len(f), 3)) | {13, 14, 33, 34, 38, 39, 63, 64, 79, 80, len(f) - 32,
                                                len(f) - 1}):
        add(("truncated to %d" % n, f[:n]))
    # a bit flipped in each byte from the EtherType on (IP header, payload header, body, MAC)
    for i in range(12, len(f)):
        b = bytearray(f)
        b[i] ^= 1 << rng.randrange(8)
        add(("bit flipped in byte %d" % i, bytes(b)))
    # ... and in the IP header with its checksum made right again
    for i in [i for i in range(14, 34) if i not in (24, 25)]:
        b = bytearray(f)
        b[i] ^= 1 << rng.randrange(8)
        add(("IP byte %d flipped, checksum fixed" % i, fopeer.fix_ip_checksum(bytes(b))))
    # built wrong with the right key (the MAC holds)
    m = peer.next_msg(peer.my_hello())
    add(("wrong magic", peer.frame(m, magic=b"PXF0")))
    add(("version 2", peer.frame(peer.next_msg(peer.my_hello()), version=2)))
    add(("version 0", peer.frame(peer.next_msg(peer.my_hello()), version=0)))
    add(("reserved header byte", peer.frame(peer.next_msg(peer.my_hello()), reserved=1)))
    add(("body length + 1", peer.frame(peer.next_msg(peer.my_hello()), body_len=fopeer.HELLO_LEN + 1)))
    add(("keyed flag cleared", peer.frame(peer.next_msg(peer.my_hello(), flags=0))))
    add(("unknown flag", peer.frame(peer.next_msg(peer.my_hello(), flags=0x03))))
    add(("unknown type", peer.frame(Msg(9, None, peer.nonce, peer.heard, peer.next_msg(Ack(0, 0)).seq,
                                        peer.my_hello().pack()))))
    add(("hello state 7", peer.frame(peer.next_msg(peer.my_hello()._replace(state=7)))))
    add(("hello unit 2", peer.frame(peer.next_msg(peer.my_hello()._replace(unit=2)))))
    add(("hello flags 0x80", peer.frame(peer.next_msg(peer.my_hello()._replace(flags=0x80)))))
    add(("switch to negotiating", peer.frame(peer.next_msg(Switch(NEGOTIATING)))))
    add(("chunk past its total", peer.frame(peer.next_msg(Chunk(1, 100, 50, b"x" * 10)))))
    add(("chunk over the limit", peer.frame(peer.next_msg(Chunk(1, 0, 4000, b"y" * 1100)))))
    add(("nonce 0", peer.frame(peer.next_msg(peer.my_hello())._replace(nonce=0))))
    add(("seq 0", peer.frame(peer.next_msg(peer.my_hello())._replace(seq=0))))
    add(("IP total past the frame", peer.frame(peer.next_msg(peer.my_hello()), total=200)))
    # IP options, fragments, other IP header fields
    ip_end = fopeer.ETH_HLEN + fopeer.IP_HLEN
    total = len(f) - fopeer.ETH_HLEN
    for name, kw in (("IP options", dict(options=b"\x01\x01\x01\x00")), ("fragment (MF)", dict(frag=0x2000)),
                     ("fragment offset 8", dict(frag=0x4001)), ("not DF", dict(frag=0)),
                     ("IP ID 7", dict(ident=7)), ("TTL 64", dict(ttl=64)), ("TOS 0x10", dict(tos=0x10))):
        ip = fopeer.ip_header(LINK_IP[1], LINK_IP[0], total + len(kw.get("options", b"")), **kw)
        add((name, f[:fopeer.ETH_HLEN] + ip + f[ip_end:]))
    # not failover at all: ARP, IPv6, a VLAN tag, UDP, IP version 6 in an IPv4 EtherType
    eth = f[:12]
    arp = struct.pack(">HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, fopeer.mac_bytes(PEER_MAC),
                      fopeer.ip_bytes(LINK_IP[1]), b"\0" * 6, fopeer.ip_bytes(LINK_IP[0]))
    add(("ARP request", b"\xff" * 6 + f[6:12] + b"\x08\x06" + arp))
    add(("IPv6", eth + b"\x86\xdd" + f[14:]))
    add(("VLAN-tagged failover frame", eth + b"\x81\x00\x00\x05" + f[12:]))
    add(("UDP", f[:fopeer.ETH_HLEN] + fopeer.ip_header(LINK_IP[1], LINK_IP[0], total, proto=17) + f[ip_end:]))
    add(("IP version 6 nibble", f[:14] + b"\x65" + f[15:]))
    # oversize
    big = fopeer.ip_header(LINK_IP[1], LINK_IP[0], 1504)
    add(("1518 bytes of garbage in a failover IP packet", f[:14] + big + bytes(rng.getrandbits(8)
                                                                              for _ in range(1484))))
    add(("1600 bytes", f + b"\xaa" * (1600 - len(f))))
    add(("1520 bytes", f + b"\xbb" * (1520 - len(f))))
    # random bytes to the unit's MAC, some behind a good failover IP header
    for i in range(12):
        n = rng.randrange(20, 300)
        junk = bytes(rng.getrandbits(8) for _ in range(n))
        if i % 2:
            junk = f[:14] + fopeer.ip_header(LINK_IP[1], LINK_IP[0], 20 + n) + junk
        else:
            junk = fopeer.mac_bytes(UNIT_LINK_MAC) + junk
        add(("random %d" % i, junk))
    return frames


def test_bad_frames_are_counted_and_the_pair_holds(bench):
    con, peer = bench.con, bench.peer
    rng = random.Random(11)
    # a fresh message of the mate: whatever the unit complained of last is forgotten
    before = counters(show_failover(con))
    peer.send_hello()
    before = wait_counters(con, lambda c: c["received"] > before["received"], 5, "the peer's hello")
    # the peer's own hellos only between the groups of the burst, so the complaints come as predicted
    peer.mate = False
    at = mark(con)
    peer.send(peer.my_hello(), key=b"another-key")
    said(con, BADKEY)
    peer.send(peer.my_hello(), key=b"")
    said(con, NOKEY)
    want = {k: before[k] for k in INBOUND}
    want["rejected"] += 2
    c = wait_counters(con, lambda c: reached(c, want))
    assert inbound(c) == want, c
    frames = burst(peer, rng)
    said_now = NOKEY
    kinds = {}
    complained = [BADKEY, NOKEY]
    for g in range(0, len(frames), GROUP):
        complaints, group = [], []
        for name, f in frames[g:g + GROUP]:
            kind = fopeer.expected_outcome(f, UNIT_LINK_MAC, KEY.encode())
            assert kind != "message", "%s: is a valid message" % name
            kinds.setdefault(kind, []).append(name)
            group.append("%s: %s" % (name, kind))
            counter = fopeer.COUNTER_OF.get(kind)
            if counter:
                want[counter] += 1
            if kind in COMPLAINT_OF and COMPLAINT_OF[kind] != said_now:
                said_now = COMPLAINT_OF[kind]
                complaints.append(said_now)
            peer.send_raw(f)
        if complaints:
            said(con, *complaints)
            complained += complaints
        got = wait_counters(con, lambda c: reached(c, want), 10, "frames %d-%d" % (g, g + GROUP - 1))
        assert inbound(got) == want, "frames %d-%d (%r): want %r, got %r" % (g, g + GROUP - 1, group, want, got)
        # the mate's hello keeps the pair (and makes the unit forget its complaint)
        peer.send_hello()
        want["received"] += 1
        said_now = None
    # every kind of fault was in the burst
    for kind in (NOT_FAILOVER, MALFORMED, OTHER_VERSION, KEYED, AUTH, "filtered"):
        assert kinds.get(kind), "no frame of kind %s: %r" % (kind, kinds)
    # Ethernet padding after the IP packet is allowed: a valid hello padded to 1518 bytes is taken
    f, _ = reference(peer)
    peer.send_raw(f + b"\0" * (fopeer.UNIT_RX_MAX - len(f)))
    want["received"] += 1
    got = wait_counters(con, lambda c: reached(c, want), 5, "a padded hello")
    assert inbound(got) == want, got
    peer.mate = True
    paired(show_failover(con))
    seen = console_since(con, at)
    assert not any(s in seen for s in STATE_CHANGES + SENDING), seen
    # each complaint said once, until another replaced it or a message of the mate came between
    assert re.findall("|".join(map(re.escape, (BADKEY, NOKEY))), seen) == complained, seen
    bench.peer_is_sound()


def test_a_second_primary_is_not_a_mate(bench):
    con, peer = bench.con, bench.peer
    at = mark(con)
    switched = time.monotonic()
    peer.reboot(unit=PRIMARY)  # a new boot of a unit that says it is a primary too
    said(con, SAMEUNIT, timeout=PAIR_TIMEOUT)
    # it goes on talking; the unit takes its hellos but never pairs with it, and says so once
    before = counters(show_failover(con))
    c = wait_counters(con, lambda c: c["received"] > before["received"], 2 * POLL, "another hello")
    out = show_failover(con)
    assert host_lines(out) == [("This host", "Primary", "Active"), ("Other host", "Secondary", "Failed")], out
    assert "\r\nLAN-based Failover is Not Active\r\n" in out, out
    assert c["replayed"] == before["replayed"], c
    assert peer.state == NEGOTIATING  # the unit's hellos said it was a primary too: no election
    assert all(e.msg.body.unit == PRIMARY and e.msg.body.state == ACTIVE
               for e in peer.of("rx", since=switched) if e.msg.type == HELLO)
    seen = console_since(con, at)
    assert seen.count(SAMEUNIT) == 1 and not any(s in seen for s in STATE_CHANGES + SENDING), seen
    bench.peer_is_sound()


def test_a_silent_mate_is_lost_within_three_polls(bench):
    con, peer = bench.con, bench.peer
    peer.reboot(unit=SECONDARY)
    said(con, *SENDING, timeout=PAIR_TIMEOUT)
    paired(show_failover(con))
    with peer.lock:
        peer.mate = False  # silent from now on
        last = peer.last_hello_t()
    said(con, LOST, timeout=3 * POLL + 10)
    took = time.monotonic() - last
    assert 3 * POLL - 1 <= took <= 3 * POLL + LOST_MARGIN, "mate lost %.1fs after its last hello" % took
    out = show_failover(con)
    assert host_lines(out) == [("This host", "Primary", "Active"), ("Other host", "Secondary", "Failed")], out
    assert "\r\nLAN-based Failover is Not Active\r\n" in out, out
    bench.peer_is_sound()


def test_a_keyless_peer_pairs_with_a_keyless_unit(bench):
    con, peer = bench.con, bench.peer  # the peer is silent (previous test)
    peer.strict = False  # while the two change keys, a frame of the other key is no error
    con.cmd("no failover lan key")
    peer.reboot(key="")
    peer.mate = True
    said(con, *SENDING, timeout=PAIR_TIMEOUT)
    peer.strict = True
    paired(show_failover(con))
    # the HMAC under an empty key, the keyed flag clear both ways; no key line in the text
    cfg = peer.wait_for(lambda e: e.kind == "config" and e.boot == peer.boots, 5, "configuration")
    assert "\nfailover lan unit primary\n" in cfg.text and "failover lan key" not in cfg.text, cfg.text
    h = peer.wait_for(lambda e: e.kind == "rx" and e.boot == peer.boots and e.msg.type == HELLO and
                      e.msg.echo == peer.nonce, 2 * POLL, "a keyless hello").msg
    assert h.flags == 0 and h.body.state == ACTIVE, h
    assert all(s.msg.flags is None and not peer.key for s in peer.sent_frames(boot=peer.boots) if s.msg)
    bench.peer_is_sound()
