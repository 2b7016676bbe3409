"""Helpers of the QEMU tests: the real ROM (build/pix.rom) under TCG, driven through its serial console.

Every test gets its own QEMU, its own flash file and TFTP directory under tmp_path, and a short boot
delay (fw_cfg opt/pix/bootdelay); QEMU is killed at teardown. Nothing sleeps for synchronisation: every
step waits for the console output it needs, with a timeout.

The console is the ROM's COM1, either on QEMU's stdio (a pty; Ctrl-C is a byte for the guest) or on a
telnet server (the only way to send a BREAK from a test, as telnet IAC BRK). The ROM ends lines with
"\r\n" and echoes what is typed.

The fixtures that use them are in conftest.py.
"""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import termios

import pexpect
import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402,F401  (the launcher `make run` uses; conftest imports it from here)

ROM = os.environ.get("PIX_ROM") or os.path.join(TOP, "build", "pix.rom")  # PIX_ROM: test another build
EFI_APP = os.environ.get("PIX_EFI") or os.path.join(TOP, "build", "pix.efi")  # the UEFI application
# The builds the `boot` fixture starts: a module whose tests apply to both runs them on both by
# overriding the `firmware` fixture with params=FIRMWARES (conftest.py).
FIRMWARES = ("rom", "efi")
EFI_BOOT_TIMEOUT = 60  # QEMU start-up through OVMF to the application's first banner line
HOST = os.path.join(TOP, "build", "host")  # pix-flash, pix-mkimage, pix-keygen
TEST_BIN = os.path.join(TOP, "build", "test.bin")  # the test image, 6.3(5)
PIXOS_BIN = os.path.join(TOP, "build", "pixos.bin")  # the running image, 6.3(5)
SERIAL = "12345678"
KEY_ALL = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"  # DESIGN.md vector: serial 12345678, all features

BOOT_TIMEOUT = 8  # QEMU start-up to the first banner line
TIMEOUT = 5  # any other reply
# After a download on a unit with flash, a file that is not a PIX image (monitor/netcmds.c).
NOT_PIX = "%s is not a PIX image (no PIXIMAGE header): not installed\r\n"


def tool(*args, ok=True):
    """Runs host tool args[0] (build/host) with the other args; with ok, it must exit 0."""
    r = subprocess.run([os.path.join(HOST, args[0])] + [str(a) for a in args[1:]], capture_output=True,
                       text=True, timeout=60)
    if ok:
        assert r.returncode == 0, "%s: exit %d\n%s%s" % (" ".join(map(str, args)), r.returncode, r.stdout,
                                                         r.stderr)
    return r


def checksum_timeout(size):
    """How long `checksum` may take over size bytes: SHA-256 under TCG on a loaded 2-core machine
    (a 40 MiB file has taken over 5 s while other QEMUs ran)."""
    return TIMEOUT + size // (2 << 20)

PROMPT = "monitor> "
TELNET_HELLO = "\xff\xfb\x01\xff\xfb\x03\xff\xfb\x00\xff\xfd\x00"  # what QEMU 7.2's telnet server sends first
ESC = "\x1b"

# Texts of /tmp/ui-spec.md (issue 2), with the "\r\n" line ends of the serial console.
BIOS_LINE_RE = r"PIX BIOS \(4\.0\) #47: [^\r\n]+\r\n"
PLATFORM = "Platform PIX-525\r\n"
FLASH_LINE_RE = r"Flash=AT29C040A @ 0x[0-9a-f]+\r\n"
FLASH_NONE = "Flash=none\r\n"
USE_LINES = ("\r\n"
             "Use BREAK or ESC to interrupt flash boot.\r\n"
             "Use SPACE to begin flash boot immediately.\r\n")
INTERRUPTED = "\rFlash boot interrupted.  \r\n"
# What a flash boot says on the tests' fresh (zero-filled, never formatted) flash files.
NOT_FORMATTED = "Flash boot: flash not formatted (no identity record)\r\n"
# The line the ROM's diskette boot prints first when the machine has no diskette drive (the tests'
# default; issue 12).
NO_DRIVE = "Diskette boot: no diskette drive.\r\n"
NO_IMAGE = "\r\r\n" + NO_DRIVE + NOT_FORMATTED
# The UEFI application has no diskette boot: the flash boot's line alone.
NO_IMAGE_EFI = "\r\r\n" + NOT_FORMATTED
# What OVMF writes on the serial console before it starts the application: its terminal's escape
# sequences (cursor, colours, screen modes) and the boot manager's lines. Only these may come before the
# PIX banner of the UEFI application.
OVMF_ESCAPE_RE = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]")
OVMF_LINE_RE = re.compile(r"BdsDxe: [^\r\n]*\r\n")

FAMILY = {
    "i82557b": "i8255X", "i82558b": "i8255X", "i82559er": "i8255X",
    "e1000": "i8254X", "e1000-82544gc": "i8254X", "e1000-82545em": "i8254X",
}


# The chip each QEMU model's driver names in the "Using" line.
CHIP = {
    "i82557b": "i82557", "i82558b": "i82558", "i82559er": "i82559",
    "e1000": "i82540EM", "e1000-82544gc": "i82544GC", "e1000-82545em": "i82545EM",
}

NIC_LINE = "%d: %s @ PCI(bus:0 dev:%d irq:%d)\r\n"
NIC_SLOTS = (13, 14)
# The IRQ each slot's NIC reports: the ROM routes PIIX3's PIRQs as a PIX-525 has them; under OVMF the UEFI
# application prints what the firmware programmed in each function's interrupt line (its own routing).
ROM_IRQS = (11, 10)
EFI_IRQS = (10, 10)


def nic_list(nic="i82558b", nics=2, efi=False):
    irqs = EFI_IRQS if efi else ROM_IRQS
    return "".join(NIC_LINE % (i, FAMILY[nic], NIC_SLOTS[i], irqs[i]) for i in range(nics))


def using_line(nic="i82558b", iface=1, efi=False):
    """The interface the network commands use, with the launcher's MAC for it (no "\r\n")."""
    return "Using %d: %s @ PCI(bus:0 dev:%d irq:%d), MAC: 0090.2722.f0b%d" % (
        iface, CHIP[nic], NIC_SLOTS[iface], (EFI_IRQS if efi else ROM_IRQS)[iface], iface)


def mon_banner(nic="i82558b", nics=2, efi=False):
    """NIC list, blank line, the Using line of the default interface, hint, prompt."""
    using = using_line(nic, 1 if nics >= 2 else 0, efi) + "\r\n" if nics else ""
    return nic_list(nic, nics, efi) + "\r\n" + using + "Use ? for help.\r\n" + PROMPT


def countdown_first_re(n):
    """The first countdown line: "Flash boot in N seconds." (the spec's banner block shows no trailing
    space; the rewrites carry one, so one is allowed here)."""
    return r"Flash boot in %d seconds\. ?" % n


def countdown_step(n):
    return "\rFlash boot in %d seconds. " % n


HELP_LINES = [
    "?                   this help message",
    "address [ip]        set IP address",
    "checksum            length and SHA-256 of the last download",
    "file [name]         set boot file name",
    "gateway [ip]        set IP gateway",
    "help [command]      this help message",
    "interface [num]     set interface number",
    "ping [ip]           send ICMP echo",
    "reload              halt and reload system",
    "server [ip]         set server IP address",
    "tftp                fetch file via TFTP",
    "timeout [seconds]   set TFTP timeout (1-255)",
    "trace               toggle packet tracing",
]


def readable(text):
    """A transcript made printable: control bytes as \\r, \\b, \\xNN; lines still end at "\\n"."""
    out = []
    for ch in text:
        if ch == "\n" or " " <= ch <= "~":
            out.append(ch)
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\b":
            out.append("\\b")
        else:
            out.append("\\x%02x" % ord(ch))
    return "".join(out)


def show(s):
    """A console text made readable in assertion messages."""
    return repr(s)


class Console:
    """The ROM's serial console: a pexpect child plus the helpers the tests share."""

    def __init__(self, child, transcript, proc=None, sock=None, efi=False):
        self.prompt = PROMPT  # what ends a command's output: the monitor's, or the running image's
        self.efi = efi  # the UEFI application under OVMF, not the ROM
        self.child = child
        self.transcript = transcript  # everything read, for the report of a failing test
        self.proc = proc  # subprocess.Popen when QEMU's stdio is not the console
        self.sock = sock

    # -- raw access
    def send(self, s):
        self.child.send(s)

    def expect_exact(self, s, timeout=TIMEOUT):
        """Wait for s; returns what came before it."""
        err = None
        try:
            self.child.expect_exact(s, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            err = "console: waited %gs for %s; got %s (%s)" % (timeout, show(s), show(self.child.before),
                                                              type(e).__name__)
        if err:
            pytest.fail(err, pytrace=False)
        return self.child.before

    def expect_re(self, pattern, timeout=TIMEOUT):
        """Wait for a regular expression; returns (what came before it, the match object)."""
        err = None
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            err = "console: waited %gs for /%s/; got %s (%s)" % (timeout, pattern, show(self.child.before),
                                                                type(e).__name__)
        if err:
            pytest.fail(err, pytrace=False)
        return self.child.before, self.child.match

    def expect_next(self, s, timeout=TIMEOUT):
        """s must be exactly the next output."""
        before = self.expect_exact(s, timeout)
        assert before == "", "unexpected output before %s: %s" % (show(s), show(before))

    def until_prompt(self, timeout=TIMEOUT):
        """Everything up to and including the next prompt."""
        prompt = self.prompt
        before = self.expect_exact(prompt, timeout)
        return before + prompt

    # -- the monitor
    def run(self, line, timeout=TIMEOUT):
        """Type line and Enter; returns the whole output up to and including the next prompt."""
        self.send(line + "\r")
        return self.until_prompt(timeout)

    def cmd(self, line, *replies, timeout=TIMEOUT):
        """Type line; the output must be exactly its echo, the reply lines, and the prompt."""
        got = self.run(line, timeout)
        want = expected(line, *replies, prompt=self.prompt)
        assert got == want, "command %s:\n  want %s\n  got  %s" % (show(line), show(want), show(got))

    def check(self, line, *replies):
        """Like cmd, but returns a message instead of failing (for loops over many inputs)."""
        got = self.run(line)
        want = expected(line, *replies, prompt=self.prompt)
        if got != want:
            return "command %s: want %s, got %s" % (show(line), show(want), show(got))
        return None

    # -- power-on
    @property
    def boot_timeout(self):
        """How long QEMU may take from start to the first banner line."""
        return EFI_BOOT_TIMEOUT if self.efi else BOOT_TIMEOUT

    def nic_list(self, nic="i82558b", nics=2):
        """The NIC list this firmware prints (nic_list())."""
        return nic_list(nic, nics, self.efi)

    def nics(self, nic="i82558b", nics=2):
        """The NIC list's lines, without their line ends (for cmd())."""
        return self.nic_list(nic, nics).rstrip("\r\n").split("\r\n")

    def using_line(self, nic="i82558b", iface=1):
        return using_line(nic, iface, self.efi)

    def mon_banner(self, nic="i82558b", nics=2):
        return mon_banner(nic, nics, self.efi)

    @property
    def no_image(self):
        """What a flash boot prints on a never formatted flash file, after the countdown."""
        return NO_IMAGE_EFI if self.efi else NO_IMAGE

    def banner(self, flash=True, bootdelay=2, timeout=BOOT_TIMEOUT):
        """Consume the power-on banner up to and including the first countdown line, checking it. Under
        OVMF, its escape sequences and boot manager lines are taken off what came before the banner
        (nothing else may be there), and the wait for the banner is EFI_BOOT_TIMEOUT at least."""
        prefix, _ = self.expect_re(BIOS_LINE_RE, max(timeout, EFI_BOOT_TIMEOUT) if self.efi else timeout)
        if self.sock is not None:  # QEMU's telnet negotiation comes first
            prefix = re.sub("\xff[\xfb-\xfe].|\xff[\xf0-\xfa]", "", prefix, flags=re.S)
        if self.efi:
            prefix = OVMF_LINE_RE.sub("", OVMF_ESCAPE_RE.sub("", prefix))
        assert prefix == "", "output before the banner: %s" % show(prefix)
        self.expect_next(PLATFORM)
        if flash:
            before, _ = self.expect_re(FLASH_LINE_RE)
        else:
            before, _ = self.expect_re(re.escape(FLASH_NONE))
        assert before == "", "unexpected output before the Flash= line: %s" % show(before)
        self.expect_next(USE_LINES)
        before, _ = self.expect_re(countdown_first_re(bootdelay))
        assert before == "", "unexpected output before the countdown: %s" % show(before)

    def interrupt(self, nic="i82558b", nics=2):
        """At the countdown: Esc, then the interrupt line and the monitor banner, exactly."""
        self.send(ESC)
        self.expect_next(INTERRUPTED + self.mon_banner(nic, nics))

    def close(self):
        try:
            if self.proc is not None:
                if self.proc.poll() is None:
                    self.proc.kill()
                self.proc.wait(timeout=10)
            elif self.child.isalive():
                self.child.terminate(force=True)
        finally:
            try:
                self.child.close()
            except Exception:
                pass
            if self.sock is not None:
                self.sock.close()


def spawn_console(argv, efi=False):
    """Start QEMU (argv, with its serial console on stdio) as a pexpect child; returns its Console, with
    nothing read yet. efi: argv runs the UEFI application (Console.efi)."""
    transcript = io.StringIO()
    child = pexpect.spawn(argv[0], argv[1:], encoding="latin-1", timeout=TIMEOUT, preexec_fn=raw_output,
                          echo=False)
    child.delaybeforesend = None
    child.logfile_read = transcript
    return Console(child, transcript, efi=efi)


def expected(line, *replies, prompt=PROMPT):
    return line + "\r\n" + "".join(r + "\r\n" for r in replies) + prompt


def raw_output(fd=0):
    """In QEMU's child: keep "\n" as is on the pty (QEMU leaves OPOST on, so ONLCR would add "\r")."""
    a = termios.tcgetattr(fd)
    a[1] &= ~termios.ONLCR
    termios.tcsetattr(fd, termios.TCSANOW, a)


def qmp_command(path, command, arguments=None):
    """Run one QMP command (with its arguments, a dict, if any) on QEMU's QMP socket at path; returns its
    "return" value."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(TIMEOUT)
        s.connect(path)
        f = s.makefile("rwb")

        def reply():
            while True:
                line = f.readline()
                if not line:
                    raise ValueError("QMP connection closed")
                msg = json.loads(line)
                if "return" in msg:
                    return msg["return"]
                if "error" in msg:
                    raise ValueError("QMP error: %s" % msg["error"])
                # the greeting ("QMP") and events are skipped

        for cmd, args in (("qmp_capabilities", None), (command, arguments)):
            msg = {"execute": cmd}
            if args:
                msg["arguments"] = args
            f.write(json.dumps(msg).encode() + b"\n")
            f.flush()
            result = reply()
        return result


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def power_cut(con):
    """SIGKILL to QEMU (the pexpect child is QEMU itself); returns what the console printed and was not
    read yet, up to the end."""
    pid = con.child.pid
    exe = os.readlink("/proc/%d/exe" % pid)
    assert os.path.basename(exe).startswith("qemu-system"), "the console's child is %s, not QEMU" % exe
    os.kill(pid, signal.SIGKILL)
    try:
        con.child.expect(pexpect.EOF, timeout=10)
    except pexpect.TIMEOUT:
        pytest.fail("QEMU still writes to its console 10 s after SIGKILL", pytrace=False)
    rest = con.child.before
    con.child.close()
    assert con.child.signalstatus == signal.SIGKILL, "QEMU ended by itself (exit %s, signal %s)" % (
        con.child.exitstatus, con.child.signalstatus)
    return rest
