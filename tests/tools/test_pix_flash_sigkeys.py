"""pix-flash and image signing keys (issue 14): `create --trust` locks up to 4 public keys with the
identity, `show` lists their ids and the unit's security version, `install` takes only images signed by
one of them (`--no-signature-check` is the test units' way round it), `check` names the signer or says
why the unit would not boot. Keys are made by openssl, images signed by pix-mkimage."""
import hashlib
import pathlib
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
TOOL = TOP / "build/host/pix-flash"
MKIMAGE = TOP / "build/host/pix-mkimage"
TEST_BIN = TOP / "build/test.bin"
KEY_ALL = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"
UNSIGNED = "image is unsigned; this unit runs only images signed by its keys"


def run(*args, tool=TOOL):
    return subprocess.run([str(tool), *map(str, args)], capture_output=True, text=True, timeout=60)


def ok(*args, tool=TOOL):
    r = run(*args, tool=tool)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """Five P-256 keys (private PEM, public PEM, key id) and an RSA key, made by openssl."""
    d = tmp_path_factory.mktemp("keys")
    made = []
    for i in range(5):
        priv, pub = d / ("k%d.pem" % i), d / ("k%d.pub" % i)
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", priv], check=True)
        subprocess.run(["openssl", "ec", "-in", priv, "-pubout", "-out", pub], check=True, capture_output=True)
        der = subprocess.run(["openssl", "ec", "-in", priv, "-pubout", "-outform", "DER"], check=True,
                             capture_output=True).stdout
        made.append((priv, pub, hashlib.sha256(der).hexdigest()))
    rsa = d / "rsa.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa],
                   check=True, capture_output=True)
    return made, rsa


def signed(tmp_path, key, sec_version=0, version="6.3(5)", name="signed.bin"):
    out = tmp_path / name
    ok("-o", out, "--version", version, "--from", TEST_BIN, "--sign", key, "--security-version", sec_version,
       tool=MKIMAGE)
    return out


def test_create_with_keys_lists_their_ids(tmp_path, keys):
    made, _ = keys
    f = tmp_path / "unit.bin"
    out = ok("create", f, "--serial", 12345678, "--key", KEY_ALL, "--chips", 1, "--trust", made[0][1],
             "--trust", made[1][0]).stdout  # a public key file, and a private one (its public half is kept)
    assert "signed images only" in out
    assert "Image signing key 0: %s\n" % made[0][2] in out
    assert "Image signing key 1: %s\n" % made[1][2] in out
    shown = ok("show", f).stdout
    assert "Image signing key 0:  %s\n" % made[0][2] in shown
    assert "Image signing key 1:  %s\n" % made[1][2] in shown
    assert "Security version:     0 (lowest a signed image may carry)\n" in shown
    assert "Boot block:           locked" in shown
    plain = tmp_path / "plain.bin"
    ok("create", plain, "--serial", 12345678, "--chips", 1)
    assert "Image signing keys:   none (images are not checked for signatures)\n" in ok("show", plain).stdout


@pytest.mark.parametrize("what", ["missing", "rsa", "garbage", "duplicate"])
def test_bad_keys_make_no_file(tmp_path, keys, what):
    made, rsa = keys
    junk = tmp_path / "junk.pem"
    junk.write_text("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n")
    trust = {"missing": [tmp_path / "none.pem"], "rsa": [rsa], "garbage": [junk],
             "duplicate": [made[0][1], made[0][0]]}[what]
    f = tmp_path / "unit.bin"
    args = ["create", f, "--serial", 1, "--chips", 1]
    for t in trust:
        args += ["--trust", t]
    r = run(*args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.startswith("pix-flash: "), r.stderr
    assert not f.exists()
    if what == "duplicate":
        assert "the same key as" in r.stderr


def test_four_keys_and_each_signs(tmp_path, keys):
    made, _ = keys
    f = tmp_path / "unit.bin"
    args = ["create", f, "--serial", 12345678, "--key", KEY_ALL, "--chips", 2]
    for priv, pub, _ in made[:4]:
        args += ["--trust", pub]
    ok(*args)
    for i, (priv, _, kid) in enumerate(made[:4]):
        ok("install", f, signed(tmp_path, priv, name="s%d.bin" % i))
        out = ok("check", f).stdout
        assert ", signed by key %d (%s...), security version 0\n" % (i, kid[:16]) in out, out
    r = run("install", f, signed(tmp_path, made[4][0], name="s4.bin"))
    assert r.returncode == 1 and "image is signed by an unknown key" in r.stderr, r.stderr


def test_install_refuses_unsigned_and_leaves_the_file(tmp_path, keys):
    made, _ = keys
    f = tmp_path / "unit.bin"
    ok("create", f, "--serial", 12345678, "--key", KEY_ALL, "--chips", 1, "--trust", made[0][1])
    before = f.read_bytes()
    r = run("install", f, TEST_BIN)
    assert r.returncode == 1 and UNSIGNED in r.stderr, r.stderr
    assert f.read_bytes() == before
    # what a flash programmer could do: the tool's check off; the unit's own check remains
    ok("install", f, TEST_BIN, "--no-signature-check")
    r = run("check", f)
    assert r.returncode == 1 and r.stdout.endswith("would not boot: %s\n" % UNSIGNED), r.stdout
    assert "Flash boot:           none: %s\n" % UNSIGNED in ok("show", f).stdout

