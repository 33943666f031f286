"""normalize: document text is NFC without invisible controls, and every span maps back exactly."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.clean import clean
from source_stance.builder.normalize import _CHANGE_RE, normalize, normalize_text, removes_or_breaks


def _spans(n: int):
    return [(s, e) for s in range(n) for e in range(s + 1, n + 1)]


def check_exact(raw: str) -> None:
    base = clean(raw).body
    norm = normalize(base)
    assert norm.text == normalize_text(base.text)
    assert unicodedata.is_normalized("NFC", norm.text)
    n = len(norm.text)
    for s, e in _spans(n) if n <= 25 else [(0, n), (0, n // 2), (n // 3, n)]:
        piece = norm.text[s:e]
        if not piece.strip():
            continue
        bs, be = norm.to_base(s, e)
        # the base span normalises to a text that contains the span (equal unless it cut a changed chunk)
        assert piece in normalize_text(base.text[bs:be])
        rs, re_ = norm.to_raw(s, e)
        assert 0 <= rs <= re_ <= len(raw)


def test_nfd_becomes_nfc_and_raw_offsets_cover_the_decomposed_letters():
    raw = "Cafe\u0301 au lait. Le\u0301o said hi."
    norm = normalize(clean(raw).body)
    assert norm.text == "Café au lait. Léo said hi."
    s = norm.text.index("Léo")
    rs, re_ = norm.to_raw(s, s + 3)
    assert raw[rs:re_] == "Le\u0301o"


def test_invisible_controls_are_removed_and_zwj_is_kept():
    raw = "A\u200bB soft\u00adhyphen \u202eevil\u202c \u200e x\u0000y fa\u200dmily"
    norm = normalize(clean(raw).body)
    assert norm.text == "AB softhyphen evil  xy fa\u200dmily"
    s = norm.text.index("evil")
    rs, re_ = norm.to_raw(s, s + 4)
    assert raw[rs:re_] == "evil"


def test_unicode_line_separators_become_newlines():
    assert normalize_text("a\u2028b\u2029c\x85d\x0be") == "a\nb\nc\nd\ne"


def test_text_without_work_is_returned_as_is():
    base = clean("Plain text.\nSecond line.").body
    norm = normalize(base)
    assert norm.text == base.text and norm.to_raw(0, 5) == base.to_raw(0, 5)


def test_hangul_jamo_compose_and_map_as_one_chunk():
    raw = "\u1100\u1161\u11a8 ok"
    norm = normalize(clean(raw).body)
    assert norm.text == "각 ok"
    assert norm.to_raw(0, 1) == (0, 3)


_TRICKY = st.sampled_from(
    list("ae oO\n\r\t.!") + ["\u0301", "\u0308", "\u0327", "\u200b", "\u200d", "\u202e", "\u00ad", "\x00", "\ufeff",
                             "\u1100", "\u1161", "\u11a8", "\u2028", "é", "ﬁ", "\u0f73", "\u0345"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TRICKY, max_size=30).map("".join))
def test_mapping_is_exact_for_tricky_mixes(raw):
    check_exact(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_mapping_is_exact_for_arbitrary_text(raw):
    check_exact(raw)


_RAW_FOR_SPANS = st.one_of(
    st.lists(_TRICKY, max_size=30).map("".join),
    st.lists(st.sampled_from(["Word.", " ", "\n", "\n\n", "  x  ", "Share this:", "\u200b", "e\u0301", "Tags: a"]), max_size=20).map("".join),
    st.text(max_size=60),
)


@settings(max_examples=300, deadline=None)
@given(_RAW_FOR_SPANS, st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70)), max_size=12), st.booleans())
def test_spans_to_raw_equals_to_raw_span_by_span(raw, spans, ordered):
    """The batch mapping (one call per text, lookups inlined) gives what to_raw gives, for any span."""
    if ordered:
        spans = sorted((min(s, e), max(s, e)) for s, e in spans)
    base = clean(raw).body
    norm = normalize(base)
    assert base.spans_to_raw(spans) == [base.to_raw(s, e) for s, e in spans]
    assert norm.spans_to_raw(spans) == [norm.to_raw(s, e) for s, e in spans]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TRICKY, max_size=30).map("".join) | st.text(max_size=60))
def test_removes_or_breaks_equals_the_regex_search(s):
    assert removes_or_breaks(s) == (_CHANGE_RE.search(s) is not None)


def test_removes_or_breaks_agrees_with_the_regex_on_every_character():
    for c in range(0x110000):
        s = chr(c) if c < 128 else "ab " + chr(c) + " \u00e9"  # the ASCII path, the non-ASCII path
        assert removes_or_breaks(s) == (_CHANGE_RE.search(s) is not None), hex(c)
