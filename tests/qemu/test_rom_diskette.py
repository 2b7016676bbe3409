"""The PIX ROM boots a Boothelper diskette in drive A (issue 12), before its flash.

Each test makes its diskette here: a 1474560-byte file with a boot sector that carries the descriptor
of boot/common/bhdisk.h (the boot code itself does not matter to the ROM) and, from LBA 1, a kind-3
image that pix-mkimage --kind boothelper makes from the test image's payload (build/test.bin), which
says "PIX test image 6.3(5)" when entered. The unit's flash (pix-flash) holds the same test image,
licensed, so a flash boot prints the ROM's "Serial Number:" line first and a diskette boot does not:
that tells which of the two ran.

A bootable diskette is read and entered, with the flash's serial number and key in the boot
information; Esc still reaches the monitor; every other diskette (and no drive, and an empty drive)
gets one "Diskette boot: ..." line and the flash boot follows. Neither the flash nor the diskette is
ever written.
"""
import hashlib
import os
import struct

import pytest

from pixconsole import KEY_ALL, NO_DRIVE, SERIAL, TEST_BIN, pixqemu, tool

DISK_SIZE = 1474560
SECTOR = 512
HDR = 512
BOOTDELAY = 1
# What the flash boot of the unit's flash prints, right after the countdown's end ("\r\r\n").
FLASH_BOOT = "Serial Number: 12345678 (0xbc614e)\r\nPIX test image 6.3(5)\r\n"
DISKETTE_BOOT = "PIX test image 6.3(5)\r\n"
BOOT_OUTPUT_TIMEOUT = 10


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def payload_of_test_image():
    """The test image's payload, load and entry addresses (from its header)."""
    with open(TEST_BIN, "rb") as f:
        img = f.read()
    size, load, entry = struct.unpack_from("<III", img, 0x18)
    return img[HDR:HDR + size], load, entry


def make_image(tmp_path, kind="boothelper", load=None, entry=None):
    """A PIX image of the test image's payload, made by pix-mkimage; returns its bytes."""
    payload, tload, tentry = payload_of_test_image()
    src = tmp_path / "payload.bin"
    src.write_bytes(payload)
    out = tmp_path / ("bh-%s.bin" % kind)
    tool("pix-mkimage", "-o", out, "--version", "6.3(5)", "--kind", kind,
         "--load", "0x%x" % (tload if load is None else load),
         "--entry", "0x%x" % (tentry if entry is None else entry), src)
    return out.read_bytes()


def boot_sector(image_len, magic=b"PIXBHDSK", version=1, lba=1, signature=True):
    """LBA 0: a jump over the descriptor, the descriptor, a few bytes of code, 0x55 0xAA."""
    s = bytearray(SECTOR)
    s[0:3] = b"\xeb\x3c\x90"
    s[3:11] = magic
    struct.pack_into("<HHI", s, 11, version, lba, image_len)
    s[0x13:0x16] = b"\xfa\xf4\xeb"  # cli; hlt; (the PIX ROM never runs it)
    if signature:
        s[510:512] = b"\x55\xaa"
    return s


def make_disk(tmp_path, image, sector=None, size=DISK_SIZE, name="diskette.img"):
    """A diskette image file: sector (default: a valid one for image) at LBA 0, image from LBA 1."""
    d = bytearray(DISK_SIZE)
    d[0:SECTOR] = boot_sector(len(image)) if sector is None else sector
    d[SECTOR:SECTOR + len(image)] = image
    path = tmp_path / name
    path.write_bytes(bytes(d[:size]))
    return str(path)


def floppy_args(floppy):
    """QEMU arguments for drive A as the launcher gives them: None (no drive), "empty" or a file."""
    argv = pixqemu.qemu_argv(rom="rom", flash=None, floppy=floppy, make_dirs=False, nics=0)
    i = argv.index("-drive") if "-drive" in argv else None
    if i is None:
        return []
    j = argv.index("-device", i)
    return argv[i:j + 2]


@pytest.fixture
def unit(tmp_path):
    """A flash file for SERIAL, licensed, with the test image installed."""
    path = str(tmp_path / "flash-unit.bin")
    tool("pix-flash", "create", path, "--serial", SERIAL, "--key", KEY_ALL)
    tool("pix-flash", "install", path, TEST_BIN)
    return path


def power_on(boot, flash, floppy):
    con = boot(bootdelay=BOOTDELAY, flash=flash, extra=floppy_args(floppy))
    con.banner(flash=True, bootdelay=BOOTDELAY)
    return con


def test_bootable_diskette_runs_its_program(boot, unit, tmp_path):
    disk = make_disk(tmp_path, make_image(tmp_path))
    before = digest(unit), digest(disk)
    con = power_on(boot, unit, disk)
    # no "Serial Number:" line of the ROM's flash boot: the diskette's program runs
    con.expect_next("\r\r\n" + DISKETTE_BOOT, timeout=BOOT_OUTPUT_TIMEOUT)
    # the boot information carries the flash's serial number and key
    con.expect_exact("Serial Number: 12345678 (0x00bc614e)\r\n")
    con.expect_exact("Running Activation Key: %s\r\n" % KEY_ALL)
    con.expect_exact("Test image halted.")
    assert (digest(unit), digest(disk)) == before, "the flash or the diskette was written"


def test_bootable_diskette_without_flash(boot, tmp_path):
    """No flash device at all: the diskette still boots (serial number 0, no key)."""
    disk = make_disk(tmp_path, make_image(tmp_path))
    con = boot(bootdelay=BOOTDELAY, flash=False, extra=floppy_args(disk))
    con.banner(flash=False, bootdelay=BOOTDELAY)
    con.expect_next("\r\r\n" + DISKETTE_BOOT, timeout=BOOT_OUTPUT_TIMEOUT)
    con.expect_exact("Serial Number: 0 (0x00000000)\r\n")
    con.expect_exact("Licensed Features: none (no valid activation key)\r\n")


def test_esc_with_a_diskette_enters_the_monitor(boot, unit, tmp_path):
    disk = make_disk(tmp_path, make_image(tmp_path))
    con = power_on(boot, unit, disk)
    con.interrupt()
    con.cmd("address", "address 0.0.0.0")


def cut_payload(tmp_path):
    """The image's last bytes missing from the diskette file: it ends inside the payload."""
    image = make_image(tmp_path)
    return make_disk(tmp_path, image, size=SECTOR + len(image) - 100)


def desc_too_long(tmp_path):
    """The descriptor's length runs past the end of the diskette."""
    image = make_image(tmp_path)
    return make_disk(tmp_path, image, boot_sector(DISK_SIZE))


def desc_short_of_payload(tmp_path):
    """The descriptor's length is shorter than the header's payload: the image was cut."""
    image = make_image(tmp_path)
    return make_disk(tmp_path, image, boot_sector(len(image) - 1))


def corrupted_payload(tmp_path):
    image = bytearray(make_image(tmp_path))
    image[HDR + 100] ^= 0x20
    return make_disk(tmp_path, bytes(image))


def not_bootable(tmp_path):
    image = make_image(tmp_path)
    return make_disk(tmp_path, image, boot_sector(len(image), signature=False))


def wrong_magic(tmp_path):
    image = make_image(tmp_path)
    return make_disk(tmp_path, image, boot_sector(len(image), magic=b"MSDOS5.0"))


def blank(tmp_path):
    return make_disk(tmp_path, b"", bytes(SECTOR))


def kind_os(tmp_path):
    return make_disk(tmp_path, make_image(tmp_path, kind="os"))


def low_load(tmp_path):
    return make_disk(tmp_path, make_image(tmp_path, load=0x300000, entry=0x300000))


CASES = [
    ("not bootable", not_bootable, "not a bootable diskette"),
    ("wrong magic", wrong_magic, "not a Boothelper diskette"),
    ("blank", blank, "blank diskette"),
    ("length past the diskette", desc_too_long, "Boothelper image truncated"),
    ("length short of the payload", desc_short_of_payload, "Boothelper image truncated"),
    ("file cut inside the payload", cut_payload, "read error"),
    ("corrupted payload", corrupted_payload, "checksum verification on Boothelper image failed"),
    ("kind os", kind_os, "image is not a Boothelper program"),
    ("load below 0x400000", low_load, "Boothelper image load address out of range"),
    ("no drive", lambda tmp_path: None, "no diskette drive"),
    ("empty drive", lambda tmp_path: "empty", "no diskette in the drive"),
]


@pytest.mark.parametrize("make,why", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_diskette_not_booted_goes_on_to_flash(boot, unit, tmp_path, make, why):
    """One line saying why, then the flash boot as without a diskette; nothing written."""
    floppy = make(tmp_path)
    before = digest(unit), floppy and os.path.isfile(floppy) and digest(floppy)
    con = power_on(boot, unit, floppy)
    line = "Diskette boot: %s.\r\n" % why
    assert floppy is not None or line == NO_DRIVE
    con.expect_next("\r\r\n" + line + FLASH_BOOT, timeout=BOOT_OUTPUT_TIMEOUT)
    con.expect_exact("Test image halted.")
    after = digest(unit), floppy and os.path.isfile(floppy) and digest(floppy)
    assert after == before, "the flash or the diskette was written"
