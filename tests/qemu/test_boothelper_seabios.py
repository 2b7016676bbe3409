"""The Boothelper diskette (build/boothelper.img) booted by a PC BIOS: QEMU's SeaBIOS (no -bios, drive A
first), as the chapter's "Downloading an Image with Boothelper" runs it: `pixboothelper>`, the chapter's
commands, tftp of the running image from QEMU's TFTP server, the admin loader's install with the
activation key, the request to remove the diskette and its interval (reload with the diskette in: it
boots again; the interval running out: it boots again; ejected through QMP, then reset), and the PIX
ROM's flash boot of what was installed. An image older than 5.1, or a corrupted one, gets "Checksum
verification on flash image failed" and a reboot, the flash unchanged. Last, the same diskette under
the PIX ROM, which boots it itself: the install and the interval's three outcomes, ending in the ROM's
flash boot of the installed image once the diskette is out.

Each test boots its own copy of the diskette (QEMU writes a diskette through) and its own flash file
made with the real pix-flash. The interval is shortened through fw_cfg opt/pix/bhinterval except in
the test of the real 30 seconds.
"""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time

import pexpect
import pytest

from pixconsole import (KEY_ALL, PIXOS_BIN, TOP, expected, nic_list, pixqemu, qmp_command, readable,
                        spawn_console, tool, using_line)
from pixosutil import BOOT_TO_PROMPT, wait_pixos

DISK = os.path.join(TOP, "build", "boothelper.img")
PROMPT = "pixboothelper> "
BOOT_TIMEOUT = 40  # SeaBIOS, the diskette read and the program's bring-up under TCG on a loaded machine
TFTP_TIMEOUT = 60  # the running image (about 280 KiB) from QEMU's TFTP server
INSTALL_TIMEOUT = 60
KEY_WORDS = KEY_ALL.split()
SERIAL_LINE = "Serial Number: 12345678 (0xbc614e)\r\n"
BANNER_RE = r"\r\nCisco Secure PIX Firewall Boothelper \(6\.3\(5\)\) #0: [^\r\n]+\r\n"
FLASH_RE = r"Flash=AT29C040A @ 0x[0-9a-f]+\r\n"
BAD_CHECKSUM = "Checksum verification on flash image failed"
REMOVE = ("Remove the Boothelper diskette and press the reset switch to boot the new image.\r\n"
          "Rebooting in %d seconds.\r\n")
HELP_LINES = [
    "?                   this help message",
    "address [ip]        set IP address",
    "file [name]         set boot file name",
    "gateway [ip]        set IP gateway",
    "help [command]      this help message",
    "interface [num]     set interface number",
    "ping [ip]           send ICMP echo",
    "reload              halt and reload system",
    "server [ip]         set server IP address",
    "tftp                fetch file via TFTP",
    "trace               toggle packet tracing",
]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture(scope="session")
def disk():
    if not os.path.isfile(DISK):
        pytest.fail("%s is missing: build it first (make)" % DISK, pytrace=False)
    return DISK


@pytest.fixture
def unit(disk, tmp_path):
    """Factory: a unit (flash for serial 12345678, key optional, nothing installed) with its own diskette
    in drive A, booted by SeaBIOS (or by the PIX ROM rom, counting 1 s down); returns a Console before anything is read. The console has .flash,
    .qmp (QMP socket) and .floppy (its diskette)."""
    consoles = []
    tftp = tmp_path / "tftpboot"
    tftp.mkdir()
    shutil.copy(PIXOS_BIN, str(tftp / "pixos.bin"))
    tool("pix-mkimage", "-o", tftp / "pix503.bin", "--version", "5.0(3)", "--from", PIXOS_BIN)
    image = bytearray(open(PIXOS_BIN, "rb").read())
    image[-1] ^= 0x01  # the last payload byte: the SHA-256 no longer holds
    (tftp / "corrupt.bin").write_bytes(bytes(image))

    def start(key=False, interval=3, flash=None, rom=None):
        n = len(consoles)
        if flash is None:
            flash = str(tmp_path / "flash.bin")
            args = ["pix-flash", "create", flash, "--serial", "12345678"]
            if key:
                args += ["--key", KEY_ALL]
            tool(*args)
        floppy = str(tmp_path / ("boothelper%d.img" % n))
        shutil.copy(DISK, floppy)
        qmp = os.path.join(tempfile.mkdtemp(prefix="pixbh"), "qmp.sock")  # sun_path is short
        extra = []
        if interval is not None:
            extra = ["-fw_cfg", "name=opt/pix/bhinterval,string=%d" % interval]
        argv = pixqemu.qemu_argv(rom=rom, tftp=str(tftp), flash=flash, floppy=floppy, qmp=qmp,
                                 extra=extra, bootdelay=1 if rom else None)
        con = spawn_console(argv)
        con.prompt = PROMPT
        con.flash, con.qmp, con.floppy = flash, qmp, floppy
        consoles.append(con)
        return con

    yield start

    for con in consoles:
        con.close()
        text = con.transcript.getvalue()
        if text:
            print("--- serial console transcript ---")
            print(readable(text))


def boothelper_banner(con, timeout=BOOT_TIMEOUT):
    """From a power-on or reset: the Boothelper's banner, exactly, up to its prompt."""
    con.expect_re(BANNER_RE, timeout)
    before, _ = con.expect_re(FLASH_RE)
    assert before == "", "unexpected output before the Flash= line: %r" % before
    con.expect_next("\r\n" + nic_list() + "\r\n" + using_line() + "\r\nUse ? for help.\r\n" + PROMPT)


def settings(con, file="pixos.bin"):
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    con.cmd("file " + file, "file " + file)


def fetch(con, file):
    """tftp file up to the admin loader's banner."""
    settings(con, file)
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n", TFTP_TIMEOUT)
    con.expect_re(r"\r\nPIX admin loader \(3\.0\) #0: [^\r]+\r\n" + FLASH_RE)


def install(con, key):
    """After fetch of pixos.bin: versions, yes, the key when asked, the install, up to the interval."""
    con.expect_next("Flash version none, Install version 6.3.5\r\nInstall to flash? [yn] ")
    con.send("y\r")
    con.expect_next("y\r\n")
    if key:
        con.expect_next(SERIAL_LINE + "Enter Activation Key\r\n")
        for i, word in enumerate(KEY_WORDS):
            con.expect_next("Part %d of 4: " % (i + 1))
            con.send(word + "\r")
            con.expect_next(word + "\r\n")
    con.expect_exact("Installing to flash")
    con.expect_re(r"\.*\r\nImage installed\r\n", INSTALL_TIMEOUT)


def test_prompt_help_and_settings(unit):
    con = unit(interval=None)
    boothelper_banner(con)
    con.cmd("help", *HELP_LINES)
    con.cmd("?", *HELP_LINES)
    con.cmd("help tftp", HELP_LINES[9])
    con.cmd("interface", nic_list().rstrip("\r\n"), "interface 1", using_line())
    settings(con)
    con.cmd("gateway 10.0.2.2", "gateway 10.0.2.2")
    con.cmd("trace", "trace on")
    con.cmd("trace off", "trace off")


def test_bad_input_gets_the_monitors_messages(unit):
    con = unit(interval=None)
    boothelper_banner(con)
    con.cmd("address 10.0.2", "address: invalid IP address '10.0.2'")
    con.cmd("server 224.0.0.1", "server: '224.0.0.1' is not a unicast host address")
    con.cmd("address", "address 0.0.0.0")  # unchanged
    con.cmd("bogus", "Unknown command 'bogus'. Use ? for help.")
    con.cmd("checksum", "Unknown command 'checksum'. Use ? for help.")  # not a Boothelper command
    con.cmd("timeout 9", "Unknown command 'timeout'. Use ? for help.")
    con.cmd("help bogus", "help: Unknown command 'bogus'")
    con.cmd("interface 2", "interface: no such interface '2' (0-1)")
    con.cmd("interface", nic_list().rstrip("\r\n"), "interface 1", using_line())
    con.cmd("tftp", "tftp: file not set (use: file <name>)")
    con.cmd("reload now", "reload: too many arguments")


def test_install_with_key_reload_eject_then_rom_flash_boots(unit, boot):
    """The chapter's whole procedure: key asked and given; reload with the diskette in boots it again;
    ejected and reset, the diskette is gone; the PIX ROM then flash-boots the installed image."""
    con = unit(key=False, interval=60)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    install(con, key=True)
    con.expect_next(REMOVE % 60 + PROMPT)
    con.send("settings\r")  # only reload is taken during the interval
    con.expect_next("settings\r\nOnly reload is accepted until the reboot.\r\n" + PROMPT)
    con.send("reload\r")
    con.expect_next("reload\r\nRebooting...\r\n")
    boothelper_banner(con)  # the diskette is still in
    # the diskette pulled out, then the reset switch
    qmp_command(con.qmp, "eject", {"device": pixqemu.FLOPPY_ID})
    media = {b["device"]: b.get("inserted") for b in qmp_command(con.qmp, "query-block")}
    assert media[pixqemu.FLOPPY_ID] is None
    qmp_command(con.qmp, "system_reset")
    i = con.child.expect([BANNER_RE, pexpect.TIMEOUT], timeout=10)
    assert i == 1, "the Boothelper came back with no diskette in drive A"
    flash = con.flash
    con.close()
    tool("pix-flash", "show", flash)
    rom = boot(bootdelay=1, flash=flash)
    text = wait_pixos(rom, timeout=BOOT_TO_PROMPT)
    assert "Cisco PIX Firewall Version 6.3(5)" in text


def test_interval_runs_out_after_30_seconds(unit):
    """The real 30 seconds (no fw_cfg override); the key is already valid, so none is asked. With the
    diskette still in, the machine boots it again."""
    con = unit(key=True, interval=None)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    install(con, key=False)
    con.expect_next(REMOVE % 30 + PROMPT)
    start = time.monotonic()
    con.expect_exact("\r\nRebooting...\r\n", timeout=30 + 15)
    took = time.monotonic() - start
    assert took >= 29.5, "rebooted after %.1f s, not 30" % took
    boothelper_banner(con)


def test_interval_esc_cancels_the_reboot(unit):
    con = unit(key=True, interval=60)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    install(con, key=False)
    con.expect_next(REMOVE % 60 + PROMPT)
    con.send("\x1b")
    con.expect_next("\r\nAutomatic reboot cancelled.\r\n" + PROMPT)
    con.cmd("file", "file pixos.bin")


@pytest.mark.parametrize("file", ["pix503.bin", "corrupt.bin"])
def test_checksum_failure_reboots_flash_unchanged(unit, file):
    """The chapter: an image older than 5.1 (and one whose SHA-256 does not hold) prints "Checksum
    verification on flash image failed" and reboots; nothing is written."""
    con = unit(key=True, interval=None)
    before = digest(con.flash)
    boothelper_banner(con)
    fetch(con, file)
    con.expect_next(BAD_CHECKSUM + "\r\nImage not installed\r\nRebooting...\r\n")
    boothelper_banner(con)
    assert digest(con.flash) == before
    shown = tool("pix-flash", "show", con.flash).stdout
    assert not re.search(r"6\.3\(5\)|5\.0\(3\)", shown), shown


def test_signed_images_only_on_a_unit_with_a_signing_key(unit, tmp_path):
    """Issue 14 on the Boothelper: a unit made with a signing key refuses the unsigned running image
    (its reason, back at the prompt, nothing written) and installs the same image signed by that key."""
    key, pub = str(tmp_path / "signing.pem"), str(tmp_path / "signing-pub.pem")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True,
                   capture_output=True)
    subprocess.run(["openssl", "ec", "-in", key, "-pubout", "-out", pub], check=True, capture_output=True)
    tool("pix-mkimage", "-o", tmp_path / "tftpboot" / "signed.bin", "--version", "6.3(5)", "--from", PIXOS_BIN,
         "--sign", key)
    flash = str(tmp_path / "signed-unit.bin")
    tool("pix-flash", "create", flash, "--serial", "12345678", "--key", KEY_ALL, "--trust", pub)
    con = unit(interval=None, flash=flash)
    before = digest(flash)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    con.expect_next("image is unsigned; this unit runs only images signed by its keys\r\n"
                    "Image not installed\r\n" + PROMPT)
    assert digest(flash) == before
    fetch(con, "signed.bin")
    install(con, key=False)
    assert "version 6.3(5), " in tool("pix-flash", "check", flash).stdout


def test_answer_no_installs_nothing(unit):
    con = unit(key=True, interval=None)
    before = digest(con.flash)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    con.expect_next("Flash version none, Install version 6.3.5\r\nInstall to flash? [yn] ")
    con.send("n\r")
    con.expect_next(expected("n", "Image not installed", prompt=PROMPT))
    assert digest(con.flash) == before


# ---- the boot sector (bootsect.S) ---------------------------------------------------------------
IMAGE_MAX = 0x8F000  # BHDISK_IMAGE_MAX: what the boot sector loads (linear 0x10000 to 0x9F000)
BH_BIN = os.path.join(TOP, "build", "boothelper", "boothelper.bin")
BOOTSECT = os.path.join(TOP, "build", "boothelper", "bootsect.bin")


def padded_diskette(tmp_path, size):
    """A diskette whose image is the Boothelper padded with zeros to size bytes (header included): the
    zeros land where the program's .bss begins, which it clears anyway."""
    img = open(BH_BIN, "rb").read()
    payload = tmp_path / "padded.payload"
    payload.write_bytes(img[512:] + bytes(size - len(img)))
    entry = "0x%x" % int.from_bytes(img[0x20:0x24], "little")
    load = "0x%x" % int.from_bytes(img[0x1c:0x20], "little")
    image = tmp_path / "padded.bin"
    tool("pix-mkimage", "-o", image, "--version", "6.3(5)", "--kind", "boothelper", "--load", load,
         "--entry", entry, payload)
    out = str(tmp_path / "padded.img")
    tool("pix-mkdisk", "-o", out, "--boot", BOOTSECT, image)
    return out


def seabios(tmp_path, floppy):
    argv = pixqemu.qemu_argv(rom=None, tftp=str(tmp_path / "tftpboot"), flash=None, floppy=floppy)
    return spawn_console(argv)


def test_an_image_filling_the_load_window_boots(tmp_path):
    """The most the boot sector loads: 1144 sectors over 32 tracks and nine 64 KiB boundaries."""
    con = seabios(tmp_path, padded_diskette(tmp_path, IMAGE_MAX))
    try:
        con.prompt = PROMPT
        con.expect_re(BANNER_RE, BOOT_TIMEOUT)
        con.expect_exact("Flash=none\r\n")
        con.expect_exact(PROMPT)
        con.cmd("file x", "file x")
    finally:
        con.close()


@pytest.mark.parametrize("what,line", [("length", "Boothelper: bad image\r\n"),
                                       ("short", "Boothelper: bad image\r\n"),
                                       ("magic", "Boothelper: bad image\r\n"),
                                       ("payload-size", "Boothelper: bad image\r\n")])
def test_boot_sector_refuses_what_it_cannot_load(tmp_path, what, line):
    """A descriptor or image the boot sector cannot use gets one line on COM1 and a halt. (Its read
    error line is not tested here: QEMU's floppy controller never reports a read error to the guest,
    it hands over zeros, so there is no way to make INT 13h fail on an inserted diskette.)"""
    disk = bytearray(open(DISK, "rb").read())
    if what == "length":
        disk[0x0f:0x13] = (IMAGE_MAX + 1).to_bytes(4, "little")
    elif what == "short":
        disk[0x0f:0x13] = (511).to_bytes(4, "little")
    elif what == "magic":
        disk[512] ^= 0x01  # "QIXIMAGE"
    else:
        disk[512 + 0x18:512 + 0x1c] = (IMAGE_MAX).to_bytes(4, "little")
    path = str(tmp_path / "bad.img")
    with open(path, "wb") as f:
        f.write(bytes(disk))
    con = seabios(tmp_path, path)
    try:
        con.expect_exact(line, BOOT_TIMEOUT)
        i = con.child.expect([BANNER_RE, pexpect.TIMEOUT], timeout=3)
        assert i == 1, "the program ran after the boot sector refused the diskette"
    finally:
        con.close()


# ---- under the PIX ROM: the ROM boots the diskette itself (boot/rom/romdisk.c) ---------------------
ROM_PATH = os.path.join(TOP, "build", "pix.rom")
NO_DISKETTE = "Diskette boot: no diskette in the drive.\r\n"


def test_rom_boots_the_diskette_and_the_three_outcomes(unit):
    """The chapter's procedure on a unit with a diskette drive: power-on boots the diskette instead of the
    flash; after the install, (c) the interval runs out and the diskette boots again; (b) reload with the
    diskette in boots it again; (a) the diskette pulled out and the reset switch: the ROM says the drive
    is empty and flash-boots the image the Boothelper installed."""
    con = unit(key=True, interval=3, rom=ROM_PATH)
    con.expect_exact("PIX BIOS (4.0) #47: ", timeout=BOOT_TIMEOUT)
    boothelper_banner(con)
    fetch(con, "pixos.bin")
    install(con, key=False)
    con.expect_next(REMOVE % 3 + PROMPT)
    # (c) the interval runs out with the diskette in
    con.expect_exact("\r\nRebooting...\r\n", timeout=30)
    con.expect_exact("PIX BIOS (4.0) #47: ", timeout=BOOT_TIMEOUT)
    boothelper_banner(con)
    # (b) reload with the diskette in
    con.send("reload\r")
    con.expect_next("reload\r\n")
    con.expect_exact("PIX BIOS (4.0) #47: ", timeout=BOOT_TIMEOUT)
    boothelper_banner(con)
    # (a) the diskette pulled out, then the reset switch
    qmp_command(con.qmp, "eject", {"device": pixqemu.FLOPPY_ID})
    qmp_command(con.qmp, "system_reset")
    con.expect_exact("PIX BIOS (4.0) #47: ", timeout=BOOT_TIMEOUT)
    con.expect_exact(NO_DISKETTE, timeout=BOOT_TIMEOUT)
    text = wait_pixos(con, timeout=BOOT_TO_PROMPT)
    assert "Cisco PIX Firewall Version 6.3(5)" in text
