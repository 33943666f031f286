"""Public Python API: annotate new text with the very functions ``source-stance build`` uses.

    from source_stance.builder.api import annotate_text, annotate_sentence

    for s in annotate_text("The ministry said 12 people were injured. Talks must resume."):
        print(s.text, s.claim_kind, s.speaker, [q.value for q in s.quantities])

Each result is a :class:`pydantic.BaseModel` derived from the schema (``index``, ``text``,
``char_start``, ``char_end`` and every claim column of the ``sentences`` config, labels as names).
Sentences come from :func:`source_stance.builder.segment.sentence_spans` and labels from
:func:`source_stance.builder.annotate.claims.annotate_document_claims` — the build's own code path.
Offsets index the text you pass.  Two differences from a build, both on purpose: the API does not
clean page furniture or NFC-normalise (pass text as you want it annotated), and curated gold is not
applied (it is keyed to the corpus's own documents).

``config_dir`` is a raw folder with a ``corpus.yaml`` whose ``gazetteer`` / ``framing_lexicon`` fill
``actors`` / ``framing_terms``; without it those lists are empty.  For many texts, build one
:class:`ClaimAnnotator` and reuse it (resources and any model load once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import BaseModel

from source_stance.builder import segment
from source_stance.builder.annotate.claims import annotate_document_claims
from source_stance.builder.annotate.claims_resources import ClaimResources, load_claim_resources
from source_stance.schema.claims import CLAIM_FIELDS
from source_stance.schema.fields import Field, pydantic_model
from source_stance.schema.vocab import Vocabularies

API_CORE: tuple[Field, ...] = (
    Field("index", "int32", "0-based position of the sentence in the text."),
    Field("text", "string", "The sentence; equals text[char_start:char_end] of the input."),
    Field("char_start", "int32", "Start in the input text (code points)."),
    Field("char_end", "int32", "End in the input text (code points, exclusive)."),
)
API_FIELDS: tuple[Field, ...] = API_CORE + CLAIM_FIELDS


class ClaimAnnotator:
    """Loaded resources (and optional model) for annotating many texts."""

    def __init__(self, config_dir: Optional[Path | str] = None, claim_model: Optional[Path | str] = None):
        if config_dir is not None:
            from source_stance.builder.corpus import load_config

            config = load_config(Path(config_dir))
            self.resources = load_claim_resources(config, Path(config_dir))
            vocabs = config.vocabularies()
        else:
            self.resources = ClaimResources.empty()
            vocabs = Vocabularies.for_sides(("side",))  # claim columns use no side labels
        self._annotate = annotate_document_claims
        if claim_model is not None:
            from source_stance.builder.annotate.claims_model import load_claim_model

            self._annotate = load_claim_model(Path(claim_model)).annotate_document_claims
        self.model: type[BaseModel] = pydantic_model("SentenceAnnotation", API_FIELDS, vocabs)

    def annotate_text(self, text: str, default_speaker: Optional[str] = None) -> list[BaseModel]:
        """One annotation per sentence of ``text`` (``default_speaker``: the author/publisher, if known)."""
        spans = segment.sentence_spans(text)
        rows = self._annotate(text, spans, self.resources, default_speaker)
        return [
            self.model(index=i, text=text[s:e], char_start=s, char_end=e, **row)
            for i, ((s, e), row) in enumerate(zip(spans, rows))
        ]

    def annotate_sentence(self, sentence: str, default_speaker: Optional[str] = None) -> BaseModel:
        """Annotate ``sentence`` as a one-sentence text (a quotation opened earlier cannot be seen)."""
        spans = [(0, len(sentence))] if sentence.strip() else []
        if not spans:
            raise ValueError("sentence is empty or whitespace")
        s = len(sentence) - len(sentence.lstrip())
        e = len(sentence.rstrip())
        row = self._annotate(sentence, [(s, e)], self.resources, default_speaker)[0]
        return self.model(index=0, text=sentence[s:e], char_start=s, char_end=e, **row)


def annotate_text(
    text: str, config_dir: Optional[Path | str] = None, *, default_speaker: Optional[str] = None, claim_model: Optional[Path | str] = None
) -> list[BaseModel]:
    """Segment ``text`` and annotate every sentence (see module doc)."""
    return ClaimAnnotator(config_dir, claim_model).annotate_text(text, default_speaker)


def annotate_sentence(
    sentence: str, config_dir: Optional[Path | str] = None, *, default_speaker: Optional[str] = None, claim_model: Optional[Path | str] = None
) -> BaseModel:
    """Annotate one sentence without segmenting it."""
    return ClaimAnnotator(config_dir, claim_model).annotate_sentence(sentence, default_speaker)
