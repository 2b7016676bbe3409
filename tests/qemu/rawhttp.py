"""A hostile HTTP peer for the tests, run as its own process (in the test's network namespace when the
test uses one): python3 rawhttp.py ADDRESS PORT MODE REPLY_FILE REQUESTS_FILE

It listens on ADDRESS:PORT, prints "listening" on stdout once it does (the test's synchronisation), and
answers every connection, after the end of its request header, with the bytes of REPLY_FILE (MODE "send",
"reset": SO_LINGER 0 after them, so the close is a reset, or "hold": the connection stays open; "silent"
sends nothing and holds). Each request header is appended to REQUESTS_FILE. It runs until killed.
"""
import socket
import struct
import sys


def main(address, port, mode, reply_file, requests_file):
    with open(reply_file, "rb") as f:
        reply = f.read()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address, int(port)))
    sock.listen(4)
    print("listening", flush=True)
    held = []
    while True:
        conn, _ = sock.accept()
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
        else:
            conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
