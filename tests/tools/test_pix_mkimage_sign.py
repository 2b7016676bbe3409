"""pix-mkimage --sign, --show and --key-id: signed images (issue 14; layout in flash/pix_image.h).

Keys are made by openssl. The signature block is decoded here with Python's struct and hashlib, the
signature is checked by `openssl dgst -verify` (an implementation independent of mbedTLS), and a
signature openssl makes is checked by the tool's verifier (`--show --trust`), so signer and
verifier are each cross-checked against another implementation.
"""
import hashlib
import pathlib
import struct
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-mkimage"

HDR = 512
HASHED = 0x1E0
SIG_OFF = 0x170
RS_OFF = 0x1A0
# magic, block version, algorithm, security version, key id, r, s
BLOCK = struct.Struct("<4sIII32s32s32s")
# the order of P-256's base point
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


@pytest.fixture(scope="session", autouse=True)
def built():
    r = subprocess.run(["make", "--no-print-directory", str(TOOL.relative_to(TOP))],
                       cwd=TOP, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def run(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True,
                          timeout=30)


def openssl(*args, input=None):
    r = subprocess.run(["openssl", *map(str, args)], capture_output=True, input=input,
                       timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout


def ec_key(path, curve="prime256v1", noout=False):
    """A private key as `openssl ecparam -genkey` writes it (with its EC PARAMETERS block)."""
    openssl("ecparam", "-name", curve, "-genkey", *(["-noout"] if noout else []), "-out", path)
    return path


def pub_pem(key, path):
    openssl("ec", "-in", key, "-pubout", "-out", path)
    return path


def key_id(key):
    """The key id as defined: SHA-256 of `openssl ec -pubout -outform DER`."""
    return hashlib.sha256(openssl("ec", "-in", key, "-pubout", "-outform", "DER")).hexdigest()


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    k = dict(a=ec_key(d / "a.pem"), b=ec_key(d / "b.pem", noout=True))
    k["a_pub"] = pub_pem(k["a"], d / "a_pub.pem")
    k["b_pub"] = pub_pem(k["b"], d / "b_pub.pem")
    return k


@pytest.fixture
def payload(tmp_path):
    p = tmp_path / "payload.bin"
    p.write_bytes(bytes((i * 13 + 5) & 0xFF for i in range(3000)))
    return p


def sign(tmp_path, payload, key, *args, name="signed.bin"):
    out = tmp_path / name
    r = run("-o", out, "--version", "6.3(5)", "--sign", key, *args, payload)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    return out


def block(image):
    magic, ver, alg, sv, kid, r, s = BLOCK.unpack_from(image, SIG_OFF)
    return dict(magic=magic, version=ver, alg=alg, sec_version=sv, key_id=kid.hex(),
                r=int.from_bytes(r, "big"), s=int.from_bytes(s, "big"))


def der_int(v):
    b = v.to_bytes((v.bit_length() + 8) // 8, "big")  # a leading zero when the top bit is set
    return b"\x02" + bytes([len(b)]) + b


def der_sig(r, s):
    body = der_int(r) + der_int(s)
    return b"\x30" + bytes([len(body)]) + body


def der_sig_decode(der):
    """(r, s) of an ECDSA-Sig-Value as openssl writes it for P-256 (short lengths only)."""
    assert der[0] == 0x30 and der[1] == len(der) - 2
    out, i = [], 2
    for _ in range(2):
        assert der[i] == 0x02
        n = der[i + 1]
        out.append(int.from_bytes(der[i + 2:i + 2 + n], "big"))
        i += 2 + n
    return tuple(out)


def signed_message(image):
    """The bytes the signature covers: 0x000-0x1df with r and s zeroed."""
    return image[:RS_OFF] + bytes(HASHED - RS_OFF)


def reseal(image):
    return image[:HASHED] + hashlib.sha256(image[:HASHED]).digest() + image[HDR:]


def openssl_verify(tmp_path, image, pub):
    msg, sig = tmp_path / "msg.bin", tmp_path / "sig.der"
    msg.write_bytes(signed_message(image))
    b = block(image)
    sig.write_bytes(der_sig(b["r"], b["s"]))
    r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig, msg],
                       capture_output=True, text=True, timeout=30)
    return r.returncode == 0 and "Verified OK" in r.stdout


def test_sign_layout_and_openssl_verifies(tmp_path, payload, keys):
    image = sign(tmp_path, payload, keys["a"], "--security-version", "42").read_bytes()
    assert image[HDR:] == payload.read_bytes()
    b = block(image)
    assert b["magic"] == b"PSIG" and b["version"] == 1 and b["alg"] == 1
    assert b["sec_version"] == 42
    assert b["key_id"] == key_id(keys["a"])
    assert 1 <= b["r"] < N and 1 <= b["s"] < N
    # the rest of the reserved area stays zero; both hashes hold, the header hash over the block
    assert image[0x88:SIG_OFF] == bytes(SIG_OFF - 0x88)
    assert hashlib.sha256(image[:HASHED]).digest() == image[HASHED:HDR]
    assert hashlib.sha256(image[HDR:]).digest() == image[0x28:0x48]
    assert openssl_verify(tmp_path, image, keys["a_pub"])
    assert not openssl_verify(tmp_path, image, keys["b_pub"])
    # openssl sees the signature over exactly those bytes: one changed byte and it fails
    tampered = bytearray(image)
    tampered[0x1C] ^= 1  # the load address
    assert not openssl_verify(tmp_path, bytes(tampered), keys["a_pub"])


def test_show_signed(tmp_path, payload, keys):
    out = sign(tmp_path, payload, keys["b"], "--security-version", "7")
    r = run("--show", out)
    assert r.returncode == 0, r.stderr
    assert "Signature:       ECDSA P-256 SHA-256\n" in r.stdout
    assert f"Key id:          {key_id(keys['b'])}\n" in r.stdout
    assert "Security ver.:   7\n" in r.stdout
    b = block(out.read_bytes())
    assert f"Signature r:     {b['r']:064x}\n" in r.stdout
    assert f"Signature s:     {b['s']:064x}\n" in r.stdout
    assert r.stdout.endswith("Image:           valid\n")


def test_show_unsigned(tmp_path, payload):
    out = tmp_path / "plain.bin"
    assert run("-o", out, "--version", "6.3(5)", payload).returncode == 0
    image = out.read_bytes()
    assert image[0x88:HASHED] == bytes(HASHED - 0x88)  # unsigned images exactly as before
    r = run("--show", out)
    assert r.returncode == 0
    assert "Signature:       unsigned\n" in r.stdout


def test_show_trust(tmp_path, payload, keys):
    out = sign(tmp_path, payload, keys["a"])
    r = run("--show", out, "--trust", keys["b_pub"], "--trust", keys["a_pub"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Signature check: OK ({keys['a_pub']})\n" in r.stdout
    # a private key names its public one as well
    assert run("--show", out, "--trust", keys["a"]).returncode == 0
    r = run("--show", out, "--trust", keys["b_pub"])
    assert r.returncode == 1
    assert "Signature check: BAD (unknown key)" in r.stdout
    plain = tmp_path / "plain.bin"
    assert run("-o", plain, "--version", "6.3(5)", payload).returncode == 0
    r = run("--show", plain, "--trust", keys["a_pub"])
    assert r.returncode == 1
    assert "Signature check: BAD (unsigned)" in r.stdout


@pytest.mark.parametrize("offset", [0x10, 0x14, 0x18, 0x20, 0x28, 0x47, 0x48, 0x17C])
def test_modified_after_signing(tmp_path, payload, keys, offset):
    """A header byte changed after signing, header hash made good again: a bad signature."""
    image = bytearray(sign(tmp_path, payload, keys["a"]).read_bytes())
    image[offset] ^= 0x01
    bad = tmp_path / "bad.bin"
    bad.write_bytes(reseal(bytes(image)))
    r = run("--show", bad, "--trust", keys["a_pub"])
    assert r.returncode == 1
    assert "Signature check: BAD (bad signature)" in r.stdout


def test_key_id_changed_is_unknown_key(tmp_path, payload, keys):
    image = bytearray(sign(tmp_path, payload, keys["a"]).read_bytes())
    image[0x180] ^= 0x80
    bad = tmp_path / "bad.bin"
    bad.write_bytes(reseal(bytes(image)))
    r = run("--show", bad, "--trust", keys["a_pub"])
    assert "Signature check: BAD (unknown key)" in r.stdout


def test_payload_and_hash_replaced(tmp_path, payload, keys):
    """Another payload with its own hash in the signed header: the signature no longer holds."""
    image = bytearray(sign(tmp_path, payload, keys["a"]).read_bytes())
    image[HDR + 100] ^= 0xFF
    image[0x28:0x48] = hashlib.sha256(bytes(image[HDR:])).digest()
    bad = tmp_path / "bad.bin"
    bad.write_bytes(reseal(bytes(image)))
    r = run("--show", bad, "--trust", keys["a_pub"])
    assert "Payload hash:    OK" in r.stdout
    assert "Signature check: BAD (bad signature)" in r.stdout
    assert r.returncode == 1


@pytest.mark.parametrize("where, value", [
    (0x170, b"XSIG"), (0x174, struct.pack("<I", 2)), (0x178, struct.pack("<I", 2)),
    (0x1A0, bytes(32)), (0x1C0, N.to_bytes(32, "big")), (0x1A0, b"\xff" * 32),
])
def test_malformed_block(tmp_path, payload, keys, where, value):
    image = bytearray(sign(tmp_path, payload, keys["a"]).read_bytes())
    image[where:where + len(value)] = value
    bad = tmp_path / "bad.bin"
    bad.write_bytes(reseal(bytes(image)))
    r = run("--show", bad, "--trust", keys["a_pub"])
    assert r.returncode == 1
    assert "Signature:       BAD (malformed signature block)" in r.stdout
    assert "Header check:    BAD (reserved field not zero)" in r.stdout
    assert "Signature check: BAD (malformed signature)" in r.stdout


def test_openssl_signature_verified_by_tool(tmp_path, payload, keys):
    """openssl signs the header bytes; the tool's verifier (mbedTLS) accepts it."""
    image = bytearray(sign(tmp_path, payload, keys["a"]).read_bytes())
    msg = tmp_path / "msg.bin"
    msg.write_bytes(signed_message(bytes(image)))
    r, s = der_sig_decode(openssl("dgst", "-sha256", "-sign", keys["a"], msg))
    image[RS_OFF:HASHED] = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    theirs = tmp_path / "openssl-signed.bin"
    theirs.write_bytes(reseal(bytes(image)))
    res = run("--show", theirs, "--trust", keys["a_pub"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Signature check: OK" in res.stdout


def test_deterministic(tmp_path, payload, keys):
    """RFC 6979: the same key and image give the same bytes."""
    one = sign(tmp_path, payload, keys["a"], name="one.bin").read_bytes()
    two = sign(tmp_path, payload, keys["a"], name="two.bin").read_bytes()
    assert one == two
    other = sign(tmp_path, payload, keys["a"], "--security-version", "1", name="sv1.bin")
    assert other.read_bytes() != one


def test_key_forms(tmp_path, payload, keys):
    """PKCS#8 (openssl genpkey), DER, and a key without its EC PARAMETERS block all sign."""
    p8 = tmp_path / "p8.pem"
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p8)
    der = tmp_path / "k.der"
    openssl("ec", "-in", keys["a"], "-outform", "DER", "-out", der)
    for key, kid in ((p8, key_id(p8)), (der, key_id(keys["a"])), (keys["b"], key_id(keys["b"]))):
        image = sign(tmp_path, payload, key, name="k.bin").read_bytes()
        assert block(image)["key_id"] == kid
        assert openssl_verify(tmp_path, image, pub_pem(key, tmp_path / "k_pub.pem") if key != der
                              else keys["a_pub"])


def test_key_id_command(tmp_path, keys):
    pub_der = tmp_path / "pub.der"
    openssl("ec", "-in", keys["a"], "-pubout", "-outform", "DER", "-out", pub_der)
    point = openssl("ec", "-in", keys["a"], "-pubout", "-outform", "DER")[-65:].hex()
    for k in (keys["a"], keys["a_pub"], pub_der):
        r = run("--key-id", k)
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"Key id:          {key_id(keys['a'])}\nPublic key:      {point}\n"


def test_sign_from(tmp_path, payload, keys):
    """--from re-seals and signs an existing image; without --sign the result is unsigned."""
    plain = tmp_path / "plain.bin"
    assert run("-o", plain, "--version", "6.3(5)", "--build", "b", payload).returncode == 0
    out = tmp_path / "from.bin"
    r = run("-o", out, "--version", "6.3(5)", "--from", plain, "--sign", keys["b"],
            "--security-version", "9")
    assert r.returncode == 0, r.stderr
    image = out.read_bytes()
    assert image[HDR:] == payload.read_bytes()
    assert block(image)["key_id"] == key_id(keys["b"]) and block(image)["sec_version"] == 9
    assert openssl_verify(tmp_path, image, keys["b_pub"])
    # the same as signing the payload directly
    assert image == sign(tmp_path, payload, keys["b"], "--build", "b", "--security-version", "9",
                         name="direct.bin").read_bytes()
    # re-signed by another key, and a signed image re-sealed unsigned
    again = tmp_path / "again.bin"
    assert run("-o", again, "--version", "6.3(6)", "--from", out, "--sign", keys["a"]).returncode == 0
    assert block(again.read_bytes())["key_id"] == key_id(keys["a"])
    assert openssl_verify(tmp_path, again.read_bytes(), keys["a_pub"])
    bare = tmp_path / "bare.bin"
    assert run("-o", bare, "--version", "6.3(6)", "--from", out).returncode == 0
    assert bare.read_bytes()[0x88:HASHED] == bytes(HASHED - 0x88)


def bad_keys(d):
    """(file, message) pairs pix-mkimage --sign must refuse."""
    rsa = d / "rsa.pem"
    openssl("genrsa", "-out", rsa, "2048")
    p384 = ec_key(d / "p384.pem", "secp384r1")
    k1 = ec_key(d / "k1.pem", "secp256k1")
    ed = d / "ed.pem"
    openssl("genpkey", "-algorithm", "ED25519", "-out", ed)
    enc = d / "enc.pem"
    openssl("ec", "-in", ec_key(d / "plain.pem"), "-aes128", "-passout", "pass:secret",
            "-out", enc)
    good = ec_key(d / "good.pem", noout=True).read_text().splitlines()
    truncated = d / "truncated.pem"
    truncated.write_text("\n".join(good[:2]) + "\n" + good[-1] + "\n")
    garbage = d / "garbage.pem"
    garbage.write_text("-----BEGIN EC PRIVATE KEY-----\nnot base64 at all!\n"
                       "-----END EC PRIVATE KEY-----\n")
    text = d / "text.pem"
    text.write_text("hello\n")
    empty = d / "empty.pem"
    empty.write_bytes(b"")
    pub = pub_pem(d / "good.pem", d / "pub.pem")
    return [
        (rsa, "an RSA key: image signatures need an EC key on P-256"),
        (p384, "an EC key on secp384r1: image signatures need P-256"),
        (k1, "an EC key on secp256k1: image signatures need P-256"),
        (ed, "not a private key in PEM or DER form"),
        (enc, "the key is encrypted"),
        (truncated, "not a private key in PEM or DER form"),
        (garbage, "not a private key in PEM or DER form"),
        (text, "not a private key in PEM or DER form"),
        (empty, "not a private key in PEM or DER form"),
        (pub, "not a private key in PEM or DER form"),
        (d / "missing.pem", "No such file or directory"),
    ]


def test_bad_keys_refused(tmp_path, payload):
    for key, message in bad_keys(tmp_path):
        out = tmp_path / "out.bin"
        r = run("-o", out, "--version", "6.3(5)", "--sign", key, payload)
        assert r.returncode == 1, key
        assert r.stderr.startswith(f"pix-mkimage: {key}: "), r.stderr
        assert message in r.stderr, (key, r.stderr)
        assert not out.exists()
        assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("args, message", [
    (["-o", "{out}", "--version", "6.3(5)", "--security-version", "1", "{payload}"],
     "--security-version goes with --sign"),
    (["-o", "{out}", "--version", "6.3(5)", "--sign", "{key}", "--security-version", "-1",
      "{payload}"], "bad security version '-1'"),
    (["-o", "{out}", "--version", "6.3(5)", "--sign", "{key}", "--security-version",
      "4294967296", "{payload}"], "bad security version"),
    (["--show", "{payload}", "--sign", "{key}"], "--show takes only the image file"),
    (["-o", "{out}", "--version", "6.3(5)", "--trust", "{key}", "{payload}"],
     "--trust goes with --show"),
    (["--show", "{payload}"] + ["--trust", "{key}"] * 5, "at most 4 --trust keys"),
    (["--key-id", "{key}", "extra"], "--key-id takes only the key file"),
    (["--sign"], "option '--sign' needs an argument"),
])
def test_usage_errors(tmp_path, payload, keys, args, message):
    subst = dict(out=tmp_path / "out.bin", payload=payload, key=keys["a"])
    r = run(*[a.format(**subst) for a in args])
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert not (tmp_path / "out.bin").exists()


def test_help_mentions_signing():
    r = run("--help")
    for opt in ("--sign KEY", "--security-version N", "--trust PUB", "--key-id KEY"):
        assert opt in r.stdout
