#!/usr/bin/env bash
# Builds the libFuzzer target over the scenario reader (Fuzz/, its own package) and runs it.
#
#   bash scripts/fuzz.sh [seconds]        default 600; 0 runs until stopped
#
# Seeds: the bundled scenarios and the fuzz corpus kept in the tests. The corpus libFuzzer grows is kept in
# .build/fuzz-corpus (not committed); inputs that crash, hang or exhaust memory land in .build/fuzz-findings.
# Each finding, once fixed, belongs in Tests/FabricSimTests/Scenario/FuzzCorpus/ (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
bash scripts/install-system-deps.sh
# SwiftPM keeps the path dependency's list of source files in the build manifest and does not notice a file added to
# the main package; removing the manifest makes it plan the build again (objects already built are kept).
rm -f Fuzz/.build/release.yaml
swift build --package-path Fuzz -c release --sanitize=fuzzer --product ScenarioFuzzer
mkdir -p .build/fuzz-corpus .build/fuzz-findings
# One worker (-fork=1), so that a crash, a timeout or an out-of-memory input is recorded and the run goes on.
# Limits: 10 s and 2 GiB per input, the bounds docs/fuzzing.md states for validating any scenario.
exec Fuzz/.build/release/ScenarioFuzzer \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -max_total_time="$seconds" \
    -artifact_prefix=.build/fuzz-findings/ \
    .build/fuzz-corpus scenarios Tests/FabricSimTests/Scenario/FuzzCorpus
