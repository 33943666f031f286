"""Benchmark: full builds of a synthetic news corpus vs "the usual way" (pandas + pysbd + datasets).

Not a test: it prints figures.  Usage (from the repository root, with the `dask` and `bench` extras)::

    python benchmarks/bench_build.py --docs 10000

For each of ``--workers 1``, ``--workers 2`` and ``--engine dask --workers 2`` it builds the same
generated corpus (see ``benchmarks/corpus.py``) from scratch (``--no-cache``) in a subprocess and
prints documents/s, sentences/s, sentences per CPU-second and the peak memory of the whole process
tree (driver + workers: summed PSS sampled every 100 ms with psutil; ``getrusage`` reports only the
largest single process).  Then it runs the usual way on the same texts (``--baseline-docs`` of them:
pysbd is slow) and prints our throughput as a multiple of it, and the sentence-boundary F1 of both
segmenters on the seed texts against a hand-checked reference (``seed_boundaries.json``).
``--pairs N`` runs N pairs of ``--workers 1`` and ``--workers 2`` builds and prints each 1 -> 2
speed-up and their median (single runs on a shared machine vary by several percent).
``--profile N`` adds a cProfile of N documents built in one process, by stage.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402


def tree_rss_samples(proc: "subprocess.Popen[bytes]", cpu_by_pid: dict[int, float] | None = None) -> list[tuple[float, int]]:
    """Poll until ``proc`` ends: (time, summed PSS of it and its descendants) every 100 ms.

    PSS (proportional set size) divides pages shared between processes (the worker pool's
    preloaded modules) among them, so the sum is the tree's real footprint; summed RSS would count
    shared pages once per process.  ``cpu_by_pid`` collects each process's last seen CPU seconds:
    pool workers are children of the forkserver, which ``getrusage`` does not see.
    """
    import psutil

    samples = []
    p = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            for q in [p, *p.children(recursive=True)]:
                try:
                    total += q.memory_full_info().pss
                    if cpu_by_pid is not None:
                        t = q.cpu_times()
                        cpu_by_pid[q.pid] = t.user + t.system
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        samples.append((time.time(), total))
        time.sleep(0.1)
    return samples


def run_measured(cmd: list[str], samples_out: list | None = None, cpu_out: list | None = None) -> tuple[float, int, str]:
    """Wall time, peak tree RSS and stdout of ``cmd``; CPU seconds (user + system, the whole
    process tree) go to ``cpu_out``: on a busy machine sentences per CPU-second is the fair
    per-core figure, since wall time also counts waiting for other people's processes."""
    import resource
    import tempfile

    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    cpu_by_pid: dict[int, float] = {}
    with tempfile.TemporaryFile() as so, tempfile.TemporaryFile() as se:
        proc = subprocess.Popen(cmd, stdout=so, stderr=se)
        samples = tree_rss_samples(proc, cpu_by_pid)
        proc.wait()
        so.seek(0)
        se.seek(0)
        out, err = so.read(), se.read()
    peak = max((r for _, r in samples), default=0)
    if samples_out is not None:
        samples_out.extend(samples)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu_out is not None:
        # the larger of: what getrusage saw (reaped descendants, exact) and the sum of the last
        # samples of every process seen (includes forkserver children, misses < 100 ms each)
        cpu_out.append(max((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), sum(cpu_by_pid.values())))
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-3000:]}")
    return wall, peak, out.decode()


def build(raw: Path, out: Path, label: str, engine: str, workers: int, build_only: bool = False) -> dict:
    """A from-scratch build (no cache) in a subprocess: run() then publish(), as the CLI does."""
    import shutil

    if out.exists():
        shutil.rmtree(out)
    stamps = out.parent / f"{out.name}.stamps.json"
    samples: list[tuple[float, int]] = []
    cpu: list[float] = []
    load = os.getloadavg()[0]
    cmd = [sys.executable, str(HERE / "build_once.py"), str(raw), str(out), engine, str(workers), str(stamps)]
    if build_only:
        cmd.append("build-only")
    wall, peak, _ = run_measured(cmd, samples, cpu)
    st = json.loads(stamps.read_text())
    docs, sents = st["counts"]["documents"], st["counts"]["sentences"]
    build_peak = max((r for t, r in samples if t <= st["built"]), default=0)
    return {
        "label": label,
        "wall_s": wall,
        "build_s": st["built"] - st["start"],
        "publish_s": st["published"] - st["built"],
        "documents": docs,
        "sentences": sents,
        "peak_rss": peak,
        "build_peak_rss": build_peak,
        "summary": st["summary"],
        "cpu_s": cpu[0],
        "load_before": load,
    }


BASELINE = r'''
import sys, time, json
from pathlib import Path
import pandas as pd
import pysbd
from datasets import Dataset
raw, out, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
paths = sorted(raw.rglob("*.txt"))[:n]
df = pd.DataFrame({"doc_id": [p.stem for p in paths], "text": [p.read_text(encoding="utf-8") for p in paths]})
seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
df["sentence"] = df["text"].map(lambda t: [(s.start, s.end, s.sent.strip()) for s in seg.segment(t) if s.sent.strip()])
rows = df[["doc_id", "sentence"]].explode("sentence").dropna()
rows["char_start"] = rows["sentence"].map(lambda s: s[0])
rows["char_end"] = rows["sentence"].map(lambda s: s[1])
rows["text"] = rows["sentence"].map(lambda s: s[2])
rows = rows.drop(columns="sentence").reset_index(drop=True)
Dataset.from_pandas(rows).to_parquet(out + "/sentences.parquet")
Dataset.from_pandas(df[["doc_id", "text"]]).to_parquet(out + "/documents.parquet")
print(json.dumps({"documents": len(df), "sentences": len(rows), "seconds": time.perf_counter() - t0}))
'''


def baseline(raw: Path, out: Path, n: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    cpu: list[float] = []
    load = os.getloadavg()[0]
    wall, peak, stdout = run_measured([sys.executable, "-c", BASELINE, str(raw), str(out), str(n)], cpu_out=cpu)
    r = json.loads(stdout.strip().splitlines()[-1])
    return {
        "label": "pandas + pysbd + datasets (1 process)",
        "wall_s": wall,
        "documents": r["documents"],
        "sentences": r["sentences"],
        "peak_rss": peak,
        "cpu_s": cpu[0],
        "load_before": load,
    }


# ---------------------------------------------------------------------------- sentence boundaries

def _boundaries(text: str, spans) -> set[int]:
    """Sentence starts after the first, as offsets of the first non-space character."""
    out = set()
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if s < e and s > 0:
            out.add(s)
    return out


def _f1(pred: set[int], gold: set[int]) -> float:
    tp = len(pred & gold)
    if not pred or not gold:
        return 1.0 if pred == gold else 0.0
    p, r = tp / len(pred), tp / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def boundary_scores() -> dict:
    """F1 of our segmenter and pysbd on the seed documents against ``seed_boundaries.json``."""
    import pysbd

    from source_stance.builder.segment import sentence_spans

    ref = json.loads((HERE / "seed_boundaries.json").read_text(encoding="utf-8"))
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    ours_all, theirs_all, gold_all = 0.0, 0.0, 0
    rows = []
    for doc in ref["documents"]:
        text, gold = doc["text"], set(doc["boundaries"])
        ours = _boundaries(text, sentence_spans(text))
        theirs = _boundaries(text, [(s.start, s.end) for s in seg.segment(text)])
        rows.append((doc["doc_id"], _f1(ours, gold), _f1(theirs, gold), len(gold)))
    tp = lambda pred, gold: len(pred & gold)  # noqa: E731
    # micro F1 over all documents
    agg = {"ours": [0, 0, 0], "pysbd": [0, 0, 0]}
    for doc in ref["documents"]:
        text, gold = doc["text"], set(doc["boundaries"])
        for name, pred in (("ours", _boundaries(text, sentence_spans(text))), ("pysbd", _boundaries(text, [(s.start, s.end) for s in seg.segment(text)]))):
            agg[name][0] += tp(pred, gold)
            agg[name][1] += len(pred)
            agg[name][2] += len(gold)
    micro = {k: (2 * v[0] / (v[1] + v[2]) if v[1] + v[2] else 1.0) for k, v in agg.items()}
    return {"per_document": rows, "micro_f1": micro, "reference": ref["how"]}


# ---------------------------------------------------------------------------- profile

STAGES = [
    ("clean + normalise (make_documents)", "pipeline.py", "make_documents"),
    ("document annotators (label_document)", "pipeline.py", "label_document"),
    ("segment (nupunkt + repair)", "segment.py", "sentence_spans"),
    ("claim annotators (claim_columns)", "pipeline.py", "claim_columns"),
    ("sentence columns + offset checks (sentence_columns, incl. claims)", "pipeline.py", "sentence_columns"),
    ("near-dup signature (dedup.signature)", "dedup.py", "signature"),
    ("columns -> Arrow (write.columns_to_table)", "write.py", "columns_to_table"),
    ("Parquet writing (write.write_parquet)", "write.py", "write_parquet"),
    ("driver decisions (plan.make_plan)", "plan.py", "make_plan"),
]


def profile(raw: Path, out: Path) -> list[tuple[str, float]]:
    import cProfile
    import pstats
    import shutil

    from source_stance.builder.engine import ExecutionOptions
    from source_stance.builder.pipeline import BuildOptions, run

    if out.exists():
        shutil.rmtree(out)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    output = run(BuildOptions(raw_dir=raw, out_dir=out), ExecutionOptions(workers=1, use_cache=False, quiet=True))
    prof.disable()
    total = time.perf_counter() - t0
    output.cleanup()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    rows = [("total run() (profiled, so slower than unprofiled)", total)]
    for label, file, func in STAGES:
        cum = sum(v[3] for (f, _, name), v in stats.items() if f.endswith(file) and name == func)
        rows.append((label, cum))
    return rows


# ---------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--baseline-docs", type=int, default=1_000, help="documents for the pandas + pysbd run (it is slow)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts for the local engine")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--build-only", action="store_true", help="run() only, no publish (for the memory-at-scale runs)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also profile a one-process build of N documents")
    ap.add_argument("--pairs", type=int, default=1, metavar="N", help="run N pairs of --workers 1 and 2 builds (alternating which goes first) and print each 1 -> 2 speed-up and their median")
    ap.add_argument("--work", type=Path, default=Path("/tmp/source-stance-bench"))
    args = ap.parse_args()

    raw = args.work / f"corpus-{args.docs}"
    stamp = raw / ".complete"
    if not stamp.exists():
        t0 = time.perf_counter()
        make_corpus(ROOT / "raw", raw, args.docs)
        stamp.write_text("ok")
        print(f"generated {args.docs:,} documents in {time.perf_counter() - t0:.1f} s -> {raw}")
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    results = []
    for w in [int(x) for x in args.workers.split(",") if x]:
        results.append((w, build(raw, args.work / f"out-w{w}", f"source-stance --workers {w}", "local", w, args.build_only)))
    if not args.no_dask:
        results.append((2, build(raw, args.work / "out-dask", "source-stance --engine dask --workers 2", "dask", 2, args.build_only)))
    base = baseline(raw, args.work / "out-baseline", min(args.baseline_docs, args.docs)) if args.baseline_docs else None

    def line(r: dict, workers: int) -> str:
        sps = r["sentences"] / r["wall_s"]
        return (
            f"{r['label']:<45} {r['documents']:>9,} docs {r['sentences']:>10,} sents {r['wall_s']:>8.1f} s "
            f"{r['documents'] / r['wall_s']:>8,.0f} docs/s {sps:>9,.0f} sents/s {sps / workers:>9,.0f} sents/s/core "
            f"peak PSS {r['peak_rss'] / 2**20:>7,.0f} MiB | CPU {r['cpu_s']:>7.1f} s, "
            f"{r['sentences'] / r['cpu_s']:>7,.0f} sents per CPU-s | load avg before {r['load_before']:.1f}"
        )

    print()
    for w, r in results:
        print(line(r, w))
    if base is not None:
        print(line(base, 1))
    print("\nphases (build = run(): ingest, annotate, write shards; publish = release folder, card, datasheet, verify):")
    for w, r in results:
        sps = r["sentences"] / r["build_s"]
        print(
            f"  {r['label']:<45} build {r['build_s']:>7.1f} s ({sps:>7,.0f} sents/s, {sps / w:>7,.0f} per core, peak PSS "
            f"{r['build_peak_rss'] / 2**20:,.0f} MiB)   publish {r['publish_s']:>6.1f} s (peak PSS of the whole run {r['peak_rss'] / 2**20:,.0f} MiB)"
        )
        print(f"    {r['summary']}")
    by = {w: r for w, r in results if "dask" not in r["label"]}
    if 1 in by and 2 in by:
        print(
            f"\nspeed-up 1 -> 2 workers: {by[1]['wall_s'] / by[2]['wall_s']:.2f}x end to end, "
            f"{by[1]['build_s'] / by[2]['build_s']:.2f}x for the build phase (target >= 1.8x)"
        )
        if args.pairs > 1:
            pairs = [(by[1], by[2])]
            for k in range(1, args.pairs):  # every other pair starts with 2 workers: drift hits both
                order = (1, 2) if k % 2 == 0 else (2, 1)
                got = {w: build(raw, args.work / f"out-w{w}", f"source-stance --workers {w}", "local", w, args.build_only) for w in order}
                pairs.append((got[1], got[2]))
            build_x = [a["build_s"] / b["build_s"] for a, b in pairs]
            wall_x = [a["wall_s"] / b["wall_s"] for a, b in pairs]
            print(f"{args.pairs} pairs, 1 -> 2 workers:")
            for k, (a, b) in enumerate(pairs):
                print(
                    f"  pair {k + 1}: build phase {a['build_s']:.1f} -> {b['build_s']:.1f} s ({build_x[k]:.2f}x), "
                    f"end to end {a['wall_s']:.1f} -> {b['wall_s']:.1f} s ({wall_x[k]:.2f}x)"
                )
            print(f"  median: {statistics.median(build_x):.2f}x for the build phase, {statistics.median(wall_x):.2f}x end to end (target >= 1.8x)")
    base_sps = base["sentences"] / base["wall_s"] if base else 0
    base_cpu = base["sentences"] / base["cpu_s"] if base else 0
    for w, r in results if base else []:
        print(
            f"{r['label']}: {r['sentences'] / r['wall_s'] / base_sps:.2f}x the usual way's sentences/s (wall), "
            f"{r['sentences'] / r['cpu_s'] / base_cpu:.2f}x per CPU-second (target >= 10x)"
        )
    b = boundary_scores()
    print(f"\nsentence boundaries on the seed documents ({b['reference']}):")
    for doc_id, ours, theirs, n in b["per_document"]:
        print(f"  {doc_id:<40} {n:>4} boundaries   ours F1 {ours:.3f}   pysbd F1 {theirs:.3f}")
    print(f"  micro F1: ours {b['micro_f1']['ours']:.3f}, pysbd {b['micro_f1']['pysbd']:.3f}")
    if args.profile:
        praw = args.work / f"corpus-{args.profile}"
        if not (praw / ".complete").exists():
            make_corpus(ROOT / "raw", praw, args.profile)
            (praw / ".complete").write_text("ok")
        print(f"\nprofile of a one-process build of {args.profile:,} documents (cumulative seconds by stage):")
        for label, secs in profile(praw, args.work / "out-profile"):
            print(f"  {label:<62} {secs:>8.2f} s")


if __name__ == "__main__":
    main()
