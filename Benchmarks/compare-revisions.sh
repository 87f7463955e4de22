#!/usr/bin/env bash
# The same package-benchmark benchmarks at two revisions of FabricSim, on one machine in one run.
#
# Each revision is checked out as a detached git worktree under WORK (reused when it is already there at that
# commit) and its own Benchmarks/ package is built in release, as `swift package benchmark` builds it; so each side
# runs its own benchmark code against its own sources. The sides alternate within each round and swap their order
# from one round to the next, so that a burst of load on a shared machine hits both alike; the 1-minute load
# average is printed before each run. Each run is one `swift package benchmark --filter F` (the benchmark's own
# iterations: PHOLD 10, the fat-trees and flow rings 3) and reports its median wall-clock time per iteration (PHOLD:
# per 10^6 events); the table gives, per benchmark, the median over the rounds of each side and the ratio after / before
# (below 1: faster).
#
# Usage: bash Benchmarks/compare-revisions.sh BEFORE [AFTER]      (from anywhere in the repository)
#   BEFORE, AFTER: any commit names (AFTER defaults to HEAD).
# Environment: BENCHMARKS (regular expressions, default: PHOLD, the two fat-tree permutations and the two plain
#   flow rings), ROUNDS (default 3), WORK (default ${TMPDIR:-/tmp}/compare-revisions).
# The worktrees stay under WORK for the next run; `git worktree remove WORK/<commit>` removes one.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
before=${1:?usage: compare-revisions.sh BEFORE [AFTER]}
after=${2:-HEAD}
rounds=${ROUNDS:-3}
work=${WORK:-${TMPDIR:-/tmp}/compare-revisions}
read -r -a benchmarks <<<"${BENCHMARKS:-PHOLD_1024x10000\$ FatTree_k12_Permutation FatTree_k16_Permutation FlowRing512_AllReduce1GiB\$ FlowRing1024_AllReduce1GiB\$}"

mkdir -p "$work"

# checkout COMMIT: prints the worktree holding COMMIT, adding it when missing.
checkout() {
    local commit dir
    commit=$(git -C "$repo" rev-parse --verify "$1^{commit}")
    dir="$work/${commit:0:12}"
    if [[ ! -d "$dir" ]]; then
        git -C "$repo" worktree add --detach "$dir" "$commit" >&2
    fi
    [[ $(git -C "$dir" rev-parse HEAD) == "$commit" ]] || { echo "$dir is not at $commit" >&2; exit 1; }
    echo "$dir"
}

# median_ms FILE: the p50 wall-clock time per iteration in package-benchmark's output, in milliseconds, and after it
# the number of significant digits the figure had: the markdown table rounds to its unit, so a benchmark whose
# table shows fewer than 4 digits (PHOLD: nanoseconds per event) is run again for the JMH export, which has them
# all but needs a throughput metric, which the fat-tree and flow benchmarks do not have (their table's figure is kept).
median_ms() {
    python3 - "$1" <<'PY'
import json, re, sys
scale = {"ns": 1e-6, "us": 1e-3, "μs": 1e-3, "ms": 1, "s": 1e3}
lines = open(sys.argv[1]).read().splitlines()
for line in lines:
    if line.startswith('[{"'):
        for run in json.loads(line):
            wall = run.get("secondaryMetrics", {}).get("Time (wall clock)")
            if wall:
                print(f"{wall['scorePercentiles']['50.0'] * scale[wall['scoreUnit']]:.6f} 9")
                sys.exit(0)
    row = re.match(r"\|\s*Time \(wall clock\) \((\w+)\)[^|]*\|([^|]*)\|([^|]*)\|([^|]*)\|", line)
    if row:
        p50 = row.group(4).strip().replace(",", "")
        print(f"{float(p50) * scale[row.group(1)]:.6f} {len(p50.lstrip('0'))}")
        sys.exit(0)
sys.exit(f"no wall-clock figure in {sys.argv[1]}")
PY
}

# run SIDE BENCHMARK LOG FORMAT: one package-benchmark run of BENCHMARK on SIDE, its output in LOG.
run() {
    (cd "${dirs[$1]}/Benchmarks" &&
        swift package benchmark --filter "$2" --no-progress --format "$4" --path stdout >"$3" 2>&1) ||
        { echo "run failed: $3" >&2; exit 1; }
}

# median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

sides=(before after)
declare -A dirs=([before]=$(checkout "$before") [after]=$(checkout "$after"))
for side in "${sides[@]}"; do
    echo "== $side: $(git -C "${dirs[$side]}" log -1 --format='%h %s') (${dirs[$side]})"
    echo "   building its benchmarks (release)..."
    (cd "${dirs[$side]}/Benchmarks" && swift package benchmark list >"$work/build-$side.log" 2>&1) ||
        { echo "build failed: $work/build-$side.log" >&2; exit 1; }
done

results="$work/results.tsv"
: >"$results"
for round in $(seq 1 "$rounds"); do
    order=("${sides[@]}")
    ((round % 2 == 0)) && order=(after before)
    for benchmark in "${benchmarks[@]}"; do
        for side in "${order[@]}"; do
            log="$work/round$round-$side-${benchmark//[^A-Za-z0-9_]/}"
            echo "round $round, $side, $benchmark (load $(cut -d' ' -f1 /proc/loadavg))"
            run "$side" "$benchmark" "$log.md" markdown
            read -r ms digits <<<"$(median_ms "$log.md")" && [[ -n $ms ]] || exit 1
            if ((digits < 4)); then
                run "$side" "$benchmark" "$log.json" jmh
                # Kept from the table when the export has no figure (no throughput metric).
                if precise=$(median_ms "$log.json" 2>/dev/null); then read -r ms digits <<<"$precise"; fi
            fi
            printf '%s\t%s\t%s\n' "$benchmark" "$side" "$ms" >>"$results"
        done
    done
done

echo
echo "| benchmark | before: median wall clock (ms, median of $rounds runs) | after | after / before |"
echo "|---|---:|---:|---:|"
for benchmark in "${benchmarks[@]}"; do
    b=$(awk -F'\t' -v n="$benchmark" '$1 == n && $2 == "before" { print $3 }' "$results" | median)
    a=$(awk -F'\t' -v n="$benchmark" '$1 == n && $2 == "after" { print $3 }' "$results" | median)
    awk -v n="${benchmark%\$}" -v b="$b" -v a="$a" 'BEGIN { printf "| %s | %.2f | %.2f | %.3f |\n", n, b, a, a / b }'
done
echo
echo "Every run's output: $work/round*-*.md (and .json where re-run); the medians: $results"
