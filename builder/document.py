"""The unit that flows through the stages: a document with its text map and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from source_stance.builder.clean import MappedText
from source_stance.builder.ingest import RawText
from source_stance.schema.config import DocumentMetadata

#: Document labels carrying provenance columns (see ``schema.records.labelled``).
DOCUMENT_LABEL_NAMES: tuple[str, ...] = (
    "publisher",
    "publisher_kind",
    "perspective",
    "document_type",
    "language",
    "rights_status",
)


@dataclass(frozen=True)
class Label:
    """A label value with where it came from and how sure that source is."""

    value: Optional[str]
    source: str  # one of schema.vocab.LABEL_SOURCE
    confidence: float
    annotator: str
    evidence: Optional[str] = None

    @classmethod
    def none(cls, value: Optional[str]) -> "Label":
        """No annotator assigned a value."""
        return cls(value=value, source="none", confidence=0.0, annotator="none", evidence=None)


@dataclass
class Document:
    doc_id: str
    family_id: str
    parent_id: Optional[str]
    raw: RawText
    text: MappedText
    title: Optional[str]
    author: Optional[str]
    metadata: Optional[DocumentMetadata]  # curated entry (posts only; comments have none)
    is_comment: bool
    labels: dict[str, Label] = field(default_factory=dict)

    @property
    def url(self) -> Optional[str]:
        return (self.metadata.url if self.metadata and self.metadata.url else None) or self.raw.url

    @property
    def date(self) -> Optional[str]:
        return (self.metadata.date if self.metadata and self.metadata.date else None) or self.raw.date
