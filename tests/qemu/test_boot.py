"""Power-on: banner, countdown from fw_cfg, Esc / BREAK / SPACE / timeout, NIC list (ui-spec, issue 2), on the
ROM and on the UEFI application under OVMF (issue 13)."""

import time

import pytest

from pixconsole import (BIOS_LINE_RE, ESC, FAMILY, FIRMWARES, INTERRUPTED, NOT_FORMATTED, PROMPT, countdown_step,
                        using_line)


@pytest.fixture(params=FIRMWARES)
def firmware(request):
    return request.param


def test_banner_and_esc(boot):
    """Banner with the flash line, countdown line, Esc -> interrupted, NIC list, help hint, prompt."""
    con = boot(bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt()


def test_flash_address_is_hex(boot):
    con = boot(bootdelay=2)
    con.expect_re(BIOS_LINE_RE, timeout=con.boot_timeout)
    _, m = con.expect_re(r"Platform PIX-525\r\nFlash=AT29C040A @ 0x([0-9a-f]+)\r\n")
    addr = int(m.group(1), 16)
    assert addr != 0 and addr % 4096 == 0, "flash BAR 0x%x not a page-aligned address" % addr


def test_banner_no_flash(boot):
    con = boot(bootdelay=2, flash=False)
    con.banner(flash=False, bootdelay=2)
    con.interrupt()


def test_default_bootdelay_is_10(boot):
    """Without fw_cfg opt/pix/bootdelay the countdown starts at 10."""
    con = boot(bootdelay=None)
    con.banner(flash=True, bootdelay=10)
    con.interrupt()


def test_countdown_then_flash_boot(boot):
    """bootdelay 3: 3, then 2 and 1 rewritten in place, then (no image) the monitor."""
    con = boot(bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    start = time.monotonic()
    con.expect_next(countdown_step(2), timeout=3)
    con.expect_next(countdown_step(1), timeout=3)
    con.expect_next(con.no_image + con.mon_banner(), timeout=3)
    elapsed = time.monotonic() - start
    assert elapsed > 2.0, "countdown of 3 seconds took only %.2f s" % elapsed


def test_timeout_no_key(boot):
    """bootdelay 1: no key -> flash boot -> no image -> monitor."""
    con = boot(bootdelay=1)
    con.banner(flash=True, bootdelay=1)
    con.expect_next(con.no_image + con.mon_banner(), timeout=4)
    con.cmd("address", "address 0.0.0.0")


def test_bootdelay_zero_boots_at_once(boot):
    """bootdelay 0: flash boot right away (the countdown line itself is not specified for 0)."""
    con = boot(bootdelay=0)
    con.expect_re(BIOS_LINE_RE, timeout=con.boot_timeout)
    con.expect_exact("Use SPACE to begin flash boot immediately.\r\n")
    before = con.expect_exact(NOT_FORMATTED + con.mon_banner(), timeout=3)
    assert "Flash boot in 1 seconds" not in before, "bootdelay 0 counted down: %r" % before


def test_space_boots_immediately(boot):
    con = boot(bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    start = time.monotonic()
    con.send(" ")
    con.expect_next(con.no_image + con.mon_banner(), timeout=3)
    assert time.monotonic() - start < 2.0, "SPACE did not boot at once"


def test_other_keys_ignored(boot):
    """Keys other than Esc, BREAK and SPACE neither stop the countdown nor reach the monitor's line."""
    con = boot(bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    con.send("a\r")
    con.expect_next(countdown_step(2), timeout=3)
    con.send("x")
    con.expect_next(countdown_step(1), timeout=3)
    con.send(ESC)
    con.expect_next(INTERRUPTED + con.mon_banner())
    con.cmd("")  # the line is empty: "a" or "x" typed during the countdown are gone


def test_esc_late_in_countdown(boot):
    con = boot(bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.expect_next(countdown_step(1), timeout=3)
    con.interrupt()


@pytest.mark.parametrize("firmware", ["rom"])
@pytest.mark.parametrize("nic", sorted(FAMILY))
def test_nic_models(boot, nic):
    """Every supported QEMU NIC model is listed with its family name at slots 13 and 14."""
    con = boot(nic=nic, bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt(nic)
    con.cmd("interface", "0: %s @ PCI(bus:0 dev:13 irq:11)" % FAMILY[nic],
            "1: %s @ PCI(bus:0 dev:14 irq:10)" % FAMILY[nic], "interface 1", using_line(nic, 1))


def test_break_telnet_interrupts(boot):
    """A BREAK on the line (telnet IAC BRK -> 16550 LSR.BI) interrupts the flash boot."""
    con = boot(serial="telnet", bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    con.send(b"\xff\xf3".decode("latin-1"))
    con.expect_next(INTERRUPTED + con.mon_banner())
    con.cmd("address", "address 0.0.0.0")


def test_break_stdio_interrupts(boot):
    """The same BREAK from QEMU's stdio console (Ctrl-A B, as `make run` users send it)."""
    con = boot(bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    con.send("\x01b")
    con.expect_next(INTERRUPTED + con.mon_banner())
    con.cmd("address", "address 0.0.0.0")


def test_break_at_monitor_cancels_line(boot):
    """At the monitor a BREAK acts as Ctrl-C: "^C", the line is dropped, a new prompt."""
    con = boot(serial="telnet", bootdelay=3)
    con.banner(flash=True, bootdelay=3)
    con.interrupt()
    con.send("address 1.2.3.4")
    con.expect_next("address 1.2.3.4")
    con.send(b"\xff\xf3".decode("latin-1"))
    con.expect_next("^C\r\n" + PROMPT)
    con.cmd("address", "address 0.0.0.0")


def test_telnet_console_commands(boot):
    """The monitor works the same over the telnet console."""
    con = boot(serial="telnet", bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt()
    con.cmd("address 10.1.1.1", "address 10.1.1.1")
    con.cmd("address", "address 10.1.1.1")


def test_no_nics(boot):
    """No NICs: an empty list, interface 0, and `interface N` refused."""
    con = boot(nics=0, bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt(nics=0)
    con.cmd("interface", "interface 0")
    con.cmd("interface 0", "interface: no network interfaces")
    con.cmd("interface 1", "interface: no network interfaces")
    con.cmd("interface", "interface 0")


def test_one_nic(boot):
    """One NIC: it is listed alone and the default interface is 0."""
    con = boot(nics=1, nic="e1000", bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt("e1000", nics=1)
    nic0 = con.nics("e1000", 1)[0]
    using0 = con.using_line("e1000", 0)
    con.cmd("interface", nic0, "interface 0", using0)
    con.cmd("interface 1", "interface: no such interface '1' (0-0)")
    con.cmd("interface 0", "interface 0", using0)
    con.cmd("interface", nic0, "interface 0", using0)


@pytest.mark.parametrize("firmware", ["rom"])  # OVMF needs 256 MiB: the UEFI application always has it
def test_memory_sizes(boot):
    """The ROM comes up the same with more RAM than the default 64 MiB."""
    con = boot(memory=256, bootdelay=2)
    con.banner(flash=True, bootdelay=2)
    con.interrupt()
    con.cmd("address 10.0.0.1", "address 10.0.0.1")
