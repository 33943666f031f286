"""The one place where the stages are wired together.

    ingest -> clean -> documents -> label documents -> segment -> annotate sentences -> split -> write

:func:`process_input` is the pure per-input core (one raw text -> its documents' rows, or a reject);
:func:`build` drives it over a corpus, accounts for every input, and hands the rows to the release
writer.  Execution engines map :func:`process_input` over inputs; they never reimplement a stage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Optional

from source_stance.builder import segment
from source_stance.builder.annotate.claims import ClaimStage
from source_stance.builder.annotate.claims_gold import check_gold_coverage
from source_stance.builder.clean import MappedText, clean
from source_stance.builder.dedup import apply_near_duplicates, signature
from source_stance.builder.normalize import normalize, normalize_text
from source_stance.builder.annotate.documents import DERIVED_LABELS, annotate_document
from source_stance.builder.annotate.language import is_other_language
from source_stance.builder.annotate.resources import DocumentResources, load_resources
from source_stance.builder.corpus import Corpus, load_corpus
from source_stance.builder.document import DOCUMENT_LABEL_NAMES, Document, Label
from source_stance.builder.errors import BuildError
from source_stance.builder.ingest import RawText, Reject, iter_inputs
from source_stance.builder.split import assign_splits, group_key
from source_stance.schema.config import DocumentMetadata

#: Value of each document label when nothing assigned one.
UNKNOWN_VALUE: dict[str, Optional[str]] = {
    "publisher": None,
    "publisher_kind": "unknown",
    "perspective": "unknown",
    "document_type": "unknown",
    "language": None,
    "rights_status": "unknown",
}
COMMENT_RULE = "rule:clean.comment_section.v1"


@dataclass(frozen=True)
class BuildOptions:
    raw_dir: Path = Path("raw")
    out_dir: Path = Path("dist")
    strict: bool = False
    ignore_metadata: bool = False  # label every text automatically, as if uncurated (for evaluation)
    claim_model: Optional[Path] = None


@dataclass
class BuildContext:
    """What every per-input call needs: the corpus and the annotators' loaded resources."""

    corpus: Corpus
    options: BuildOptions
    claims: Optional[ClaimStage] = None
    documents: Optional[DocumentResources] = None

    @classmethod
    def setup(cls, corpus: Corpus, options: BuildOptions) -> "BuildContext":
        claims = ClaimStage.setup(
            corpus.config, corpus.raw_dir, claim_model=options.claim_model, use_gold=not options.ignore_metadata
        )
        return cls(corpus=corpus, options=options, claims=claims, documents=load_resources(corpus))


@dataclass
class Processed:
    """The rows one raw input produced."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    signatures: dict[str, Optional[bytes]] = field(default_factory=dict)  # near-duplicate MinHash per doc_id


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def base_doc_id(raw: RawText) -> str:
    stem = PurePosixPath(raw.source_file).with_suffix("").as_posix()
    if raw.source_row is None:
        return stem
    return f"{stem}/{raw.record_id or f'row-{raw.source_row}'}"


def make_documents(raw: RawText, meta: Optional[DocumentMetadata]) -> list[Document]:
    """The post (furniture removed) and one child document per reader comment."""
    cleaned = clean(raw.text)
    doc_id = base_doc_id(raw)
    title = (meta.title if meta and meta.title else None) or raw.title or (normalize_text(cleaned.title) if cleaned.title else None)
    author = (meta.author if meta and meta.author else None) or raw.author
    docs = [Document(doc_id, doc_id, None, raw, normalize(cleaned.body), title, author, meta, is_comment=False)]  # type: ignore[arg-type]
    for i, c in enumerate(cleaned.comments, start=1):
        docs.append(Document(f"{doc_id}#comment-{i}", doc_id, doc_id, raw, normalize(c.text), None, c.author, None, is_comment=True))  # type: ignore[arg-type]
    return docs


def curated_labels(meta: DocumentMetadata) -> dict[str, Label]:
    """Labels a curator set explicitly (an explicit null publisher is a curated 'unknown')."""
    out = {}
    curator = f"curator:{meta.curator or 'unnamed'}"
    for name in DOCUMENT_LABEL_NAMES:
        value = getattr(meta, name)
        if value is None and name not in meta.model_fields_set:
            continue
        out[name] = Label(value if value is not None else UNKNOWN_VALUE[name], "curated", 1.0, curator, meta.rationale.get(name))
    return out


def automatic_document_labels(doc: Document, ctx: BuildContext, parent: Optional[Document] = None) -> dict[str, Label]:
    """Labels from the automatic document annotators (builder/annotate/documents.py)."""
    if ctx.documents is None:
        return {}
    return annotate_document(doc, parent, ctx.documents)


def label_document(doc: Document, parent: Optional[Document], ctx: BuildContext) -> dict[str, Label]:
    """Curated metadata first, then structure, then the automatic annotators, then `none`."""
    labels: dict[str, Label] = {}
    if doc.metadata is not None:
        labels.update(curated_labels(doc.metadata))
    if doc.is_comment:
        labels.setdefault(
            "document_type",
            Label("comment", "rule", 0.95, COMMENT_RULE, "sits in the page's reader-comment section"),
        )
        if parent is not None and "rights_status" in parent.labels:
            p = parent.labels["rights_status"]
            labels.setdefault("rights_status", Label(p.value, p.source, p.confidence, p.annotator, "inherited from the post"))
    for name, label in automatic_document_labels(doc, ctx, parent).items():
        labels.setdefault(name, label)
    for name in DOCUMENT_LABEL_NAMES:
        labels.setdefault(name, Label.none(UNKNOWN_VALUE[name]))
    for name, value in DERIVED_LABELS.items():
        labels.setdefault(name, Label.none(value))
    return labels


def claim_columns(doc: Document, spans: list[tuple[int, int]], ctx: BuildContext) -> list[dict[str, Any]]:
    """Claim columns for each sentence span of ``doc`` (rule or model annotator, curated gold on top).

    Unattributed claims belong to the document's author, else its publisher (null if neither is known).
    """
    if ctx.claims is None:
        raise BuildError("claim stage not set up", fix="create the context with BuildContext.setup")
    publisher = doc.labels["publisher"].value if "publisher" in doc.labels else None
    return ctx.claims.columns(doc.doc_id, doc.text.text, spans, doc.author or publisher)


def _ws(s: str) -> str:
    return " ".join(s.split())


def sentence_rows(doc: Document, spans: list[tuple[int, int]], ctx: BuildContext) -> list[dict[str, Any]]:
    """Sentence rows with checked offsets into the document text and the raw file."""
    from source_stance.builder.decode import byte_offsets

    text, raw = doc.text.text, doc.raw
    raw_spans = [doc.text.to_raw(s, e) for s, e in spans]
    flat = sorted({o for rs in raw_spans for o in rs})
    bytes_at = dict(zip(flat, byte_offsets(raw.text, raw.encoding if raw.source_row is None else "utf-8", raw.bom_bytes, flat)))
    claims = claim_columns(doc, spans, ctx)
    if len(claims) != len(spans):
        raise BuildError(f"claim annotator returned {len(claims)} rows for {len(spans)} sentences", path=doc.doc_id)
    seen: dict[str, int] = {}
    rows = []
    for index, ((s, e), (rs, re_), extra) in enumerate(zip(spans, raw_spans, claims)):
        sentence = text[s:e]
        if not sentence or sentence != sentence.strip() or _ws(normalize_text(raw.text[rs:re_])) != _ws(sentence):
            raise BuildError(
                f"sentence {index} offsets do not round-trip (text[{s}:{e}] vs raw[{rs}:{re_}])",
                path=doc.raw.source_file,
                fix="this is a bug in clean/segment; please report it with the input file",
            )
        digest = sha256_text(sentence)
        key = f"{doc.doc_id}:{digest[:12]}"
        seen[key] = seen.get(key, 0) + 1
        rows.append(
            {
                "sentence_id": key if seen[key] == 1 else f"{key}-{seen[key]}",
                "doc_id": doc.doc_id,
                "index": index,
                "text": sentence,
                "char_start": s,
                "char_end": e,
                "raw_char_start": rs,
                "raw_char_end": re_,
                "raw_byte_start": bytes_at[rs],
                "raw_byte_end": bytes_at[re_],
                "text_sha256": digest,
                "document_perspective": doc.labels["perspective"].value,
                **extra,
            }
        )
    return rows


def document_row(doc: Document, n_sentences: int) -> dict[str, Any]:
    meta = doc.metadata
    row: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "parent_id": doc.parent_id,
        "family_id": doc.family_id,
        "source_file": doc.raw.source_file,
        "source_row": doc.raw.source_row,
        "title": doc.title,
        "url": doc.url,
        "date": doc.date,
        "country": meta.country if meta else None,
        "author": doc.author,
        "text": doc.text.text,
        "text_sha256": sha256_text(doc.text.text),
        "raw_sha256": doc.raw.raw_sha256,
        "encoding": doc.raw.encoding,
        "n_sentences": n_sentences,
    }
    for name, label in doc.labels.items():
        row[name] = label.value
        row[f"{name}_source"] = label.source
        row[f"{name}_confidence"] = float(label.confidence)
        row[f"{name}_annotator"] = label.annotator
        row[f"{name}_evidence"] = label.evidence
    return row


def process_input(raw: RawText, meta: Optional[DocumentMetadata], ctx: BuildContext) -> Processed | Reject:
    """One raw input -> the rows of its documents (post + comments), or a reject."""
    docs = make_documents(raw, meta)
    post = docs[0]
    if not post.text.text and len(docs) == 1:
        return Reject(raw.source_file, raw.source_row, "clean.no_body", "nothing but page furniture remained after cleaning")
    out = Processed()
    for doc in docs:
        doc.labels = label_document(doc, post if doc.is_comment else None, ctx)
        lang = doc.labels["language"]
        res = ctx.documents
        if doc is post and res is not None and res.other_languages == "reject" and is_other_language(lang, res.language):
            return Reject(
                raw.source_file,
                raw.source_row,
                "annotate.language_mismatch",
                f"text detected as {lang.value!r} (confidence {lang.confidence:.2f}), corpus language is {res.language!r}; "
                "remove it, or set `other_languages: keep` in corpus.yaml to keep it labelled",
            )
        spans = segment.sentence_spans(doc.text.text)
        rows = sentence_rows(doc, spans, ctx)
        drow = document_row(doc, len(rows))
        drow["split_group"] = group_key(post.labels["publisher"].value, doc.family_id)
        out.documents.append(drow)
        out.sentences.extend(rows)
        out.signatures[doc.doc_id] = signature(doc.text.text)
    return out


@dataclass
class BuildOutput:
    """Everything a build produced, before it is written."""

    corpus: Corpus
    documents: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    rejects: list[Reject]
    n_read: int
    warnings: list[str]
    metadata_missing: list[str] = field(default_factory=list)  # metadata entries whose file is not in raw/
    n_without_metadata: int = 0  # accepted or not, inputs that have no metadata entry


def run(options: BuildOptions) -> BuildOutput:
    """Run every stage but the writer; every input ends as documents or a reject."""
    corpus = load_corpus(options.raw_dir)
    ctx = BuildContext.setup(corpus, options)
    documents: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    kept_by_text: dict[str, str] = {}
    seen_files: set[str] = set()
    signatures: dict[str, Optional[bytes]] = {}
    n_read = 0
    for item in iter_inputs(corpus):
        n_read += 1
        seen_files.add(item.source_file)
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        meta = None if options.ignore_metadata else corpus.metadata.get(item.source_file)
        result = process_input(item, meta, ctx)
        if isinstance(result, Reject):
            rejects.append(result)
            continue
        post = result.documents[0]
        first = kept_by_text.setdefault(post["text_sha256"], post["doc_id"])
        if first != post["doc_id"]:
            rejects.append(
                Reject(item.source_file, item.source_row, "dedup.exact_duplicate", f"same text as {first}; kept once", first)
            )
            continue
        documents.extend(result.documents)
        sentences.extend(result.sentences)
        signatures.update(result.signatures)
    metadata_missing = sorted(set(corpus.metadata) - seen_files)
    warnings: list[str] = []
    ungolded = check_gold_coverage(ctx.claims.gold if ctx.claims else None, sentences)
    if ungolded:
        shown = ", ".join(f"{d}[{i}]" for d, i in ungolded[:5])
        warnings.append(f"{len(ungolded)} sentence(s) of gold documents have no curated claim entry: {shown}")
    if n_read != len({d["source_file"] + "\x00" + str(d["source_row"]) for d in documents if d["parent_id"] is None}) + len(rejects):
        raise BuildError("accounting broke: inputs read != documents accepted + rejected")
    apply_near_duplicates(documents, signatures)
    cfg = corpus.config
    splits = assign_splits((d["split_group"] for d in documents), cfg.name, cfg.splits)
    split_of_doc = {}
    for d in documents:
        d["split"] = split_of_doc[d["doc_id"]] = splits[d["split_group"]]
    for s in sentences:
        s["split"] = split_of_doc[s["doc_id"]]
    documents.sort(key=lambda r: r["doc_id"])
    sentences.sort(key=lambda r: (r["doc_id"], r["index"]))
    n_without = len(seen_files - set(corpus.metadata))
    return BuildOutput(corpus, documents, sentences, rejects, n_read, warnings, metadata_missing, n_without)
