"""A hostile HTTP peer for the tests, run as its own process (in the test's network namespace when the
test uses one): python3 rawhttp.py ADDRESS PORT MODE REPLY_FILE REQUESTS_FILE [CERT KEY]

It listens on ADDRESS:PORT, prints "listening" on stdout once it does (the test's synchronisation), and
answers every connection, after the end of its request header, with the bytes of REPLY_FILE (MODE "send",
"reset": SO_LINGER 0 after them, so the close is a reset, or "hold": the connection stays open; "silent"
sends nothing and holds). Each request header is appended to REQUESTS_FILE. It runs until killed.
With CERT and KEY (PEM files) it speaks TLS: "send" then closes the TCP connection without TLS's
close_notify (a cut), "notify" sends close_notify first (an orderly TLS close).
"""
import socket
import ssl
import struct
import sys


def main(address, port, mode, reply_file, requests_file, cert=None, key=None):
    with open(reply_file, "rb") as f:
        reply = f.read()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address, int(port)))
    sock.listen(4)
    print("listening", flush=True)
    held = []
    tls = None
    if cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
    while True:
        conn, _ = sock.accept()
        if tls:
            try:
                conn = tls.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                continue
        request = b""
        while b"\r\n\r\n" not in request:
            piece = conn.recv(4096)
            if not piece:
                break
            request += piece
        with open(requests_file, "ab") as f:
            f.write(request + b"\0")
        if mode != "silent":
            conn.sendall(reply)
        if mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        if mode in ("hold", "silent"):
            held.append(conn)
        elif mode == "notify":
            # close_notify, then the TCP close at once (a blocking unwrap() would wait for the
            # peer's close_notify)
            conn.setblocking(False)
            try:
                conn.unwrap()
            except (ssl.SSLWantReadError, ssl.SSLError, OSError):
                pass
            conn.close()
        else:
            conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
