#!/usr/bin/env python3
"""ctest unit.regions_generator: the committed deploy/config/regions-ntt.yaml is exactly what
scripts/regions/generate.py makes from the pinned idn-area-data, two runs give the same bytes,
and --check notices a hand edit. Exits 77 (skipped) when the package is not installed
(cd scripts/regions && npm ci --ignore-scripts; scripts/test.sh does it when npm is there)."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GENERATE = ROOT / "scripts" / "regions" / "generate.py"
COMMITTED = ROOT / "deploy" / "config" / "regions-ntt.yaml"
SKIPPED = 77


def run(*args):
    return subprocess.run([sys.executable, str(GENERATE), *args], capture_output=True, text=True)


def main():
    check = run("--check")
    if check.returncode == SKIPPED:
        print(check.stderr, end="")
        return SKIPPED
    failures = []
    if check.returncode != 0:
        failures.append(f"committed file differs from the generator: {check.stderr.strip()}")

    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a.yaml", Path(tmp) / "b.yaml"
        for out in (first, second):
            r = run("--out", str(out))
            if r.returncode != 0:
                failures.append(f"generate.py --out failed: {r.stderr.strip()}")
                break
        else:
            if first.read_bytes() != second.read_bytes():
                failures.append("two runs gave different bytes")
            edited = Path(tmp) / "edited.yaml"
            edited.write_bytes(first.read_bytes().replace(b'"Wehali"', b'"Wehali Baru"', 1))
            if edited.read_bytes() == first.read_bytes():
                failures.append("test setup: Wehali not found in the generated file")
            elif run("--check", "--out", str(edited)).returncode != 1:
                failures.append("--check accepted a hand-edited file")

    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    if not failures:
        print("regions-ntt.yaml matches the generator; output is deterministic; edits are caught")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
