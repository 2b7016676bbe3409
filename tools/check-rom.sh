#!/usr/bin/env bash
# Build-time checks of the ROM: exact size, no writable section in ROM, and the space used.
# Usage: tools/check-rom.sh ELF ROM
set -euo pipefail
elf=$1 rom=$2
budget=$((256 * 1024))
rom_base=$((0x100000000 - budget))

size=$(stat -c %s "$rom")
if [ "$size" -ne "$budget" ]; then
	echo "check-rom: $rom is $size bytes, expected exactly $budget" >&2
	exit 1
fi

# Writable data must live in .data (copied to RAM by entry32.S) or .bss/.stack (zeroed or scratch):
# a writable section in the ROM window would be read-only at run time, and any other writable
# section (an orphan the linker placed on its own) would never be initialised.
bad=
while read -r name addr flags; do
	[[ $flags == *A* && $flags == *W* ]] || continue
	if (($((16#$addr)) >= rom_base)); then
		bad="$bad $name(in ROM)"
	elif [[ $name != .data && $name != .bss && $name != .stack ]]; then
		bad="$bad $name(not copied to RAM)"
	fi
done < <(readelf -S -W "$elf" | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk '{ print $1, $3, $7 }')
if [ -n "$bad" ]; then
	echo "check-rom: writable data the ROM cannot hold:$bad" >&2
	exit 1
fi

used_end=$(nm "$elf" | awk '$3 == "_rom_used_end" { print $1 }')
used=$((16#$used_end - rom_base + 256))
echo "  ROM     $size bytes, $used used (code, rodata, data image, entry)"
