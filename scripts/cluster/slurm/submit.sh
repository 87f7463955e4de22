#!/usr/bin/env bash
# Submits a FabricSim sweep to Slurm: a job array of SHARDS tasks (one shard each) and a merge that runs when every
# task has ended, whether or not it succeeded (afterany), and checks the shards itself. Everything it submits comes
# from one configuration file (default: ../sweep.conf). docs/cluster.md.
#
#   submit.sh [--conf FILE]                  the whole sweep: tasks 0..SHARDS-1, then the merge
#   submit.sh [--conf FILE] --retry 3,7      only tasks 3 and 7 (a failed or cancelled task), then a new merge
#   submit.sh [--conf FILE] --dry-run        print the sbatch commands, submit nothing
#
# Exit codes: 0 submitted; 2 bad input (a configuration or option that cannot work; nothing is submitted).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
conf=$here/../sweep.conf
retry=
dry_run=0

fail() {
  echo "error: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --conf) [ $# -ge 2 ] || fail "--conf: expected a file name"; conf=$2; shift 2 ;;
    --retry) [ $# -ge 2 ] || fail "--retry: expected task indices, e.g. --retry 3 or --retry 3,7"; retry=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1'; expected --conf FILE, --retry I[,J...] or --dry-run" ;;
  esac
done

[ -f "$conf" ] || fail "$conf: no such configuration file; expected the sweep's settings (scripts/cluster/sweep.conf)"
conf=$(cd "$(dirname "$conf")" && pwd)/$(basename "$conf")
# shellcheck source=../sweep.conf
source "$conf"

# The settings, checked before anything is submitted: a mistake fails here, not in every task.
for name in SCENARIO SHARDS OUT FABRICSIM CPUS_PER_TASK MEM TIME MERGE_MEM MERGE_TIME LOGS; do
  [ -n "${!name:-}" ] || fail "$conf: $name is not set"
done
[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || fail "$conf: SHARDS=$SHARDS; expected a whole number of shards, 1 or more"
[[ $CPUS_PER_TASK =~ ^[1-9][0-9]*$ ]] || fail "$conf: CPUS_PER_TASK=$CPUS_PER_TASK; expected a whole number, 1 or more"
[[ -z ${ARRAY_THROTTLE:-} || $ARRAY_THROTTLE =~ ^[1-9][0-9]*$ ]] ||
  fail "$conf: ARRAY_THROTTLE=$ARRAY_THROTTLE; expected empty (no limit) or a whole number of tasks at once"
[ -f "$SCENARIO" ] || fail "$conf: SCENARIO=$SCENARIO: no such file (relative paths are from $(pwd))"
command -v "$FABRICSIM" >/dev/null || fail "$conf: FABRICSIM=$FABRICSIM is not an executable (make dist builds one)"
command -v sbatch >/dev/null || fail "sbatch is not on PATH: run this on a Slurm login node"

# Megabytes of a Slurm memory size (2048, 2048M, 64G, 1T).
megabytes() {
  local text=$1
  [[ $text =~ ^([0-9]+)([KMGT]?)$ ]] || fail "$conf: memory '$text'; expected a size as Slurm takes it: 2048, 2048M, 64G"
  local n=${BASH_REMATCH[1]}
  case ${BASH_REMATCH[2]} in
    K) echo $(((n + 1023) / 1024)) ;;
    "" | M) echo "$n" ;;
    G) echo $((n * 1024)) ;;
    T) echo $((n * 1024 * 1024)) ;;
  esac
}
task_mb=$(megabytes "$MEM")
merge_mb=$(megabytes "$MERGE_MEM")

# The tasks to submit.
if [ -n "$retry" ]; then
  [[ $retry =~ ^[0-9]+(,[0-9]+)*$ ]] || fail "--retry $retry: expected task indices separated by commas, e.g. 3,7"
  IFS=, read -ra indices <<<"$retry"
  for index in "${indices[@]}"; do
    ((10#$index < SHARDS)) || fail "--retry $retry: index $index, but the sweep has shards 0 to $((SHARDS - 1)) (SHARDS=$SHARDS in $conf)"
  done
  array=$retry
else
  array=0-$((SHARDS - 1))
fi
[ -z "${ARRAY_THROTTLE:-}" ] || array+=%$ARRAY_THROTTLE

# One task must fit one node of the partition, or it stays pending for ever.
if command -v sinfo >/dev/null; then
  nodes=$(sinfo -h -N ${PARTITION:+--partition="$PARTITION"} -o '%c %m' 2>/dev/null | sort -u || true)
  if [ -n "$nodes" ]; then
    fits=0
    while read -r cpus mb; do
      mb=${mb%%+*}
      [[ $cpus =~ ^[0-9]+$ && $mb =~ ^[0-9]+$ ]] || continue
      if ((cpus >= CPUS_PER_TASK && mb >= task_mb)); then fits=1; fi
    done <<<"$nodes"
    if ((fits == 0)); then
      largest=$(echo "$nodes" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
      fail "$conf: a task asks for CPUS_PER_TASK=$CPUS_PER_TASK and MEM=$MEM but no node of partition ${PARTITION:-(default)} has that much (CPUs and MB per node: $largest); it would stay pending for ever. Lower them"
    fi
  fi
fi

partition=()
[ -z "${PARTITION:-}" ] || partition=(--partition="$PARTITION")
export FABRICSIM_SWEEP_CONF=$conf FABRICSIM_SLURM_SCRIPTS=$here

sweep=(sbatch --parsable --job-name=fabricsim-sweep --array="$array" --nodes=1 --ntasks=1
  --cpus-per-task="$CPUS_PER_TASK" --mem="${task_mb}M" --time="$TIME" "${partition[@]}" "${EXTRA_SBATCH[@]}"
  --output="$LOGS/%x-%A_%a.out" "$here/sweep.sbatch")
merge=(sbatch --parsable --job-name=fabricsim-merge --ntasks=1 --cpus-per-task=1 --mem="${merge_mb}M"
  --time="$MERGE_TIME" "${partition[@]}" "${EXTRA_SBATCH[@]}" --output="$LOGS/%x-%j.out")

if ((dry_run)); then
  echo "FABRICSIM_SWEEP_CONF=$conf ${sweep[*]}"
  echo "FABRICSIM_SWEEP_CONF=$conf ${merge[*]} --dependency=afterany:<array id> $here/merge.sbatch"
  exit 0
fi

mkdir -p "$LOGS" # Slurm does not create the folder of --output: a task whose log cannot be opened fails silently
job=$("${sweep[@]}")
job=${job%%;*} # --parsable prints "id" or "id;cluster"
merge_job=$("${merge[@]}" --dependency=afterany:"$job" "$here/merge.sbatch")
merge_job=${merge_job%%;*}
echo "submitted shards $array of $SHARDS as job $job, the merge as job $merge_job (after every task ends)"
echo "logs: $LOGS/fabricsim-sweep-${job}_<index>.out, $LOGS/fabricsim-merge-$merge_job.out; results: $OUT"
