"""Boundary models for the publisher registry (``raw/publishers.yaml``, named by the corpus config).

The registry lists outlets and organisations a corpus is likely to contain: their name and name
variants, web domains, kind, country and **source alignment**: the side (or ``neutral`` /
``unknown``) the *publisher* is aligned with, together with the basis and a neutral sentence of
evidence saying where that alignment comes from (ownership, state funding, affiliation, stated
mission...).  Source alignment describes the publisher, not any one document: a document's own
perspective is inferred from its text and may differ.

Everything conflict-specific lives in the YAML file; this module only knows the shape.
"""

from __future__ import annotations

import re
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from source_stance.schema.vocab import PUBLISHER_KIND, Vocabularies

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

#: Where a publisher's source alignment comes from.  ``no_tie`` backs a ``neutral`` alignment
#: (no ownership, funding, affiliation or stated mission tying it to a side); ``not_assessed``
#: goes with ``unknown``.
ALIGNMENT_BASIS: tuple[str, ...] = (
    "ownership",  # owned by a side's state or government
    "state_funding",  # funded by a side's state
    "affiliation",  # organ of, or affiliated with, an organisation that takes a side
    "stated_mission",  # the publisher's own statement of purpose takes a side
    "editorial_line",  # documented editorial line (press-freedom monitors, own usage)
    "no_tie",  # no tie to either side (international press, wire agencies)
    "not_assessed",
)


class Publisher(BaseModel):
    """One outlet or organisation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(description="Stable id, lower_snake_case.")
    name: str = Field(description="Name as the publisher writes it; this is the `publisher` label value.")
    variants: tuple[str, ...] = Field((), description="Other spellings and names the text may use.")
    domains: tuple[str, ...] = Field((), description="Web domains; subdomains match too (en.example.org).")
    kind: str = Field(description=f"Publisher kind, one of: {', '.join(PUBLISHER_KIND)}.")
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2 code of where it is based.")
    alignment: str = Field("unknown", description="A side id from corpus.yaml, `neutral` or `unknown`.")
    alignment_basis: str = Field("not_assessed", description=f"One of: {', '.join(ALIGNMENT_BASIS)}.")
    alignment_evidence: str = Field("", description="Neutral sentence saying where the alignment comes from.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id must be lower_snake_case (letters, digits, _)")
        return v

    @field_validator("domains")
    @classmethod
    def _domains_shape(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for d in v:
            d = d.strip().lower().removeprefix("www.")
            if not _DOMAIN.match(d):
                raise ValueError(f"{d!r} is not a bare domain (write `example.org`, no scheme or path)")
            out.append(d)
        return tuple(out)

    @field_validator("kind")
    @classmethod
    def _kind_known(cls, v: str) -> str:
        if v not in PUBLISHER_KIND:
            raise ValueError(f"unknown kind {v!r}; allowed values: {', '.join(PUBLISHER_KIND)}")
        return v

    @field_validator("country")
    @classmethod
    def _country_shape(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not _COUNTRY.match(v):
            raise ValueError("country must be an ISO 3166-1 alpha-2 code in capitals, e.g. FR")
        return v

    @field_validator("alignment_basis")
    @classmethod
    def _basis_known(cls, v: str) -> str:
        if v not in ALIGNMENT_BASIS:
            raise ValueError(f"unknown alignment_basis {v!r}; allowed values: {', '.join(ALIGNMENT_BASIS)}")
        return v

    @model_validator(mode="after")
    def _evidence_for_alignment(self) -> "Publisher":
        if self.alignment != "unknown" and not self.alignment_evidence.strip():
            raise ValueError("an alignment other than `unknown` needs `alignment_evidence` (where it comes from)")
        if self.alignment == "unknown" and self.alignment_basis != "not_assessed":
            raise ValueError("alignment `unknown` goes with alignment_basis `not_assessed`")
        if self.alignment == "neutral" and self.alignment_basis != "no_tie":
            raise ValueError("alignment `neutral` goes with alignment_basis `no_tie`")
        return self

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


class PublisherRegistry(BaseModel):
    """``raw/publishers.yaml``: a list of publishers under the key ``publishers``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    publishers: tuple[Publisher, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> "PublisherRegistry":
        seen_ids: set[str] = set()
        seen_domains: dict[str, str] = {}
        seen_names: dict[str, str] = {}
        for p in self.publishers:
            if p.id in seen_ids:
                raise ValueError(f"publisher id {p.id!r} appears twice")
            seen_ids.add(p.id)
            for d in p.domains:
                if d in seen_domains:
                    raise ValueError(f"domain {d!r} is listed by both {seen_domains[d]!r} and {p.id!r}")
                seen_domains[d] = p.id
            for n in p.names():
                key = n.casefold()
                if key in seen_names and seen_names[key] != p.id:
                    raise ValueError(f"name {n!r} is used by both {seen_names[key]!r} and {p.id!r}")
                seen_names[key] = p.id
        return self

    def alignment_errors(self, vocabs: Vocabularies) -> list[tuple[str, str, tuple[str, ...]]]:
        """(publisher id, bad alignment, allowed values) for alignments outside the perspective vocabulary."""
        allowed = tuple(v for v in vocabs.perspective if v != "mixed")
        return [(p.id, p.alignment, allowed) for p in self.publishers if p.alignment not in allowed]
