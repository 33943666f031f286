"""Record types of a release: documents, sentences and rejects.

Each is a tuple of :class:`~source_stance.schema.fields.Field`; everything else (Arrow schemas,
``datasets.Features``, pydantic models, the dataset card's field table) is derived from these.

Offsets are Python code points (``str`` indices), end-exclusive.  ``char_start``/``char_end`` index
the document's ``text``, which is Unicode NFC with invisible controls (zero-width space, soft hyphen,
bidi formatting, C0/C1 controls) removed (``builder/normalize.py``); ``raw_char_*`` index the raw file decoded with the document's
``encoding`` (byte-order mark removed, line ends and normalisation untouched), and ``raw_byte_*``
index the raw file's bytes.
"""

from __future__ import annotations

from source_stance.schema.claims import CLAIM_FIELDS
from source_stance.schema.fields import Field
from source_stance.schema.provenance import provenance


def labelled(name: str, kind: str, doc: str, vocab: str | None = None) -> tuple[Field, ...]:
    """A label column plus its provenance columns (source, confidence, annotator, evidence)."""
    return (Field(name, kind, doc, vocab=vocab, nullable=kind != "label"), *provenance(name, f"`{name}`"))  # type: ignore[arg-type]


DOCUMENT_CORE: tuple[Field, ...] = (
    Field("doc_id", "string", "Stable document id: the raw path without extension; comments add `#comment-N`."),
    Field("parent_id", "string", "For a reader comment, the id of the post it belongs to.", nullable=True),
    Field("family_id", "string", "Id of the document family (a post and its comments share one)."),
    Field("split", "label", "Group-aware split: train, validation or test.", vocab="split"),
    Field(
        "split_group",
        "string",
        "Group kept within one split: `publisher:<name>` when the publisher is known, else `family:<family_id>`; "
        "groups linked by a near-duplicate cluster are joined under the smallest of their keys.",
    ),
    Field(
        "near_duplicate_cluster",
        "string",
        "Near-duplicate cluster (MinHash of word 5-shingles, estimated Jaccard >= 0.7; see builder/dedup.py): the "
        "smallest doc_id of the cluster, null when the document has no near duplicate. A cluster is never split "
        "across train/validation/test.",
        nullable=True,
    ),
    Field("source_file", "string", "Path of the raw input, relative to the raw folder (POSIX)."),
    Field("source_row", "int64", "Row number in a tabular input (0-based), null for one-text files.", nullable=True),
    Field("title", "string", "Title, from curated metadata or the text's first line.", nullable=True),
    Field("url", "string", "URL of the original, where known.", nullable=True),
    Field("date", "string", "Publication date (ISO 8601), where known.", nullable=True),
    Field("country", "string", "Country of the publisher (ISO 3166-1 alpha-2), where known.", nullable=True),
    Field("author", "string", "Author or commenter handle as the text gives it, else null. Personal data.", nullable=True),
    Field("text", "string", "Cleaned body text (page furniture removed, line ends `\\n`, Unicode NFC, invisible controls removed). Null in a text-free release.", nullable=True),
    Field("text_sha256", "string", "sha256 of `text` (UTF-8), present even when the text is withheld."),
    Field("raw_sha256", "string", "sha256 of the raw input's bytes."),
    Field("encoding", "string", "Codec the raw input was decoded with."),
    Field("n_sentences", "int32", "Number of sentence rows of this document."),
)

DOCUMENT_LABELS: tuple[Field, ...] = (
    *labelled("publisher", "string", "Publisher (outlet or organisation) as named by metadata or the text; null if unknown."),
    *labelled("publisher_kind", "label", "Kind of publisher.", vocab="publisher_kind"),
    *labelled(
        "perspective",
        "label",
        "Which side of the conflict the document aligns with (configured sides, neutral, mixed, "
        "unknown). Describes alignment, never who is right.",
        vocab="perspective",
    ),
    *labelled(
        "source_alignment",
        "label",
        "The publisher's source alignment from the publisher registry (whom the publisher is tied to: "
        "ownership, funding, affiliation, mission), kept apart from the document's own `perspective`.",
        vocab="perspective",
    ),
    *labelled(
        "perspective_agreement",
        "label",
        "Whether the text's own framing and the publisher's alignment agree (agree, disagree), or only "
        "one of them gave evidence (text_only, publisher_only), or neither (none).",
        vocab="perspective_agreement",
    ),
    *labelled("document_type", "label", "Genre of the document.", vocab="document_type"),
    *labelled("language", "string", "Language of the text (ISO 639-1 code)."),
    *labelled("rights_status", "label", "Whether the text may be redistributed.", vocab="rights_status"),
)

DOCUMENT_FIELDS: tuple[Field, ...] = DOCUMENT_CORE + DOCUMENT_LABELS

SENTENCE_CORE: tuple[Field, ...] = (
    Field("sentence_id", "string", "Stable id: `doc_id` + `:` + 12 hex of the sentence's sha256 (+ `-N` if repeated)."),
    Field("doc_id", "string", "Document the sentence belongs to."),
    Field("split", "label", "Split of the document (denormalised for convenience).", vocab="split"),
    Field("index", "int32", "0-based position of the sentence in its document."),
    Field("text", "string", "The sentence; equals the document text[char_start:char_end]. Null in a text-free release.", nullable=True),
    Field("char_start", "int32", "Start in the document text (code points)."),
    Field("char_end", "int32", "End in the document text (code points, exclusive)."),
    Field("raw_char_start", "int32", "Start in the decoded raw file (code points)."),
    Field("raw_char_end", "int32", "End in the decoded raw file (code points, exclusive)."),
    Field("raw_byte_start", "int64", "Start in the raw file's bytes."),
    Field("raw_byte_end", "int64", "End in the raw file's bytes (exclusive)."),
    Field("text_sha256", "string", "sha256 of the sentence text (UTF-8)."),
    Field(
        "document_perspective",
        "label",
        "The document's perspective label (denormalised; see the documents config for its provenance).",
        vocab="perspective",
    ),
)

SENTENCE_FIELDS: tuple[Field, ...] = SENTENCE_CORE + CLAIM_FIELDS

REJECT_FIELDS: tuple[Field, ...] = (
    Field("source_file", "string", "Path of the rejected input, relative to the raw folder."),
    Field("source_row", "int64", "Row in a tabular input, null for one-text files.", nullable=True),
    Field("code", "string", "Reason code `<stage>.<reason>`."),
    Field("message", "string", "What was wrong and how to fix it."),
    Field("duplicate_of", "string", "For duplicates: the doc_id that was kept.", nullable=True),
)

RECORD_TYPES: dict[str, tuple[Field, ...]] = {
    "documents": DOCUMENT_FIELDS,
    "sentences": SENTENCE_FIELDS,
    "rejects": REJECT_FIELDS,
}
