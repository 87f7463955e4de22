#!/usr/bin/env bash
# Opens a report.html in headless Chromium and checks what the test suite cannot: that a real browser renders
# it with no console message (no script errors, no failed loads, no policy violations), that it makes no
# request beyond the file itself (nothing fetched from a network, not even a favicon), and that the rendered
# page holds the SVG plots. Optionally writes a screenshot.
#
# Usage:  scripts/check-report.sh results/<name>/report.html [screenshot.png [width height]]
# Needs:  Chromium (Debian: apt-get install -y chromium) and python3. CI does not depend on it; the test suite
#         checks the HTML itself (Tests/FabricSimTests/Export/HTMLReportTests.swift).
# Exit:   0 all checks passed, 1 a check failed, 2 cannot run (missing browser or file).
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 REPORT.html [SCREENSHOT.png [WIDTH HEIGHT]]" >&2
  exit 2
fi
report=$(realpath "$1")
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "error: no Chromium found; install it with: apt-get install -y chromium" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-sandbox: containers often run as root, where Chromium's sandbox refuses to start.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile"
       --disable-background-networking --disable-component-update --disable-sync --disable-default-apps)

"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --log-net-log="$work/net.json" \
  --dump-dom "file://$report" >"$work/dom.html" 2>"$work/browser.log" || {
  echo "error: Chromium failed to open $report" >&2
  tail -5 "$work/browser.log" >&2
  exit 1
}

status=0
# 1. Console: a page without scripts should log nothing at all; any CONSOLE line is a failure.
if grep -E ':CONSOLE[:(]' "$work/browser.log" >"$work/console.txt"; then
  echo "FAIL console messages:" >&2
  cat "$work/console.txt" >&2
  status=1
else
  echo "ok   no console messages"
fi

# 2. Requests: every URL the network log saw must be the report itself (file:) or inline data (data:).
python3 - "$work/net.json" "file://$report" <<'PY' || status=1
import json, sys
path, own = sys.argv[1], sys.argv[2]
with open(path) as f:
    text = f.read().rstrip().rstrip(",")
if not text.endswith("}"):
    text += "]}"            # Chromium may stop before closing the log
log = json.loads(text)
names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
# Requests the page made: the browser's own background traffic (updates, sign-in) has no origin as initiator.
urls = set()
for event in log.get("events", []):
    params = event.get("params", {})
    if names.get(event.get("type")) == "URL_REQUEST_START_JOB" and "url" in params \
            and params.get("initiator") != "not an origin":
        urls.add(params["url"])
external = sorted(u for u in urls if not (u.startswith("file:") or u.startswith("data:")))
if external:
    print("FAIL requests beyond the file:", *external, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"ok   no external requests ({len(urls)} request(s) by the page, none beyond file: and data: URLs)")
PY

# 3. The rendered page holds the plots and the summary.
svgs=$(grep -o '<svg' "$work/dom.html" | wc -l)
if [ "$svgs" -lt 1 ] || ! grep -q '<h2>Summary</h2>' "$work/dom.html"; then
  echo "FAIL the rendered page has $svgs SVG plots and $(grep -c '<h2>Summary</h2>' "$work/dom.html") summary" >&2
  status=1
else
  echo "ok   $svgs SVG plots and the summary rendered"
fi

# 4. Optional screenshot.
if [ $# -ge 2 ]; then
  width=${3:-1280}
  height=${4:-2000}
  "$browser" "${flags[@]}" --window-size="$width,$height" --screenshot="$(realpath -m "$2")" "file://$report" \
    >/dev/null 2>&1
  echo "ok   screenshot $2 (${width}x${height})"
fi
exit $status
