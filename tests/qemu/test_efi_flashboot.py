"""Flash boot from the UEFI application (build/pix.efi under OVMF): the same flash files, made with the
real host tools, boot build/test.bin and build/pixos.bin as from the ROM, with the ROM's lines and the
image contract (32-bit flat protected mode, EAX = 'PIXB', EBX = the boot-information block): the
application leaves the firmware (ExitBootServices) and long mode itself. Whatever stops a flash boot
prints the ROM's reason and leaves the unit at `monitor>`.

OVMF prints its own output before the PIX banner: the harness takes its escape sequences and boot
manager lines off, and nothing else may come before the banner."""
import os
import re

import pytest

from pixconsole import (BOOT_TIMEOUT, KEY_ALL, PIXOS_BIN, PROMPT, ROM, SERIAL, TEST_BIN, TOP, pixqemu, spawn_console,
                        tool)
from pixosutil import BANNER_ALL, HINT, USER, flash_show, to_config

# build/test.bin linked to run at HIGH_LOAD, in OVMF's PEI memory, which the firmware keeps (tools/image.mk)
TEST_HIGH_BIN = os.path.join(TOP, "build", "test-high.bin")
HIGH_LOAD = 0x820000
IMAGE_TIMEOUT = 40  # from the end of the countdown to the running image's prompt
SERIAL_LINE = "Serial Number: 12345678 (0xbc614e)\r\n"
MON_HINT = "Use ? for help.\r\n" + PROMPT  # the monitor banner's end (its NIC list is the platform's)
# Where `pix-flash install` puts the first image's payload in the file: the image starts at offset
# 0x20000 of the bank, striped in 256-byte sectors over the 16 chips of 512 KiB; the header is sectors
# 0 and 1, so the payload's first sector is chip 2's at 0x20000.
PAYLOAD_IN_FILE = 2 * 0x80000 + 0x20000
CHECKSUM_FAILED = "Flash boot: Checksum verification on flash image failed\r\n"


@pytest.fixture
def firmware():
    """The shared boot fixture starts the UEFI application (conftest.py)."""
    return "efi"


@pytest.fixture
def efi_boot(boot, tmp_path):
    """Factory: QEMU with OVMF and the application (the shared boot fixture), or with rom= the ROM on the
    same machine, for the reference output; returns a Console before anything is read."""
    consoles = []

    def start(flash, bootdelay=1, rom=None, **kw):
        if not rom:
            return boot(flash=flash, bootdelay=bootdelay, **kw)
        argv = pixqemu.qemu_argv(rom=rom, flash=flash, bootdelay=bootdelay, tftp=str(tmp_path / "tftp"), **kw)
        con = spawn_console(argv)
        consoles.append(con)
        return con

    yield start

    for con in consoles:
        con.close()


def efi_banner(con, bootdelay=1):
    """The application's banner up to its first countdown line (OVMF's output before it taken off)."""
    con.banner(flash=True, bootdelay=bootdelay)


def make_flash(tmp_path, key=KEY_ALL, image=TEST_BIN, name="flash.bin"):
    path = str(tmp_path / name)
    args = ["pix-flash", "create", path, "--serial", SERIAL]
    if key:
        args += ["--key", key]
    tool(*args)
    if image:
        tool("pix-flash", "install", path, image)
    return path


def boot_to_end(efi_boot, flash, bootdelay=1):
    """Powers on with flash and lets the countdown run out; the flash boot's output follows."""
    con = efi_boot(flash, bootdelay=bootdelay)
    efi_banner(con, bootdelay)
    return con


def memory_map(text):
    """The test image's Memory lines: [(base, length, type)]."""
    return [(int(b, 16), int(n, 16), t) for b, n, t in
            re.findall(r"Memory: 0x([0-9a-f]{16}) length 0x([0-9a-f]{16}) (RAM|reserved)\r\n", text)]


def test_flash_boot_runs_the_test_image(efi_boot, tmp_path):
    con = boot_to_end(efi_boot, make_flash(tmp_path))
    # the ROM's lines (test_flashboot.py); the application has no diskette drive to report first
    con.expect_next("\r\r\n" + SERIAL_LINE + "PIX test image 6.3(5)\r\n", timeout=IMAGE_TIMEOUT)
    before, m = con.expect_re(r"Boot information: version 3, 472 bytes at 0x([0-9a-f]{8})\r\n")
    assert before == ""  # EAX was 'PIXB' and EBX a block the image accepted
    block = int(m.group(1), 16)
    con.expect_next("Serial Number: 12345678 (0x00bc614e)\r\n")
    con.expect_next("Running Activation Key: %s\r\n" % KEY_ALL)
    con.expect_next("Licensed Features:\r\nFailover:           Enabled\r\n")
    # the flash BAR is above 4 GiB under OVMF: no 32-bit address to give (the image places BARs itself)
    con.expect_exact("Flash: 0x00000000, 8388608 bytes; image at offset 0x00020000, ")
    con.expect_exact(" chips, version 6.3(5)\r\nConsole: port 0x03f8, 9600 baud\r\n")
    text = con.expect_exact("Monitor: address 0.0.0.0 server 0.0.0.0 gateway 0.0.0.0 interface 0 timeout 4 "
                            "trace off\r\n")
    mem = memory_map(text)
    assert text == "".join("Memory: 0x%016x length 0x%016x %s\r\n" % r for r in mem), text
    ram = [(b, n) for b, n, t in mem if t == "RAM"]
    # the firmware's map: ascending, below 4 GiB, the image's load area and the block in RAM, and the
    # top of RAM within the machine's 256 MiB
    assert 1 <= len(mem) <= 8 and [r[0] for r in mem] == sorted(r[0] for r in mem), mem
    assert all(b + n <= 1 << 32 for b, n, _ in mem), mem
    assert any(b <= 0x400000 and 0x400000 + 4096 <= b + n for b, n in ram), mem
    assert any(b <= block and block + 472 <= b + n for b, n in ram), mem
    assert 200 << 20 <= max(b + n for b, n in ram) <= 256 << 20, mem
    con.expect_next('Monitor file: ""\r\n')
    # every NIC the firmware drove has stopped writing to memory
    con.expect_next("NIC 00:0d.0 8086:1229: bus master off\r\nNIC 00:0e.0 8086:1229: bus master off\r\n"
                    "Test image halted.")


def test_image_where_the_firmware_keeps_memory_is_copied(efi_boot, tmp_path):
    """test-high.bin runs at HIGH_LOAD, memory the firmware does not give (not RAM in its map): the
    application reads the payload into pages elsewhere and copies it once it has left the firmware and
    long mode."""
    size = os.path.getsize(TEST_HIGH_BIN) - 512
    con = boot_to_end(efi_boot, make_flash(tmp_path, image=TEST_HIGH_BIN))
    con.expect_next("\r\r\n" + SERIAL_LINE + "PIX test image 6.3(5)\r\n", timeout=IMAGE_TIMEOUT)
    con.expect_next("Boot information: version 3, 472 bytes at ")
    text = con.expect_exact("Monitor: address")
    ram = [(b, n) for b, n, t in memory_map(text) if t == "RAM"]
    assert ram and not any(b < HIGH_LOAD + size and HIGH_LOAD < b + n for b, n in ram), (
        "the firmware gave the pages at 0x%x: the copy was not needed (%s)" % (HIGH_LOAD, ram))
    con.expect_exact("Test image halted.")


def test_space_boots_at_once(efi_boot, tmp_path):
    con = efi_boot(make_flash(tmp_path), bootdelay=5)
    efi_banner(con, 5)
    con.send(" ")
    con.expect_exact(SERIAL_LINE + "PIX test image 6.3(5)\r\n", timeout=IMAGE_TIMEOUT)
    con.expect_exact("Test image halted.")


def test_no_key_stops_the_boot(efi_boot, tmp_path):
    con = boot_to_end(efi_boot, make_flash(tmp_path, key=None))
    con.expect_next("\r\r\n" + SERIAL_LINE + "Flash boot: no activation key in flash\r\n", timeout=IMAGE_TIMEOUT)
    con.expect_exact(MON_HINT)
    con.cmd("address", "address 0.0.0.0")


def test_corrupted_image_stops_the_boot_as_on_the_rom(efi_boot, tmp_path):
    path = make_flash(tmp_path)
    with open(path, "r+b") as f:  # one payload byte inverted: its SHA-256 no longer holds
        f.seek(PAYLOAD_IN_FILE + 16)
        byte = f.read(1)[0]
        f.seek(PAYLOAD_IN_FILE + 16)
        f.write(bytes([byte ^ 0xff]))
    assert "Checksum verification on flash image failed" in flash_show(path)
    rom = efi_boot(path, rom=ROM)  # the ROM's words for it, on the same file
    rom.expect_exact(CHECKSUM_FAILED, timeout=BOOT_TIMEOUT + IMAGE_TIMEOUT)
    rom.close()
    con = boot_to_end(efi_boot, path)
    con.expect_next("\r\r\n" + CHECKSUM_FAILED, timeout=IMAGE_TIMEOUT)
    con.expect_exact(MON_HINT)
    con.cmd("address", "address 0.0.0.0")


def wait_pixos(con):
    """From the end of the countdown: the flash boot's serial line, then PIX OS's banner and prompt."""
    con.expect_next("\r\r\n" + SERIAL_LINE, timeout=IMAGE_TIMEOUT)
    con.prompt = USER
    return con.until_prompt(timeout=IMAGE_TIMEOUT)


@pytest.mark.parametrize("nic", ["i82558b", "e1000"])
def test_flash_boot_runs_pixos(efi_boot, tmp_path, nic):
    """PIX OS after the hand-over: its console, the flash it finds again (the image places the BARs below
    4 GiB itself), its NICs (ping through QEMU's user network), a configuration written to flash, and a
    reload that goes through OVMF and the application's flash boot again. The firmware drove the NICs
    before (iPXE's UEFI drivers)."""
    flash = make_flash(tmp_path, image=PIXOS_BIN)
    con = efi_boot(flash, nic=nic)
    efi_banner(con)
    assert wait_pixos(con) == BANNER_ALL % "6.3(5)" + HINT + "\r\n\r\n" + USER
    lines = con.run("show version").split("\r\n")
    assert lines[:4] == ["show version", "", "Cisco PIX Firewall Version 6.3(5)", ""]
    assert re.fullmatch(r"Hardware:   PIX-525, 25[56] MB RAM, CPU \S.* [1-9]\d* MHz", lines[8]), lines[8]
    assert lines[9] == "Flash AT29C040A @ 0xe0000000, 8MB"
    assert lines[12:14] == ["0: ethernet0: address is 0090.2722.f0b0, irq 11",
                            "1: ethernet1: address is 0090.2722.f0b1, irq 10"]
    assert lines[-4:] == ["Serial Number: 12345678 (0xbc614e)", "Running Activation Key: " + KEY_ALL,
                          "Configuration has not been modified since last system restart.", USER]
    to_config(con)
    con.cmd("ip address inside 10.0.2.15 255.255.255.0")
    out = con.run("ping 10.0.2.2", timeout=15)
    assert out.count("10.0.2.2 response received") == 3, out
    con.prompt = "efiunit(config)# "
    con.cmd("hostname efiunit")
    out = con.run("write memory", timeout=30)
    assert "[OK]" in out, out
    assert re.search(r"^Configuration:\s+\S", flash_show(flash), re.M)
    con.send("reload\r")
    con.expect_exact("Proceed with reload? [confirm] ")
    con.send("\r")
    con.expect_exact("Rebooting...\r\n")
    efi_banner(con)
    con.expect_next("\r\r\n" + SERIAL_LINE, timeout=IMAGE_TIMEOUT)
    con.prompt = "efiunit> "
    con.until_prompt(timeout=IMAGE_TIMEOUT)
    con.prompt = "efiunit# "
    con.cmd("enable")
    out = con.run("show running-config")
    assert "hostname efiunit" in out and "ip address inside 10.0.2.15 255.255.255.0" in out, out
