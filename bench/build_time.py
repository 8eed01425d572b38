"""Wall time of `kg build` on the seed corpus (run by hand: python bench/build_time.py [N])."""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
times = []
with tempfile.TemporaryDirectory() as tmp:
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["kg", "build", "--corpus", str(ROOT / "data" / "corpus"), "--store", f"{tmp}/store"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - start)
print(f"kg build on {ROOT / 'data' / 'corpus'}: median {statistics.median(times):.2f} s, "
      f"min {min(times):.2f} s over {runs} runs (process start included)")
