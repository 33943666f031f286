"""Claim annotation columns of the ``sentences`` config.

One row per sentence; every column is flat or a list of small structs, so the table filters well in
pandas / ``datasets``.  See ``ANNOTATION_GUIDELINES.md`` for the definitions.

Offsets (``speaker_start``, ``attribution_cue_start``, the ``start``/``end`` of quantities, actors
and framing terms) index the **document** text (Python code points, end-exclusive):
``doc_text[start:end]`` is the span's text.  A speaker or cue may lie in an earlier sentence (a
quoted letter's sentences point at the letter's introduction).

Provenance: ``is_claim``, ``claim_kind`` and the attribution group (``speaker``, ``speaker_kind``,
speaker offsets, ``attribution_cue``, ``quote_type``) each carry ``*_source`` (curated / rule /
model / none), ``*_confidence``, ``*_annotator`` and ``*_evidence``.  Span lists carry
``*_source``, ``*_confidence`` and ``*_annotator``.
"""

from __future__ import annotations

from source_stance.schema.fields import Field
from source_stance.schema.provenance import provenance

#: Column name prefixes that carry the four provenance columns.
PROVENANCE_GROUPS: tuple[str, ...] = ("is_claim", "claim_kind", "attribution")
#: Span-list columns that carry ``_source``, ``_confidence`` and ``_annotator``.
SPAN_GROUPS: tuple[str, ...] = ("quantities", "actors", "framing_terms")


def _span_provenance(name: str) -> tuple[Field, ...]:
    return (
        Field(f"{name}_source", "label", f"Where `{name}` came from (curated, rule, model, none).", vocab="label_source"),
        Field(
            f"{name}_confidence",
            "float32",
            f"How sure the source of `{name}` is that each listed span is what the layer says (curated: 1.0; "
            "rule: the annotator's fixed precision estimate for its matches).",
        ),
        Field(f"{name}_annotator", "string", f"Id of the curator or rule that produced `{name}`."),
    )


QUANTITY_CHILDREN: tuple[Field, ...] = (
    Field("value", "float32", "Numeric value; null for vague amounts (`dozens`, `thousands of`).", nullable=True),
    Field("qualifier", "string", "Hedge before the number (`more than`, `at least`, `about`), else null.", nullable=True),
    Field("text", "string", "The number as written (`25,000`, `six`, `hundreds of thousands`)."),
    Field("unit_or_counted", "string", "Unit or counted thing (`people`, `%`, `countries`), null if elided.", nullable=True),
    Field("start", "int32", "Start of `text` in the document text (code points)."),
    Field("end", "int32", "End of `text` in the document text (code points, exclusive)."),
)

ACTOR_CHILDREN: tuple[Field, ...] = (
    Field("name", "string", "The mention as written in the text."),
    Field("canonical", "string", "Canonical name from the gazetteer."),
    Field("kind", "string", "Gazetteer kind: country, organisation, person, group or place."),
    Field("start", "int32", "Start of the mention in the document text (code points)."),
    Field("end", "int32", "End of the mention in the document text (code points, exclusive)."),
)

FRAMING_CHILDREN: tuple[Field, ...] = (
    Field("term", "string", "The term as written in the text (the source's wording, not the dataset's)."),
    Field("canonical", "string", "Lexicon entry the mention matched."),
    Field("category", "string", "Lexicon category, e.g. loaded_characterisation, place_name, event_name."),
    Field(
        "vocabulary_of",
        "string",
        "Whose usage the term typically is: a side id from the corpus config, or `shared`.",
    ),
    Field("start", "int32", "Start of the term in the document text (code points)."),
    Field("end", "int32", "End of the term in the document text (code points, exclusive)."),
)

CLAIM_FIELDS: tuple[Field, ...] = (
    Field(
        "is_claim",
        "bool",
        "The sentence asserts something that can be true or false, or disputed (headings, greetings, "
        "questions, sign-offs, captions and furniture are not claims).",
    ),
    *provenance("is_claim", "`is_claim`"),
    Field(
        "claim_kind",
        "label",
        "Kind of claim: factual, statistical, evaluative, prescriptive, predictive; none for non-claims.",
        vocab="claim_kind",
    ),
    *provenance("claim_kind", "`claim_kind`"),
    Field(
        "speaker",
        "string",
        "Who makes the claim: the quoted or reported source, or for the author's own voice the "
        "document's author/publisher when known; null when unknown or not a claim.",
        nullable=True,
    ),
    Field(
        "speaker_kind",
        "label",
        "author (the document's own voice), named_source, unnamed_source (`it was noted that`), none.",
        vocab="speaker_kind",
    ),
    Field("speaker_start", "int32", "Start of the speaker's mention in the document text, null if not in the text.", nullable=True),
    Field("speaker_end", "int32", "End (exclusive) of the speaker's mention in the document text.", nullable=True),
    Field("attribution_cue", "string", "Reporting cue (`said`, `condemned`, `The statement reads`), else null.", nullable=True),
    Field("attribution_cue_start", "int32", "Start of the cue in the document text, null if none.", nullable=True),
    Field("attribution_cue_end", "int32", "End (exclusive) of the cue in the document text.", nullable=True),
    Field(
        "quote_type",
        "label",
        "direct (inside quotation marks, incl. every sentence of a quoted statement or letter), "
        "indirect (reported speech), none (the author's own voice, or not a claim).",
        vocab="quote_type",
    ),
    *provenance("attribution", "the attribution (`speaker`, `speaker_kind`, offsets, cue, `quote_type`)"),
    Field("quantities", "records", "Quantities in the sentence (numerals and number words; dates excluded).", children=QUANTITY_CHILDREN),
    *_span_provenance("quantities"),
    Field("actors", "records", "Actors mentioned, matched from the corpus gazetteer.", children=ACTOR_CHILDREN),
    *_span_provenance("actors"),
    Field(
        "framing_terms",
        "records",
        "Terms from the corpus framing lexicon, recorded as the source's wording.",
        children=FRAMING_CHILDREN,
    ),
    *_span_provenance("framing_terms"),
)

#: Column names, in order: the exact keys of every row an annotator returns.
CLAIM_COLUMNS: tuple[str, ...] = tuple(f.name for f in CLAIM_FIELDS)
