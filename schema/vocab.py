"""Label vocabularies: the single place where the names of every fixed label set live.

A vocabulary is an ordered tuple of names; its order is the ClassLabel integer order and must only
ever be *appended to* (reordering changes the integers in released files: a MAJOR version bump).

The vocabulary of sides (``perspective``) is not fixed here: it comes from the corpus
configuration (``raw/corpus.yaml``), so another conflict is a configuration change. See
:func:`perspective_names`.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a label came from.  ``none`` means no annotator assigned a value (the value is the
#: vocabulary's ``unknown`` and the confidence is 0.0).
LABEL_SOURCE: tuple[str, ...] = ("curated", "rule", "model", "none")

DOCUMENT_TYPE: tuple[str, ...] = (
    "news_report",
    "official_statement",
    "blog_post",
    "opinion_analysis",
    "comment",
    "other",
    "unknown",
)

PUBLISHER_KIND: tuple[str, ...] = (
    "state_media",
    "independent_media",
    "diaspora_organisation",
    "government_body",
    "ngo",
    "personal_blog",
    "international_media",
    "unknown",
)

RIGHTS_STATUS: tuple[str, ...] = (
    "redistributable",  # licence allows redistribution of the text
    "fair_use_excerpt",  # shared for research under fair use / quotation exceptions
    "restricted",  # text may not be redistributed: release ids, offsets and hashes only
    "unknown",
)

SPLITS: tuple[str, ...] = ("train", "validation", "test")

#: Kind of claim a sentence makes (``none`` for non-claims).
CLAIM_KIND: tuple[str, ...] = (
    "factual",
    "statistical",
    "evaluative",
    "prescriptive",
    "predictive",
    "none",
)

#: How a claim is attributed: a direct quote, reported (indirect) speech, or the author's own voice.
QUOTE_TYPE: tuple[str, ...] = ("direct", "indirect", "none")

#: Whose voice a claim is in: the document's own author/publisher, a named source, a source the
#: text does not name ("it was noted that ..."), or ``none`` for non-claims.
SPEAKER_KIND: tuple[str, ...] = ("author", "named_source", "unnamed_source", "none")

#: How a document's own perspective (from its text) relates to its publisher's source alignment.
PERSPECTIVE_AGREEMENT: tuple[str, ...] = ("agree", "disagree", "text_only", "publisher_only", "none")

#: Perspective values every corpus has besides its configured sides.
PERSPECTIVE_EXTRAS: tuple[str, ...] = ("neutral", "mixed", "unknown")


def perspective_names(sides: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The perspective vocabulary for a corpus: its configured sides, then the fixed extras."""
    sides = tuple(sides)
    clash = set(sides) & set(PERSPECTIVE_EXTRAS)
    if clash:
        raise ValueError(
            f"side ids {sorted(clash)} are reserved perspective values; "
            f"rename the side in corpus.yaml (reserved: {', '.join(PERSPECTIVE_EXTRAS)})"
        )
    return sides + PERSPECTIVE_EXTRAS


@dataclass(frozen=True)
class Vocabularies:
    """All label vocabularies in force for one corpus build (fixed ones + configured sides)."""

    perspective: tuple[str, ...]
    document_type: tuple[str, ...] = DOCUMENT_TYPE
    publisher_kind: tuple[str, ...] = PUBLISHER_KIND
    label_source: tuple[str, ...] = LABEL_SOURCE
    rights_status: tuple[str, ...] = RIGHTS_STATUS
    split: tuple[str, ...] = SPLITS
    claim_kind: tuple[str, ...] = CLAIM_KIND
    quote_type: tuple[str, ...] = QUOTE_TYPE
    speaker_kind: tuple[str, ...] = SPEAKER_KIND
    perspective_agreement: tuple[str, ...] = PERSPECTIVE_AGREEMENT

    @classmethod
    def for_sides(cls, sides: tuple[str, ...] | list[str]) -> "Vocabularies":
        return cls(perspective=perspective_names(sides))

    def names(self, vocab: str) -> tuple[str, ...]:
        try:
            return getattr(self, vocab)
        except AttributeError:  # pragma: no cover - programming error in a field spec
            raise KeyError(f"no vocabulary named {vocab!r}") from None
