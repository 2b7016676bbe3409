"""HTTP servers for the running image's copy http / configure http tests.

Lighttpd is Debian's lighttpd 1.4, unpacked by tools/deps.sh under build/deps/debs/lighttpd (not installed,
so no system daemon starts), run in the foreground on 127.0.0.1 at a free port: QEMU's user network takes
the guest's connections to 10.0.2.2:port to the host's 127.0.0.1:port. Its document root is a folder of
the test's; it serves static files (Content-Length), Basic authentication under /secret/, redirects, and a
CGI whose output it streams chunked.

RawServer is a hostile peer for what no real server sends: it accepts connections and answers each with
bytes the test gives (or with nothing), then closes or keeps the connection open.
"""
import os
import socket
import subprocess
import threading
import time

from pixconsole import TOP, free_port

LIGHTTPD_ROOT = os.path.join(TOP, "build", "deps", "debs", "lighttpd", "usr")
LIGHTTPD = os.path.join(LIGHTTPD_ROOT, "sbin", "lighttpd")
LIGHTTPD_MODULES = os.path.join(LIGHTTPD_ROOT, "lib", "lighttpd")
START_TIMEOUT = 10
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
    """lighttpd serving root (a pathlib folder) on a free port."""

    def __init__(self, tmp_path, root):
        self.root = root
        self.port = free_port()
        self.dir = tmp_path / "lighttpd"
        self.dir.mkdir(exist_ok=True)
        (self.dir / "users").write_text("%s:%s\n" % (USER, PASSWORD))
        cgi = self.dir / "stream.cgi"
        cgi.write_text(STREAM_CGI % str(root))
        cgi.chmod(0o755)
        conf = self.dir / "lighttpd.conf"
        conf.write_text("\n".join([
            'server.document-root = "%s"' % root,
            'server.bind = "127.0.0.1"',
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
        self.proc = subprocess.Popen([LIGHTTPD, "-D", "-f", str(conf), "-m", LIGHTTPD_MODULES],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT)
        try:
            wait_listening(self.port, self.proc, "lighttpd")
        except RuntimeError:
            self.stop()
            raise

    def url(self, path, auth=False):
        cred = "%s:%s@" % (USER, PASSWORD) if auth else ""
        return "http://%s10.0.2.2:%d/%s" % (cred, self.port, path)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=10)


class RawServer:
    """Answers every connection on a free port with reply (bytes) read after the request's end, then
    closes it (hold=False) or keeps it open until stop() (hold=True). reply None sends nothing."""

    def __init__(self, reply, hold=False):
        self.reply, self.hold = reply, hold
        self.requests = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.conns = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            request = b""
            while b"\r\n\r\n" not in request:
                piece = conn.recv(4096)
                if not piece:
                    break
                request += piece
            self.requests.append(request)
            if self.reply is not None:
                conn.sendall(self.reply)
            if not self.hold:
                conn.close()

    def url(self, path):
        return "http://10.0.2.2:%d/%s" % (self.port, path)

    def stop(self):
        self.stopping.set()
        self.sock.close()
        for c in self.conns:
            c.close()
        self.thread.join(timeout=5)
