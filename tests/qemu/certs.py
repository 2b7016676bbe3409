"""Certificates for the HTTPS tests, made with Debian's openssl (the command-line tool) into a folder:
a test CA, server certificates it signs (for an address, for a name, for another name, RSA or EC keys),
and a self-signed server certificate no anchor vouches for. Validity: now minus a day to now plus
VALID_DAYS; a test moves the unit's real-time clock (QEMU -rtc base=...) to see them expired or not yet
valid."""
import os
import subprocess

OPENSSL = "/usr/bin/openssl"
VALID_DAYS = 825


def _openssl(*args, cwd):
    r = subprocess.run([OPENSSL] + list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError("openssl %s: %s" % (" ".join(args), r.stdout.decode("latin-1")))


def _key(name, kind, cwd):
    if kind == "rsa":
        _openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key", cwd=cwd)
    else:
        _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key",
                 cwd=cwd)


class Certs:
    """The test PKI in folder d (a pathlib path): ca.pem, and <name>.pem / <name>.key per server()."""

    def __init__(self, d):
        self.d = d
        d.mkdir(parents=True, exist_ok=True)
        self.cwd = str(d)
        _key("ca", "ec", self.cwd)
        _openssl("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", str(VALID_DAYS),
                 "-subj", "/CN=PIX Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=self.cwd)
        self.ca = str(d / "ca.pem")

    def server(self, name, san, kind="ec", self_signed=False):
        """A server certificate and key for subjectAltName san ("IP:10.0.2.2,DNS:www.pix.test"), signed by
        the CA (or by itself). Returns (certificate path, key path)."""
        _key(name, kind, self.cwd)
        ext = self.d / (name + ".ext")
        ext.write_text("subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,"
                       "keyEncipherment\nextendedKeyUsage=serverAuth\n" % san)
        if self_signed:
            _openssl("req", "-x509", "-new", "-key", name + ".key", "-out", name + ".pem", "-days",
                     str(VALID_DAYS), "-subj", "/CN=%s" % name, "-addext", "subjectAltName=%s" % san, cwd=self.cwd)
        else:
            _openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=%s" % name,
                     cwd=self.cwd)
            _openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", name + ".pem", "-days", str(VALID_DAYS), "-extfile", str(ext), cwd=self.cwd)
        return str(self.d / (name + ".pem")), str(self.d / (name + ".key"))


def exists():
    return os.path.exists(OPENSSL)
