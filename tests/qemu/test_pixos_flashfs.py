"""The flash file system's older forms in the running image: show flashfs, flashfs downgrade 5.0|5.1|4.x,
clear flashfs and the chapter's flash downgrade 4.2|5.0|5.1, each followed by a reload through the ROM's
flash boot of the same image from the new form; copy tftp flash onto a downgraded flash (a 6.x image brings
the 6.x form back and keeps the old image as the fallback; 5.1 and 4.4 images go in the form they read and
boot from it); and the refusals (a damaged image, a torn configuration record), each leaving the flash as
it was and bootable.

Units are flash files made with pix-flash (flash/layout.h's forms are read back with pix-flash show and
check after each step); other versions are build/pixos.bin re-sealed with pix-mkimage --from."""
import os
import re
import shutil
import time

from pixconsole import PIXOS_BIN, PROMPT, power_cut, tool
from pixosutil import (CONFIG, KEY_NO_3DES, USER, boot_pixos, flash_show, make_unit, pixos_version, reload,
                       to_config)

NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\n"
CHIP = 512 * 1024
SLOT_CHIP_OFF = (0x20000, 0x4E000)  # flash/layout.h: each slot's share of every chip
CONFIG_OFF = 0x10000
SERIAL_LINE = "Serial Number: 12345678 (0xbc614e)"


def image_len():
    return os.path.getsize(PIXOS_BIN)


def slot_origin(slot):
    return SLOT_CHIP_OFF[slot]


def check(flash):
    """pix-flash check: the unit boots; returns (slot, version, form)."""
    out = tool("pix-flash", "check", flash).stdout
    m = re.search(r"would boot slot (\d), version (\S+), Serial Number: 12345678 \(0xbc614e\), flash file "
                  r"system in the (\S+) form$", out, re.M)
    assert m, out
    return int(m.group(1)), m.group(2), m.group(3)


def serve(tmp_path, name, image):
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    shutil.copy(image, str(d / name))


PDM_ORIGIN = 0x80000  # flash/layout.h: the PDM area starts at chip 1's first byte


def show_flashfs(form, files, config_len=0, key_b=0):
    """The exact reply of show flashfs: files is [(origin, length, what)] for files 0 and 1; the PDM
    area (no archive on these units) is the last file."""
    lines = ["flash file system: form:%s sector size:256" % form]
    rows = files + [(0x10100, config_len, "configuration"), (0x4000, 64, "activation key record A"),
                    (0x4100, key_b, "activation key record B"), (PDM_ORIGIN, 0, "PDM area")]
    for i, (origin, length, what) in enumerate(rows):
        lines.append("file %d: origin: %8d length: %8d  %s" % (i, origin, length, what))
    return lines


def downgrade(con, line, form, question_form=None):
    """line, confirmed; the reply must be the project's success line."""
    con.send(line + "\r")
    con.expect_next(line + "\r\nDowngrade the flash file system to the %s form? [confirm] "
                    % (question_form or form))
    con.send("\r")
    con.expect_next("\r\nFlash file system downgraded to the %s form.\r\n%s" % (form, con.prompt), timeout=60)


def test_downgrade_forms_and_reload_from_each(boot, tmp_path):
    """6.x -> 5.1 -> 4.x (clear flashfs) -> 5.0 (flash downgrade): show flashfs before and after, the keys
    still work, and a reload boots the same image from every form."""
    flash = make_unit(tmp_path, image=pixos_version(tmp_path, "6.3(4)"))
    tool("pix-flash", "install", flash, PIXOS_BIN)  # 6.3(5), slot 1: the copy to slot 0 moves it
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    n = image_len()
    con.cmd("show flashfs", *show_flashfs("6.x", [(slot_origin(1), n, "firewall image 6.3(5), slot 1"),
                                                  (slot_origin(0), n, "image 6.3(4), slot 0")]))
    downgrade(con, "flashfs downgrade 5.1", "5.1")
    assert check(flash) == (1, "6.3(5)", "5.1")
    con.cmd("show flashfs", *show_flashfs("5.1", [(slot_origin(1), n, "firewall image 6.3(5), slot 1"),
                                                  (slot_origin(0), 0, "image slot 0")]))
    con.cmd("flashfs downgrade 5.1", "The flash file system is already in the 5.1 form.")
    # the running image still reads its flash: the key commands work on a downgraded flash
    out = con.run("show activation-key")
    assert "The flash activation key is the SAME as the running key.\r\n" in out, out
    reload(con)
    to_config(con)
    con.cmd("show flashfs", *show_flashfs("5.1", [(slot_origin(1), n, "firewall image 6.3(5), slot 1"),
                                                  (slot_origin(0), 0, "image slot 0")]))
    downgrade(con, "clear flashfs", "4.x")
    assert check(flash) == (0, "6.3(5)", "4.x")
    con.cmd("show flashfs", *show_flashfs("4.x", [(slot_origin(0), n, "firewall image 6.3(5), slot 0"),
                                                  (slot_origin(1), 0, "image slot 1")]))
    out = con.run("activation-key " + KEY_NO_3DES)
    assert "The flash activation key has been modified.\r\n" in out, out
    text = reload(con)
    assert "VPN-3DES:                    Disabled\r\n" in text
    to_config(con)
    con.cmd("show flashfs", *show_flashfs("4.x", [(slot_origin(0), n, "firewall image 6.3(5), slot 0"),
                                                  (slot_origin(1), 0, "image slot 1")], key_b=64))
    downgrade(con, "flash downgrade 5.0", "5.0")
    assert check(flash) == (0, "6.3(5)", "5.0")
    reload(con)
    to_config(con)
    downgrade(con, "flash downgrade 4.2", "4.x")
    assert check(flash) == (0, "6.3(5)", "4.x")
    reload(con)


def test_copy_tftp_flash_onto_a_downgraded_flash(boot, tmp_path):
    """A 6.x image onto the 5.1 and the 4.x form: back to the 6.x form, the old image kept as the fallback
    (its record valid, lower sequence); a reload runs the new image."""
    flash = make_unit(tmp_path, config=NET_CONFIG)
    serve(tmp_path, "pix634.bin", pixos_version(tmp_path, "6.3(4)"))
    serve(tmp_path, "pix635.bin", PIXOS_BIN)
    tool("pix-flash", "downgrade", flash, "4.x")
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    out = con.run("copy tftp://10.0.2.2/pix634.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    assert check(flash) == (1, "6.3(4)", "6.x")
    shown = flash_show(flash)
    assert re.search(r"^Slot 0:\s+valid\n  Sequence:\s+1\n", shown, re.M), shown
    assert re.search(r"^Slot 1:\s+valid \(current\)\n  Sequence:\s+2\n", shown, re.M), shown
    assert "File-system record:   none\n" in shown
    reload(con, version="6.3(4)")
    to_config(con)
    con.cmd("show flashfs", *show_flashfs("6.x", [(slot_origin(1), image_len(), "firewall image 6.3(4), slot 1"),
                                                  (slot_origin(0), image_len(), "image 6.3(5), slot 0")],
                                          config_len=len(NET_CONFIG)))
    downgrade(con, "flashfs downgrade 5.1", "5.1")
    out = con.run("copy tftp://10.0.2.2/pix635.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    assert check(flash) == (0, "6.3(5)", "6.x")
    assert re.search(r"^Slot 1:\s+valid\n", flash_show(flash), re.M)
    reload(con)


def test_install_of_5_1_and_4_4_images(boot, tmp_path):
    """copy tftp flash of a 5.1(2) image writes the 5.1 form, of a 4.4(1) image the 4.x form; the ROM boots
    each from its form; back to 6.3(5) from the 4.x form."""
    flash = make_unit(tmp_path, config=NET_CONFIG)
    serve(tmp_path, "pix512.bin", pixos_version(tmp_path, "5.1(2)"))
    serve(tmp_path, "pix441.bin", pixos_version(tmp_path, "4.4(1)"))
    serve(tmp_path, "pix635.bin", PIXOS_BIN)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    out = con.run("copy tftp://10.0.2.2/pix512.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    assert check(flash) == (1, "5.1(2)", "5.1")
    text = reload(con, version="5.1(2)")
    assert text.startswith("\r\nCisco PIX Firewall Version 5.1(2)\r\n")
    to_config(con)
    con.cmd("show flashfs", *show_flashfs("5.1", [(slot_origin(1), image_len(), "firewall image 5.1(2), slot 1"),
                                                  (slot_origin(0), 0, "image slot 0")],
                                          config_len=len(NET_CONFIG)))
    out = con.run("copy tftp://10.0.2.2/pix441.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    assert check(flash) == (0, "4.4(1)", "4.x")
    reload(con, version="4.4(1)")
    to_config(con)
    out = con.run("copy tftp://10.0.2.2/pix635.bin flash", timeout=60)
    assert out.endswith("Image installed\r\n" + CONFIG), out
    assert check(flash) == (1, "6.3(5)", "6.x")
    reload(con)


def test_admin_loader_installs_in_the_older_forms(boot, tmp_path):
    """The ROM's admin loader (monitor tftp, then install) shares the layout's install: a 4.3(1) image is
    refused before anything is written, a 4.4(1) image goes in the 4.x form and boots at once."""
    flash = make_unit(tmp_path)
    serve(tmp_path, "pix431.bin", pixos_version(tmp_path, "4.3(1)"))
    serve(tmp_path, "pix441.bin", pixos_version(tmp_path, "4.4(1)"))
    con = boot(bootdelay=1, flash=flash)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    for line in ("address 10.0.2.15", "server 10.0.2.2", "file pix431.bin"):
        con.cmd(line, line)
    before = open(flash, "rb").read()
    con.send("tftp\r")
    con.expect_re(r"Received \d+ bytes\r\n\r\nPIX admin loader \(3\.0\) #0: [^\r]+\r\nFlash=AT29C040A @ "
                  r"0x[0-9a-f]+\r\n", 30)
    con.expect_next("an image older than 4.4 would corrupt the flash\r\nImage not installed\r\n" + PROMPT)
    assert open(flash, "rb").read() == before
    con.cmd("file pix441.bin", "file pix441.bin")
    con.send("tftp\r")
    con.expect_exact("Flash version 6.3.5, Install version 4.4.1\r\nInstall to flash? [yn] ", 30)
    con.send("y\r")
    con.expect_exact("Image installed\r\nBoot the new image? [yn] ", 60)
    con.send("y\r")
    con.expect_exact("Serial Number: 12345678 (0xbc614e)\r\n\r\nCisco PIX Firewall Version 4.4(1)\r\n", 30)
    assert check(flash) == (0, "4.4(1)", "4.x")


def refused(con, flash, line, *reason):
    """line is refused with reason and "Flash file system not downgraded.", nothing is asked, and the
    flash is left byte for byte as it was, and bootable."""
    before = open(flash, "rb").read()
    con.cmd(line, *reason, "Flash file system not downgraded.")
    assert open(flash, "rb").read() == before, line
    check(flash)


def patch(path, off, data):
    with open(path, "r+b") as f:
        f.seek(off)
        f.write(data)


def test_refusals_leave_the_flash_bootable(boot, tmp_path):
    """A damaged image in flash and a torn configuration record refuse every downgrade, naming the part;
    wrong words, Ctrl-C at the question and an answer of no change nothing."""
    flash = make_unit(tmp_path, image=pixos_version(tmp_path, "6.3(4)"), config=NET_CONFIG)
    tool("pix-flash", "install", flash, PIXOS_BIN)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    # the running image's own copy (slot 1) damaged behind its back (QEMU maps the file shared): the
    # older one would boot
    damaged = 3 * CHIP + SLOT_CHIP_OFF[1] + 0x40
    good = open(flash, "rb").read()[damaged:damaged + 2]
    patch(flash, damaged, bytes(b ^ 0x5A for b in good))
    assert check(flash) == (0, "6.3(4)", "6.x")
    for line in ("flashfs downgrade 5.1", "clear flashfs", "flash downgrade 5.0"):
        refused(con, flash, line,
                "ERROR: the image in flash slot 1 is unusable: Checksum verification on flash image failed")
    patch(flash, damaged, good)
    assert check(flash) == (1, "6.3(5)", "6.x")
    # the configuration record torn (its hash)
    patch(flash, CONFIG_OFF + 0x50, b"\xff\xff\xff\xff")
    for line in ("flashfs downgrade 4.x", "flash downgrade 5.1"):
        refused(con, flash, line, "ERROR: the configuration in flash is unusable: configuration in flash is "
                "corrupt (write memory replaces it)")
    out = con.run("write memory")
    assert out.endswith("[OK]\r\n" + CONFIG), out
    # words the commands do not take, a question answered no, and Esc
    before = open(flash, "rb").read()
    con.cmd("flashfs downgrade 4.2", "ERROR: flashfs downgrade: '4.2' is not 4.x, 5.0 or 5.1")
    con.cmd("flash downgrade 4.x", "ERROR: flash downgrade: '4.x' is not 4.2, 5.0 or 5.1")
    con.cmd("flashfs downgrade 6.3", "ERROR: flashfs downgrade: '6.3' is not 4.x, 5.0 or 5.1")
    con.cmd("flashfs downgrade", "Usage: flashfs downgrade 4.x | 5.0 | 5.1")
    con.send("clear flashfs\r")
    con.expect_next("clear flashfs\r\nDowngrade the flash file system to the 4.x form? [confirm] ")
    con.send("no\r")
    con.expect_next("no\r\nDowngrade cancelled.\r\n" + CONFIG)
    con.send("flashfs downgrade 5.0\r")
    con.expect_next("flashfs downgrade 5.0\r\nDowngrade the flash file system to the 5.0 form? [confirm] ")
    con.send("\x03")  # Ctrl-C
    con.expect_exact("Downgrade cancelled.\r\n" + CONFIG)
    assert open(flash, "rb").read() == before
    # privileged mode shows the file system; the downgrades are configuration commands
    con.prompt = "pixfirewall# "
    con.cmd("exit")
    out = con.run("show flashfs")
    assert out.startswith("show flashfs\r\nflash file system: form:6.x sector size:256\r\n"), out
    con.cmd("clear flashfs", "ERROR: a configuration command (use configure terminal first)")
    con.prompt = USER
    con.cmd("disable")
    con.cmd("show flashfs", "ERROR: a privileged command (use enable first)")


def test_power_cut_during_clear_flashfs(boot, tmp_path):
    """QEMU killed (SIGKILL) at moments spread over `clear flashfs` moving the running image from slot 1 to
    slot 0 (datasheet timing: 10 ms per sector program cycle): after every cut pix-flash check passes with
    6.3(5), in the 6.x form or the 4.x one, and a power-on boots it."""
    master = make_unit(tmp_path, name="master", image=pixos_version(tmp_path, "6.3(4)"))
    tool("pix-flash", "install", master, PIXOS_BIN)

    def run_until_confirmed(flash):
        con, _ = boot_pixos(boot, flash, flashtiming="datasheet")
        to_config(con)
        con.send("clear flashfs\r")
        con.expect_exact("[confirm] ")
        con.send("\r")
        return con, time.monotonic()

    flash = str(tmp_path / "measure.bin")
    shutil.copy(master, flash)
    con, t0 = run_until_confirmed(flash)
    con.expect_exact("Flash file system downgraded to the 4.x form.\r\n", timeout=60)
    duration = time.monotonic() - t0
    con.close()
    forms = set()
    # spread over the command, and one well after its end (the 4.x form, whole)
    for i, delay in enumerate([0.0, 0.005] + [duration * k / 8 for k in range(1, 9)] + [duration * 2 + 0.5]):
        flash = str(tmp_path / ("cut%d.bin" % i))
        shutil.copy(master, flash)
        con, t0 = run_until_confirmed(flash)
        time.sleep(max(0.0, t0 + delay - time.monotonic()))  # the moment of the cut, not a wait for output
        rest = power_cut(con)
        slot, version, form = check(flash)
        assert version == "6.3(5)" and form in ("6.x", "4.x"), (slot, version, form)
        if "downgraded to the 4.x form" in rest:
            assert form == "4.x"
        forms.add(form)
        con, _ = boot_pixos(boot, flash)
        con.close()
    assert forms == {"6.x", "4.x"}, forms
