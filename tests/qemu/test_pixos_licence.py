"""The chapter's licence procedures in the running image: show activation-key (Examples 11-1, 11-2,
11-3), activation-key with its output and every Table 11-1 message, the key in flash after a reload,
and the two upgrade procedures: "reboot twice" when image and key both change, once when downgrading.

Units are flash files made with pix-flash; other versions of the running image are build/pixos.bin
re-sealed with pix-mkimage --from; new images reach the unit by `copy tftp flash` from QEMU's TFTP
server. What is in flash is read back with pix-flash show after each step."""
import re
import shutil

from pixconsole import KEY_ALL, tool
from pixosutil import (CONFIG, FEATURES_ALL_11_1, KEY_NO_3DES, KEY_SMALL, boot_pixos, flash_show, make_unit,
                       pixos_version, reload, to_config)

SERIAL_LINE = "Serial Number: 12345678 (0xbc614e)"

FEATURES_NO_3DES_11_1 = [ln.replace("VPN-3DES:           Enabled", "VPN-3DES:           Disabled")
                         for ln in FEATURES_ALL_11_1]
FEATURES_SMALL_11_1 = ["Licensed Features:",
                       "Failover:           Disabled",
                       "VPN-DES:            Disabled",
                       "VPN-3DES:           Disabled",
                       "Maximum Interfaces: 2",
                       "Cut-through Proxy:  Disabled",
                       "Guards:             Disabled",
                       "Websense:           Disabled",
                       "Throughput:         60 Mbps",
                       "ISAKMP peers:      10"]


def flash_key(flash):
    return re.search(r"^Flash activation key: (.*)$", flash_show(flash), re.M).group(1)


def flash_boot_version(flash):
    return re.search(r"^Flash boot:\s+slot \d, version (\S+)$", flash_show(flash), re.M).group(1)


def example_11_1(key, features):
    return [SERIAL_LINE, "", "Running activation key: " + key] + features + \
        ["", "The flash activation key is the SAME as the running key."]


def serve(tmp_path, name, image):
    """Puts image in the unit's TFTP folder as name."""
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    shutil.copy(image, str(d / name))


def copy_image(con, name):
    """copy tftp://10.0.2.2/name flash, which must end in "Image installed"."""
    out = con.run("copy tftp://10.0.2.2/%s flash" % name, timeout=60)
    assert re.fullmatch(r"copy tftp://10\.0\.2\.2/%s flash\r\ncopying tftp://10\.0\.2\.2/%s to flash:image\r\n"
                        r"!+\r\nReceived \d+ bytes\r\nWriting image to flash\.*\r\nImage installed\r\n"
                        % (re.escape(name), re.escape(name)) + re.escape(con.prompt), out), out
    return out


def test_example_11_1_and_11_2_and_the_key_change(boot, tmp_path):
    flash = make_unit(tmp_path)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    con.cmd("show activation-key", *example_11_1(KEY_ALL, FEATURES_ALL_11_1))
    con.cmd("activation-key " + KEY_NO_3DES.replace("0x", ""),
            SERIAL_LINE, "", "Flash activation key: " + KEY_NO_3DES, *FEATURES_NO_3DES_11_1, "",
            "The flash activation key has been modified.",
            "The flash activation key is now DIFFERENT than the running key.",
            "The flash activation key will be used when the unit is reloaded.")
    assert flash_key(flash) == KEY_NO_3DES
    con.cmd("show activation-key", SERIAL_LINE, "", "Running activation key: " + KEY_ALL, *FEATURES_ALL_11_1,
            "", "Flash activation key: " + KEY_NO_3DES, *FEATURES_NO_3DES_11_1, "",
            "The flash activation key is DIFFERENT than the running key.",
            "The flash activation key takes effect after the next reload.")
    text = reload(con)
    assert "VPN-3DES:                    Disabled\r\n" in text
    to_config(con)
    con.cmd("show activation-key", *example_11_1(KEY_NO_3DES, FEATURES_NO_3DES_11_1))
    out = con.run("show version")
    assert "\r\nVPN-3DES:           Disabled\r\n" in out
    assert "\r\nRunning Activation Key: %s\r\n" % KEY_NO_3DES in out


def test_keys_that_are_refused_change_nothing(boot, tmp_path):
    flash = make_unit(tmp_path)
    other = tool("pix-keygen", "--serial", "87654321").stdout.strip()
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    w = KEY_NO_3DES.split()
    cases = [
        ("activation-key %s %s %s" % tuple(w[:3]),
         ["ERROR: an activation key is four words; 3 given", "The activation key is not valid."]),
        ("activation-key %s %s %s %s 0x1" % tuple(w),
         ["ERROR: an activation key is four words; 5 given", "The activation key is not valid."]),
        ("activation-key %s %s 0x4e57628g %s" % (w[0], w[1], w[3]),
         ["ERROR: activation key word 3 '0x4e57628g' is not hexadecimal", "The activation key is not valid."]),
        ("activation-key %s %s 0x2345678ab %s" % (w[0], w[1], w[3]),
         ["ERROR: activation key word 3 '0x2345678ab' has more than 8 hex digits (1-8)",
          "The activation key is not valid."]),
        ("activation-key " + other,
         ["ERROR: the key is for serial number 87654321, not this unit's 12345678",
          "The activation key is not valid."]),
        ("activation-key 0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23512", ["The activation key is not valid."]),
        ("activation-key " + KEY_ALL.upper().replace("0X", "0x"),
         ["The activation key you entered is the same as the Running key."]),
        ("activation-key", ["ERROR: an activation key is four words; 0 given", "The activation key is not valid."]),
    ]
    before = flash_show(flash)
    errors = [e for e in (con.check(line, *want) for line, want in cases) if e]
    assert not errors, "\n".join(errors)
    assert flash_show(flash) == before


def test_example_11_3_after_copy_tftp_flash_and_reboot_twice(boot, tmp_path):
    """The chapter's upgrade when image and key both change: install the new image, reboot, enter the new
    key (refused before the reboot: the images differ), reboot again."""
    old = pixos_version(tmp_path, "6.3(4)")
    flash = make_unit(tmp_path, key=KEY_SMALL, image=old)
    serve(tmp_path, "pix635.bin", pixos_version(tmp_path, "6.3(5)"))
    con, text = boot_pixos(boot, flash, version="6.3(4)")
    assert "This PIX has a Restricted (R) license.\r\n" in text
    to_config(con)
    con.cmd("ip address inside 10.0.2.15 255.255.255.0")
    copy_image(con, "pix635.bin")
    assert flash_boot_version(flash) == "6.3(5)"
    con.cmd("show activation-key", SERIAL_LINE, "", "Running activation key: " + KEY_SMALL,
            *FEATURES_SMALL_11_1, "",
            "The flash image is DIFFERENT than the running image.",
            "The two images must be the same in order to examine the flash activation key.")
    con.cmd("activation-key " + KEY_ALL, "The Flash image and the Running image differ.")
    assert flash_key(flash) == KEY_SMALL
    reload(con, version="6.3(5)")
    to_config(con)
    con.cmd("show activation-key", *example_11_1(KEY_SMALL, FEATURES_SMALL_11_1))
    out = con.run("activation-key " + KEY_ALL)
    assert "The flash activation key has been modified.\r\n" in out, out
    text = reload(con, version="6.3(5)")
    assert "This PIX has an Unrestricted (UR) license.\r\n" in text
    to_config(con)
    out = con.run("show version")
    assert "\r\nCisco PIX Firewall Version 6.3(5)\r\n" in out
    assert "\r\nRunning Activation Key: %s\r\n" % KEY_ALL in out


def test_downgrade_reboots_once(boot, tmp_path):
    """The chapter's downgrade: the key is changed while the running image is the flash image, then the
    older image is installed, and one reload runs the older image with the new key."""
    flash = make_unit(tmp_path)
    serve(tmp_path, "pix634.bin", pixos_version(tmp_path, "6.3(4)"))
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    out = con.run("activation-key " + KEY_NO_3DES)
    assert "The flash activation key has been modified.\r\n" in out, out
    con.cmd("ip address inside 10.0.2.15 255.255.255.0")
    copy_image(con, "pix634.bin")
    con.prompt = CONFIG
    reload(con, version="6.3(4)")
    to_config(con)
    out = con.run("show version")
    assert "\r\nCisco PIX Firewall Version 6.3(4)\r\n" in out
    assert "\r\nRunning Activation Key: %s\r\n" % KEY_NO_3DES in out
    con.cmd("show activation-key", *example_11_1(KEY_NO_3DES, FEATURES_NO_3DES_11_1))
