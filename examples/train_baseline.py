"""Train a baseline classifier on a source-stance release, with its group-aware splits.

    pip install -e ".[train]"
    python examples/train_baseline.py dist/<name>-<version>                      # claim kind, sentences
    python examples/train_baseline.py dist/<name>-<version> --task perspective   # document perspective
    python examples/train_baseline.py dist/<name>-<version> --gold-only          # train on curated labels only

Loads the release with `datasets` (offline), trains TF-IDF + logistic regression on `train`, and
scores it on `validation` + `test` next to a majority-class baseline. The splits keep publishers
(or post-and-comment families) apart, so the score is on sources the model has not seen.
On the five seed texts the held-out set is a couple of documents: the figures only show that the
pipeline runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

TASKS = {
    # task: (config, label column, provenance column)
    "claim_kind": ("sentences", "claim_kind", "claim_kind_source"),
    "perspective": ("documents", "perspective", "perspective_source"),
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("release", help="release folder, e.g. dist/<name>-<version>")
    p.add_argument("--task", choices=sorted(TASKS), default="claim_kind")
    p.add_argument("--gold-only", action="store_true", help="train only on rows whose label is curated")
    args = p.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import load_dataset
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, classification_report, f1_score

    config, label, source = TASKS[args.task]
    ds = load_dataset(args.release, config)
    names = ds["train"].features[label].names
    curated = ds["train"].features[source].names.index("curated")

    def take(split: str, gold_only: bool) -> tuple[list[str], list[int]]:
        rows = ds[split]
        keep = [i for i in range(rows.num_rows) if rows[i]["text"] is not None and (not gold_only or rows[i][source] == curated)]
        return [rows[i]["text"] for i in keep], [rows[i][label] for i in keep]

    x_train, y_train = take("train", args.gold_only)
    held = [take(s, False) for s in ("validation", "test") if s in ds]
    x_eval = [x for xs, _ in held for x in xs]
    y_eval = [y for _, ys in held for y in ys]
    if not x_train or not x_eval:
        print("error: no text to train or evaluate on (a text-free release, or empty splits)", file=sys.stderr)
        return 2
    print(f"task {args.task}: {len(x_train)} training and {len(x_eval)} held-out {config} (validation + test)")
    print("train labels: " + ", ".join(f"{names[k]}={v}" for k, v in sorted(Counter(y_train).items())))

    majority = Counter(y_train).most_common(1)[0][0]
    base = [majority] * len(y_eval)
    if len(set(y_train)) < 2:
        pred = [y_train[0]] * len(y_eval)
        print("note: one label in train; the model is the majority baseline")
    else:
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        model = LogisticRegression(max_iter=2000, class_weight="balanced")
        model.fit(vec.fit_transform(x_train), y_train)
        pred = list(model.predict(vec.transform(x_eval)))
    labels = sorted(set(y_eval) | set(pred))
    print(f"majority baseline ({names[majority]}): accuracy {accuracy_score(y_eval, base):.3f}, macro F1 {f1_score(y_eval, base, average='macro', labels=labels, zero_division=0):.3f}")
    print(f"tf-idf + logistic regression: accuracy {accuracy_score(y_eval, pred):.3f}, macro F1 {f1_score(y_eval, pred, average='macro', labels=labels, zero_division=0):.3f}")
    print(classification_report(y_eval, pred, labels=labels, target_names=[names[i] for i in labels], zero_division=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
