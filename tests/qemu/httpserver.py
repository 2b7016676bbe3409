"""HTTP servers for the running image's copy http / configure http tests.

Lighttpd is Debian's lighttpd 1.4, unpacked by tools/deps.sh under build/deps/debs/lighttpd (not installed,
so no system daemon starts), run in the foreground on 127.0.0.1 at a free port: QEMU's user network takes
the guest's connections to 10.0.2.2:port to the host's 127.0.0.1:port. Its document root is a folder of
the test's; it serves static files (Content-Length), Basic authentication under /secret/, redirects, and a
CGI whose output it streams chunked.

RawServer (rawhttp.py) is a hostile peer for what no real server sends: it accepts connections and answers
each with bytes the test gives (or with nothing), then closes, resets or keeps the connection open.
"""
import os
import itertools
import socket
import subprocess
import time

from pixconsole import TOP, free_port

LIGHTTPD_ROOT = os.path.join(TOP, "build", "deps", "debs", "lighttpd", "usr")
LIGHTTPD = os.path.join(LIGHTTPD_ROOT, "sbin", "lighttpd")
LIGHTTPD_MODULES = os.path.join(LIGHTTPD_ROOT, "lib", "lighttpd")
LIGHTTPD_OPENSSL = os.path.join(TOP, "build", "deps", "debs", "lighttpd-mod-openssl", "usr", "lib", "lighttpd")
RAWHTTP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rawhttp.py")
START_TIMEOUT = 10
_raw_serial = itertools.count()
USER, PASSWORD = "pixadmin", "s3cret:pw"  # a colon in the password, as RFC 7617 allows

# A CGI that sends a file of the document root (/stream/<file>: PATH_INFO names it) in 4 KiB pieces with
# no Content-Length, flushing each: lighttpd streams it to the client chunked.
STREAM_CGI = """#!/usr/bin/python3
import os, sys
out = sys.stdout.buffer
out.write(b"Content-Type: application/octet-stream\\r\\n\\r\\n")
with open(os.path.join(%r, os.environ["PATH_INFO"].lstrip("/")), "rb") as f:
    while True:
        piece = f.read(4096)
        if not piece:
            break
        out.write(piece)
        out.flush()
"""


def wait_listening(port, proc=None, what="server"):
    """Polls until something accepts connections on 127.0.0.1:port (the server is up)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
                raise RuntimeError("%s on port %d never came up" % (what, port))
            time.sleep(0.02)  # polling for the listening socket


class Lighttpd:
    """lighttpd serving root (a pathlib folder) on a free port of 127.0.0.1 (QEMU's user network), or on
    address:port in a test's network namespace (testnet, a netns.TestNet, which stops it at its close)."""

    def __init__(self, tmp_path, root, testnet=None, address="127.0.0.1", port=None, tls=None, tls_conf=()):
        """tls: (certificate, key) paths to serve HTTPS; tls_conf: more ssl.openssl.ssl-conf-cmd pairs
        (("MinProtocol", "TLSv1.3"), ...)."""
        self.root = root
        self.testnet = testnet
        self.address = address
        self.port = port or free_port()
        self.tls = tls
        self.dir = tmp_path / ("lighttpd-%d" % self.port)
        self.dir.mkdir(exist_ok=True)
        (self.dir / "users").write_text("%s:%s\n" % (USER, PASSWORD))
        cgi = self.dir / "stream.cgi"
        cgi.write_text(STREAM_CGI % str(root))
        cgi.chmod(0o755)
        conf = self.dir / "lighttpd.conf"
        conf.write_text("\n".join([
            'server.document-root = "%s"' % root,
            'server.bind = "%s"' % address,
            "server.port = %d" % self.port,
            'server.errorlog = "%s"' % (self.dir / "error.log"),
            'server.modules = ("mod_redirect", "mod_auth", "mod_authn_file", "mod_alias", "mod_cgi")',
            "server.stream-response-body = 2",
            'mimetype.assign = ("" => "application/octet-stream")',
            'alias.url = ("/stream" => "%s")' % cgi,
            'cgi.assign = ("stream.cgi" => "")',
            'url.redirect = ("^/old/(.*)$" => "/$1", "^/loop(x*)$" => "/loop$1x",'
            ' "^/to-secret/(.*)$" => "/secret/$1", "^/to-https/(.*)$" => "https://10.0.2.2:%d/$1")'
            % self.port,
            'auth.backend = "plain"',
            'auth.backend.plain.userfile = "%s"' % (self.dir / "users"),
            'auth.require = ("/secret/" => ("method" => "basic", "realm" => "pix", "require" => "valid-user"))',
            ""]))
        modules = LIGHTTPD_MODULES
        if tls:
            # mod_openssl comes in its own Debian package (unpacked apart): one folder with both
            modules = str(self.dir / "modules")
            os.makedirs(modules, exist_ok=True)
            for d in (LIGHTTPD_MODULES, LIGHTTPD_OPENSSL):
                for f in os.listdir(d):
                    if not os.path.exists(os.path.join(modules, f)):
                        os.symlink(os.path.join(d, f), os.path.join(modules, f))
            with open(conf, "a") as f:
                f.write('server.modules += ("mod_openssl")\nssl.engine = "enable"\n'
                        'ssl.pemfile = "%s"\nssl.privkey = "%s"\n' % tls)
                if tls_conf:
                    f.write("ssl.openssl.ssl-conf-cmd = (%s)\n"
                            % ", ".join('"%s" => "%s"' % kv for kv in tls_conf))
        argv = [LIGHTTPD, "-D", "-f", str(conf), "-m", modules]
        if testnet is not None:
            self.proc = testnet.start_server("lighttpd", argv, address, self.port, proto="tcp")
            return
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT)
        try:
            wait_listening(self.port, self.proc, "lighttpd")
        except RuntimeError:
            self.stop()
            raise

    def url(self, path, auth=False):
        cred = "%s:%s@" % (USER, PASSWORD) if auth else ""
        host = "10.0.2.2" if self.testnet is None else self.address
        port = "" if self.port == (443 if self.tls else 80) else ":%d" % self.port
        return "%s://%s%s%s/%s" % ("https" if self.tls else "http", cred, host, port, path)

    def stop(self):
        if self.testnet is not None:
            return  # the namespace's close stops it
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=10)


class RawServer:
    """rawhttp.py on a free port of 127.0.0.1 (QEMU's user network) or on address:port in a test's network
    namespace (testnet, a netns.TestNet): every connection gets reply (bytes), then is closed, reset
    (reset=True) or held open (hold=True); reply None sends nothing and holds the connection. tls: a
    (certificate, key) pair of PEM files: TLS, and the close comes without close_notify unless notify."""

    def __init__(self, tmp_path, reply, hold=False, reset=False, testnet=None, address="127.0.0.1", port=None,
                 tls=None, notify=False):
        n = next(_raw_serial)
        self.address = address
        self.port = port or free_port()
        reply_file = tmp_path / ("raw%d.reply" % n)
        reply_file.write_bytes(reply or b"")
        self.requests_file = tmp_path / ("raw%d.requests" % n)
        self.requests_file.write_bytes(b"")
        mode = "silent" if reply is None else "reset" if reset else "hold" if hold else "notify" if notify else "send"
        argv = ["/usr/bin/python3", RAWHTTP, address, str(self.port), mode, str(reply_file), str(self.requests_file)]
        self.scheme = "https" if tls else "http"
        if tls:  # (certificate, key) PEM files
            argv += list(tls)
        if testnet is not None:
            argv = testnet.netns_exec(argv)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline()  # "listening", or EOF when it could not start
        if line.strip() != b"listening":
            self.stop()
            raise RuntimeError("rawhttp.py did not start: %r" % self.proc.stderr.read())

    @property
    def requests(self):
        return [r for r in self.requests_file.read_bytes().split(b"\0") if r]

    def url(self, path):
        host = "10.0.2.2" if self.address == "127.0.0.1" else self.address
        return "%s://%s:%d/%s" % (self.scheme, host, self.port, path)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
