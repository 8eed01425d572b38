#!/usr/bin/env python3
"""Numbers in targets sections and target tables that no target accounts for (kg.coverage).

Usage (from the project root): python bench/coverage.py [DIR_OR_FILE ...]
Default: data/corpus and ../shared/dev/docs. Prints each unexplained number with its line, a
count per document and the total; needs no gold, so it works on any new document.
"""
from __future__ import annotations

import sys
from pathlib import Path

from kg.coverage import uncovered
from kg.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]


def files(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [ROOT / "data" / "corpus", ROOT.parent / "shared" / "dev" / "docs"]
    out = []
    for p in paths:
        out += sorted(f for f in p.glob("*.txt")) if p.is_dir() else [p]
    return out


def main(argv: list[str]) -> int:
    total = 0
    for f in files(argv):
        missed = uncovered(extract_file(f))
        total += len(missed)
        print(f"{f.parent.name}/{f.name}: {len(missed)}")
        for u in missed:
            print(f"    {u.number:>10}  at {u.span[0]:>6}  {u.context}")
    print(f"TOTAL {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
