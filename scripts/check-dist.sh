#!/usr/bin/env bash
# Checks that a fabricsim binary is self-contained, as `make dist` builds it for machines without the Swift
# toolchain (cluster nodes): it loads no library from the toolchain and only these from the system: libnuma, glibc
# (libc, libm, libpthread, libdl, librt, the loader) and GCC's runtime (libstdc++, libgcc_s: on every Linux that has
# a C++ program, apt's Debian included). Then it runs the binary with the toolchain's library folder hidden from
# the loader, and checks that a small run and a sharded sweep with its merge give the same bytes as the toolchain's
# own build (REFERENCE, default .build/release/fabricsim, when it is there).
#
#   scripts/check-dist.sh BINARY [REFERENCE]
#
# Exit codes: 0 self-contained; 1 a check failed; 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

[ $# -ge 1 ] || { echo "usage: scripts/check-dist.sh BINARY [REFERENCE]" >&2; exit 2; }
binary=$(realpath "$1")
reference=${2:-.build/release/fabricsim}
[ -x "$binary" ] || { echo "error: $1: no such executable" >&2; exit 2; }
fail() {
  echo "FAILED: $binary: $*" >&2
  exit 1
}

swift=$(command -v swift || true)
toolchain_lib=
if [ -n "$swift" ]; then
  toolchain=$(dirname "$(dirname "$(realpath "$swift")")")
  toolchain_lib=$toolchain/lib/swift/linux
fi

# 1. What the loader would load: the allowed system libraries and nothing else.
libraries=$(ldd "$binary" | awk '{print $1}')
echo "$binary loads:" $libraries
allowed='^(linux-vdso\.so\.1|libnuma\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|/lib(64)?/ld-linux[-a-z0-9_.]*\.so\.[0-9]+)$'
for library in $libraries; do
  [[ $library =~ $allowed ]] || fail "loads $library, which is not libnuma, glibc or GCC's runtime"
done
if [ -n "$toolchain_lib" ] && ldd "$binary" | grep -q "$toolchain"; then fail "loads a library from the toolchain ($toolchain)"; fi
runpath=$(readelf -d "$binary" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p; s/.*(RPATH).*\[\(.*\)\]/\1/p')
[[ -z $runpath || $runpath == '$ORIGIN' ]] || fail "has the run path '$runpath'; expected none (or \$ORIGIN)"

# 2. Runs with the toolchain out of the loader's reach: in a private mount namespace with an empty folder over the
# toolchain's libraries where that is allowed (root), else with an empty environment and the loader's own report.
work=$(mktemp -d /tmp/fabricsim-dist.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$binary" "$work/fabricsim"
cat >"$work/queue.yaml" <<'EOF'
name: dist-check
seed: 3
queueing:
  interarrival: 2us
  service: 1us
  customers: 20000
  warmup_customers: 1000
EOF
cat >"$work/commands.sh" <<'EOF'
set -euo pipefail
cd "$1"
./fabricsim version
./fabricsim run queue.yaml --out run --quiet
for i in 0 1; do ./fabricsim sweep queue.yaml --vary queueing.service=1us,1.5us --seeds 2 --shard $i/2 --out sweep --quiet; done
./fabricsim merge sweep --quiet
EOF
hidden=
if [ -n "$toolchain_lib" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
  unshare --mount --propagation private true 2>/dev/null; then
  hidden="the toolchain's $toolchain_lib hidden (an empty tmpfs over it, in a private mount namespace)"
  run() { unshare --mount --propagation private sh -c "mount -t tmpfs none '$toolchain_lib' && exec env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= $*"; }
  # The control: the toolchain's own build must not start there, or the folder was not hidden.
  if [ -x "$reference" ]; then
    if run "$(realpath "$reference")" version >/dev/null 2>&1; then
      fail "the check is void: $reference (linked to the toolchain) ran with the toolchain hidden"
    fi
  fi
else
  hidden="an empty environment (no root for a mount namespace; the loader's report is checked instead)"
  run() { env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$@"; }
  loaded=$(env -i LD_DEBUG=libs "$work/fabricsim" version 2>&1 | sed -n 's/.*calling init: \(.*\)/\1/p')
  if [ -n "$toolchain_lib" ] && echo "$loaded" | grep -q "$toolchain"; then fail "the loader loaded from $toolchain"; fi
fi
run bash "$work/commands.sh" "$work" >"$work/out.log" 2>&1 || { cat "$work/out.log" >&2; fail "did not run with $hidden"; }
echo "ran with $hidden: $(head -1 "$work/out.log")"

# 3. The same bytes as the toolchain's own build.
if [ -x "$reference" ]; then
  mkdir -p "$work/reference"
  cp "$reference" "$work/reference/fabricsim"
  cp "$work/queue.yaml" "$work/reference/"
  bash "$work/commands.sh" "$work/reference" >/dev/null
  for file in run/summary.json sweep/sweep.json sweep/sweep.csv sweep/sweep.html; do
    cmp "$work/$file" "$work/reference/$file" || fail "$file differs from $reference's"
  done
  echo "same bytes as $reference: run/summary.json, sweep/sweep.{json,csv,html}"
fi
echo "PASSED: $binary is self-contained (libnuma, glibc and GCC's runtime only)"
