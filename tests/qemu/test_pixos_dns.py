"""Host names through `dns name-server` in the running image: copy http:// and ping by a name a real name
server answers for (dnsresponder.py, its own process in the test's network namespace, next to lighttpd on
port 80), the server's "no such name", a server that never answers (lwIP's retries, then the message), Esc
during a lookup, the next server asked when the first is silent, and the setting written and stored."""
import os
import re

from httpserver import Lighttpd
from netns import CLIENT_IP, FAR_IP, SERVER_IP
from pixconsole import ESC, tool
from pixosutil import (CONFIG, boot_pixos, current_version, installed, make_unit, pixos_version, read, refused,
                       to_config)

DNSRESPONDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dnsresponder.py")
HINT = " (no name server to ask: dns name-server if_name ip_address)"
QTYPE_A = 1
RETRIES = 3  # net/lwipopts.h DNS_MAX_RETRIES: the queries a silent server gets


class NameServer:
    """dnsresponder.py on address:53 in testnet's namespace (stopped by testnet at its close)."""

    def __init__(self, testnet, tmp_path, address, mode, *names):
        self.queries_file = tmp_path / ("dns-%s-%s.queries" % (address, mode))
        self.queries_file.write_text("")
        testnet.start_server("dnsresponder-%s" % mode, ["/usr/bin/python3", DNSRESPONDER, address, "53", mode,
                                                        str(self.queries_file)] + list(names),
                             address, port=53, proto="udp")

    def queries(self):
        """(name, qtype) of every query received so far."""
        return [(q.split()[1], int(q.split()[2])) for q in self.queries_file.read_text().splitlines()]


def test_names_through_a_name_server(testnet, boot, tmp_path):
    testnet.up(far=True)
    root = tmp_path / "www"
    root.mkdir()
    pix636 = read(pixos_version(tmp_path, "6.3(6)"))
    pix637 = read(pixos_version(tmp_path, "6.3(7)"))
    (root / "pix636.bin").write_bytes(pix636)
    (root / "pix637.bin").write_bytes(pix637)
    Lighttpd(tmp_path, root, testnet=testnet, address="0.0.0.0", port=80)
    dns = NameServer(testnet, tmp_path, SERVER_IP, "answer", "www.pix.test=" + SERVER_IP,
                     "mirror.pix.test=" + SERVER_IP)
    silent = NameServer(testnet, tmp_path, FAR_IP, "silent")  # behind the gateway
    flash = make_unit(tmp_path, config="ip address inside %s 255.255.255.0\nroute inside 0 0 %s\n"
                      % (CLIENT_IP, SERVER_IP))
    con, _ = boot_pixos(boot, flash, net="tap:" + testnet.tap)
    to_config(con)

    # no name server: the name is refused, and the message says what would look it up
    refused(con, flash, "copy http://www.pix.test/pix636.bin flash",
            "copying http://www.pix.test/pix636.bin to flash:image", "ERROR: 'www.pix.test' is not a host address "
            "or name" + HINT)
    assert dns.queries() == []

    # the name server answers: the image comes from the address it gave
    con.cmd("dns name-server inside %s" % SERVER_IP)
    out = con.run("copy http://www.pix.test/pix636.bin flash", timeout=60)
    assert re.fullmatch(re.escape("copy http://www.pix.test/pix636.bin flash\r\n") +
                        installed("http://www.pix.test/pix636.bin", len(pix636)), out), out
    assert current_version(flash) == "6.3(6)"
    assert ("www.pix.test", QTYPE_A) in dns.queries()
    out = con.run("ping www.pix.test", timeout=15)
    assert out.count("        %s response received -- " % SERVER_IP) == 3, out

    # a name the server says does not exist
    refused(con, flash, "copy http://nohost.pix.test/pix637.bin flash",
            "copying http://nohost.pix.test/pix637.bin to flash:image",
            "ERROR: name server %s: 'nohost.pix.test' does not exist" % SERVER_IP)
    assert ("nohost.pix.test", QTYPE_A) in dns.queries()
    con.cmd("ping nohost.pix.test", "ERROR: name server %s: 'nohost.pix.test' does not exist" % SERVER_IP)

    # the setting is written and stored
    assert "dns name-server inside %s" % SERVER_IP in con.run("show running-config").split("\r\n")
    out = con.run("write memory", timeout=30)
    assert out.endswith("[OK]\r\n" + CONFIG), out
    assert "dns name-server inside %s\n" % SERVER_IP in tool("pix-flash", "config", flash).stdout

    # a server that never answers: lwIP asks it again, then gives up
    con.cmd("no dns name-server")
    con.cmd("dns name-server inside %s" % FAR_IP)
    refused(con, flash, "copy http://silent.pix.test/pix637.bin flash",
            "copying http://silent.pix.test/pix637.bin to flash:image",
            "ERROR: no answer from the name server %s for 'silent.pix.test'" % FAR_IP, timeout=20)
    assert silent.queries() == [("silent.pix.test", QTYPE_A)] * RETRIES
    # Esc stops a lookup at once
    con.send("copy http://esc.pix.test/pix637.bin flash\r")
    con.expect_exact("copying http://esc.pix.test/pix637.bin to flash:image\r\n", timeout=10)
    con.send(ESC)
    out = con.until_prompt(timeout=3)
    assert out.endswith("ERROR: lookup of 'esc.pix.test' aborted\r\nImage not installed\r\n" + CONFIG), out

    # the next server is asked when the first does not answer
    con.cmd("dns name-server inside %s" % SERVER_IP)
    out = con.run("copy http://mirror.pix.test/pix637.bin flash", timeout=60)
    assert re.search(installed("http://mirror.pix.test/pix637.bin", len(pix637)), out), out
    assert current_version(flash) == "6.3(7)"
    assert ("mirror.pix.test", QTYPE_A) in silent.queries() and ("mirror.pix.test", QTYPE_A) in dns.queries()
