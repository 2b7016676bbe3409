#!/usr/bin/python3
"""Start two PIX units as a failover pair, each in its own QEMU: what `make run-pair` runs.

    /usr/bin/python3 qemu/pixpair.py [options]

Each unit is qemu/pixqemu.py's PIX-525 with a third NIC and its own flash file, MAC addresses, console
and monitor:
  - console: a telnet server on 127.0.0.1 (primary 5001, secondary 5002); QEMU waits for the client, so
    a unit powers on when its console is attached (`telnet 127.0.0.1 5001`);
  - QEMU's monitor: a telnet server (primary 5011, secondary 5012): `set_link n2 off` cuts the failover
    cable at that unit, `set_link n0 off` its LAN cable, `system_reset` is the reset button;
  - interface 2 (netdev n2): the LAN failover cable, a `-netdev dgram` pair between 127.0.0.1:5021
    (primary) and 127.0.0.1:5022 (secondary), each end the other's remote;
  - interface 0 (n0): the LAN both units share, the multicast group 239.255.80.1:5030 on 127.0.0.1;
  - interface 1 (n1): QEMU's user network with its TFTP server (tftpboot/ at 10.0.2.2), one per unit.
The flash files are made by `make run-pair` (two serial numbers, keys that license failover). The
launcher prints how to attach, waits, and on Ctrl-C stops both QEMUs; when one QEMU ends by itself
(`quit` in its monitor) the other goes on.
"""

import argparse
import os
import shlex
import signal
import subprocess
import sys
import time

import pixqemu

NAMES = ("primary", "secondary")
DEFAULT_FLASH = (os.path.join("build", "flash-primary.bin"), os.path.join("build", "flash-secondary.bin"))
DEFAULT_CONSOLES = "5001:5002"
DEFAULT_MONITORS = "5011:5012"
DEFAULT_FAILOVER = "5021:5022"
DEFAULT_LAN = "mcast:239.255.80.1:5030"
STOP_TIMEOUT_S = 10  # how long a QEMU gets to end after SIGTERM before SIGKILL
POLL_S = 0.2  # how often the launcher looks whether a QEMU has ended


def port_pair(text, what):
    """'P:Q' -> (P, Q), two distinct ports (the primary's, the secondary's)."""
    first, sep, second = text.partition(":")
    if not sep:
        raise ValueError("%s must be PRIMARY:SECONDARY (two ports), not %r" % (what, text))
    ports = (pixqemu.parse_port(first, what), pixqemu.parse_port(second, what))
    if ports[0] == ports[1]:
        raise ValueError("%s: the two units need two ports, not %d twice" % (what, ports[0]))
    return ports


def pair_argvs(rom, nic, tftp, flashes, consoles, monitors, failover, lan, bootdelay, memory, make_dirs):
    """The two QEMU command lines (primary's, secondary's): unit 0 and 1, consoles and monitors on the
    given telnet ports, the failover link's ends crossed, both on lan."""
    argvs = []
    for i in (0, 1):
        argvs.append(pixqemu.qemu_argv(rom=rom, nic=nic, tftp=tftp, flash=flashes[i],
                                       serial="telnet:%d" % consoles[i], bootdelay=bootdelay, memory=memory,
                                       make_dirs=make_dirs, unit=i,
                                       failover="%d:%d" % (failover[i], failover[1 - i]), lan=lan,
                                       monitor="telnet:%d" % monitors[i]))
    return argvs


def build_parser():
    p = argparse.ArgumentParser(
        prog="pixpair.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run two PIX units as a failover pair, each in its own QEMU (TCG): consoles and QEMU "
                    "monitors on telnet ports, interface 2 of each the other's failover cable, interface 0 "
                    "of both on one LAN segment, interface 1 QEMU's TFTP server.",
        epilog="examples:\n"
               "  make run-pair                       # makes the two flash files, then runs this\n"
               "  pixpair.py --bootdelay 2\n"
               "  pixpair.py --consoles 6001:6002 --monitors 6011:6012 --failover 6021:6022 \\\n"
               "             --lan mcast:239.255.80.2:6030   # a second pair beside the first\n"
               "  pixpair.py --print                  # show both QEMU command lines only\n\n"
               "Then: telnet 127.0.0.1 5001 (primary), telnet 127.0.0.1 5002 (secondary); Ctrl-C here "
               "stops both.")
    p.add_argument("--rom", default=pixqemu.DEFAULT_ROM, metavar="PATH",
                   help="ROM image used as the BIOS of both (default: %(default)s)")
    p.add_argument("--nic", default=pixqemu.DEFAULT_NIC, metavar="MODEL",
                   help="QEMU model of every NIC (default: %(default)s)")
    p.add_argument("--tftp", default=pixqemu.DEFAULT_TFTP, metavar="DIR",
                   help="folder QEMU's TFTP server serves each unit on interface 1 (default: %(default)s)")
    p.add_argument("--flash-primary", default=DEFAULT_FLASH[0], metavar="FILE",
                   help="the primary unit's flash file (default: %(default)s)")
    p.add_argument("--flash-secondary", default=DEFAULT_FLASH[1], metavar="FILE",
                   help="the secondary unit's flash file (default: %(default)s)")
    p.add_argument("--consoles", default=DEFAULT_CONSOLES, metavar="P:Q",
                   help="telnet ports of the primary's and the secondary's console (default: %(default)s)")
    p.add_argument("--monitors", default=DEFAULT_MONITORS, metavar="P:Q",
                   help="telnet ports of their QEMU monitors (default: %(default)s)")
    p.add_argument("--failover", default=DEFAULT_FAILOVER, metavar="P:Q",
                   help="UDP ports of the failover cable's two ends on 127.0.0.1, the primary's and the "
                        "secondary's (default: %(default)s)")
    p.add_argument("--lan", default=DEFAULT_LAN, metavar="mcast:GROUP:PORT",
                   help="the LAN segment both units' interface 0 is on (default: %(default)s)")
    p.add_argument("--bootdelay", type=int, metavar="N",
                   help="seconds of the ROM's flash-boot countdown (default: the ROM's 10)")
    p.add_argument("--memory", type=int, default=pixqemu.DEFAULT_MEMORY_MB, metavar="MB",
                   help="RAM of each unit in MiB (default: %(default)s)")
    p.add_argument("--print", action="store_true", dest="print_only",
                   help="print both QEMU command lines instead of running them")
    return p


def describe(opts, consoles, monitors, failover):
    """What a user needs to reach the pair."""
    group_port = pixqemu.parse_lan(opts.lan)
    return "\n".join([
        "Failover pair, each unit powers on when its console is attached:",
        "  primary   (%s): telnet 127.0.0.1 %d" % (opts.flash_primary, consoles[0]),
        "  secondary (%s): telnet 127.0.0.1 %d" % (opts.flash_secondary, consoles[1]),
        "QEMU monitors: telnet 127.0.0.1 %d (primary), %d (secondary):" % monitors,
        "  set_link n2 off|on   the failover cable (interface 2) out or in at that unit",
        "  set_link n0 off|on   its LAN cable (interface 0)",
        "  system_reset         the reset button; quit: power off",
        "Failover cable: interface 2, UDP 127.0.0.1:%d (primary) <-> 127.0.0.1:%d (secondary)" % failover,
        "LAN: interface 0 of both, multicast %s:%d on 127.0.0.1" % group_port,
        "TFTP: interface 1 of each, QEMU's server at 10.0.2.2 serving %s" % opts.tftp,
        "Ctrl-C here stops both units.",
    ])


def stop(procs):
    """SIGTERM to every QEMU still running, then SIGKILL to any still there after STOP_TIMEOUT_S."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for proc in procs:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def supervise(procs):
    """Waits until both QEMUs have ended, saying when one does; returns 0 if both ended with 0."""
    said = [False, False]
    while not all(said):
        for i, proc in enumerate(procs):
            if not said[i] and proc.poll() is not None:
                said[i] = True
                print("pixpair.py: the %s unit's QEMU ended (exit %d)" % (NAMES[i], proc.returncode), flush=True)
        time.sleep(POLL_S)  # polling the QEMU processes; the console traffic goes straight to telnet
    return 0 if all(proc.returncode == 0 for proc in procs) else 1


class Stop(Exception):
    """A signal that ends the launcher: SIGINT (Ctrl-C), SIGTERM or SIGHUP (its terminal went away)."""


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def die_with_parent():
    """In each QEMU child: SIGTERM when the launcher dies, even by SIGKILL (Linux prctl
    PR_SET_PDEATHSIG), so no unit outlives it."""
    import ctypes
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(args=None):
    parser = build_parser()
    opts = parser.parse_args(args)
    try:
        consoles = port_pair(opts.consoles, "--consoles")
        monitors = port_pair(opts.monitors, "--monitors")
        failover = port_pair(opts.failover, "--failover")
        used = set(consoles) | set(monitors)
        if len(used) != 4:
            raise ValueError("--consoles and --monitors need four different ports")
        if opts.flash_primary == opts.flash_secondary:
            raise ValueError("the two units need two flash files")
        argvs = pair_argvs(opts.rom, opts.nic, opts.tftp, (opts.flash_primary, opts.flash_secondary),
                           consoles, monitors, failover, opts.lan, opts.bootdelay, opts.memory,
                           make_dirs=not opts.print_only)
    except ValueError as e:
        parser.error(str(e))
    if opts.print_only:
        for argv in argvs:
            print(" ".join(shlex.quote(a) for a in argv))
        return 0
    for path in (opts.rom, opts.flash_primary, opts.flash_secondary):
        if not os.path.exists(path):
            print("pixpair.py: %s is missing (make run-pair makes the ROM and both flash files)" % path,
                  file=sys.stderr)
            return 1
    print(describe(opts, consoles, monitors, failover), flush=True)
    procs = []
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    try:
        for argv in argvs:
            # a session of its own: Ctrl-C is for this launcher, which then stops both units
            procs.append(subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True,
                                          preexec_fn=die_with_parent))
        return supervise(procs)
    except Stop as e:
        print("\npixpair.py: %s: stopping both units" % e, flush=True)
        return 0
    except OSError as e:
        print("pixpair.py: cannot run %s: %s" % (argvs[len(procs)][0], e), file=sys.stderr)
        return 127
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # the stop is short (STOP_TIMEOUT_S) and not to be cut
        stop(procs)


if __name__ == "__main__":
    sys.exit(main())
