"""All document annotators together: any text gets well-formed labels (values in their vocabularies,
confidence in 0..1, annotator ids, evidence), and comments inherit their post's publisher."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.documents import DERIVED_LABELS, annotate_document
from source_stance.builder.annotate.resources import DocumentResources, FramingMatcher, FramingTerm, Registry
from source_stance.builder.clean import clean
from source_stance.builder.document import Document
from source_stance.builder.ingest import RawText
from source_stance.schema.registry import Publisher
from source_stance.schema.vocab import DOCUMENT_TYPE, PERSPECTIVE_AGREEMENT, PUBLISHER_KIND, perspective_names

SIDES = ("pro_north", "pro_south")
RES = DocumentResources(
    sides=SIDES,
    side_names={"pro_north": ("Northland", "Northlander"), "pro_south": ("Southland", "Southlander")},
    registry=Registry.build(
        (
            Publisher(id="nw", name="NorthWire", domains=("northwire.example",), kind="state_media",
                      alignment="pro_north", alignment_basis="ownership", alignment_evidence="State agency."),
        )
    ),
    framing=FramingMatcher.build((FramingTerm("Greater Nordia", "place_name", "pro_north", re.compile("Greater Nordia")),)),
    language="en",
)
PERSPECTIVE = perspective_names(SIDES)


def doc_for(text: str, url: str | None = None, doc_id: str = "d", parent: str | None = None) -> Document:
    raw = RawText(source_file="d.txt", source_row=None, text=text, encoding="utf-8", bom_bytes=0, raw_sha256="0", url=url)
    body = clean(text).body
    return Document(doc_id, parent or doc_id, parent, raw, body, None, None, None, is_comment=parent is not None)


def check(labels: dict) -> None:
    allowed = {
        "publisher_kind": PUBLISHER_KIND,
        "perspective": PERSPECTIVE,
        "source_alignment": PERSPECTIVE,
        "document_type": DOCUMENT_TYPE,
        "perspective_agreement": PERSPECTIVE_AGREEMENT,
    }
    assert {"publisher", "publisher_kind", "perspective", "document_type", "language", *DERIVED_LABELS} <= set(labels)
    for name, lab in labels.items():
        if name in allowed:
            assert lab.value in allowed[name], (name, lab.value)
        assert lab.source in ("rule", "model", "none")
        assert 0.0 <= lab.confidence <= 1.0 and lab.annotator
        if lab.source == "none":
            assert lab.confidence == 0.0
        else:
            assert lab.evidence


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400),
    url=st.one_of(st.none(), st.text(max_size=40), st.just("https://northwire.example/a")),
)
def test_any_text_gets_well_formed_labels(text, url):
    check(annotate_document(doc_for(text, url), None, RES))


def test_words_that_look_like_signals_in_odd_places_do_not_crash():
    samples = [
        "(\n)\n(Reuters) -",
        "©©© 2024",
        "By , \nBy | \n special to",
        '"' * 5000,
        "Northland " * 3000,
        "our " * 2000 + "Northlander people",
        "LONDON, May 2 (" + "x" * 300 + ") - text",
    ]
    for text in samples:
        check(annotate_document(doc_for(text), None, RES))


def test_comment_inherits_the_posts_publisher_and_alignment():
    post = doc_for("MOSCOW, May 2 (NorthWire) - Talks resumed in Geneva today.", url="https://northwire.example/1")
    post.labels = annotate_document(post, None, RES)
    comment = doc_for("I disagree with this article.", doc_id="d#comment-1", parent="d")
    labels = annotate_document(comment, post, RES)
    assert labels["publisher"].value == "NorthWire" and "inherited from the post d" in labels["publisher"].evidence
    assert labels["source_alignment"].value == "pro_north"
    assert labels["document_type"].value == "comment"


def test_seed_free_corpus_config_loads(tmp_path: Path):
    # resources load from a corpus without registry or lexicon, and say what is missing
    from source_stance.builder.annotate.resources import load_resources
    from source_stance.builder.corpus import load_corpus

    (tmp_path / "corpus.yaml").write_text("name: t\nversion: 0.1.0\nsides:\n  - id: a\n    description: A.\n", encoding="utf-8")
    res = load_resources(load_corpus(tmp_path))
    assert res.registry.publishers == () and res.framing.terms == ()
    assert any("framing lexicon" in n for n in res.notes) and any("names" in n for n in res.notes)
