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

# PCI slots and MAC addresses of the two interfaces of a PIX-525 (slot 13 = interface 0, 14 = 1).
NIC_SLOTS = (0x0D, 0x0E)
NIC_MACS = ("00:90:27:22:f0:b0", "00:90:27:22:f0:b1")


def parse_serial(spec):
    """Check a --serial value ('stdio' or 'telnet:PORT') and return it normalised."""
    if spec == "stdio":
        return spec
    if spec.startswith("telnet:"):
        port = spec[len("telnet:"):]
        if port.isdigit() and 0 < int(port) < 65536:
            return "telnet:%d" % int(port)
    raise ValueError("--serial must be 'stdio' or 'telnet:PORT', not %r" % spec)


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


def qemu_argv(rom=DEFAULT_ROM, nic=DEFAULT_NIC, tftp=DEFAULT_TFTP, flash=DEFAULT_FLASH, serial="stdio",
              bootdelay=None, memory=DEFAULT_MEMORY_MB, nics=2, extra=(), qemu=QEMU, make_dirs=True,
              net="user", flashtiming=None):
    """The argv list that starts the ROM under QEMU.

    rom: the BIOS image. nic: QEMU device model of the NICs. tftp: directory QEMU's TFTP server serves
    on interface 1 (created when missing, as is the flash file's directory, unless make_dirs is false).
    flash: backing file of the emulated flash, or None for no flash device. serial: 'stdio' or
    'telnet:PORT' (QEMU then waits for a client before starting the guest). bootdelay: seconds of the
    flash-boot countdown, handed to the ROM through fw_cfg opt/pix/bootdelay (None: the ROM's default).
    memory: RAM in MiB. nics: how many NICs, 0, 1 or 2 (with one, that NIC is interface 0 in slot 13
    and reaches the TFTP server). extra: more QEMU arguments, appended. net: what the TFTP interface
    is attached to (see netdev_spec). flashtiming: None (the emulated flash programs fast) or "datasheet"
    (the AT29C040A's 10 ms sector program cycles), handed to the ROM through fw_cfg opt/pix/flashtiming.
    """
    serial = parse_serial(serial)
    if nics not in (0, 1, 2):
        raise ValueError("nics must be 0, 1 or 2, not %r" % (nics,))
    if flashtiming not in (None, "datasheet"):
        raise ValueError("flashtiming must be None or 'datasheet', not %r" % (flashtiming,))
    if make_dirs:
        os.makedirs(tftp, exist_ok=True)
    argv = [
        qemu,
        "-M", "pc",
        "-accel", "tcg",
        # qemu32 (QEMU's i386 default) with RDRAND: the running image's TLS takes its entropy there
        "-cpu", "qemu32,+rdrand",
        "-bios", rom,
        "-m", str(int(memory)),
        "-display", "none",
        "-vga", "none",
        "-nodefaults",
        "-no-user-config",
        "-monitor", "none",
    ]
    if serial == "stdio":
        # signal=off: Ctrl-C goes to the guest as a byte instead of ending QEMU.
        argv += ["-chardev", "stdio,id=s0,mux=on,signal=off", "-serial", "chardev:s0"]
    else:
        port = int(serial.split(":")[1])
        argv += ["-serial", "telnet:127.0.0.1:%d,server=on,wait=on" % port]
    # Interface 0 (slot 13): a closed user network. Interface 1 (slot 14): user network with TFTP.
    for i in range(nics):
        if i == nics - 1:
            argv += ["-netdev", netdev_spec(net, "n%d" % i, tftp)]
        else:
            argv += ["-netdev", "user,id=n%d,restrict=on" % i]
        argv += ["-device", "%s,netdev=n%d,addr=0x%02x,mac=%s" % (nic, i, NIC_SLOTS[i], NIC_MACS[i])]
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
               "  pixqemu.py --serial telnet:4555     # then: telnet 127.0.0.1 4555\n"
               "  pixqemu.py --no-flash --print       # show the QEMU command line only\n"
               "  pixqemu.py -- -d guest_errors       # extra QEMU arguments\n\n"
               "QEMU's console keys (stdio): Ctrl-A X quits, Ctrl-A B sends a BREAK, Ctrl-A H lists them; "
               "Ctrl-C goes to the guest.")
    p.add_argument("--rom", default=DEFAULT_ROM, metavar="PATH",
                   help="ROM image used as the BIOS (default: %(default)s)")
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
    p.add_argument("--nics", type=int, default=2, choices=(0, 1, 2), metavar="N",
                   help="number of NICs, 0, 1 or 2 (default: %(default)s, as on a PIX-525); a single NIC is "
                        "interface 0 in slot 13 and reaches the TFTP server")
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
    except ValueError as e:
        parser.error(str(e))
    argv = qemu_argv(rom=opts.rom, nic=opts.nic, tftp=opts.tftp,
                     flash=None if opts.no_flash else opts.flash, serial=serial,
                     bootdelay=opts.bootdelay, memory=opts.memory, nics=opts.nics, extra=extra,
                     make_dirs=not opts.print_only, net=opts.net, flashtiming=opts.flash_timing)
    if opts.print_only:
        import shlex
        print(" ".join(shlex.quote(a) for a in argv))
        return 0
    if not os.path.exists(opts.rom):
        print("pixqemu.py: no ROM at %s (run make first)" % opts.rom, file=sys.stderr)
        return 1
    sys.stdout.flush()
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        print("pixqemu.py: cannot run %s: %s" % (argv[0], e), file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
