"""Helpers of the running-image tests: units whose flash holds build/pixos.bin (made with the real host
tools), booted from power-on through the ROM's flash boot, and driven at the `pixfirewall>` prompt.

A unit is a flash file: pix-flash create (serial 12345678, a key), pix-flash install of an image, and
optionally a stored configuration (pix-flash config). Images of other versions are build/pixos.bin
re-sealed with pix-mkimage --from, as the issue's upgrade tests need.
"""
import os
import re

from pixconsole import KEY_ALL, PIXOS_BIN, SERIAL, tool

BOOT_TO_PROMPT = 40  # power-on to the first prompt under TCG on a loaded 2-core machine
ESC = "\x1b"

USER = "pixfirewall> "
ENABLE = "pixfirewall# "
CONFIG = "pixfirewall(config)# "
HINT = "Type help or '?' for a list of available commands."

# The 6.3 image banner for the DESIGN.md key with every feature (29-column values).
BANNER_ALL = ("\r\nCisco PIX Firewall Version %s\r\n"
              "Licensed Features:\r\n"
              "Failover:                    Enabled\r\n"
              "VPN-DES:                     Enabled\r\n"
              "VPN-3DES:                    Enabled\r\n"
              "Maximum Interfaces:          6\r\n"
              "Cut-through Proxy:           Enabled\r\n"
              "Guards:                      Enabled\r\n"
              "Websense:                    Enabled\r\n"
              "Throughput:                  Unlimited\r\n"
              "ISAKMP peers:                Unlimited\r\n"
              "\r\n"
              "This PIX has an Unrestricted (UR) license.\r\n"
              "\r\n")

# Example 11-1's feature block (show activation-key), for the DESIGN.md key with every feature.
FEATURES_ALL_11_1 = ["Licensed Features:",
                     "Failover:           Enabled",
                     "VPN-DES:            Enabled",
                     "VPN-3DES:           Enabled",
                     "Maximum Interfaces: 6",
                     "Cut-through Proxy:  Enabled",
                     "Guards:             Enabled",
                     "Websense:           Enabled",
                     "Throughput:         Unlimited",
                     "ISAKMP peers:      Unlimited"]

SLOT_SIZE = 16 * 184 * 1024  # flash/layout.h: a slot's share of each of the 16 chips
SIZES_MIB = (1, 8, 32)  # the images copy http[s] must bring whole (issue 10)

# DESIGN.md's other vectors for serial 12345678.
KEY_NO_3DES = "0xf127d01b 0x78c0c4b7 0x4e576280 0x49ba8482"
KEY_SMALL = "0x167f137f 0x7653ee5b 0xa1591a7d 0xf8a49356"


def header_field(image, offset):
    """A little-endian u32 of an image header."""
    with open(image, "rb") as f:
        f.seek(offset)
        return int.from_bytes(f.read(4), "little")


def pixos_version(tmp_path, version, kind=None):
    """build/pixos.bin re-sealed as another version (pix-mkimage --from); kind "pdm" makes a PDM
    archive of the same payload instead."""
    out = str(tmp_path / ("pixos-%s%s.bin" % (re.sub(r"[()]", "_", version), kind or "")))
    if kind:
        payload = str(tmp_path / "pixos.payload")
        with open(PIXOS_BIN, "rb") as f, open(payload, "wb") as g:
            g.write(f.read()[512:])
        tool("pix-mkimage", "-o", out, "--version", version, "--kind", kind, payload)
    else:
        tool("pix-mkimage", "-o", out, "--version", version, "--from", PIXOS_BIN)
    return out


def make_unit(tmp_path, name="unit", key=KEY_ALL, image=PIXOS_BIN, config=None, config_version="6.3(5)",
              serial=SERIAL):
    """A flash file for serial number serial (default SERIAL) with key (None: none), image installed
    (None: none) and, when config is a text, that configuration stored as config_version wrote it."""
    path = str(tmp_path / ("%s.bin" % name))
    args = ["pix-flash", "create", path, "--serial", serial]
    if key:
        args += ["--key", key]
    tool(*args)
    if image:
        tool("pix-flash", "install", path, image)
    if config is not None:
        text = str(tmp_path / ("%s.cfg" % name))
        with open(text, "w") as f:
            f.write(config)
        tool("pix-flash", "config", path, "--version", config_version, text)
    return path


def boot_pixos(boot, flash, version="6.3(5)", serial="stdio", prompt=USER, **kw):
    """Power on a unit and run it to its first prompt (prompt); returns (console, what the image
    printed from its banner up to the prompt, the banner's first blank line included)."""
    con = boot(bootdelay=1, flash=flash, serial=serial, **kw)
    return con, wait_pixos(con, version, prompt)


def wait_pixos(con, version="6.3(5)", prompt=USER, unit_serial=SERIAL, timeout=BOOT_TO_PROMPT):
    """On a unit's console from power-on (or a reset): wait for the ROM's flash boot of unit_serial's
    flash and the image's first prompt (prompt), each within timeout; returns what the image printed
    from its banner up to the prompt, the banner's first blank line included."""
    serial = int(str(unit_serial), 0)
    con.expect_exact("Serial Number: %d (0x%x)\r\n" % (serial, serial), timeout=timeout)
    con.prompt = prompt
    start = "\r\nCisco PIX Firewall Version %s\r\n" % version
    before = con.expect_exact(start, timeout=timeout)
    text = con.expect_exact(prompt, timeout=timeout)
    return before + start + text + prompt


def to_enable(con):
    con.prompt = ENABLE
    con.cmd("enable")


def to_config(con):
    to_enable(con)
    con.prompt = CONFIG
    con.cmd("configure terminal")


def flash_show(path):
    """pix-flash show of a unit's flash file."""
    return tool("pix-flash", "show", path).stdout


def reload(con, version="6.3(5)", prompt=USER):
    """reload, confirmed; waits for the image's next prompt (prompt) and returns what it printed from
    its banner."""
    con.send("reload\r")
    con.expect_exact("Proceed with reload? [confirm] ")
    con.send("\r")
    con.expect_exact("Rebooting...\r\n")
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\n", timeout=BOOT_TO_PROMPT)
    start = "\r\nCisco PIX Firewall Version %s\r\n" % version
    con.expect_exact(start, timeout=BOOT_TO_PROMPT)
    con.prompt = prompt
    return start + con.expect_exact(prompt, timeout=BOOT_TO_PROMPT) + prompt



def read(path):
    with open(path, "rb") as f:
        return f.read()


def current_version(flash):
    """The version of the image a unit's flash file would boot (pix-flash show)."""
    return re.search(r"^Flash boot:\s+slot \d, version (\S+)$", flash_show(flash), re.M).group(1)


def installed(shown, size, dest="image"):
    """A regular expression of copy's output from its "copying" line to the config prompt when the image
    (size bytes, from the URL as shown) was installed."""
    return (re.escape("copying %s to flash:%s\r\n" % (shown, dest)) + r"!*\r?\n?" +
            re.escape("Received %d bytes\r\n" % size) + r"Writing image to flash\.*\r\nImage installed\r\n" +
            re.escape(CONFIG))


def refused(con, flash, line, *reason, timeout=60, what="Image"):
    """line must end in the lines of reason and "<what> not installed", and leave the flash as it was.
    Returns its output."""
    before = flash_show(flash)
    out = con.run(line, timeout=timeout)
    want = "".join(r + "\r\n" for r in reason) + what + " not installed\r\n" + CONFIG
    assert out.endswith(want), "%s:\n%r" % (line, out)
    assert flash_show(flash) == before, line
    return out


def sized_images(tmp_path, root):
    """In folder root (a server's): pix<N>.bin for N in SIZES_MIB, images of exactly N MiB (a random
    payload sealed as 6.3(6), loaded at 4 MiB), and an empty empty.bin."""
    for mib in SIZES_MIB:
        payload = tmp_path / ("p%d" % mib)
        payload.write_bytes(os.urandom((mib << 20) - 512))
        tool("pix-mkimage", "-o", str(root / ("pix%d.bin" % mib)), "--version", "6.3(6)", "--load",
             "0x400000", "--entry", "0x400000", str(payload))
        payload.unlink()
    (root / "empty.bin").write_bytes(b"")


def sizes_arrive_intact(con, flash, url, timeout):
    """copy of each of sized_images()'s files, url(name) its URL, on a unit at the config prompt with 128
    MiB of RAM (a 32 MiB download area). The image's SHA-256 is checked before its size, so an image
    larger than a slot (8 and 32 MiB) that is refused for its size, and not for its checksum, arrived
    whole; 1 MiB installs; the empty file is refused. timeout(mib): seconds one copy may take."""
    out = con.run("copy %s flash" % url("pix1.bin"), timeout=timeout(1))
    assert re.search(installed(url("pix1.bin"), 1 << 20), out), out
    assert current_version(flash) == "6.3(6)"
    for mib in SIZES_MIB[1:]:
        out = refused(con, flash, "copy %s flash" % url("pix%d.bin" % mib),
                      "! Insufficient flash space available for this request:",
                      "Size info:request:%d current:%d delta:%d free:%d"
                      % (mib << 20, 1 << 20, (mib << 20) - (1 << 20), SLOT_SIZE), timeout=timeout(mib))
        assert "Received %d bytes\r\n" % (mib << 20) in out, out
    refused(con, flash, "copy %s flash" % url("empty.bin"), "ERROR: empty.bin is not a PIX image (no PIXIMAGE header)")
