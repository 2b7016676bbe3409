"""Failover pairs (issue 11) in two QEMUs (tests/qemu/pairutil.py): the primary and the secondary, each
with LAN-based failover stored in flash (failover lan unit/interface/key, failover poll 3, failover ip
address), their third NICs each other's failover cable, interface 0 on a LAN segment shared with a peer.

One pair is booted for the module and the tests run in order, each leaving the pair paired: pairing and
show failover, configuration replication and the standby's refusal, the pair's address answering on the
LAN, the active killed (kill -9) and the standby taking over the address within 3 poll intervals, the old
primary coming back as standby, the failover cable cut and restored, another key and no key on one side.

Console messages of failover arrive on their own, between commands: the tests wait for each one they
expect before typing the next command (a message at the prompt is followed by the prompt again).
"""
import time

import pytest

from pairutil import FAILOVER_LAN_IP as LAN_IP, FAILOVER_LINK_IP as LINK_IP, Pair, failover_config, host_lines, \
    is_gratuitous_arp, said, typed
from pixosutil import CONFIG, to_config

KEY = "pair-secret-1"
POLL = 3  # failover poll: the shortest, so losing the mate takes 9 s
PEER_IP = "192.168.1.9"
LAN_MAC = ("00:90:27:22:f0:b0", "00:90:27:22:f1:b0")  # interface 0 of the primary, of the secondary
TAKEOVER = 3 * POLL + 8  # seconds: 3 poll intervals, plus the guest's and the host's latency under TCG


def show_failover(con):
    out = con.run("show failover")
    assert out.startswith("show failover\r\nFailover On\r\n"
                          "Cable status: N/A - LAN-based failover enabled\r\n"
                          "Reconnect timeout 0:00:00\r\n"
                          "Poll frequency %d seconds\r\n" % POLL), out
    return out


@pytest.fixture(scope="module")
def pair(rom, tmp_path_factory):
    # e1000: QEMU's model reports the cable (set_link) to the driver; its i82558b model does not
    p = Pair(tmp_path_factory.mktemp("failover"), rom=rom, nic="e1000",
             config=(failover_config("primary", KEY, POLL), failover_config("secondary", KEY, POLL)))
    try:
        # the primary first: it negotiates alone and takes the active role; then the secondary joins
        p.primary.power_on()
        said(p.primary.con, "%PIX-1-104001: (Primary) Switching to ACTIVE (cause: No Active unit found).")
        p.secondary.power_on()
        said(p.secondary.con,
             "%PIX-1-104002: (Secondary) Switching to STNDBY (cause: Other unit wants me Standby).",
             "Beginning configuration replication from mate.",
             "End configuration replication from mate.")
        said(p.primary.con, "Beginning configuration replication: Sending to mate.",
             "End Configuration Replication to mate")
        for u in p.units:
            to_config(u.con)
        yield p
    finally:
        p.close()


def test_pair_shows_failover_and_replicates(pair):
    pri, sec = pair.primary.con, pair.secondary.con
    out = show_failover(pri)
    assert host_lines(out) == [("This host", "Primary", "Active"), ("Other host", "Secondary", "Standby")], out
    assert "\t\tInterface outside (%s): Normal\r\n" % LAN_IP[0] in out, out
    assert "\t\tInterface outside (%s): Normal\r\n" % LAN_IP[1] in out, out
    assert ("\r\nLAN-based Failover is Active\r\n\tinterface failover (%s): Normal, peer (%s): Normal\r\n"
            % LINK_IP) in out, out
    out = show_failover(sec)
    assert host_lines(out) == [("This host", "Secondary", "Standby"), ("Other host", "Primary", "Active")], out
    # the standby takes its configuration from the active
    sec.cmd("hostname other", "ERROR: this unit is the failover standby; configure the active unit (the "
            "configuration comes from it)")
    pri.cmd("name 10.1.1.1 server1")
    out = pri.run("write memory")
    assert out.endswith("[OK]\r\nBeginning configuration replication: Sending to mate.\r\n" + CONFIG), out
    said(pri, "End Configuration Replication to mate")
    said(sec, "Beginning configuration replication from mate.", "End configuration replication from mate.")
    assert "\r\nname 10.1.1.1 server1\r\n" in sec.run("show running-config")
    # ... and stores it, with its own failover lan unit
    out = sec.run("show configure")
    assert "\r\nname 10.1.1.1 server1\r\n" in out and "\r\nfailover lan unit secondary\r\n" in out, out
    # failover lan interface names an interface that exists
    pri.cmd("failover lan interface dmz", "ERROR: failover lan interface: no interface named 'dmz'")


def test_the_pair_address_moves_to_the_standby_when_the_active_dies(pair):
    peer = pair.lan_peer(PEER_IP)
    assert peer.ping(LAN_IP[0], timeout=5), "the active does not answer on the pair's address"
    assert peer.arp_cache()[LAN_IP[0]] == LAN_MAC[0]
    assert peer.ping(LAN_IP[1], timeout=5), "the standby does not answer on its own address"
    assert peer.arp_cache()[LAN_IP[1]] == LAN_MAC[1]
    peer.clear()
    killed = time.monotonic()
    pair.primary.kill()
    sec = pair.secondary.con
    said(sec, "%PIX-1-105005: (Secondary) Lost Failover communications with mate on interface failover.",
         "%PIX-1-104001: (Secondary) Switching to ACTIVE (cause: Other unit failed).", timeout=TAKEOVER)
    took = time.monotonic() - killed
    assert took <= TAKEOVER, took
    # the new active announces the pair's address and answers on it
    assert peer.wait_frame(lambda e: is_gratuitous_arp(e, LAN_IP[0], LAN_MAC[1]), timeout=10), peer.frames()
    assert peer.ping(LAN_IP[0], timeout=5, fresh=True)
    assert peer.arp_cache()[LAN_IP[0]] == LAN_MAC[1]
    out = show_failover(sec)
    assert host_lines(out) == [("This host", "Secondary", "Active"), ("Other host", "Primary", "Failed")], out
    # the old primary comes back and stands by
    pair.primary.power_on()
    pri = pair.primary.con
    said(pri, "%PIX-1-104002: (Primary) Switching to STNDBY (cause: Other unit wants me Standby).")
    said(pri, "Beginning configuration replication from mate.", "End configuration replication from mate.")
    said(sec, "Beginning configuration replication: Sending to mate.", "End Configuration Replication to mate")
    to_config(pri)
    out = show_failover(pri)
    assert host_lines(out) == [("This host", "Primary", "Standby"), ("Other host", "Secondary", "Active")], out
    assert peer.ping(LAN_IP[1], timeout=5, fresh=True)
    assert peer.arp_cache()[LAN_IP[1]] == LAN_MAC[0]


def test_a_cut_cable_splits_the_pair_and_it_heals_to_the_primary(pair):
    pri, sec = pair.primary.con, pair.secondary.con  # the primary stands by now (previous test)
    pair.primary.set_link("failover", False)
    said(pri, "%PIX-1-101003: (Primary) Failover cable not connected (this unit).")
    said(pri, "%PIX-1-105005: (Primary) Lost Failover communications with mate on interface failover.",
         "%PIX-1-104001: (Primary) Switching to ACTIVE (cause: Other unit failed).", timeout=TAKEOVER)
    said(sec, "%PIX-1-105005: (Secondary) Lost Failover communications with mate on interface failover.",
         timeout=TAKEOVER)
    pair.primary.set_link("failover", True)
    said(pri, "%PIX-1-101001: (Primary) Failover cable OK.")
    # two actives that hear each other: the secondary gives way
    said(sec, "%PIX-1-104002: (Secondary) Switching to STNDBY (cause: Other unit wants me Standby).")
    said(sec, "End configuration replication from mate.")
    said(pri, "End Configuration Replication to mate")
    assert host_lines(show_failover(pri))[0] == ("This host", "Primary", "Active")
    assert host_lines(show_failover(sec))[0] == ("This host", "Secondary", "Standby")


def test_another_key_or_none_is_not_a_mate(pair):
    pri, sec = pair.primary.con, pair.secondary.con
    # each key command lets failover run at once: a frame of the mate's already waiting may make it speak
    # inside the command's output (typed())
    typed(sec, "failover lan key another-key", "Failover: a message on interface failover failed "
          "authentication (another failover lan key); it is not a mate", timeout=TAKEOVER)
    said(pri, "Failover: a message on interface failover failed authentication (another failover lan key); "
         "it is not a mate", timeout=TAKEOVER)
    said(sec, "%PIX-1-105005: (Secondary) Lost Failover communications with mate on interface failover.",
         "%PIX-1-104001: (Secondary) Switching to ACTIVE (cause: Other unit failed).", timeout=TAKEOVER)
    said(pri, "%PIX-1-105005: (Primary) Lost Failover communications with mate on interface failover.",
         timeout=TAKEOVER)
    typed(sec, "no failover lan key", "Failover: the unit on interface failover uses a failover lan key and "
          "this unit has none; it is not a mate", timeout=TAKEOVER)
    said(pri, "Failover: the unit on interface failover has no failover lan key; it is not a mate",
         timeout=TAKEOVER)
    # the same key again: they pair, and the split heals to the primary
    typed(sec, "failover lan key %s" % KEY,
          "%PIX-1-104002: (Secondary) Switching to STNDBY (cause: Other unit wants me Standby).",
          timeout=TAKEOVER)
    said(sec, "End configuration replication from mate.")
    said(pri, "End Configuration Replication to mate")
    assert host_lines(show_failover(sec)) == [("This host", "Secondary", "Standby"),
                                              ("Other host", "Primary", "Active")]
