"""Boundary models for what humans edit: the corpus configuration and the curated metadata.

``raw/corpus.yaml`` names the corpus, its version, its sides (the perspective vocabulary) and the
split ratios.  ``raw/metadata.yaml`` (or ``metadata.csv``) holds one entry per raw text with what a
curator knows about it.  Both are validated here, once, before any work starts.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from source_stance.schema.vocab import Vocabularies

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_SIDE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Side(BaseModel):
    """One side of the conflict a source can align with."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(description="Label value, lower_snake_case, e.g. `pro_government`.")
    description: str = Field(description="What alignment with this side means, in neutral words.")
    names: tuple[str, ...] = Field(
        (),
        description="Names that identify this side in text: its state, people and demonyms (matched as whole "
        "words, case-sensitively). Used by the document perspective annotator; empty disables its text cues.",
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not _SIDE_ID.match(v):
            raise ValueError("side id must be lower_snake_case (letters, digits, _), e.g. pro_government")
        return v


class SplitRatios(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    train: float = 0.8
    validation: float = 0.1
    test: float = 0.1

    @model_validator(mode="after")
    def _sum_to_one(self) -> "SplitRatios":
        total = self.train + self.validation + self.test
        if abs(total - 1.0) > 1e-9 or min(self.train, self.validation, self.test) < 0:
            raise ValueError(f"split ratios must be >= 0 and sum to 1 (they sum to {total:g})")
        return self


class InputColumns(BaseModel):
    """Which columns of a tabular input (JSONL, CSV, Parquet) hold the text and its metadata.

    A column that a file lacks is simply absent for its rows; only the text (or html) is required.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    text_column: str = "text"
    html_column: str = Field("html", description="Used when a row has no text: HTML extracted with trafilatura (extra `html`).")
    url_column: str = "url"
    title_column: str = "title"
    date_column: str = "date"
    site_name_column: str = "site_name"
    author_column: str = "author"
    id_column: str = "id"


class CorpusConfig(BaseModel):
    """``raw/corpus.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(description="Dataset name, used in release folder names (lower-case, `-`).")
    version: str = Field(description="Dataset version (semver MAJOR.MINOR.PATCH).")
    description: str = ""
    conflict: str = Field("", description="Neutral one-line description of the conflict covered.")
    sides: tuple[Side, ...] = Field(description="Sides a source can align with (the perspective vocabulary).")
    splits: SplitRatios = SplitRatios()
    metadata: Optional[str] = Field(
        None, description="Metadata file, relative to the raw folder (default: metadata.yaml or metadata.csv)."
    )
    max_file_bytes: int = Field(5_000_000, ge=1, description="Inputs larger than this are rejected (ingest.too_large).")
    gazetteer: Optional[str] = Field(None, description="Actor gazetteer YAML, relative to the raw folder (claims).")
    publishers: Optional[str] = Field(None, description="Publisher registry YAML, relative to the raw folder (document labels).")
    language: Optional[str] = Field(None, description="ISO 639-1 code of the corpus language; texts detected in another language are flagged.")
    other_languages: Literal["reject", "keep"] = Field(
        "reject",
        description="What to do with a text confidently detected in another language than `language`: "
        "`reject` (reject row `annotate.language_mismatch`) or `keep` (kept, its `language` label says so).",
    )
    input: InputColumns = Field(default_factory=lambda: InputColumns(), description="Column names of tabular inputs (JSONL, CSV, Parquet).")
    framing_lexicon: Optional[str] = Field(None, description="Framing lexicon YAML, relative to the raw folder (claims).")
    claims_gold: Optional[str] = Field(None, description="Curated sentence-claim labels YAML, relative to the raw folder.")

    @field_validator("name")
    @classmethod
    def _name_shape(cls, v: str) -> str:
        if not re.match(r"^[a-z0-9][a-z0-9._-]*$", v):
            raise ValueError("name must be lower-case letters, digits, '.', '_' or '-'")
        return v

    @field_validator("version")
    @classmethod
    def _semver(cls, v: str) -> str:
        if not _SEMVER.match(v):
            raise ValueError("version must be semver MAJOR.MINOR.PATCH, e.g. 0.1.0")
        return v

    @field_validator("sides")
    @classmethod
    def _sides_unique(cls, v: tuple[Side, ...]) -> tuple[Side, ...]:
        ids = [s.id for s in v]
        if not ids:
            raise ValueError("at least one side is needed")
        if len(set(ids)) != len(ids):
            raise ValueError(f"side ids must be unique: {ids}")
        return v

    def vocabularies(self) -> Vocabularies:
        return Vocabularies.for_sides([s.id for s in self.sides])


#: Metadata fields that hold a label from a vocabulary, and the vocabulary's name.
METADATA_LABELS: dict[str, str] = {
    "publisher_kind": "publisher_kind",
    "perspective": "perspective",
    "document_type": "document_type",
    "rights_status": "rights_status",
}
#: Metadata fields a curator can justify in ``rationale``.
CURATABLE = ("publisher", "publisher_kind", "perspective", "document_type", "language", "rights_status")


class DocumentMetadata(BaseModel):
    """One curated metadata entry.  Unset fields are left to the automatic annotators."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str = Field(description="Path of the raw text, relative to the raw folder.")
    title: Optional[str] = None
    publisher: Optional[str] = Field(None, description="Null where the text does not say; never invented.")
    publisher_kind: Optional[str] = None
    country: Optional[str] = None
    perspective: Optional[str] = None
    document_type: Optional[str] = None
    url: Optional[str] = None
    date: Optional[str] = None
    language: Optional[str] = None
    rights_status: Optional[str] = None
    author: Optional[str] = None
    curator: Optional[str] = Field(None, description="Who curated this entry.")
    rationale: dict[str, str] = Field(
        default_factory=dict, description="One line per curated label, quoting the text's own evidence."
    )

    @field_validator("rationale")
    @classmethod
    def _rationale_keys(cls, v: dict[str, str]) -> dict[str, str]:
        bad = sorted(set(v) - set(CURATABLE))
        if bad:
            raise ValueError(f"rationale keys {bad} are not curatable fields (allowed: {', '.join(CURATABLE)})")
        return v

    def label_errors(self, vocabs: Vocabularies) -> list[tuple[str, str, tuple[str, ...]]]:
        """(field, bad value, allowed values) for every label outside its vocabulary."""
        out = []
        for fname, vocab in METADATA_LABELS.items():
            value = getattr(self, fname)
            allowed = vocabs.names(vocab)
            if value is not None and value not in allowed:
                out.append((fname, value, allowed))
        return out
