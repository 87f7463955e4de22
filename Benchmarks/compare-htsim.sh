#!/usr/bin/env bash
# FabricSim against htsim (Broadcom/csg-htsim) on the same k-ary fat-tree permutation, on one machine in one run.
#
# htsim's code is not part of this repository: the script clones it (HTSIM_REPO, at HTSIM_COMMIT) into HTSIM_DIR,
# outside the repository, and builds it with its own Makefiles (sim/Makefile: -O3 for the library;
# sim/datacenter/Makefile: -O2 for the programs). FabricSim is built with `swift build -c release`.
#
# The work, in both tools: a 3-tier k-ary fat-tree (k^3/4 hosts), 100 Gb/s and 1 us on every link, zero switch
# latency, 4,000-byte packets, ECMP per flow, lossless switches, senders at line rate without congestion control,
# go-back-N, one ACK per packet; a random permutation in which every host sends one 4,000,000-byte flow at time 0,
# run until the last flow completes.
#   FabricSim: scenarios/htsim-fattree-k12.yaml (--set topology.k=16 for k = 16), once with InfiniBand credits
#              (the scenario's own) and once as RoCE lossless switches without congestion control, --set
#              fabric=roce --set network.ecn=false --set network.dcqcn=off (PFC, the 32 MB shared buffer);
#              --format json, as htsim writes only its small log (the CSV tables and the HTML report add about
#              23 MiB of peak memory and 0.2 s at k = 12).
#   htsim:     sim/datacenter/htsim_roce (RoCE senders without congestion control, go-back-N, PFC through its
#              lossless input queues at their default thresholds of 12/15 packets, ECMP in the switches'
#              FIBs), on a permutation written by htsim's own connection_matrices/gen_permutation.py. Its output
#              queues hold HTSIM_QUEUE packets (default 1000), at which htsim's own check never reported
#              "LOSSLESS not working" at k = 12 or 16 (at 32 packets, 128 KB, it did 296,282 times at k = 12).
# The permutations differ (each tool draws its own), so the flow completion times differ a little; the number of
# packets and flows is the same.
#
# The sides alternate within each round, so that a burst of load on this shared machine hits all of them alike;
# the 1-minute load average is printed before each run. Wall time, CPU time (user + system) and peak resident
# memory come from /usr/bin/time -v. Every run is checked: all k^3/4 flows complete, no drops (FabricSim), and no
# lossless violation (htsim); the script fails otherwise. With CALLGRIND=1 each side also runs once under
# valgrind --tool=callgrind at k = 12 (a few minutes each), for instruction counts that do not depend on the load.
#
# Usage: bash Benchmarks/compare-htsim.sh            (from anywhere)
# Environment: KS (default "12 16"), RUNS (default 5), HTSIM_DIR (default <repository>/../peers/htsim),
#   HTSIM_REPO (default https://github.com/Broadcom/csg-htsim), HTSIM_COMMIT (default 841d9e7be46b...),
#   HTSIM_QUEUE (default 1000), WORK (default ${TMPDIR:-/tmp}/compare-htsim), CALLGRIND (default 0).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
ks=${KS:-"12 16"}
runs=${RUNS:-5}
htsim_dir=${HTSIM_DIR:-"$repo/../peers/htsim"}
htsim_repo=${HTSIM_REPO:-https://github.com/Broadcom/csg-htsim}
htsim_commit=${HTSIM_COMMIT:-841d9e7be46bb968eece766aa4b6c044c7799f67}
htsim_queue=${HTSIM_QUEUE:-1000}
work=${WORK:-"${TMPDIR:-/tmp}/compare-htsim"}
callgrind=${CALLGRIND:-0}

for tool in git g++ make python3; do
    command -v "$tool" >/dev/null || { echo "compare-htsim: $tool not found" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "compare-htsim: /usr/bin/time not found (apt-get install -y time)" >&2; exit 2; }
if [[ "$callgrind" == 1 ]]; then
    command -v valgrind >/dev/null || { echo "compare-htsim: valgrind not found" >&2; exit 2; }
    command -v objcopy >/dev/null || { echo "compare-htsim: objcopy not found (binutils)" >&2; exit 2; }
fi

# htsim: clone (only sim/, which is all the build needs), check out the commit, build with its own Makefiles.
if [[ ! -d "$htsim_dir/.git" ]]; then
    echo "Cloning $htsim_repo into $htsim_dir"
    git clone --quiet --no-checkout "$htsim_repo" "$htsim_dir"
    git -C "$htsim_dir" sparse-checkout set sim
fi
if [[ "$(git -C "$htsim_dir" rev-parse HEAD)" != "$(git -C "$htsim_dir" rev-parse "$htsim_commit^{commit}")" ]]; then
    git -C "$htsim_dir" -c advice.detachedHead=false checkout --quiet "$htsim_commit"
fi
htsim_head=$(git -C "$htsim_dir" rev-parse HEAD)
htsim_bin="$htsim_dir/sim/datacenter/htsim_roce"
echo "Building htsim $htsim_head (make -C sim libhtsim.a; make -C sim/datacenter htsim_roce)"
mkdir -p "$work"
make -C "$htsim_dir/sim" -j2 libhtsim.a >"$work/htsim-build.log" 2>&1 || { cat "$work/htsim-build.log" >&2; exit 1; }
make -C "$htsim_dir/sim/datacenter" htsim_roce >>"$work/htsim-build.log" 2>&1 || { cat "$work/htsim-build.log" >&2; exit 1; }
echo "Building fabricsim (swift build -c release)"
(cd "$repo" && swift build -c release --product fabricsim >/dev/null)
fabricsim="$(cd "$repo" && swift build -c release --show-bin-path)/fabricsim"
fabricsim_head=$(git -C "$repo" rev-parse --short HEAD)

scenario="$repo/scenarios/htsim-fattree-k12.yaml"
sides=(credits pfc htsim)
declare -A title=(
    [credits]="FabricSim, InfiniBand credits"
    [pfc]="FabricSim, PFC"
    [htsim]="htsim_roce, PFC"
)

# command SIDE K: the command line of one side at one k.
command_of() {
    local hosts=$(($2 * $2 * $2 / 4))
    case "$1" in
        credits) echo "$fabricsim run $scenario --set topology.k=$2 --format json --out $work/fabricsim-credits-k$2 --quiet" ;;
        pfc) echo "$fabricsim run $scenario --set topology.k=$2 --set fabric=roce --set network.ecn=false --set network.dcqcn=off --format json --out $work/fabricsim-pfc-k$2 --quiet" ;;
        htsim) echo "$htsim_bin -nodes $hosts -tm $work/permutation-k$2.cm -strat ecmp_host -paths 1024 -mtu 4000" \
            "-linkspeed 100000 -hop_latency 1 -switch_latency 0 -q $htsim_queue -queue_type lossless_input" \
            "-end 10000 -o $work/htsim-k$2.log" ;;
    esac
}

# check SIDE K OUTPUT: fails unless the run did the whole work.
check() {
    local hosts=$(($2 * $2 * $2 / 4)) completed
    case "$1" in
        credits | pfc)
            local summary="$work/fabricsim-$1-k$2/summary.json"
            completed=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; print(m["flows_completed"], m["packets_dropped"])' "$summary")
            [[ "$completed" == "$hosts 0" ]] || { echo "compare-htsim: FAILED: ${title[$1]} at k = $2: flows completed, drops = $completed; expected $hosts 0" >&2; exit 1; }
            ;;
        htsim)
            completed=$(grep -c '^Flow .* finished at' <<<"$3" || true)
            [[ "$completed" == "$hosts" ]] || { echo "compare-htsim: FAILED: htsim at k = $2 completed $completed flows of $hosts" >&2; exit 1; }
            if grep -q 'LOSSLESS not working' <<<"$3"; then
                echo "compare-htsim: FAILED: htsim at k = $2 reports 'LOSSLESS not working' (raise HTSIM_QUEUE)" >&2; exit 1
            fi
            ;;
    esac
}

results="$work/runs.tsv"
printf 'k\tside\tround\tload1\twall_s\tcpu_s\tpeak_rss_kib\n' >"$results"
echo "fabricsim $fabricsim_head, htsim $htsim_head; $runs rounds; results in $results"
for k in $ks; do
    hosts=$((k * k * k / 4))
    python3 "$htsim_dir/sim/datacenter/connection_matrices/gen_permutation.py" \
        "$work/permutation-k$k.cm" "$hosts" "$hosts" 4000000 0 1 >/dev/null
    for round in $(seq 1 "$runs"); do
        for side in "${sides[@]}"; do
            load=$(cut -d' ' -f1 /proc/loadavg)
            output=$( { /usr/bin/time -v $(command_of "$side" "$k") 2>"$work/time.txt"; } )
            check "$side" "$k" "$output"
            wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
            cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
            rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$side" "$round" "$load" "$wall" "$cpu" "$rss" >>"$results"
            printf '  k = %-2s round %d  %-32s %7.2f s wall  %7.2f s CPU  %5.1f MiB  (load %s)\n' "$k" "$round" "${title[$side]}" \
                "$wall" "$cpu" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" "$load"
        done
    done
done

echo
echo "Median (min - max) over $runs rounds; ratios = htsim's median / FabricSim's (CPU = user + system time, which"
echo "a loaded machine inflates far less than wall time)"
for k in $ks; do
    for side in "${sides[@]}"; do
        awk -F'\t' -v k="$k" -v side="$side" -v name="${title[$side]}" '
            $1 == k && $2 == side { wall[++n] = $5; cpu[n] = $6; rss[n] = $7 }
            function median(a, n,   i, j, t) {
                for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            }
            END {
                lo = hi = wall[1]; for (i = 1; i <= n; i++) { if (wall[i] < lo) lo = wall[i]; if (wall[i] > hi) hi = wall[i] }
                printf "  k = %-2s %-32s %6.2f s wall (%.2f - %.2f)  %6.2f s CPU  %5.1f MiB\n", k, name, median(wall, n), lo, hi, median(cpu, n), median(rss, n) / 1024
            }' "$results"
    done
    awk -F'\t' -v k="$k" '
        $1 == k { ++c[$2]; w[$2, c[$2]] = $5; u[$2, c[$2]] = $6 }
        function median(side, cpu,   n, i, j, a, t) {
            n = c[side]; for (i = 1; i <= n; i++) a[i] = cpu ? u[side, i] : w[side, i]
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END {
            printf "  k = %-2s ratio htsim / FabricSim, wall: %.2f with credits, %.2f with PFC\n", k, median("htsim", 0) / median("credits", 0), median("htsim", 0) / median("pfc", 0)
            printf "  k = %-2s ratio htsim / FabricSim, CPU:  %.2f with credits, %.2f with PFC\n", k, median("htsim", 1) / median("credits", 1), median("htsim", 1) / median("pfc", 1)
        }' "$results"
done

if [[ "$callgrind" == 1 ]]; then
    echo
    echo "Instructions at k = 12 (valgrind --tool=callgrind, one run each, on copies without debug information:"
    echo "valgrind 3.19 cannot read the DWARF 5 that swiftc writes)"
    objcopy --strip-debug "$fabricsim" "$work/fabricsim-nodebug"
    objcopy --strip-debug "$htsim_bin" "$work/htsim_roce-nodebug"
    for side in "${sides[@]}"; do
        line=$(command_of "$side" 12)
        line=${line/#$fabricsim /$work/fabricsim-nodebug }
        line=${line/#$htsim_bin /$work/htsim_roce-nodebug }
        valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$side" $line >/dev/null 2>"$work/callgrind.$side.txt" \
            || { cat "$work/callgrind.$side.txt" >&2; exit 1; }
        instructions=$(awk '/Collected :/ { print $4 }' "$work/callgrind.$side.txt")
        printf '  %-32s %s instructions\n' "${title[$side]}" "$instructions"
    done
fi
