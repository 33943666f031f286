"""Boundary models for the claim annotator's curator-edited files under ``raw/``.

* the **gazetteer** (actors: countries, organisations, people, groups, places, with name variants),
* the **framing lexicon** (terms with a category and whose vocabulary they are),
* the **curated claim gold** (hand labels per document, keyed by exact sentence text).

They are named in ``raw/corpus.yaml`` (``gazetteer``, ``framing_lexicon``, ``claims_gold``) and
validated once, before any text is read.  Nothing conflict-specific lives in code: it lives in
these files.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from source_stance.schema.vocab import CLAIM_KIND, QUOTE_TYPE, SPEAKER_KIND

ActorKind = Literal["country", "organisation", "person", "group", "place"]
#: ``vocabulary_of`` value for terms every side uses.
SHARED_VOCABULARY = "shared"


class Actor(BaseModel):
    """One gazetteer entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    canonical: str = Field(min_length=1, description="Canonical name (also matched).")
    kind: ActorKind
    variants: tuple[str, ...] = Field((), description="Other spellings and names, matched case-sensitively.")
    note: str = ""

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.canonical, *self.variants)))


class Gazetteer(BaseModel):
    """``raw/gazetteer.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str = "1"
    description: str = ""
    actors: tuple[Actor, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> "Gazetteer":
        seen: dict[str, str] = {}
        for a in self.actors:
            for n in a.names():
                if n in seen and seen[n] != a.canonical:
                    raise ValueError(f"name {n!r} belongs to both {seen[n]!r} and {a.canonical!r}; keep it in one entry")
                seen[n] = a.canonical
        return self


class FramingTerm(BaseModel):
    """One framing-lexicon entry: a term recorded as the source's wording."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    canonical: str = Field(min_length=1)
    variants: tuple[str, ...] = ()
    category: str
    vocabulary_of: str = Field(description="A side id from corpus.yaml, or `shared`.")
    case_sensitive: Optional[bool] = Field(
        None, description="Default: case-sensitive when the term has a capital letter."
    )
    note: str = ""

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.canonical, *self.variants)))


class FramingLexicon(BaseModel):
    """``raw/framing_lexicon.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str = "1"
    description: str = ""
    categories: dict[str, str] = Field(description="Category name -> what it means.")
    terms: tuple[FramingTerm, ...] = ()

    @model_validator(mode="after")
    def _categories_declared(self) -> "FramingLexicon":
        for t in self.terms:
            if t.category not in self.categories:
                raise ValueError(
                    f"term {t.canonical!r} has category {t.category!r}, not declared under `categories` "
                    f"(declared: {', '.join(sorted(self.categories))})"
                )
        return self

    def vocabulary_errors(self, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
        """(term, bad vocabulary_of) for every term naming neither a side nor ``shared``."""
        return [(t.canonical, t.vocabulary_of) for t in self.terms if t.vocabulary_of not in allowed]


class GoldQuantity(BaseModel):
    """A curated quantity; located in the sentence by its exact ``text`` (first unused match)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1)
    value: Optional[float] = None
    qualifier: Optional[str] = None
    unit_or_counted: Optional[str] = None


class GoldSentence(BaseModel):
    """Curated labels of one sentence, found by its exact text in its document."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1, description="The sentence exactly as the build segments it.")
    is_claim: bool
    claim_kind: Literal[CLAIM_KIND] = "none"  # type: ignore[valid-type]
    speaker: Optional[str] = Field(None, description="Named speaker as written in the text; null for the author's voice.")
    speaker_kind: Optional[Literal[SPEAKER_KIND]] = None  # type: ignore[valid-type]
    quote_type: Literal[QUOTE_TYPE] = "none"  # type: ignore[valid-type]
    cue: Optional[str] = Field(None, description="Reporting cue as written, e.g. `said`, `The statement reads`.")
    quantities: Optional[tuple[GoldQuantity, ...]] = Field(
        None, description="When given, replaces the rule's quantities (curated); omit to keep the rule's."
    )
    note: str = Field("", description="Why: the curator's rationale, quoting the text.")

    @model_validator(mode="after")
    def _consistent(self) -> "GoldSentence":
        if not self.is_claim:
            if self.claim_kind != "none" or self.quote_type != "none" or self.speaker or self.speaker_kind not in (None, "none"):
                raise ValueError("a non-claim (is_claim: false) has claim_kind none, quote_type none and no speaker")
            object.__setattr__(self, "speaker_kind", "none")
            return self
        if self.claim_kind == "none":
            raise ValueError("a claim (is_claim: true) needs a claim_kind other than none")
        if self.speaker_kind is None:
            object.__setattr__(self, "speaker_kind", "named_source" if self.speaker else "author")
        if self.speaker_kind == "none":
            raise ValueError("a claim needs speaker_kind author, named_source or unnamed_source")
        if self.speaker_kind == "named_source" and not self.speaker:
            raise ValueError("speaker_kind named_source needs a speaker")
        if self.speaker_kind == "author" and self.quote_type != "none":
            raise ValueError("the author's own voice has quote_type none; quoted claims need a speaker")
        return self


class ClaimGold(BaseModel):
    """``raw/annotations/claims_gold.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    curator: str = Field(pattern=r"^curator:\S+$", description="Annotator id, `curator:<name>`.")
    description: str = ""
    documents: dict[str, tuple[GoldSentence, ...]]

    @field_validator("documents")
    @classmethod
    def _unique_texts(cls, v: dict[str, tuple[GoldSentence, ...]]) -> dict[str, tuple[GoldSentence, ...]]:
        for doc_id, entries in v.items():
            texts = [e.text for e in entries]
            dup = sorted({t for t in texts if texts.count(t) > 1})
            if dup:
                raise ValueError(f"document {doc_id}: sentence listed twice: {dup[0][:60]!r}")
        return v
