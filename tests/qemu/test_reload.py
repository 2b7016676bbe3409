"""`reload` resets the machine (port 0xCF9; the UEFI application: the firmware's ResetSystem): the banner comes
again and the settings are the defaults."""

import pytest

from pixconsole import BIOS_LINE_RE, FIRMWARES, NOT_FORMATTED


@pytest.fixture(params=FIRMWARES)
def firmware(request):
    return request.param


def test_reload_resets_settings(mon):
    for line, *reply in [("address 10.0.0.1", "address 10.0.0.1"), ("server 10.0.0.2", "server 10.0.0.2"),
                        ("gateway 10.0.0.3", "gateway 10.0.0.3"), ("file pix.bin", "file pix.bin"),
                        ("interface 0", "interface 0", mon.using_line(iface=0)), ("timeout 99", "timeout 99"),
                        ("trace", "trace on")]:
        mon.cmd(line, *reply)
    mon.send("reload\r")
    mon.expect_next("reload\r\nRebooting...\r\n")
    mon.banner(flash=True, bootdelay=2)
    mon.interrupt()
    for line, *reply in [("address", "address 0.0.0.0"), ("server", "server 0.0.0.0"),
                         ("gateway", "gateway 0.0.0.0"), ("file", "file not set"),
                         ("interface", *mon.nics(), "interface 1", mon.using_line(iface=1)), ("timeout", "timeout 4"),
                         ("trace", "trace on")]:
        mon.cmd(line, *reply)


def test_reload_twice(mon):
    """A second reset works as well (nothing stale after the first)."""
    for _ in range(2):
        mon.send("reload\r")
        mon.expect_next("reload\r\nRebooting...\r\n")
        mon.banner(flash=True, bootdelay=2)
        mon.interrupt()
    mon.cmd("address", "address 0.0.0.0")


def test_reload_then_timeout_boot(mon):
    """After a reload the countdown runs again and, untouched, boots from flash (no image: monitor)."""
    mon.send("reload\r")
    mon.expect_next("reload\r\nRebooting...\r\n")
    mon.expect_re(BIOS_LINE_RE, timeout=mon.boot_timeout)
    mon.expect_exact(NOT_FORMATTED, timeout=6)
    mon.until_prompt()
