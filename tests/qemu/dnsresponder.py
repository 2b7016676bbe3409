"""A name server for the tests, run as its own process (in the test's network namespace):
python3 dnsresponder.py ADDRESS PORT MODE QUERIES_FILE [NAME=IPV4 ...]

It listens on UDP ADDRESS:PORT, prints "listening" on stdout once it does (the test's synchronisation),
and appends each query it gets to QUERIES_FILE as a line "<id> <name> <type>". MODE "answer": an A query
for a NAME of the arguments (in any case) gets its IPV4 (TTL 60), another query for such a NAME an answer
with no record (NOERROR), any other name NXDOMAIN; "refuse": every query gets REFUSED; "silent": nothing
is ever answered. The messages are built by hand (RFC 1035 4.1); it runs until killed.
"""
import socket
import struct
import sys

QTYPE_A = 1
QCLASS_IN = 1
RCODE_NOERROR, RCODE_NXDOMAIN, RCODE_REFUSED = 0, 3, 5
TTL = 60


def question(msg):
    """(name, qtype, qclass, end offset) of the first question of a query; the name's labels as sent."""
    labels, at = [], 12
    while msg[at]:
        n = msg[at]
        labels.append(msg[at + 1:at + 1 + n].decode("ascii", "replace"))
        at += 1 + n
    qtype, qclass = struct.unpack("!HH", msg[at + 1:at + 5])
    return ".".join(labels), qtype, qclass, at + 5


def reply(msg, mode, table):
    """The response to query msg, or None when there is none to send."""
    ident, flags, qdcount = struct.unpack("!HHH", msg[:6])
    name, qtype, qclass, end = question(msg)
    answers = b""
    if mode == "refuse":
        rcode = RCODE_REFUSED
    elif name.lower() not in table:
        rcode = RCODE_NXDOMAIN
    else:
        rcode = RCODE_NOERROR
        if qtype == QTYPE_A and qclass == QCLASS_IN:  # the name as a pointer to the question's
            answers = struct.pack("!HHHIH", 0xC00C, QTYPE_A, QCLASS_IN, TTL, 4) + socket.inet_aton(table[name.lower()])
    # QR, the query's opcode and RD, AA, RA, the RCODE; the question echoed
    out_flags = 0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | rcode
    header = struct.pack("!HHHHHH", ident, out_flags, 1, 1 if answers else 0, 0, 0)
    return header + msg[12:end] + answers


def main(address, port, mode, queries_file, *names):
    table = {}
    for entry in names:
        name, ip = entry.split("=")
        table[name.lower()] = ip
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, int(port)))
    print("listening", flush=True)
    while True:
        msg, peer = sock.recvfrom(4096)
        if len(msg) < 17 or msg[2] & 0x80:  # not a query
            continue
        try:
            name, qtype, _, _ = question(msg)
        except (IndexError, struct.error):
            continue
        with open(queries_file, "a") as f:
            f.write("%d %s %d\n" % (struct.unpack("!H", msg[:2])[0], name, qtype))
        if mode != "silent":
            sock.sendto(reply(msg, mode, table), peer)


if __name__ == "__main__":
    main(*sys.argv[1:])
