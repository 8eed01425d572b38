"""How `kg` scales: python bench/scale.py N [--jobs J] [--keep DIR]

Generates N synthetic documents (bench/synth.py), then measures as a user runs `kg`:
`kg build` wall time, documents/s, quads/s, peak RSS (the largest process), store size; the ratio of
`kg build`'s quads/s to `oxigraph load` of the same N-Quads; `kg ingest` of one new document right
after (`ingest_one_s`) and the slower of two more ingested after it (`ingest_next_s`); project
lookups in-process (p50/p95 over the index) and whole-process (`kg project`); `kg query
slipped-deadlines` and `project-history`. Prints one table (Markdown) to paste into bench/README.md.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
KG = [sys.executable, "-m", "kg.cli"]


def run(*args) -> tuple[float, int]:
    """Wall seconds and the peak RSS (MiB) of the largest child so far. The disk's write-back of
    the command before is done first (2.4 GB still to be written slowed a `kg ingest` by 1-2 s)."""
    os.sync()
    start = time.perf_counter()
    subprocess.run([*KG, *map(str, args)], check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2 ** 20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args()
    # kg's bytecode, as an installed package has it: where PYTHONDONTWRITEBYTECODE is set, every
    # `kg` process would otherwise compile its modules again (0.1 s of each command timed below)
    compileall.compile_dir(ROOT / "kg", quiet=1)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    corpus, st = work / "corpus", work / "store"
    synth.generate(args.n, corpus)
    new_docs = synth.generate(args.n + 3, work / "extra", start=args.n)

    build_s, rss = run("build", "--corpus", corpus, "--store", st, "--jobs", args.jobs)
    from kg import lookup, store
    from kg.cli import _find_project
    stats = store.stats(st)
    quads = stats["quads"]
    store_mib = round(size_mib(store.version_dir(st)), 1)
    # right after the build, as a user goes on (`oxigraph load` below leaves the page cache to
    # itself: a cold Python then took 4.6 s to import): the first document, then two more
    # (variants of other seeds), one by one
    ingest_s, *next_s = [run("ingest", doc, "--store", st)[0] for doc in new_docs]

    rows = lookup.project_rows(st)
    rng = random.Random(16)
    names = [r["name"] for r in rng.sample(rows, min(50, len(rows)))]
    times, unique = [], []
    for name in names:
        t = time.perf_counter()
        try:
            _find_project(st, name)
            unique.append(name)
        except Exception:  # an ambiguous name is an answer too (and exits 1 from the CLI)
            pass
        times.append(time.perf_counter() - t)
    times.sort()
    project_s, _ = run("project", unique[0], "--store", st) if unique else (0, 0)
    pid = lookup.project_rows(st)[0]["project"]
    slipped_s, _ = run("query", "slipped-deadlines", "--store", st)
    history_s, _ = run("query", "project-history", "-p", f"project={pid}", "--store", st)
    nq = work / "all.nq"
    run("export", "nquads", nq, "--store", st)
    load_dir = work / "oxload"
    start = time.perf_counter()
    subprocess.run(["oxigraph", "load", "--location", str(load_dir), "--file", str(nq)], check=True,
                   capture_output=True)
    load_s = time.perf_counter() - start
    load_quads_per_s = store.stats(st)["quads"] / load_s  # (the ingested documents' too)
    out = {"documents": args.n, "jobs": args.jobs, "build_s": round(build_s, 1),
           "docs_per_s": round(args.n / build_s, 2), "quads": quads, "quads_per_s": round(quads / build_s),
           "peak_rss_mib": rss, "store_mib": store_mib, "projects": len(rows),
           "oxigraph_load_quads_per_s": round(load_quads_per_s),
           "ratio_to_oxigraph_load": round(quads / build_s / load_quads_per_s, 3),
           "ingest_one_s": round(ingest_s, 2), "ingest_next_s": max(round(t, 2) for t in next_s),
           "lookup_p50_ms": round(1000 * statistics.median(times), 1),
           "lookup_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
           "kg_project_s": round(project_s, 2), "slipped_deadlines_s": round(slipped_s, 2),
           "project_history_s": round(history_s, 2)}
    print(json.dumps(out))
    print("| " + " | ".join(out) + " |")
    print("| " + " | ".join(str(v) for v in out.values()) + " |")


if __name__ == "__main__":
    main()
