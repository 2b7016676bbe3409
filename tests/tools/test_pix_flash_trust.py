"""pix-flash trust: the HTTPS trust anchors in flash, listed, added and removed, and every refusal.

Certificates are made here by openssl (req -x509, x509 -req), and what pix-flash lists is checked
against what openssl says of them (subject, issuer, dates, SHA-256 fingerprint). The record format
(flash/layout.h: two copies A/B of a trust record and the list's DER) is read back with Python's
own struct and hashlib, and forged here to show that the tool reads what the format says.
"""
import datetime
import hashlib
import pathlib
import re
import struct
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-flash"
TEST_BIN = TOP / "build/test.bin"
OPENSSL = "/usr/bin/openssl"

SERIAL = 12345678
KEY_ALL = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"

# flash/layout.h: copy A at 0x6000, copy B at 0xA000, 16 KiB each: the trust record sector, then
# the list's DER. Record: magic, version 1, seq, count, total, 8 lengths, SHA-256 of the DER,
# 8 reserved zero bytes, SHA-256 of bytes 0x00-0x5f.
COPY_OFF = (0x6000, 0xA000)
COPY_SIZE = 0x4000
SECTOR = 256
TRUST_MAX = 8
TRUST_BYTES = COPY_SIZE - SECTOR
REC = struct.Struct("<8sIIII8I32s8s32s")
NONE_LINE = "Trust anchors:        none (https is refused)"


@pytest.fixture(scope="session", autouse=True)
def built():
    """The tool and the test image, up to date (cheap when make has nothing to do)."""
    targets = [TOOL, TEST_BIN]
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


def failed(*args):
    r = run(*args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout == ""
    return r


def openssl(*args, text=True):
    r = subprocess.run([OPENSSL, *map(str, args)], capture_output=True, text=text, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


# ---- certificates --------------------------------------------------------------------------------

class Certs:
    """Certificates made by openssl in one folder, by name: NAME.pem, NAME.der, NAME.key."""

    def __init__(self, path):
        self.path = path
        (path / "leaf.ext").write_text("basicConstraints=CA:FALSE\n"
                                       "subjectAltName=DNS:www.example.test\n")

    def pem(self, name):
        return self.path / (name + ".pem")

    def der(self, name):
        out = self.path / (name + ".der")
        if not out.exists():
            openssl("x509", "-in", self.pem(name), "-outform", "der", "-out", out)
        return out

    def self_signed(self, name, subject, *extra):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", self.path / (name + ".key"), "-out", self.pem(name),
                "-subj", subject, "-days", "3650", *extra)
        return self.pem(name)

    def signed(self, name, subject, ca, ext=True):
        """A certificate for subject issued by ca: version 3 with CA:FALSE, or version 1."""
        key, csr = self.path / (name + ".key"), self.path / (name + ".csr")
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", csr, "-subj", subject)
        openssl("x509", "-req", "-in", csr, "-CA", self.pem(ca), "-CAkey",
                self.path / (ca + ".key"), "-set_serial", "7", "-days", "365",
                "-out", self.pem(name), *(["-extfile", self.path / "leaf.ext"] if ext else []))
        return self.pem(name)


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    c = Certs(tmp_path_factory.mktemp("certs"))
    c.self_signed("ca", "/C=US/O=PIX Test/CN=PIX Test Root CA")
    c.self_signed("ca2", "/O=PIX Test/CN=Second Root")
    c.signed("leaf", "/CN=www.example.test", "ca")
    c.signed("v1", "/CN=old.example.test", "ca", ext=False)
    c.self_signed("pinned", "/CN=pinned.example.test",
                  "-addext", "basicConstraints=critical,CA:FALSE")
    for i in range(TRUST_MAX + 1):
        c.self_signed(f"root{i}", f"/CN=Root {i}")
    # about 8.8 KB each: two do not fit the 16128 bytes of the list
    for name in ("big1", "big2"):
        sans = ",".join(f"DNS:{name}-host{i:04d}.example.test" for i in range(300))
        c.self_signed(name, f"/CN={name}", "-addext", "subjectAltName=" + sans)
    return c


def openssl_view(pem):
    """What openssl says of a certificate: subject, issuer (mbedTLS's order and separators),
    notBefore, notAfter (as pix-flash prints them), SHA-256 fingerprint."""
    out = openssl("x509", "-in", pem, "-noout", "-subject", "-issuer", "-dates",
                  "-fingerprint", "-sha256", "-nameopt", "compat")
    f = dict(line.split("=", 1) for line in out.splitlines())

    def dn(compat):
        return ", ".join(compat.strip("/").split("/"))

    def when(t):
        d = datetime.datetime.strptime(t.replace("  ", " "), "%b %d %H:%M:%S %Y GMT")
        return d.strftime("%Y-%m-%d %H:%M:%S UTC")

    return {"subject": dn(f["subject"]), "issuer": dn(f["issuer"]),
            "not_before": when(f["notBefore"]), "not_after": when(f["notAfter"]),
            "sha256": f["sha256 Fingerprint"]}


def der_of(pem):
    return openssl("x509", "-in", pem, "-outform", "der", text=False)


# ---- what pix-flash lists -----------------------------------------------------------------------

def anchors(out):
    """The anchors pix-flash trust printed: a dict per anchor, in order."""
    found = []
    for m in re.finditer(r"^Anchor (\d+): +(\d+) bytes, (.*)\n((?:  .*\n)*)", out, re.M):
        a = {"index": int(m[1]), "size": int(m[2]), "kind": m[3]}
        for line in m[4].splitlines():
            key, val = line.strip().split(":", 1)
            a[key.lower().replace(" ", "_").replace("-", "")] = val.strip()
        found.append(a)
    return found


def check_anchor(a, pem, kind="CA"):
    v = openssl_view(pem)
    assert a["subject"] == v["subject"]
    assert a["issuer"] in (v["issuer"], v["issuer"] + " (self-signed)")
    assert a["issuer"].endswith("(self-signed)") == (v["issuer"] == v["subject"])
    assert a["not_before"] == v["not_before"]
    assert a["not_after"] == v["not_after"]
    assert a["sha256"] == v["sha256"]
    assert a["size"] == len(der_of(pem))
    assert a["kind"] == kind


# ---- the format, read independently ------------------------------------------------------------

def copy_of(data, i):
    """Copy i as the format says: (seq, [DER...]) when valid, "empty" or "corrupt" otherwise."""
    rec = data[COPY_OFF[i]:COPY_OFF[i] + REC.size]
    if rec == b"\xff" * REC.size:
        return "empty"
    magic, ver, seq, count, total, *rest = REC.unpack(rec)
    lens, der_hash, reserved, rec_hash = rest[:8], rest[8], rest[9], rest[10]
    if (magic != b"PIXTRUST" or ver != 1 or rec_hash != hashlib.sha256(rec[:0x60]).digest()
            or reserved != bytes(8) or count > TRUST_MAX or sum(lens) != total
            or any((k < count) != (n != 0) for k, n in enumerate(lens))):
        return "corrupt"
    der = data[COPY_OFF[i] + SECTOR:COPY_OFF[i] + SECTOR + total]
    if hashlib.sha256(der).digest() != der_hash:
        return "corrupt"
    out, off = [], 0
    for n in lens[:count]:
        out.append(der[off:off + n])
        off += n
    return seq, out


def newer(a, b):
    """Whether seq a is newer than seq b: serial numbers, as the layout compares them."""
    return a != b and (a - b) % 2**32 < 2**31


def current_list(data):
    """The list a reader must take: the valid copy with the newer seq (A when equal)."""
    c = [copy_of(data, i) for i in (0, 1)]
    valid = [i for i in (0, 1) if isinstance(c[i], tuple)]
    if not valid:
        return []
    if len(valid) == 2:
        return c[1 if newer(c[1][0], c[0][0]) else 0][1]
    return c[valid[0]][1]


def forge_copy(path, i, seq, ders, damage_der=False):
    """Writes copy i as a whole, valid record over ders, behind the tool's back."""
    lens = [len(d) for d in ders] + [0] * (TRUST_MAX - len(ders))
    blob = b"".join(ders)
    head = struct.pack("<8sIIII8I32s8s", b"PIXTRUST", 1, seq, len(ders), len(blob), *lens,
                       hashlib.sha256(blob).digest(), bytes(8))
    rec = (head + hashlib.sha256(head).digest()).ljust(SECTOR, b"\xff")
    if damage_der:
        blob = bytes([blob[0] ^ 1]) + blob[1:]
    b = bytearray(path.read_bytes())
    b[COPY_OFF[i]:COPY_OFF[i] + SECTOR + len(blob)] = rec + blob
    path.write_bytes(bytes(b))


# ---- fixtures -------------------------------------------------------------------------------------

@pytest.fixture
def flash(tmp_path):
    """A 16-chip flash file for SERIAL with the full key, nothing installed."""
    f = tmp_path / "flash.bin"
    ok("create", f, "--serial", SERIAL, "--key", KEY_ALL)
    return f


# ---- listing ------------------------------------------------------------------------------------

def test_none(flash):
    r = ok("trust", flash)
    assert r.stdout == NONE_LINE + "\n"
    assert r.stderr == ""
    assert NONE_LINE + "\n" in ok("show", flash).stdout
    data = flash.read_bytes()
    assert copy_of(data, 0) == copy_of(data, 1) == "empty"


def test_add_ca(flash, certs):
    before = flash.read_bytes()
    r = ok("trust", flash, "--add", certs.pem("ca"))
    v = openssl_view(certs.pem("ca"))
    n = len(der_of(certs.pem("ca")))
    assert r.stdout.startswith(f"Added trust anchor 0: {v['subject']}\n"
                               f"Trust anchors:        1 of 8, {n} of 16128 bytes "
                               "(copy A, sequence 1)\n")
    assert r.stderr == ""
    (a,) = anchors(r.stdout)
    check_anchor(a, certs.pem("ca"))
    assert a["index"] == 0
    # the file: copy A holds the DER; nothing else changed but the trust area
    data = flash.read_bytes()
    assert copy_of(data, 0) == (1, [der_of(certs.pem("ca"))])
    assert copy_of(data, 1) == "empty"
    assert data[:COPY_OFF[0]] == before[:COPY_OFF[0]]
    assert data[COPY_OFF[1] + COPY_SIZE:] == before[COPY_OFF[1] + COPY_SIZE:]
    # listing again says the same and writes nothing
    r2 = ok("trust", flash)
    assert r2.stdout == r.stdout.split("\n", 1)[1]
    assert flash.read_bytes() == data


def test_add_der(flash, certs):
    r = ok("trust", flash, "--add", certs.der("ca2"))
    (a,) = anchors(r.stdout)
    check_anchor(a, certs.pem("ca2"))


def test_add_bundle_with_text(flash, certs, tmp_path):
    """Several certificates in one file, with openssl -text's explanation around them."""
    bundle = tmp_path / "bundle.pem"
    bundle.write_text(openssl("x509", "-in", certs.pem("ca"), "-text")
                      + "\r\n" + certs.pem("ca2").read_text().replace("\n", "\r\n")
                      + "trailing words\n")
    r = ok("trust", flash, "--add", bundle)
    assert "Added trust anchor 0: C=US, O=PIX Test, CN=PIX Test Root CA\n" in r.stdout
    assert "Added trust anchor 1: O=PIX Test, CN=Second Root\n" in r.stdout
    a = anchors(r.stdout)
    check_anchor(a[0], certs.pem("ca"))
    check_anchor(a[1], certs.pem("ca2"))
    data = flash.read_bytes()
    # each certificate is one change: A holds [ca] (seq 1), B [ca, ca2] (seq 2)
    assert copy_of(data, 0) == (1, [der_of(certs.pem("ca"))])
    assert copy_of(data, 1) == (2, [der_of(certs.pem("ca")), der_of(certs.pem("ca2"))])
    assert "Trust anchors:        2 of 8" in ok("show", flash).stdout


def test_non_ca_warnings(flash, certs):
    r = ok("trust", flash, "--add", certs.pem("pinned"))
    assert r.stderr == (f"pix-flash: warning: {certs.pem('pinned')} (CN=pinned.example.test) is "
                        "not a CA certificate (no basicConstraints CA:TRUE): it anchors only a "
                        "server that presents this very certificate\n")
    check_anchor(anchors(r.stdout)[0], certs.pem("pinned"),
                 "not a CA: pins a server that presents this self-signed certificate")
    r = ok("trust", flash, "--add", certs.pem("leaf"))
    assert "is neither a CA certificate (no basicConstraints CA:TRUE) nor self-signed" in r.stderr
    check_anchor(anchors(r.stdout)[1], certs.pem("leaf"),
                 "not a CA and not self-signed: verifies no server")
    r = ok("trust", flash, "--add", certs.pem("v1"))
    assert "(CN=old.example.test) is a version 1 certificate (no extensions)" in r.stderr
    check_anchor(anchors(r.stdout)[2], certs.pem("v1"),
                 "version 1 or 2 certificate: trusted as a CA")
    # a CA says nothing
    assert ok("trust", flash, "--add", certs.pem("ca")).stderr == ""


def test_duplicate(flash, certs, tmp_path):
    ok("trust", flash, "--add", certs.pem("ca"))
    before = flash.read_bytes()
    for f in (certs.pem("ca"), certs.der("ca")):
        r = failed("trust", flash, "--add", f)
        assert r.stderr == f"pix-flash: {f} (C=US, O=PIX Test, CN=PIX Test Root CA): already a " \
                           "trust anchor\n"
    # a bundle whose second certificate is there: nothing of it is stored
    bundle = tmp_path / "b.pem"
    bundle.write_text(certs.pem("ca2").read_text() + certs.pem("ca").read_text())
    r = failed("trust", flash, "--add", bundle)
    assert r.stderr == (f"pix-flash: {bundle}, certificate 2 (C=US, O=PIX Test, CN=PIX Test Root "
                        f"CA): already a trust anchor\n"
                        f"pix-flash: {bundle}: none of its certificates stored\n")
    assert flash.read_bytes() == before


def test_remove(flash, certs):
    for name in ("ca", "ca2", "pinned"):
        ok("trust", flash, "--add", certs.pem(name))
    r = ok("trust", flash, "--remove", 1)
    assert r.stdout.startswith("Removed trust anchor 1: O=PIX Test, CN=Second Root\n"
                               "Trust anchors:        2 of 8")
    a = anchors(r.stdout)
    assert [x["index"] for x in a] == [0, 1]
    check_anchor(a[0], certs.pem("ca"))
    check_anchor(a[1], certs.pem("pinned"), a[1]["kind"])
    assert current_list(flash.read_bytes()) == [der_of(certs.pem("ca")),
                                                der_of(certs.pem("pinned"))]
    before = flash.read_bytes()
    r = failed("trust", flash, "--remove", 2)
    assert r.stderr == f"pix-flash: {flash}: no trust anchor 2: they are numbered 0 to 1\n"
    assert flash.read_bytes() == before
    ok("trust", flash, "--remove", 0)
    r = ok("trust", flash, "--remove", "0x0")
    assert r.stdout == "Removed trust anchor 0: CN=pinned.example.test\n" + NONE_LINE + "\n"
    r = failed("trust", flash, "--remove", 0)
    assert r.stderr == f"pix-flash: {flash}: no trust anchor 0: there are none\n"
    # an empty list is a valid record of its own
    data = flash.read_bytes()
    assert (6, []) in (copy_of(data, 0), copy_of(data, 1))
    assert current_list(data) == []


def test_full(flash, certs):
    for i in range(TRUST_MAX):
        ok("trust", flash, "--add", certs.pem(f"root{i}"))
    before = flash.read_bytes()
    r = failed("trust", flash, "--add", certs.pem(f"root{TRUST_MAX}"))
    assert r.stderr.endswith("(CN=Root 8): no room among the trust anchors (at most 8, 16128 "
                             "bytes of DER in all)\n")
    assert flash.read_bytes() == before
    r = ok("trust", flash)
    assert r.stdout.startswith("Trust anchors:        8 of 8")
    assert [a["subject"] for a in anchors(r.stdout)] == [f"CN=Root {i}" for i in range(8)]
    ok("trust", flash, "--remove", 3)
    ok("trust", flash, "--add", certs.pem(f"root{TRUST_MAX}"))


def test_too_many_bytes(flash, certs):
    big1, big2 = (len(der_of(certs.pem(n))) for n in ("big1", "big2"))
    assert big1 + big2 > TRUST_BYTES and big1 < TRUST_BYTES
    ok("trust", flash, "--add", certs.pem("big1"))
    before = flash.read_bytes()
    r = failed("trust", flash, "--add", certs.pem("big2"))
    assert "(CN=big2): no room among the trust anchors" in r.stderr
    assert flash.read_bytes() == before
    # what is left still takes a small one
    r = ok("trust", flash, "--add", certs.pem("ca"))
    assert f"2 of 8, {big1 + len(der_of(certs.pem('ca')))} of 16128 bytes" in r.stdout


def test_refused_files(flash, certs, tmp_path):
    before = flash.read_bytes()
    good = certs.pem("ca").read_text()
    lines = good.splitlines(keepends=True)
    cases = {
        "empty.pem": (b"", "empty file: not a certificate"),
        "text.txt": (b"hello, world\n", "not a valid X.509 certificate: X509 - "),
        "random.der": (bytes((i * 37 + 11) & 0xFF for i in range(700)),
                       "not a valid X.509 certificate: "),
        "key.pem": (certs.path.joinpath("ca.key").read_bytes(),
                    "no certificate in it (PEM without a -----BEGIN CERTIFICATE----- block)"),
        "csr.pem": (certs.path.joinpath("leaf.csr").read_bytes(), "no certificate in it"),
        "bad64.pem": ("".join(lines[:2] + ["!" + lines[2][1:]] + lines[3:]).encode(),
                      "line 3: a character that is not base64"),
        "cut.pem": ("".join(lines[:-1]).encode(), "no -----END CERTIFICATE----- line"),
        "pad.pem": ("".join(lines[:1] + ["Zg==\n", "Zg==\n"] + lines[-1:]).encode(),
                    "line 3: bad base64 padding"),
        "notx509.pem": (b"-----BEGIN CERTIFICATE-----\nZm9vYmFy\n-----END CERTIFICATE-----\n",
                        "not a valid X.509 certificate"),
        "trailing.der": (der_of(certs.pem("ca")) + b"\x00\x00",
                         "not a valid X.509 certificate: bytes follow the certificate"),
    }
    for name, (content, msg) in cases.items():
        f = tmp_path / name
        f.write_bytes(content)
        r = failed("trust", flash, "--add", f)
        assert r.stderr.startswith(f"pix-flash: {f}: "), name
        assert msg in r.stderr, (name, r.stderr)
        assert len(r.stderr.splitlines()) == 1, r.stderr
    r = failed("trust", flash, "--add", tmp_path / "nope.pem")
    assert r.stderr == f"pix-flash: {tmp_path / 'nope.pem'}: No such file or directory\n"
    assert flash.read_bytes() == before


def test_unformatted(tmp_path, certs):
    """What QEMU creates for a missing flash file: no identity, so no anchors either."""
    f = tmp_path / "zero.bin"
    f.write_bytes(bytes(8 << 20))
    for args in ([], ["--add", certs.pem("ca")], ["--remove", 0]):
        r = failed("trust", f, *args)
        assert r.stderr == f"pix-flash: {f}: flash not formatted (no identity record)\n"
    assert f.read_bytes() == bytes(8 << 20)


@pytest.mark.parametrize("size", [0, 1000, 3 * 512 * 1024])
def test_not_a_flash_file(tmp_path, size):
    f = tmp_path / "odd.bin"
    f.write_bytes(b"\xff" * size)
    r = failed("trust", f)
    assert r.stderr.startswith(f"pix-flash: {f}: ")
    r = failed("trust", tmp_path / "nope.bin")
    assert "No such file or directory" in r.stderr


def test_one_chip(tmp_path, certs):
    f = tmp_path / "one.bin"
    ok("create", f, "--serial", 7, "--chips", 1)
    r = ok("trust", f, "--add", certs.pem("ca"))
    check_anchor(anchors(r.stdout)[0], certs.pem("ca"))


# ---- the rest of pix-flash with anchors in flash -------------------------------------------------

def test_show_check_install_with_anchors(flash, certs, tmp_path):
    ok("trust", flash, "--add", certs.pem("ca"))
    ok("trust", flash, "--add", certs.pem("ca2"))
    n = len(der_of(certs.pem("ca"))) + len(der_of(certs.pem("ca2")))
    ok("install", flash, TEST_BIN)
    text = tmp_path / "cfg.txt"
    text.write_text("hostname pix\n")
    ok("config", flash, "--version", "6.3(5)", text)
    out = ok("show", flash).stdout
    assert "Serial Number: 12345678 (0xbc614e)\n" in out
    assert "Slot 0:               valid (current)" in out
    assert "Configuration:        13 bytes, written by 6.3(5)\n" in out
    assert (f"Trust anchors:        2 of 8, {n} of 16128 bytes (copy B, sequence 2)\n"
            "Flash boot:           slot 0, version 6.3(5)\n") in out
    assert "would boot slot 0, version 6.3(5)" in ok("check", flash).stdout
    assert ok("config", flash).stdout == "hostname pix\n"
    # the anchors survive installs, a configuration, a downgrade of the file system
    ok("install", flash, TEST_BIN)
    ok("downgrade", flash, "5.1")
    r = ok("trust", flash)
    assert [a["subject"] for a in anchors(r.stdout)] == [
        "C=US, O=PIX Test, CN=PIX Test Root CA", "O=PIX Test, CN=Second Root"]
    # and a change of anchors leaves the boot as it was
    ok("trust", flash, "--remove", 0)
    assert "would boot slot" in ok("check", flash).stdout
    # create makes a new unit: no anchors
    ok("create", flash, "--serial", SERIAL)
    assert ok("trust", flash).stdout == NONE_LINE + "\n"


# ---- damage, and records forged here -------------------------------------------------------------

def test_damaged_copy(flash, certs):
    ok("trust", flash, "--add", certs.pem("ca"))       # A: [ca], seq 1
    ok("trust", flash, "--add", certs.pem("pinned"))   # B: [ca, pinned], seq 2
    data = bytearray(flash.read_bytes())
    # a byte of B's DER flipped: the older list in A is the list, and show says B is corrupt
    data[COPY_OFF[1] + SECTOR + 100] ^= 0x40
    flash.write_bytes(bytes(data))
    r = ok("trust", flash)
    assert r.stdout.startswith("Trust anchors:        1 of 8, ")
    assert r.stdout.splitlines()[0].endswith("(copy A, sequence 1); copy B corrupt")
    check_anchor(anchors(r.stdout)[0], certs.pem("ca"))
    assert "; copy B corrupt\n" in ok("show", flash).stdout
    # the next change goes to B again, from A's list
    r = ok("trust", flash, "--add", certs.pem("ca2"))
    assert "(copy B, sequence 2)" in r.stdout
    assert current_list(flash.read_bytes()) == [der_of(certs.pem("ca")),
                                                der_of(certs.pem("ca2"))]
    # both torn: none, and each says so
    data = bytearray(flash.read_bytes())
    for i in (0, 1):
        data[COPY_OFF[i] + 40:COPY_OFF[i] + SECTOR] = b"\xff" * (SECTOR - 40)
    flash.write_bytes(bytes(data))
    r = ok("trust", flash)
    assert r.stdout == NONE_LINE + "; copy A corrupt; copy B corrupt\n"
    r = ok("trust", flash, "--add", certs.pem("ca2"))
    assert "1 of 8" in r.stdout and "(copy A, sequence 1); copy B corrupt" in r.stdout


def test_forged_records(flash, certs):
    """The tool reads what the format says: the newer valid copy, by seq, whatever is in it."""
    ca, ca2 = der_of(certs.pem("ca")), der_of(certs.pem("ca2"))
    forge_copy(flash, 0, 41, [ca])
    forge_copy(flash, 1, 40, [ca, ca2])
    r = ok("trust", flash)
    assert "(copy A, sequence 41)" in r.stdout
    assert len(anchors(r.stdout)) == 1
    # seqs are serial numbers: 0 comes after 0xffffffff
    forge_copy(flash, 0, 0xFFFFFFFF, [ca])
    forge_copy(flash, 1, 0, [ca, ca2])
    r = ok("trust", flash)
    assert "2 of 8" in r.stdout and "(copy B, sequence 0)" in r.stdout
    r = ok("trust", flash, "--remove", 0)
    assert "(copy A, sequence 1)" in r.stdout
    # a valid record whose DER is not a certificate is listed as such, and can be removed
    junk = b"\x30\x03\x02\x01\x05"
    forge_copy(flash, 1, 9, [ca, junk])
    r = ok("trust", flash)
    a = anchors(r.stdout)
    assert a[1]["kind"].startswith("not a valid X.509 certificate (")
    assert a[1]["sha256"] == ":".join(f"{b:02X}" for b in hashlib.sha256(junk).digest())
    r = ok("trust", flash, "--remove", 1)
    assert r.stdout.startswith("Removed trust anchor 1: (not a certificate)\n")
    # a record whose DER fails its hash is not a list
    forge_copy(flash, 0, 100, [ca2], damage_der=True)
    r = ok("trust", flash)
    assert "(copy B, sequence 9); copy A corrupt" in r.stdout


# ---- command line ---------------------------------------------------------------------------------

def test_help():
    out = ok("--help").stdout
    assert "       pix-flash trust FILE [--add CERT.pem | --remove N]\n" in out
    assert "  trust     list the HTTPS trust anchors in flash" in out
    assert "  -a, --add CERT   certificate file to add as trust anchors" in out
    assert "  -r, --remove N   trust anchor to remove" in out


@pytest.mark.parametrize("args,msg", [
    (["trust"], "trust takes one FILE"),
    (["trust", "a", "b"], "trust takes one FILE"),
    (["trust", "f", "--add"], "option '--add' needs an argument"),
    (["trust", "f", "--remove"], "option '--remove' needs an argument"),
    (["trust", "f", "--add", "c.pem", "--remove", "0"], "trust: --add or --remove, not both"),
    (["trust", "f", "--remove", "x"], "bad trust anchor number 'x': 0 to 7"),
    (["trust", "f", "--remove", "-1"], "bad trust anchor number '-1'"),
    (["trust", "f", "--remove", "0x100000000"], "bad trust anchor number '0x100000000'"),
    (["trust", "f", "--serial", "1"], "trust: --serial, --chips, --key and --trust are for create"),
    (["trust", "f", "--slot", "0"], "trust: --slot, --pdm and -o are for extract"),
    (["show", "f", "--add", "c.pem"], "show: --add and --remove are for trust"),
    (["create", "f", "--serial", "1", "--remove", "0"],
     "create: --add and --remove are for trust"),
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
