"""The UEFI application's build (issue 13): build/pix.efi is a PE32+ EFI application for x86-64 that a
firmware can load anywhere (base relocations present), and the ELF it is made from carries only the
dynamic relocations gnu-efi's start-up code applies (the build refuses any other)."""
import pathlib
import struct
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[2]
EFI = TOP / "build" / "pix.efi"
SO = TOP / "build" / "efi" / "pix.so"

IMAGE_FILE_MACHINE_AMD64 = 0x8664
PE32_PLUS = 0x20B
SUBSYSTEM_EFI_APPLICATION = 10
DIR_BASERELOC = 5


def pe_headers(data):
    """(machine, optional-header magic, subsystem, entry RVA, base-relocation directory (rva, size),
    sections as {name: (rva, virtual size)}) of a PE image."""
    assert data[:2] == b"MZ", "no MZ header"
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0", "no PE signature"
    machine, nsect, _, _, _, opt_size, _ = struct.unpack_from("<HHIIIHH", data, pe + 4)
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    entry = struct.unpack_from("<I", data, opt + 16)[0]
    subsystem = struct.unpack_from("<H", data, opt + 68)[0]
    ndirs = struct.unpack_from("<I", data, opt + 108)[0]
    assert ndirs > DIR_BASERELOC
    reloc = struct.unpack_from("<II", data, opt + 112 + 8 * DIR_BASERELOC)
    sections = {}
    for i in range(nsect):
        off = opt + opt_size + 40 * i
        name = data[off:off + 8].rstrip(b"\0").decode()
        vsize, rva = struct.unpack_from("<II", data, off + 8)
        sections[name] = (rva, vsize)
    return machine, magic, subsystem, entry, reloc, sections


def test_pe32_plus_efi_application_for_x86_64():
    machine, magic, subsystem, entry, reloc, sections = pe_headers(EFI.read_bytes())
    assert machine == IMAGE_FILE_MACHINE_AMD64
    assert magic == PE32_PLUS
    assert subsystem == SUBSYSTEM_EFI_APPLICATION
    rva, size = sections[".text"]
    assert rva <= entry < rva + size, "entry point 0x%x outside .text" % entry
    assert reloc[1] > 0, "no base relocation directory: a firmware could not load it elsewhere"
    assert {".text", ".data", ".reloc"} <= set(sections)


def test_only_relative_dynamic_relocations():
    out = subprocess.run(["readelf", "-rW", str(SO)], capture_output=True, text=True, check=True).stdout
    types = {line.split()[2] for line in out.splitlines() if line[:1] in "0123456789abcdef" and len(line.split()) > 2}
    assert types <= {"R_X86_64_RELATIVE"}, types
    assert types, "no relocations at all: the data holds pointers, so some are expected"
    undefined = subprocess.run(["nm", "-u", str(SO)], capture_output=True, text=True, check=True).stdout
    assert undefined.strip() == "", "undefined symbols: " + undefined
