#!/usr/bin/env bash
# Installs the system packages FabricSim needs when they are missing, so that `make run`, `make test` and
# .ci/run work on a fresh machine. Safe to run repeatedly: it does nothing when all are present.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (swift) is not on PATH; FabricSim needs Swift 6.1 or later" >&2
  exit 2
fi

# Debian packages that are missing.
declare -A needed=()
# libnuma's header and pkg-config file: the CNuma target (FabricSweep's NUMA placement) does not build without them.
if ! { pkg-config --exists numa 2>/dev/null || [ -f /usr/include/numa.h ]; }; then needed[libnuma-dev]=1; fi
# SwiftPM finds libnuma through its pkg-config file, so pkg-config itself must be there.
if ! command -v pkg-config >/dev/null 2>&1; then needed[pkg-config]=1; fi
# The C++ reference benchmark (make bench) needs g++; it is optional for run and test.
if [ "${FABRICSIM_BENCH:-0}" = 1 ] && ! command -v g++ >/dev/null 2>&1; then needed[g++]=1; fi

if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages: ${!needed[*]}; install them with: sudo apt-get install -y ${!needed[*]}" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${!needed[@]}"
fi
