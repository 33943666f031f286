"""Sentence claims: the rule annotator's pure core and the stage object the pipeline calls.

``annotate_document_claims(text, spans, resources, default_speaker)`` returns one row per sentence
span with exactly the columns of :data:`source_stance.schema.claims.CLAIM_FIELDS` (labels as
vocabulary *names*); ``annotate_claim_columns`` gives the same as columns (what a build uses).  It combines

* :mod:`.claims_kind` (is it a claim? which kind?),
* :mod:`.claims_attribution` (speaker, cue, direct/indirect; quoted statements over several
  sentences),
* :mod:`.claims_quantities` (numbers with what they count),
* the corpus gazetteer and framing lexicon (:mod:`.claims_resources`).

Unattributed claims are the author's: ``speaker`` is ``default_speaker`` (the document's author or
publisher) or null when that is unknown, and ``speaker_kind`` is ``author`` either way.

:class:`ClaimStage` is what a build holds: resources, curated gold and an optional model, loaded
once; ``columns(...)`` annotates one document and lets curated gold win (``column_map(...)``: the
same as columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Protocol

from source_stance.builder.annotate import claims_attribution, claims_keys, claims_kind, claims_quantities
from source_stance.builder.annotate.claims_gold import GoldIndex, apply_gold, load_claim_gold
from source_stance.builder.annotate.claims_resources import (
    FRAMING_ANNOTATOR,
    FRAMING_CONFIDENCE,
    GAZETTEER_ANNOTATOR,
    GAZETTEER_CONFIDENCE,
    ClaimResources,
    load_claim_resources,
)
from source_stance.schema.claims import CLAIM_COLUMNS
from source_stance.schema.config import CorpusConfig


_BLANK = " \t\u00a0"
#: Characters that, ending a sentence, make ``claims_kind._TERMINAL`` match it (then ``is_claim``
#: does not ask whether it stands alone on its line).
_FINAL = frozenset(".!?…")


def _alone_on_line(text: str, s: int, e: int) -> bool:
    i = s
    while i > 0 and text[i - 1] in _BLANK:
        i -= 1
    if i > 0 and text[i - 1] != "\n":
        return False
    j, n = e, len(text)
    while j < n and text[j] in _BLANK:
        j += 1
    return j == n or text[j] == "\n"


def _attribution_values(a: claims_attribution.Attribution | None, default_speaker: str | None) -> tuple[Any, ...]:
    """The attribution columns of one row, in ``CLAIM_COLUMNS`` order (``speaker`` .. ``attribution_evidence``)."""
    if a is None:  # not a claim
        return (None, "none", None, None, None, None, None, "none", "rule", 0.9, claims_attribution.ANNOTATOR, "not a claim")
    speaker = a.speaker if a.speaker_kind != "author" else default_speaker
    return (
        speaker, a.speaker_kind, a.speaker_start, a.speaker_end, a.cue, a.cue_start, a.cue_end, a.quote_type,
        "rule", a.confidence, claims_attribution.ANNOTATOR, a.evidence,
    )


@dataclass(frozen=True)
class KindDecision:
    """An external decision on ``claim_kind`` (``none`` = not a claim), e.g. from a model."""

    kind: str
    confidence: float
    source: str  # label_source vocabulary: model, curated, ...
    annotator: str
    evidence: str | None = None


def annotate_document_claims(
    text: str,
    spans: Sequence[tuple[int, int]],
    resources: ClaimResources,
    default_speaker: str | None,
    *,
    kinds: Sequence[KindDecision] | None = None,
) -> list[dict[str, Any]]:
    """Rule annotation of every sentence span of one document (see module doc).

    ``kinds``: one external decision per span that replaces the rules' ``is_claim``/``claim_kind``
    (attribution, quantities, actors and framing terms stay the rules').
    """
    if kinds is not None and len(kinds) != len(spans):
        raise ValueError(f"{len(kinds)} kind decisions for {len(spans)} spans")
    if kinds is None:
        columns = annotate_claim_columns(text, spans, resources, default_speaker)
        return [dict(zip(CLAIM_COLUMNS, values)) for values in zip(*columns.values())]
    sentences = [text[s:e] for s, e in spans]
    keys_of = list(map(claims_keys.sentence_keys, sentences))
    layers = resources.span_layers(text, spans)
    attributions = claims_attribution.attribute(text, spans, layers.person_mentions, keys_of)
    return _rows_with_kinds(text, spans, kinds, attributions, layers.actors, layers.framing_terms, default_speaker, keys_of)


def annotate_claim_columns(
    text: str, spans: Sequence[tuple[int, int]], resources: ClaimResources, default_speaker: str | None
) -> dict[str, Sequence[Any]]:
    """The rows of :func:`annotate_document_claims` (rule decisions) as columns: ``CLAIM_COLUMNS``
    in order, each one value per span.  Every column is a sequence of its own (none shared)."""
    n = len(spans)
    sentences = [text[s:e] for s, e in spans]
    keys_of = list(map(claims_keys.sentence_keys, sentences))
    layers = resources.span_layers(text, spans)
    attributions = claims_attribution.attribute(text, spans, layers.person_mentions, keys_of)
    find_quantities, number_bits = claims_quantities.find_quantities, claims_quantities.NUMBER_BITS
    is_claim, claim_kind = claims_kind.is_claim, claims_kind.claim_kind
    not_a_claim = _attribution_values(None, default_speaker)
    # id(attribution) -> its voice columns; ``attributions`` keeps every attribution alive until
    # the loop ends, so no id is reused meanwhile
    voices: dict[int, tuple[Any, ...]] = {}
    decisions: list[tuple[Any, ...]] = []  # per span: is_claim, its confidence and evidence, then claim_kind's
    voice_rows: list[tuple[Any, ...]] = []
    quantities_column: list[list[dict[str, Any]]] = []
    for (s, e), sentence, keys, attribution in zip(spans, sentences, keys_of, attributions):
        # no number word, digit or currency sign (or keys that say nothing): no quantity
        quantities = find_quantities(text, s, e, keys) if keys.mask & number_bits else None
        # a sentence ending in final punctuation is no heading, alone on its line or not
        claim = is_claim(sentence, sentence[-1:] not in _FINAL and _alone_on_line(text, s, e))
        if claim.value:
            kind = claim_kind(sentence, quantities or (), s, attribution.cue, keys)
            voice = voices.get(id(attribution))
            if voice is None:
                voice = voices[id(attribution)] = _attribution_values(attribution, default_speaker)
            decisions.append((True, claim.confidence, claim.evidence, kind.value, kind.confidence, kind.evidence))
        else:
            voice = not_a_claim
            decisions.append((False, claim.confidence, claim.evidence, "none", claim.confidence, f"not a claim: {claim.evidence}"))
        voice_rows.append(voice)
        quantities_column.append([q.as_record() for q in quantities] if quantities else [])
    if n:
        is_claim_, is_claim_confidence, is_claim_evidence, kind_, kind_confidence, kind_evidence = zip(*decisions)
        voice_columns: list[Sequence[Any]] = list(zip(*voice_rows))
    else:
        is_claim_ = is_claim_confidence = is_claim_evidence = kind_ = kind_confidence = kind_evidence = ()
        voice_columns = [()] * len(_VOICE_COLUMNS)
    columns: dict[str, Sequence[Any]] = {
        "is_claim": is_claim_,
        "is_claim_source": ["rule"] * n,
        "is_claim_confidence": is_claim_confidence,
        "is_claim_annotator": [claims_kind.IS_CLAIM_ANNOTATOR] * n,
        "is_claim_evidence": is_claim_evidence,
        "claim_kind": kind_,
        "claim_kind_source": ["rule"] * n,
        "claim_kind_confidence": kind_confidence,
        "claim_kind_annotator": [claims_kind.KIND_ANNOTATOR] * n,
        "claim_kind_evidence": kind_evidence,
    }
    columns.update(zip(_VOICE_COLUMNS, voice_columns))
    columns.update(
        quantities=quantities_column,
        quantities_source=["rule"] * n,
        quantities_confidence=[claims_quantities.CONFIDENCE] * n,
        quantities_annotator=[claims_quantities.ANNOTATOR] * n,
        actors=list(layers.actors),
        actors_source=["rule"] * n,
        actors_confidence=[GAZETTEER_CONFIDENCE] * n,
        actors_annotator=[GAZETTEER_ANNOTATOR] * n,
        framing_terms=list(layers.framing_terms),
        framing_terms_source=["rule"] * n,
        framing_terms_confidence=[FRAMING_CONFIDENCE] * n,
        framing_terms_annotator=[FRAMING_ANNOTATOR] * n,
    )
    return columns


#: The attribution columns, in CLAIM_COLUMNS order (what ``_attribution_values`` gives).
_VOICE_COLUMNS = CLAIM_COLUMNS[CLAIM_COLUMNS.index("speaker") : CLAIM_COLUMNS.index("attribution_evidence") + 1]


def _rows_with_kinds(
    text: str,
    spans: Sequence[tuple[int, int]],
    kinds: Sequence[KindDecision],
    attributions: Sequence[claims_attribution.Attribution],
    actors: Sequence[list[dict[str, Any]]],
    framing_terms: Sequence[list[dict[str, Any]]],
    default_speaker: str | None,
    keys_of: Sequence[claims_keys.Keys],
) -> list[dict[str, Any]]:
    """The rows of :func:`annotate_document_claims` when external decisions give the claim kind."""
    rows = []
    find_quantities = claims_quantities.find_quantities
    quantity_columns = ("rule", claims_quantities.CONFIDENCE, claims_quantities.ANNOTATOR)
    actor_columns = ("rule", GAZETTEER_CONFIDENCE, GAZETTEER_ANNOTATOR)
    term_columns = ("rule", FRAMING_CONFIDENCE, FRAMING_ANNOTATOR)
    not_a_claim = _attribution_values(None, default_speaker)
    for k, (s, e) in enumerate(spans):
        quantities = find_quantities(text, s, e, keys_of[k])
        d = kinds[k]
        head: tuple[Any, ...] = (
            d.kind != "none", d.source, d.confidence, d.annotator, d.evidence,
            d.kind, d.source, d.confidence, d.annotator, d.evidence,
        )
        voice = _attribution_values(attributions[k], default_speaker) if d.kind != "none" else not_a_claim
        records = [q.as_record() for q in quantities] if quantities else []
        tail = (records, *quantity_columns, actors[k], *actor_columns, framing_terms[k], *term_columns)
        rows.append(dict(zip(CLAIM_COLUMNS, head + voice + tail)))
    return rows


class DocumentClaimAnnotator(Protocol):
    """What the rule core, a model annotator or any replacement provides."""

    def __call__(
        self, text: str, spans: Sequence[tuple[int, int]], resources: ClaimResources, default_speaker: str | None
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class ClaimStage:
    """The claim stage of one build: resources, curated gold and the annotator, loaded once."""

    resources: ClaimResources
    gold: Optional[GoldIndex]
    annotator: DocumentClaimAnnotator

    @classmethod
    def setup(cls, config: CorpusConfig, raw_dir: Path, claim_model: Optional[Path] = None, use_gold: bool = True) -> "ClaimStage":
        resources = load_claim_resources(config, raw_dir)
        gold = load_claim_gold(config, raw_dir) if use_gold else None
        annotator: DocumentClaimAnnotator = annotate_document_claims
        if claim_model is not None:
            from source_stance.builder.annotate.claims_model import load_claim_model

            annotator = load_claim_model(claim_model).annotate_document_claims
        return cls(resources, gold, annotator)

    def columns(self, doc_id: str, text: str, spans: Sequence[tuple[int, int]], default_speaker: str | None) -> list[dict[str, Any]]:
        """Claim columns of one document: automatic annotation, then curated gold on top."""
        rows = self.annotator(text, spans, self.resources, default_speaker)
        if self.gold is not None:
            rows = apply_gold(doc_id, text, spans, rows, self.gold, default_speaker)
        return rows

    def column_map(self, doc_id: str, text: str, spans: Sequence[tuple[int, int]], default_speaker: str | None) -> dict[str, Sequence[Any]]:
        """:meth:`columns` as columns (``CLAIM_COLUMNS``, one value per span).  The rule core builds
        them directly when no curated gold covers the document; otherwise its rows are transposed."""
        if self.annotator is annotate_document_claims and (self.gold is None or not self.gold.by_doc.get(doc_id)):
            return annotate_claim_columns(text, spans, self.resources, default_speaker)
        rows = self.columns(doc_id, text, spans, default_speaker)
        return {name: [row.get(name) for row in rows] for name in CLAIM_COLUMNS}
