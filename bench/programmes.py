"""Programme extraction against the gold: how many (programme, document) pairs of the gold have a
mention in that document whose name is the gold name or one of its aliases (diacritics and quotes
set aside). The scorer in ../shared/eval ignores programmes, so this is their measure.

    python bench/programmes.py [--gold ../shared/gold/projects.json] [-v]
"""
import argparse
import json
import re
from pathlib import Path

from kg.extract import extract_file
from kg.text import fold_key

ROOT = Path(__file__).resolve().parent.parent


def _key(s: str) -> str:
    return " ".join(re.sub(r"[“”\"]", "", fold_key(s).replace("–", "-")).split()).strip(" ,")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "projects.json"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list the gold pairs not found")
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))["programmes"]
    found = {}
    for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        found[path.name] = {_key(m.name) for m in extract_file(path).project_mentions if m.type == "programme"}
    hits = total = 0
    for p in gold:
        names = {_key(a) for a in p["aliases"]} | {_key(p["name"])}
        for doc in p["docs"]:
            total += 1
            if names & found.get(doc, set()):
                hits += 1
            elif args.verbose:
                print(f"missed {doc[:3]} {p['name']}")
    predicted = sum(len(v) for v in found.values())
    print(f"programmes: {hits}/{total} gold (programme, document) pairs found by name "
          f"({hits / total:.2f}); {predicted} distinct programme names predicted")


if __name__ == "__main__":
    main()
