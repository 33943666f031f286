"""Driver memory of near-duplicate clustering: signatures in memory vs band files on disk.

    python benchmarks/near_dup_memory.py --docs 1270000

Generates random MinHash signatures (one planted near duplicate per 1,000 documents) and ids shaped
like the build's, then clusters them (a) from one ``(n, 64)`` array in memory, as the driver did
before, and (b) from band files written shard by shard, as the driver does now.  Each way runs in
its own process; the figure is that process's peak RSS (Linux ``VmHWM``) above what it held before
the signatures were made, and the wall time of the clustering.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARD = 5000


def _status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) * 1024
    return out


def _blocks(n: int):
    import numpy as np

    from source_stance.builder.dedup import N_PERM

    rng = np.random.default_rng(0)
    for lo in range(0, n, SHARD):
        k = min(SHARD, n - lo)
        block = rng.integers(0, 2**32, size=(k, N_PERM), dtype=np.uint32)
        block[1::1000, : N_PERM * 3 // 4] = block[0::1000, : N_PERM * 3 // 4][: len(block[1::1000])]
        yield lo, block


def _ids(lo: int, k: int):
    import pyarrow as pa

    return pa.array([f"texts/{i // 1000:05d}/{i:07d}" + ("#comment-1" if i % 4 == 3 else "") for i in range(lo, lo + k)], pa.string())


def child(way: str, n: int) -> None:
    import numpy as np
    import pyarrow as pa

    from source_stance.builder.dedup import N_PERM
    from source_stance.builder.engine.near_dup import BandFiles, clusters_from_bands, lean_near_duplicate_clusters

    base = _status()["VmRSS"]
    t0 = time.perf_counter()
    chunks = []
    with tempfile.TemporaryDirectory() as tmp:
        if way == "memory":
            sigs = np.empty((n, N_PERM), dtype="<u4")
            for lo, block in _blocks(n):
                sigs[lo : lo + len(block)] = block
                chunks.append(_ids(lo, len(block)))
            t1 = time.perf_counter()
            clusters = lean_near_duplicate_clusters(pa.chunked_array(chunks, pa.string()), sigs)
        else:
            bands = BandFiles(Path(tmp))
            for lo, block in _blocks(n):
                bands.append(block)
                chunks.append(_ids(lo, len(block)))
            bands.close()
            t1 = time.perf_counter()
            clusters = clusters_from_bands(pa.chunked_array(chunks, pa.string()), bands.band)
        t2 = time.perf_counter()
    print(json.dumps({"way": way, "clusters": len(clusters), "load_s": t1 - t0, "cluster_s": t2 - t1, "peak_above_start": _status()["VmHWM"] - base}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1_270_000, help="kept documents (1.27M = the 1M-text benchmark corpus)")
    ap.add_argument("--child", choices=["memory", "disk"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.docs)
        return
    print(f"near-duplicate clustering of {args.docs:,} signatures ({args.docs * 256 / 2**20:,.0f} MiB of signatures)")
    results = {}
    for way in ("memory", "disk"):
        out = subprocess.run([sys.executable, __file__, "--child", way, "--docs", str(args.docs)], check=True, capture_output=True, text=True)
        results[way] = r = json.loads(out.stdout.strip().splitlines()[-1])
        label = "signatures in memory (before)" if way == "memory" else "band files on disk (now)"
        print(f"  {label:32s} peak +{r['peak_above_start'] / 2**20:6,.0f} MiB   clustering {r['cluster_s']:5.1f} s   {r['clusters']:,} clustered")
    if results["memory"]["clusters"] != results["disk"]["clusters"]:
        raise SystemExit("the two ways disagree")


if __name__ == "__main__":
    main()
