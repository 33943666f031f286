"""Property tests: arbitrary Unicode through ingest -> clean -> normalise -> segment -> annotate.

No input may crash the build (an exception is a bug; a bad input is a reject), and every invariant
holds: sentence offsets round-trip into the document text, the decoded raw text and the raw bytes;
the document text is NFC without invisible controls; read = accepted + rejected; two runs agree.
Example counts are modest (2 cores): the whole module runs in well under a minute.
"""

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from source_stance.builder.corpus import load_corpus
from source_stance.builder.decode import Decoded, decode
from source_stance.builder.ingest import RawText, Reject
from source_stance.builder.normalize import _DROP_RE, normalize_text
from source_stance.builder.pipeline import BuildContext, BuildOptions, Processed, process_input, run
from tests.conftest import write_corpus

SPECIAL = [
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x0b", "\x0c", "\u0301", "\u0308", "\u0327", "\u0f73", "\u200b", "\u200c",
    "\u200d", "\u200e", "\u202e", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u2028", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\U0001F600", "\U0001F1FA\U0001F1F8", "\U0001F468\u200d\U0001F469", "\u1100\u1161\u11a8", "\u212b", "ﬁ",
    "\r", "\n", "\r\n", "\n\n", "\t", " ", "  ", ".", "!", "?", "…", "\"", "”", "«", "1. ", "• ", "Mr. ", "e.g. ",
]
WORDS = ["The", "minister", "said", "talks", "resumed", "Geneva", "on", "Monday", "Ереван", "Bakı", "délégué"]
FURNITURE = ["Tags: a, b", "Share this:", "2 replies", "Leave a Reply", "Like this:", "John says:", "March 3, 2020 at 10:02 am"]

chunk = st.one_of(
    st.text(max_size=6),
    st.sampled_from(SPECIAL),
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.sampled_from(FURNITURE).map(lambda f: "\n" + f + "\n"),
)
texts = st.lists(chunk, max_size=40).map("".join)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "cp1251"])


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    raw = write_corpus(tmp_path_factory.mktemp("fuzz") / "raw", {"seed.txt": "A text."})
    corpus = load_corpus(raw)
    return BuildContext.setup(corpus, BuildOptions(raw_dir=raw))


def check_processed(data: bytes, raw: RawText, result) -> None:
    if isinstance(result, Reject):
        assert result.code.count(".") == 1 and result.message
        return
    assert isinstance(result, Processed)
    docs = {d["doc_id"]: d for d in result.documents}
    assert len(docs) == len(result.documents) >= 1
    for d in result.documents:
        assert unicodedata.is_normalized("NFC", d["text"])
        assert not _DROP_RE.search(d["text"]) and "\r" not in d["text"]
        assert d["n_sentences"] == sum(1 for s in result.sentences if s["doc_id"] == d["doc_id"])
    last: dict[str, int] = {}
    for s in result.sentences:
        text = docs[s["doc_id"]]["text"]
        cs, ce, rs, re_ = s["char_start"], s["char_end"], s["raw_char_start"], s["raw_char_end"]
        assert 0 <= cs < ce <= len(text) and text[cs:ce] == s["text"] == s["text"].strip()
        assert cs >= last.get(s["doc_id"], 0)  # ordered, non-overlapping
        last[s["doc_id"]] = ce
        assert 0 <= rs < re_ <= len(raw.text)
        assert " ".join(normalize_text(raw.text[rs:re_]).split()) == " ".join(s["text"].split())
        assert data[s["raw_byte_start"] : s["raw_byte_end"]] == raw.text[rs:re_].encode(raw.encoding)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts, encoding=encodings)
def test_any_text_in_any_encoding_processes_with_exact_offsets(ctx, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    decoded = decode(data)
    if not isinstance(decoded, Decoded) or not decoded.text.strip():
        return  # a reject at ingest (covered by test_decode / test_ingest)
    raw = RawText("x.txt", None, decoded.text, decoded.encoding, decoded.bom_bytes, "0" * 64)
    result = process_input(raw, None, ctx)
    check_processed(data, raw, result)
    again = process_input(raw, None, ctx)  # determinism of the per-input core
    assert (again.documents, again.sentences) == (result.documents, result.sentences) if isinstance(result, Processed) else again == result


jsonl = st.lists(st.one_of(texts.map(lambda t: json.dumps({"text": t})), texts), max_size=4).map(lambda rows: "\n".join(rows).encode())
csv_ = st.lists(texts.map(lambda t: '"' + t.replace('"', '""') + '"'), max_size=4).map(lambda rows: ("text\n" + "\n".join(rows)).encode())
files = st.dictionaries(
    st.sampled_from(["a.txt", "b.txt", "sub/c.txt", "d e.txt", "ü.txt", "f.bin", "g.jsonl", "h.csv"]),
    st.one_of(
        texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=64), texts.map(lambda t: t.encode("utf-16")), jsonl, csv_
    ),
    max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=files)
def test_any_raw_folder_builds_with_accounting_and_determinism(tmp_path_factory, files):
    raw = write_corpus(tmp_path_factory.mktemp("fuzzrun") / "raw", files)
    first = run(BuildOptions(raw_dir=raw))
    second = run(BuildOptions(raw_dir=raw))
    accepted = {(d["source_file"], d["source_row"]) for d in first.documents if d["parent_id"] is None}
    assert first.n_read == len(accepted) + len(first.rejects)
    rejected = {(r.source_file, r.source_row) for r in first.rejects}
    assert rejected.isdisjoint(accepted) and len(rejected) == len(first.rejects)
    assert {f for f, _ in accepted | rejected} == set(files)  # no file vanishes
    assert first.documents == second.documents and first.sentences == second.sentences
    assert [(r.source_file, r.code) for r in first.rejects] == [(r.source_file, r.code) for r in second.rejects]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["word", "said", "x" * 40, " ", "\n", ". ", "\u00e9", "\u0301"]), min_size=1, max_size=400).map("".join),
    st.integers(1, 30),
)
def test_no_sentence_is_longer_than_the_cap(unit, repeat):
    from source_stance.builder import segment

    text = unit * repeat * 10
    spans = segment.sentence_spans(text)
    for s, e in spans:
        assert 0 < e - s <= segment.MAX_SENTENCE_CHARS
        assert text[s:e] == text[s:e].strip()
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(text[s:e] for s, e in spans).replace(" ", "").replace("\n", "") == "".join(text.split())
