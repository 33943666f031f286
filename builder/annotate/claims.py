"""Sentence claims: the rule annotator's pure core and the stage object the pipeline calls.

``annotate_document_claims(text, spans, resources, default_speaker)`` returns one row per sentence
span with exactly the columns of :data:`source_stance.schema.claims.CLAIM_FIELDS` (labels as
vocabulary *names*).  It combines

* :mod:`.claims_kind` (is it a claim? which kind?),
* :mod:`.claims_attribution` (speaker, cue, direct/indirect; quoted statements over several
  sentences),
* :mod:`.claims_quantities` (numbers with what they count),
* the corpus gazetteer and framing lexicon (:mod:`.claims_resources`).

Unattributed claims are the author's: ``speaker`` is ``default_speaker`` (the document's author or
publisher) or null when that is unknown, and ``speaker_kind`` is ``author`` either way.

:class:`ClaimStage` is what a build holds: resources, curated gold and an optional model, loaded
once; ``columns(...)`` annotates one document and lets curated gold win.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Protocol

from source_stance.builder.annotate import claims_attribution, claims_kind, claims_quantities
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


def _alone_on_line(text: str, s: int, e: int) -> bool:
    before = text[:s].rstrip(" \t\u00a0")
    after = text[e:].lstrip(" \t\u00a0")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _attribution_columns(a: claims_attribution.Attribution | None, default_speaker: str | None, evidence: str | None = None) -> dict[str, Any]:
    if a is None:  # not a claim
        return {
            "speaker": None, "speaker_kind": "none", "speaker_start": None, "speaker_end": None,
            "attribution_cue": None, "attribution_cue_start": None, "attribution_cue_end": None,
            "quote_type": "none", "attribution_source": "rule", "attribution_confidence": 0.9,
            "attribution_annotator": claims_attribution.ANNOTATOR, "attribution_evidence": evidence or "not a claim",
        }
    speaker = a.speaker if a.speaker_kind != "author" else default_speaker
    return {
        "speaker": speaker,
        "speaker_kind": a.speaker_kind,
        "speaker_start": a.speaker_start,
        "speaker_end": a.speaker_end,
        "attribution_cue": a.cue,
        "attribution_cue_start": a.cue_start,
        "attribution_cue_end": a.cue_end,
        "quote_type": a.quote_type,
        "attribution_source": "rule",
        "attribution_confidence": a.confidence,
        "attribution_annotator": claims_attribution.ANNOTATOR,
        "attribution_evidence": a.evidence,
    }


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
    attributions = claims_attribution.attribute(text, spans, resources.person_mentions(text))
    rows = []
    for k, ((s, e), attribution) in enumerate(zip(spans, attributions)):
        sentence = text[s:e]
        quantities = claims_quantities.find_quantities(text, s, e)
        if kinds is not None:
            d = kinds[k]
            row = {
                "is_claim": d.kind != "none", "is_claim_source": d.source, "is_claim_confidence": d.confidence,
                "is_claim_annotator": d.annotator, "is_claim_evidence": d.evidence,
                "claim_kind": d.kind, "claim_kind_source": d.source, "claim_kind_confidence": d.confidence,
                "claim_kind_annotator": d.annotator, "claim_kind_evidence": d.evidence,
            }
            row.update(_attribution_columns(attribution if d.kind != "none" else None, default_speaker))
            claim = None
        else:
            claim = claims_kind.is_claim(sentence, _alone_on_line(text, s, e))
            row = {
                "is_claim": bool(claim.value),
                "is_claim_source": "rule",
                "is_claim_confidence": claim.confidence,
                "is_claim_annotator": claims_kind.IS_CLAIM_ANNOTATOR,
                "is_claim_evidence": claim.evidence,
            }
        if claim is None:
            pass
        elif claim.value:
            kind = claims_kind.claim_kind(sentence, quantities, s, attribution.cue)
            row.update(claim_kind=kind.value, claim_kind_source="rule", claim_kind_confidence=kind.confidence)
            row.update(claim_kind_annotator=claims_kind.KIND_ANNOTATOR, claim_kind_evidence=kind.evidence)
            row.update(_attribution_columns(attribution, default_speaker))
        else:
            row.update(claim_kind="none", claim_kind_source="rule", claim_kind_confidence=claim.confidence)
            row.update(claim_kind_annotator=claims_kind.KIND_ANNOTATOR, claim_kind_evidence=f"not a claim: {claim.evidence}")
            row.update(_attribution_columns(None, default_speaker))
        row.update(
            quantities=[q.as_record() for q in quantities],
            quantities_source="rule",
            quantities_confidence=claims_quantities.CONFIDENCE,
            quantities_annotator=claims_quantities.ANNOTATOR,
            actors=resources.actors(text, s, e),
            actors_source="rule",
            actors_confidence=GAZETTEER_CONFIDENCE,
            actors_annotator=GAZETTEER_ANNOTATOR,
            framing_terms=resources.framing_terms(text, s, e),
            framing_terms_source="rule",
            framing_terms_confidence=FRAMING_CONFIDENCE,
            framing_terms_annotator=FRAMING_ANNOTATOR,
        )
        rows.append({k: row[k] for k in CLAIM_COLUMNS})
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
