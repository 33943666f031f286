"""Offsets of every sentence round-trip into the document text, the decoded raw text and the raw bytes."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.corpus import Corpus
from source_stance.builder.decode import Decoded, decode
from source_stance.builder.ingest import RawText
from source_stance.builder.normalize import normalize_text
from source_stance.builder.pipeline import BuildContext, BuildOptions, label_document, make_documents, rows_of, sentence_columns
from source_stance.builder import segment
from source_stance.schema.config import CorpusConfig
from source_stance.schema.records import SENTENCE_FIELDS


def _ctx():
    config = CorpusConfig.model_validate(
        {"name": "t", "version": "0.1.0", "sides": [{"id": "side_a", "description": "A"}]}
    )
    corpus = Corpus(Path("."), config, config.vocabularies(), {}, None, ("corpus.yaml",))
    return BuildContext.setup(corpus, BuildOptions())


def rows_for(data: bytes):
    decoded = decode(data)
    if not isinstance(decoded, Decoded):
        return None, []
    raw = RawText("x.txt", None, decoded.text, decoded.encoding, decoded.bom_bytes, "0" * 64)
    ctx = _ctx()
    out = []
    docs = make_documents(raw, None)
    for doc in docs:
        doc.labels = label_document(doc, docs[0] if doc.is_comment else None, ctx)
        out.append((doc, rows_of(sentence_columns(doc, segment.sentence_spans(doc.text.text), ctx))))
    return decoded, out


PIECES = st.sampled_from(
    ["Hello world.", "The talks failed.", " ", "\n", "\r\n", "\r", "\t", "«Quoted!» she said.", "Dr. Who", "1. Item",
     "Categories: a, b", "2 replies", "Leave a Reply", "• A comment here.", "é", "e\u0301", "日本語。", "\u200b", "🙂"]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])


@settings(max_examples=250, deadline=None)
@given(TEXTS, ENCODINGS)
def test_offsets_round_trip_for_arbitrary_text(text, encoding):
    data = text.encode(encoding, errors="surrogatepass")
    decoded, docs = rows_for(data)
    if decoded is None:
        return
    for doc, rows in docs:
        last = 0
        for i, r in enumerate(rows):
            assert r["index"] == i
            s, e = r["char_start"], r["char_end"]
            assert last <= s < e <= len(doc.text.text)
            last = e
            assert doc.text.text[s:e] == r["text"]
            rs, re_ = r["raw_char_start"], r["raw_char_end"]
            assert 0 <= rs < re_ <= len(decoded.text)
            # the document text is the raw text normalised (NFC, invisible controls removed, see
            # builder/normalize.py) with furniture lines dropped and line ends unified
            assert " ".join(normalize_text(decoded.text[rs:re_]).split()) == " ".join(r["text"].split())
            raw_piece = data[r["raw_byte_start"] : r["raw_byte_end"]].decode(decoded.encoding)
            assert raw_piece == decoded.text[rs:re_]


def test_empty_whitespace_crlf_and_bom_inputs():
    assert rows_for(b"")[0] is None or rows_for(b"")[1][0][1] == []
    _, docs = rows_for(b"   \r\n\t ")
    assert all(rows == [] for _, rows in docs)
    decoded, docs = rows_for("\ufeffTitle line\r\n\r\nFirst sentence. Second one.\r\n".encode("utf-8"))
    assert decoded.bom_bytes == 3
    rows = docs[0][1]
    assert [r["text"] for r in rows] == ["Title line", "First sentence.", "Second one."]
    assert rows[1]["raw_byte_start"] == 3 + len("Title line\r\n\r\n")


def reference_sentence_rows(doc, spans, ctx):
    """The readable form of ``sentence_columns``: one dict per sentence, the claim stage's dict merged in."""
    import hashlib

    from source_stance.builder.decode import byte_offsets
    from source_stance.builder.pipeline import claim_columns, rows_of

    raw = doc.raw
    raw_spans = doc.text.spans_to_raw(spans)
    seen, rows = {}, []
    for index, ((s, e), (rs, re_), extra) in enumerate(zip(spans, raw_spans, rows_of(claim_columns(doc, spans, ctx)))):
        sentence = doc.text.text[s:e]
        digest = hashlib.sha256(sentence.encode("utf-8")).hexdigest()
        key = f"{doc.doc_id}:{digest[:12]}"
        seen[key] = seen.get(key, 0) + 1
        encoding = raw.encoding if raw.source_row is None else "utf-8"
        bs, be = byte_offsets(raw.text, encoding, raw.bom_bytes, [rs, re_])
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
                "raw_byte_start": bs,
                "raw_byte_end": be,
                "text_sha256": digest,
                "document_perspective": doc.labels["perspective"].value,
                **extra,
            }
        )
    return rows


@settings(max_examples=150, deadline=None)
@given(TEXTS, ENCODINGS)
def test_sentence_columns_are_the_readable_rows_transposed(text, encoding):
    decoded = decode(text.encode(encoding, errors="surrogatepass"))
    if not isinstance(decoded, Decoded):
        return
    raw = RawText("x.txt", None, decoded.text, decoded.encoding, decoded.bom_bytes, "0" * 64)
    ctx = _ctx()
    docs = make_documents(raw, None)
    for doc in docs:
        doc.labels = label_document(doc, docs[0] if doc.is_comment else None, ctx)
        spans = segment.sentence_spans(doc.text.text)
        columns = sentence_columns(doc, spans, ctx)
        assert all(len(values) == len(spans) for values in columns.values())
        assert rows_of(columns) == reference_sentence_rows(doc, spans, ctx)


def test_sentence_columns_are_every_sentence_field_but_split():
    _, docs = rows_for("A first sentence here. Another one follows it.\n".encode("utf-8"))
    doc, rows = docs[0]
    assert len(rows) == 2
    assert list(rows[0]) == [f.name for f in SENTENCE_FIELDS if f.name != "split"]


def test_a_repeated_sentence_gets_numbered_ids():
    _, docs = rows_for("Same words here. Other words. Same words here. Same words here.\n".encode("utf-8"))
    doc, rows = docs[0]
    ids = [r["sentence_id"] for r in rows]
    assert ids[2] == ids[0] + "-2" and ids[3] == ids[0] + "-3" and len(set(ids)) == 4
    spans = [(r["char_start"], r["char_end"]) for r in rows]
    assert rows == reference_sentence_rows(doc, spans, _ctx())


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_an_inputs_sentence_columns_are_its_documents_rows_in_order(text):
    """Processed merges the columns of a post and its comments; as rows, they are each document's
    readable rows, one document after another."""
    from source_stance.builder.pipeline import Processed, process_input

    raw = RawText("x.txt", None, text, "utf-8", 0, "0" * 64)
    ctx = _ctx()
    result = process_input(raw, None, ctx)
    if not isinstance(result, Processed):
        return
    docs = make_documents(raw, None)
    expected = []
    for doc in docs:
        doc.labels = label_document(doc, docs[0] if doc.is_comment else None, ctx)
        expected += reference_sentence_rows(doc, segment.sentence_spans(doc.text.text), ctx)
    assert result.sentences == expected
    assert result.n_sentences == len(expected) == sum(d["n_sentences"] for d in result.documents)


def test_a_post_with_comments_merges_their_sentence_columns():
    text = "The post says one thing. And another.\n\n3 Comments\n\nAnna says:\nI disagree with it.\n\nBen says:\nSo do I. Twice.\n"
    raw = RawText("x.txt", None, text, "utf-8", 0, "0" * 64)
    from source_stance.builder.pipeline import process_input

    result = process_input(raw, None, _ctx())
    assert len(result.documents) > 1
    assert [r["doc_id"] for r in result.sentences] == [d["doc_id"] for d in result.documents for _ in range(d["n_sentences"])]
