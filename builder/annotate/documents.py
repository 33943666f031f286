"""The automatic document labels, in their dependency order (called from ``pipeline``):

    publisher -> publisher_kind -> document_type -> language -> perspective (+ source_alignment,
    perspective_agreement)

Each annotator is a pure function in its own module; this one only feeds each the outputs it
depends on.  Curated labels are applied by the pipeline *before* and always win; where a curator
named the publisher, the registry entry of that name (if any) feeds publisher_kind and perspective.
Reader comments inherit their post's publisher, publisher kind and source alignment.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from source_stance.builder.annotate import document_type, perspective_scan, publisher
from source_stance.builder.annotate.candidates import LiteralIndex
from source_stance.builder.annotate.casefold import fold
from source_stance.builder.annotate.document_type import annotate_document_type
from source_stance.builder.annotate.language import annotate_language
from source_stance.builder.annotate.perspective import annotate_perspective, combine
from source_stance.builder.annotate.publisher import annotate_publisher
from source_stance.builder.annotate.publisher_kind import annotate_publisher_kind, blog_cues
from source_stance.builder.annotate.resources import DocumentResources, host_of
from source_stance.builder.document import Document, Label

#: Labels only the annotators assign (no curated metadata field): written next to the others.
DERIVED_LABELS: dict[str, Optional[str]] = {"source_alignment": "unknown", "perspective_agreement": "none"}
INHERITED_BY_COMMENTS = ("publisher", "publisher_kind", "source_alignment")


def document_index(res: DocumentResources) -> LiteralIndex:
    """The literals that the document-type and perspective annotators look up, for one scan per document."""
    names = [n for sp in (res.side_patterns or {}).values() for n in sp.index_names]
    words = (document_type.INDEX_WORDS, perspective_scan.INDEX_WORDS, res.framing.index_words)  # by reader
    # a word is only reported before its phrases where its one reader asks for that
    phrases = {
        w: then for i, own in ((0, document_type.START_PHRASES), (2, res.framing.index_phrases)) for w, then in own.items()
        if not any(w in ws for j, ws in enumerate(words) if j != i)
    }
    return LiteralIndex.build(
        words=frozenset().union(*words),
        starts=document_type.INDEX_STARTS | perspective_scan.INDEX_STARTS | publisher.INDEX_STARTS | frozenset(names),
        phrases=phrases,
    )


def annotate_document(doc: Document, parent: Optional[Document], res: DocumentResources) -> dict[str, Label]:
    """Automatic labels for one document (the pipeline keeps curated ones over these)."""
    text, raw_text = doc.text.text, doc.raw.text
    out: dict[str, Label] = {}
    if parent is not None:
        for name in INHERITED_BY_COMMENTS:
            p = parent.labels.get(name)
            if p is not None:
                out[name] = replace(p, evidence=f"inherited from the post {parent.doc_id}" + (f" ({p.evidence})" if p.evidence else ""))
    meta = doc.metadata if doc.metadata is not None else (parent.metadata if parent is not None else None)
    curated_name = meta.publisher if meta is not None and meta.publisher else None
    host = host_of(doc.url)
    blog = blog_cues(raw_text, host)  # read by three annotators
    lower = fold(text) if res.index is not None else None
    hits = res.index.scan(lower) if res.index is not None and lower is not None else None
    if curated_name:
        entry = res.registry.for_name(curated_name)
    elif parent is not None:
        entry = res.registry.for_name(parent.labels["publisher"].value) if "publisher" in parent.labels else None
    else:
        result = annotate_publisher(
            text, registry=res.registry, url=doc.url, site_name=doc.raw.site_name, raw_text=raw_text,
            is_blog=bool(blog), hits=hits,
        )
        out["publisher"] = result.label
        entry = result.entry
    if "publisher_kind" not in out:
        out["publisher_kind"] = annotate_publisher_kind(entry=entry, host=host, raw_text=raw_text, blog=blog)
    kind = (meta.publisher_kind if meta is not None and meta.publisher_kind else None) or out["publisher_kind"].value
    out["document_type"] = annotate_document_type(
        text, raw_text=raw_text, is_comment=doc.is_comment, publisher_kind=kind, host=host, blog=blog, hits=hits
    )
    out["language"] = annotate_language(text)
    persp = annotate_perspective(
        text, side_names=res.side_names, framing=res.framing, publisher=entry, compiled=res.side_patterns, hits=hits
    )
    out["perspective"] = persp.perspective
    if "source_alignment" not in out:  # inherited by a comment; else the publisher's (annotate_perspective had entry)
        out["source_alignment"] = persp.source_alignment
    out["perspective_agreement"] = persp.agreement
    if meta is not None and meta.perspective and doc.metadata is meta:
        # the curated perspective wins; say how it relates to the publisher's alignment
        curated = None if meta.perspective == "unknown" else meta.perspective
        _, out["perspective_agreement"] = combine(curated, 1.0, "curated perspective", out["source_alignment"])
    return out
