"""copy http://... flash and configure http://... in the running image, against Debian's lighttpd (static
files with Content-Length, a streamed CGI body that it sends chunked, Basic authentication, redirects) and,
for what no real server sends, a raw TCP peer. Every refusal leaves the flash as it was."""
import os
import re
import struct

import pytest

from httpserver import PASSWORD, USER, Lighttpd, RawServer
from netns import CLIENT_IP, FAR_IP, SERVER_IP
from pixconsole import ESC, PIXOS_BIN
from pixosutil import (CONFIG, boot_pixos, current_version, flash_show, installed, make_unit, pixos_version, read,
                       refused, sized_images, sizes_arrive_intact, to_config)

NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\n"


@pytest.fixture
def www(tmp_path):
    root = tmp_path / "www"
    (root / "secret").mkdir(parents=True)
    server = Lighttpd(tmp_path, root)
    yield server
    server.stop()


def unit(boot, tmp_path, config=NET_CONFIG):
    flash = make_unit(tmp_path, config=config)
    con, _ = boot_pixos(boot, flash)
    to_config(con)
    return con, flash


def test_copy_http_installs(boot, tmp_path, www):
    pix636 = read(pixos_version(tmp_path, "6.3(6)"))
    pix637 = read(pixos_version(tmp_path, "6.3(7)"))
    (www.root / "pix636.bin").write_bytes(pix636)
    (www.root / "pix637.bin").write_bytes(pix637)
    (www.root / "secret" / "pix636.bin").write_bytes(pix636)
    con, flash = unit(boot, tmp_path)
    port = www.port
    # Content-Length
    out = con.run("copy %s flash" % www.url("pix637.bin"), timeout=60)
    assert re.fullmatch(re.escape("copy %s flash\r\n" % www.url("pix637.bin")) +
                        installed("http://10.0.2.2:%d/pix637.bin" % port, len(pix637)), out), out
    assert current_version(flash) == "6.3(7)"
    # chunked (lighttpd streams the CGI's output), the shown URL as typed
    out = con.run("copy http://10.0.2.2:%d/stream/pix636.bin flash:image" % port, timeout=60)
    assert re.search(installed("http://10.0.2.2:%d/stream/pix636.bin" % port, len(pix636)), out), out
    assert current_version(flash) == "6.3(6)"
    # Basic authentication; the password is never shown
    out = con.run("copy %s flash" % www.url("secret/pix636.bin", auth=True), timeout=60)
    assert PASSWORD not in out.replace(www.url("secret/pix636.bin", auth=True), ""), out
    assert re.search(installed("http://%s@10.0.2.2:%d/secret/pix636.bin" % (USER, port), len(pix636)), out), out
    # a redirect on the same host keeps the credentials
    out = con.run("copy %s flash" % www.url("to-secret/pix636.bin", auth=True), timeout=60)
    assert ("Redirected to http://%s@10.0.2.2:%d/secret/pix636.bin\r\n" % (USER, port)) in out, out
    assert out.endswith("Image installed\r\n" + CONFIG), out
    out = con.run("copy %s flash" % www.url("old/pix637.bin"), timeout=60)
    assert "Redirected to http://10.0.2.2:%d/pix637.bin\r\n" % port in out and "Image installed" in out, out
    assert current_version(flash) == "6.3(7)"
    # a name from the name table, the scheme in capitals
    con.cmd("name 10.0.2.2 webhost")
    out = con.run("copy HTTP://webhost:%d/pix636.bin flash" % port, timeout=60)
    assert "copying http://webhost:%d/pix636.bin to flash:image\r\n" % port in out and "Image installed" in out
    assert current_version(flash) == "6.3(6)"
    # a query: Ctrl-V makes '?' a character of the line (alone it asks for help), as on IOS
    out = con.run("copy http://10.0.2.2:%d/pix637.bin\x16?v=1 flash" % port, timeout=60)
    assert out.startswith("copy http://10.0.2.2:%d/pix637.bin?v=1 flash\r\n" % port), out
    assert re.search(installed("http://10.0.2.2:%d/pix637.bin?v=1" % port, len(pix637)), out), out
    assert current_version(flash) == "6.3(7)"


def test_copy_http_refusals(boot, tmp_path, www):
    image = read(PIXOS_BIN)
    (www.root / "notes.txt").write_bytes(b"not an image\n" * 100)
    (www.root / "cut.bin").write_bytes(image[:len(image) // 2])
    (www.root / "pdm.bin").write_bytes(read(pixos_version(tmp_path, "3.0(4)", kind="pdm")))
    (www.root / "secret" / "pix.bin").write_bytes(image)
    con, flash = unit(boot, tmp_path)
    port = www.port
    url = "http://10.0.2.2:%d/" % port
    refused(con, flash, "copy %snotes.txt flash" % url, "ERROR: notes.txt is not a PIX image (no PIXIMAGE header)")
    refused(con, flash, "copy %scut.bin flash" % url,
            "ERROR: cut.bin is truncated (%d bytes arrived)" % (len(image) // 2))
    refused(con, flash, "copy %spdm.bin flash" % url,
            "ERROR: pdm.bin is a PDM archive, not a PIX OS image (copy it to flash:pdm)")
    refused(con, flash, "copy %smissing.bin flash" % url,
            "ERROR: %smissing.bin: the server answered 404 Not Found" % url)
    refused(con, flash, "copy %ssecret/pix.bin flash" % url,
            "ERROR: %ssecret/pix.bin: the server answered 401 Unauthorized (give a user and password: "
            "http[s]://user:password@location/pathname)" % url)
    refused(con, flash, "copy http://%s:wrong@10.0.2.2:%d/secret/pix.bin flash" % (USER, port),
            "ERROR: http://%s@10.0.2.2:%d/secret/pix.bin: the server answered 401 Unauthorized (the user or "
            "password was refused)" % (USER, port))
    out = refused(con, flash, "copy %sloop flash" % url, "ERROR: %sloopxxxxx: more than 5 redirects" % url)
    assert out.count("Redirected to") == 5, out
    # A port nothing listens on: the host refuses QEMU's user network, which resets the guest's connection
    # or, when it had already accepted it (libslirp 4.7 connects to the host asynchronously), closes it.
    closed = RawServer(tmp_path, None)
    closed.stop()
    out = refused(con, flash, "copy http://10.0.2.2:%d/pix.bin flash" % closed.port)
    assert re.search(r"\r\nERROR: http://10\.0\.2\.2:%d/pix\.bin: (connection refused by the server|bad answer "
                     r"from the server: connection closed without a response)\r\nImage not installed\r\n"
                     % closed.port, out), out
    con.cmd("copy http://192.168.99.1/pix.bin flash", "copying http://192.168.99.1/pix.bin to flash:image",
            "ERROR: copy: no route to the host (ip address, route)", "Image not installed")
    con.cmd("copy http://nosuchname/x flash", "copying http://nosuchname/x to flash:image",
            "ERROR: 'nosuchname' is not a host address or name (no name server to ask: dns name-server if_name "
            "ip_address)", "Image not installed")
    usage = ("Usage: copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]",
             "       copy http[s]://[user:password@]location[:port]/pathname flash[:[image | pdm]]")
    before = flash_show(flash)
    for line in ("copy http flash", "copy http: flash",
                 "copy http://10.0.2.2:0/x flash", "copy http://10.0.2.2:65536/x flash",
                 "copy http://10.0.2.2:8o/x flash", "copy http://bad*host/x flash",
                 "copy http://10.0.2.2/x disk:", "copy http:///x flash"):
        con.cmd(line, *usage)
    assert flash_show(flash) == before


# What lighttpd never sends: each is refused and nothing is installed.
HOSTILE = [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 5000,
     "bad answer from the server: connection closed before the end of the body"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + b"x" * 5000,
     "bad answer from the server: body longer than Content-Length"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + b"x" * 16 + b"\r\nzz\r\n",
     "bad answer from the server: bad chunk size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + b"x" * 16 + b"\r\n",
     "bad answer from the server: connection closed before the end of the body"),
    (b"SSH-2.0-OpenSSH_9.2\r\n", "bad answer from the server: malformed status line"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
     "bad answer from the server: bad Content-Length"),
    (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * (100 << 10) + b"\r\n\r\n",
     "bad answer from the server: header line too long"),
    (b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "the server answered 403 Forbidden"),
    (b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!",
     "the server answered 500 Internal Server Error"),
    (b"HTTP/1.1 302 Found\r\nLocation: ftp://10.0.2.2/x\r\nContent-Length: 0\r\n\r\n",
     "redirect to a location this image cannot use"),
    (b"HTTP/1.1 302 Found\r\nLocation: /" + b"a" * 300 + b"\r\nContent-Length: 0\r\n\r\n",
     "redirect to a location this image cannot use"),
    (b"", "bad answer from the server: connection closed without a response"),
]


def guest_syn_isns(pcap_path, guest_ip=b"\x0a\x00\x02\x0f"):
    """The sequence numbers of the guest's SYNs (not SYN-ACKs) in a libpcap file of Ethernet frames."""
    with open(pcap_path, "rb") as f:
        data = f.read()
    isns, off = [], 24  # the file header
    while off + 16 <= len(data):
        caplen = struct.unpack_from("<I", data, off + 8)[0]
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(frame) < 14 + 20 + 20 or frame[12:14] != b"\x08\x00" or frame[14 + 9] != 6:
            continue
        ip_len = (frame[14] & 0xF) * 4
        tcp = frame[14 + ip_len:]
        if frame[14 + 12:14 + 16] == guest_ip and tcp[13] & 0x12 == 0x02:
            isns.append(struct.unpack_from(">I", tcp, 4)[0])
    return isns


def test_tcp_isns_unpredictable(boot, tmp_path, www):
    """The image's TCP initial sequence numbers come from a keyed hash (RFC 6528, the key from RDRAND):
    lwIP's own are the last one plus the 500 ms ticks since, small steps anyone can guess. Five
    connections' ISNs, read off QEMU's capture of the NIC's frames: distinct, and not a counter (at least
    one step of 2^24 or more: random steps all fall under it once in 2^32)."""
    pcap = str(tmp_path / "syn.pcap")
    flash = make_unit(tmp_path, config=NET_CONFIG)
    con, _ = boot_pixos(boot, flash, extra=["-object", "filter-dump,id=dump0,netdev=n1,file=%s,maxlen=96" % pcap])
    to_config(con)
    url = "http://10.0.2.2:%d/missing.bin" % www.port
    for _ in range(5):
        refused(con, flash, "copy %s flash" % url, "ERROR: %s: the server answered 404 Not Found" % url)
    isns = guest_syn_isns(pcap)
    assert len(isns) == 5, isns
    assert len(set(isns)) == 5, isns
    steps = [(b - a) % 2**32 for a, b in zip(isns, isns[1:])]
    assert max(steps) >= 2**24, ["%08x" % i for i in isns]


def test_tcp_without_rdrand(boot, tmp_path, www):
    """On a processor without RDRAND (QEMU's qemu32 without +rdrand; the later -cpu wins) TCP still works
    with lwIP's own ISNs (its fallback, net/sys_arch.c), and https is refused (no trust anchor is needed to
    say so: the random generator is checked first)."""
    pix637 = read(pixos_version(tmp_path, "6.3(7)"))
    (www.root / "pix637.bin").write_bytes(pix637)
    flash = make_unit(tmp_path, config=NET_CONFIG)
    con, _ = boot_pixos(boot, flash, extra=["-cpu", "qemu32"])
    to_config(con)
    out = con.run("copy %s flash" % www.url("pix637.bin"), timeout=60)
    assert re.search(installed("http://10.0.2.2:%d/pix637.bin" % www.port, len(pix637)), out), out
    assert current_version(flash) == "6.3(7)"
    url = "https://10.0.2.2:%d/pix637.bin" % www.port
    out = con.run("copy %s flash" % url, timeout=60)
    assert "ERROR: %s: https needs a hardware random number generator (RDRAND) and this unit has none" % url \
        in out, out


def test_copy_http_from_a_hostile_server(boot, tmp_path):
    con, flash = unit(boot, tmp_path)
    problems = []
    for reply, why in HOSTILE:
        server = RawServer(tmp_path, reply)
        try:
            url = server.url("pix.bin")
            before = flash_show(flash)
            out = con.run("copy %s flash" % url, timeout=60)
            want = "ERROR: %s: %s\r\nImage not installed\r\n%s" % (url, why, CONFIG)
            if not out.endswith(want) or flash_show(flash) != before:
                problems.append("%r:\n  want ...%r\n  got  %r" % (reply[:60], want, out))
            if server.requests and not server.requests[0].startswith(b"GET /pix.bin HTTP/1.1\r\n"):
                problems.append("request: %r" % server.requests[0])
        finally:
            server.stop()
    assert not problems, "\n".join(problems)


def test_copy_http_reset_mid_body(boot, tmp_path):
    """QEMU's user network passes the host's reset on as an ordinary close (FIN): the unit sees a body
    that ended early. test_http_on_a_tap sees the reset itself."""
    con, flash = unit(boot, tmp_path)
    server = RawServer(tmp_path, b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 100000, reset=True)
    try:
        url = server.url("pix.bin")
        refused(con, flash, "copy %s flash" % url,
                "ERROR: %s: bad answer from the server: connection closed before the end of the body" % url)
    finally:
        server.stop()


def test_copy_http_sizes_arrive_intact(boot, tmp_path, www):
    """Images of 1, 8 and 32 MiB arrive whole (pixosutil.sizes_arrive_intact); an empty file is refused."""
    sized_images(tmp_path, www.root)
    flash = make_unit(tmp_path, config=NET_CONFIG)
    con, _ = boot_pixos(boot, flash, memory=128)
    to_config(con)
    sizes_arrive_intact(con, flash, www.url, timeout=lambda mib: 60 + 8 * mib)


def test_copy_http_silence_and_esc(boot, tmp_path):
    """A server that accepts and never answers: the 10 s inactivity timeout, or Esc at once."""
    con, flash = unit(boot, tmp_path)
    server = RawServer(tmp_path, None)
    try:
        url = server.url("pix.bin")
        refused(con, flash, "copy %s flash" % url, "ERROR: %s: the server stopped sending" % url, timeout=40)
        before = flash_show(flash)
        con.send("copy %s flash\r" % url)
        con.expect_exact("copying %s to flash:image\r\n" % url)
        con.send(ESC)
        out = con.until_prompt(timeout=5)
        assert out.endswith("ERROR: %s: transfer aborted\r\nImage not installed\r\n%s" % (url, CONFIG)), out
        assert flash_show(flash) == before
    finally:
        server.stop()


def test_esc_aborts_a_long_http_copy(boot, tmp_path, www):
    (www.root / "huge.bin").write_bytes(os.urandom(32 << 20))
    con, flash = unit(boot, tmp_path)
    before = flash_show(flash)
    url = www.url("huge.bin")
    con.send("copy %s flash\r" % url)
    con.expect_exact("copying %s to flash:image\r\n!" % url, timeout=30)
    con.send(ESC)
    out = con.until_prompt(timeout=20)
    assert out.endswith("\r\nERROR: %s: transfer aborted\r\nImage not installed\r\n%s" % (url, CONFIG)), out
    assert flash_show(flash) == before


NET_CFG = (b": fetched over http\r\n"
           b"hostname fetched\r\n"
           b"bogus command\r\n"
           b"name 10.0.2.2 server\r\n")


def test_configure_http_merges_and_reports(boot, tmp_path, www):
    (www.root / "net.cfg").write_bytes(NET_CFG)
    (www.root / "secret" / "net.cfg").write_bytes(b"hostname secretly\n")
    con, flash = unit(boot, tmp_path)
    con.prompt = "fetched(config)# "
    url = www.url("net.cfg")
    out = con.run("configure %s" % url, timeout=30)
    assert re.fullmatch(re.escape("configure %s\r\n" % url) + r"!*\r?\n?" +
                        re.escape("Received %d bytes\r\n" % len(NET_CFG)) +
                        r"http line 3: bogus command\r\n"
                        r"ERROR: 'bogus' is not a command this image knows\r\n" +
                        re.escape("1 line of %s not applied\r\n" % url) + re.escape(con.prompt), out), out
    assert "name 10.0.2.2 server" in con.run("show running-config").split("\r\n")
    con.prompt = "secretly(config)# "
    out = con.run("configure %s" % www.url("secret/net.cfg", auth=True), timeout=30)
    assert out.endswith("Received 18 bytes\r\n" + con.prompt), out
    out = con.run("configure %s" % www.url("missing.cfg"), timeout=30)
    assert out.endswith("ERROR: %s: the server answered 404 Not Found\r\n%s" % (www.url("missing.cfg"),
                                                                                 con.prompt)), out
    con.cmd("configure http://10.0.2.2:99999/x",
            "Usage: configure terminal | memory | net [[location]:[pathname]]",
            "       configure http[s]://[user:password@]location[:port]/pathname")
    con.cmd("configure", "ERROR: incomplete command")
    assert "hostname secretly" not in flash_show(flash)  # merged, not stored
    # Nothing leaks per request: lwIP has 4 TCP connections, and connections closed by the unit stay in
    # TIME-WAIT; 40 fetches in a row all work.
    (www.root / "small.cfg").write_bytes(b"hostname secretly\n")
    for i in range(40):
        out = con.run("configure %s" % www.url("small.cfg"), timeout=30)
        assert out.endswith("Received 18 bytes\r\n" + con.prompt), "fetch %d: %r" % (i, out)


def test_http_on_a_tap(testnet, boot, tmp_path):
    """lighttpd on its default port 80 in a network namespace, reached over a tap (no QEMU user network in
    between): an image installed from the link's server and from one behind the gateway; a reset mid-body
    and a closed port as the unit sees them (a real TCP reset)."""
    testnet.up(far=True)
    root = tmp_path / "www"
    (root / "secret").mkdir(parents=True)
    pix636 = read(pixos_version(tmp_path, "6.3(6)"))
    pix637 = read(pixos_version(tmp_path, "6.3(7)"))
    (root / "pix637.bin").write_bytes(pix637)
    (root / "secret" / "pix636.bin").write_bytes(pix636)
    Lighttpd(tmp_path, root, testnet=testnet, address="0.0.0.0", port=80)
    reset = RawServer(tmp_path, b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 100000, reset=True,
                      testnet=testnet, address=SERVER_IP, port=8080)
    flash = make_unit(tmp_path, config="ip address inside %s 255.255.255.0\nroute inside 0 0 %s\n"
                      % (CLIENT_IP, SERVER_IP))
    try:
        con, _ = boot_pixos(boot, flash, net="tap:" + testnet.tap)
        to_config(con)
        url = "http://%s:%s@%s/secret/pix636.bin" % (USER, PASSWORD, SERVER_IP)
        out = con.run("copy %s flash" % url, timeout=60)
        assert re.search(installed("http://%s@%s/secret/pix636.bin" % (USER, SERVER_IP), len(pix636)), out), out
        assert current_version(flash) == "6.3(6)"
        out = con.run("copy http://%s/pix637.bin flash" % FAR_IP, timeout=60)  # behind the gateway
        assert re.search(installed("http://%s/pix637.bin" % FAR_IP, len(pix637)), out), out
        assert current_version(flash) == "6.3(7)"
        refused(con, flash, "copy http://%s:8080/pix.bin flash" % SERVER_IP,
                "ERROR: http://%s:8080/pix.bin: connection reset by the server" % SERVER_IP)
        refused(con, flash, "copy http://%s:81/pix.bin flash" % SERVER_IP,
                "ERROR: http://%s:81/pix.bin: connection refused by the server" % SERVER_IP)
    finally:
        reset.stop()
