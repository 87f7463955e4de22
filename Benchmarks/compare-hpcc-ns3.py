#!/usr/bin/env python3
"""FabricSim against the HPCC authors' ns-3 simulator on the same incasts and the same WebSearch flows.

The peer is the public simulator of Li et al., "HPCC: High Precision Congestion Control" (SIGCOMM 2019),
github.com/alibaba-edu/High-Precision-Congestion-Control. None of its code is part of this repository: the script
clones it (HPCC_REPO at HPCC_COMMIT) into HPCC_DIR, outside the repository, and builds it with its own waf under
Python 2.7 (PYTHON2), as its README says: `./waf configure --build-profile=optimized`, `./waf build`. Its own
`run.py` writes each run's configuration (ECN thresholds per link rate, DCQCN's or HPCC's constants) and runs it;
`--cc dcqcn_paper` (whose constants FabricSim's `dcqcn: rate` preset, the RoCE default, takes: docs/network-model.md)
and `--cc hp` (HPCC, η = 95 %) are the two controllers compared.

The work, in both tools, alternating case by case so that load on this shared machine hits both alike:
  incast   N senders (N = 8, 32) each send 4,000,000 bytes at time 0 to one receiver through one switch; every
           cable 100 Gb/s and 1 us; 1,000-byte payloads (the peer's PACKET_PAYLOAD_SIZE); PFC; 32 MB of switch
           buffer (the peer's run.py default at 100 Gb/s). Figure: the last byte's arrival over the wire bound
           N x 4 MB x 8 / 100 Gb/s.
  websearch the HPCC paper's fat-tree (the peer's mix/fat.txt; scenarios/hpcc-paper-fabric.yaml is the same
           fabric), WebSearch flows at 30 % load for 5 ms drawn once by the peer's traffic_gen/traffic_gen.py, and
           the same flow list given to FabricSim as traffic.flows. Figure: median and P99 slowdown per size
           bucket, each tool dividing by its own "same flow alone" time.
FabricSim runs `network.profile: dcqcn` (the DCQCN preset in force) and `network.profile: hpcc`, with `mtu: 1000`;
under hpcc with `hpcc_expected_flows: 125`, run.py's W_AI (B/2500, 40 Mb/s at 100 Gb/s), FabricSim's default being
the paper's rule with N = 10 (docs/network-model.md, "Choosing W_AI").
Wall time per run is printed; the table goes to stdout as Markdown.

Usage: python3 Benchmarks/compare-hpcc-ns3.py [--cases incast,websearch]
Environment: HPCC_DIR (default <repository>/../peers/hpcc), HPCC_REPO, HPCC_COMMIT, PYTHON2 (default python2.7),
  WORK (default $TMPDIR/compare-hpcc-ns3), LOAD (default 0.3), DURATION (default 0.005 s).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HPCC_DIR = os.environ.get("HPCC_DIR", os.path.join(os.path.dirname(REPO), "peers", "hpcc"))
HPCC_REPO = os.environ.get("HPCC_REPO", "https://github.com/alibaba-edu/High-Precision-Congestion-Control")
HPCC_COMMIT = os.environ.get("HPCC_COMMIT", "9f4be2a")
PYTHON2 = os.environ.get("PYTHON2", "python2.7")
WORK = os.environ.get("WORK", os.path.join(os.environ.get("TMPDIR", "/tmp"), "compare-hpcc-ns3"))
LOAD = float(os.environ.get("LOAD", "0.3"))
DURATION = float(os.environ.get("DURATION", "0.005"))
SIM = os.path.join(HPCC_DIR, "simulation")
FLOW_BYTES = 4_000_000
BASE_T = 2.0  # the peer's flows start 2 s into its run (traffic_gen.py's base_t; run.py's monitors assume it)
BUCKETS = [(10_000, "<10KB"), (100_000, "10KB-100KB"), (1_000_000, "100KB-1MB"), (10_000_000, "1MB-10MB"),
           (float("inf"), ">=10MB")]
CONTROLLERS = [("dcqcn", "dcqcn_paper", "dcqcn_paper"), ("hpcc", "hp", "hp95")]  # (FabricSim profile, run.py --cc, tag)
# Keys that put FabricSim on the peer's settings where its defaults differ: run.py's HPCC W_AI is B/2500, which is the
# paper's W_init(1 - eta)/N with N = 125 at eta = 0.95.
PEER_KEYS = {"dcqcn": "", "hpcc": "\n  hpcc_expected_flows: 125"}


def use_python2():
    """Under pyenv (as on the reference machine) `python2.7` resolves only with a 2.7 version selected."""
    if subprocess.run(f"{PYTHON2} --version", shell=True, capture_output=True).returncode == 0:
        return
    if not shutil.which("pyenv"):
        sys.exit(f"compare-hpcc-ns3: {PYTHON2} not found; the peer's build and scripts need Python 2.7 (PYTHON2)")
    versions = subprocess.run("pyenv versions --bare", shell=True, capture_output=True, text=True).stdout.split()
    twos = [v for v in versions if v.startswith("2.7")]
    if twos:
        os.environ["PYENV_VERSION"] = twos[-1]


def sh(command, cwd=None, log=None):
    started = time.time()
    out = open(log, "w") if log else subprocess.DEVNULL
    result = subprocess.run(command, cwd=cwd, shell=True, stdout=out, stderr=subprocess.STDOUT)
    if log:
        out.close()
    if result.returncode != 0:
        tail = open(log).read()[-3000:] if log else ""
        sys.exit(f"compare-hpcc-ns3: `{command}` failed (exit {result.returncode})\n{tail}")
    return time.time() - started


def build_peer():
    if not os.path.isdir(os.path.join(HPCC_DIR, ".git")):
        sh(f"git clone --quiet {HPCC_REPO} {HPCC_DIR}")
    sh(f"git -C {HPCC_DIR} -c advice.detachedHead=false checkout --quiet {HPCC_COMMIT}")
    if not os.path.exists(os.path.join(SIM, "build", "scratch", "third")):
        env = "CXXFLAGS='-O2 -w -fpermissive -std=c++11'"
        sh(f"{env} {PYTHON2} ./waf configure --build-profile=optimized --disable-python --disable-examples"
           " --disable-tests", cwd=SIM, log=os.path.join(WORK, "peer-configure.log"))
        sh(f"{PYTHON2} ./waf build", cwd=SIM, log=os.path.join(WORK, "peer-build.log"))


def build_fabricsim():
    sh("swift build -c release --product fabricsim", cwd=REPO, log=os.path.join(WORK, "fabricsim-build.log"))
    path = subprocess.run("swift build -c release --show-bin-path", cwd=REPO, shell=True, capture_output=True,
                          text=True).stdout.strip()
    return os.path.join(path, "fabricsim")


def run_peer(topo, trace, cc):
    """Runs the peer's run.py and returns (wall seconds, rows of its FCT file)."""
    wall = sh(f"{PYTHON2} run.py --cc {cc} --trace {trace} --topo {topo} --bw 100", cwd=SIM,
              log=os.path.join(WORK, f"peer-{topo}-{trace}-{cc}.log"))
    tag = dict((c, t) for _, c, t in CONTROLLERS)[cc]
    rows = []
    for line in open(os.path.join(SIM, "mix", f"fct_{topo}_{trace}_{tag}.txt")):
        f = line.split()
        rows.append({"size": int(f[4]), "start": int(f[5]), "fct": int(f[6]), "alone": int(f[7])})
    return wall, rows


def run_fabricsim(binary, name, text):
    path = os.path.join(WORK, name + ".yaml")
    open(path, "w").write(text)
    out = os.path.join(WORK, "out-" + name)
    shutil.rmtree(out, ignore_errors=True)
    wall = sh(f"{binary} run {path} --out {out} --format json --quiet", log=os.path.join(WORK, name + ".log"))
    summaries = [os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs if f == "summary.json"]
    return wall, json.load(open(summaries[0]))


def metric(summary, key):
    value = summary["metrics"][key]
    return value["value"] if isinstance(value, dict) and "value" in value else value


def incast(binary, senders, lines):
    topo, trace = f"incast{senders}", f"incast{senders}_flow"
    mix = os.path.join(SIM, "mix")
    with open(os.path.join(mix, topo + ".txt"), "w") as f:  # hosts 0..N, switch N+1, one cable each
        f.write(f"{senders + 2} 1 {senders + 1}\n{senders + 1}\n")
        for host in range(senders + 1):
            f.write(f"{host} {senders + 1} 100Gbps 1000ns 0.000000\n")
    with open(os.path.join(mix, trace + ".txt"), "w") as f:  # senders 1..N to host 0
        f.write(f"{senders}\n")
        for host in range(1, senders + 1):
            f.write(f"{host} 0 3 100 {FLOW_BYTES} {BASE_T:.9f}\n")
    bound_us = senders * FLOW_BYTES * 8 / 100e9 * 1e6
    for profile, cc, _ in CONTROLLERS:
        peer_wall, rows = run_peer(topo, trace, cc)
        peer_last_us = max(r["start"] + r["fct"] for r in rows) / 1000 - BASE_T * 1e6
        text = f"""name: incast-{senders}-{profile}
seed: 1
fabric: roce
topology:
  shape: leaf-spine
  leaves: 1
  spines: 1
  servers_per_leaf: {senders + 1}
  gpus_per_server: 1
  nics_per_server: 1
  host_link_rate: 100G
  host_link_delay: 1us
network:
  profile: {profile}
  mtu: 1000{PEER_KEYS[profile]}
  switch_buffer: 32MB
traffic:
  pattern: incast
  receiver: 0
  senders: {senders}
  bytes: {FLOW_BYTES}B
"""
        wall, summary = run_fabricsim(binary, f"incast-{senders}-{profile}", text)
        ours_us = metric(summary, "fct_max_us")
        lines.append(f"| incast {senders}→1, 4 MB each | {profile} | {ours_us / bound_us:.2f}× "
                     f"({ours_us:,.0f} µs) | {peer_last_us / bound_us:.2f}× ({peer_last_us:,.0f} µs) | "
                     f"{wall:.1f} s | {peer_wall:.1f} s |")
        print(lines[-1], file=sys.stderr)


def bucket_of(size):
    return next(name for limit, name in BUCKETS if size < limit)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def websearch(binary, lines):
    trace = f"websearch{int(LOAD * 100)}_flow"
    flows_path = os.path.join(SIM, "mix", trace + ".txt")
    sh(f"{PYTHON2} traffic_gen.py -c WebSearch_distribution.txt -n 320 -l {LOAD} -b 100G -t {DURATION}"
       f" -o {flows_path}", cwd=os.path.join(HPCC_DIR, "traffic_gen"))
    flows = [line.split() for line in open(flows_path).read().splitlines()[1:]]
    listed = "\n".join(f"    - {{source: {f[0]}, destination: {f[1]}, bytes: {f[4]}B, "
                       f"start: {round((float(f[5]) - BASE_T) * 1e9)}ns}}" for f in flows)
    fabric = open(os.path.join(REPO, "scenarios", "hpcc-paper-fabric.yaml")).read()
    fabric = fabric[fabric.index("topology:"):fabric.index("background:")]
    for profile, cc, _ in CONTROLLERS:
        peer_wall, rows = run_peer("fat", trace, cc)
        peer = {}
        for r in rows:
            peer.setdefault(bucket_of(r["size"]), []).append(r["fct"] / r["alone"])
        text = (f"name: websearch-{profile}\nseed: 1\nfabric: roce\n" +
                fabric.replace("profile: dcqcn", f"profile: {profile}\n  mtu: 1000{PEER_KEYS[profile]}") +
                f"traffic:\n  pattern: flows\n  flows:\n{listed}\nstop:\n  time: 200ms\n")
        wall, summary = run_fabricsim(binary, f"websearch-{profile}", text)
        ours = {row["size"]: row for row in metric(summary, "fct_by_size")}
        for _, name in BUCKETS:
            mine, theirs = ours.get(name), peer.get(name, [])
            if not mine and not theirs:
                continue
            lines.append(f"| WebSearch {int(LOAD * 100)} %, {name} ({len(theirs)} flows) | {profile} | "
                         f"{mine['slowdown_p50']:.2f} / {mine['slowdown_p99']:.2f} | "
                         f"{percentile(theirs, 0.5):.2f} / {percentile(theirs, 0.99):.2f} | "
                         f"{wall:.1f} s | {peer_wall:.1f} s |")
            print(lines[-1], file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="incast,websearch")
    cases = parser.parse_args().cases.split(",")
    os.makedirs(WORK, exist_ok=True)
    use_python2()
    build_peer()
    binary = build_fabricsim()
    head = subprocess.run(f"git -C {HPCC_DIR} rev-parse --short HEAD", shell=True, capture_output=True,
                          text=True).stdout.strip()
    ours = subprocess.run(f"git -C {REPO} rev-parse --short HEAD", shell=True, capture_output=True,
                          text=True).stdout.strip()
    lines = [f"| case | controller | FabricSim {ours} | HPCC ns-3 {head} | FabricSim wall | ns-3 wall |",
             "|---|---|---:|---:|---:|---:|"]
    if "incast" in cases:
        for senders in (8, 32):
            incast(binary, senders, lines)
    if "websearch" in cases:
        websearch(binary, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
