#!/usr/bin/env bash
# Validates summary.json files against docs/summary.schema.json with the reference JSON Schema implementation
# (python3-jsonschema), as a cross-check of the validator the test suite carries
# (Tests/FabricSimTests/Export/JSONSchemaValidator.swift). Optional: CI does not depend on it.
#
# Usage:  scripts/validate-summary.sh results/*/summary.json
# Needs:  python3 with jsonschema 4.x (Debian: apt-get install -y python3-jsonschema; or pip install jsonschema)
# Exit:   0 every file is valid, 1 a file is not, 2 cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  echo "usage: $0 SUMMARY.json..." >&2
  exit 2
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "error: python3 has no jsonschema module; install it with: apt-get install -y python3-jsonschema" >&2
  exit 2
fi
python3 - docs/summary.schema.json "$@" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
failed = 0
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    if errors:
        failed += 1
        print(f"FAIL {path}")
        for e in errors[:10]:
            print(f"  $.{'.'.join(str(p) for p in e.path)}: {e.message}")
    else:
        print(f"ok   {path}")
sys.exit(1 if failed else 0)
PY
