#!/usr/bin/env bash
# Installs the system packages FabricSim needs when they are missing, so that `make run`, `make test` and
# .ci/run work on a fresh machine. Safe to run repeatedly: it does nothing when all are present.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (swift) is not on PATH; FabricSim needs Swift 6.1 or later" >&2
  exit 2
fi

# Debian package -> a file that proves it is installed.
declare -A needed=()
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
