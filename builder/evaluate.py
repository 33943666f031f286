"""``source-stance evaluate``: score the automatic claim annotator against the curated gold.

The seed texts are built through the very code path ``build`` uses (:func:`pipeline.run`) with
curated labels switched off (``ignore_metadata``), so every sentence carries the automatic
annotator's labels; those are compared with the gold file's entries for

* ``is_claim`` (``true``/``false``), ``claim_kind``, ``quote_type`` and ``speaker_kind``:
  precision / recall / F1 per label and a confusion matrix (:mod:`.scoring`);
* ``speaker`` on gold claims: the same voice (author / unnamed source) or the same named source,
  compared after normalisation (case, leading article, punctuation, whitespace), ``exact``;
  ``lenient`` also accepts one name's words containing the other's (``Ambassador X`` vs ``X``).

:func:`evaluate_claims` returns the figures as data (the datasheet embeds them);
:func:`render_evaluation` prints them.  Nothing here holds a figure: every number is measured.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from source_stance.builder.annotate.claims_gold import load_claim_gold, sentence_key
from source_stance.builder.errors import ConfigError
from source_stance.builder.scoring import Scores, render, score
from source_stance.schema.vocab import CLAIM_KIND, QUOTE_TYPE, SPEAKER_KIND

SCORED_LABELS: dict[str, tuple[str, ...]] = {
    "is_claim": ("true", "false"),
    "claim_kind": CLAIM_KIND,
    "quote_type": QUOTE_TYPE,
    "speaker_kind": SPEAKER_KIND,
}
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def normalise_speaker(name: Optional[str]) -> str:
    """Comparable form of a speaker name: lower case, no leading article, no punctuation."""
    if not name:
        return ""
    s = _ARTICLE.sub("", " ".join(name.split()))
    s = re.sub(r"[^\w\s]", " ", s.lower())
    return " ".join(s.split())


def speaker_key(speaker_kind: str, speaker: Optional[str]) -> str:
    """What is compared: the voice for author / unnamed / none, else the normalised name."""
    if speaker_kind == "named_source":
        return normalise_speaker(speaker)
    return f"<{speaker_kind}>"


def _lenient(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith("<") or b.startswith("<") or not a or not b:
        return False
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


@dataclass(frozen=True)
class SpeakerMatch:
    n: int  # gold claims compared
    exact: int
    lenient: int

    @property
    def exact_accuracy(self) -> float:
        return self.exact / self.n if self.n else 0.0

    @property
    def lenient_accuracy(self) -> float:
        return self.lenient / self.n if self.n else 0.0


@dataclass(frozen=True)
class Disagreement:
    doc_id: str
    index: int
    text: str
    label: str
    gold: str
    predicted: str


@dataclass(frozen=True)
class ClaimEvaluation:
    """Everything ``evaluate`` measured."""

    raw_dir: str
    gold_file: str
    curator: str
    annotator: str
    n_sentences: int
    n_documents: int
    scores: dict[str, Scores]
    speaker: SpeakerMatch
    disagreements: tuple[Disagreement, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker"].update(exact_accuracy=self.speaker.exact_accuracy, lenient_accuracy=self.speaker.lenient_accuracy)
        return d


def _value(row: dict[str, Any], label: str) -> str:
    v = row[label]
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def evaluate_claims(raw_dir: Path = Path("raw"), claim_model: Optional[Path] = None) -> ClaimEvaluation:
    """Build ``raw_dir`` without curated labels and score the automatic claim labels against the gold."""
    from source_stance.builder.corpus import load_corpus
    from source_stance.builder.pipeline import BuildOptions, run

    corpus = load_corpus(Path(raw_dir))
    gold = load_claim_gold(corpus.config, corpus.raw_dir)
    if gold is None:
        raise ConfigError(
            "no curated claim gold to evaluate against",
            path="corpus.yaml",
            fix="name a gold file with `claims_gold:` in corpus.yaml (see ANNOTATION_GUIDELINES.md)",
        )
    import tempfile

    with tempfile.TemporaryDirectory(prefix="source-stance-evaluate-") as work:  # nothing lands in dist/
        output = run(BuildOptions(raw_dir=Path(raw_dir), out_dir=Path(work), ignore_metadata=True, claim_model=claim_model))
        try:
            sentences = output.sentences
        finally:
            if hasattr(output, "cleanup"):
                output.cleanup()
    pairs: list[tuple[dict[str, Any], Any]] = []
    for row in sentences:
        entry = gold.lookup(row["doc_id"], row["text"])
        if entry is not None:
            pairs.append((row, entry))
    gold_docs = {row["doc_id"] for row, _ in pairs}
    scores: dict[str, Scores] = {}
    disagreements: list[Disagreement] = []
    for label, names in SCORED_LABELS.items():
        g_vals = [_value(entry.model_dump(), label) for _, entry in pairs]
        p_vals = [_value(row, label) for row, _ in pairs]
        scores[label] = score(g_vals, p_vals, names)
        for (row, _), g, p in zip(pairs, g_vals, p_vals):
            if g != p:
                disagreements.append(Disagreement(row["doc_id"], row["index"], sentence_key(row["text"]), label, g, p))
    n = exact = lenient = 0
    for row, entry in pairs:
        if not entry.is_claim:
            continue
        n += 1
        g = speaker_key(entry.speaker_kind, entry.speaker)
        p = speaker_key(row["speaker_kind"], row["speaker"])
        exact += g == p
        lenient += _lenient(g, p)
        if g != p:
            disagreements.append(Disagreement(row["doc_id"], row["index"], sentence_key(row["text"]), "speaker", g, p))
    annotators = sorted({row["claim_kind_annotator"] for row, _ in pairs})
    return ClaimEvaluation(
        raw_dir=str(raw_dir),
        gold_file=gold.file,
        curator=gold.curator,
        annotator=", ".join(annotators),
        n_sentences=len(pairs),
        n_documents=len(gold_docs),
        scores=scores,
        speaker=SpeakerMatch(n, exact, lenient),
        disagreements=tuple(disagreements),
    )


def render_evaluation(ev: ClaimEvaluation, show_disagreements: bool = False) -> str:
    """Plain-text report of :func:`evaluate_claims`."""
    out = [
        f"Claim annotator {ev.annotator} vs curated gold {ev.gold_file} ({ev.curator})",
        f"{ev.n_sentences} sentences in {ev.n_documents} documents; single curator, no inter-annotator agreement measured.",
        "",
    ]
    for label, s in ev.scores.items():
        out.append(render(s, label))
    sp = ev.speaker
    out.append(f"speaker on gold claims (n={sp.n}): exact {sp.exact_accuracy:.3f} ({sp.exact}/{sp.n}), lenient {sp.lenient_accuracy:.3f} ({sp.lenient}/{sp.n})")
    if show_disagreements:
        out += ["", "disagreements (gold -> predicted):"]
        for d in ev.disagreements:
            out.append(f"  {d.doc_id}[{d.index}] {d.label}: {d.gold} -> {d.predicted} | {d.text[:90]}")
    return "\n".join(out) + "\n"
