#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries a binary links against, one per
# line, so the runtime stage installs exactly those. Used by the Dockerfile's build stage.
# Fails when a library belongs to no package (it would be missing at runtime).
# usage: runtime-packages.sh <binary>
set -euo pipefail
bin="${1:?usage: runtime-packages.sh <binary>}"
ldd "$bin" >/dev/null  # fails for a missing file or a static binary
mapfile -t libs < <(ldd "$bin" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u)
for lib in "${libs[@]}"; do
  found=""
  # usrmerge: dpkg may know the file under /lib or /usr/lib, possibly through a symlink.
  for candidate in "$lib" "$(readlink -f "$lib")" "/usr$lib" "${lib#/usr}"; do
    if owner="$(dpkg -S "$candidate" 2>/dev/null)"; then
      found="${owner%%:*}"
      break
    fi
  done
  if [ -z "$found" ]; then
    echo "runtime-packages: no Debian package provides $lib (needed by $bin)" >&2
    exit 1
  fi
  printf '%s\n' "$found"
done | sort -u
