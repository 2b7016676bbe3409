"""`make run`, the README's first command, end to end: the unit its first run makes is installed and
licensed from the monitor (tftp, the admin loader's key questions, install, reload) and then boots the
test image from flash; a unit with an image but no activation key refuses the flash boot and says why.

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


def make_run(tmp_path):
    flash, tftp = tmp_path / "flash.bin", tmp_path / "tftp"
    child = pexpect.spawn("make", ["--no-print-directory", "run", f"RUN_FLASH={flash}", f"RUN_TFTP={tftp}"],
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


def test_first_run_install_key_reload_boots(tmp_path, spawned):
    child, flash, tftp = make_run(tmp_path)
    spawned.append(child)
    child.expect_exact("a new unit, no activation key yet", timeout=MAKE_TIMEOUT)
    assert (tftp / "test.bin").read_bytes() == (TOP / "build" / "test.bin").read_bytes()
    child.expect_exact("Use BREAK or ESC to interrupt flash boot.")
    child.send("\x1b")
    child.expect_exact("monitor> ")
    for line in ("address 10.0.2.15", "server 10.0.2.2", "file test.bin"):
        monitor_cmd(child, line)
    child.send("tftp\r")
    child.expect_exact("Flash version none, Install version 6.3.5\r\nInstall to flash? [yn] ")
    child.send("y\r")
    child.expect_exact("Serial Number: 12345678 (0xbc614e)\r\nEnter Activation Key\r\n")
    for i, word in enumerate(KEY):
        child.expect_exact("Part %d of 4: " % (i + 1))
        child.send(word + "\r")
    child.expect_exact("Image installed\r\nBoot the new image? [yn] ", timeout=60)
    child.send("n\r")
    child.expect_exact("monitor> ")
    child.send("reload\r")
    child.expect_exact("Use SPACE to begin flash boot immediately.")
    child.send(" ")
    child.expect_exact("PIX test image 6.3(5)\r\n")
    child.expect_exact("Running Activation Key: " + " ".join(KEY) + "\r\n")
    child.expect_exact("Test image halted.")
    quit_qemu(child)
    # the unit keeps what was done to it
    shown = subprocess.run([str(TOP / "build" / "host" / "pix-flash"), "check", str(flash)],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "would boot slot 0, version 6.3(5)" in shown.stdout


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
