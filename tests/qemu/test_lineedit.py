"""The monitor's line editor over the serial line (ui-spec, issue 2), on the ROM and the UEFI application."""

import pytest

from pixconsole import FIRMWARES, PROMPT


@pytest.fixture(params=FIRMWARES)
def firmware(request):
    return request.param


BEL = "\x07"
ERASE = "\b \b"
TOO_LONG = "Line too long (max 128 characters); ignored."


def test_delete_and_backspace(mon):
    mon.send("addresx\x7fs\r")
    mon.expect_next("addresx" + ERASE + "s\r\naddress 0.0.0.0\r\n" + PROMPT)
    mon.send("tracf\x08e\r")
    mon.expect_next("tracf" + ERASE + "e\r\ntrace on\r\n" + PROMPT)


def test_backspace_on_empty_line_does_nothing(mon):
    mon.send("\x7f\x08\x7fab\x7f\x7f\x7f\x08trace\r")
    mon.expect_next("ab" + ERASE + ERASE + "trace\r\ntrace on\r\n" + PROMPT)


def test_ctrl_u_erases_line(mon):
    mon.send("garbage\x15address\r")
    mon.expect_next("garbage" + ERASE * 7 + "address\r\naddress 0.0.0.0\r\n" + PROMPT)
    mon.send("\x15\x15trace\r")  # nothing to erase: no echo
    mon.expect_next("trace\r\ntrace on\r\n" + PROMPT)


def test_ctrl_c_discards_line(mon):
    mon.send("address 9.9.9.9\x03")
    mon.expect_next("address 9.9.9.9^C\r\n" + PROMPT)
    mon.send("\x03")
    mon.expect_next("^C\r\n" + PROMPT)
    mon.cmd("address", "address 0.0.0.0")


def test_overlong_line_refused(mon):
    mon.send("a" * 200 + "\r")
    mon.expect_next("a" * 128 + BEL * 72 + "\r\n" + TOO_LONG + "\r\n" + PROMPT)


def test_overlong_line_runs_nothing(mon):
    line = "address 1.2.3.4" + " " * 185  # 200 characters
    mon.send(line + "\r")
    mon.expect_next(line[:128] + BEL * 72 + "\r\n" + TOO_LONG + "\r\n" + PROMPT)
    mon.cmd("address", "address 0.0.0.0")


def test_line_of_128_runs_129_refused(mon):
    line = "address 1.2.3.4" + " " * 113
    assert len(line) == 128
    mon.cmd(line, "address 1.2.3.4")
    line = "server 1.2.3.5" + " " * 115
    assert len(line) == 129
    mon.send(line + "\r")
    mon.expect_next(line[:128] + BEL + "\r\n" + TOO_LONG + "\r\n" + PROMPT)
    mon.cmd("server", "server 0.0.0.0")


def test_line_after_overlong_is_fresh(mon):
    mon.send("x" * 130 + "\r")
    mon.expect_next("x" * 128 + BEL * 2 + "\r\n" + TOO_LONG + "\r\n" + PROMPT)
    mon.cmd("trace", "trace on")


def test_escape_sequences_ignored(mon):
    mon.send("add\x1b[Aress\x1bOB 10.0\x1b[1;5C.0.1\x1b[D\r")
    mon.expect_next("address 10.0.0.1\r\naddress 10.0.0.1\r\n" + PROMPT)


def test_other_control_bytes_ignored(mon):
    # not Ctrl-A (QEMU's console escape), Tab (also a word separator), BS/DEL, Ctrl-C/U, CR/LF, Esc
    mon.send("\x00add\x02re\x04ss\x05 \x06\x0b1\x0c0.\x0e\x0f0\x10.\x11\x120\x13.\x14\x161"
             "\x17\x18\x19\x1a\x1c\x1d\x1e\x1f\r")
    mon.expect_next("address 10.0.0.1\r\naddress 10.0.0.1\r\n" + PROMPT)


def test_line_ends(mon):
    """CR, LF and CR LF each end one line; an LF right after a CR is ignored."""
    mon.send("address\r\ntrace\n")
    mon.expect_next("address\r\naddress 0.0.0.0\r\n" + PROMPT + "trace\r\ntrace on\r\n" + PROMPT)
    mon.send("trace\r\rtrace\r")
    mon.expect_next("trace\r\ntrace off\r\n" + PROMPT + "\r\n" + PROMPT + "trace\r\ntrace on\r\n" + PROMPT)
    mon.send("\r\n\ntrace\r")
    mon.expect_next("\r\n" + PROMPT + "\r\n" + PROMPT + "trace\r\ntrace off\r\n" + PROMPT)
