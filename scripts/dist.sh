#!/usr/bin/env bash
# Packs the self-contained fabricsim that `make dist` built into dist/fabricsim-VERSION-linux-ARCH/ and a .tar.gz
# of it: bin/fabricsim, the scenarios, the cluster scripts and their docs. Checks it first (scripts/check-dist.sh).
#
#   scripts/dist.sh BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: scripts/dist.sh BINARY (an executable; make dist builds it)" >&2; exit 2; }
binary=$1
bash scripts/check-dist.sh "$binary"
version=$("$binary" version | awk '{print $2; exit}')
name=fabricsim-$version-linux-$(uname -m)
rm -rf "dist/$name" "dist/$name.tar.gz"
mkdir -p "dist/$name/bin" "dist/$name/docs" "dist/$name/scripts"
cp "$binary" "dist/$name/bin/fabricsim"
cp -r scenarios "dist/$name/"
cp -r scripts/cluster "dist/$name/scripts/"
cp docs/cluster.md docs/cli.md docs/scenario-format.md docs/results-format.md "dist/$name/docs/"
cp README.md "dist/$name/"
tar -C dist -czf "dist/$name.tar.gz" "$name"
echo "dist/$name/bin/fabricsim ($(du -h "dist/$name/bin/fabricsim" | cut -f1)), dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1))"
# The newest symbol versions it asks of glibc and libstdc++: what a node's must be at least.
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
glibcxx=$(objdump -T "$binary" | grep -o 'GLIBCXX_[0-9.]*' | sort -uV | tail -1 || true)
echo "a node needs: glibc ${glibc#GLIBC_} or later, libnuma (Debian/Ubuntu: libnuma1; RHEL: numactl-libs)${glibcxx:+, libstdc++ with $glibcxx} and libgcc_s; no Swift toolchain"
