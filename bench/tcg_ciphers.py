#!/usr/bin/python3
"""How fast QEMU's TCG runs the ciphers an HTTPS download could use (issue 10), beside the host.

Builds bench/tcg_ciphers.c for 32-bit x86 (-m32 -march=i686 -O2, static; mbedTLS 2.28's cipher
sources from build/deps/mbedtls with the running image's configuration, lib/mbedtls_config.h with
PIX_TLS, at -O2 as boot/pixos/pixos.mk builds them), runs it natively and under qemu-i386 -cpu max
(Debian's qemu-user: the same TCG as qemu-system-i386, without its memory management, so the
figures are an upper bound for the firmware; the same source built for x86-64 runs natively as
the host's reference, since a kernel without 32-bit support cannot run the i386 build), --runs
times each, and prints the median MiB/s of
every row side by side, then what "HTTPS within 2 times of HTTP" leaves the cipher:
an AEAD must encrypt at least at the rate HTTP downloads (--http-mibs, default 90 MiB/s, the
running image's warm copy http on QEMU's network, bench/README.md), plus the handshake's time.

Needs gcc-multilib (32-bit libc) and qemu-user (apt-get install gcc-multilib qemu-user); not part
of `make bench` or tools/deps.sh. Run `make` first (it fetches the mbedTLS sources).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MBEDTLS = os.path.join(ROOT, "build", "deps", "mbedtls")
OUT = os.path.join(ROOT, "build", "bench", "tcg_ciphers")
OUT64 = OUT + "-x86_64"
SOURCES = ["chacha20.c", "poly1305.c", "chachapoly.c", "gcm.c", "aes.c", "cipher.c",
           "cipher_wrap.c", "platform.c", "platform_util.c"]


def build(out, arch):
    if not os.path.isdir(os.path.join(MBEDTLS, "library")):
        sys.exit("tcg_ciphers: %s has no mbedTLS sources: run make first" % MBEDTLS)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    argv = ["gcc"] + arch + ["-O2", "-static", "-ffunction-sections",
            "-Wl,--gc-sections", "-DPIX_TLS", "-DMBEDTLS_CONFIG_FILE=\"mbedtls_config.h\"",
            "-I" + os.path.join(ROOT, "lib"), "-I" + os.path.join(MBEDTLS, "include"),
            "-o", out, os.path.join(ROOT, "bench", "tcg_ciphers.c")]
    argv += [os.path.join(MBEDTLS, "library", s) for s in SOURCES]
    subprocess.run(argv, check=True)


def run(argv):
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        name, value = line.split()
        rows[name] = None if value == "n/a" else float(value)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, metavar="N", help="runs of each (default 3)")
    ap.add_argument("--http-mibs", type=float, default=90.0, metavar="R",
                    help="copy http's streaming rate the cipher is held against (default 90)")
    args = ap.parse_args()
    qemu = shutil.which("qemu-i386")
    if not qemu:
        sys.exit("tcg_ciphers: qemu-i386 not found (apt-get install qemu-user)")
    build(OUT, ["-m32", "-march=i686"])
    build(OUT64, ["-m64"])
    modes = [("host, x86-64 build", [OUT64]), ("qemu-i386 -cpu max (TCG)", [qemu, "-cpu", "max", OUT])]
    samples = {}
    for _ in range(args.runs):
        for mode, argv in modes:
            for name, v in run(argv).items():
                samples.setdefault((mode, name), []).append(v)
    names = list(dict.fromkeys(n for _, n in samples))
    print("MiB/s, median of %d run(s), 8 MiB in 16 KiB records" % args.runs)
    print("%-20s %20s %28s" % ("cipher", modes[0][0], modes[1][0]))
    for n in names:
        cells = []
        for mode, _ in modes:
            v = samples[(mode, n)]
            cells.append("n/a" if None in v else "%.1f" % statistics.median(v))
        print("%-20s %20s %28s" % (n, cells[0], cells[1]))
    r = args.http_mibs
    print("\nHTTPS within 2 times of HTTP, HTTP streaming at %.0f MiB/s: the AEAD and the record layer "
          "together must run at %.0f MiB/s or more (2/r_https = 1/r + 1/r_aead gives r_aead = r) "
          "before any handshake time." % (r, r))


if __name__ == "__main__":
    main()
