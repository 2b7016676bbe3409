"""copy https://... flash and configure https://... in the running image, against Debian's lighttpd with its
mod_openssl: certificates made by the tests with openssl (certs.py), trust anchors put in the unit's flash
with pix-flash trust. The chain, the validity dates (by the unit's real-time clock, moved with QEMU's -rtc)
and the name or address are verified, always; each failure has its message and installs nothing."""
import re

import pytest

from certs import Certs
from httpserver import PASSWORD, USER, Lighttpd, RawServer
from pixconsole import tool
from pixosutil import (boot_pixos, current_version, installed, make_unit, pixos_version, read, refused, sized_images,
                       sizes_arrive_intact, to_config)

NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\nname 10.0.2.2 www.pix.test\n"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    c = Certs(d)
    c.ip = c.server("srv-ip", "IP:10.0.2.2")
    c.name = c.server("srv-name", "DNS:www.pix.test", kind="rsa")
    c.other = c.server("srv-other", "DNS:other.example,IP:10.9.9.9")
    c.selfsigned = c.server("srv-self", "IP:10.0.2.2", self_signed=True)
    return c


def add_anchor(con, pem_path):
    """ca trust-anchor add with the PEM certificate pasted line by line, accepted."""
    with open(pem_path) as f:
        lines = [line.strip() for line in f if line.strip()]
    con.send("ca trust-anchor add\r")
    con.expect_exact('End with a blank line or the word "quit" on a line by itself\r\n')
    for line in lines + [""]:
        con.send(line + "\r")
        con.expect_exact(line + "\r\n")
    con.expect_exact("% Do you accept this certificate? [yes/no]: ")
    con.send("yes\r")
    out = con.until_prompt()
    assert out.endswith("Trust anchor added.\r\n" + con.prompt), out


def unit(boot, tmp_path, anchors=(), extra=(), host_anchors=(), memory=64):
    """A unit at the config prompt (memory MiB of RAM); anchors added on its console (ca trust-anchor add),
    host_anchors with pix-flash trust before it is powered on."""
    flash = make_unit(tmp_path, config=NET_CONFIG)
    for a in host_anchors:
        tool("pix-flash", "trust", flash, "--add", a)
    con, _ = boot_pixos(boot, flash, extra=extra, memory=memory)
    to_config(con)
    for a in anchors:
        add_anchor(con, a)
    return con, flash


def www_root(tmp_path):
    root = tmp_path / "www"
    (root / "secret").mkdir(parents=True, exist_ok=True)
    return root


def test_https_installs_with_a_verified_server(boot, tmp_path, pki):
    root = www_root(tmp_path)
    pix636 = read(pixos_version(tmp_path, "6.3(6)"))
    (root / "pix636.bin").write_bytes(pix636)
    (root / "secret" / "pix636.bin").write_bytes(pix636)
    by_ip = Lighttpd(tmp_path, root, tls=pki.ip)
    by_name = Lighttpd(tmp_path, root, tls=pki.name)
    try:
        con, flash = unit(boot, tmp_path, host_anchors=[pki.ca])
        # by address: the certificate's iPAddress entry (an EC key)
        out = con.run("copy %s flash" % by_ip.url("pix636.bin"), timeout=120)
        assert re.fullmatch(re.escape("copy %s flash\r\n" % by_ip.url("pix636.bin")) +
                            installed(by_ip.url("pix636.bin"), len(pix636)), out), out
        assert current_version(flash) == "6.3(6)"
        # by name (sent as SNI, checked against the DNS name), an RSA key, Basic authentication
        url = "https://%s:%s@www.pix.test:%d/secret/pix636.bin" % (USER, PASSWORD, by_name.port)
        out = con.run("copy %s flash" % url, timeout=120)
        assert re.search(installed("https://%s@www.pix.test:%d/secret/pix636.bin" % (USER, by_name.port),
                                   len(pix636)), out), out
        # configure https
        (root / "net.cfg").write_bytes(b"hostname secure\n")
        con.prompt = "secure(config)# "
        out = con.run("configure %s" % by_ip.url("net.cfg"), timeout=60)
        assert out.endswith("Received 16 bytes\r\n" + con.prompt), out
    finally:
        by_ip.stop()
        by_name.stop()


def test_https_refusals(boot, tmp_path, pki):
    root = www_root(tmp_path)
    (root / "pix.bin").write_bytes(b"x" * 1000)
    servers = {
        "other": Lighttpd(tmp_path, root, tls=pki.other),
        "self": Lighttpd(tmp_path, root, tls=pki.selfsigned),
        "tls13": Lighttpd(tmp_path, root, tls=pki.ip, tls_conf=(("MinProtocol", "TLSv1.3"),)),
        "ip": Lighttpd(tmp_path, root, tls=pki.ip),
        "name": Lighttpd(tmp_path, root, tls=pki.name),
        # only static-RSA key exchange with CBC: nothing this unit offers
        "rsa-cbc": Lighttpd(tmp_path, root, tls=pki.name, tls_conf=(("MaxProtocol", "TLSv1.2"),
                                                                     ("CipherString", "AES128-SHA"))),
    }
    plain = Lighttpd(tmp_path, root)
    try:
        con, flash = unit(boot, tmp_path, anchors=[pki.ca])
        u = {k: s.url("pix.bin") for k, s in servers.items()}
        refused(con, flash, "copy %s flash" % u["other"],
                "ERROR: %s: the server's certificate is for another name; nothing was sent to it" % u["other"])
        refused(con, flash, "copy %s flash" % u["self"],
                "ERROR: %s: the server's certificate is not signed by a trusted CA; nothing was sent to it"
                % u["self"])
        refused(con, flash, "copy %s flash" % u["tls13"],
                "ERROR: %s: no TLS version in common with the server (this unit speaks TLS 1.2)" % u["tls13"])
        # a certificate for the name, asked for by address; and for the address, asked for by name
        refused(con, flash, "copy https://10.0.2.2:%d/pix.bin flash" % servers["name"].port,
                "ERROR: https://10.0.2.2:%d/pix.bin: the server's certificate is for another name; nothing was "
                "sent to it" % servers["name"].port)
        refused(con, flash, "copy https://www.pix.test:%d/pix.bin flash" % servers["ip"].port,
                "ERROR: https://www.pix.test:%d/pix.bin: the server's certificate is for another name; nothing "
                "was sent to it" % servers["ip"].port)
        refused(con, flash, "copy %s flash" % u["rsa-cbc"],
                "ERROR: %s: no cipher suite in common with the server" % u["rsa-cbc"])
        # plain HTTP to a TLS port, TLS to a plain port: nothing installed either way
        refused(con, flash, "copy http://10.0.2.2:%d/pix.bin flash" % servers["ip"].port,
                "ERROR: http://10.0.2.2:%d/pix.bin: bad answer from the server: connection closed without a "
                "response" % servers["ip"].port)
        refused(con, flash, "copy https://10.0.2.2:%d/pix.bin flash" % plain.port,
                "ERROR: https://10.0.2.2:%d/pix.bin: the server answers plain HTTP there, not TLS" % plain.port)
    finally:
        for s in list(servers.values()) + [plain]:
            s.stop()


def test_copy_https_sizes_arrive_intact(boot, tmp_path, pki):
    """Images of 1, 8 and 32 MiB arrive whole over TLS (pixosutil.sizes_arrive_intact: the two larger ones
    refused for their size after their SHA-256 held); an empty file is refused."""
    root = www_root(tmp_path)
    sized_images(tmp_path, root)
    www = Lighttpd(tmp_path, root, tls=pki.ip)
    try:
        con, flash = unit(boot, tmp_path, host_anchors=[pki.ca], memory=128)
        sizes_arrive_intact(con, flash, www.url, timeout=lambda mib: 60 + 8 * mib)
    finally:
        www.stop()


@pytest.mark.parametrize("rtc, why", [("2045-06-01", "has expired"), ("2001-06-01", "is not valid yet")])
def test_https_dates_by_the_rtc(boot, tmp_path, pki, rtc, why):
    root = www_root(tmp_path)
    (root / "pix.bin").write_bytes(b"x" * 1000)
    www = Lighttpd(tmp_path, root, tls=pki.ip)
    try:
        con, flash = unit(boot, tmp_path, anchors=[pki.ca], extra=["-rtc", "base=%s" % rtc])
        url = www.url("pix.bin")
        refused(con, flash, "copy %s flash" % url,
                "ERROR: %s: the server's certificate (or its CA's) %s; nothing was sent to it" % (url, why))
    finally:
        www.stop()


def test_https_body_ended_by_the_close_is_refused(boot, tmp_path, pki):
    """Over TLS a body with no length that the close ends cannot be told from a cut one (lwIP's TLS layer
    reports both closes alike): refused with or without close_notify, and nothing of it applies; the same
    reply with a Content-Length applies."""
    body = b"hostname cut\n"
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
    cut = RawServer(tmp_path, head + b"\r\n" + body, tls=pki.ip)
    orderly = RawServer(tmp_path, head + b"\r\n" + body, tls=pki.ip, notify=True)
    whole = RawServer(tmp_path, head + b"Content-Length: %d\r\n\r\n" % len(body) + body, tls=pki.ip)
    try:
        con, _ = unit(boot, tmp_path, host_anchors=[pki.ca])
        for server in (cut, orderly):
            url = server.url("net.cfg")
            out = con.run("configure %s" % url, timeout=60)
            assert out.endswith(
                "ERROR: %s: transfer error: the body had no length and ended with the connection; over https "
                "a cut connection looks the same, so it is refused (the server must send Content-Length or "
                "chunked)\r\n" % url + con.prompt), out
            assert len(server.requests) == 1
        con.prompt = "cut(config)# "
        out = con.run("configure %s" % whole.url("net.cfg"), timeout=60)
        assert out.endswith("Received %d bytes\r\n" % len(body) + con.prompt), out
    finally:
        for server in (cut, orderly, whole):
            server.stop()


def test_https_without_a_trust_anchor(boot, tmp_path, pki):
    root = www_root(tmp_path)
    www = Lighttpd(tmp_path, root, tls=pki.ip)
    try:
        con, flash = unit(boot, tmp_path)
        url = www.url("pix.bin")
        refused(con, flash, "copy %s flash" % url,
                "ERROR: %s: no trust anchor in flash to check the server with; add the CA certificate that "
                "signed its certificate (pix-flash trust FILE --add CERT.pem)" % url)
    finally:
        www.stop()


def test_trust_anchor_commands(boot, tmp_path, pki):
    """ca trust-anchor add refuses what is not a certificate, a no, a duplicate; show lists; no removes,
    and then https is refused again."""
    root = www_root(tmp_path)
    (root / "net.cfg").write_bytes(b"hostname secure\n")
    www = Lighttpd(tmp_path, root, tls=pki.ip)
    try:
        con, flash = unit(boot, tmp_path, anchors=[pki.ca])
        with open(pki.ca) as f:
            pem = [line.strip() for line in f if line.strip()]

        def paste(lines, answer=None):
            con.send("ca trust-anchor add\r")
            con.expect_exact('End with a blank line or the word "quit" on a line by itself\r\n')
            for line in lines:
                con.send(line + "\r")
                con.expect_exact(line + "\r\n")
            shown = ""
            if answer is not None:
                shown = con.expect_exact("% Do you accept this certificate? [yes/no]: ")
                con.send(answer + "\r")
            return shown + con.until_prompt()

        out = paste(pem + [""])
        assert out.endswith("ERROR: that certificate is already a trust anchor\r\nTrust anchor not added.\r\n"
                            + con.prompt), out
        out = paste(["-----BEGIN CERTIFICATE-----", "not base64 !", "-----END CERTIFICATE-----", "quit"])
        assert re.search(r"ERROR: not a PEM certificate: [^\r]+\r\nTrust anchor not added\.\r\n", out), out
        out = paste(["-----BEGIN CERTIFICATE-----", "AAAAAAAA", "-----END CERTIFICATE-----", ""])
        assert out.endswith("ERROR: the text is not an X.509 certificate this image can use\r\n"
                            "Trust anchor not added.\r\n" + con.prompt), out
        with open(pki.selfsigned[0]) as f:
            other = [line.strip() for line in f if line.strip()]
        out = paste(other + [""], answer="no")
        assert "Subject: CN=srv-self\r\n" in out and out.endswith("Trust anchor not added.\r\n" + con.prompt)
        out = con.run("show ca trust-anchors")
        assert re.search(r"Trust anchor 0 \(\d+ bytes\)\r\n  Subject: CN=PIX Test CA\r\n  Issuer:  CN=PIX Test CA\r\n"
                         r"  Valid:   \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\r\n"
                         r"  SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}\r\n", out), out
        assert "Trust anchor 1" not in out
        con.prompt = "secure(config)# "
        out = con.run("configure %s" % www.url("net.cfg"), timeout=60)
        assert "Received 16 bytes" in out, out
        con.cmd("no ca trust-anchor 0", "Trust anchor 0 removed.")
        con.cmd("no ca trust-anchor 0", "ERROR: there is no trust anchor 0")
        out = con.run("show ca trust-anchors")
        assert "No trust anchors in flash" in out, out
        url = www.url("net.cfg")
        con.cmd("configure %s" % url,
                "ERROR: %s: no trust anchor in flash to check the server with; add the CA certificate that signed "
                "its certificate (pix-flash trust FILE --add CERT.pem)" % url)
    finally:
        www.stop()


def heap_in_use(con):
    out = con.run("show memory")
    m = re.search(r"^(\d+) bytes total, (\d+) bytes free\r\nNetwork and TLS heap: (\d+) bytes, (\d+) in use, "
                  r"(\d+) at most\r\n", out, re.M)
    assert m, out
    return int(m.group(4)), int(m.group(5))


def test_nothing_leaks_over_100_https_fetches(boot, tmp_path, pki):
    """One TLS configuration, reused; nothing left on the heap by a request: its use after the first fetch
    and after 100 more is the same (show memory reports it)."""
    root = www_root(tmp_path)
    (root / "net.cfg").write_bytes(b"hostname secure\n")
    www = Lighttpd(tmp_path, root, tls=pki.ip)
    try:
        con, _ = unit(boot, tmp_path, anchors=[pki.ca])
        con.prompt = "secure(config)# "
        url = www.url("net.cfg")
        out = con.run("configure %s" % url, timeout=60)
        assert out.endswith("Received 16 bytes\r\n" + con.prompt), out
        before, _ = heap_in_use(con)
        for i in range(100):
            out = con.run("configure %s" % url, timeout=60)
            assert out.endswith("Received 16 bytes\r\n" + con.prompt), "fetch %d: %r" % (i, out)
        after, most = heap_in_use(con)
        print("network and TLS heap in use: %d bytes after the first fetch, %d after 100 more (at most %d)"
              % (before, after, most))
        assert after == before
    finally:
        www.stop()
