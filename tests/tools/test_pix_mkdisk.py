"""pix-mkdisk writes the Boothelper diskette (boot/common/bhdisk.h) and shows what one holds.

The diskette's layout is checked here with Python's own struct and hashlib, independently of the C
code that writes it; the images come from the real pix-mkimage.
"""
import hashlib
import pathlib
import struct
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-mkdisk"
MKIMAGE = TOP / "build/host/pix-mkimage"
BOOTSECT = TOP / "build/boothelper/bootsect.bin"
BH_BIN = TOP / "build/boothelper/boothelper.bin"
DISK = TOP / "build/boothelper.img"

DISK_SIZE = 1474560
SECTOR = 512
IMAGE_MAX = 0x8F000  # BHDISK_IMAGE_MAX: what the boot sector loads (0x10000 to 0x9F000)
DESC = struct.Struct("<3s8sHHI")  # jump, magic, version, image LBA, image length


@pytest.fixture(scope="session", autouse=True)
def built():
    """The tools and the diskette, up to date (cheap when make has nothing to do)."""
    r = subprocess.run(["make", "--no-print-directory", str(TOOL.relative_to(TOP)),
                        str(MKIMAGE.relative_to(TOP)), str(DISK.relative_to(TOP))],
                       cwd=TOP, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def run(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=30)


def mkimage(tmp_path, size, kind="boothelper", name="bh.bin"):
    payload = tmp_path / (name + ".payload")
    payload.write_bytes(bytes((i * 13 + 5) & 0xFF for i in range(size)))
    out = tmp_path / name
    r = subprocess.run([str(MKIMAGE), "-o", str(out), "--version", "6.3(5)", "--kind", kind, str(payload)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return out


def test_writes_the_diskette(tmp_path):
    image = mkimage(tmp_path, 5000)
    out = tmp_path / "disk.img"
    r = run("-o", out, "--boot", BOOTSECT, image)
    assert r.returncode == 0, r.stderr
    disk = out.read_bytes()
    img = image.read_bytes()
    boot = BOOTSECT.read_bytes()
    assert len(disk) == DISK_SIZE
    jump, magic, version, lba, length = DESC.unpack_from(disk)
    assert jump == boot[:3] and jump[0] == 0xEB and jump[2] == 0x90
    assert (magic, version, lba, length) == (b"PIXBHDSK", 1, 1, len(img))
    assert disk[0x13:510] == boot[0x13:510]  # the code as built
    assert disk[510:512] == b"\x55\xaa"
    assert disk[SECTOR:SECTOR + len(img)] == img
    assert disk[SECTOR + len(img):] == bytes(DISK_SIZE - SECTOR - len(img))
    assert not (tmp_path / "disk.img.tmp").exists()


def test_the_built_diskette_holds_the_built_program():
    disk = DISK.read_bytes()
    img = BH_BIN.read_bytes()
    assert len(disk) == DISK_SIZE
    assert DESC.unpack_from(disk)[1:] == (b"PIXBHDSK", 1, 1, len(img))
    assert disk[SECTOR:SECTOR + len(img)] == img
    hdr = img[:SECTOR]
    assert struct.unpack_from("<I", hdr, 0x10)[0] == 3  # IMG_KIND_BOOTHELPER
    size = struct.unpack_from("<I", hdr, 0x18)[0]
    assert hashlib.sha256(img[SECTOR:SECTOR + size]).digest() == hdr[0x28:0x48]
    assert len(img) <= IMAGE_MAX


def test_show(tmp_path):
    r = run("--show", DISK)
    assert r.returncode == 0, r.stderr
    assert "Descriptor:      version 1, image at sector 1, %d bytes\n" % BH_BIN.stat().st_size in r.stdout
    assert "Image version:   6.3(5)\n" in r.stdout
    assert r.stdout.endswith("Image:           valid\n")


def test_show_finds_a_damaged_image(tmp_path):
    disk = bytearray(DISK.read_bytes())
    disk[SECTOR + 600] ^= 0x01  # a payload byte
    bad = tmp_path / "bad.img"
    bad.write_bytes(bytes(disk))
    r = run("--show", bad)
    assert r.returncode == 1
    assert "Image:           INVALID" in r.stdout
    assert "not a valid PIX image" in r.stderr


@pytest.mark.parametrize("what", ["blank", "truncated", "no-magic", "no-signature"])
def test_show_refuses_what_is_not_a_diskette(tmp_path, what):
    disk = bytearray(DISK.read_bytes())
    if what == "blank":
        disk = bytearray(DISK_SIZE)
    elif what == "truncated":
        disk = disk[:DISK_SIZE // 2]
    elif what == "no-magic":
        disk[3] ^= 0x01
    else:
        disk[511] = 0
    p = tmp_path / "d.img"
    p.write_bytes(bytes(disk))
    r = run("--show", p)
    assert r.returncode == 1
    assert r.stderr.startswith("pix-mkdisk: ")


def bad_boot(tmp_path, what):
    boot = bytearray(BOOTSECT.read_bytes())
    if what == "short":
        boot = boot[:511]
    elif what == "long":
        boot += b"\0"
    else:
        boot[510] = 0
    p = tmp_path / ("boot-%s.bin" % what)
    p.write_bytes(bytes(boot))
    return p


@pytest.mark.parametrize("what,message", [("short", "a boot sector is 512 bytes, not 511"),
                                          ("long", "a boot sector is 512 bytes, not 513"),
                                          ("nosig", "no boot signature (0x55 0xAA at offset 510)")])
def test_refuses_a_bad_boot_sector(tmp_path, what, message):
    out = tmp_path / "disk.img"
    r = run("-o", out, "--boot", bad_boot(tmp_path, what), BH_BIN)
    assert r.returncode == 1
    assert message in r.stderr
    assert not out.exists()


def test_refuses_an_image_of_another_kind(tmp_path):
    out = tmp_path / "disk.img"
    r = run("-o", out, "--boot", BOOTSECT, mkimage(tmp_path, 100, kind="os"))
    assert r.returncode == 1
    assert "a PIX image of kind 1, not a Boothelper image (kind 3)" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("what", ["payload", "header", "truncated", "trailing", "notpix"])
def test_refuses_an_invalid_image(tmp_path, what):
    img = bytearray(BH_BIN.read_bytes())
    if what == "payload":
        img[-1] ^= 0x01
    elif what == "header":
        img[0x48] ^= 0x01  # build text, under the header hash
    elif what == "truncated":
        img = img[:-10]
    elif what == "trailing":
        img += b"\0" * 10
    else:
        img[0] ^= 0x01
    p = tmp_path / "img.bin"
    p.write_bytes(bytes(img))
    out = tmp_path / "disk.img"
    r = run("-o", out, "--boot", BOOTSECT, p)
    assert r.returncode == 1
    assert r.stderr.startswith("pix-mkdisk: %s: " % p)
    assert not out.exists()


def test_refuses_an_image_too_large(tmp_path):
    out = tmp_path / "disk.img"
    fits = mkimage(tmp_path, IMAGE_MAX - SECTOR, name="fits.bin")
    assert run("-o", out, "--boot", BOOTSECT, fits).returncode == 0
    out.unlink()
    big = mkimage(tmp_path, IMAGE_MAX - SECTOR + 1, name="big.bin")
    r = run("-o", out, "--boot", BOOTSECT, big)
    assert r.returncode == 1
    assert "%d bytes; the boot sector loads at most %d" % (IMAGE_MAX + 1, IMAGE_MAX) in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [[], ["-o", "x.img"], ["--boot", "b.bin", "i.bin"],
                                  ["-o", "x.img", "--boot", "b.bin"],
                                  ["-o", "x.img", "--boot", "b.bin", "i.bin", "j.bin"],
                                  ["--show", "d.img", "i.bin"], ["--bogus"]])
def test_usage_errors(tmp_path, args):
    r = subprocess.run([str(TOOL), *args], capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert r.returncode == 2
    assert "Try 'pix-mkdisk --help'." in r.stderr


def test_missing_files(tmp_path):
    r = run("-o", tmp_path / "d.img", "--boot", tmp_path / "nope.bin", BH_BIN)
    assert r.returncode == 1
    assert "No such file or directory" in r.stderr


def test_help():
    r = run("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: pix-mkdisk -o OUT --boot BOOTSECT IMAGE\n")
