"""pix-keygen: the DESIGN.md key vectors, --check, --help and every command-line error."""
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYGEN = ROOT / "build" / "host" / "pix-keygen"

SERIAL = "12345678"
ALL = "failover,vpn-des,vpn-3des,cut-through,guards,websense"
VECTORS = [
    (["--features", ALL, "--interfaces", "6"], "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"),
    (["--features", "failover,vpn-des,cut-through,guards,websense", "--interfaces", "6"],
     "0xf127d01b 0x78c0c4b7 0x4e576280 0x49ba8482"),
    (["--interfaces", "2", "--peers", "10", "--throughput", "60"],
     "0x167f137f 0x7653ee5b 0xa1591a7d 0xf8a49356"),
]

EXAMPLE_11_1 = """Licensed Features:
Failover:           Enabled
VPN-DES:            Enabled
VPN-3DES:           Enabled
Maximum Interfaces: 6
Cut-through Proxy:  Enabled
Guards:             Enabled
Websense:           Enabled
Throughput:         Unlimited
ISAKMP peers:      Unlimited
"""


@pytest.fixture(scope="session", autouse=True)
def keygen_built():
    """Builds build/host/pix-keygen (a no-op when `make` already did)."""
    subprocess.run(["make", "--no-print-directory", "-s", "build/host/pix-keygen"], cwd=ROOT,
                   check=True)
    assert KEYGEN.exists()


def keygen(*args):
    return subprocess.run([str(KEYGEN), *args], capture_output=True, text=True, timeout=10)


@pytest.mark.parametrize("opts,key", VECTORS)
def test_design_vectors(opts, key):
    r = keygen("--serial", SERIAL, *opts)
    assert r.returncode == 0, r.stderr
    assert r.stdout == key + "\n"
    assert r.stderr == ""


@pytest.mark.parametrize("serial", ["12345678", "0xbc614e", "0XBC614E", "0x00bc614e"])
def test_serial_forms(serial):
    r = keygen("--serial", serial, "--features", ALL)
    assert r.returncode == 0
    assert r.stdout == VECTORS[0][1] + "\n"


def test_equals_form_and_feature_order():
    r = keygen("--serial=12345678", "--features=websense,guards,cut-through,vpn-3des,vpn-des,"
               "failover,failover", "--interfaces=0x6")
    assert r.returncode == 0
    assert r.stdout == VECTORS[0][1] + "\n"


def test_defaults():
    """No --features means none; 6 interfaces; peers and throughput Unlimited."""
    default = keygen("--serial", SERIAL)
    explicit = keygen("--serial", SERIAL, "--features", "", "--interfaces", "6", "--peers", "0",
                      "--throughput", "0")
    none = keygen("--serial", SERIAL, "--features", "none")
    assert default.returncode == explicit.returncode == none.returncode == 0
    assert default.stdout == explicit.stdout == none.stdout
    assert len(default.stdout.split()) == 4


def test_limits_accepted():
    for args in (["--interfaces", "0"], ["--interfaces", "255"], ["--peers", "65535"],
                 ["--throughput", "65535"], ["--throughput", "0xffff"]):
        r = keygen("--serial", "0", *args)
        assert r.returncode == 0, (args, r.stderr)
    assert keygen("--serial", "4294967295").returncode == 0
    assert keygen("--serial", "0xffffffff").returncode == 0


def test_check_vector_1():
    r = keygen("--check", VECTORS[0][1], "--serial", SERIAL)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ("Serial Number: 12345678 (0xbc614e)\n"
                        "Activation key: " + VECTORS[0][1] + "\n" + EXAMPLE_11_1)


def test_check_vector_3_without_0x():
    r = keygen("--check", "167f137f 7653ee5b a1591a7d f8a49356", "--serial", "0xbc614e")
    assert r.returncode == 0
    assert "VPN-3DES:           Disabled\n" in r.stdout
    assert "Maximum Interfaces: 2\n" in r.stdout
    assert "Throughput:         60 Mbps\n" in r.stdout
    assert "ISAKMP peers:      10\n" in r.stdout


def test_check_round_trip():
    key = keygen("--serial", "42", "--features", "guards,vpn-des", "--interfaces", "3",
                 "--peers", "25", "--throughput", "100").stdout.strip()
    r = keygen("--check", key, "--serial", "42")
    assert r.returncode == 0
    for line in ("Failover:           Disabled", "VPN-DES:            Enabled",
                 "Guards:             Enabled", "Maximum Interfaces: 3",
                 "Throughput:         100 Mbps", "ISAKMP peers:      25"):
        assert line + "\n" in r.stdout


def test_check_wrong_serial():
    r = keygen("--check", VECTORS[0][1], "--serial", "12345679")
    assert r.returncode == 1
    assert r.stdout == "The activation key is not valid.\n"
    assert "12345678" in r.stderr


@pytest.mark.parametrize("key", [
    "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23510",   # one bit off
    "0xd1f6436e 0x77d91d9f 0x33f0d23a 0x9aa23511",   # words swapped
    "0 0 0 0",
])
def test_check_tampered(key):
    r = keygen("--check", key, "--serial", SERIAL)
    assert r.returncode == 1
    assert r.stdout == "The activation key is not valid.\n"


@pytest.mark.parametrize("key", ["", "1 2 3", "1 2 3 4 5", "0x123456789 1 2 3", "g 1 2 3",
                                 "0x12345678 0xabcdef01 0x2345678ab 0xcdef01234"])
def test_check_malformed(key):
    r = keygen("--check", key, "--serial", SERIAL)
    assert r.returncode == 1
    assert r.stdout == "The activation key is not valid.\n"
    assert r.stderr.startswith("pix-keygen: ")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(flag):
    r = keygen(flag)
    assert r.returncode == 0
    assert r.stdout.startswith("usage: pix-keygen --serial N")
    for word in ("--features", "--interfaces", "--peers", "--throughput", "--check", "failover",
                 "vpn-3des", "cut-through", "websense"):
        assert word in r.stdout
    assert keygen("--serial", "x", "--help").returncode == 2  # errors come first, in order
    assert keygen("--serial", "1", "--help").returncode == 0


@pytest.mark.parametrize("args,message", [
    ([], "missing --serial"),
    (["--features", "failover"], "missing --serial"),
    (["--check", "1 2 3 4"], "missing --serial"),
    (["--serial"], "--serial needs a value"),
    (["--serial", ""], "--serial '' is not a number"),
    (["--serial", "abc"], "--serial 'abc' is not a number"),
    (["--serial", "-1"], "--serial '-1' is not a number"),
    (["--serial", "+1"], "--serial '+1' is not a number"),
    (["--serial", " 1"], "--serial ' 1' is not a number"),
    (["--serial", "0x"], "--serial '0x' is not a number"),
    (["--serial", "0xg"], "--serial '0xg' is not a number"),
    (["--serial", "12ab"], "--serial '12ab' is not a number"),
    (["--serial", "4294967296"], "--serial '4294967296' is out of range (0..4294967295)"),
    (["--serial", "0x100000000"], "--serial '0x100000000' is out of range"),
    (["--serial", "99999999999999999999999"], "is out of range"),
    (["--serial", "1", "--features", "telnet"], "unknown feature 'telnet'"),
    (["--serial", "1", "--features", "failover,3des"], "unknown feature '3des'"),
    (["--serial", "1", "--features", "Failover"], "unknown feature 'Failover'"),
    (["--serial", "1", "--features", "failover,"], "has an empty name"),
    (["--serial", "1", "--features", ",failover"], "has an empty name"),
    (["--serial", "1", "--interfaces", "256"], "--interfaces '256' is out of range (0..255)"),
    (["--serial", "1", "--interfaces", "-1"], "--interfaces '-1' is not a number"),
    (["--serial", "1", "--interfaces", "six"], "--interfaces 'six' is not a number"),
    (["--serial", "1", "--peers", "65536"], "--peers '65536' is out of range (0..65535)"),
    (["--serial", "1", "--throughput", "100000"],
     "--throughput '100000' is out of range (0..65535)"),
    (["--serial", "1", "--throughput"], "--throughput needs a value"),
    (["--serial", "1", "--bogus"], "unknown option '--bogus'"),
    (["--serial", "1", "--bogus", "2"], "unknown option '--bogus'"),
    (["--serial", "1", "extra"], "unexpected argument 'extra'"),
    (["--serial", "1", "-s"], "unexpected argument '-s'"),
    (["--serial", "1", "--check", "1 2 3 4", "--peers", "3"], "--check takes no"),
])
def test_usage_errors(args, message):
    r = keygen(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("pix-keygen: ")
    assert message in r.stderr
    assert r.stderr.count("\n") == 1, "one line"
