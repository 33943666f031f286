"""candidates: matches_at over a superset of the match starts is finditer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.candidates import line_starts, matches_at, occurrences

PATTERNS = [r"\bNor\w+(?: Nor\w+)?", r"^\s*No\w*", r"ab|aba|bab", r"(?<=x)ab+"]


def test_small_cases():
    rx = re.compile(r"\bNor\w+(?: Nor\w+)?")
    t = "Northland Nordia Northland"
    assert [m.span() for m in matches_at(rx, t, [0, 10, 17])] == [m.span() for m in rx.finditer(t)]
    assert line_starts("a\nb\n") == [0, 2, 4] and line_starts("") == [0]
    assert occurrences("abab", ("ab", "bab", "x")) == [0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Norab x\n", max_size=40))
def test_every_offset_as_candidates_gives_finditer(text):
    for src in PATTERNS:
        rx = re.compile(src, re.MULTILINE)
        assert [m.span() for m in matches_at(rx, text, list(range(len(text) + 1)))] == [m.span() for m in rx.finditer(text)]
    rx = re.compile(r"^\s*No\w*", re.MULTILINE)
    assert [m.span() for m in matches_at(rx, text, line_starts(text))] == [m.span() for m in rx.finditer(text)]
    rx = re.compile(r"ab|aba|bab")
    assert [m.span() for m in matches_at(rx, text, occurrences(text, ("ab", "bab")))] == [m.span() for m in rx.finditer(text)]


# --- LiteralIndex: a superset of where each literal starts a word (or is one) -------------------

import pytest  # noqa: E402

from source_stance.builder.annotate.candidates import LiteralIndex, skeleton  # noqa: E402
from source_stance.builder.annotate.casefold import fold  # noqa: E402

LITERALS = ["in", "i", "our", "said", "Nor", "north-land", "44-day", "20", "Qarabağ", "aΣΣ", "my", "k", "o'er", "_x"]
INDEX = LiteralIndex.build(words=LITERALS, starts=LITERALS)


def reference_starts(lower: str, lit: str, whole: bool) -> list[int]:
    """Where ``lit.lower()`` occurs in ``lower`` with no ASCII letter before it (nor after, ``whole``)."""
    w = lit.lower()

    def letter(i: int) -> bool:
        return 0 <= i < len(lower) and lower[i].isascii() and lower[i].isalpha()

    return [p for p in range(len(lower)) if lower.startswith(w, p) and not letter(p - 1) and not (whole and letter(p + len(w)))]


def test_skeleton_and_small_cases():
    assert skeleton("Ab-c é1_\n") == "ab c     "
    t = "In our said-in 44-day 20 nordia, xin ourx 3nor aΣΣ qarabağ"
    hits = INDEX.scan(t.lower())
    assert hits.words["in"] == [0, 12] and hits.words["our"] == [3] and hits.starts["44-day"] == [15]
    assert hits.starts["Nor"] == [t.index("nordia"), t.index("nor ")] and hits.words["20"] == [22]
    assert hits.starts["Qarabağ"] == [t.index("qarabağ")]
    assert hits.starts["aΣΣ"] == [t.index("aΣΣ")]  # "aσσ" in the text, "aσς" for the literal: both "a  " in the skeleton
    assert LiteralIndex.build().scan("abc").words == {}
    with pytest.raises(ValueError, match="cannot hold"):
        LiteralIndex.build(starts=["Σ—"])


_CHARS = st.sampled_from(list("inoursadNr-4d20 \n'_.’“é1ΣσςkK\u212aİ") + ["in", "our", "said", "Nor", "44-day", "aΣΣ", "qarabağ", "my"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join))
def test_scan_holds_every_start_and_whole_word(text):
    for t in (text, text.upper(), text.title()):
        lower = fold(t)
        if lower is None:
            continue
        hits = INDEX.scan(lower)
        for lit in LITERALS:
            assert set(reference_starts(lower, lit, False)) <= set(hits.starts.get(lit, ())), (lit, t)
            assert set(reference_starts(lower, lit, True)) <= set(hits.words.get(lit, ())), (lit, t)
            assert hits.starts.get(lit, []) == sorted(set(hits.starts.get(lit, []))), (lit, t)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join), st.lists(st.sampled_from(LITERALS + ["absent"]), max_size=5))
def test_starts_of_and_words_of_are_the_sorted_unions(text, lits):
    lower = fold(text)
    if lower is None:
        return
    hits = INDEX.scan(lower)
    assert hits.starts_of(lits) == sorted({p for w in lits for p in hits.starts.get(w, ())})
    assert hits.words_of(lits) == sorted({p for w in lits for p in hits.words.get(w, ())})
    got = hits.starts_of(lits[:1])
    got.append(-1)  # a fresh list: the hits are not changed through it
    assert -1 not in hits.starts.get(lits[0] if lits else "", [])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n", max_size=30), st.integers(min_value=1, max_value=4))
def test_count_at_counts_what_matches_at_yields(text, limit):
    from source_stance.builder.annotate.candidates import count_at

    for rx in (re.compile(r"a+b?"), re.compile(r"(?m)^\s*b"), re.compile(r"\bab\b")):
        starts = list(range(len(text)))
        assert count_at(rx, text, starts, limit) == min(limit, len(list(matches_at(rx, text, starts))))
        assert count_at(rx, text, starts[::2], limit) == min(limit, len(list(matches_at(rx, text, starts[::2]))))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n.", max_size=30), st.integers(min_value=0, max_value=32), st.integers(min_value=0, max_value=32))
def test_search_at_equals_search_given_every_start(text, pos, endpos):
    from source_stance.builder.annotate.candidates import search_at

    for rx in (re.compile(r"\bab\b"), re.compile(r"a+b?"), re.compile(r"(?<=\.)\s+b")):
        starts = list(range(len(text) + 1))
        assert search_at(rx, text, starts, pos, endpos) == bool(rx.search(text, pos, endpos)), (rx.pattern, text, pos, endpos)


# --- words literals reported only before their phrases (LiteralIndex.build's phrases) -------------------

PHRASES = {"in": ("my", "other words", "Mon"), "said": ("the", "them", "20", "Qarabağ")}
PHRASED = LiteralIndex.build(words=LITERALS, starts=LITERALS, phrases=PHRASES)


def reference_phrased(lower: str, lit: str, then: tuple[str, ...]) -> list[int]:
    """The whole-word offsets of ``lit`` followed by one non-letter and the skeleton of one of
    ``then``, or by two non-letters (the text's end reads as one)."""
    skel = skeleton(lower) + " "
    rx = re.compile("[^a-z](?:[^a-z]|" + "|".join(re.escape(skeleton(t.lower())) for t in then) + ")")
    return [p for p in reference_starts(lower, lit, True) if rx.match(skel, p + len(lit))]


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS | st.sampled_from(["them", "the", "other", "words", "Mon", " ", "  ", "\t", ",", "\u00a0", "20", "Qarabağ"]),
                max_size=40).map("".join))
def test_a_phrased_literal_is_reported_where_one_of_its_phrases_or_two_non_letters_follow(text):
    for t in (text, text.upper(), text.title()):
        lower = fold(t)
        if lower is None:
            continue
        hits, plain = PHRASED.scan(lower), INDEX.scan(lower)
        for lit in LITERALS:
            if lit in PHRASES:
                assert hits.words.get(lit, []) == reference_phrased(lower, lit, PHRASES[lit]), (lit, t)
            else:
                assert hits.words.get(lit) == plain.words.get(lit), (lit, t)
            assert hits.starts.get(lit) == plain.starts.get(lit), (lit, t)


def test_phrase_keys_and_small_cases():
    from source_stance.builder.annotate.candidates import phrase_keys

    assert phrase_keys("said", ("the", "them", "20")) == [" said  ", " said the"]  # "them" has "the" before it, "20" two spaces
    hits = PHRASED.scan("in my view, in  other, in, in mine in-other said them said\tthe said")
    assert hits.words["in"] == [0, 12, 23] and hits.words["said"] == [44, 54]  # not "in mine", "in-other", the end
    with pytest.raises(ValueError, match="phrases of no words literal"):
        LiteralIndex.build(words=["in"], phrases={"on": ("the",)})
