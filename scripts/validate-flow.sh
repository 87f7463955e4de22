#!/usr/bin/env bash
# Flow mode against the closed-form cost models (Sources/FabricCollectives/CostModel.swift) at the scales the
# test suite leaves to a release build: ring, halving-doubling and tree all-reduces over 1,024 and 4,096
# single-GPU ranks on one non-blocking switch, InfiniBand defaults. Prints, per case, the flow-mode time, the
# model's time, their relative difference, the wall time and the peak memory. Used for docs/validation.md.
#
#   bash scripts/validate-flow.sh            # all cases (the 4,096-rank ring takes about 25 s and 1.4 GB)
#   bash scripts/validate-flow.sh 1024       # only p = 1,024
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/fabricsim
[ -x "$bin" ] || swift build -c release --product fabricsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/star.yaml" <<'YAML'
name: validate-flow
description: one collective on one non-blocking switch of single-GPU servers, flow mode
fidelity: flow
fabric: infiniband
topology:
  shape: leaf-spine
  leaves: 1
  spines: 0
  servers_per_leaf: 1024
  gpus_per_server: 1
  nics_per_server: 1
collective:
  operation: all-reduce
  algorithm: ring
  min_bytes: 1GiB
  channels: 1
output:
  formats: [json]
YAML
ranks=${1:-"1024 4096"}
printf '%-18s %6s %10s %14s %14s %10s %8s %8s\n' algorithm ranks size flow_us model_us difference wall_s peak_MB
for p in $ranks; do
  for algorithm in ring halving-doubling tree; do
    # One message per ring step: the segment is the chunk.
    out="$work/$algorithm-$p"
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run "$work/star.yaml" --quiet --out "$out" \
      --set topology.servers_per_leaf="$p" --set collective.algorithm="$algorithm" \
      --set collective.chunk_bytes=$(( (1 << 30) / p )) > /dev/null
    read -r wall kb < "$work/time"
    python3 - "$out/summary.json" "$algorithm" "$p" "$wall" "$kb" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
flow, model = m["largest_time_us"], m.get("theory_largest_time_us")
diff = f"{(flow - model) / model * 100:+.4f} %" if model else "—"
print(f"{sys.argv[2]:<18} {sys.argv[3]:>6} {'1GiB':>10} {flow:>14.3f} {model or 0:>14.3f} {diff:>10} {float(sys.argv[4]):>8.2f} {int(sys.argv[5]) / 1024:>8.0f}")
PY
  done
done
