"""Flash boot: the ROM boots the newest verified image only with a valid activation key for the
unit's serial number, and otherwise says why and enters the monitor. Flash files are made with the
real host tools (pix-flash, pix-keygen) and the test image build/test.bin."""
import os
import subprocess

import pytest

from pixconsole import INTERRUPTED, NOT_FORMATTED, PROMPT, TOP, mon_banner

HOST = os.path.join(TOP, "build", "host")
TEST_BIN = os.path.join(TOP, "build", "test.bin")
SERIAL = 12345678
KEY_ALL = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"  # DESIGN.md: all features, 6 interfaces


def tool(*args):
    r = subprocess.run([os.path.join(HOST, args[0])] + list(args[1:]), capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


@pytest.fixture
def flash(tmp_path):
    """Factory: a flash file for SERIAL with an optional key and the test image installed."""
    def make(key=KEY_ALL, image=True):
        path = str(tmp_path / "flash-made.bin")
        args = ["pix-flash", "create", path, "--serial", str(SERIAL)]
        if key:
            args += ["--key", key]
        tool(*args)
        if image:
            tool("pix-flash", "install", path, TEST_BIN)
        return path
    return make


def boot_to_end(boot, flash_file, bootdelay=1):
    """Boots the machine on flash_file and lets the countdown run out."""
    con = boot(bootdelay=bootdelay, flash=flash_file)
    con.banner(flash=True, bootdelay=bootdelay)
    return con


def test_licensed_flash_boot_runs_the_image(boot, flash):
    con = boot_to_end(boot, flash())
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\nPIX test image 6.3(5)\r\n", timeout=10)
    con.expect_exact("Serial Number: 12345678 (0x00bc614e)\r\n")
    con.expect_exact("Running Activation Key: %s\r\n" % KEY_ALL)
    con.expect_exact("Failover:           Enabled\r\n")
    con.expect_exact("Test image halted.")


def test_space_boots_at_once(boot, flash):
    con = boot(bootdelay=5, flash=flash())
    con.banner(flash=True, bootdelay=5)
    con.send(" ")
    con.expect_exact("PIX test image 6.3(5)\r\n", timeout=5)


def test_no_key_stops_the_boot(boot, flash):
    con = boot_to_end(boot, flash(key=None))
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\nFlash boot: no activation key in flash\r\n"
                     + mon_banner(), timeout=10)
    con.cmd("address", "address 0.0.0.0")


def test_no_image_stops_the_boot(boot, flash):
    con = boot_to_end(boot, flash(image=False))
    con.expect_exact("\r\r\nFlash boot: no bootable image in flash.\r\n" + mon_banner(), timeout=10)


def test_unformatted_flash_says_so(boot, tmp_path):
    con = boot_to_end(boot, str(tmp_path / "fresh.bin"))
    con.expect_exact(NOT_FORMATTED + mon_banner(), timeout=10)


def test_esc_still_reaches_the_monitor(boot, flash):
    con = boot(bootdelay=3, flash=flash())
    con.banner(flash=True, bootdelay=3)
    con.interrupt()
    con.cmd("address", "address 0.0.0.0")
