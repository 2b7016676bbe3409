"""The README's HTTPS walk-through, run as written, so that it cannot rot unnoticed.

The two fenced blocks after the markers `<!-- test_readme_https.py: walk-through -->` and `<!--
test_readme_https.py: paste -->` in README.md's HTTPS section are taken apart: `$ ` lines (with their `\\`
continuation lines) are shell commands, `pixfirewall...# ` and `pixfirewall> ` lines are typed on the unit,
and every other line is what the unit must print next, line for line (see line_re for what stands for
what varies).

The shell commands run in a folder of the test's laid out as the project's folder is after `make run`:
build/host (the real host tools), build/flash.bin (a unit as `make run` makes it: pix-flash create and
install of build/pixos.bin) and tftpboot/pix634.bin (build/pixos.bin re-sealed as 6.3(4), as `make run` does).
Two commands are not run as they are: the one whose comment says it "serves the current folder" (the HTTPS
server, in a terminal of its own in the README) is started in the background and waited for until it
listens, and `make run` is the test's power-on of that flash file (the launcher `make run` uses, under the
test harness). The README's port 8443 is replaced by a free port, in the shell commands and on the unit
alike, so that the test does not depend on 8443 being free.

The walk-through block runs on one unit; the paste block on a second one, whose flash has no trust anchor
(it is the README's alternative to pix-flash trust), at its configuration prompt.
"""
import os
import re
import subprocess

import pytest

from httpserver import wait_listening
from pixconsole import HOST, TOP, free_port
from pixosutil import CONFIG, boot_pixos, current_version, make_unit, pixos_version, to_config

README = os.path.join(TOP, "README.md")
MARK = "<!-- test_readme_https.py: %s"
PROMPTS = ("pixfirewall> ", "pixfirewall# ", "pixfirewall(config)# ")
README_PORT = "8443"
SERVER = "# serves the current folder"  # the README's comment on the command that starts the HTTPS server
SHELL_TIMEOUT = 60
UNIT_TIMEOUT = 60  # a reply of the unit: a copy https of the image takes a few seconds under TCG


def readme_block(name):
    """The lines of the fenced block right after the marker name in README.md."""
    with open(README) as f:
        text = f.read()
    start = text.find(MARK % name)
    assert start >= 0, "README.md has no %r marker" % (MARK % name)
    m = re.compile(r"-->\n```\n(.*?)\n```\n", re.S).match(text, text.index("-->", start))
    assert m, "no fenced block right after the README's %r marker" % (MARK % name)
    return m.group(1).split("\n")


def steps(lines):
    """The block as steps: ("shell", command), ("unit", prompt, line, [output lines])."""
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("$ "):
            cmd = line[2:]
            while cmd.endswith("\\"):
                cmd = cmd[:-1] + lines[i].strip()
                i += 1
            out.append(("shell", cmd))
            continue
        prompt = next((p for p in PROMPTS if line.startswith(p)), None)
        assert prompt is not None, "a README line that is neither a command nor follows one: %r" % line
        replies = []
        while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith(PROMPTS):
            replies.append(lines[i])
            i += 1
        out.append(("unit", prompt, line[len(prompt):], replies))
    return out


TOKEN = re.compile(r"(?<=[ :])\.\.\.$|(?:[0-9A-F]{2}:)+|\d+|!+|(?<=\w)\.{2,}$|.")


def line_re(line):
    """A README line of the unit's output as a regular expression: what varies with the user's certificate,
    clock and image stands for any value of its kind: a number (byte counts, dates, times) for any number,
    colon-separated hex pairs for any such pairs, "..." after a space or a colon for the rest of the line (a
    fingerprint), a run of '!' or of '.' after a word for progress marks of any length."""
    out = []
    for tok in TOKEN.findall(line):
        if tok == "...":
            out.append(r"[^\r\n]*")
        elif tok.endswith(":") and len(tok) > 1:
            out.append(r"(?:[0-9A-F]{2}:)+")
        elif tok.isdigit():
            out.append(r"\d+")
        elif len(tok) > 1 and tok == "!" * len(tok):
            out.append(r"!+")
        elif len(tok) > 1 and tok == "." * len(tok):
            out.append(r"\.+")
        else:
            out.append(re.escape(tok))
    return "".join(out)


def expect_line(con, template, end, what):
    """The unit's next output, up to the first end (CR LF, or a question's "]: "), must be the README's
    template (line_re). Fails at once on another text or on a prompt, or after UNIT_TIMEOUT when nothing
    comes."""
    before, m = con.expect_re(r"([^\r\n]*?)(%s)" % "|".join(map(re.escape, (end,) + PROMPTS)), timeout=UNIT_TIMEOUT)
    assert before == "", "README %s: unexpected output %r" % (what, before)
    got = m.group(1)
    assert m.group(2) == end, "README %s: the README says %r, the unit printed %r and its prompt" % (
        what, template, got)
    assert re.fullmatch(line_re(template), got), "README %s: the README says %r, the unit printed %r" % (
        what, template, got)


def paste(con, pem_path):
    """Types the certificate of pem_path line by line where the README pastes one, and the blank line that
    ends it; each line must come back as its echo."""
    with open(pem_path) as f:
        lines = [line.strip() for line in f if line.strip()]
    for line in lines + [""]:
        con.send(line + "\r")
        con.expect_next(line + "\r\n", timeout=UNIT_TIMEOUT)


def unit_step(con, line, replies, next_prompt, pem_path):
    """Types line on the unit; the README's replies must follow one by one (a pasted certificate is typed
    from pem_path, a question is answered as the README does), then next_prompt."""
    con.send(line + "\r")
    con.expect_next(line + "\r\n", timeout=UNIT_TIMEOUT)
    i = 0
    while i < len(replies):
        r = replies[i]
        i += 1
        if r == "-----BEGIN CERTIFICATE-----":
            while replies[i - 1] != "":  # the README's certificate, up to the blank line that ends it
                assert i < len(replies), "the README's certificate has no blank line after it"
                i += 1
            paste(con, pem_path)
            continue
        question = re.fullmatch(r"(.*)\]: (\S+)", r)
        if question:
            expect_line(con, question.group(1), "]: ", "question after %r" % line)
            con.send(question.group(2) + "\r")
            con.expect_next(question.group(2) + "\r\n", timeout=UNIT_TIMEOUT)
            continue
        expect_line(con, r, "\r\n", "reply to %r" % line)
    con.prompt = next_prompt
    con.expect_next(next_prompt, timeout=UNIT_TIMEOUT)


def run_unit_steps(con, unit_steps, pem_path):
    """Each (prompt, line, replies) in turn: the prompt after a step is the next step's, or its own."""
    for k, (_, line, replies) in enumerate(unit_steps):
        following = unit_steps[k + 1][0] if k + 1 < len(unit_steps) else unit_steps[k][0]
        unit_step(con, line, replies, following, pem_path)


@pytest.fixture
def project(tmp_path):
    """A folder laid out as the project's after `make run`: build/host, build/flash.bin, tftpboot/pix634.bin."""
    top = tmp_path / "top"
    (top / "build").mkdir(parents=True)
    (top / "tftpboot").mkdir()
    os.symlink(HOST, str(top / "build" / "host"))
    # make run: pix-flash create --serial 12345678 --key (the DESIGN.md vector), pix-flash install pixos.bin
    os.rename(make_unit(tmp_path, name="runflash"), str(top / "build" / "flash.bin"))
    os.rename(pixos_version(tmp_path, "6.3(4)"), str(top / "tftpboot" / "pix634.bin"))
    return top


def test_readme_https_walk_through(boot, tmp_path, project):
    port = str(free_port())
    walk = steps([line.replace(README_PORT, port) for line in readme_block("walk-through")])
    shell = [s[1] for s in walk if s[0] == "shell"]
    unit_steps = [s[1:] for s in walk if s[0] == "unit"]
    assert walk[:len(shell)] == [("shell", c) for c in shell], "shell commands after the unit's in the README"
    flash = str(project / "build" / "flash.bin")
    server = con = None
    try:
        for cmd in shell:
            if cmd.endswith(SERVER):
                with open(str(tmp_path / "server.log"), "wb") as log:
                    server = subprocess.Popen(["/bin/bash", "-c", "exec " + cmd], cwd=str(project),
                                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
                wait_listening(int(port), server, "the README's HTTPS server")
            elif cmd.split("#")[0].strip() == "make run":
                assert con is None, "the README powers the unit on twice"
                con, _ = boot_pixos(boot, flash)
            else:
                assert con is None, "README command %r while the unit is powered on" % cmd
                r = subprocess.run(["/bin/bash", "-c", cmd], cwd=str(project), capture_output=True, text=True,
                                   timeout=SHELL_TIMEOUT)
                assert r.returncode == 0, "README command %r: exit %d\n%s%s" % (cmd, r.returncode, r.stdout,
                                                                              r.stderr)
        assert server is not None, "the README's walk-through starts no HTTPS server (%r)" % SERVER
        assert con is not None, "the README's walk-through never powers the unit on (make run)"
        assert unit_steps and unit_steps[0][0] == con.prompt, "the README's unit commands do not start at its prompt"
        run_unit_steps(con, unit_steps, str(project / "ca.pem"))
        assert current_version(flash) == "6.3(4)", "the README's copy installed nothing"

        # The alternative: a unit whose flash has no anchor, the CA pasted on its console.
        con2, _ = boot_pixos(boot, make_unit(tmp_path, name="pasted"))
        to_config(con2)
        paste_steps = [s[1:] for s in steps(readme_block("paste"))]
        assert paste_steps and all(s[0] == CONFIG for s in paste_steps), \
            "the README's paste block is not all typed at the config prompt"
        run_unit_steps(con2, paste_steps, str(project / "ca.pem"))
    finally:
        if server is not None:
            server.kill()
            server.wait(timeout=10)
