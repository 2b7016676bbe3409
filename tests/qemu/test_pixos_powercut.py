"""Power cuts in the running image: QEMU killed (SIGKILL) at moments spread over an `activation-key`,
a `copy tftp flash` and a `copy http flash`, on a flash with the AT29C040A's datasheet timing (10 ms per sector program
cycle) so the writes take long enough to be cut. After every cut the unit has the old key or the new
one, the old image or the new one, never a mix: pix-flash check and show say which, and a power-on
boots the running image with exactly that key and version.

The moments: a first, uncut run measures how long the command takes (from Enter to its prompt), then
the points are spread over that time, plus a few right at the start."""
import re
import shutil
import time

import pytest

from certs import Certs
from httpserver import Lighttpd
from pixconsole import KEY_ALL, power_cut, tool
from pixosutil import (CONFIG, KEY_NO_3DES, boot_pixos, flash_show, make_unit, pixos_version, to_config)

NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\n"
EARLY = (0.0, 0.003, 0.006)  # seconds after Enter
SPREAD = 8  # D*k/SPREAD for k = 1..SPREAD
COMMAND_TIMEOUT = 60


def what_boots(flash):
    """(version, key) that a power-on would start, by the host tools; pix-flash check must pass."""
    r = tool("pix-flash", "check", flash, ok=False)
    assert r.returncode == 0, "pix-flash check: exit %d: %s%s" % (r.returncode, r.stdout, r.stderr)
    shown = flash_show(flash)
    version = re.search(r"^Flash boot:\s+slot \d, version (\S+)$", shown, re.M).group(1)
    key = re.search(r"^Flash activation key: (.*)$", shown, re.M).group(1)
    return version, key


def runs(boot, flash, version, key):
    """Powers the unit on: the running image must be version with key."""
    con, _ = boot_pixos(boot, flash, version=version, flashtiming="datasheet")
    out = con.run("show version")
    assert "\r\nRunning Activation Key: %s\r\n" % key in out, out
    con.close()


def start(boot, flash):
    con, _ = boot_pixos(boot, flash, flashtiming="datasheet")
    to_config(con)
    return con


def measure(boot, flash, line):
    """An uncut run of line: how long from Enter to the prompt."""
    con = start(boot, flash)
    con.send(line + "\r")
    t0 = time.monotonic()
    out = con.until_prompt(timeout=COMMAND_TIMEOUT)
    duration = time.monotonic() - t0
    con.close()
    return duration, out


def cut_points(duration):
    return list(EARLY) + [duration * k / SPREAD for k in range(1, SPREAD + 1)]


@pytest.fixture
def pristine(tmp_path):
    """A unit running 6.3(5) with the DESIGN.md key and an address on inside; copies of it by name."""
    master = make_unit(tmp_path, name="master", config=NET_CONFIG)

    def copy(name):
        path = str(tmp_path / ("%s.bin" % name))
        shutil.copy(master, path)
        return path

    def trust(cert):
        tool("pix-flash", "trust", master, "--add", cert)
    copy.trust = trust
    return copy


def test_power_cut_during_activation_key(boot, pristine):
    line = "activation-key " + KEY_NO_3DES
    duration, out = measure(boot, pristine("measure"), line)
    assert "The flash activation key has been modified." in out, out
    seen = set()
    for i, delay in enumerate(cut_points(duration)):
        flash = pristine("cut%d" % i)
        con = start(boot, flash)
        con.send(line + "\r")
        t0 = time.monotonic()
        time.sleep(max(0.0, t0 + delay - time.monotonic()))  # the moment of the cut, not a wait for output
        rest = power_cut(con)
        version, key = what_boots(flash)
        assert version == "6.3(5)"
        assert key in (KEY_ALL, KEY_NO_3DES), key
        if "The flash activation key has been modified." in rest:
            assert key == KEY_NO_3DES, "the console said modified, the flash has %s" % key
        seen.add(key)
        runs(boot, flash, version, key)
    assert KEY_ALL in seen, "no cut came before the key was written: the points do not cover the command"


def test_power_cut_during_copy_tftp_flash(boot, pristine, tmp_path):
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    shutil.copy(pixos_version(tmp_path, "6.3(6)"), str(d / "pix636.bin"))
    line = "copy tftp://10.0.2.2/pix636.bin flash"
    con = start(boot, pristine("measure"))
    con.send(line + "\r")
    con.expect_exact("\r\nWriting image to flash", timeout=COMMAND_TIMEOUT)
    t0 = time.monotonic()
    out = con.until_prompt(timeout=COMMAND_TIMEOUT)
    duration = time.monotonic() - t0
    assert out.endswith("Image installed\r\n" + CONFIG), out
    con.close()
    seen = set()
    for i, delay in enumerate(cut_points(duration)):
        flash = pristine("cut%d" % i)
        con = start(boot, flash)
        con.send(line + "\r")
        con.expect_exact("\r\nWriting image to flash", timeout=COMMAND_TIMEOUT)
        t0 = time.monotonic()
        time.sleep(max(0.0, t0 + delay - time.monotonic()))  # the moment of the cut, not a wait for output
        rest = power_cut(con)
        version, key = what_boots(flash)
        assert version in ("6.3(5)", "6.3(6)"), version
        assert key == KEY_ALL
        if "Image installed" in rest:
            assert version == "6.3(6)", "the console said installed, the flash boots %s" % version
        seen.add(version)
        runs(boot, flash, version, key)
    assert "6.3(5)" in seen, "no cut came before the new image was current"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_power_cut_during_copy_http_flash(boot, pristine, tmp_path, scheme):
    """Cuts spread over the whole command, the download from lighttpd included (https: the handshake
    and the verification too, the CA added to the flash with pix-flash trust)."""
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(pixos_version(tmp_path, "6.3(6)"), str(root / "pix636.bin"))
    tls = None
    if scheme == "https":
        pki = Certs(tmp_path / "pki")
        tls = pki.server("srv", "IP:10.0.2.2")
        pristine.trust(pki.ca)
    www = Lighttpd(tmp_path, root, tls=tls)
    try:
        line = "copy %s flash" % www.url("pix636.bin")
        duration, out = measure(boot, pristine("measure"), line)
        assert out.endswith("Image installed\r\n" + CONFIG), out
        seen = set()
        for i, delay in enumerate(cut_points(duration)):
            flash = pristine("cut%d" % i)
            con = start(boot, flash)
            con.send(line + "\r")
            t0 = time.monotonic()
            time.sleep(max(0.0, t0 + delay - time.monotonic()))  # the moment of the cut, not a wait for output
            rest = power_cut(con)
            version, key = what_boots(flash)
            assert version in ("6.3(5)", "6.3(6)"), version
            assert key == KEY_ALL
            if "Image installed" in rest:
                assert version == "6.3(6)", "the console said installed, the flash boots %s" % version
            seen.add(version)
            runs(boot, flash, version, key)
        assert "6.3(5)" in seen, "no cut came before the new image was current"
    finally:
        www.stop()
