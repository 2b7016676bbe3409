"""`make run`, the README's first command, end to end (and `make run-efi`, the same unit started by the UEFI
application under OVMF): the unit its first run makes boots the running
image, which follows the README's walk-through (an older version installed with copy tftp flash, run
after a reload); a unit with an image but no activation key refuses the flash boot and says why.

The run's flash file and TFTP folder are the test's own (RUN_FLASH, RUN_TFTP), so a developer's
build/flash.bin is never touched. QEMU is quit with Ctrl-A x, as a user would.
"""
import pathlib
import subprocess

import pexpect
import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
KEY = ["0x77d91d9f", "0xd1f6436e", "0x33f0d23a", "0x9aa23511"]  # DESIGN.md vector, serial 12345678
MAKE_TIMEOUT = 600  # deps.sh and the build, when there is something to do
TIMEOUT = 30


def raw_output():
    """In the child: no "\\r" added to the guest's "\\r\\n" on the pty (ONLCR), as in tests/qemu."""
    import termios
    a = termios.tcgetattr(0)
    a[1] &= ~termios.ONLCR
    termios.tcsetattr(0, termios.TCSANOW, a)


def make_run(tmp_path, target="run"):
    flash, tftp = tmp_path / "flash.bin", tmp_path / "tftp"
    child = pexpect.spawn("make", ["--no-print-directory", target, f"RUN_FLASH={flash}", f"RUN_TFTP={tftp}"],
                          cwd=str(TOP), encoding="latin-1", timeout=TIMEOUT, preexec_fn=raw_output)
    child.delaybeforesend = None
    return child, flash, tftp


def quit_qemu(child):
    child.sendcontrol("a")
    child.send("x")
    child.expect(pexpect.EOF, timeout=TIMEOUT)
    child.close()


@pytest.fixture
def spawned():
    children = []
    yield children
    for c in children:
        c.close(force=True)


def monitor_cmd(child, line):
    child.send(line + "\r")
    child.expect_exact("monitor> ")


def os_cmd(child, line, prompt):
    child.send(line + "\r")
    child.expect_exact(prompt)
    return child.before


def space_to_image(child, version):
    """At the ROM's countdown: SPACE, then the running image's banner and first prompt."""
    child.expect_exact("Use SPACE to begin flash boot immediately.", timeout=MAKE_TIMEOUT)
    child.send(" ")
    child.expect_exact("Cisco PIX Firewall Version %s\r\n" % version)
    child.expect_exact("pixfirewall> ")


@pytest.mark.parametrize("target", ["run", "run-efi"])
def test_first_run_boots_the_running_image_and_downgrades_it(tmp_path, spawned, target):
    """The README's walk-through: the first run's unit boots PIX OS 6.3(5), which installs the older
    6.3(4) from the TFTP folder with copy tftp flash and runs it after a reload, with the same key."""
    child, flash, tftp = make_run(tmp_path, target)
    spawned.append(child)
    child.expect_exact("a new unit, PIX OS 6.3(5) installed and licensed (serial 12345678)", timeout=MAKE_TIMEOUT)
    for name in ("test.bin", "pixos.bin"):
        assert (tftp / name).read_bytes() == (TOP / "build" / name).read_bytes()
    assert (tftp / "pix634.bin").stat().st_size == (TOP / "build" / "pixos.bin").stat().st_size
    space_to_image(child, "6.3(5)")
    os_cmd(child, "enable", "pixfirewall# ")
    os_cmd(child, "configure terminal", "pixfirewall(config)# ")
    for line in ("ip address inside 10.0.2.15 255.255.255.0", "tftp-server inside 10.0.2.2 pix634.bin"):
        assert os_cmd(child, line, "pixfirewall(config)# ") == line + "\r\n"
    assert "[OK]" in os_cmd(child, "write memory", "pixfirewall(config)# ")
    child.send("copy tftp: flash\r")
    child.expect_exact("copying tftp://10.0.2.2/pix634.bin to flash:image\r\n")
    child.expect_exact("Image installed\r\npixfirewall(config)# ", timeout=60)
    child.send("reload\r")
    child.expect_exact("Proceed with reload? [confirm] ")
    child.send("\r")
    space_to_image(child, "6.3(4)")
    out = os_cmd(child, "show version", "pixfirewall> ")
    assert "Running Activation Key: " + " ".join(KEY) + "\r\n" in out
    quit_qemu(child)
    # the unit keeps what was done to it
    shown = subprocess.run([str(TOP / "build" / "host" / "pix-flash"), "check", str(flash)],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "would boot slot 1, version 6.3(4)" in shown.stdout


def test_unlicensed_unit_refuses_flash_boot_with_reason(tmp_path, spawned):
    tool = str(TOP / "build" / "host" / "pix-flash")
    flash = tmp_path / "flash.bin"
    subprocess.run(["make", "--no-print-directory", "build/host/pix-flash", "build/test.bin"], cwd=TOP,
                   check=True, capture_output=True, timeout=MAKE_TIMEOUT)
    subprocess.run([tool, "create", str(flash), "--serial", "12345678"], check=True, capture_output=True,
                   timeout=60)
    subprocess.run([tool, "install", str(flash), str(TOP / "build" / "test.bin")], check=True,
                   capture_output=True, timeout=60)
    child, _, _ = make_run(tmp_path)
    spawned.append(child)
    child.expect_exact("Use SPACE to begin flash boot immediately.", timeout=MAKE_TIMEOUT)
    child.send(" ")
    child.expect_exact("Flash boot: no activation key in flash\r\n")
    child.expect_exact("monitor> ")
    assert "PIX test image" not in child.before
    quit_qemu(child)
