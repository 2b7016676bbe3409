"""The Boothelper's boot sector build (xv6-style): exactly 512 bytes ending 0x55 0xAA, and a build that
fails when the code outgrows the 510 bytes before the signature."""
import pathlib
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[2]


def build(tmp_path, ballast=None):
    """Builds the boot sector into tmp_path, optionally with ballast bytes of code added."""
    args = ["make", "--no-print-directory", f"B={tmp_path}", f"{tmp_path}/boothelper/bootsect.bin"]
    if ballast is not None:
        args.append(f"BH_BOOTSECT_DEFS=-DBS_TEST_BALLAST={ballast}")
    return subprocess.run(args, cwd=TOP, capture_output=True, text=True, timeout=300)


def test_boot_sector_is_512_bytes_with_the_signature(tmp_path):
    r = build(tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    data = (tmp_path / "boothelper/bootsect.bin").read_bytes()
    assert len(data) == 512
    assert data[510:] == b"\x55\xaa"
    assert data[0] == 0xEB and data[2] == 0x90  # the short jump over the descriptor
    assert data[3:11] == b"PIXBHDSK"


def test_code_that_outgrows_the_sector_fails_the_build(tmp_path):
    r = build(tmp_path, ballast=64)
    assert r.returncode != 0
    assert "attempt to move .org backwards" in r.stderr
    assert not (tmp_path / "boothelper/bootsect.bin").exists()
