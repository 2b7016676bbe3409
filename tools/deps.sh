#!/usr/bin/env bash
# Installs what the project needs on Debian 12 and fetches lwIP and mbedTLS sources (idempotent).
#
# Usage: tools/deps.sh [--check]
#   --check  only report what is missing; exit 1 if anything is.
#
# Debian packages are installed with apt-get (root, or sudo when available).
# lwIP 2.1.3 and mbedTLS 2.28 come from Debian's source packages, fetched with
# `apt-get source` through a private apt configuration under build/deps/apt
# (a deb-src entry of its own), so the machine's apt sources are never edited.
# Nothing fetched is committed: build/ is ignored by git.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/build/deps"

# Debian packages, with one file or command each that proves it is installed.
pkgs=(
	"gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a"
	"nasm:/usr/bin/nasm"
	"qemu-system-x86:/usr/bin/qemu-system-i386"
	"libcmocka-dev:/usr/include/cmocka.h"
	"python3-pytest:/usr/lib/python3/dist-packages/pytest/__init__.py"
	"python3-pexpect:/usr/lib/python3/dist-packages/pexpect/__init__.py"
	"python3-scapy:/usr/lib/python3/dist-packages/scapy/__init__.py"
	"python3-pytest-xdist:/usr/lib/python3/dist-packages/xdist/__init__.py"
	"u-boot-qemu:/usr/lib/u-boot/qemu-x86/u-boot.rom"
	"ipxe-qemu:/usr/lib/ipxe/qemu/efi-e1000.rom"
	"ovmf:/usr/share/ovmf/OVMF.fd"
	"gnu-efi:/usr/lib/crt0-efi-x86_64.o"
	"clang:/usr/bin/clang"
	"libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
	"dpkg-dev:/usr/bin/dpkg-source"
	"iproute2:/usr/sbin/ip"
	"clang-format:/usr/bin/clang-format"
	"tftpd-hpa:/usr/sbin/in.tftpd"
	"libxxhash0:/usr/lib/x86_64-linux-gnu/libxxhash.so.0"
	"libnettle8:/usr/lib/x86_64-linux-gnu/libnettle.so.8"
	"openssl:/usr/bin/openssl"
	"telnet:/usr/bin/telnet"
	"libssl3:/usr/lib/x86_64-linux-gnu/libssl.so.3"
)

# Debian packages that conflict with an installed one (atftpd Conflicts with tftpd-hpa, both being "a
# tftpd") or would start a system daemon when installed (lighttpd on port 80): fetched with `apt-get
# download` and unpacked under build/deps/debs/<name> without being installed, so no daemon starts. Name, then the path inside the package that proves it is there. Their
# library dependencies must come from the packages above (atftpd: libwrap0 via tftpd-hpa, libpcre2-8-0;
# lighttpd: libxxhash0, libnettle8, libpcre2-8-0, libcrypt1; its mod_openssl: libssl3). Tests run
# them from there.
debs=(
	"atftpd:usr/sbin/atftpd"
	"lighttpd:usr/sbin/lighttpd"
	"lighttpd-mod-openssl:usr/lib/lighttpd/mod_openssl.so"
)

# Source packages: name, wanted upstream version prefix, folder to create.
srcs=(
	"lwip:2.1.3:lwip"
	"mbedtls:2.28:mbedtls"
)

check=0
[ "${1:-}" = "--check" ] && check=1

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${pkgs[@]}"; do
	[ -e "${p#*:}" ] || missing+=("${p%%:*}")
done

missing_src=()
for s in "${srcs[@]}"; do
	IFS=: read -r name ver dir <<<"$s"
	[ -f "$deps/$dir/.fetched-$ver" ] || missing_src+=("$s")
done

missing_debs=()
for d in "${debs[@]}"; do
	[ -e "$deps/debs/${d%%:*}/${d#*:}" ] || missing_debs+=("${d%%:*}")
done

if [ $check -eq 1 ]; then
	[ ${#missing[@]} -eq 0 ] && [ ${#missing_src[@]} -eq 0 ] && [ ${#missing_debs[@]} -eq 0 ] && exit 0
	echo "missing: ${missing[*]} ${missing_src[*]} ${missing_debs[*]}"
	exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -qq
	as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ${#missing_debs[@]} -gt 0 ]; then
	[ ${#missing[@]} -gt 0 ] || as_root apt-get update -qq
	for name in "${missing_debs[@]}"; do
		work="$deps/debs/.download-$name"
		rm -rf "$work" "${deps:?}/debs/$name"
		mkdir -p "$work"
		(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root "$name")
		dpkg-deb -x "$work"/"$name"_*.deb "$deps/debs/$name"
		rm -rf "$work"
		echo "deps: $name unpacked in build/deps/debs/$name"
	done
fi

if [ ${#missing_src[@]} -gt 0 ]; then
	# A private apt configuration with a deb-src entry for the machine's own
	# Debian suite; lists are kept under build/deps/apt.
	apt="$deps/apt"
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/sources.list.d"
	suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
	echo "deb-src http://deb.debian.org/debian $suite main" >"$apt/sources.list"
	cat >"$apt/apt.conf" <<CONF
Dir::Etc::SourceList "$apt/sources.list";
Dir::Etc::SourceParts "$apt/sources.list.d";
Dir::State::Lists "$apt/lists";
Dir::Cache::Archives "$apt/archives";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::Sandbox::User "root";
CONF
	export APT_CONFIG="$apt/apt.conf"
	apt-get update -qq
	for s in "${missing_src[@]}"; do
		IFS=: read -r name ver dir <<<"$s"
		work="$deps/src-$name"
		rm -rf "$work" "${deps:?}/$dir"
		mkdir -p "$work"
		(cd "$work" && apt-get source -qq "$name" >/dev/null)
		got=$(cd "$work" && ls -d "$name"-*/ | head -n 1)
		got=${got%/}
		version=${got#"$name"-}
		case "$version" in
		"$ver"*) ;;
		*)
			echo "deps: $name: got version $version, need $ver" >&2
			exit 1
			;;
		esac
		mv "$work/$got" "$deps/$dir"
		rm -rf "$work"
		echo "$version" >"$deps/$dir/.fetched-$ver"
		echo "deps: $name $version in build/deps/$dir"
	done
fi
