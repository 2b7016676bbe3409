"""Install after tftp: the admin-loader dialogue checks the image, asks for confirmation and, on a
unit without a valid key, for the activation key in four words; it writes the image to the other
slot, and a reload boots it. Bad images and keys are refused with their message and leave what was
installed bootable; so is a file that is not a PIX image at all, in one line, before the dialogue.
Flash files and images come from the real host tools."""
import hashlib
import re

import pytest

from pixconsole import FIRMWARES, KEY_ALL, NOT_PIX, PROMPT, TEST_BIN, expected, tool


@pytest.fixture(params=FIRMWARES)
def firmware(request):
    """Every test here runs on the ROM and on the UEFI application."""
    return request.param

KEY_WORDS = KEY_ALL.split()


@pytest.fixture
def unit(tmp_path, boot):
    """Factory: a unit with serial 12345678 (key and image optional), test.bin and variants served."""
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    image = open(TEST_BIN, "rb").read()
    (d / "test.bin").write_bytes(image)
    tampered = bytearray(image)
    tampered[-1] ^= 0x01  # last payload byte
    (d / "tampered.bin").write_bytes(bytes(tampered))
    (d / "truncated.bin").write_bytes(image[:-100])
    (d / "notpix.bin").write_bytes(bytes([image[0] ^ 0x01]) + image[1:])  # "QIXIMAGE"
    (d / "short.bin").write_bytes(image[:7])  # the magic cut short
    (d / "empty.bin").write_bytes(b"")

    def make(key=True, image_installed=False, nic="i82558b"):
        path = str(tmp_path / "unit-flash.bin")
        args = ["pix-flash", "create", path, "--serial", "12345678"]
        if key:
            args += ["--key", " ".join(KEY_WORDS)]
        tool(*args)
        if image_installed:
            tool("pix-flash", "install", path, TEST_BIN)
        con = boot(bootdelay=1, flash=path, nic=nic)
        con.banner(flash=True, bootdelay=1)
        con.interrupt(nic)
        con.cmd("address 10.0.2.15", "address 10.0.2.15")
        con.cmd("server 10.0.2.2", "server 10.0.2.2")
        con.flash_path = path
        return con
    return make


def fetch(con, name):
    """tftp name up to the admin loader's banner; returns the output after "Received"."""
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n", 30)
    con.expect_re(r"\r\nPIX admin loader \(3\.0\) #0: [^\r]+\r\nFlash=AT29C040A @ 0x[0-9a-f]+\r\n")


def reload_boots_test_image(con):
    con.send("reload\r")
    con.expect_exact("Rebooting...", timeout=10)
    con.expect_exact("PIX test image 6.3(5)\r\n", timeout=20)


@pytest.mark.parametrize("nic", ["i82558b", "e1000"])
def test_install_with_key_entry_then_reload_boots_it(unit, nic):
    con = unit(key=False, nic=nic)
    fetch(con, "test.bin")
    con.expect_exact("Flash version none, Install version 6.3.5\r\nInstall to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("y\r\nSerial Number: 12345678 (0xbc614e)\r\nEnter Activation Key\r\n")
    for i, w in enumerate(KEY_WORDS):
        con.expect_exact("Part %d of 4: " % (i + 1))
        con.send(w + "\r")
    con.expect_exact("Installing to flash")
    con.expect_exact("\r\nImage installed\r\nBoot the new image? [yn] ", timeout=60)
    con.send("n\r")
    con.expect_exact("n\r\n" + PROMPT)
    reload_boots_test_image(con)
    con.expect_exact("Running Activation Key: %s\r\n" % " ".join(KEY_WORDS))


@pytest.mark.parametrize("nic", ["i82558b", "e1000"])
def test_install_and_boot_at_once(unit, nic):
    """The image starts with the NICs stopped: the one tftp used was receiving, and a NIC that can
    still write to memory would write into the image's. The test image reads each NIC's PCI
    command register: bus mastering must be off on both."""
    con = unit(key=True, nic=nic)
    fetch(con, "test.bin")
    con.expect_exact("Install to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=60)
    con.send("y\r")
    con.expect_exact("PIX test image 6.3(5)\r\n", timeout=20)
    out = con.expect_exact("Test image halted.")
    nics = re.findall(r"^NIC 00:(0[de])\.0 [0-9a-f]{4}:[0-9a-f]{4}: bus master (\w+)\r$", out, re.M)
    assert nics == [("0d", "off"), ("0e", "off")], out


def test_decline_installs_nothing(unit):
    con = unit(key=True, image_installed=False)
    fetch(con, "test.bin")
    con.expect_exact("Install to flash? [yn] ")
    con.send("n\r")
    con.expect_exact("n\r\nImage not installed\r\n" + PROMPT)
    assert "would boot" not in tool("pix-flash", "check", con.flash_path, ok=False).stdout


@pytest.mark.parametrize("name,message", [
    ("tampered.bin", "Checksum verification on flash image failed"),
    ("truncated.bin", None),
])
def test_bad_image_refused_installed_one_still_boots(unit, name, message):
    con = unit(key=True, image_installed=True)
    fetch(con, name)
    before, m = con.expect_re(r"([^\r\n]+)\r\nImage not installed\r\n" + re.escape(PROMPT))
    assert before == ""
    if message:
        assert m.group(1) == message
    reload_boots_test_image(con)


@pytest.mark.parametrize("name", ["notpix.bin", "short.bin", "empty.bin"])
def test_not_a_pix_image_refused_installed_one_still_boots(unit, tmp_path, name):
    """No PIXIMAGE magic: one line after "Received", no dialogue, the flash untouched, the download still
    there for checksum, and a reload boots the installed image."""
    data = (tmp_path / "tftpboot" / name).read_bytes()
    con = unit(key=True, image_installed=True)
    with open(con.flash_path, "rb") as f:
        flash = f.read()
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    out = con.until_prompt(30)
    assert out == expected("tftp", "tftp %s@10.0.2.2" % name, "Received %d bytes" % len(data),
                           (NOT_PIX % name).rstrip("\r\n")), out
    with open(con.flash_path, "rb") as f:
        assert f.read() == flash, "the flash changed"
    con.cmd("checksum", "%d bytes, SHA-256 %s" % (len(data), hashlib.sha256(data).hexdigest()))
    reload_boots_test_image(con)


def test_key_for_another_serial_refused(unit, tmp_path):
    other = tool("pix-keygen", "--serial", "87654321", "--features", "failover").stdout.split()
    con = unit(key=False, image_installed=False)
    fetch(con, "test.bin")
    con.expect_exact("Install to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("Enter Activation Key\r\n")
    for i, w in enumerate(other):
        con.expect_exact("Part %d of 4: " % (i + 1))
        con.send(w + "\r")
    con.expect_exact("The activation key is not valid.\r\nImage not installed\r\n" + PROMPT, timeout=10)


def test_malformed_key_refused(unit):
    con = unit(key=False)
    fetch(con, "test.bin")
    con.expect_exact("Install to flash? [yn] ")
    con.send("y\r")
    con.expect_exact("Enter Activation Key\r\n")
    for i, w in enumerate(["0x1", "xyz", "1", "123456789"]):
        con.expect_exact("Part %d of 4: " % (i + 1))
        con.send(w + "\r")
    con.expect_exact("The activation key is not valid.\r\nImage not installed\r\n" + PROMPT, timeout=10)
