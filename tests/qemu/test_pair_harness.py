"""The failover tests' plumbing (pairutil.py) with today's running image, no failover code needed: two
licensed units boot in parallel, their third NICs reach each other over the failover cable and
set_link cuts it, a LAN peer on the shared segment pings and is pinged and captures frames, a unit is
killed (kill -9) and powered on again on the same flash and ports, and the reset button restarts one.

One pair is booted for the whole module (each test leaves both units at a prompt); every test puts
what it needs in place first, so any one of them runs alone. Each unit brings its one IP stack up on
the interface a command needs (os/net.c) and keeps it there, answering ARP and ping, until a command
needs another one.
"""
import re

import pytest

from pairutil import Pair, is_gratuitous_arp
from pixosutil import CONFIG, USER, to_config

FAILOVER_IP = ("172.17.1.1", "172.17.1.2")
LAN_IP = ("192.168.1.1", "192.168.1.2")
PEER_IP = "192.168.1.9"
MASK = "255.255.255.0"
MAC0 = ("0090.2722.f0b%d", "0090.2722.f1b%d")  # interface N's MAC of the primary, the secondary
PING_TIMEOUT = 10  # a ping command: three echoes of at most 1 s each, under TCG
PEER_TIMEOUT = 3  # a LAN peer ping, ARP included


@pytest.fixture(scope="module")
def pair(rom, tmp_path_factory):
    p = Pair(tmp_path_factory.mktemp("pair"), rom=rom)
    try:
        p.boot()
        yield p
    finally:
        p.close()


def configure(unit, *lines):
    """Puts the unit's console in configuration mode, then each line must be taken silently."""
    con = unit.con
    if con.prompt == USER:
        to_config(con)
    assert con.prompt == CONFIG, con.prompt
    for line in lines:
        con.cmd(line)


def ping(unit, if_name, ip):
    """The unit's `ping if_name ip`: how many of its three echoes were answered (the output must be
    three lines of PIX's form and the prompt)."""
    out = unit.con.run("ping %s %s" % (if_name, ip), timeout=PING_TIMEOUT)
    echo = r"        %s (response|NO response) received -- \d+ms\r\n" % re.escape(ip)
    assert re.fullmatch(re.escape("ping %s %s\r\n" % (if_name, ip)) + "(%s){3}" % echo + re.escape(CONFIG),
                        out), out
    return out.count("%s response received" % ip)


def failover_up(pair):
    """Both units addressed on interface 2 (named "failover") with their stacks up there: each pings
    the other at once, so each answers while the other asks; what these first echoes get is not
    checked, only that both stacks now sit on the failover interface."""
    for unit, ip in zip(pair.units, FAILOVER_IP):
        configure(unit, "nameif ethernet2 failover security60", "ip address failover %s %s" % (ip, MASK))
    for unit, mate_ip in zip(pair.units, reversed(FAILOVER_IP)):
        unit.con.send("ping failover %s\r" % mate_ip)
    for unit in pair.units:
        unit.con.until_prompt(timeout=PING_TIMEOUT)


def test_two_units_with_their_own_serials_macs_and_failover_licence(pair):
    for i, unit in enumerate(pair.units):
        out = unit.con.run("show version")
        assert "\r\nSerial Number: %s (0x%x)\r\n" % (unit.serial, int(unit.serial)) in out, out
        assert "\r\nFailover:           Enabled\r\n" in out, out
        for n, irq in enumerate((11, 10, 9)):
            assert "\r\n%d: ethernet%d: address is %s, irq %d\r\n" % (n, n, MAC0[i] % n, irq) in out, out
    assert pair.primary.serial != pair.secondary.serial


def test_failover_cable_carries_ping_and_set_link_cuts_it(pair):
    failover_up(pair)
    assert ping(pair.primary, "failover", FAILOVER_IP[1]) == 3
    assert ping(pair.secondary, "failover", FAILOVER_IP[0]) == 3
    pair.secondary.set_link("failover", False)  # the cable out at the secondary's NIC
    assert ping(pair.primary, "failover", FAILOVER_IP[1]) == 0
    pair.secondary.set_link("failover", True)
    assert ping(pair.primary, "failover", FAILOVER_IP[1]) == 3
    assert ping(pair.secondary, "failover", FAILOVER_IP[0]) == 3


def test_lan_peer_pings_units_and_sees_their_frames(pair):
    peer = pair.lan_peer(PEER_IP)
    primary, secondary = pair.units
    configure(primary, "ip address outside %s %s" % (LAN_IP[0], MASK))
    configure(secondary, "ip address outside %s %s" % (LAN_IP[1], MASK))
    # the unit pings the peer: the peer answers its ARP and its echoes
    assert ping(primary, "outside", PEER_IP) == 3
    # bringing its stack up on interface 0 the unit announced its address: a gratuitous ARP, seen
    garp = peer.wait_frame(lambda eth: is_gratuitous_arp(eth, LAN_IP[0], "00:90:27:22:f0:b0"), timeout=1)
    assert garp is not None, [f.eth.summary() for f in peer.frames()]
    assert peer.arp_cache()[LAN_IP[0]] == "00:90:27:22:f0:b0"
    # the peer pings the unit, whose stack now sits on interface 0
    assert peer.ping(LAN_IP[0], timeout=PEER_TIMEOUT)
    assert not peer.ping("192.168.1.77", timeout=1)  # nobody: no ARP answer, no echo
    # the two units share the segment with the peer
    assert ping(secondary, "outside", LAN_IP[0]) == 3
    assert peer.arp_cache()[LAN_IP[1]] == "00:90:27:22:f1:b0"
    # the primary's LAN cable out, then in
    primary.set_link("lan", False)
    assert not peer.ping(LAN_IP[0], timeout=2)
    primary.set_link("lan", True)
    assert peer.ping(LAN_IP[0], timeout=PEER_TIMEOUT)
    # what it captured: frames from both units, none of its own (the segment loops them back)
    sources = {f.eth.src for f in peer.frames()}
    assert {"00:90:27:22:f0:b0", "00:90:27:22:f1:b0"} <= sources and peer.mac not in sources, sources


def test_kill_and_power_on_again_with_the_same_flash_and_ports(pair):
    failover_up(pair)
    pair.secondary.kill()  # SIGKILL to its QEMU (pixconsole.power_cut checks how it ended)
    assert not pair.secondary.alive
    assert ping(pair.primary, "failover", FAILOVER_IP[1]) == 0  # the mate is gone
    banner = pair.secondary.power_on()
    assert "Failover:                    Enabled\r\n" in banner, banner
    out = pair.secondary.con.run("show version")
    assert "\r\nSerial Number: %s " % pair.secondary.serial in out, out
    # nothing was written to flash: the address is configured again; the primary's stack is still on
    # the failover interface, so the new QEMU's end of the cable (the same ports) is answered at once
    configure(pair.secondary, "nameif ethernet2 failover security60",
              "ip address failover %s %s" % (FAILOVER_IP[1], MASK))
    assert ping(pair.secondary, "failover", FAILOVER_IP[0]) == 3
    assert ping(pair.primary, "failover", FAILOVER_IP[1]) == 3


def test_reset_button_restarts_a_unit(pair):
    configure(pair.primary)
    pair.primary.con.prompt = "resetme(config)# "
    pair.primary.con.cmd("hostname resetme")  # in RAM only
    banner = pair.primary.reset()  # through the ROM's flash boot to a fresh image: the default name again
    assert "Cisco PIX Firewall Version 6.3(5)\r\n" in banner, banner
    assert pair.primary.con.prompt == USER
    assert pair.primary.con.run("show version").count("Serial Number: %s " % pair.primary.serial) == 1
