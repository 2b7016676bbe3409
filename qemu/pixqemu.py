#!/usr/bin/python3
"""Start the PIX firmware ROM under QEMU as a PIX-525: the one launcher `make run` and the tests share.

As a command:
    /usr/bin/python3 qemu/pixqemu.py [options] [-- extra QEMU arguments]
execs qemu-system-i386 (or prints its command line with --print).

As a module (the QEMU tests put qemu/ on sys.path):
    import pixqemu
    argv = pixqemu.qemu_argv(rom="build/pix.rom", nic="e1000", bootdelay=2)

The machine: QEMU's `pc` under TCG with the ROM as its BIOS, no display and no default devices, the serial
console (COM1) on stdio or on a telnet server, two NICs in PCI slots 13 and 14 as on a PIX-525
(interface 1 reaches QEMU's built-in TFTP server), and the emulated flash as an ivshmem device whose
memory is a host file, so what is written survives reboots.

A unit of a failover pair (qemu/pixpair.py starts two) also has:
  - a third NIC, interface 2 in PCI slot 15 (nics=3): the LAN failover link, a `-netdev dgram` whose
    local end is 127.0.0.1:LPORT and remote end 127.0.0.1:RPORT (failover="LPORT:RPORT"; the mate has
    "RPORT:LPORT"), so each unit's frames are the other's, one UDP datagram per frame;
  - interface 0 on a shared Ethernet segment (lan="mcast:GROUP:PORT"): a `-netdev dgram` whose remote
    is the IPv4 multicast group GROUP:PORT, sent and joined on 127.0.0.1 (nothing leaves the host);
    every QEMU and test peer joined to the group sees every frame, its own included;
  - its own MAC addresses (unit=1: 00:90:27:22:f1:b0..b2; unit 0 keeps 00:90:27:22:f0:b0..b2);
  - QEMU's monitor on a unix socket or telnet port (monitor=, the human one) and QMP on a unix socket
    (qmp=), to cut a cable (`set_link n2 off`) or press the reset button (`system_reset`).
The netdev ids are n0, n1, n2: interface N is netdev nN.

The UEFI application (efi=build/pix.efi, --efi) runs on the same machine under OVMF instead: QEMU's
x86-64 emulator with OVMF as the BIOS, the application as EFI/BOOT/BOOTX64.EFI on a read-only FAT drive
(virtio, first in the boot order), and each NIC with its UEFI driver (iPXE's EFI ROMs from Debian's
ipxe-qemu), which the application reaches through the Simple Network Protocol.
"""

import argparse
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QEMU = "qemu-system-i386"

DEFAULT_ROM = os.path.join("build", "pix.rom")
DEFAULT_NIC = "i82558b"
DEFAULT_TFTP = "tftpboot"
DEFAULT_FLASH = os.path.join("build", "flash.bin")
DEFAULT_MEMORY_MB = 64
FLASH_SIZE = "8M"  # 16 AT29C040A chips; the backing file must be a power of two in size

# The NIC models QEMU offers for this machine that the firmware drives (any QEMU model is passed through).
NIC_MODELS = ("i82557b", "i82558b", "i82559er", "e1000", "e1000-82544gc", "e1000-82545em")

# PCI slots of the interfaces of a PIX-525 (slot 13 = interface 0, 14 = 1) and of the third NIC a
# failover unit has (slot 15 = interface 2, the LAN failover link).
NIC_SLOTS = (0x0D, 0x0E, 0x0F)
MAX_NICS = len(NIC_SLOTS)
# MAC addresses per unit: unit 0 is every single-unit run; unit 1 is the mate of a failover pair.
UNIT_MACS = (("00:90:27:22:f0:b0", "00:90:27:22:f0:b1", "00:90:27:22:f0:b2"),
             ("00:90:27:22:f1:b0", "00:90:27:22:f1:b1", "00:90:27:22:f1:b2"))
NIC_MACS = UNIT_MACS[0]
# Interface N is netdev "nN" (QMP/HMP set_link takes these names).
NETDEV_IDS = tuple("n%d" % i for i in range(MAX_NICS))
LAN_IFACE, TFTP_IFACE, FAILOVER_IFACE = 0, 1, 2
# The UEFI application's machine: OVMF as the BIOS, at least EFI_MIN_MEMORY_MB of RAM, and each NIC's
# UEFI driver from iPXE's EFI option ROMs (QEMU's e1000 loads efi-e1000.rom by default).
QEMU_EFI = "qemu-system-x86_64"
OVMF = "/usr/share/ovmf/OVMF.fd"
EFI_MIN_MEMORY_MB = 256
DEFAULT_EFI = os.path.join("build", "pix.efi")
EFI_NIC_ROMS = {m: "/usr/lib/ipxe/qemu/efi-eepro100.rom" for m in ("i82557b", "i82558b", "i82559er")}
ESP_ID = "esp"

# QEMU's block device of diskette drive A (floppy=): QMP `eject` and `blockdev-change-medium` name it.
FLOPPY_ID = "fda"


def parse_serial(spec):
    """Check a --serial value ('stdio' or 'telnet:PORT') and return it normalised."""
    if spec == "stdio":
        return spec
    if spec.startswith("telnet:"):
        port = spec[len("telnet:"):]
        if port.isdigit() and 0 < int(port) < 65536:
            return "telnet:%d" % int(port)
    raise ValueError("--serial must be 'stdio' or 'telnet:PORT', not %r" % spec)


def parse_port(text, what):
    """A UDP or TCP port number 1..65535 from text, or ValueError naming what."""
    if text.isdigit() and 0 < int(text) < 65536:
        return int(text)
    raise ValueError("%s: %r is not a port number (1-65535)" % (what, text))


def parse_failover(spec):
    """Check a failover value 'LPORT:RPORT' and return (lport, rport): this unit's end of the failover
    link is 127.0.0.1:LPORT, the mate's 127.0.0.1:RPORT."""
    local, sep, remote = str(spec).partition(":")
    if not sep:
        raise ValueError("failover must be LPORT:RPORT, not %r" % (spec,))
    lport, rport = parse_port(local, "failover"), parse_port(remote, "failover")
    if lport == rport:
        raise ValueError("failover: the two ends need two ports, not %d twice" % lport)
    return lport, rport


def parse_lan(spec):
    """Check a lan value 'mcast:GROUP:PORT' and return (group, port): GROUP an IPv4 multicast address
    (224.0.0.0/4; 239.x.y.z, administratively scoped, is the usual choice)."""
    kind, _, rest = str(spec).partition(":")
    group, _, port = rest.rpartition(":")
    if kind != "mcast" or not group:
        raise ValueError("lan must be mcast:GROUP:PORT, not %r" % (spec,))
    octets = group.split(".")
    if (len(octets) != 4 or not all(o.isdigit() and int(o) < 256 for o in octets)
            or not 224 <= int(octets[0]) <= 239):
        raise ValueError("lan: %r is not an IPv4 multicast group (224.0.0.0-239.255.255.255)" % group)
    return ".".join(str(int(o)) for o in octets), parse_port(port, "lan")


def parse_monitor(spec):
    """Check a monitor value ('unix:PATH' or 'telnet:PORT') and return QEMU's -monitor value for it
    (a server that does not wait for a client)."""
    kind, _, rest = str(spec).partition(":")
    if kind == "unix" and rest:
        return "unix:%s,server=on,wait=off" % rest
    if kind == "telnet":
        return "telnet:127.0.0.1:%d,server=on,wait=off" % parse_port(rest, "monitor")
    raise ValueError("monitor must be unix:PATH or telnet:PORT, not %r" % (spec,))


def failover_netdev(ident, failover):
    """The -netdev value of the failover link: frames as UDP datagrams between 127.0.0.1 ports."""
    lport, rport = parse_failover(failover)
    return ("dgram,id=%s,local.type=inet,local.host=127.0.0.1,local.port=%d,"
            "remote.type=inet,remote.host=127.0.0.1,remote.port=%d" % (ident, lport, rport))


def lan_netdev(ident, lan):
    """The -netdev value of the shared segment: a dgram netdev whose remote is the multicast group.
    QEMU joins the group on local.host and sends from it (IP_MULTICAST_IF) with the multicast loop on,
    so every member on this host, the sender included, gets each frame; with 127.0.0.1 and the default
    multicast TTL of 1 nothing reaches another host. QEMU 7.2 wants a local.port; it binds the group's
    port, so that is the one given."""
    group, port = parse_lan(lan)
    return ("dgram,id=%s,remote.type=inet,remote.host=%s,remote.port=%d,"
            "local.type=inet,local.host=127.0.0.1,local.port=%d" % (ident, group, port, port))


def netdev_spec(net, ident, tftp):
    """The -netdev value of the TFTP interface for net: 'user' (QEMU's user network with its TFTP
    server on tftp), 'dgram:LOCALPORT:REMOTEPORT' (raw Ethernet frames as UDP datagrams between
    127.0.0.1:LOCALPORT, QEMU's end, and 127.0.0.1:REMOTEPORT, a test's peer), or 'tap:IFNAME'
    (an existing tap device, e.g. one in a test's network namespace)."""
    kind, _, rest = net.partition(":")
    if kind == "user" and not rest:
        return "user,id=%s,tftp=%s" % (ident, tftp)
    if kind == "dgram":
        local, _, remote = rest.partition(":")
        return ("dgram,id=%s,local.type=inet,local.host=127.0.0.1,local.port=%d,"
                "remote.type=inet,remote.host=127.0.0.1,remote.port=%d" % (ident, int(local), int(remote)))
    if kind == "tap" and rest:
        return "tap,id=%s,ifname=%s,script=no,downscript=no" % (ident, rest)
    raise ValueError("net must be user, dgram:LOCALPORT:REMOTEPORT or tap:IFNAME, not %r" % (net,))


def efi_esp(efi):
    """The FAT folder QEMU shows OVMF for the application at efi: <efi>.esp/EFI/BOOT/BOOTX64.EFI, the
    removable-media path OVMF boots. The copy is refreshed (through a rename, so a QEMU reading the old
    one is not disturbed) when it differs from efi."""
    esp = efi + ".esp"
    dst = os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI")
    try:
        with open(efi, "rb") as f:
            want = f.read()
    except OSError as e:
        raise ValueError("no UEFI application at %s (run make first): %s" % (efi, e.strerror))
    try:
        with open(dst, "rb") as f:
            if f.read() == want:
                return esp
    except OSError:
        pass
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = "%s.%d" % (dst, os.getpid())
    with open(tmp, "wb") as f:
        f.write(want)
    os.replace(tmp, dst)
    return esp


def qemu_argv(rom=DEFAULT_ROM, nic=DEFAULT_NIC, tftp=DEFAULT_TFTP, flash=DEFAULT_FLASH, serial="stdio",
              bootdelay=None, memory=DEFAULT_MEMORY_MB, nics=None, extra=(), qemu=QEMU, make_dirs=True,
              net="user", flashtiming=None, unit=0, failover=None, lan=None, monitor=None, qmp=None,
              floppy=None, efi=None):
    """The argv list that starts the ROM under QEMU.

    rom: the BIOS image. nic: QEMU device model of the NICs. tftp: directory QEMU's TFTP server serves
    on interface 1 (created when missing, as is the flash file's directory, unless make_dirs is false).
    flash: backing file of the emulated flash, or None for no flash device. serial: 'stdio' or
    'telnet:PORT' (QEMU then waits for a client before starting the guest). bootdelay: seconds of the
    flash-boot countdown, handed to the ROM through fw_cfg opt/pix/bootdelay (None: the ROM's default).
    memory: RAM in MiB. nics: how many NICs, 0 to 3 (None: 3 with failover, else 2; with one, that NIC
    is interface 0 in slot 13 and reaches the TFTP server; the third is interface 2 in slot 15). extra:
    more QEMU arguments, appended. net: what the TFTP interface is attached to (see netdev_spec).
    flashtiming: None (the emulated flash programs fast) or "datasheet" (the AT29C040A's 10 ms sector
    program cycles), handed to the ROM through fw_cfg opt/pix/flashtiming.

    For a unit of a failover pair: unit: 0 or 1, which MAC addresses the NICs get (UNIT_MACS; the two
    units of a pair must differ). failover: "LPORT:RPORT", interface 2 on a dgram netdev from
    127.0.0.1:LPORT to 127.0.0.1:RPORT (the mate's failover is "RPORT:LPORT"); None: interface 2, if
    any, is on a closed user network. lan: "mcast:GROUP:PORT", interface 0 on the Ethernet segment of
    that multicast group (see lan_netdev); None: a closed user network. monitor: None (no monitor),
    "unix:PATH" or "telnet:PORT", QEMU's human monitor there. qmp: None, or the path of a unix socket
    for QMP. Both monitors serve without waiting for a client; interface N is netdev nN.

    rom=None: no -bios, QEMU's own BIOS (SeaBIOS) starts the machine, and boots drive A first (a
    Boothelper diskette). floppy: None (no diskette drive at all), "empty" (drive A with no diskette
    in it) or the path of a 1.44 MB diskette image in drive A (raw, written through, as a real
    diskette is); drive A is QEMU's block device FLOPPY_ID, for QMP's eject/blockdev-change-medium.

    efi: the path of the UEFI application (build/pix.efi) to run instead of the ROM (rom is then
    ignored): QEMU_EFI with OVMF, the application on a read-only FAT drive (efi_esp; made when
    make_dirs), memory raised to EFI_MIN_MEMORY_MB when less, and the i8255x models with iPXE's EFI ROM.
    """
    serial = parse_serial(serial)
    if nics is None:
        nics = 3 if failover is not None else 2
    if nics not in range(MAX_NICS + 1):
        raise ValueError("nics must be 0, 1, 2 or 3, not %r" % (nics,))
    if flashtiming not in (None, "datasheet"):
        raise ValueError("flashtiming must be None or 'datasheet', not %r" % (flashtiming,))
    if floppy is not None and floppy != "empty" and not floppy:
        raise ValueError("floppy must be None, 'empty' or a diskette image's path")
    if unit not in (0, 1):
        raise ValueError("unit must be 0 or 1, not %r" % (unit,))
    if failover is not None and nics < 3:
        raise ValueError("failover needs the third NIC (nics=3), not nics=%d" % nics)
    if lan is not None and nics < 2:
        raise ValueError("lan needs interface 0 apart from the TFTP interface (nics=2 or 3)")
    monitor_arg = "none" if monitor is None else parse_monitor(monitor)
    if make_dirs:
        os.makedirs(tftp, exist_ok=True)
    if efi is not None:
        if qemu == QEMU:
            qemu = QEMU_EFI
        memory = max(int(memory), EFI_MIN_MEMORY_MB)
    argv = [
        qemu,
        "-M", "pc",
        "-accel", "tcg",
        # qemu32 (QEMU's i386 default) with RDRAND: the running image's TLS takes its entropy there
        "-cpu", "qemu64,+rdrand" if efi is not None else "qemu32,+rdrand",
        "-m", str(int(memory)),
        "-display", "none",
        "-vga", "none",
        "-nodefaults",
        "-no-user-config",
        "-monitor", monitor_arg,
    ]
    if efi is not None:
        esp = efi_esp(efi) if make_dirs else efi + ".esp"
        argv += ["-bios", OVMF,
                 "-drive", "if=none,id=%s,format=raw,file=fat:%s,readonly=on" % (ESP_ID, esp),
                 "-device", "virtio-blk-pci,drive=%s,bootindex=0" % ESP_ID]
    elif rom is not None:
        argv += ["-bios", rom]
    else:
        argv += ["-boot", "order=a"]
    if floppy == "empty":
        argv += ["-drive", "if=none,id=%s" % FLOPPY_ID]
    elif floppy is not None:
        argv += ["-drive", "if=none,id=%s,format=raw,file=%s" % (FLOPPY_ID, floppy)]
    if floppy is not None:
        argv += ["-device", "floppy,unit=0,drive=%s" % FLOPPY_ID]
    if qmp is not None:
        argv += ["-qmp", "unix:%s,server=on,wait=off" % qmp]
    if serial == "stdio":
        # signal=off: Ctrl-C goes to the guest as a byte instead of ending QEMU.
        argv += ["-chardev", "stdio,id=s0,mux=on,signal=off", "-serial", "chardev:s0"]
    else:
        port = int(serial.split(":")[1])
        argv += ["-serial", "telnet:127.0.0.1:%d,server=on,wait=on" % port]
    # Interface 0 (slot 13): a closed user network, or the shared segment (lan). Interface 1 (slot 14):
    # user network with TFTP (a single NIC is that one). Interface 2 (slot 15): the failover link, or a
    # closed user network.
    tftp_iface = min(TFTP_IFACE, nics - 1)
    for i in range(nics):
        ident = NETDEV_IDS[i]
        if i == tftp_iface:
            argv += ["-netdev", netdev_spec(net, ident, tftp)]
        elif i == LAN_IFACE and lan is not None:
            argv += ["-netdev", lan_netdev(ident, lan)]
        elif i == FAILOVER_IFACE and failover is not None:
            argv += ["-netdev", failover_netdev(ident, failover)]
        else:
            argv += ["-netdev", "user,id=%s,restrict=on" % ident]
        dev = "%s,netdev=%s,addr=0x%02x,mac=%s" % (nic, ident, NIC_SLOTS[i], UNIT_MACS[unit][i])
        if efi is not None and nic in EFI_NIC_ROMS:
            dev += ",romfile=%s" % EFI_NIC_ROMS[nic]
        argv += ["-device", dev]
    if flash is not None:
        d = os.path.dirname(flash)
        if make_dirs and d:
            os.makedirs(d, exist_ok=True)
        argv += ["-object", "memory-backend-file,id=flash,size=%s,mem-path=%s,share=on" % (FLASH_SIZE, flash),
                 "-device", "ivshmem-plain,memdev=flash"]
    if bootdelay is not None:
        argv += ["-fw_cfg", "name=opt/pix/bootdelay,string=%d" % int(bootdelay)]
    if flashtiming is not None:
        argv += ["-fw_cfg", "name=opt/pix/flashtiming,string=%s" % flashtiming]
    argv += list(extra)
    return argv


def build_parser():
    p = argparse.ArgumentParser(
        prog="pixqemu.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the PIX firmware ROM as the BIOS of a QEMU PC (TCG) shaped like a PIX-525: "
                    "serial console, two NICs in PCI slots 13 and 14 (interface 1 reaches QEMU's TFTP "
                    "server), and the emulated AT29C040A flash bank backed by a host file.",
        epilog="Anything after `--` is appended to QEMU's command line.\n\n"
               "examples:\n"
               "  pixqemu.py                          # build/pix.rom, i82558b NICs, console here\n"
               "  pixqemu.py --nic e1000 --bootdelay 2\n"
               "  pixqemu.py --efi                    # build/pix.efi under OVMF instead of the ROM\n"
               "  pixqemu.py --serial telnet:4555     # then: telnet 127.0.0.1 4555\n"
               "  pixqemu.py --no-flash --print       # show the QEMU command line only\n"
               "  pixqemu.py --unit 1 --failover 5022:5021 --lan mcast:239.255.80.1:5030 \\\n"
               "             --monitor telnet:5012     # a failover unit (qemu/pixpair.py starts two)\n"
               "  pixqemu.py -- -d guest_errors       # extra QEMU arguments\n\n"
               "QEMU's console keys (stdio): Ctrl-A X quits, Ctrl-A B sends a BREAK, Ctrl-A H lists them; "
               "Ctrl-C goes to the guest.")
    p.add_argument("--rom", default=DEFAULT_ROM, metavar="PATH",
                   help="ROM image used as the BIOS (default: %(default)s)")
    p.add_argument("--efi", nargs="?", const=DEFAULT_EFI, metavar="PATH",
                   help="run the UEFI application (default %s) under OVMF instead of the ROM" % DEFAULT_EFI)
    p.add_argument("--seabios", action="store_true",
                   help="no PIX ROM: QEMU's own PC BIOS (SeaBIOS) starts the machine and boots drive A "
                        "(a Boothelper diskette, --floppy)")
    p.add_argument("--floppy", metavar="FILE|empty",
                   help="diskette drive A holding the 1.44 MB diskette image FILE (written through), or "
                        "'empty': a drive with no diskette (default: no diskette drive); QMP/HMP "
                        "`eject %s` pulls the diskette out" % FLOPPY_ID)
    p.add_argument("--nic", default=DEFAULT_NIC, metavar="MODEL",
                   help="QEMU model of both NICs: " + ", ".join(NIC_MODELS) +
                        " (default: %(default)s); any other QEMU NIC model is passed as is")
    p.add_argument("--tftp", default=DEFAULT_TFTP, metavar="DIR",
                   help="directory QEMU's built-in TFTP server serves on interface 1 "
                        "(created if missing; default: %(default)s)")
    p.add_argument("--flash", default=DEFAULT_FLASH, metavar="FILE",
                   help="backing file of the emulated flash, %s, shared so writes persist; QEMU creates a "
                        "missing one, zero-filled (default: %%(default)s)" % FLASH_SIZE)
    p.add_argument("--no-flash", action="store_true",
                   help="no flash device (the ROM then prints Flash=none)")
    p.add_argument("--serial", default="stdio", metavar="stdio|telnet:PORT",
                   help="where the serial console goes: this terminal (default), or a telnet server on "
                        "127.0.0.1:PORT that QEMU waits on before starting (a telnet BREAK reaches the ROM)")
    p.add_argument("--net", default="user", metavar="user|dgram:LPORT:RPORT|tap:IFNAME",
                   help="what interface 1 is attached to: QEMU's user network with its TFTP server "
                        "(default), raw frames as UDP datagrams to a peer on 127.0.0.1:RPORT, or a tap device")
    p.add_argument("--bootdelay", type=int, metavar="N",
                   help="seconds of the flash-boot countdown, passed as fw_cfg opt/pix/bootdelay "
                        "(default: none passed, the ROM counts 10)")
    p.add_argument("--flash-timing", choices=("datasheet",), dest="flash_timing",
                   help="'datasheet': the emulated flash programs with the AT29C040A's real 10 ms sector "
                        "cycles, passed as fw_cfg opt/pix/flashtiming (default: none passed, fast cycles)")
    p.add_argument("--nics", type=int, choices=(0, 1, 2, 3), metavar="N",
                   help="number of NICs, 0 to 3 (default: 2, as on a PIX-525, or 3 with --failover); a single "
                        "NIC is interface 0 in slot 13 and reaches the TFTP server; the third is interface 2 "
                        "in slot 15")
    p.add_argument("--unit", type=int, default=0, choices=(0, 1), metavar="0|1",
                   help="which unit of a failover pair, for its MAC addresses: 0 (default) 00:90:27:22:f0:b0.., "
                        "1 00:90:27:22:f1:b0..")
    p.add_argument("--failover", metavar="LPORT:RPORT",
                   help="the LAN failover link on interface 2 (implies --nics 3): frames as UDP datagrams "
                        "between 127.0.0.1:LPORT (this unit) and 127.0.0.1:RPORT (the mate, started with "
                        "--failover RPORT:LPORT); netdev n2")
    p.add_argument("--lan", metavar="mcast:GROUP:PORT",
                   help="interface 0 on a shared Ethernet segment: the IPv4 multicast group GROUP:PORT "
                        "(e.g. mcast:239.255.80.1:5030), joined on 127.0.0.1, that the mate and test peers "
                        "join too (default: a closed user network); netdev n0")
    p.add_argument("--monitor", metavar="unix:PATH|telnet:PORT",
                   help="QEMU's monitor on a unix socket or on a telnet server at 127.0.0.1:PORT "
                        "(e.g. `set_link n2 off` cuts the failover cable, `system_reset` is the reset "
                        "button; default: no monitor)")
    p.add_argument("--qmp", metavar="PATH",
                   help="QMP (QEMU's machine protocol) on a unix socket at PATH (default: none)")
    p.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help="RAM in MiB (default: %(default)s)")
    p.add_argument("--print", action="store_true", dest="print_only",
                   help="print the QEMU command line instead of running it")
    return p


def main(args=None):
    if args is None:
        args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1:]
    parser = build_parser()
    opts = parser.parse_args(args)
    try:
        serial = parse_serial(opts.serial)
    except ValueError as e:
        parser.error(str(e))
    if opts.bootdelay is not None and opts.bootdelay < 0:
        parser.error("--bootdelay must be 0 or more")
    if opts.memory <= 0:
        parser.error("--memory must be positive")
    try:
        netdev_spec(opts.net, "n", opts.tftp)
        argv = qemu_argv(rom=None if opts.seabios else opts.rom, nic=opts.nic, tftp=opts.tftp,
                         flash=None if opts.no_flash else opts.flash, serial=serial,
                         bootdelay=opts.bootdelay, memory=opts.memory, nics=opts.nics, extra=extra,
                         make_dirs=not opts.print_only, net=opts.net, flashtiming=opts.flash_timing,
                         unit=opts.unit, failover=opts.failover, lan=opts.lan, monitor=opts.monitor,
                         qmp=opts.qmp, floppy=opts.floppy, efi=opts.efi)
    except ValueError as e:
        parser.error(str(e))
    if opts.print_only:
        import shlex
        print(" ".join(shlex.quote(a) for a in argv))
        return 0
    need = opts.efi if opts.efi is not None else opts.rom
    if not os.path.exists(need):
        print("pixqemu.py: no %s at %s (run make first)" % ("application" if opts.efi else "ROM", need),
              file=sys.stderr)
        return 1
    sys.stdout.flush()
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        print("pixqemu.py: cannot run %s: %s" % (argv[0], e), file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
