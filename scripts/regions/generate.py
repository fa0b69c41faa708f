#!/usr/bin/env python3
"""Generates deploy/config/regions-ntt.yaml from the npm package idn-area-data 4.0.1.

The file holds every province and regency/city of Indonesia, and every district (kecamatan)
and village (desa/kelurahan) of Nusa Tenggara Timur (province 53). docs/regions.md says why the
lower levels of other provinces are left out, and how to regenerate.

  cd scripts/regions && npm ci --ignore-scripts   # fetches idn-area-data 4.0.1 (package-lock.json)
  ./scripts/regions/generate.py                   # rewrites deploy/config/regions-ntt.yaml
  ./scripts/regions/generate.py --check           # exit 1 when the committed file differs,
                                                  # 77 (skipped) when the package is not installed

The output depends only on the package's CSV files: rows are sorted by code, so that the same
package always gives a byte-identical file.
"""

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = "idn-area-data"
VERSION = "4.0.1"
DEFAULT_DATA = HERE / "node_modules" / PACKAGE
DEFAULT_OUT = ROOT / "deploy" / "config" / "regions-ntt.yaml"

# The province whose districts and villages are all listed, and the totals the data must give
# (FIELD-FACTS §1: 22 regencies/cities, 315 kecamatan, 3,442 villages of which 305 kelurahan).
DETAIL_PROVINCE = "53"
EXPECTED_DETAIL = {"regencies": 22, "districts": 315, "villages": 3442, "kelurahan": 305}

# Kemendagri form per level (Permendagri 137/2017): PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD.
LEVELS = [
    ("provinces", re.compile(r"\d{2}"), None),
    ("regencies", re.compile(r"\d{2}\.\d{2}"), "province_code"),
    ("districts", re.compile(r"\d{2}\.\d{2}\.\d{2}"), "regency_code"),
    ("villages", re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"), "district_code"),
]

SKIPPED = 77  # ctest's SKIP_RETURN_CODE for the --check test

ODBL_URI = "https://opendatacommons.org/licenses/odbl/1-0/"
SOURCE_URI = "https://github.com/fityannugroho/idn-area-data"


class DataError(Exception):
    pass


def read_level(data_dir, name, form, parent_key):
    path = data_dir / "data" / f"{name}.csv"
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            code, label = row["code"], row["name"]
            if not form.fullmatch(code):
                raise DataError(f"{path}:{line}: malformed code '{code}'")
            if label != label.strip() or not label:
                raise DataError(f"{path}:{line}: empty or padded name for '{code}'")
            if parent_key and row[parent_key] != code.rsplit(".", 1)[0]:
                raise DataError(f"{path}:{line}: '{code}' names parent '{row[parent_key]}'")
            rows.append((code, label))
    return rows


def load(data_dir):
    manifest = json.loads((data_dir / "package.json").read_text(encoding="utf-8"))
    if manifest.get("version") != VERSION:
        raise DataError(f"{PACKAGE} is {manifest.get('version')}, want {VERSION} "
                        "(run npm ci in scripts/regions)")
    levels = {name: read_level(data_dir, name, form, key) for name, form, key in LEVELS}

    entries = []
    for code, label in levels["provinces"]:
        # Regencies carry their kind ("Kabupaten", "Kota") in the source; provinces get theirs
        # so that every level-1 and level-2 name reads the same way in a picker.
        entries.append((code, f"Provinsi {label}"))
    entries += levels["regencies"]
    prefix = DETAIL_PROVINCE + "."
    entries += [e for e in levels["districts"] if e[0].startswith(prefix)]
    entries += [e for e in levels["villages"] if e[0].startswith(prefix)]
    entries.sort()

    codes = [c for c, _ in entries]
    if len(set(codes)) != len(codes):
        raise DataError("duplicate codes in the data")
    known = set(codes)
    for code in codes:
        if "." in code and code.rsplit(".", 1)[0] not in known:
            raise DataError(f"'{code}' has no parent")

    detail = {
        "regencies": sum(1 for c in codes if c.startswith(prefix) and c.count(".") == 1),
        "districts": sum(1 for c in codes if c.startswith(prefix) and c.count(".") == 2),
        "villages": sum(1 for c in codes if c.startswith(prefix) and c.count(".") == 3),
        "kelurahan": sum(1 for c in codes if c.startswith(prefix) and c.count(".") == 3
                         and c[9] == "1"),
    }
    if detail != EXPECTED_DETAIL:
        raise DataError(f"province {DETAIL_PROVINCE} counts {detail}, want {EXPECTED_DETAIL}")
    totals = {name: len(rows) for name, rows in levels.items()}
    return entries, totals


def quoted(text):
    # YAML double-quoted scalar: only backslash and the quote need escaping (the data has
    # names such as Nunle"u); everything else, UTF-8 included, is taken literally.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(entries, totals):
    names = dict(entries)
    n_detail = sum(1 for c, _ in entries if c.startswith(DETAIL_PROVINCE + "."))
    out = io.StringIO()
    out.write(f"""\
# Kemendagri administrative regions known to Lintas: every province and regency/city of
# Indonesia, and every district (kecamatan) and village (desa/kelurahan) of Nusa Tenggara Timur.
#
# GENERATED by scripts/regions/generate.py from the npm package {PACKAGE} {VERSION}.
# Do not edit by hand: change the generator or the pinned version and regenerate
# (docs/regions.md). Only change made to the data: provinces are named "Provinsi <name>".
#
# Contains information from {PACKAGE}, which is made available here under the
# Open Database License (ODbL).
#   {PACKAGE}: {SOURCE_URI}
#   ODbL 1.0:      {ODBL_URI}
# This file is a derivative database of {PACKAGE}; it is made available under the ODbL 1.0
# too, and the rest of Lintas does not change that (docs/regions.md).
#
# Form: PP.KK.CC.DDDD = province.regency.district.village (Permendagri 137/2017). Regencies
# (kabupaten) are 01-69, cities (kota) 71-99. A village code starting with 1 is a kelurahan,
# with 2 a desa. Codes are not contiguous, so never derive one by counting.
#
# Entries: {len(entries)} = {totals['provinces']} provinces + {totals['regencies']} regencies/cities + \
{n_detail - EXPECTED_DETAIL['regencies']} districts and villages of province {DETAIL_PROVINCE}
# (NTT: {EXPECTED_DETAIL['regencies']} regencies/cities, {EXPECTED_DETAIL['districts']} kecamatan, \
{EXPECTED_DETAIL['villages']} desa/kelurahan of which {EXPECTED_DETAIL['kelurahan']} kelurahan).
""")
    for code, label in entries:
        depth = code.count(".")
        if depth == 0:
            out.write(f"\n# {code} {names[code]}\n")
        elif depth == 1 and code.startswith(DETAIL_PROVINCE + "."):
            out.write(f"\n# {code} {label}\n")
        out.write(f"- {{code: {quoted(code)}, name: {quoted(label)}}}\n")
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"the installed {PACKAGE} package directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the YAML file to write")
    parser.add_argument("--check", action="store_true",
                        help="compare with --out instead of writing it")
    args = parser.parse_args()

    if not (args.data / "package.json").is_file():
        print(f"generate.py: {PACKAGE} is not installed at {args.data} "
              "(cd scripts/regions && npm ci --ignore-scripts)", file=sys.stderr)
        return SKIPPED if args.check else 2
    try:
        entries, totals = load(args.data)
    except DataError as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 1
    text = render(entries, totals).encode("utf-8")

    if args.check:
        current = args.out.read_bytes() if args.out.is_file() else b""
        if current != text:
            print(f"generate.py: {args.out} differs from what {PACKAGE} {VERSION} gives; "
                  "run scripts/regions/generate.py and commit the result", file=sys.stderr)
            return 1
        print(f"generate.py: {args.out} matches {PACKAGE} {VERSION} ({len(entries)} entries)")
        return 0
    args.out.write_bytes(text)
    print(f"generate.py: wrote {args.out} ({len(entries)} entries, {len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
