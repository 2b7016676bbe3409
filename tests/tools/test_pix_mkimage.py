"""pix-mkimage packs and shows PIX images (DESIGN.md, "Software images"); build/test.bin is one.

The header layout is checked here with Python's own struct and hashlib, independently of the C
code that writes it.
"""
import hashlib
import pathlib
import struct
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-mkimage"
TEST_BIN = TOP / "build/test.bin"
TESTIMG_ELF = TOP / "build/testimg/testimg.elf"

HDR = 512
HASHED = 0x1E0
# magic, hdr version, hdr size, kind, major, minor, maint, pad, size, load, entry, reserved
FIELDS = struct.Struct("<8sIII4BIIII")


@pytest.fixture(scope="session", autouse=True)
def built():
    """The tool and the test image, up to date (cheap when make has nothing to do)."""
    r = subprocess.run(["make", "--no-print-directory", str(TOOL.relative_to(TOP)),
                        str(TEST_BIN.relative_to(TOP))],
                       cwd=TOP, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def run(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True,
                          timeout=30)


def decode(image):
    """The header fields of image bytes, as a dict, plus both hashes recomputed."""
    magic, hver, hsize, kind, major, minor, maint, pad, size, load, entry, res = \
        FIELDS.unpack_from(image)
    return dict(magic=magic, hver=hver, hsize=hsize, kind=kind, version=(major, minor, maint),
                pad=pad, size=size, load=load, entry=entry, reserved=res,
                payload_sha=image[0x28:0x48], build=image[0x48:0x88],
                rest=image[0x88:HASHED], hdr_sha=image[HASHED:HDR],
                hdr_ok=hashlib.sha256(image[:HASHED]).digest() == image[HASHED:HDR],
                payload_ok=hashlib.sha256(image[HDR:HDR + size]).digest() == image[0x28:0x48])


@pytest.fixture
def payload(tmp_path):
    p = tmp_path / "payload.bin"
    p.write_bytes(bytes((i * 7 + 3) & 0xFF for i in range(1000)))
    return p


def make(tmp_path, payload, *args):
    out = tmp_path / "image.bin"
    r = run("-o", out, *args, payload)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    return out


def test_help():
    r = run("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: pix-mkimage -o OUT --version X.Y(Z)")
    for opt in ("--kind os|pdm", "--load ADDR", "--entry ADDR", "--build TEXT", "--show IMAGE",
                "--from IMAGE"):
        assert opt in r.stdout
    assert run("-h").stdout == r.stdout


def test_round_trip(tmp_path, payload):
    out = make(tmp_path, payload, "--version", "6.3(5)", "--load", "0x00400000",
               "--entry", "0x400010", "--build", "Compiled by the tests")
    image = out.read_bytes()
    assert len(image) == HDR + 1000
    assert image[HDR:] == payload.read_bytes()
    h = decode(image)
    assert h["magic"] == b"PIXIMAGE" and h["hver"] == 1 and h["hsize"] == 512
    assert h["kind"] == 1 and h["version"] == (6, 3, 5) and h["pad"] == 0
    assert (h["size"], h["load"], h["entry"], h["reserved"]) == (1000, 0x400000, 0x400010, 0)
    assert h["build"] == b"Compiled by the tests".ljust(64, b"\0")
    assert h["rest"] == bytes(HASHED - 0x88)
    assert h["hdr_ok"] and h["payload_ok"]

    r = run("--show", out)
    assert r.returncode == 0, r.stdout + r.stderr
    for line in ("Kind:            1 (PIX OS image)", "Version:         6.3(5)",
                 "Payload size:    1000", "Load address:    0x00400000",
                 "Entry address:   0x00400010", 'Build:           "Compiled by the tests"',
                 "Payload SHA-256: " + hashlib.sha256(payload.read_bytes()).hexdigest(),
                 "Header SHA-256:  " + h["hdr_sha"].hex(), "Header hash:     OK",
                 "Payload hash:    OK", "Header check:    OK", "Image:           valid"):
        assert line in r.stdout.splitlines(), line


def test_defaults_and_addresses(tmp_path, payload):
    h = decode(make(tmp_path, payload, "--version", "0.0(0)").read_bytes())
    assert (h["kind"], h["load"], h["entry"], h["version"]) == (1, 0x400000, 0x400000, (0, 0, 0))
    assert h["build"] == bytes(64)
    h = decode(make(tmp_path, payload, "--version", "255.255(255)", "--load", "1048576",
                    "--entry", str(1048576 + 999)).read_bytes())
    assert (h["load"], h["entry"], h["version"]) == (0x100000, 0x100000 + 999, (255, 255, 255))
    h = decode(make(tmp_path, payload, "--version", "7.0(1)", "--load", "0xfffffc18",
                    "--entry", "0xffffffff").read_bytes())
    assert h["load"] == 0x100000000 - 1000 and h["hdr_ok"]


def test_pdm(tmp_path, payload):
    out = make(tmp_path, payload, "--version", "3.0(4)", "--kind", "pdm", "--build", "PDM")
    h = decode(out.read_bytes())
    assert (h["kind"], h["load"], h["entry"]) == (2, 0, 0)
    r = run("--show", out)
    assert r.returncode == 0 and "Kind:            2 (PDM archive)" in r.stdout
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    r = run("-o", tmp_path / "e.bin", "--version", "3.0(4)", "--kind", "pdm", empty)
    assert r.returncode == 0 and decode((tmp_path / "e.bin").read_bytes())["size"] == 0


@pytest.mark.parametrize("where, line", [
    (HDR + 0, "Payload hash:    BAD"),
    (HDR + 999, "Payload hash:    BAD"),
    (0x48, "Header hash:     BAD"),        # build text
    (0x14, "Header hash:     BAD"),        # version
    (0x100, "Header hash:     BAD"),       # reserved area
    (HASHED + 5, "Header hash:     BAD"),  # the header hash itself
    (0x28, "Payload hash:    BAD"),        # the payload hash in the header
])
def test_tampered_byte_detected(tmp_path, payload, where, line):
    out = make(tmp_path, payload, "--version", "6.3(5)", "--build", "x")
    image = bytearray(out.read_bytes())
    image[where] ^= 0x01
    out.write_bytes(image)
    r = run("--show", out)
    assert r.returncode == 1
    assert line in r.stdout.splitlines()
    assert "Image:           INVALID" in r.stdout


def test_show_truncated_and_padded(tmp_path, payload):
    out = make(tmp_path, payload, "--version", "6.3(5)")
    image = out.read_bytes()
    out.write_bytes(image[:-1])
    r = run("--show", out)
    assert r.returncode == 1
    assert "Payload hash:    BAD (payload truncated)" in r.stdout
    assert "Header check:    BAD (image truncated)" in r.stdout
    out.write_bytes(image + b"\xff" * 100)  # as in a flash slot
    r = run("--show", out)
    assert r.returncode == 0 and "Trailing bytes:  100 (not part of the image)" in r.stdout


@pytest.mark.parametrize("content, message", [
    (b"", "shorter than an image header"),
    (b"PIXIMAGE" + bytes(500), "shorter than an image header"),
    (bytes(512), "not a PIX image"),
    (b"\x7fELF" + bytes(2000), "not a PIX image"),
])
def test_show_not_an_image(tmp_path, content, message):
    f = tmp_path / "junk"
    f.write_bytes(content)
    r = run("--show", f)
    assert r.returncode == 1
    assert f"pix-mkimage: {f}: {message}" in r.stderr


def test_show_bad_field_with_good_hash(tmp_path, payload):
    """A header resealed after a bad edit: the hash holds, the field check names the field."""
    out = make(tmp_path, payload, "--version", "6.3(5)")
    image = bytearray(out.read_bytes())
    struct.pack_into("<I", image, 0x10, 4)  # kind 4
    image[HASHED:HDR] = hashlib.sha256(image[:HASHED]).digest()
    out.write_bytes(image)
    r = run("--show", out)
    assert r.returncode == 1
    assert "Header hash:     OK" in r.stdout
    assert "Header check:    BAD (unknown image kind)" in r.stdout


@pytest.mark.parametrize("args, status, message", [
    ([], 2, "-o OUT is required"),
    (["-o", "{out}", "{payload}"], 2, "--version is required"),
    (["-o", "{out}", "--version", "6.3(5)"], 2, "no PAYLOAD file given"),
    (["-o", "{out}", "--version", "6.3(5)", "{payload}", "{payload}"], 2,
     "only one PAYLOAD file is allowed"),
    (["-o", "{out}", "--version", "6.3", "{payload}"], 2, "bad version '6.3'"),
    (["-o", "{out}", "--version", "6.3(5) ", "{payload}"], 2, "bad version"),
    (["-o", "{out}", "--version", "256.3(5)", "{payload}"], 2, "bad version"),
    (["-o", "{out}", "--version", "6.03(5)", "{payload}"], 2, "bad version"),
    (["-o", "{out}", "--version", "6.3(5)", "--kind", "boot", "{payload}"], 2,
     "bad kind 'boot': expected os, pdm or boothelper"),
    (["-o", "{out}", "--version", "6.3(5)", "--load", "0x1_000", "{payload}"], 2,
     "bad load address '0x1_000'"),
    (["-o", "{out}", "--version", "6.3(5)", "--load", "0x100000000", "{payload}"], 2,
     "bad load address"),
    (["-o", "{out}", "--version", "6.3(5)", "--load", "-1", "{payload}"], 2, "bad load address"),
    (["-o", "{out}", "--version", "6.3(5)", "--entry", "zero", "{payload}"], 2,
     "bad entry address 'zero'"),
    (["-o", "{out}", "--version", "6.3(5)", "--entry", "0x4003e8", "{payload}"], 1,
     "entry 0x004003e8 is outside the payload [0x00400000, 0x004003e8)"),
    (["-o", "{out}", "--version", "6.3(5)", "--load", "0x500000", "--entry", "0x400000",
      "{payload}"], 1, "entry 0x00400000 is outside the payload"),
    (["-o", "{out}", "--version", "6.3(5)", "--load", "0xfffffc19", "--entry", "0xfffffc19",
      "{payload}"], 1, "runs past 4 GiB"),
    (["-o", "{out}", "--version", "6.3(5)", "--kind", "pdm", "--load", "0x400000",
      "{payload}"], 2, "a pdm archive has no --load or --entry"),
    (["-o", "{out}", "--version", "6.3(5)", "--build", "x" * 64, "{payload}"], 2,
     "build text too long: 64 characters, at most 63"),
    (["-o", "{out}", "--version", "6.3(5)", "--build", "tab\there", "{payload}"], 1,
     "build text must be printable ASCII"),
    (["-o", "{out}", "--version", "6.3(5)", "{empty}"], 1, "payload is empty"),
    (["-o", "{out}", "--version", "6.3(5)", "{missing}"], 1, "No such file or directory"),
    (["-o", "{tmp}/no/such/dir/image.bin", "--version", "6.3(5)", "{payload}"], 1,
     "No such file or directory"),
    (["--frobnicate"], 2, "unknown option '--frobnicate'"),
    (["-o"], 2, "option '-o' needs an argument"),
    (["--show"], 2, "option '--show' needs an argument"),
    (["--show", "{payload}", "extra"], 2, "--show takes only the image file"),
    (["--show", "{payload}", "--version", "6.3(5)"], 2, "--show takes only the image file"),
])
def test_errors(tmp_path, payload, args, status, message):
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    subst = dict(out=tmp_path / "out.bin", payload=payload, empty=empty,
                 missing=tmp_path / "missing", tmp=tmp_path)
    r = run(*[a.format(**subst) for a in args])
    assert r.returncode == status, r.stderr
    assert message in r.stderr
    assert r.stderr.startswith("pix-mkimage: ")
    if status == 2:
        assert "Try 'pix-mkimage --help'." in r.stderr
    assert not (tmp_path / "out.bin").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def from_image(tmp_path, source, *args, name="resealed.bin"):
    """pix-mkimage -o OUT ARGS --from SOURCE, which must succeed silently; returns OUT."""
    out = tmp_path / name
    r = run("-o", out, *args, "--from", source)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    return out


def test_from_reseals_with_new_version(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "6.3(5)", "--load", "0x00500000",
               "--entry", "0x500010", "--build", "Compiled by the tests")
    old = decode(src.read_bytes())
    out = from_image(tmp_path, src, "--version", "6.3(4)")
    image = out.read_bytes()
    assert len(image) == HDR + 1000
    assert image[HDR:] == payload.read_bytes()
    h = decode(image)
    assert h["version"] == (6, 3, 4)
    assert h["hdr_ok"] and h["payload_ok"]
    for field in ("magic", "hver", "hsize", "kind", "pad", "size", "load", "entry", "reserved",
                  "payload_sha", "build", "rest"):
        assert h[field] == old[field], field
    assert h["hdr_sha"] != old["hdr_sha"]
    r = run("--show", out)
    assert r.returncode == 0, r.stdout + r.stderr
    for line in ("Kind:            1 (PIX OS image)", "Version:         6.3(4)",
                 "Payload size:    1000", "Load address:    0x00500000",
                 "Entry address:   0x00500010", 'Build:           "Compiled by the tests"',
                 "Payload SHA-256: " + hashlib.sha256(payload.read_bytes()).hexdigest(),
                 "Header SHA-256:  " + h["hdr_sha"].hex(), "Header hash:     OK",
                 "Payload hash:    OK", "Header check:    OK", "Image:           valid"):
        assert line in r.stdout.splitlines(), line


def test_from_same_version_gives_same_image(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "6.3(5)", "--build", "x")
    assert from_image(tmp_path, src, "--version", "6.3(5)").read_bytes() == src.read_bytes()


def test_from_build_override(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "6.3(5)", "--build", "the original build text")
    h = decode(from_image(tmp_path, src, "--version", "7.0(1)", "--build", "rebuilt").read_bytes())
    assert h["version"] == (7, 0, 1) and h["build"] == b"rebuilt".ljust(64, b"\0")
    assert h["hdr_ok"] and h["payload_ok"]
    h = decode(from_image(tmp_path, src, "--version", "7.0(1)", "--build", "").read_bytes())
    assert h["build"] == bytes(64) and h["hdr_ok"]


def test_from_pdm(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "3.0(4)", "--kind", "pdm", "--build", "PDM")
    out = from_image(tmp_path, src, "--version", "3.0(2)")
    h = decode(out.read_bytes())
    assert (h["kind"], h["load"], h["entry"], h["version"]) == (2, 0, 0, (3, 0, 2))
    assert h["build"] == b"PDM".ljust(64, b"\0") and h["hdr_ok"] and h["payload_ok"]
    assert out.read_bytes()[HDR:] == payload.read_bytes()


def test_from_drops_trailing_bytes(tmp_path, payload):
    """An image as it sits in a flash slot (erased bytes after it) is valid; only it is copied."""
    src = make(tmp_path, payload, "--version", "6.3(5)")
    src.write_bytes(src.read_bytes() + b"\xff" * 300)
    image = from_image(tmp_path, src, "--version", "6.3(6)").read_bytes()
    assert len(image) == HDR + 1000 and image[HDR:] == payload.read_bytes()
    assert decode(image)["payload_ok"]


def test_from_in_place(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "6.3(5)")
    r = run("-o", src, "--version", "6.2(1)", "--from", src)
    assert r.returncode == 0, r.stderr
    h = decode(src.read_bytes())
    assert h["version"] == (6, 2, 1) and h["hdr_ok"] and h["payload_ok"]
    assert src.read_bytes()[HDR:] == payload.read_bytes()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_from_test_image(tmp_path):
    """The upgrade tests' use: an older version of a built image, its code byte for byte."""
    out = from_image(tmp_path, TEST_BIN, "--version", "6.3(4)")
    image, old = out.read_bytes(), TEST_BIN.read_bytes()
    assert image[HDR:] == old[HDR:]
    h, o = decode(image), decode(old)
    assert h["version"] == (6, 3, 4) and h["hdr_ok"] and h["payload_ok"]
    assert (h["kind"], h["load"], h["entry"], h["build"]) == \
        (o["kind"], o["load"], o["entry"], o["build"])


@pytest.mark.parametrize("where, message", [
    (HDR + 0, "not a valid image (payload checksum mismatch)"),
    (HDR + 999, "not a valid image (payload checksum mismatch)"),
    (0x28, "not a valid image (header checksum mismatch)"),     # the payload hash in it
    (0x14, "not a valid image (header checksum mismatch)"),     # version
    (0x48, "not a valid image (header checksum mismatch)"),     # build text
    (0x1C, "not a valid image (header checksum mismatch)"),     # load address
    (HASHED + 5, "not a valid image (header checksum mismatch)"),
    (0, "not a PIX image: nothing to re-seal"),                 # magic
])
def test_from_refuses_tampered(tmp_path, payload, where, message):
    src = make(tmp_path, payload, "--version", "6.3(5)")
    image = bytearray(src.read_bytes())
    image[where] ^= 0x01
    src.write_bytes(image)
    out = tmp_path / "out.bin"
    r = run("-o", out, "--version", "6.3(4)", "--from", src)
    assert r.returncode == 1
    assert r.stderr == f"pix-mkimage: {src}: {message}" + \
        ("" if "nothing" in message else ": refusing to re-seal it") + "\n"
    assert r.stdout == ""
    assert not out.exists() and not [p for p in tmp_path.rglob("*.tmp")]
    assert src.read_bytes() == image


def test_from_refuses_bad_field_with_good_hash(tmp_path, payload):
    src = make(tmp_path, payload, "--version", "6.3(5)")
    image = bytearray(src.read_bytes())
    struct.pack_into("<I", image, 0x10, 4)  # kind 4, header resealed
    image[HASHED:HDR] = hashlib.sha256(image[:HASHED]).digest()
    src.write_bytes(image)
    r = run("-o", tmp_path / "out.bin", "--version", "6.3(4)", "--from", src)
    assert r.returncode == 1
    assert "not a valid image (unknown image kind)" in r.stderr
    assert not (tmp_path / "out.bin").exists()


@pytest.mark.parametrize("cut, message", [
    (1, "not a valid image (image truncated): refusing to re-seal it"),
    (1000, "not a valid image (image truncated): refusing to re-seal it"),
    (1001, "shorter than an image header: nothing to re-seal"),
    (1512, "shorter than an image header: nothing to re-seal"),
])
def test_from_refuses_truncated(tmp_path, payload, cut, message):
    src = make(tmp_path, payload, "--version", "6.3(5)")
    src.write_bytes(src.read_bytes()[:-cut])
    r = run("-o", tmp_path / "out.bin", "--version", "6.3(4)", "--from", src)
    assert r.returncode == 1
    assert r.stderr == f"pix-mkimage: {src}: {message}\n"
    assert not (tmp_path / "out.bin").exists()


def test_from_refuses_existing_output_untouched(tmp_path, payload):
    """A refused --from leaves an existing OUT as it was."""
    src = make(tmp_path, payload, "--version", "6.3(5)")
    image = bytearray(src.read_bytes())
    image[HDR] ^= 0x01
    src.write_bytes(image)
    out = tmp_path / "out.bin"
    out.write_bytes(b"keep me")
    r = run("-o", out, "--version", "6.3(4)", "--from", src)
    assert r.returncode == 1 and out.read_bytes() == b"keep me"


@pytest.mark.parametrize("args, status, message", [
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{image}", "{payload}"], 2,
     "--from takes no PAYLOAD: the payload is IMAGE's"),
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{image}", "--kind", "os"], 2,
     "--from keeps IMAGE's kind, load and entry: no --kind, --load or --entry with it"),
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{image}", "--kind", "pdm"], 2,
     "no --kind, --load or --entry with it"),
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{image}", "--load", "0x400000"], 2,
     "no --kind, --load or --entry with it"),
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{image}", "--entry", "0x400000"], 2,
     "no --kind, --load or --entry with it"),
    (["-o", "{out}", "--from", "{image}"], 2, "--version is required"),
    (["--version", "6.3(4)", "--from", "{image}"], 2, "-o OUT is required"),
    (["-o", "{out}", "--version", "6.3", "--from", "{image}"], 2, "bad version '6.3'"),
    (["-o", "{out}", "--version", "6.3(4)", "--build", "x" * 64, "--from", "{image}"], 2,
     "build text too long: 64 characters, at most 63"),
    (["-o", "{out}", "--version", "6.3(4)", "--build", "tab\there", "--from", "{image}"], 1,
     "build text must be printable ASCII"),
    (["-o", "{out}", "--version", "6.3(4)", "--from", "{missing}"], 1,
     "No such file or directory"),
    (["-o", "{tmp}/no/such/dir/image.bin", "--version", "6.3(4)", "--from", "{image}"], 1,
     "No such file or directory"),
    (["-o", "{out}", "--version", "6.3(4)", "--from"], 2, "option '--from' needs an argument"),
    (["--show", "{image}", "--from", "{image}"], 2, "--show takes only the image file"),
])
def test_from_errors(tmp_path, payload, args, status, message):
    image = make(tmp_path, payload, "--version", "6.3(5)")
    before = image.read_bytes()
    subst = dict(out=tmp_path / "out.bin", payload=payload, image=image,
                 missing=tmp_path / "missing", tmp=tmp_path)
    r = run(*[a.format(**subst) for a in args])
    assert r.returncode == status, r.stderr
    assert message in r.stderr
    assert r.stderr.startswith("pix-mkimage: ")
    if status == 2:
        assert "Try 'pix-mkimage --help'." in r.stderr
    assert not (tmp_path / "out.bin").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]
    assert image.read_bytes() == before


def test_test_image():
    """build/test.bin: a valid 6.3(5) OS image, small, entered at the linked entry point."""
    image = TEST_BIN.read_bytes()
    h = decode(image)
    assert h["hdr_ok"] and h["payload_ok"]
    assert (h["kind"], h["version"], h["load"]) == (1, (6, 3, 5), 0x400000)
    assert len(image) == HDR + h["size"] and h["size"] <= 8192
    assert h["build"].startswith(b"PIX test image, built ")
    nm = subprocess.run(["nm", str(TESTIMG_ELF)], capture_output=True, text=True, check=True)
    syms = {f[2]: int(f[0], 16) for f in map(str.split, nm.stdout.splitlines()) if len(f) == 3}
    assert h["entry"] == syms["testimg_entry"]
    assert syms["_payload_end"] - h["load"] == h["size"]
    assert image[HDR + h["entry"] - h["load"]] == 0xFA  # cli: the first instruction
    assert b"PIX test image 6.3(5)\n" in image[HDR:]
    r = run("--show", TEST_BIN)
    assert r.returncode == 0 and "Image:           valid" in r.stdout
