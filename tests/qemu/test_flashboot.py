"""Flash boot: the ROM boots the newest verified image only with a valid activation key for the
unit's serial number, and otherwise says why and enters the monitor. Flash files are made with the
real host tools (pix-flash, pix-keygen) and the test image build/test.bin; a configuration newer
than the image (pix-flash config) gets the reference's Configuration Compatibility Warning."""
import os

import pytest

from pixconsole import KEY_ALL, NO_DRIVE, NOT_FORMATTED, SERIAL, TEST_BIN, mon_banner, tool


@pytest.fixture
def flash(tmp_path):
    """Factory: a flash file for SERIAL with an optional key and the test image installed."""
    def make(key=KEY_ALL, image=True):
        path = str(tmp_path / "flash-made.bin")
        args = ["pix-flash", "create", path, "--serial", SERIAL]
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
    con.expect_exact("\r\r\n" + NO_DRIVE + "Flash boot: no bootable image in flash.\r\n" + mon_banner(),
                     timeout=10)


def test_unformatted_flash_says_so(boot, tmp_path):
    con = boot_to_end(boot, str(tmp_path / "fresh.bin"))
    con.expect_exact(NOT_FORMATTED + mon_banner(), timeout=10)


def test_esc_still_reaches_the_monitor(boot, flash):
    con = boot(bootdelay=3, flash=flash())
    con.banner(flash=True, bootdelay=3)
    con.interrupt()
    con.cmd("address", "address 0.0.0.0")


# What the reference prints when the configuration in flash is newer than the image being loaded
# (pix-software-chapter.txt, "Configuration Compatibility Warning"), line for line.
CONFIG_TEXT = "hostname pixfirewall\nnameif ethernet0 outside security0\n"


def compatibility_warning(config, image):
    return ("Configuration Compatibility Warning:\r\n"
            "The config is from version %s.\r\n"
            "but the image is version %s.\r\n" % (config, image))


def write_config(flash_file, version):
    """Stores CONFIG_TEXT as PIX OS `version` would ("write memory"), with pix-flash config."""
    text = os.path.join(os.path.dirname(flash_file), "pix.cfg")
    with open(text, "w") as f:
        f.write(CONFIG_TEXT)
    tool("pix-flash", "config", flash_file, "--version", version, text)


def test_newer_configuration_warns_and_boots(boot, flash):
    path = flash()
    write_config(path, "7.0(1)")
    con = boot_to_end(boot, path)
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\n", timeout=10)
    con.expect_next(compatibility_warning("7.0(1)", "6.3(5)") + "PIX test image 6.3(5)\r\n")
    con.expect_exact("Running Activation Key: %s\r\n" % KEY_ALL)
    con.expect_exact("Test image halted.")


@pytest.mark.parametrize("version", ["6.3(5)", "6.2(1)"])
def test_same_or_older_configuration_boots_quietly(boot, flash, version):
    path = flash()
    write_config(path, version)
    con = boot_to_end(boot, path)
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\n", timeout=10)
    con.expect_next("PIX test image 6.3(5)\r\n")
    con.expect_exact("Test image halted.")
