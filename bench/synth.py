"""A synthetic corpus of N documents made from the seeds: python bench/synth.py N OUT_DIR

Document i is seed i mod 5 moved to a province of the legacy map (its name, in every case, and the
seed province's districts replaced by that province's districts, from vietnamadminunits), its years
shifted, its own numbers changed and, from the second round over the provinces on, its project
names given a commune's name, so that documents, projects and places all grow with N. Once every
seed, province and year shift has come round (1,960 documents), the days of its dates move too, by
ten (onto no seed's day: seeds 000, 002 and 004 have one title, and a document without a number of
its own is known by its date and title), else it would be another file of an earlier document."""
from __future__ import annotations

import math
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import localities  # noqa: E402
from kg.text import fold_key  # noqa: E402

SEEDS = sorted((ROOT / "data" / "corpus").glob("*.txt"))
PROJECT_WORDS = r"((?i:cầu|khu công nghiệp|cụm công nghiệp|KCN|CCN|hồ chứa nước|nhà máy))"


def _units():
    provinces, districts, wards = localities._legacy()
    by_province: dict[str, list] = {}
    for units in districts.values():
        for d in units:
            by_province.setdefault(d.province, []).append(d)
    communes: dict[str, list] = {}
    for units in wards.values():
        for w in units:
            communes.setdefault(w.province, []).append(w)
    names = sorted({p.name for p in provinces.values() if p.full_name.startswith("Tỉnh")}, key=lambda n: (fold_key(n), n))
    return names, {k: sorted({d.name for d in v}, key=lambda n: (fold_key(n), n)) for k, v in by_province.items()}, \
        {k: sorted({w.name for w in v}, key=lambda n: (fold_key(n), n)) for k, v in communes.items()}


def _replace(text: str, old: str, new: str) -> str:
    def sub(m):
        s = m.group(0)
        return new.upper() if s.isupper() else new
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", sub, text, flags=re.IGNORECASE)


def variant(text: str, i: int, provinces, districts, communes) -> str:
    seed_province = "Trà Vinh" if "TRÀ VINH" in text[:400].upper() else "Bến Tre"
    target = provinces[i % len(provinces)]
    rnd = i // len(provinces)
    out = text
    if target != seed_province:
        mine = [d for d in districts.get(seed_province, []) if d != seed_province]  # the province's city is the province
        theirs = [d for d in districts.get(target, []) if d != target] or [target]
        for k, d in enumerate(sorted(mine, key=len, reverse=True)):  # longest first: "Mỏ Cày Bắc" before "Mỏ Cày"
            out = _replace(out, d, theirs[k % len(theirs)])
        out = _replace(out, seed_province, target)
    shift = rnd % 7 - 3
    out = re.sub(r"(?<!\d)(20[12]\d)(?!\d)", lambda m: str(int(m.group(1)) + shift), out)
    again = i // (7 * math.lcm(len(SEEDS), len(provinces)))
    if again:
        out = re.sub(r"(ngày\s+)(\d{1,2})(?=\s+tháng)", lambda m: f"{m.group(1)}{(int(m.group(2)) + 10 * again - 1) % 28 + 1:02d}",
                     out, flags=re.IGNORECASE)
    out = re.sub(r"(?<![\d/])(\d{1,3})([/-](?:NQ|BC|QĐ|KH|TTr)[-/](?:HĐND|UBND|TU|BTV))",  # the province's own
                 lambda m: f"{(int(m.group(1)) + 7 * i) % 997 + 1}{m.group(2)}", out)
    if rnd and communes.get(target):
        tag = communes[target][rnd % len(communes[target])]
        out = re.sub(PROJECT_WORDS + r"(\s+)([A-ZĐÂ]\w*)", lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)} {tag}", out)
    return unicodedata.normalize("NFC", out)


def generate(n: int, out_dir: Path, start: int = 0) -> list[Path]:
    """Documents start … n-1 of the synthetic corpus (the same whatever the start)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    provinces, districts, communes = _units()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    paths = []
    for i in range(start, n):
        path = out_dir / f"{i:05d}_{SEEDS[i % len(SEEDS)].stem[4:]}.txt"
        path.write_text(variant(texts[i % len(texts)], i, provinces, districts, communes), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    print(f"{len(generate(count, folder))} documents in {folder}")
