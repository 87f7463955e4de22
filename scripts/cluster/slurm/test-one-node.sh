#!/usr/bin/env bash
# The shipped Slurm scripts against a real one-node Slurm (Debian's slurm-wlm and munge, daemons on loopback), as CI
# runs them: submit.sh's array and afterany merge on a small sweep, one task cancelled while it runs (its log must
# say what it did), the merge refusing the missing shard and naming the retry, the retry alone with a new merge, and
# the merged sweep.json, sweep.csv and sweep.html byte for byte those of the same sweep run in one piece.
#
#   scripts/cluster/slurm/test-one-node.sh [FABRICSIM]    (default: .build/release/fabricsim)
#
# Needs root (it starts munged, slurmctld and slurmd); installs the packages when they are missing. Where Slurm
# cannot start (no root, no packages, daemons refused) it says why and exits 0, skipped, unless
# FABRICSIM_SLURM_REQUIRED=1. Exit 1 when a check fails. Everything it writes is under a temporary directory; the
# daemons it started are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
fabricsim=$(realpath "${1:-.build/release/fabricsim}")

skip() {
  echo "SKIPPED the one-node Slurm test: $*" >&2
  [ "${FABRICSIM_SLURM_REQUIRED:-0}" != 1 ] || exit 1
  exit 0
}
check() {
  echo "FAILED the one-node Slurm test: $*" >&2
  exit 1
}

[ -x "$fabricsim" ] || { echo "error: $fabricsim: no such executable; build it first (make build or make dist)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || skip "it starts Slurm's and munge's daemons, which needs root"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null; then
  echo "installing slurmctld, slurmd, slurm-client and munge (Debian's slurm-wlm)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null; } || skip "apt-get could not install slurm-wlm and munge"
fi

work=$(mktemp -d /tmp/fabricsim-slurm.XXXXXX)
chmod 755 "$work"
pids=()
passed=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if ((passed)); then rm -rf "$work"; else echo "the test's files and the daemons' logs: $work" >&2; fi
}
trap cleanup EXIT

# munge: its own key and socket in the temporary directory, so a munged already running is left alone. The key's
# folder is munge's alone; the socket's must be open to every user.
mkdir -p "$work/munge" "$work/munge-run"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$work/munge" "$work/munge-run" 2>/dev/null || true
chmod 700 "$work/munge"
chmod 755 "$work/munge-run"
chmod 400 "$work/munge/munge.key"
socket=$work/munge-run/munge.socket
munge_args=(--key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munge-run/munged.pid"
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed")
if id munge >/dev/null 2>&1; then
  runuser -u munge -- munged "${munge_args[@]}" || skip "munged did not start ($(tail -3 "$work/munge/munged.log" 2>/dev/null))"
else
  munged --force "${munge_args[@]}" || skip "munged did not start"
fi
sleep 0.5
pids+=("$(cat "$work/munge-run/munged.pid")")

# Slurm: one node, this machine, on loopback; its configuration in the temporary directory (SLURM_CONF).
host=$(hostname -s)
cpus=$(nproc)
memory=$(($(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 3 / 4))
mkdir -p "$work/ctld" "$work/slurmd" "$work/log"
cat >"$work/slurm.conf" <<EOF
ClusterName=fabricsim-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/slurmd
SlurmctldPidFile=$work/ctld/slurmctld.pid
SlurmdPidFile=$work/slurmd/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
KillWait=20
MinJobAge=600
SchedulerParameters=sched_interval=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
# Slurm 22.05 always loads a cgroup plugin; with proctrack/linuxproc and task/none it constrains nothing.
echo "CgroupPlugin=autodetect" >"$work/cgroup.conf"
export SLURM_CONF=$work/slurm.conf
# In the foreground (-D) as children of this script, so that the cleanup stops exactly the daemons it started.
slurmctld -D -i >/dev/null 2>&1 &
pids+=($!)
sleep 1
kill -0 "${pids[-1]}" 2>/dev/null || skip "slurmctld did not start: $(tail -3 "$work/log/slurmctld.log" 2>/dev/null)"
slurmd -D >/dev/null 2>&1 &
pids+=($!)
sleep 1
kill -0 "${pids[-1]}" 2>/dev/null || skip "slurmd did not start: $(tail -3 "$work/log/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
  state=$(sinfo -h -N -o '%t' 2>/dev/null || true)
  [[ $state == idle* ]] && break
  sleep 1
done
[[ ${state:-} == idle* ]] || skip "the node did not come up (state '${state:-none}'): $(tail -3 "$work/log/slurmd.log")"
echo "one-node Slurm up: $host, $cpus CPUs, ${memory} MB ($(sinfo -V))"

# The sweep: 2 points × 3 seeds of an M/M/1 queue (2 to 3 s a run in release here), in 3 shards of 2 runs.
cat >"$work/queue.yaml" <<'EOF'
name: ci-queue
seed: 5
queueing:
  interarrival: 2us
  service: 1us
  customers: 8000000
  warmup_customers: 1000
EOF
sweep_args=(--vary queueing.service=1us,1.5us --seeds 3)
# The shipped configuration with this test's sweep and resources: the only lines a user edits.
sed -e "s|^SCENARIO=.*|SCENARIO=$work/queue.yaml|" \
  -e "s|^SWEEP_ARGS=.*|SWEEP_ARGS=(${sweep_args[*]})|" \
  -e "s|^SHARDS=.*|SHARDS=3|" -e "s|^OUT=.*|OUT=$work/out|" -e "s|^FABRICSIM=.*|FABRICSIM=$fabricsim|" \
  -e "s|^PROGRESS_INTERVAL=.*|PROGRESS_INTERVAL=1|" -e "s|^CPUS_PER_TASK=.*|CPUS_PER_TASK=1|" \
  -e "s|^MEM=.*|MEM=500M|" -e "s|^TIME=.*|TIME=00:10:00|" -e "s|^MERGE_MEM=.*|MERGE_MEM=200M|" \
  -e "s|^LOGS=.*|LOGS=$work/logs|" scripts/cluster/sweep.conf >"$work/sweep.conf"
diff scripts/cluster/sweep.conf "$work/sweep.conf" | grep '^>' || true

# A configuration that cannot fit the node is refused before anything is submitted.
sed -e "s|^CPUS_PER_TASK=.*|CPUS_PER_TASK=$((cpus + 1))|" "$work/sweep.conf" >"$work/too-big.conf"
if out=$(scripts/cluster/slurm/submit.sh --conf "$work/too-big.conf" 2>&1); then check "a task larger than the node was submitted"; fi
[[ $out == *"would stay pending for ever"* ]] || check "submit.sh on a task larger than the node said: $out"

# The whole sweep in one piece, for the byte-for-byte comparison.
"$fabricsim" sweep "$work/queue.yaml" "${sweep_args[@]}" --out "$work/whole" --quiet

# Wait for a job (or array) to leave the queue, at most $2 seconds.
wait_for() {
  for _ in $(seq "$2"); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 1
  done
  squeue
  check "job $1 still in the queue after $2 s"
}
# A job's exit code, "code:signal", from the controller's memory of it (no accounting database here).
exit_code() { scontrol show job "$1" | grep -o 'ExitCode=[0-9:]*' | head -1 | cut -d= -f2; }

cd "$work"
submitted=$("$root/scripts/cluster/slurm/submit.sh" --conf "$work/sweep.conf")
echo "$submitted"
array=$(echo "$submitted" | sed -n 's/.* as job \([0-9]*\), the merge as job \([0-9]*\).*/\1/p')
merge=$(echo "$submitted" | sed -n 's/.* as job \([0-9]*\), the merge as job \([0-9]*\).*/\2/p')
[ -n "$array" ] && [ -n "$merge" ] || check "submit.sh printed no job ids: $submitted"

# Cancel task 1 in its first run: once its log has the sweep's first line and a progress line (a second in).
log1=$work/logs/fabricsim-sweep-${array}_1.out
for _ in $(seq 240); do
  grep -q '^progress ' "$log1" 2>/dev/null && break
  sleep 0.25
done
grep -q '^sweep ci-queue' "$log1" || check "task 1 did not start: $(cat "$log1" 2>/dev/null)"
grep -q '^progress ' "$log1" || check "task 1's log has no progress line: $(cat "$log1")"
scancel "${array}_1"
wait_for "$array" 240
wait_for "$merge" 120
echo "--- the cancelled task's log"
cat "$log1"
grep -q 'interrupted by SIGTERM: .* runs finished and their folders are complete' "$log1" ||
  check "the cancelled task's log does not say what it finished"
grep -q 'Run this shard (--shard 1/3) again with --resume' "$log1" || check "the cancelled task's log does not say how to go on"
grep -q $'\r' "$log1" && check "the task's log holds carriage returns"
for i in 0 2; do
  [ "$(exit_code "${array}_$i")" = 0:0 ] || check "task $i: exit code $(exit_code "${array}_$i"): $(cat "$work/logs/fabricsim-sweep-${array}_$i.out")"
done
echo "--- the merge's log, after the cancel"
cat "$work/logs/fabricsim-merge-$merge.out"
[ "$(exit_code "$merge")" = 2:0 ] || check "the merge after a cancelled task exited $(exit_code "$merge"), expected 2"
grep -q "did not finish: index 1 " "$work/logs/fabricsim-merge-$merge.out" || check "the merge does not name the missing shard"
grep -q "submit.sh --conf $work/sweep.conf --retry 1\$" "$work/logs/fabricsim-merge-$merge.out" ||
  check "the merge does not give the retry command"
[ ! -e "$work/out/sweep.json" ] || check "the merge wrote a summary with a shard missing"

# The retry: task 1 alone (an array of one task; the shard count is the configuration's) and a new merge.
submitted=$("$root/scripts/cluster/slurm/submit.sh" --conf "$work/sweep.conf" --retry 1)
echo "$submitted"
array=$(echo "$submitted" | sed -n 's/.* as job \([0-9]*\), the merge as job \([0-9]*\).*/\1/p')
merge=$(echo "$submitted" | sed -n 's/.* as job \([0-9]*\), the merge as job \([0-9]*\).*/\2/p')
wait_for "$array" 240
wait_for "$merge" 120
echo "--- the retried task's log"
cat "$work/logs/fabricsim-sweep-${array}_1.out"
[ "$(exit_code "${array}_1")" = 0:0 ] || check "the retried task exited $(exit_code "${array}_1")"
echo "--- the merge's log, after the retry"
cat "$work/logs/fabricsim-merge-$merge.out"
[ "$(exit_code "$merge")" = 0:0 ] || check "the merge after the retry exited $(exit_code "$merge")"
for file in sweep.json sweep.csv sweep.html; do
  cmp "$work/whole/$file" "$work/out/$file" || check "$file of the merged shards differs from the sweep run in one piece"
done
passed=1
echo "PASSED the one-node Slurm test: cancel, merge refusal, retry alone, merge byte-identical to one piece"
