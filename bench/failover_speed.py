#!/usr/bin/python3
"""Failover benchmark (issue 11): how long a pair takes to take over from a dead active, at failover poll 3
and 15, and how long a configuration takes to reach the standby after `write memory` on the active.

Run with Debian's Python (it has pexpect, pytest and scapy, which the pair harness uses):
    /usr/bin/python3 bench/failover_speed.py [--runs N] [--quick] [--json FILE]

The pair is tests/qemu/pairutil.py's: two licensed units in two QEMUs (TCG, e1000 NICs), their third NICs
each other's failover cable, interface 0 on a LAN segment shared with a raw-Ethernet peer (LanPeer, at
192.168.1.9). Each unit's stored configuration: `ip address outside 192.168.1.1`, `failover ip address
outside 192.168.1.2`, the failover link, `failover lan unit`, a 63-character `failover lan key`, `failover
poll P`, `failover lan enable`, `failover`. Both units power on together; the primary takes the active
role and replicates its configuration.

Takeover (per run): the active dies at a random point of its hello cycle, as a real failure comes: the
script waits a time drawn uniformly from [0, poll) (--seed) once the pair has settled. That is the only
wait not on an event, and deliberately so: right after a pairing the standby has just heard a hello, and
every death would cost the full 3 poll intervals. The peer pings 192.168.1.1 (the active's address) so
that its ARP cache holds the active's MAC; then kill -9 of the active's QEMU, and from that moment: the
standby's console says "Switching to ACTIVE" (read by a thread of its own); the peer receives the new
active's gratuitous ARP for 192.168.1.1; the peer's echo request is first answered on 192.168.1.1 (the
peer sends one every 50 ms, each to the MAC its ARP cache has then, as a host does). The dead unit is
then powered on again; it comes back as standby and takes the configuration, and the next run kills the
other unit. One pair per poll setting.

Replication (per run, on the poll-3 pair): `write memory` on the active, and from its Enter: the active's
"[OK]" (its own flash written), the standby's "Beginning configuration replication from mate.", the
standby's "End configuration replication from mate." (applied and written to its flash), the active's
"End Configuration Replication to mate" (every chunk acknowledged); each console is read by a thread of
its own. Two configurations: the stored one above, and one of the issue's 1000 lines and more (1000
`name` entries, every route of OS_ROUTE_MAX, both DNS servers, a tftp-server with the longest path);
the standby's running configuration must then equal the active's but for its own failover lan unit.

Every other wait is on console text or a frame, with a deadline. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "qemu"))
from benchutil import cpu_model, loadavg, qemu_version, summary  # noqa: E402
from pairutil import FAILOVER_LAN_IP, FAILOVER_LINK_IP, Pair, failover_config, host_lines, is_gratuitous_arp, said  # noqa: E402,E501
from pixconsole import PIXOS_BIN, ROM, pixqemu  # noqa: E402
from pixosutil import to_config  # noqa: E402

POLLS = (3, 15)
KEY = "failover-bench-key-" + "k" * 44  # 63 characters, the longest failover lan key
LAN_IP = FAILOVER_LAN_IP  # the active's, the standby's
LINK_IP = FAILOVER_LINK_IP
PEER_IP = "192.168.1.9"
UNIT_LABEL = ("Primary", "Secondary")
MSG_TIMEOUT = 60.0  # a boot, a pairing, a replication
PING_INTERVAL = 0.05
LARGE_NAMES = 1000  # name entries of the large configuration (os/os.h OS_NAMES_MAX is 1024)
ROUTES_MAX = 16  # OS_ROUTE_MAX
TFTP_PATH_MAX = 51  # OS_TFTP_PATH_MAX

SWITCH_ACTIVE = "%%PIX-1-104001: (%s) Switching to ACTIVE (cause: %s).\r\n"
SWITCH_STANDBY = "%%PIX-1-104002: (%s) Switching to STNDBY (cause: Other unit wants me Standby).\r\n"
SENDING = ("Beginning configuration replication: Sending to mate.", "End Configuration Replication to mate")
RECEIVING = ("Beginning configuration replication from mate.", "End configuration replication from mate.")


class Failed(Exception):
    """A run went wrong; the message says where."""


def large_lines():
    """The lines that make the large configuration: 1000 names, every route, the DNS servers, a tftp-server."""
    lines = []
    for i in range(LARGE_NAMES):
        lines.append("name 10.20.%d.%d server-%04d.example" % (i // 250, i % 250 + 1, i))
    for i in range(ROUTES_MAX):
        lines.append("route outside 10.%d.%d.0 255.255.255.0 192.168.1.254 %d" % (100 + i, 200 + i, 1 + i % 15))
    lines.append("dns name-server outside 192.168.1.53")
    lines.append("dns name-server outside 192.168.1.54")
    lines.append("tftp-server outside 192.168.1.69 " + ("/images/pix/" + "p" * TFTP_PATH_MAX)[:TFTP_PATH_MAX])
    return lines


class Watch(threading.Thread):
    """Reads one unit's console in a thread of its own and notes when each text arrives, in order
    (time.monotonic() when read). Start it before the action it times; join() before the console is
    used again."""

    def __init__(self, con, texts, timeout):
        super().__init__(daemon=True)
        self.con, self.texts, self.timeout = con, texts, timeout
        self.times = []
        self.error = None

    def run(self):
        try:
            for t in self.texts:
                self.con.child.expect_exact(t, timeout=self.timeout)
                self.times.append(time.monotonic())
        except Exception as e:  # reported by result()
            self.error = e

    def result(self):
        self.join()
        if self.error is not None or len(self.times) != len(self.texts):
            raise Failed("console: waited %g s for %r; got %r (%s)" % (
                self.timeout, self.texts[len(self.times)], self.con.child.before[-300:],
                type(self.error).__name__))
        return self.times


def start_pair(directory, poll, rom):
    """A pair at failover poll `poll`, both powered on together, paired, at their configuration prompts;
    returns (pair, active, standby)."""
    p = Pair(directory, rom=rom, nic="e1000", image=PIXOS_BIN,
             config=(failover_config("primary", KEY, poll), failover_config("secondary", KEY, poll)))
    p.boot()
    said(p.primary.con, SWITCH_ACTIVE[:-2] % ("Primary", "No Active unit found"), *SENDING,
         timeout=MSG_TIMEOUT)
    said(p.secondary.con, SWITCH_STANDBY[:-2] % "Secondary", *RECEIVING, timeout=MSG_TIMEOUT)
    for u in p.units:
        to_config(u.con)
    return p, p.primary, p.secondary


def takeover_run(peer, active, standby, poll, phase):
    """kill -9 of active, phase seconds after the pair settled; returns the seconds from the kill to the
    standby's Switching to ACTIVE, to the gratuitous ARP, to the first echo reply on the pair's address,
    and brings the dead unit back as standby."""
    time.sleep(phase)  # not a synchronisation: the point of the hello cycle at which the active dies
    if not peer.ping(LAN_IP[0], timeout=10, fresh=True):
        raise Failed("the active does not answer on %s" % LAN_IP[0])
    new_mac = pixqemu.UNIT_MACS[standby.index][pixqemu.LAN_IFACE]
    if peer.arp_cache().get(LAN_IP[0]) != pixqemu.UNIT_MACS[active.index][pixqemu.LAN_IFACE]:
        raise Failed("the peer has %s at %s, not at the active's MAC" % (LAN_IP[0], peer.arp_cache()))
    peer.clear()
    limit = 3 * poll + 30
    watch = Watch(standby.con, [SWITCH_ACTIVE % (UNIT_LABEL[standby.index], "Other unit failed")], limit)
    watch.start()
    t0 = time.monotonic()
    active.kill()
    answered = peer.ping_until_answered(LAN_IP[0], limit, PING_INTERVAL)
    switched = watch.result()[0]
    garp = peer.wait_frame(lambda e: is_gratuitous_arp(e, LAN_IP[0], new_mac), timeout=5)
    if answered is None or garp is None:
        raise Failed("after the active's death: echo reply %s, gratuitous ARP %s" % (answered, garp))
    standby.con.until_prompt()
    # the dead unit comes back and stands by
    active.power_on()
    said(active.con, SWITCH_STANDBY[:-2] % UNIT_LABEL[active.index], *RECEIVING, timeout=MSG_TIMEOUT)
    said(standby.con, *SENDING, timeout=MSG_TIMEOUT)
    to_config(active.con)
    return {"switch": switched - t0, "garp": garp.t - t0, "ping": answered - t0, "phase": phase}


def replication_run(active, standby):
    """write memory on the active; seconds from its Enter to each event."""
    wa = Watch(active.con, ["[OK]\r\n", SENDING[1] + "\r\n"], MSG_TIMEOUT)
    ws = Watch(standby.con, [RECEIVING[0] + "\r\n", RECEIVING[1] + "\r\n"], MSG_TIMEOUT)
    wa.start()
    ws.start()
    t0 = time.monotonic()
    active.con.send("write memory\r")
    ok, acked = wa.result()
    begun, stored = ws.result()
    active.con.until_prompt()
    standby.con.until_prompt()
    return {"ok": ok - t0, "begin": begun - t0, "stored": stored - t0, "acked": acked - t0}


def replicate(active, standby, runs, replication, sizes):
    """The replication runs, with the stored configuration, then with the large one (typed on the active);
    the standby must end with the active's configuration."""
    for label in ("stored", "large"):
        if label == "large":
            for line in large_lines():
                out = active.con.run(line)
                if out != line + "\r\n" + active.con.prompt:
                    raise Failed("%s: %r" % (line, out))
        sizes[label] = config_text(active.con)[:2]
        for _ in range(runs):
            replication[label].append(replication_run(active, standby))
        if not same_but_unit(config_text(active.con)[2], config_text(standby.con)[2]):
            raise Failed("the standby's configuration differs from the active's")
    if host_lines(standby.con.run("show failover"))[0][2] != "Standby":
        raise Failed("the pair lost its roles during the replication runs")


def close_quietly(pair):
    """Stops the pair's QEMUs and peer without printing the transcripts (Pair.close() prints them)."""
    for peer in pair.peers:
        peer.close()
    for u in pair.units:
        u.close()


def config_text(con):
    """The running configuration's text as write memory stores it (": Saved" to ": end", "\\n" line
    ends): (lines, bytes, the lines)."""
    out = con.run("show running-config", timeout=10)
    lines = out.split("\r\n")[1:-1]  # the echo and the prompt off
    text = "".join(line + "\n" for line in lines)
    if not (lines and lines[0] == ": Saved" and lines[-1] == ": end"):
        raise Failed("show running-config: %r" % out[-300:])
    return len(lines), len(text.encode()), lines


def same_but_unit(a, b):
    """Two running configurations equal but for the failover lan unit line and the checksum."""
    def strip(lines):
        return [x for x in lines if not x.startswith(("failover lan unit ", "Cryptochecksum:"))]
    return strip(a) == strip(b)


def fmt(sm):
    if not sm:
        return "n/a"
    return "%6.2f [%.2f-%.2f]" % (sm["median"], sm["min"], sm["max"])


def fmt_ms(sm):
    if not sm:
        return "n/a"
    return "%5.0f [%.0f-%.0f]" % (sm["median"] * 1000, sm["min"] * 1000, sm["max"] * 1000)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per case (default 3)")
    ap.add_argument("--quick", action="store_true", help="one run per case")
    ap.add_argument("--rom", default=ROM)
    ap.add_argument("--seed", type=int, default=11, help="of the random points of death in the hello cycle")
    ap.add_argument("--json", metavar="FILE")
    opts = ap.parse_args(argv)
    runs = 1 if opts.quick else opts.runs
    rng = random.Random(opts.seed)
    for path in (opts.rom, PIXOS_BIN):
        if not os.path.exists(path):
            sys.exit("failover_speed.py: %s is missing (run make)" % path)
    load0 = loadavg()
    takeover = {poll: [] for poll in POLLS}
    replication = {"stored": [], "large": []}
    sizes = {}
    t_start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fo-bench-") as tmp:
        for poll in POLLS:
            pair, active, standby = start_pair(os.path.join(tmp, "poll%d" % poll), poll, opts.rom)
            try:
                if poll == POLLS[0]:
                    replicate(active, standby, runs, replication, sizes)
                peer = pair.lan_peer(PEER_IP)
                for _ in range(runs):
                    phase = rng.uniform(0, poll)
                    takeover[poll].append(takeover_run(peer, active, standby, poll, phase))
                    active, standby = standby, active
            except BaseException:
                pair.close()  # with the consoles' transcripts
                raise
            close_quietly(pair)
    wall = time.monotonic() - t_start
    print("failover_speed.py, %s UTC, %s, %s, load %.2f -> %.2f, %d run(s) per case, %.0f s" % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), qemu_version(), cpu_model(), load0, loadavg(),
        runs, wall))
    print("\nTakeover: kill -9 of the active's QEMU -> (seconds, median [min-max])")
    print("  %-6s %-22s %-22s %-22s" % ("poll", "standby: ACTIVE", "peer: gratuitous ARP",
                                         "peer: ping answered"))
    for poll in POLLS:
        r = takeover[poll]
        print("  %-6s %-22s %-22s %-22s" % ("%d s" % poll, fmt(summary([x["switch"] for x in r])),
                                             fmt(summary([x["garp"] for x in r])),
                                             fmt(summary([x["ping"] for x in r]))))
    print("\nReplication: write memory on the active, Enter -> (ms, median [min-max])")
    print("  %-24s %5s %6s  %-16s %-16s %-16s %-16s" % ("configuration", "lines", "bytes", "active: [OK]",
                                                       "standby: begins", "standby: stored",
                                                       "active: all acked"))
    for label, title in (("stored", "stored (failover only)"), ("large", "1000 names and more")):
        r = replication[label]
        print("  %-24s %5d %6d  %-16s %-16s %-16s %-16s" % (
            title, sizes[label][0], sizes[label][1], fmt_ms(summary([x["ok"] for x in r])),
            fmt_ms(summary([x["begin"] for x in r])), fmt_ms(summary([x["stored"] for x in r])),
            fmt_ms(summary([x["acked"] for x in r]))))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"takeover": {str(k): v for k, v in takeover.items()}, "replication": replication,
                       "sizes": sizes, "runs": runs, "load": [load0, loadavg()], "wall_s": wall}, f, indent=1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (Failed, pytest.fail.Exception) as e:  # pixconsole's waits fail as pytest.fail does
        sys.exit("failover_speed.py: %s" % e)
