"""The ROM build refuses an image that outgrows its budget or keeps writable data where it cannot work."""
import pathlib
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[2]


def build(tmp_path, extra_src=None, symbol=None):
    """Runs the ROM build into tmp_path, optionally with one fixture source forced into the link."""
    args = ["make", "--no-print-directory", f"B={tmp_path}", f"{tmp_path}/pix.rom"]
    if extra_src:
        args += [f"ROM_EXTRA_SRCS={extra_src}", f"ROM_LDFLAGS=-u {symbol}"]
    return subprocess.run(args, cwd=TOP, capture_output=True, text=True, timeout=300)


def test_normal_build_is_256k_and_reports_usage(tmp_path):
    r = build(tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "pix.rom").stat().st_size == 256 * 1024
    assert (tmp_path / "pix.map").exists()
    assert "262144 bytes," in r.stdout and " used " in r.stdout


def test_rom_over_budget_fails(tmp_path):
    r = build(tmp_path, "tests/build/rom_too_big.c", "rom_check_ballast")
    assert r.returncode != 0
    assert "region `rom' overflowed" in r.stderr
    assert not (tmp_path / "pix.rom").exists()


def test_writable_data_outside_ram_sections_fails(tmp_path):
    r = build(tmp_path, "tests/build/rom_writable.c", "rom_check_writable")
    assert r.returncode != 0
    assert "writable data the ROM cannot hold: .rom_writable" in r.stderr
    assert not (tmp_path / "pix.rom").exists()
