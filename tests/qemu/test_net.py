"""Network commands against QEMU's user network (slirp: gateway 10.0.2.2, DNS 10.0.2.3) on interface 1."""
import re
import time

import pytest

from pixconsole import ESC, PROMPT, TIMEOUT

PING_HEAD_RE = r"Sending 5, 100-byte 0x[0-9a-f]{4} ICMP Echoes to %s, timeout is 4 seconds:\r\n"


def ping(con, target, marks, ok, sent, timeout=30):
    """Runs `ping target` and checks the whole reply: header, one mark per echo, success rate."""
    con.send("ping %s\r" % target)
    con.expect_next("ping %s\r\n" % target)
    before, _ = con.expect_re(PING_HEAD_RE % re.escape(target), TIMEOUT)
    assert before == ""
    percent = ok * 100 // sent if sent else 0
    con.expect_next("%s\r\nSuccess rate is %d percent (%d/%d)\r\n%s" % (marks, percent, ok, sent,
                                                                        PROMPT), timeout)


@pytest.mark.parametrize("nic", ["i82557b", "i82558b", "i82559er", "e1000", "e1000-82544gc",
                                 "e1000-82545em"])
def test_ping_slirp(boot, nic):
    """Five echoes to QEMU's gateway all answered, on every supported NIC model."""
    con = boot(nic=nic, bootdelay=1)
    con.banner(flash=True, bootdelay=1)
    con.interrupt(nic)
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    ping(con, "10.0.2.2", "!!!!!", 5, 5)
    ping(con, "10.0.2.3", "!!!!!", 5, 5)  # a second target: ARP again, NIC kept open


def test_ping_interface_switch(mon):
    """Switching interfaces closes one NIC and opens the other; each answers on its own network."""
    mon.cmd("address 10.0.2.15", "address 10.0.2.15")
    ping(mon, "10.0.2.2", "!!!!!", 5, 5)
    mon.run("interface 0")
    ping(mon, "10.0.2.2", "!!!!!", 5, 5)  # interface 0: restricted user net, gateway still answers
    mon.run("interface 1")
    ping(mon, "10.0.2.2", "!!!!!", 5, 5)


def test_ping_no_answer_times_out_and_esc_stops(mon):
    """An address nobody answers: "." after the 4 s timeout, then Esc stops the rest."""
    mon.cmd("address 10.0.2.15", "address 10.0.2.15")
    mon.send("ping 10.0.2.77\r")
    mon.expect_next("ping 10.0.2.77\r\n")
    mon.expect_re(PING_HEAD_RE % re.escape("10.0.2.77"), TIMEOUT)
    start = time.monotonic()
    mon.expect_next(".", timeout=8)
    assert time.monotonic() - start >= 3.5, "an echo timed out before its 4 seconds"
    mon.send(ESC)
    mon.expect_next("\r\nSuccess rate is 0 percent (0/1)\r\n" + PROMPT, timeout=TIMEOUT)
    mon.cmd("address", "address 10.0.2.15")  # the monitor is usable afterwards
