"""Signed images (issue 14) on units made with image signing keys (pix-flash create --trust): the
monitor's install and the flash boot take only images signed by one of the unit's keys, and none whose
security version is below the highest the unit has booted; each refusal names its reason and changes
nothing. Keys are made by openssl, images signed by pix-mkimage --sign; images a unit would refuse are
put into its flash with pix-flash install --no-signature-check (what a flash programmer could do), so
that the boot's own check is what stops them. A unit without keys boots what it booted before."""
import hashlib
import subprocess

import pytest

from pixconsole import FIRMWARES, KEY_ALL, PROMPT, SERIAL, TEST_BIN, power_cut, tool
from pixosutil import CONFIG, boot_pixos, flash_show, pixos_version, read, refused, to_config

HDR = 512
UNSIGNED = "image is unsigned; this unit runs only images signed by its keys"
UNKNOWN = "image is signed by an unknown key"
BAD_SIG = "image has a bad signature"
ROLLBACK = "image's security version is lower than the unit's (rollback refused)"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """Two P-256 keys made by openssl: "vendor" (the units trust it) and "other" (they do not).
    Each: (private PEM, public PEM, key id = SHA-256 of the DER public key, as hex)."""
    d = tmp_path_factory.mktemp("keys")
    made = {}
    for name in ("vendor", "other"):
        priv, pub = str(d / (name + ".pem")), str(d / (name + ".pub"))
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", priv],
                       check=True, capture_output=True)
        subprocess.run(["openssl", "ec", "-in", priv, "-pubout", "-out", pub], check=True, capture_output=True)
        der = subprocess.run(["openssl", "ec", "-in", priv, "-pubout", "-outform", "DER"], check=True,
                             capture_output=True).stdout
        made[name] = (priv, pub, hashlib.sha256(der).hexdigest())
    return made


def sign(keys, who, src, dst, sec_version=0, version="6.3(5)"):
    """src re-sealed as version and signed by key who with sec_version (pix-mkimage --sign)."""
    tool("pix-mkimage", "-o", str(dst), "--version", version, "--from", str(src), "--sign", keys[who][0],
         "--security-version", str(sec_version))
    return str(dst)


def reseal(b):
    """The header hash over bytes 0x000-0x1df sealed again: the header holds, the signature does not."""
    b[0x1e0:0x200] = hashlib.sha256(bytes(b[:0x1e0])).digest()
    return bytes(b)


def header_changed(data):
    """One build-text letter changed after signing, the header sealed again."""
    b = bytearray(data)
    b[0x48] ^= 0x20
    return reseal(b)


def payload_changed(data):
    """The last payload byte changed after signing, its SHA-256 and the header sealed again."""
    b = bytearray(data)
    b[-1] ^= 0x01
    b[0x28:0x48] = hashlib.sha256(bytes(b[HDR:])).digest()
    return reseal(b)


def wrongly_signed(keys, data):
    """Signed by "other" under the vendor key's id (the header sealed again): the unit looks up its own
    key, and the signature does not hold."""
    b = bytearray(data)
    b[0x180:0x1a0] = bytes.fromhex(keys["vendor"][2])
    return reseal(b)


def signer_line(keys, sec_version, index=0):
    return "Image signed by key %d (%s...), security version %d\r\n" % (index, keys["vendor"][2][:16],
                                                                        sec_version)


def make_unit(tmp_path, keys, image=None, unchecked=False, trust=True, name="unit.bin"):
    """A flash file for SERIAL with the full key and, with trust, the vendor key; image installed
    (unchecked: without the signature check)."""
    path = str(tmp_path / name)
    args = ["pix-flash", "create", path, "--serial", SERIAL, "--key", KEY_ALL]
    if trust:
        args += ["--trust", keys["vendor"][1]]
    tool(*args)
    if image:
        tool("pix-flash", "install", path, image, *(["--no-signature-check"] if unchecked else []))
    return path


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def unit_secver(path):
    for line in flash_show(path).splitlines():
        if line.startswith("Security version:"):
            return int(line.split()[2])
    raise AssertionError("no security version in pix-flash show:\n" + flash_show(path))


def fetch(con, name):
    """tftp name up to the admin loader's banner."""
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n", 30)
    con.expect_re(r"\r\nPIX admin loader \(3\.0\) #0: [^\r]+\r\nFlash=AT29C040A @ 0x[0-9a-f]+\r\n")


def to_monitor(boot, path):
    con = boot(bootdelay=1, flash=path)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    return con


@pytest.mark.parametrize("firmware", FIRMWARES)
def test_install_takes_signed_images_only(boot, keys, tmp_path):
    """On the ROM and the UEFI application: every wrongly signed image is refused before the
    dialogue, with its reason, and leaves the flash file as it was; a signed one installs, and its
    boot names the key and raises the unit's security version. Then that version's floor: a lower
    one is refused, the same one at an older release installs (the chapter's downgrade)."""
    d = tmp_path / "tftpboot"
    d.mkdir()
    signed = read(sign(keys, "vendor", TEST_BIN, tmp_path / "s.bin", 2))
    (d / "signed.bin").write_bytes(signed)
    (d / "unsigned.bin").write_bytes(read(TEST_BIN))
    other = read(sign(keys, "other", TEST_BIN, tmp_path / "o.bin", 2))
    (d / "unknown.bin").write_bytes(other)
    (d / "wrong.bin").write_bytes(wrongly_signed(keys, other))
    (d / "header.bin").write_bytes(header_changed(signed))
    (d / "payload.bin").write_bytes(payload_changed(signed))
    (d / "older.bin").write_bytes(read(sign(keys, "vendor", TEST_BIN, tmp_path / "v1.bin", 1)))
    (d / "same.bin").write_bytes(read(sign(keys, "vendor", TEST_BIN, tmp_path / "v634.bin", 2, "6.3(4)")))
    path = make_unit(tmp_path, keys)
    con = to_monitor(boot, path)
    before = digest(path)
    for name, why in (("unsigned.bin", UNSIGNED), ("unknown.bin", UNKNOWN), ("wrong.bin", BAD_SIG),
                      ("header.bin", BAD_SIG), ("payload.bin", BAD_SIG)):
        fetch(con, name)
        con.expect_next(why + "\r\nImage not installed\r\n" + PROMPT)
        assert digest(path) == before, name
    fetch(con, "signed.bin")
    con.expect_exact("Flash version none, Install version 6.3.5\r\nInstall to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=60)
    con.send("y\r")
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\n" + signer_line(keys, 2) + "PIX test image 6.3(5)\r\n",
                     timeout=con.boot_timeout)
    con.expect_exact("Signing keys: 1, signed by key 0 (%s...), security version 2, unit security version 2\r\n"
                     % keys["vendor"][2][:16])
    con.expect_exact("Test image halted.")
    con.close()
    assert unit_secver(path) == 2

    con = to_monitor(boot, path)
    before = digest(path)
    fetch(con, "older.bin")
    con.expect_next(ROLLBACK + "\r\nImage not installed\r\n" + PROMPT)
    assert digest(path) == before
    fetch(con, "same.bin")
    con.expect_exact("Flash version 6.3.5, Install version 6.3.4\r\nInstall to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=60)
    con.send("n\r")
    con.expect_exact(PROMPT)
    out = tool("pix-flash", "check", path).stdout
    assert "version 6.3(4), " in out and "signed by key 0 (%s...), security version 2" % keys["vendor"][2][:16] in out


@pytest.mark.parametrize("firmware,case", [("rom", "unsigned"), ("rom", "unknown"), ("rom", "wrong"),
                                           ("rom", "header"), ("rom", "payload"), ("efi", "unsigned")])
def test_boot_refuses_what_a_programmer_put_in(boot, keys, tmp_path, case):
    signed = read(sign(keys, "vendor", TEST_BIN, tmp_path / "s.bin", 0))
    other = read(sign(keys, "other", TEST_BIN, tmp_path / "o.bin"))
    image, why = {
        "unsigned": (read(TEST_BIN), UNSIGNED),
        "unknown": (other, UNKNOWN),
        "wrong": (wrongly_signed(keys, other), BAD_SIG),
        "header": (header_changed(signed), BAD_SIG),
        "payload": (payload_changed(signed), BAD_SIG),
    }[case]
    bad = tmp_path / "bad.bin"
    bad.write_bytes(image)
    path = make_unit(tmp_path, keys, str(bad), unchecked=True)
    assert tool("pix-flash", "check", path, ok=False).stdout.endswith("would not boot: %s\n" % why)
    before = digest(path)
    con = boot(bootdelay=1, flash=path)
    con.banner(flash=True, bootdelay=1)
    con.expect_exact("Flash boot: " + why + "\r\n" + con.mon_banner(), timeout=con.boot_timeout)
    con.cmd("address", "address 0.0.0.0")
    assert digest(path) == before


def test_boot_refuses_a_rollback(boot, keys, tmp_path):
    path = make_unit(tmp_path, keys, sign(keys, "vendor", TEST_BIN, tmp_path / "v3.bin", 3))
    assert unit_secver(path) == 0  # an install does not raise it; the boot does
    con = boot(bootdelay=0, flash=path)
    con.expect_exact(signer_line(keys, 3) + "PIX test image 6.3(5)\r\n", timeout=con.boot_timeout)
    con.expect_exact("Test image halted.")
    con.close()
    assert unit_secver(path) == 3
    tool("pix-flash", "install", path, sign(keys, "vendor", TEST_BIN, tmp_path / "v2.bin", 2, "6.3(6)"),
         "--no-signature-check")
    con = boot(bootdelay=0, flash=path)
    con.expect_exact("Flash boot: " + ROLLBACK + "\r\n" + con.mon_banner(), timeout=con.boot_timeout)
    assert unit_secver(path) == 3


def test_power_cut_while_the_security_version_is_raised(boot, keys, tmp_path):
    """QEMU killed the moment the ROM names the signer, which is when it writes the new security
    version: the unit boots again, its security version is the old or the new, and the next boot
    leaves the new."""
    path = make_unit(tmp_path, keys, sign(keys, "vendor", TEST_BIN, tmp_path / "v5.bin", 5))
    con = boot(bootdelay=0, flash=path)
    con.expect_exact(signer_line(keys, 5), timeout=con.boot_timeout)
    power_cut(con)
    assert unit_secver(path) in (0, 5)
    con = boot(bootdelay=0, flash=path)
    con.expect_exact(signer_line(keys, 5) + "PIX test image 6.3(5)\r\n", timeout=con.boot_timeout)
    con.expect_exact("Test image halted.")
    con.close()
    assert unit_secver(path) == 5


def test_unit_without_keys_boots_any_image(boot, keys, tmp_path):
    path = make_unit(tmp_path, keys, sign(keys, "other", TEST_BIN, tmp_path / "o.bin", 9), trust=False)
    con = boot(bootdelay=0, flash=path)
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\nPIX test image 6.3(5)\r\n", timeout=con.boot_timeout)
    con.expect_exact("Signing keys: 0, unit security version 0\r\n")
    assert "Image signing keys:   none" in flash_show(path)


def test_running_image_names_its_signer_and_copies_signed_images_only(boot, keys, tmp_path):
    d = tmp_path / "tftpboot"
    d.mkdir()
    (d / "unsigned.bin").write_bytes(read(pixos_version(tmp_path, "6.3(6)")))
    (d / "signed.bin").write_bytes(read(sign(keys, "vendor", pixos_version(tmp_path, "6.3(7)"),
                                             tmp_path / "p637.bin", 1, "6.3(7)")))
    pixos = sign(keys, "vendor", pixos_version(tmp_path, "6.3(5)"), tmp_path / "p635.bin", 1)
    path = make_unit(tmp_path, keys, pixos)
    config = tmp_path / "net.cfg"
    config.write_text("ip address inside 10.0.2.15 255.255.255.0\n")
    tool("pix-flash", "config", path, "--version", "6.3(5)", str(config))
    con, _ = boot_pixos(boot, path)
    out = con.run("show version")
    assert signer_line(keys, 1) in out, out
    to_config(con)
    refused(con, path, "copy tftp://10.0.2.2/unsigned.bin flash", "ERROR: unsigned.bin: " + UNSIGNED)
    out = con.run("copy tftp://10.0.2.2/signed.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    out = tool("pix-flash", "check", path).stdout
    assert "version 6.3(7), " in out and "signed by key 0 (%s...), security version 1" % keys["vendor"][2][:16] in out
