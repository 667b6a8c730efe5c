#!/usr/bin/env bash
# Installs the Debian packages celltwin needs, only when one is missing.
# Run as root (make demo / make test call it); as another user it prints what to install.
set -eu

# Usage: install-deps.sh [fuzz] [valgrind]
#   fuzz:     also clang and its libFuzzer runtime (make fuzz)
#   valgrind: also valgrind (make valgrind, make check-long)
packages="build-essential pkg-config liblua5.4-dev libcjson-dev libcairo2-dev libxml2-dev libsbml5-dev libsundials-dev libopenmpi-dev openmpi-bin poppler-utils librsvg2-bin"
# The tests read exports with VTK's own readers and pandas, and run docs/examples/ (matplotlib).
packages="$packages python3 python3-numpy python3-pandas python3-vtk9 python3-matplotlib"
for extra in "$@"; do
    case "$extra" in
    fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    valgrind) packages="$packages valgrind" ;;
    *) echo "install-deps.sh: unknown extra \"$extra\" (fuzz, valgrind)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "celltwin: missing Debian packages:$missing" >&2
    echo "celltwin: install them with: sudo apt-get install -y$missing" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "celltwin: apt-get not found; install the equivalents of:$missing" >&2
    exit 1
fi

echo "celltwin: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
