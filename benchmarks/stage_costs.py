"""Where a build's CPU goes: each per-document stage timed on its own, in one process.

Not a test: it prints figures.  Usage (from the repository root)::

    python benchmarks/stage_costs.py --docs 1000

Generates (once) the same synthetic corpus as ``bench_build.py``, then runs the stages of
``pipeline.process_input`` by hand over every input, timing each with CPU time (``time.process_time``,
so other processes on the machine do not inflate it), and prints seconds and microseconds per
sentence.  Writing (rows -> Arrow -> Parquet), the driver and publishing are not included:
``bench_build.py`` measures whole builds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/source-stance-bench"))
    args = ap.parse_args()
    raw = args.work / f"corpus-{args.docs}"
    if not (raw / ".complete").exists():
        make_corpus(HERE.parent / "raw", raw, args.docs)
        (raw / ".complete").write_text("ok")

    from source_stance.builder.cli import offline

    offline()
    from source_stance.builder import pipeline, segment
    from source_stance.builder.corpus import load_corpus
    from source_stance.builder.dedup import signature
    from source_stance.builder.ingest import Reject, iter_inputs
    from source_stance.builder.pipeline import BuildContext, BuildOptions, claim_columns, document_row, label_document, make_documents, sentence_columns

    corpus = load_corpus(raw)
    ctx = BuildContext.setup(corpus, BuildOptions(raw_dir=raw))
    clock = time.process_time
    t = clock()
    inputs = [r for r in iter_inputs(corpus) if not isinstance(r, Reject)]
    costs: dict[str, float] = defaultdict(float)
    costs["read + decode inputs"] = clock() - t
    n_sent = n_doc = 0
    for raw_text in inputs:
        t = clock()
        docs = make_documents(raw_text, corpus.metadata.get(raw_text.source_file))
        costs["clean + normalise"] += clock() - t
        post = docs[0]
        for doc in docs:
            t = clock()
            doc.labels = label_document(doc, post if doc.is_comment else None, ctx)
            costs["document annotators"] += clock() - t
            t = clock()
            spans = segment.sentence_spans(doc.text.text)
            costs["segmentation"] += clock() - t
            t = clock()
            claims = claim_columns(doc, spans, ctx)
            costs["claim annotators"] += clock() - t
            pipeline.claim_columns = lambda *_: claims  # sentence_columns calls it: time the rest alone
            t = clock()
            sentence_columns(doc, spans, ctx)
            costs["sentence columns + offset checks"] += clock() - t
            pipeline.claim_columns = claim_columns
            t = clock()
            document_row(doc, len(spans))
            costs["document row"] += clock() - t
            t = clock()
            signature(doc.text.text)
            costs["near-duplicate signature"] += clock() - t
            n_sent += len(spans)
            n_doc += 1
    total = sum(costs.values())
    print(f"{len(inputs):,} inputs, {n_doc:,} documents, {n_sent:,} sentences; CPU seconds by stage:")
    for name, secs in costs.items():
        print(f"  {name:<32} {secs:7.2f} s  {1e6 * secs / n_sent:7.1f} us/sentence")
    print(f"  {'total':<32} {total:7.2f} s  {1e6 * total / n_sent:7.1f} us/sentence  ({n_sent / total:,.0f} sentences per CPU-second)")


if __name__ == "__main__":
    main()
