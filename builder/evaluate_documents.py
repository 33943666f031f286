"""``source-stance evaluate --what documents``: score the document annotators against curated metadata.

The corpus is built through the very code path ``build`` uses (:func:`pipeline.run`) with the
curated metadata hidden (``ignore_metadata``), so every document carries the annotators' labels;
each is compared with the curated value of the same document, for the labels a curator set:

* ``publisher_kind``, ``perspective``, ``document_type``, ``language``: per-label precision /
  recall / F1 and a confusion matrix (:mod:`.scoring`);
* ``publisher``: names compared after normalisation (the registry entry a name resolves to, else
  case, leading article, punctuation); no publisher (the text does not say) is the value ``<none>``;
* ``perspective from publisher alone``: the registry's source alignment of the predicted publisher
  used as the perspective, to show how much of perspective the publisher alone gives.

Only documents with a curated entry count (reader comments have none).  Nothing here holds a
figure: every number is measured when the command runs.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from source_stance.builder.annotate.resources import Registry, load_registry
from source_stance.builder.errors import ConfigError
from source_stance.builder.scoring import Scores, render, score

SCORED = ("publisher", "publisher_kind", "perspective", "document_type", "language")
NONE = "<none>"
FROM_PUBLISHER = "perspective from publisher alone"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def publisher_key(name: Optional[str], registry: Registry) -> str:
    """Comparable form of a publisher name: its registry id, else a normalised name, else ``<none>``."""
    if not name or not name.strip():
        return NONE
    entry = registry.for_name(name)
    if entry is not None:
        return f"registry:{entry.id}"
    s = _ARTICLE.sub("", " ".join(name.split()))
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


@dataclass(frozen=True)
class DocDisagreement:
    doc_id: str
    label: str
    gold: str
    predicted: str
    source: str
    confidence: float
    evidence: str


@dataclass(frozen=True)
class DocumentEvaluation:
    raw_dir: str
    n_documents: int  # documents with a curated entry
    scores: dict[str, Scores]
    coverage: dict[str, float]  # share of evaluated documents where the annotator gave a value (source not none)
    disagreements: tuple[DocDisagreement, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pred(row: dict[str, Any], label: str, registry: Registry) -> str:
    v = row[label]
    if label == "publisher":
        return publisher_key(v, registry)
    return NONE if v is None else str(v)


def _gold(meta: Any, label: str, registry: Registry) -> Optional[str]:
    """The curated value, or None when the curator left the field to the annotators."""
    value = getattr(meta, label)
    if value is None and label not in meta.model_fields_set:
        return None
    if label == "publisher":
        return publisher_key(value, registry)
    return NONE if value is None else str(value)


def evaluate_documents(raw_dir: Path = Path("raw")) -> DocumentEvaluation:
    """Build ``raw_dir`` with its metadata hidden and score the document labels against it."""
    from source_stance.builder.corpus import load_corpus
    from source_stance.builder.pipeline import BuildOptions, run

    corpus = load_corpus(Path(raw_dir))
    if not corpus.metadata:
        raise ConfigError(
            "no curated metadata to evaluate the document annotators against",
            path=str(raw_dir),
            fix="add curated entries to the metadata file (see README, 'Adding texts and metadata')",
        )
    registry = load_registry(corpus)
    output = run(BuildOptions(raw_dir=Path(raw_dir), ignore_metadata=True))
    posts = [r for r in output.documents if r["parent_id"] is None and r["source_file"] in corpus.metadata]
    # a tabular file has one metadata entry per file: only one-text files are scored
    posts = [r for r in posts if r["source_row"] is None]
    vocabs = corpus.vocabs
    scores: dict[str, Scores] = {}
    coverage: dict[str, float] = {}
    disagreements: list[DocDisagreement] = []
    for label in SCORED:
        gold, pred, rows = [], [], []
        for r in posts:
            g = _gold(corpus.metadata[r["source_file"]], label, registry)
            if g is None:
                continue
            gold.append(g)
            pred.append(_pred(r, label, registry))
            rows.append(r)
        if not gold:
            continue
        if label in ("publisher_kind", "perspective", "document_type"):
            labels = tuple(vocabs.names(label))
        else:
            labels = tuple(sorted(set(gold) | set(pred)))
        scores[label] = score(gold, pred, labels)
        coverage[label] = sum(r[f"{label}_source"] != "none" for r in rows) / len(rows)
        for r, g, p in zip(rows, gold, pred):
            if g != p:
                disagreements.append(
                    DocDisagreement(r["doc_id"], label, g, p, r[f"{label}_source"], r[f"{label}_confidence"], r[f"{label}_evidence"] or "")
                )
    gold_p = [_gold(corpus.metadata[r["source_file"]], "perspective", registry) for r in posts]
    pairs = [(g, r["source_alignment"]) for g, r in zip(gold_p, posts) if g is not None]
    if pairs:
        scores[FROM_PUBLISHER] = score([g for g, _ in pairs], [p for _, p in pairs], tuple(vocabs.perspective))
        coverage[FROM_PUBLISHER] = sum(p != "unknown" for _, p in pairs) / len(pairs)
    return DocumentEvaluation(str(raw_dir), len(posts), scores, coverage, tuple(disagreements))


def render_document_evaluation(ev: DocumentEvaluation, show_disagreements: bool = False) -> str:
    out = [
        f"Document annotators vs curated metadata in {ev.raw_dir} (metadata hidden while labelling)",
        f"{ev.n_documents} curated documents; single curator, no inter-annotator agreement measured.",
        "",
    ]
    for label, s in ev.scores.items():
        out.append(render(s, label))
        out.append(f"annotator gave a value for {ev.coverage[label]:.3f} of these documents\n")
    if show_disagreements:
        out += ["disagreements (gold -> predicted):"]
        for d in ev.disagreements:
            out.append(f"  {d.doc_id} {d.label}: {d.gold} -> {d.predicted} ({d.source} {d.confidence:.2f}) | {d.evidence[:120]}")
    return "\n".join(out) + "\n"
