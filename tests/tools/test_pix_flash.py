"""pix-flash: create, show, check, install, extract and config flash files, and every error.

The file format (flash/layout.h) is checked here with Python's own struct and hashlib,
independently of the C code that writes it; records are also forged here to show that the tool
reads what the format says (a key for another unit, a configuration, a torn slot record).
"""
import hashlib
import pathlib
import struct
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-flash"
MKIMAGE = TOP / "build/host/pix-mkimage"
KEYGEN = TOP / "build/host/pix-keygen"
TEST_BIN = TOP / "build/test.bin"

KIB = 1024
CHIP = 512 * KIB
SERIAL = 12345678
KEY_ALL = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"
KEY_SMALL = "0x167f137f 0x7653ee5b 0xa1591a7d 0xf8a49356"
NOT_VALID = "The activation key is not valid."

# The layout of a 16-chip bank (flash/layout.h).
IDENT_OFF, KEY_OFF, SLOTREC_OFF, PDMREC_OFF, CONFIG_OFF = 0x0, 0x4000, 0x5000, 0x5200, 0x10000
FSREC_OFF = 0x5300  # the file-system record of the 5.0/5.1 form
# Image slots are striped over the chips a sector at a time: sector k of slot i is in chip k % 16,
# at SLOT_CHIP_OFF[i] + (k // 16) * 256 inside it.
CHIPS = 16
SLOT_CHIP_OFF = (0x20000, 0x4E000)
SLOT_REC_VERSION = 2
PSTATE_OFF = 0x7FF000
SECTOR = 256
# The PDM area: the first 128 KiB of chips 1..N-1, striped the same way from chip 1.
PDM_PER_CHIP = 0x20000


@pytest.fixture(scope="session", autouse=True)
def built():
    """The tools and the test image, up to date (cheap when make has nothing to do)."""
    targets = [TOOL, MKIMAGE, KEYGEN, TEST_BIN]
    r = subprocess.run(["make", "--no-print-directory"] + [str(t.relative_to(TOP))
                                                           for t in targets],
                       cwd=TOP, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def run(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True,
                          timeout=60)


def ok(*args):
    r = run(*args)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def seal(rec, hash_off):
    """A record: its bytes before hash_off, their SHA-256, then FF to the end of the sector."""
    body = bytes(rec[:hash_off])
    return (body + hashlib.sha256(body).digest()).ljust(SECTOR, b"\xff")


def patch(path, off, data):
    b = bytearray(path.read_bytes())
    b[off:off + len(data)] = data
    path.write_bytes(bytes(b))


def slot_addr(slot, off):
    """Offset in the flash file of byte `off` of slot `slot`."""
    k = off // SECTOR
    return (k % CHIPS) * CHIP + SLOT_CHIP_OFF[slot] + (k // CHIPS) * SECTOR + off % SECTOR


def slot_bytes(data, slot, n):
    """The first n bytes of slot `slot` of a flash file's contents."""
    return bytes(data[slot_addr(slot, i)] for i in range(n))


def slot_patch(path, slot, off, data):
    """Writes data at byte `off` of slot `slot` of a flash file, behind the tools' back."""
    b = bytearray(path.read_bytes())
    for i, v in enumerate(data):
        b[slot_addr(slot, off + i)] = v
    path.write_bytes(bytes(b))


def pdm_addr(off, chips=CHIPS):
    """Offset in the flash file of byte `off` of the PDM area of a bank of `chips` chips."""
    k = off // SECTOR
    return (1 + k % (chips - 1)) * CHIP + (k // (chips - 1)) * SECTOR + off % SECTOR


def pdm_bytes(data, n, chips=CHIPS):
    """The first n bytes of the PDM area of a flash file's contents."""
    return bytes(data[pdm_addr(i, chips)] for i in range(n))


def pdm_patch(path, off, data):
    """Writes data at byte `off` of the PDM area of a 16-chip flash file, behind the tools' back."""
    b = bytearray(path.read_bytes())
    for i, v in enumerate(data):
        b[pdm_addr(off + i)] = v
    path.write_bytes(bytes(b))


def outside_pdm(data, chips=CHIPS):
    """A flash file's contents but the PDM record sector, the PDM area and the model state."""
    parts = [data[:PDMREC_OFF], data[PDMREC_OFF + SECTOR:CHIP]]
    for c in range(1, chips):
        end = (c + 1) * CHIP if c < chips - 1 else chips * CHIP - 0x1000
        parts.append(data[c * CHIP + PDM_PER_CHIP:end])
    return b"".join(parts)


def make_image(tmp_path, name, version, size=3000, *extra):
    payload = tmp_path / (name + ".payload")
    payload.write_bytes(bytes((i * 31 + len(name)) & 0xFF for i in range(size)))
    out = tmp_path / name
    r = subprocess.run([str(MKIMAGE), "-o", str(out), "--version", version, *extra,
                        str(payload)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture
def flash(tmp_path):
    """A 16-chip flash file for SERIAL with the full key, nothing installed."""
    f = tmp_path / "flash.bin"
    ok("create", f, "--serial", SERIAL, "--key", KEY_ALL)
    return f


# ---- create, and the file it makes ---------------------------------------------------------------

def test_create_layout(flash):
    data = flash.read_bytes()
    assert len(data) == 8 * 1024 * KIB
    # identity record: magic, version 1, serial, chips, zero, SHA-256 of bytes 0-31
    magic, ver, serial, chips = struct.unpack_from("<8sIII", data, IDENT_OFF)
    assert (magic, ver, serial, chips) == (b"PIXIDENT", 1, SERIAL, 16)
    assert data[0x14:0x20] == bytes(12)
    assert data[0x20:0x40] == hashlib.sha256(data[:0x20]).digest()
    # the rest of the lower boot block is erased
    assert data[0x40:0x4000] == b"\xff" * (0x4000 - 0x40)
    # key record A: words of the key, seq 1
    kmagic, kver, seq, *words = struct.unpack_from("<8sII4I", data, KEY_OFF)
    assert (kmagic, kver, seq) == (b"PIXACKEY", 1, 1)
    assert words == [int(w, 16) for w in KEY_ALL.split()]
    key_rec = data[KEY_OFF:KEY_OFF + 0x40]
    assert key_rec[0x20:] == hashlib.sha256(key_rec[:0x20]).digest()
    # everything else up to the model state is erased
    rest = data[KEY_OFF + SECTOR:PSTATE_OFF]
    assert rest == b"\xff" * len(rest)
    # the model's state: chip 0's lower boot block locked out, nothing else
    for c in range(16):
        pmagic, pver, sdp, lock_lo, lock_hi = struct.unpack_from("<IBBBB", data,
                                                                 PSTATE_OFF + 16 * c)
        assert (pmagic, pver) == (0x50393241, 1)
        assert (lock_lo, lock_hi) == ((1 if c == 0 else 0), 0)
    assert data[PSTATE_OFF + 256:] == bytes(4096 - 256)


def test_create_without_key(tmp_path):
    f = tmp_path / "f.bin"
    r = ok("create", f, "--serial", "0xbc614e")
    assert "Serial Number: 12345678 (0xbc614e)" in r.stdout
    assert f.read_bytes()[KEY_OFF:KEY_OFF + 2 * SECTOR] == b"\xff" * 2 * SECTOR
    r = run("check", f)
    assert r.returncode == 1
    assert "no image installed" in r.stdout


@pytest.mark.parametrize("chips", [1, 2, 4, 8, 16])
def test_create_sizes(tmp_path, chips):
    f = tmp_path / "f.bin"
    ok("create", f, "--serial", 7, "--chips", chips)
    assert f.stat().st_size == chips * CHIP
    r = ok("show", f)
    assert "Serial Number: 7 (0x7)" in r.stdout
    assert f"{chips} x AT29C040A" in r.stdout
    # an image goes in and boots on every size
    ok("install", f, TEST_BIN)


def test_create_overwrites(flash):
    ok("create", flash, "--serial", 42, "--chips", 2)
    assert flash.stat().st_size == 2 * CHIP
    assert "Serial Number: 42 (0x2a)" in ok("show", flash).stdout


@pytest.mark.parametrize("key", [
    "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23512",    # not genuine
    "0x75dfcbca 0x218f7057 0x2fa7110e 0x70ceaee2",    # genuine, for serial 87654321
    "0x77d91d9f 0xd1f6436e 0x33f0d23a",               # three words
    "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa2351g",    # not hex
    "0x177d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511",   # nine digits
    "",
])
def test_create_refuses_invalid_key(tmp_path, key):
    f = tmp_path / "f.bin"
    r = run("create", f, "--serial", SERIAL, "--key", key)
    assert r.returncode == 1
    assert r.stderr.strip() == "pix-flash: " + NOT_VALID
    assert not f.exists()


def test_keygen_key_accepted(tmp_path):
    key = subprocess.run([str(KEYGEN), "--serial", "87654321", "--interfaces", "4"],
                         capture_output=True, text=True, check=True).stdout.strip()
    f = tmp_path / "f.bin"
    ok("create", f, "--serial", 87654321, "--key", key)
    assert "Maximum Interfaces: 4" in ok("show", f).stdout


# ---- show and check ----------------------------------------------------------------------------

def test_show_fresh(flash):
    out = ok("show", flash).stdout
    assert "Serial Number: 12345678 (0xbc614e)\n" in out
    assert "Boot block:           locked" in out
    assert "Flash activation key: " + KEY_ALL in out
    assert "Licensed Features:\nFailover:           Enabled\n" in out
    assert "ISAKMP peers:      Unlimited\n" in out
    assert "Slot 0:               empty" in out
    assert "Slot 1:               empty" in out
    assert "PDM archive:          none\n" in out
    assert "Configuration:        none" in out
    assert "Flash boot:           none: no image installed in flash" in out


def test_zero_filled_file(tmp_path):
    """What QEMU creates for a missing flash file: never formatted."""
    f = tmp_path / "zero.bin"
    f.write_bytes(bytes(8 * 1024 * KIB))
    r = ok("show", f)
    assert "Serial Number:        none: flash not formatted (no identity record)" in r.stdout
    assert "Flash boot:           none: flash not formatted" in r.stdout
    r = run("check", f)
    assert r.returncode == 1
    assert "would not boot: flash not formatted (no identity record)" in r.stdout
    r = run("install", f, TEST_BIN)
    assert r.returncode == 1
    assert "flash not formatted" in r.stderr
    assert f.read_bytes() == bytes(8 * 1024 * KIB)


@pytest.mark.parametrize("size", [0, 1000, CHIP - 1, 3 * CHIP, 32 * CHIP])
def test_not_a_flash_file(tmp_path, size):
    f = tmp_path / "odd.bin"
    f.write_bytes(b"\xff" * size)
    for cmd in ("show", "check"):
        r = run(cmd, f)
        assert r.returncode == 1
        assert r.stderr.startswith("pix-flash: ")
        assert len(r.stderr.strip().splitlines()) == 1


def test_missing_file(tmp_path):
    r = run("show", tmp_path / "nope.bin")
    assert r.returncode == 1
    assert "No such file or directory" in r.stderr


# ---- install, extract, boot decision ------------------------------------------------------------

def test_install_round_trip(flash, tmp_path):
    a = TEST_BIN
    b = make_image(tmp_path, "b.img", "6.3(6)", 70000, "--build", "image B")
    c = make_image(tmp_path, "c.img", "7.0(1)", 100)

    r = ok("install", flash, a)
    assert "in slot 0" in r.stdout
    r = ok("check", flash)
    assert "would boot slot 0, version 6.3(5), Serial Number: 12345678 (0xbc614e)" in r.stdout
    assert "in slot 1" in ok("install", flash, b).stdout
    out = ok("show", flash).stdout
    assert "Slot 0:               valid\n" in out
    assert "Slot 1:               valid (current)" in out
    assert "  Build:              image B" in out
    assert "  Sequence:           2" in out
    assert "Flash boot:           slot 1, version 6.3(6)" in out
    assert "in slot 0" in ok("install", flash, c).stdout
    assert "would boot slot 0, version 7.0(1)" in ok("check", flash).stdout

    # the file holds the images where the layout says, with slot records naming them
    data = flash.read_bytes()
    bb = b.read_bytes()
    assert slot_bytes(data, 1, len(bb)) == bb
    assert data[slot_addr(1, 0):slot_addr(1, 0) + SECTOR] == bb[:SECTOR]  # sector 0 in chip 0
    assert data[CHIP + SLOT_CHIP_OFF[1]:CHIP + SLOT_CHIP_OFF[1] + SECTOR] == bb[SECTOR:2 * SECTOR]
    rmagic, rver, seq, state, length = struct.unpack_from("<8sIIII", data, SLOTREC_OFF + SECTOR)
    assert (rmagic, rver, seq, state, length) == (b"PIXSLOTR", SLOT_REC_VERSION, 2, 2, len(bb))
    rec = data[SLOTREC_OFF + SECTOR:SLOTREC_OFF + 2 * SECTOR]
    assert rec[0x18:0x38] == bb[0x1E0:0x200]
    assert rec[0x40:0x60] == hashlib.sha256(rec[:0x40]).digest()

    for slot, img in ((0, c), (1, b)):
        out = tmp_path / f"x{slot}.img"
        assert f"Extracted slot {slot}" in ok("extract", flash, "--slot", slot, "-o", out).stdout
        assert out.read_bytes() == img.read_bytes()


def test_extract_empty_slot(flash, tmp_path):
    ok("install", flash, TEST_BIN)
    r = run("extract", flash, "--slot", 1, "-o", tmp_path / "x.img")
    assert r.returncode == 1
    assert "slot 1 holds no valid image (empty)" in r.stderr
    assert not (tmp_path / "x.img").exists()


def bad_images(tmp_path):
    good = TEST_BIN.read_bytes()
    tampered = bytearray(good)
    tampered[600] ^= 1
    header = bytearray(good)
    header[0x50] ^= 1
    magic = b"XIXIMAGE" + good[8:]
    return {
        "tampered": (bytes(tampered), "payload checksum mismatch"),
        "header": (bytes(header), "header checksum mismatch"),
        "magic": (magic, "not a PIX image"),
        "truncated": (good[:-1], "image truncated"),
        "short": (good[:100], "shorter than an image header"),
    }


@pytest.mark.parametrize("which", ["tampered", "header", "magic", "truncated", "short"])
def test_install_refuses(flash, tmp_path, which):
    ok("install", flash, TEST_BIN)
    before = flash.read_bytes()
    data, why = bad_images(tmp_path)[which]
    img = tmp_path / "bad.img"
    img.write_bytes(data)
    r = run("install", flash, img)
    assert r.returncode == 1
    assert r.stderr.strip().endswith(why)
    assert flash.read_bytes() == before
    assert "would boot slot 0" in ok("check", flash).stdout


def test_install_too_big(tmp_path):
    f = tmp_path / "small.bin"
    ok("create", f, "--serial", SERIAL, "--chips", 1, "--key", KEY_ALL)
    # one chip: each slot is that chip's 184 KiB share (0x2E000), header included
    big = make_image(tmp_path, "big.img", "6.3(5)", 0x2E000 - 512 + 1)
    r = run("install", f, big)
    assert r.returncode == 1
    assert "too large for its flash area" in r.stderr
    fits = make_image(tmp_path, "fits.img", "6.3(5)", 0x2E000 - 512)
    ok("install", f, fits)
    ok("install", f, fits)
    assert "would boot slot 1" in ok("check", f).stdout


def test_damaged_image_in_flash(flash, tmp_path):
    b = make_image(tmp_path, "b.img", "6.3(6)")
    ok("install", flash, TEST_BIN)
    ok("install", flash, b)
    slot_patch(flash, 1, 512 + 10, b"\x00")
    out = ok("show", flash).stdout
    assert "  Payload hash:       BAD" in out
    assert "Flash boot:           slot 0, version 6.3(5)" in out
    slot_patch(flash, 0, 512 + 10, b"\x00")
    r = run("check", flash)
    assert r.returncode == 1
    assert "Checksum verification on flash image failed" in r.stdout
    r = run("extract", flash, "--slot", 0, "-o", tmp_path / "x")
    assert r.returncode == 1
    assert "payload checksum mismatch" in r.stderr


def test_check_without_key(tmp_path):
    f = tmp_path / "f.bin"
    ok("create", f, "--serial", SERIAL)
    ok("install", f, TEST_BIN)
    r = run("check", f)
    assert r.returncode == 1
    assert "would not boot: no activation key in flash" in r.stdout
    assert "Flash activation key: none" in ok("show", f).stdout


def key_record(words, seq):
    return seal(struct.pack("<8sII4I", b"PIXACKEY", 1, seq, *words), 0x20)


def test_key_for_another_serial(flash):
    """A genuine key for another unit, stored as a newer record: the unit would not boot."""
    ok("install", flash, TEST_BIN)
    other = [0x75dfcbca, 0x218f7057, 0x2fa7110e, 0x70ceaee2]   # serial 87654321
    patch(flash, KEY_OFF + SECTOR, key_record(other, 2))
    r = run("check", flash)
    assert r.returncode == 1
    assert "would not boot: " + NOT_VALID in r.stdout
    out = ok("show", flash).stdout
    assert "Flash activation key: 0x75dfcbca 0x218f7057 0x2fa7110e 0x70ceaee2" in out
    assert NOT_VALID + " (minted for another serial number)" in out
    # a torn newer record leaves the older key current
    patch(flash, KEY_OFF + SECTOR, key_record(other, 2)[:40] + b"\xff" * (SECTOR - 40))
    assert "would boot slot 0" in ok("check", flash).stdout
    # a newer valid record with the small key wins
    small = [int(w, 16) for w in KEY_SMALL.split()]
    patch(flash, KEY_OFF + SECTOR, key_record(small, 3))
    out = ok("show", flash).stdout
    assert "Maximum Interfaces: 2" in out and "Throughput:         60 Mbps" in out


def test_configuration_version(flash):
    ok("install", flash, TEST_BIN)
    text = b"hostname pixfirewall\n"
    rec = struct.pack("<8sI4BI12x32s", b"PIXCONFG", 1, 7, 0, 1, 0, len(text),
                      hashlib.sha256(text).digest())
    patch(flash, CONFIG_OFF, seal(rec, 0x40) + text)
    out = ok("show", flash).stdout
    assert "Configuration:        21 bytes, written by 7.0(1) (newer than the boot image)" in out
    ok("check", flash)
    patch(flash, CONFIG_OFF + SECTOR, b"H")      # text no longer matches its hash
    assert "Configuration:        none" in ok("show", flash).stdout


def test_torn_slot_record(flash, tmp_path):
    """A slot record of higher sequence cut short never makes its slot current."""
    b = make_image(tmp_path, "b.img", "6.3(6)")
    bb = b.read_bytes()
    ok("install", flash, TEST_BIN)
    slot_patch(flash, 1, 0, bb)
    rec = seal(struct.pack("<8sIIII32s8x", b"PIXSLOTR", SLOT_REC_VERSION, 5, 2, len(bb), bb[0x1E0:0x200]),
               0x40)
    for n in (0, 1, 20, 63, 64, 95):
        patch(flash, SLOTREC_OFF + SECTOR, rec[:n] + b"\xff" * (SECTOR - n))
        assert "would boot slot 0" in ok("check", flash).stdout, n
    patch(flash, SLOTREC_OFF + SECTOR, rec)
    assert "would boot slot 1, version 6.3(6)" in ok("check", flash).stdout
    # a "writing" record never boots
    rec = seal(struct.pack("<8sIIII32s8x", b"PIXSLOTR", SLOT_REC_VERSION, 5, 1, len(bb), bb[0x1E0:0x200]),
               0x40)
    patch(flash, SLOTREC_OFF + SECTOR, rec)
    out = ok("show", flash).stdout
    assert "Slot 1:               writing (install interrupted)" in out
    assert "Flash boot:           slot 0" in out
    # and the next install goes to slot 1 with sequence 6
    ok("install", flash, b)
    assert "  Sequence:           6" in ok("show", flash).stdout


# ---- the PDM archive -----------------------------------------------------------------------------

def make_pdm(tmp_path, name, version, size=5000, *extra):
    return make_image(tmp_path, name, version, size, "--kind", "pdm", *extra)


def pdm_record(state, data, hdr_hash):
    """A PDM record sector: magic, version 1, state, length, 12 zero bytes, header hash, hash."""
    return seal(struct.pack("<8sIII12x32s", b"PIXPDMAR", 1, state, len(data), hdr_hash), 0x40)


def check_pdm_record(data, img):
    """The PDM record at PDMREC_OFF, byte for byte, for the archive img (state valid)."""
    magic, ver, state, length = struct.unpack_from("<8sIII", data, PDMREC_OFF)
    assert (magic, ver, state, length) == (b"PIXPDMAR", 1, 2, len(img))
    rec = data[PDMREC_OFF:PDMREC_OFF + SECTOR]
    assert rec[0x14:0x20] == bytes(12)
    assert rec[0x20:0x40] == img[0x1E0:0x200]
    assert rec[0x40:0x60] == hashlib.sha256(rec[:0x40]).digest()
    assert rec[0x60:] == b"\xff" * (SECTOR - 0x60)


def test_pdm_install_round_trip(flash, tmp_path):
    a = make_pdm(tmp_path, "a.pdm", "3.0(1)", 300000, "--build", "PDM A")
    b = make_pdm(tmp_path, "b.pdm", "3.0(2)", 7000, "--build", "PDM B")
    ok("install", flash, TEST_BIN)
    before = flash.read_bytes()

    r = ok("install", flash, a)
    assert r.stdout.endswith(f"Installed {a} in the PDM area\n")
    data = flash.read_bytes()
    aa = a.read_bytes()
    check_pdm_record(data, aa)
    assert pdm_bytes(data, len(aa)) == aa
    # sector 0 at the start of chip 1, sector 1 at the start of chip 2, sector 15 after sector 0
    assert data[CHIP:CHIP + SECTOR] == aa[:SECTOR]
    assert data[2 * CHIP:2 * CHIP + SECTOR] == aa[SECTOR:2 * SECTOR]
    assert data[CHIP + SECTOR:CHIP + 2 * SECTOR] == aa[15 * SECTOR:16 * SECTOR]
    # identity, key, slots and their records, configuration: not a byte changed
    assert outside_pdm(data) == outside_pdm(before)
    out = ok("show", flash).stdout
    assert (f"PDM archive:          3.0(1), {len(aa)} bytes, OK\n"
            "  Build:              PDM A\n") in out
    assert "Flash boot:           slot 0, version 6.3(5)" in out
    assert "would boot slot 0, version 6.3(5)" in ok("check", flash).stdout

    ok("install", flash, b)
    data = flash.read_bytes()
    bb = b.read_bytes()
    check_pdm_record(data, bb)
    assert f"PDM archive:          3.0(2), {len(bb)} bytes, OK" in ok("show", flash).stdout
    x = tmp_path / "x.pdm"
    r = ok("extract", flash, "--pdm", "-o", x)
    assert r.stdout == f"Extracted the PDM archive ({len(bb)} bytes) to {x}\n"
    assert x.read_bytes() == bb
    # an OS image install leaves the PDM alone, and the other way round
    c = make_image(tmp_path, "c.img", "6.3(6)")
    before = flash.read_bytes()
    assert "in slot 1" in ok("install", flash, c).stdout
    after = flash.read_bytes()
    assert after[PDMREC_OFF:PDMREC_OFF + SECTOR] == before[PDMREC_OFF:PDMREC_OFF + SECTOR]
    assert pdm_bytes(after, len(bb)) == bb
    assert "would boot slot 1, version 6.3(6)" in ok("check", flash).stdout


def test_pdm_read_as_the_format_says(flash, tmp_path):
    """An archive and record laid into the file here, not by the tool, are read and extracted."""
    a = make_pdm(tmp_path, "a.pdm", "4.1(7)", 1234).read_bytes()
    pdm_patch(flash, 0, a)
    patch(flash, PDMREC_OFF, pdm_record(2, a, a[0x1E0:0x200]))
    assert f"PDM archive:          4.1(7), {len(a)} bytes, OK" in ok("show", flash).stdout
    x = tmp_path / "x.pdm"
    ok("extract", flash, "--pdm", "-o", x)
    assert x.read_bytes() == a


def test_pdm_states(flash, tmp_path):
    """What show and extract say of an interrupted install, a torn record, damaged archives."""
    a = make_pdm(tmp_path, "a.pdm", "3.0(1)")
    aa = a.read_bytes()
    ok("install", flash, a)
    good = flash.read_bytes()
    x = tmp_path / "x.pdm"
    cases = [
        (lambda: patch(flash, PDMREC_OFF, pdm_record(1, aa, aa[0x1E0:0x200])),
         "none (install interrupted)", "no PDM archive in flash (install interrupted)"),
        (lambda: patch(flash, PDMREC_OFF, b"\xff" * SECTOR),
         "none", "no PDM archive in flash"),
        (lambda: patch(flash, PDMREC_OFF, good[PDMREC_OFF:PDMREC_OFF + 40] + b"\xff" * 216),
         "corrupt (record torn or damaged)", "PDM record torn or damaged"),
        (lambda: pdm_patch(flash, 512 + 77, bytes([aa[512 + 77] ^ 1])),
         f"3.0(1), {len(aa)} bytes, corrupt (payload checksum mismatch)",
         "payload checksum mismatch"),
        (lambda: pdm_patch(flash, 0x50, bytes([aa[0x50] ^ 1])),
         "corrupt (header checksum mismatch)", "header checksum mismatch"),
    ]
    for damage, shown, why in cases:
        flash.write_bytes(good)
        damage()
        before = flash.read_bytes()
        assert f"PDM archive:          {shown}\n" in ok("show", flash).stdout
        r = run("extract", flash, "--pdm", "-o", x)
        assert r.returncode == 1
        assert r.stderr == f"pix-flash: {flash}: {why}\n"
        assert not x.exists()
        assert flash.read_bytes() == before
        # a new install puts the PDM right
        ok("install", flash, a)
        assert f"PDM archive:          3.0(1), {len(aa)} bytes, OK" in ok("show", flash).stdout


@pytest.mark.parametrize("which", ["tampered", "header", "truncated", "short"])
def test_pdm_install_refuses(flash, tmp_path, which):
    a = make_pdm(tmp_path, "a.pdm", "3.0(1)")
    ok("install", flash, a)
    before = flash.read_bytes()
    good = make_pdm(tmp_path, "b.pdm", "3.0(2)").read_bytes()
    data, why = {
        "tampered": (good[:600] + bytes([good[600] ^ 1]) + good[601:],
                     "payload checksum mismatch"),
        "header": (good[:0x50] + bytes([good[0x50] ^ 1]) + good[0x51:],
                   "header checksum mismatch"),
        "truncated": (good[:-1], "image truncated"),
        "short": (good[:100], "shorter than an image header"),
    }[which]
    img = tmp_path / "bad.pdm"
    img.write_bytes(data)
    r = run("install", flash, img)
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {img}: {why}\n"
    assert flash.read_bytes() == before
    assert "PDM archive:          3.0(1)" in ok("show", flash).stdout


def test_pdm_too_big(tmp_path):
    f = tmp_path / "two.bin"
    ok("create", f, "--serial", SERIAL, "--chips", 2)
    # two chips: the PDM area is chip 1's first 128 KiB, header included
    big = make_pdm(tmp_path, "big.pdm", "3.0(1)", PDM_PER_CHIP - 512 + 1)
    before = f.read_bytes()
    r = run("install", f, big)
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {big}: too large for its flash area\n"
    assert f.read_bytes() == before
    fits = make_pdm(tmp_path, "fits.pdm", "3.0(1)", PDM_PER_CHIP - 512)
    ok("install", f, fits)
    data = f.read_bytes()
    assert data[CHIP:CHIP + PDM_PER_CHIP] == fits.read_bytes()
    assert outside_pdm(data, 2) == outside_pdm(before, 2)
    assert f"PDM archive:          3.0(1), {PDM_PER_CHIP} bytes, OK" in ok("show", f).stdout


def test_pdm_one_chip(tmp_path):
    f = tmp_path / "one.bin"
    ok("create", f, "--serial", SERIAL, "--chips", 1, "--key", KEY_ALL)
    a = make_pdm(tmp_path, "a.pdm", "3.0(1)", 100)
    before = f.read_bytes()
    r = run("install", f, a)
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {f}: no PDM area in a one-chip flash\n"
    assert f.read_bytes() == before
    assert "PDM archive:          none (a one-chip flash has no PDM area)\n" in ok("show", f).stdout
    r = run("extract", f, "--pdm", "-o", tmp_path / "x")
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {f}: no PDM area in a one-chip flash\n"
    # OS images still go in
    ok("install", f, TEST_BIN)


def test_pdm_unformatted(tmp_path):
    f = tmp_path / "zero.bin"
    f.write_bytes(bytes(8 * 1024 * KIB))
    a = make_pdm(tmp_path, "a.pdm", "3.0(1)", 100)
    for args in (["install", f, a], ["extract", f, "--pdm", "-o", tmp_path / "x"]):
        r = run(*args)
        assert r.returncode == 1
        assert r.stderr == f"pix-flash: {f}: flash not formatted (no identity record)\n"
    assert f.read_bytes() == bytes(8 * 1024 * KIB)


# ---- config: the configuration area as PIX OS "write memory" leaves it ---------------------------

CONFIG_TEXT_MAX = 0x10000 - SECTOR      # flash/layout.h LAYOUT_CONFIG_TEXT_MAX
CONFIG_TEXT = b"hostname pixfirewall\nnameif ethernet0 outside security0\n"


def config_record(data):
    """The configuration record at CONFIG_OFF, checked byte by byte: (version, text)."""
    magic, ver, major, minor, maint, zero, length = struct.unpack_from("<8sI4BI", data, CONFIG_OFF)
    assert (magic, ver, zero) == (b"PIXCONFG", 1, 0)
    rec = data[CONFIG_OFF:CONFIG_OFF + 0x60]
    assert rec[0x14:0x20] == bytes(12)
    assert rec[0x40:0x60] == hashlib.sha256(rec[:0x40]).digest()
    assert data[CONFIG_OFF + 0x60:CONFIG_OFF + SECTOR] == b"\xff" * (SECTOR - 0x60)
    text = data[CONFIG_OFF + SECTOR:CONFIG_OFF + SECTOR + length]
    assert rec[0x20:0x40] == hashlib.sha256(text).digest()
    return (major, minor, maint), text


def test_config_write(flash, tmp_path):
    ok("install", flash, TEST_BIN)
    before = flash.read_bytes()
    src = tmp_path / "pix.cfg"
    src.write_bytes(CONFIG_TEXT)
    r = ok("config", flash, "--version", "7.0(1)", src)
    assert r.stdout == (f"Configuration written to {flash}: 56 bytes, version 7.0(1)\n"
                        "Newer than the boot image (6.3(5)): flash boot will print a "
                        "Configuration Compatibility Warning\n")
    data = flash.read_bytes()
    assert config_record(data) == ((7, 0, 1), CONFIG_TEXT)
    # nothing else changed: the text ends where it says and the rest of the area is erased
    end = CONFIG_OFF + SECTOR + len(CONFIG_TEXT)
    assert data[end:CONFIG_OFF + 0x10000] == b"\xff" * (CONFIG_OFF + 0x10000 - end)
    assert data[:CONFIG_OFF] == before[:CONFIG_OFF]
    assert data[CONFIG_OFF + 0x10000:PSTATE_OFF] == before[CONFIG_OFF + 0x10000:PSTATE_OFF]
    out = ok("show", flash).stdout
    assert "Configuration:        56 bytes, written by 7.0(1) (newer than the boot image)\n" in out
    assert "would boot slot 0, version 6.3(5)" in ok("check", flash).stdout
    # without --version it prints the text back, byte for byte and nothing else
    r = ok("config", flash)
    assert r.stdout == CONFIG_TEXT.decode() and r.stderr == ""


@pytest.mark.parametrize("version,newer", [("6.3(5)", False), ("6.3(4)", False),
                                           ("6.3(6)", True), ("255.255(255)", True),
                                           ("0.0(0)", False)])
def test_config_versions(flash, tmp_path, version, newer):
    ok("install", flash, TEST_BIN)
    src = tmp_path / "pix.cfg"
    src.write_bytes(CONFIG_TEXT)
    r = ok("config", flash, "-V", version, src)
    assert ("Configuration Compatibility Warning" in r.stdout) == newer
    out = ok("show", flash).stdout
    line = f"Configuration:        56 bytes, written by {version}"
    assert (line + " (newer than the boot image)\n" if newer else line + "\n") in out
    major, minor, maint = (int(x) for x in version.replace("(", ".").rstrip(")").split("."))
    assert config_record(flash.read_bytes())[0] == (major, minor, maint)


def test_config_empty_and_rewrite(flash, tmp_path):
    """No TEXTFILE stores an empty text; each write replaces the configuration as a whole."""
    src = tmp_path / "pix.cfg"
    src.write_bytes(CONFIG_TEXT)
    ok("config", flash, "--version", "7.0(1)", src)
    r = ok("config", flash, "--version", "6.3(5)")
    assert r.stdout == f"Configuration written to {flash}: 0 bytes, version 6.3(5)\n"
    assert config_record(flash.read_bytes()) == ((6, 3, 5), b"")
    assert "Configuration:        0 bytes, written by 6.3(5)\n" in ok("show", flash).stdout
    assert ok("config", flash).stdout == ""
    src.write_bytes(b"hostname second\n")
    ok("config", flash, "--version", "6.3(5)", src)
    assert config_record(flash.read_bytes()) == ((6, 3, 5), b"hostname second\n")
    assert ok("config", flash).stdout == "hostname second\n"


def test_config_any_bytes(flash, tmp_path):
    """The area stores bytes, not lines: no trailing newline, NULs and high bytes come back."""
    text = bytes(range(256)) * 3 + b"no newline"
    src = tmp_path / "pix.cfg"
    src.write_bytes(text)
    ok("config", flash, "--version", "6.3(5)", src)
    r = subprocess.run([str(TOOL), "config", str(flash)], capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stdout == text


def test_config_too_big(tmp_path):
    f = tmp_path / "small.bin"
    ok("create", f, "--serial", SERIAL, "--chips", 1)
    src = tmp_path / "big.cfg"
    src.write_bytes(b"!" * (CONFIG_TEXT_MAX + 1))
    before = f.read_bytes()
    r = run("config", f, "--version", "6.3(5)", src)
    assert r.returncode == 1
    assert r.stderr == (f"pix-flash: {src}: {CONFIG_TEXT_MAX + 1} bytes, too large: the "
                        f"configuration area holds at most {CONFIG_TEXT_MAX} bytes\n")
    assert r.stdout == ""
    assert f.read_bytes() == before
    # exactly the limit fits, on the smallest bank too
    src.write_bytes(b"!" * CONFIG_TEXT_MAX)
    ok("config", f, "--version", "6.3(5)", src)
    assert f"Configuration:        {CONFIG_TEXT_MAX} bytes" in ok("show", f).stdout
    assert ok("config", f).stdout == "!" * CONFIG_TEXT_MAX


def test_config_missing_files(flash, tmp_path):
    before = flash.read_bytes()
    r = run("config", flash, "--version", "6.3(5)", tmp_path / "nope.cfg")
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {tmp_path / 'nope.cfg'}: No such file or directory\n"
    assert flash.read_bytes() == before
    r = run("config", tmp_path / "nope.bin", "--version", "6.3(5)")
    assert r.returncode == 1
    assert "No such file or directory" in r.stderr
    assert not (tmp_path / "nope.bin").exists()


def test_config_none_stored(flash):
    r = run("config", flash)
    assert r.returncode == 1
    assert r.stderr == f"pix-flash: {flash}: no configuration in flash\n"
    assert r.stdout == ""


def test_config_unformatted(tmp_path):
    f = tmp_path / "zero.bin"
    f.write_bytes(bytes(8 * 1024 * KIB))
    src = tmp_path / "pix.cfg"
    src.write_bytes(CONFIG_TEXT)
    for args in (["--version", "6.3(5)", src], []):
        r = run("config", f, *args)
        assert r.returncode == 1
        assert r.stderr == f"pix-flash: {f}: flash not formatted (no identity record)\n"
    assert f.read_bytes() == bytes(8 * 1024 * KIB)


# ---- forms of the flash file system --------------------------------------------------------------

def fs_record(form, slot, image):
    """The file-system record of the 5.0/5.1 form for an image file, as flash/layout.h lays it out."""
    data = image.read_bytes()
    rec = b"PIXFLAFS" + struct.pack("<IIII", 1, form, slot, len(data)) + data[0x1E0:0x200] + bytes(8)
    return seal(rec, 0x40)


def test_downgrade_forms(flash, tmp_path):
    a = make_image(tmp_path, "a.bin", "6.3(4)")
    b = make_image(tmp_path, "b.bin", "6.3(5)")
    ok("install", flash, a)
    ok("install", flash, b)
    assert "would boot slot 1, version 6.3(5), Serial Number: 12345678 (0xbc614e), flash file " \
        "system in the 6.x form\n" in ok("check", flash).stdout
    before = flash.read_bytes()
    r = ok("downgrade", flash, "5.1")
    assert r.stdout == "%s: flash file system downgraded to the 5.1 form\n" % flash
    data = flash.read_bytes()
    assert data[FSREC_OFF:FSREC_OFF + SECTOR] == fs_record(0x0501, 1, b)
    assert data[SLOTREC_OFF:SLOTREC_OFF + 2 * SECTOR] == b"\xff" * 2 * SECTOR
    # only the records changed: images, key and configuration are where they were
    changed = [i for i in range(len(data)) if data[i] != before[i]]
    assert all(SLOTREC_OFF <= i < FSREC_OFF + SECTOR for i in changed)
    out = ok("show", flash).stdout
    assert "Flash file system:    5.1 form (one image named by the file-system record)\n" in out
    assert "File-system record:   5.1 form, slot 1, %d bytes\n" % b.stat().st_size in out
    assert "Slot 1:               empty record, image of the 5.1 form (current)\n" in out
    assert "Flash boot:           slot 1, version 6.3(5)\n" in out
    assert "in the 5.1 form" in ok("check", flash).stdout
    assert ok("downgrade", flash, "5.1").stdout == "%s: already in the 5.1 form\n" % flash
    ok("downgrade", flash, "5.0")
    assert flash.read_bytes()[FSREC_OFF:FSREC_OFF + SECTOR] == fs_record(0x0500, 1, b)
    # 4.x: the image moves to slot 0's start, every record goes
    ok("downgrade", flash, "4.x")
    data = flash.read_bytes()
    assert slot_bytes(data, 0, b.stat().st_size) == b.read_bytes()
    assert data[SLOTREC_OFF:FSREC_OFF + SECTOR] == b"\xff" * 4 * SECTOR
    out = ok("show", flash).stdout
    assert "Flash file system:    4.x form (the image alone at slot 0's start, no records)\n" in out
    assert "File-system record:   none\n" in out
    assert "Flash boot:           slot 0, version 6.3(5)\n" in out
    # an install of a 6.x image brings the 6.x form back, the old image as the fallback
    ok("install", flash, a)
    out = ok("show", flash).stdout
    assert "Flash file system:    6.x form" in out
    assert "Slot 0:               valid\n" in out and "Slot 1:               valid (current)" in out


def test_downgrade_refused(flash, tmp_path):
    a = make_image(tmp_path, "a.bin", "6.3(5)")
    r = run("downgrade", flash, "5.1")
    assert r.returncode == 1
    assert r.stderr == "pix-flash: %s: the image is unusable: no image installed in flash\n" % flash
    ok("install", flash, a)
    ok("config", flash, "--version", "6.3(5)")
    patch(flash, CONFIG_OFF + 0x30, b"\x00")  # the configuration record torn
    before = flash.read_bytes()
    r = run("downgrade", flash, "4.x")
    assert r.returncode == 1
    assert r.stderr == ("pix-flash: %s: the configuration is unusable: configuration in flash is "
                        "corrupt\n" % flash)
    assert flash.read_bytes() == before
    ok("config", flash, "--version", "6.3(5)")
    slot_patch(flash, 0, 600, b"\x00")
    r = run("downgrade", flash, "5.0")
    assert r.returncode == 1
    assert r.stderr == ("pix-flash: %s: the image in slot 0 is unusable: payload checksum "
                        "mismatch\n" % flash)
    assert "would not boot" in run("check", flash).stdout


# ---- command line --------------------------------------------------------------------------------

def test_help():
    for args in (["--help"], ["-h"], ["show", "--help"]):
        r = ok(*args)
        assert r.stdout.startswith("usage: pix-flash create FILE --serial N")
        for cmd in ("create", "show", "check", "install", "extract", "downgrade"):
            assert "pix-flash " + cmd in r.stdout
        assert "       pix-flash extract FILE (--slot N | --pdm) -o OUT\n" in r.stdout
        assert "  -p, --pdm        the PDM archive\n" in r.stdout


@pytest.mark.parametrize("args,msg", [
    ([], "no command given"),
    (["frobnicate", "f"], "unknown command 'frobnicate'"),
    (["show"], "show takes one FILE"),
    (["show", "a", "b"], "show takes one FILE"),
    (["install", "a"], "install takes FILE IMAGE"),
    (["downgrade", "a"], "downgrade takes FILE FORM"),
    (["downgrade", "a", "6.x"], "bad form '6.x': 5.1, 5.0 or 4.x"),
    (["downgrade", "a", "4.2"], "bad form '4.2': 5.1, 5.0 or 4.x"),
    (["show", "f", "--bogus"], "unknown option '--bogus'"),
    (["create", "f", "--serial"], "option '--serial' needs an argument"),
    (["create", "f"], "create: --serial is required"),
    (["create", "f", "--serial", "abc"], "bad serial number 'abc'"),
    (["create", "f", "--serial", "-1"], "bad serial number '-1'"),
    (["create", "f", "--serial", "0x100000000"], "bad serial number '0x100000000'"),
    (["create", "f", "--serial", "1", "--chips", "3"], "bad chip count '3'"),
    (["create", "f", "--serial", "1", "--chips", "0"], "bad chip count '0'"),
    (["create", "f", "--serial", "1", "--chips", "17"], "bad chip count '17'"),
    (["create", "f", "--serial", "1", "--chips", "32"], "bad chip count '32'"),
    (["create", "f", "--serial", "1", "--chips", "x"], "bad chip count 'x'"),
    (["show", "f", "--serial", "1"], "show: --serial, --chips, --key and --trust are for create"),
    (["create", "f", "--serial", "1", "--slot", "0"],
     "create: --slot, --pdm and -o are for extract"),
    (["show", "f", "--pdm"], "show: --slot, --pdm and -o are for extract"),
    (["install", "f", "i", "-o", "x"], "install: --slot, --pdm and -o are for extract"),
    (["extract", "f", "-o", "x"], "extract: -o and one of --slot or --pdm are required"),
    (["extract", "f", "--slot", "0"], "extract: -o and one of --slot or --pdm are required"),
    (["extract", "f", "--pdm"], "extract: -o and one of --slot or --pdm are required"),
    (["extract", "f", "--pdm", "--slot", "1", "-o", "x"], "extract: --slot or --pdm, not both"),
    (["extract", "f", "--pdm=yes", "-o", "x"], "unknown option '--pdm=yes'"),
    (["extract", "f", "--slot", "2", "-o", "x"], "bad slot '2'"),
    (["config"], "config takes FILE [TEXTFILE]"),
    (["config", "f", "t", "u", "--version", "6.3(5)"], "config takes FILE [TEXTFILE]"),
    (["config", "f", "--version"], "option '--version' needs an argument"),
    (["config", "f", "-V"], "option '-V' needs an argument"),
    (["config", "f", "t"], "config: TEXTFILE needs --version"),
    (["config", "f", "--version", "7.0"], "bad version '7.0': expected X.Y(Z)"),
    (["config", "f", "--version", "7.0(1"], "bad version '7.0(1'"),
    (["config", "f", "--version", "6.3(256)"], "bad version '6.3(256)'"),
    (["config", "f", "--version", "-6.3(5)"], "bad version '-6.3(5)'"),
    (["config", "f", "--version", ""], "bad version ''"),
    (["config", "f", "--version", "6.3(5)x"], "bad version '6.3(5)x'"),
    (["config", "f", "--serial", "1"], "config: --serial, --chips, --key and --trust are for create"),
    (["config", "f", "--slot", "0"], "config: --slot, --pdm and -o are for extract"),
    (["show", "f", "--version", "6.3(5)"], "show: --version is for config"),
    (["show", "f", "--trust", "k.pem"], "show: --serial, --chips, --key and --trust are for create"),
    (["install", "f", "i", "--trust", "k.pem"], "install: --serial, --chips, --key and --trust are for create"),
    (["show", "f", "--no-signature-check"], "show: --no-signature-check is for install"),
    (["create", "f", "--serial", "1", "--trust"], "option '--trust' needs an argument"),
    (["create", "f", "--serial", "1", "--trust", "a", "--trust", "b", "--trust", "c", "--trust", "d",
      "--trust", "e"], "--trust: a unit holds at most 4 image signing keys"),
    (["create", "f", "--serial", "1", "--version", "6.3(5)"], "create: --version is for config"),
])
def test_usage_errors(tmp_path, args, msg):
    r = subprocess.run([str(TOOL), *args], capture_output=True, text=True, timeout=30,
                       cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0].startswith("pix-flash: " + msg)
    assert lines[1] == "Try 'pix-flash --help'."
    assert r.stdout == ""
    assert not (tmp_path / "f").exists()


def test_help_config():
    r = ok("config", "--help")
    assert "       pix-flash config FILE [--version V [TEXTFILE]]\n" in r.stdout
    assert "  config    with --version: store TEXTFILE" in r.stdout
    assert "  -V, --version V  version of the PIX OS writing the configuration" in r.stdout
