#!/usr/bin/env bash
# The Swift kernel against the C++ std::priority_queue reference, on one machine in one run.
#
# Builds reference/phold.cpp (g++ -O2) and the phold-swift executable of this package (swift build -c release),
# runs PHOLD (1,024 entities, 10,000 pending events, mean delay 1 us) in each, checks that every run handled
# the same events (same count, final simulated time and checksum; it fails otherwise), and prints the best
# events/s of each side over RUNS runs and the ratio Swift kernel / C++. The Swift binary-heap variant of the
# same model is run too, as a general-purpose baseline in Swift.
#
# Usage: bash Benchmarks/compare-phold.sh        (from anywhere)
# Environment: EVENTS (default 20000000), SEED (default 1), RUNS (default 3).

set -euo pipefail

events=${EVENTS:-20000000}
seed=${SEED:-1}
runs=${RUNS:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

command -v g++ >/dev/null || { echo "compare-phold: g++ not found; install it (apt-get install -y g++)" >&2; exit 2; }

echo "Building reference/phold-ref (g++ -O2 -std=c++17)"
g++ -O2 -std=c++17 -o "$here/reference/phold-ref" "$here/reference/phold.cpp"
echo "Building phold-swift (swift build -c release)"
(cd "$here" && swift build -c release --product phold-swift >/dev/null)
swift_bin="$(cd "$here" && swift build -c release --show-bin-path)/phold-swift"

# field NAME OUTPUT: the value of "NAME: value" in one run's output.
field() { awk -v name="$1:" '$1 == name { print $2 }' <<<"$2"; }

reference_checksum=""
reference_time=""
declare -A best=()
labels=(cpp heap kernel)
declare -A title=(
    [cpp]="C++ std::priority_queue (g++ -O2)"
    [heap]="Swift binary heap"
    [kernel]="Swift FabricKernel (radix heap)"
)

run_side() {
    case "$1" in
        cpp) "$here/reference/phold-ref" "$events" "$seed" ;;
        heap) "$swift_bin" --queue heap "$events" "$seed" ;;
        kernel) "$swift_bin" --queue kernel "$events" "$seed" ;;
    esac
}

echo "Running PHOLD 1024 entities x 10000 pending, $events events, seed $seed; best of $runs per side"
# The sides alternate within each round, so that a burst of load on this shared machine hits all of them alike.
for round in $(seq 1 "$runs"); do
    for side in "${labels[@]}"; do
        output=$(run_side "$side")
        count=$(field events "$output")
        final_time=$(field final_time_ps "$output")
        checksum=$(field checksum "$output")
        rate=$(field events_per_s "$output")
        if [[ "$count" != "$events" ]]; then
            echo "compare-phold: FAILED: ${title[$side]} handled $count events, expected $events" >&2
            exit 1
        fi
        if [[ -z "$reference_checksum" ]]; then
            reference_checksum=$checksum
            reference_time=$final_time
        elif [[ "$checksum" != "$reference_checksum" || "$final_time" != "$reference_time" ]]; then
            echo "compare-phold: FAILED: the implementations did not handle the same events" >&2
            echo "  first run:          checksum $reference_checksum, final time $reference_time ps" >&2
            echo "  ${title[$side]}: checksum $checksum, final time $final_time ps" >&2
            exit 1
        fi
        printf '  round %d  %-36s %6.2f M events/s\n' "$round" "${title[$side]}" "$(awk -v r="$rate" 'BEGIN { print r / 1e6 }')"
        if [[ -z "${best[$side]:-}" ]] || awk -v a="$rate" -v b="${best[$side]}" 'BEGIN { exit !(a > b) }'; then
            best[$side]=$rate
        fi
    done
done

echo
echo "Same events in all $((runs * ${#labels[@]})) runs: checksum $reference_checksum, final time $reference_time ps"
echo "Best of $runs:"
for side in "${labels[@]}"; do
    printf '  %-36s %6.2f M events/s\n' "${title[$side]}" "$(awk -v r="${best[$side]}" 'BEGIN { print r / 1e6 }')"
done
awk -v k="${best[kernel]}" -v h="${best[heap]}" -v c="${best[cpp]}" 'BEGIN {
    printf "Ratio Swift kernel / C++:       %.2f\n", k / c
    printf "Ratio Swift binary heap / C++:  %.2f\n", h / c
}'
