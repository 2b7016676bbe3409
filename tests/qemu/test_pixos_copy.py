"""copy tftp ... flash and configure net in the running image, against QEMU's TFTP server: the three
forms of the source (asked, colon, URL), the install that follows, and every refusal, each of which
leaves the flash as it was (pix-flash show before and after)."""
import os
import re
import shutil

from pixconsole import ESC, PIXOS_BIN, tool
from pixosutil import CONFIG, boot_pixos, current_version, flash_show, make_unit, pixos_version, read, refused, to_config

NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\n"
SLOT_SIZE = 16 * 184 * 1024  # flash/layout.h: a slot's share of each of the 16 chips


def serve(tmp_path, name, data):
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    (d / name).write_bytes(data)


def installed(name):
    return (r"!+\r\nReceived \d+ bytes\r\nWriting image to flash\.*\r\nImage installed\r\n" +
            re.escape(CONFIG))


def unit(boot, tmp_path, config=NET_CONFIG):
    flash = make_unit(tmp_path, config=config)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    return con, flash


def test_copy_asks_or_takes_the_settings(boot, tmp_path):
    serve(tmp_path, "pix636.bin", read(pixos_version(tmp_path, "6.3(6)")))
    serve(tmp_path, "pix637.bin", read(pixos_version(tmp_path, "6.3(7)")))
    con, flash = unit(boot, tmp_path, NET_CONFIG + "tftp-server inside 10.0.2.2 pix636.bin\n")
    # no colon: asked, the tftp-server settings offered; "again" asks anew, "no" installs nothing
    con.send("copy tftp flash\r")
    con.expect_next("copy tftp flash\r\nAddress or name of remote host [10.0.2.2]? ")
    con.send("\r")
    con.expect_next("\r\nSource file name [pix636.bin]? ")
    con.send("pix637.bin\r")
    con.expect_next("pix637.bin\r\ncopying tftp://10.0.2.2/pix637.bin to flash:image [yes|no|again]? ")
    con.send("again\r")
    con.expect_next("again\r\nAddress or name of remote host [10.0.2.2]? ")
    con.send("\r")
    con.expect_next("\r\nSource file name [pix636.bin]? ")
    con.send("\r")
    con.expect_next("\r\ncopying tftp://10.0.2.2/pix636.bin to flash:image [yes|no|again]? ")
    con.send("no\r")
    con.expect_next("no\r\nImage not installed\r\n" + CONFIG)
    assert current_version(flash) == "6.3(5)"
    con.send("copy tftp flash\r")
    con.expect_exact("Address or name of remote host [10.0.2.2]? ")
    con.send("\r")
    con.expect_exact("Source file name [pix636.bin]? ")
    con.send("\r")
    con.expect_exact("[yes|no|again]? ")
    con.send("y\r")
    out = con.until_prompt(timeout=60)
    assert re.fullmatch("y\r\n" + installed("pix636.bin"), out), out
    assert current_version(flash) == "6.3(6)"
    # a colon: the settings, nothing asked
    out = con.run("copy tftp: flash:", timeout=60)
    assert re.fullmatch(re.escape("copy tftp: flash:\r\ncopying tftp://10.0.2.2/pix636.bin to flash:image\r\n")
                        + installed("pix636.bin"), out), out
    # a path only: the server from the settings
    out = con.run("copy tftp:/pix637.bin flash:image", timeout=60)
    assert "copying tftp://10.0.2.2/pix637.bin to flash:image\r\n" in out and "Image installed" in out
    assert current_version(flash) == "6.3(7)"
    # a name from the name table, abbreviated keyword
    con.cmd("name 10.0.2.2 boss")
    out = con.run("copy tftp://boss/pix636.bin flash:i", timeout=60)
    assert "copying tftp://boss/pix636.bin to flash:image\r\n" in out and "Image installed" in out
    assert current_version(flash) == "6.3(6)"


def test_copy_refuses_what_it_must_not_install(boot, tmp_path):
    image = read(PIXOS_BIN)
    serve(tmp_path, "notes.txt", b"not an image\n" * 100)
    serve(tmp_path, "cut.bin", image[:len(image) // 2])
    serve(tmp_path, "pdm.bin", read(pixos_version(tmp_path, "3.0(4)", kind="pdm")))
    serve(tmp_path, "pix431.bin", read(pixos_version(tmp_path, "4.3(1)")))
    big_payload = tmp_path / "big.payload"
    big_payload.write_bytes(os.urandom(SLOT_SIZE))
    tool("pix-mkimage", "-o", tmp_path / "big.bin", "--version", "6.3(6)", "--load", "0x400000",
         "--entry", "0x400000", big_payload)
    serve(tmp_path, "big.bin", read(str(tmp_path / "big.bin")))
    bad_sum = bytearray(image)
    bad_sum[-1] ^= 1
    serve(tmp_path, "badsum.bin", bytes(bad_sum))
    con, flash = unit(boot, tmp_path)
    refused(con, flash, "copy tftp://10.0.2.2/notes.txt flash",
            "ERROR: notes.txt is not a PIX image (no PIXIMAGE header)")
    refused(con, flash, "copy tftp://10.0.2.2/cut.bin flash", "ERROR: cut.bin is truncated (%d bytes arrived)"
            % (len(image) // 2))
    refused(con, flash, "copy tftp://10.0.2.2/badsum.bin flash", "Checksum verification on flash image failed")
    refused(con, flash, "copy tftp://10.0.2.2/pdm.bin flash",
            "ERROR: pdm.bin is a PDM archive, not a PIX OS image (copy it to flash:pdm)")
    refused(con, flash, "copy tftp://10.0.2.2/pix431.bin flash:image",
            "ERROR: pix431.bin is version 4.3(1); an image older than 4.4 would corrupt the flash")
    request = 512 + SLOT_SIZE
    current = len(image)
    refused(con, flash, "copy tftp://10.0.2.2/big.bin flash",
            "! Insufficient flash space available for this request:",
            "Size info:request:%d current:%d delta:%d free:%d" % (request, current, request - current, SLOT_SIZE))
    refused(con, flash, "copy tftp://10.0.2.2/missing.bin flash",
            "ERROR: tftp://10.0.2.2/missing.bin: file not found (File not found)")
    refused(con, flash, "copy tftp://10.0.2.2/notes.txt flash:pdm",
            "ERROR: notes.txt is not a PIX image (no PIXIMAGE header)", what="PDM")
    refused(con, flash, "copy tftp://10.0.2.2/pix431.bin flash:pdm",
            "ERROR: pix431.bin is a PIX OS image, not a PDM archive (copy it to flash:image)", what="PDM")
    before = flash_show(flash)
    usage = ("Usage: copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]",
             "       copy http[s]://[user:password@]location[:port]/pathname flash[:[image | pdm]]")
    con.cmd("copy ftp://10.0.2.2/x flash", *usage)
    con.cmd("copy tftp://10.0.2.2/x disk:", *usage)
    con.cmd("copy tftp:x flash", *usage)
    con.cmd("copy tftp://bad*host/x flash", *usage)
    con.cmd("copy tftp://nosuchname/x flash", "ERROR: 'nosuchname' is not a host address or name (no name server "
            "to ask: dns name-server if_name ip_address)", "Image not installed")
    con.cmd("copy tftp: flash", "ERROR: no TFTP server or file given, and none set (tftp-server [if_name] "
            "ip_address path)", "Image not installed")
    assert flash_show(flash) == before


def test_esc_aborts_a_copy(boot, tmp_path):
    serve(tmp_path, "huge.bin", os.urandom(32 << 20))
    con, flash = unit(boot, tmp_path)
    before = flash_show(flash)
    con.send("copy tftp://10.0.2.2/huge.bin flash\r")
    con.expect_exact("copying tftp://10.0.2.2/huge.bin to flash:image\r\n!")
    con.send(ESC)
    out = con.until_prompt(timeout=20)
    assert out.endswith("\r\nERROR: tftp://10.0.2.2/huge.bin: transfer aborted\r\nImage not installed\r\n"
                        + CONFIG), out
    assert flash_show(flash) == before


def test_copy_from_a_server_that_does_not_answer(boot, tmp_path):
    """Nothing answers at 10.0.2.99 (not even ARP): the TFTP client's retries run out (about 76 s)."""
    con, flash = unit(boot, tmp_path)
    refused(con, flash, "copy tftp://10.0.2.99/pix.bin flash",
            "ERROR: tftp://10.0.2.99/pix.bin: no answer from the server", timeout=120)
    con.cmd("copy tftp://192.168.99.1/pix.bin flash", "copying tftp://192.168.99.1/pix.bin to flash:image",
            "ERROR: copy: no route to the host (ip address, route)", "Image not installed")


NET_CFG = (b": fetched\r\n"
           b"hostname fetched\r\n"
           b"bogus command\r\n"
           b"name 10.0.2.2 server\r\n"
           b"ip address inside 10.0.2.300\r\n"
           b"route inside 0 0 server 3\r\n")


def test_configure_net_merges_and_reports(boot, tmp_path):
    serve(tmp_path, "net.cfg", NET_CFG)
    serve(tmp_path, "bin.cfg", b"hostname x\0y\n")
    con, flash = unit(boot, tmp_path, NET_CONFIG + "tftp-server inside 10.0.2.2 net.cfg\n")
    con.prompt = "fetched(config)# "
    out = con.run("configure net 10.0.2.2:net.cfg", timeout=30)
    assert re.fullmatch(r"configure net 10\.0\.2\.2:net\.cfg\r\n!*\r\nReceived %d bytes\r\n" % len(NET_CFG) +
                        r"net line 3: bogus command\r\n"
                        r"ERROR: 'bogus' is not a command this image knows\r\n"
                        r"net line 5: ip address inside 10\.0\.2\.300\r\n"
                        r"ERROR: ip address: '10\.0\.2\.300' is not a unicast host address\r\n"
                        r"2 lines of tftp://10\.0\.2\.2/net\.cfg not applied\r\n"
                        + re.escape(con.prompt), out), out
    lines = con.run("show running-config").split("\r\n")
    assert "route inside 0.0.0.0 0.0.0.0 10.0.2.2 3" in lines and "name 10.0.2.2 server" in lines
    out = con.run("configure net :bin.cfg", timeout=30)
    assert "net line 1: not text; ignored\r\n1 line of tftp://10.0.2.2/bin.cfg not applied\r\n" in out, out
    out = con.run("configure net", timeout=30)  # the tftp-server settings
    assert "Received %d bytes\r\n" % len(NET_CFG) in out, out
    con.cmd("configure net 10.0.2.2", "Usage: configure net [[location]:[pathname]]")
    assert "hostname fetched" not in tool("pix-flash", "config", flash).stdout  # merged, not stored
    shutil.rmtree(tmp_path / "tftpboot")


def test_copy_warns_when_the_flash_key_would_not_boot_it(boot, tmp_path):
    """The chapter's "Problems may occur" case: the image is installed, but the flash's activation key is
    not valid for the unit (here both key records are overwritten behind the running image's back, as a
    failing flash would), so the next flash boot would refuse it: copy says so before installing."""
    serve(tmp_path, "pix636.bin", read(pixos_version(tmp_path, "6.3(6)")))
    con, flash = unit(boot, tmp_path)
    with open(flash, "r+b") as f:  # QEMU maps this file: the flash's key records, A and B
        f.seek(0x4000)
        f.write(b"\0" * 512)
    out = con.run("copy tftp://10.0.2.2/pix636.bin flash", timeout=60)
    assert ("\r\nWarning: the activation key in flash is not valid for this unit; the new image will not boot "
            "from flash until one is entered (activation-key, or the monitor's install).\r\nWriting image to "
            "flash") in out, out
    assert out.endswith("Image installed\r\n" + CONFIG), out
    r = tool("pix-flash", "check", flash, ok=False)
    assert r.returncode != 0 and "activation key" in (r.stdout + r.stderr), r.stdout + r.stderr


PDM_AREA = 15 * 128 * 1024  # flash/layout.h: chips 1..15 give the PDM area 128 KiB each


def test_copy_to_flash_pdm(boot, tmp_path):
    """flash:pdm writes the PDM area (one copy; flash/layout_pdm.c): show version then names the PDM
    version, pix-flash shows the archive, the OS image is untouched; a PDM larger than the area and an
    OS image are refused."""
    serve(tmp_path, "pdm304.bin", read(pixos_version(tmp_path, "3.0(4)", kind="pdm")))
    big_payload = tmp_path / "bigpdm.payload"
    big_payload.write_bytes(os.urandom(PDM_AREA))
    tool("pix-mkimage", "-o", tmp_path / "bigpdm.bin", "--version", "3.0(5)", "--kind", "pdm", big_payload)
    serve(tmp_path, "bigpdm.bin", read(str(tmp_path / "bigpdm.bin")))
    con, flash = unit(boot, tmp_path)
    image_before = re.search(r"^Slot 0:.*?(?=^Slot 1:)", flash_show(flash), re.M | re.S).group(0)
    out = con.run("copy tftp://10.0.2.2/pdm304.bin flash:pdm", timeout=60)
    assert re.fullmatch(re.escape("copy tftp://10.0.2.2/pdm304.bin flash:pdm\r\ncopying tftp://10.0.2.2/"
                                  "pdm304.bin to flash:pdm\r\n") +
                        r"!+\r\nReceived \d+ bytes\r\nWriting PDM archive to flash\.*\r\nPDM installed\r\n" +
                        re.escape(CONFIG), out), out
    shown = flash_show(flash)
    assert re.search(r"^Slot 0:.*?(?=^Slot 1:)", shown, re.M | re.S).group(0) == image_before
    assert re.search(r"^PDM[^\n]*3\.0\(4\)", shown, re.M), shown
    lines = con.run("show version").split("\r\n")
    assert lines[2:4] == ["Cisco PIX Firewall Version 6.3(5)", "Cisco PIX Device Manager Version 3.0(4)"]
    size = os.path.getsize(str(tmp_path / "tftpboot" / "pdm304.bin"))
    assert "\r\nfile 5: origin:   524288 length: %8d  PDM archive 3.0(4)\r\n" % size in con.run("show flashfs")
    request = 512 + PDM_AREA
    current = os.path.getsize(str(tmp_path / "tftpboot" / "pdm304.bin"))
    refused(con, flash, "copy tftp://10.0.2.2/bigpdm.bin flash:pdm",
            "! Insufficient flash space available for this request:",
            "Size info:request:%d current:%d delta:%d free:%d" % (request, current, request - current, PDM_AREA),
            what="PDM")
