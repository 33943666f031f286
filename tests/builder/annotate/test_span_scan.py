"""span_scan's fast scans and the claim Matcher find exactly what the plain scans find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.claims_resources import Matcher, simple_fold
from source_stance.builder.annotate.span_scan import (
    LiteralScan,
    fold_case,
    literal_alternation,
    literal_anchors,
    match_spans,
    prefix_free,
    spans_at_anchors,
    word_start_text,
)

_ALL_CHARS = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


def test_fold_case_matches_ignorecase_for_every_ascii_character():
    folded = fold_case(_ALL_CHARS)
    assert folded is not None and len(folded) == len(_ALL_CHARS)
    for c in map(chr, range(128)):
        want = {m.start() for m in re.finditer(re.escape(c), _ALL_CHARS, re.IGNORECASE)}
        got = {m.start() for m in re.finditer(re.escape(c.lower()), folded)}
        assert want == got, c
    for cls in (r"\w", r"\s", "-"):
        assert [m.start() for m in re.finditer(cls, _ALL_CHARS)] == [m.start() for m in re.finditer(cls, folded)], cls


def test_fold_case_exotic_letters():
    assert fold_case("İstanbul ıSſ K") == "istanbul iss k"


_ALPHABET = "aAb -.x_"
_alts = st.lists(st.text(alphabet="ab -.", max_size=4), min_size=1, max_size=8)
_text = st.text(alphabet=_ALPHABET + "\n", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_alts, _text, st.sampled_from(["", r"(?![\w-]*\w)", r"\b", "x"]))
def test_literal_alternation_matches_like_the_flat_alternation(alts, text, tail):
    flat = re.compile("(?:%s)%s" % ("|".join(map(re.escape, alts)), tail))
    tree = re.compile(literal_alternation(alts) + tail)
    assert [m.span() for m in flat.finditer(text)] == [m.span() for m in tree.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_alts, _text, st.integers(0, 40), st.integers(0, 40))
def test_literal_alternation_with_lookbehind(alts, text, pos, endpos):
    alts = [a for a in alts if a]
    if not alts:
        return
    flat = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, alts)))
    tree = re.compile(literal_alternation(alts, lookbehind=r"[\w-]") + r"(?![\w-]*\w)")
    assert [m.span() for m in flat.finditer(text, pos, endpos)] == [m.span() for m in tree.finditer(text, pos, endpos)]


@settings(max_examples=300, deadline=None)
@given(_alts, _text, st.integers(1, 5))
def test_trying_a_pattern_only_at_anchors_equals_finditer(alts, text, min_len):
    alts = [a for a in alts if a]
    if not alts:
        return
    anchors = literal_anchors(alts, min_len)
    assert all(any(a.startswith(x) for x in anchors) for a in alts)
    pat = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, alts)))
    assert spans_at_anchors(pat, text, anchors) == [m.span() for m in pat.finditer(text)]


def test_literal_anchors_are_shared_prefixes():
    assert sorted(literal_anchors(["occupation", "occupied", "occupier", "war", "warfare"])) == ["occup", "war"]
    assert literal_anchors([]) == []


# ---------------------------------------------------------------- the claim Matcher


def reference_find(names, text, start, end):
    """The matcher as first written: two flat alternations, longest first, non-overlapping; a
    case-insensitive match that neither its lower case nor its simple fold keys goes to the first
    name (in ``names`` order) whose lower case re itself takes for it (no match is dropped).  A
    name's lower case keeps one character per character (``İ`` -> ``i``, as re.IGNORECASE takes
    it; ``str.lower`` would add a combining dot and the name would not match its own spelling)."""

    def lower(n):
        return n.replace("İ", "i").lower()

    cs = sorted({n for n, _, sens in names if sens}, key=len, reverse=True)
    ci = sorted({lower(n) for n, _, sens in names if not sens}, key=len, reverse=True)
    entry_of, folded = {}, {}
    for n, i, sens in names:
        entry_of.setdefault(n if sens else lower(n), i)
        if not sens:
            folded.setdefault(simple_fold(lower(n)), i)
    hits = []
    for alts, flags, fold in ((cs, 0, False), (ci, re.IGNORECASE, True)):
        if not alts:
            continue
        pat = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(re.escape(a) for a in alts), flags)
        for m in pat.finditer(text, start, end):
            surface = m.group(0)
            # IGNORECASE equates "İ" with "i": such a match is keyed by its simple fold (it once raised KeyError)
            entry = (entry_of.get(surface.lower(), folded.get(simple_fold(surface))) if fold else entry_of[surface])
            if entry is None:  # "ıB" for "ib": re equates ı with i, the simple fold does not (it was dropped)
                entry = next(i for n, i, sens in names if not sens and re.fullmatch(re.escape(lower(n)), surface, re.IGNORECASE))
            hits.append((m.start(), m.end(), entry))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last = [], -1
    for h in hits:
        if h[0] >= last:
            out.append(h)
            last = h[1]
    return out


_names = st.lists(st.tuples(st.text(alphabet="aAbB -.İı", min_size=1, max_size=5), st.integers(0, 3), st.booleans()), min_size=1, max_size=8)
_mtext = st.text(alphabet="aAbB -.İıſx\n", max_size=50)


def outcome(f, *args):
    """The result, or the exception type."""
    try:
        return f(*args)
    except KeyError:
        return KeyError


@settings(max_examples=400, deadline=None)
@given(_names, _mtext, st.data())
def test_matcher_equals_reference_per_span_and_per_document(names, text, data):
    matcher = Matcher.build(names)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = list(zip([0] + cuts, cuts + [len(text)]))
    want = outcome(lambda: [reference_find(names, text, s, e) for s, e in spans])
    assert outcome(lambda: [matcher.find(text, s, e) for s, e in spans]) == want
    assert outcome(matcher.find_by_span, text, spans) == want
    assert outcome(lambda: matcher.find_by_span(text, spans, None, None, matcher.find_document(text))) == want
    assert outcome(matcher.find, text, 0, len(text)) == outcome(reference_find, names, text, 0, len(text))


def test_matcher_edge_cases():
    names = [("Nordia", 0, True), ("North Nordia", 1, True), ("occupation", 2, False), ("war", 3, False)]
    m = Matcher.build(names)
    text = "Nordia.North NordiaWAR war-time OCCUPATION occupation"
    spans = [(0, 7), (7, 19), (19, 22), (22, len(text))]
    want = [reference_find(names, text, s, e) for s, e in spans]
    assert m.find_by_span(text, spans) == want
    assert want[0] == [(0, 6, 0)] and want[1] == [(7, 19, 1)]
    assert want[2] == []  # "WAR" continues the word before it


@settings(max_examples=400, deadline=None)
@given(_names, _mtext, st.data())
def test_find_by_span_with_gaps_and_unsorted_spans_equals_find_per_span(names, text, data):
    # sorted spans with gaps between them take the hit-driven split, others the bucketed path
    matcher = Matcher.build(names)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(a, b) for a, b in zip([0] + cuts, cuts + [len(text)]) if data.draw(st.booleans())]
    spans = [(min(a + data.draw(st.integers(0, 2)), b), b) for a, b in spans]
    if data.draw(st.booleans()):
        spans = spans[::-1]
    want = outcome(lambda: [matcher.find(text, s, e) for s, e in spans])
    assert outcome(matcher.find_by_span, text, spans) == want


# ---------------------------------------------------------------- one Aho-Corasick pass for several patterns


@settings(max_examples=300, deadline=None)
@given(_alts, _alts, _text, st.integers(1, 5))
def test_literal_scan_equals_finditer_of_each_pattern(cs_alts, ci_alts, text, min_len):
    """A pattern over the text tried where its literals' folds stand in the folded text, and one
    over the folded text tried at its anchors, give what their finditer gives."""
    cs_alts = [a for a in cs_alts if a]
    ci_alts = [a.lower() for a in ci_alts if a]
    if not cs_alts or not ci_alts:
        return
    cs = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, cs_alts)))
    ci = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, ci_alts)))
    folded = fold_case(text)
    scan = LiteralScan.build([(cs, [fold_case(a) for a in cs_alts], False), (ci, literal_anchors(ci_alts, min_len), True), (None, (), False)])
    assert scan.spans(text, folded) == [[m.span() for m in cs.finditer(text)], [m.span() for m in ci.finditer(folded)], []]


_wide_text = st.text(alphabet="aAbB -._x\né“’İıſ\u212aΣ5", max_size=40)
_wide_alts = st.lists(st.text(alphabet="abé -.5", min_size=1, max_size=4), min_size=1, max_size=6)


@settings(max_examples=500, deadline=None)
@given(_wide_alts, _wide_alts, _wide_text)
def test_literal_scan_finds_names_after_any_non_word_character(cs_alts, ci_alts, text):
    """The scan reads word_start_text: names after non-ASCII letters and punctuation, digits, "_",
    at the start and inside words are candidates exactly when the lookbehind can pass."""
    folded = fold_case(text)
    if folded is None:
        return
    cs = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, cs_alts)))
    ci = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, ci_alts)))
    scan = LiteralScan.build([(cs, [fold_case(a) for a in cs_alts], False), (ci, ci_alts, True)])
    assert scan.spans(text, folded) == [[m.span() for m in cs.finditer(text)], [m.span() for m in ci.finditer(folded)]]


def test_word_start_text_keeps_ascii_word_characters_only():
    assert word_start_text("ab-c_9 x.y“é’z") == " ab-c_9 x y   z"
    assert word_start_text("") == " "


def test_literal_scan_refuses_an_empty_literal():
    with pytest.raises(ValueError):
        LiteralScan.build([(re.compile("a"), [""], False)])
    assert LiteralScan.build([(None, (), True)]).spans("abc", "abc") == [[]]


_scan_name = st.one_of(*[st.text(alphabet="aAbB -.", min_size=1, max_size=4)] * 6, st.sampled_from(["İA", "aı", "Σa", "σb", "", "ab"]))
_scan_names = st.lists(st.tuples(_scan_name, st.integers(0, 3), st.booleans()), min_size=1, max_size=6)


@settings(max_examples=600, deadline=None)
@given(_scan_names, _scan_names, st.data())
def test_matchers_scanned_together_give_their_document_hits(names1, names2, data):
    m1, m2 = Matcher.build(names1), Matcher.build(names2)
    slots1, slots2 = m1.scan_slots(), m2.scan_slots()
    if slots1 is None or slots2 is None:
        return
    assert not any("Σ" in n or not n for n in m1.names_cs + m2.names_cs)
    # the names themselves, respelled, between separators
    respell = {"a": "aAİı", "b": "bB", "i": "iIİı", "s": "sSſ", "A": "aA", "B": "bB"}
    piece = st.sampled_from([n for n, _, _ in names1 + names2]).flatmap(
        lambda n: st.tuples(*(st.sampled_from(respell.get(c, c)) if respell.get(c) else st.just(c) for c in n)).map("".join)
    )
    text = data.draw(st.lists(piece | st.sampled_from([" ", "-", "x", ".", "\n", "Σ", "ς", "İ"]), max_size=12).map("".join))
    folded = fold_case(text)
    if folded is None:
        return
    got = LiteralScan.build(slots1 + slots2).spans(text, folded)
    assert (tuple(got[:2]), tuple(got[2:])) == (m1.document_hits(text), m2.document_hits(text))


def test_scan_slots_refuse_names_whose_fold_is_not_where_they_stand():
    assert Matcher.build([("ΣA", 0, True)]).scan_slots() is None  # Σ lowers by what follows it
    assert Matcher.build([("ıı", 0, False)]).scan_slots() is None  # a lower-case name fast_ci cannot take
    assert Matcher.build([("İA", 0, True), ("ab", 1, False)]).scan_slots() is not None
    assert Matcher.build([("ab", 0, False), ("", 1, False)]).scan_slots() is None  # "" matches inside words


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=4), max_size=8), st.text(alphabet="ab ", max_size=30))
def test_prefix_free_literals_stand_where_any_literal_stands(literals, text):
    kept = prefix_free(literals)
    assert kept == sorted(set(kept)) and set(kept) <= set(literals)
    assert not any(a != b and b.startswith(a) for a in kept for b in kept)
    starts = {i for lit in literals for i in range(len(text)) if text.startswith(lit, i)}
    assert starts == {i for lit in kept for i in range(len(text)) if text.startswith(lit, i)}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([r"ab", r"a+b?", r"b*", r"(?<=a)b|c", r"\bab\b", r"x?"]),
    st.text(alphabet="abcx ", max_size=30),
    st.integers(0, 35),
    st.lists(st.integers(0, 30), max_size=10),
)
def test_match_spans_equal_finditer_given_every_match_start(pattern, text, endpos, extra):
    rx = re.compile(pattern)
    extra = [e for e in extra if e <= len(text)]  # offsets in the text, as callers give
    lo = min(extra, default=0)
    want = [m.span() for m in rx.finditer(text, lo, endpos)]
    candidates = [a for a, _ in want] + extra + [lo]  # any order, repeats, starts that match nothing
    candidates += [a for a, _ in want]
    assert match_spans(rx, text, candidates[::-1], endpos) == want
