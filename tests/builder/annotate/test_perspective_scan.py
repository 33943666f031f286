"""perspective_scan: the fast document-perspective path equals the plain one.

``reference_text_cues`` is ``text_cues`` as first written (one plain ``re.finditer`` per pattern over
the whole text, IGNORECASE framing); the module's own must give the same scores and evidence.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

import pytest

from source_stance.builder.annotate.perspective import (
    _AGGRESSION_NOUNS, _AGGRESSION_VERBS, _APPROVING_AFTER, _ATTRIBUTION, _DISCREDIT_NOUNS, _DISTANCING_RX, _HARM,
    _INGROUP_NOUNS, _NEUTRAL_AFTER, _OFFICIAL_BEFORE_OF, _OFFICIALS, _OUR, _VICTIM_NOUNS,
    ATTRIBUTED_WEIGHT, QUOTED_WEIGHT, TextCues, _clip, _names_rx,
)
from source_stance.builder.annotate.perspective import compile_sides, text_cues
from source_stance.builder.annotate.candidates import Hits
from source_stance.builder.annotate.perspective_scan import QUOTE_SPANS as _QUOTE_SPANS
from source_stance.builder.annotate.casefold import fold
from source_stance.builder.annotate.documents import document_index
from source_stance.builder.annotate.resources import DocumentResources, FramingMatcher, FramingTerm, _term_pattern

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _quoted_mask(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE_SPANS.finditer(text)]


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def reference_framing_find(matcher: FramingMatcher, text: str) -> list[tuple[FramingTerm, int]]:
    """FramingMatcher.find as first written: the plain alternation, IGNORECASE on the text; a match
    whose case fold is not a key is mapped to the term whose alternative matched (no match dropped)."""
    out = []
    groups: dict[bool, dict[str, FramingTerm]] = {True: {}, False: {}}
    for t in matcher.terms:
        cs = not (t.pattern.flags & re.IGNORECASE)
        key = " ".join(t.term.split())
        groups[cs].setdefault(key if cs else key.casefold(), t)
    for cs, lookup in groups.items():
        if not lookup:
            continue
        body = {k: r"\s+".join(re.escape(w) for w in k.split()) for k in lookup}
        keys = sorted(lookup, key=lambda k: len(body[k]), reverse=True)
        rx = re.compile(r"(?<!\w)(?:" + "|".join(body[k] for k in keys) + r")(?!\w)", 0 if cs else re.IGNORECASE)
        # the same alternation with a group per term: which alternative matched
        grouped = re.compile(r"(?<!\w)(?:" + "|".join(f"({body[k]})" for k in keys) + r")(?!\w)", 0 if cs else re.IGNORECASE)
        for m in rx.finditer(text):
            key = " ".join(m.group(0).split())
            term = lookup.get(key if cs else key.casefold())
            if term is None:  # matched only as re folds case ("dıspuTed" for "disputed"): the group says which
                term = lookup[keys[grouped.match(text, m.start()).lastindex - 1]]
            out.append((term, m.start()))
    out.sort(key=lambda x: x[1])
    return out


def reference_text_cues(
    text: str, side_names: dict[str, tuple[str, ...]], framing: FramingMatcher | tuple[FramingTerm, ...] = ()
) -> TextCues:
    """Score every cue of the module docstring over ``text``."""
    cues = TextCues()
    quoted = _quoted_mask(text)
    sides = list(side_names)
    # 1. framing vocabulary
    matcher = framing if isinstance(framing, FramingMatcher) else FramingMatcher.build(tuple(framing))
    counts: dict[FramingTerm, list[int]] = {}
    for term, start in reference_framing_find(matcher, text):
        counts.setdefault(term, [0, 0])[1 if _in_spans(start, quoted) else 0] += 1
    for term, (own, inq) in counts.items():
        side = term.vocabulary_of if term.vocabulary_of in side_names else None
        w = (1.0 if side else 0.3) * (min(own, 3) + QUOTED_WEIGHT * min(inq, 3))
        where = f"{own} own voice" + (f", {inq} quoted" if inq else "")
        cues.add(side, w, f"framing term {term.term!r} ({term.category}; {where})")
    rx = {s: _names_rx(side_names[s]) for s in sides}
    rx = {s: r for s, r in rx.items() if r}
    if not rx:
        return cues

    def against(s: str, w: float, what: str) -> None:
        """A cue against side ``s``: for the other side; with three or more sides, shared by the
        other sides named in the text (by all the others if none is named)."""
        rest = [o for o in sides if o != s]
        if len(rest) > 1:
            rest = [o for o in rest if o in rx and re.search(rf"(?<!\w)(?:{rx[o]})(?!\w)", text)] or rest
        if len(rest) == 1:
            cues.add(rest[0], w, what)
        elif rest:
            for o in rest:
                cues.side[o] = cues.side.get(o, 0.0) + w / len(rest)
            if len(cues.evidence) < 8:
                cues.evidence.append(f"{what} -> {' / '.join(rest)}")

    sents = _sentences(text)
    starts = [a for a, _ in sents]

    def attributed(pos: int) -> bool:
        """Whether the sentence holding ``pos`` reports someone's speech (not the text's own voice)."""
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return False
        a, b = sents[i]
        return bool(_ATTRIBUTION.search(text, a, b))

    def weight(pos: int, w: float) -> tuple[float, str]:
        return (w * ATTRIBUTED_WEIGHT, " (in reported speech)") if attributed(pos) else (w, "")

    aggressor_at: dict[str, set[int]] = {s: set() for s in rx}
    said_sides: set[str] = set()
    for s, name in rx.items():
        patterns = (
            (rf"\b{name}\s+(?:{_AGGRESSION_NOUNS})\b", 1.0, "aggression"),
            (rf"\b(?:{_AGGRESSION_NOUNS})\s+(?:of|by)\s+{name}\b|\boccupying\s+{name}\b|\boccupied\s+by\s+{name}\b", 1.0, "aggression"),
            (rf"\b{name}\s+(?:{_DISCREDIT_NOUNS})\b", 0.8, "discrediting"),
            (rf"\b{name}\s+(?:(?:armed\s+forces|army|troops|forces|military)\s+)?(?:{_AGGRESSION_VERBS})\b", 1.0, "aggression verb"),
        )
        for pat, w, what in patterns:
            for m in re.finditer(pat, text):
                if _in_spans(m.start(), quoted):
                    continue
                aggressor_at[s].add(m.start())
                ww, note = weight(m.start(), w)
                against(s, ww, f"{what} attributed to {s}{note} {_clip(m.group(0))}")
        victim = rf"\b{name}\s+(?:{_VICTIM_NOUNS})\b[^.!?\n]{{0,80}}\b(?:{_HARM})\b|\b(?:{_HARM})\b[^.!?\n]{{0,40}}\b{name}\s+(?:{_VICTIM_NOUNS})\b"
        for m in list(re.finditer(victim, text))[:3]:
            if not _in_spans(m.start(), quoted):
                ww, note = weight(m.start(), 0.5)
                cues.add(s, ww, f"{s} victims asserted{note} {_clip(m.group(0))}")
        spans = [(m.start(), m.end()) for m in re.finditer(
            rf"\b{name}\s+(?i:{_OFFICIALS})\b|\b{name}(?=\s+(?:says|said|stated|denies|denied)\b)", text
        )]
        for m in re.finditer(rf"\bof\s+(?:the\s+Republic\s+of\s+)?{name}\b", text):  # "Minister of X"
            head = _OFFICIAL_BEFORE_OF.search(text, max(0, m.start() - 50), m.start())
            if head:
                spans.append((head.start(), m.end()))
        for start, end in sorted(spans):
            said = text[start:end]
            window = text[end: end + 120]
            before = text[max(0, start - 40): start]
            if _DISTANCING_RX.search(before + " " + window[:60]):
                against(s, 0.6, f"{s} officials reported at a distance {_clip(said + window[:40])}")
            elif _APPROVING_AFTER.match(window):
                cues.add(s, 0.8, f"{s} officials quoted approvingly {_clip(said + window[:40])}")
            elif _NEUTRAL_AFTER.match(window):
                said_sides.add(s)
    if len(said_sides) >= 2:
        cues.add(None, 1.0, "officials of several sides quoted with plain 'said'")
    # 2. first-person-plural identification
    counted = 0
    for m in _OUR.finditer(text):
        if _in_spans(m.start(), quoted) or counted >= 4:
            continue
        adj = m.group("adj")
        side = next((s for s, name in rx.items() if adj and re.fullmatch(name, adj)), None)
        if side is None:
            idx = next((i for i, (a, b) in enumerate(sents) if a <= m.start() < b), 0)
            lo = sents[max(0, idx - 1)][0] if sents else 0
            hi = sents[idx][1] if sents else len(text)
            window = text[lo:hi]
            ingroup = {
                s for s, name in rx.items()
                if re.search(rf"\b{name}\s+(?:{_INGROUP_NOUNS}|youth|diaspora|community|compatriots)\b|\bour\s+{name}", window)
            }
            if len(ingroup) != 1:
                continue
            side = ingroup.pop()
        counted += 1
        cues.add(side, 1.0, f"first-person plural {_clip(m.group(0))}")
    return cues



# ---------------------------------------------------------------------------------------- the tests

SIDES = {
    "pro_north": ("Northland", "Northlander", "Northlanders", "Nordia"),
    "pro_south": ("Southland", "Southlander", "Great-Southland", "Sud Land"),  # non-word names: the slow scan
    "third": ("Thirdia",),
}
TERMS = [("Greater Nordia", "pro_north", None), ("lost provinces", "pro_south", None), ("border region", "shared", None),
         ("İstanbul", "shared", None), ("ınsurgent", "pro_south", False), ("Occupation", "pro_north", False),
         ("occupation regime", "pro_south", None), ("Nordia", "pro_north", True), ("so-called", "shared", None),
         ("insurgent group leaders", "shared", False), ("ınsurgent group", "pro_north", False), ("insurgent", "pro_south", False)]
FRAMING = FramingMatcher.build(tuple(FramingTerm(t, "c", v, _term_pattern(t, cs)) for t, v, cs in TERMS))
PIECES = [
    "Northland", "Northlander's", "Northlanders", "Nordia", "Southland", "Southlander", "Great-Southland", "Sud Land", "Thirdia",
    "aggression", "occupation", "occupying", "occupied by", "occupying forces", "armed forces attacked", "provocations",
    "propaganda", "lobby", "attacked", "shelled", "army", "troops", "civilians", "children", "were killed", "killed",
    "held hostage", "Foreign Ministry", "Ministry of", "Ministry", "Great", "Minister of", "the Republic of", "President", "officials", "OFFICIALS",
    "stressed", "rightly noted", "claimed", "so-called", "said", "says", "denied", "according to", "Said", "ACCORDING\tto", "insists", "reported", "unsaid", "said_", "of", "our", "Our",
    "people", "compatriots", "community", "your", "OUR", "Our  Northlander", "our\nSouthlander", "tour", "aggression of", "war crimes by", "terrorists of", "terror by", "occupiers of",
    "ethnic  cleansing of", "armed forces shelled", "provocation by", "held\nhostage", "taken hostage", "died", "tortured",
    "the  Republic\nof", "of\n", "Minister", "Ministry of Foreign Affairs", "Greater Nordia", "LOST PROVINCES", "border  region", "Occupation", "İ", "ı",
    "insurgent", "İNSURGENT", "ınsurgent group", "bordır region", "BORDER REGİON", "ſo-called", "greater nordıa",
    "“", "”", '"', "«", "»", ".", "!", "?", "\n", " ", "  ", ",", "’s", "'s", "x",
    "3", "_", "é", "-", "-Northland", "Nordias", "Nordia3", "Nordiaé", "Occupations", "insurgents", "Greater\u00a0Nordia", "so-calledx", "Greater,Nordia", "Greater-Nordia", "border\tregion", "lost\u00a0provinces", "Greater  ", "\u212a", "NORTHLAND", "northland", "nordia", "NORDIA", "greater Nordia", "istanbul", "Greater", "Greater \n Nordia", "nordia",
]
texts = st.lists(st.sampled_from(PIECES) | st.sampled_from([" ", " ", "\n", ". "]), max_size=50).map(" ".join) | \
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _index_hits(text: str, names: dict[str, tuple[str, ...]]) -> Optional[Hits]:
    """The scan of ``text`` by the index the pipeline builds for these sides (None: not foldable)."""
    res = DocumentResources(sides=tuple(names), side_names=names, framing=FRAMING, side_patterns=compile_sides(names))
    lower = fold(text)
    return None if lower is None else document_index(res).scan(lower)


def _same(text: str, names: dict[str, tuple[str, ...]] = SIDES) -> None:
    want = reference_text_cues(text, names, FRAMING)
    compiled = compile_sides(names)
    got_all = [text_cues(text, names, FRAMING), text_cues(text, names, FRAMING, compiled)]
    hits = _index_hits(text, names)
    if hits is not None:
        got_all.append(text_cues(text, names, FRAMING, compiled, hits))
        assert FRAMING.find(text, hits) == reference_framing_find(FRAMING, text), text
    for got in got_all:
        assert (got.side, got.neutral, got.evidence) == (want.side, want.neutral, want.evidence), text


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fast_text_cues_equal_the_plain_ones(text):
    _same(text)
    _same(text, {k: v for k, v in SIDES.items() if k != "third"})
    _same(text, {"pro_north": ("-Northland", "Nordia"), "pro_south": ("Southland", "Sud Land")})  # a name the index cannot stand in for


@settings(max_examples=200, deadline=None)
@given(texts)
def test_framing_find_equals_the_plain_alternation(text):
    assert FRAMING.find(text) == reference_framing_find(FRAMING, text)


@pytest.mark.parametrize("text", [
    "Northland aggression", "xNorthland aggression", "Northland’s aggression. Southland said", "Nordia\nattacked",
    "occupied by Northland.Southland officials stressed", "Minister of the Republic of Southland stressed that",
    "Southland killed civilians", "killed Northland civilians", "our Northlander compatriots", "our people. Sud Land people",
    "Great-Southland officials said and Northland officials said", "xGreat-Southland aggression",
    "Northland Foreign Ministry of Northland President said", "Northland Foreign Ministry of Northland President stressed",
    "Northland civilians killed. Northland civilians killed. Northland civilians killed. killed Northland civilians", "Southland Ministry of Southland Southland Ministry", "İ Northland aggression", "“Northland aggression”",
    "Northland troops attacked Northland troops shelled Northland army occupied",
    "insurgent group", "INSURGENT GROUP leaders", "Northland said it; Southland says so", "Nordia denied, Southland stated", "OUR NORTHLANDER PEOPLE", "Our Northlander people", "your people",
    "our people. The Southlander community", "x our Southlander compatriots", "our Northlander heroes and the Southlander people",
    "our\nSouthlander heroes and the Northlander people", "our\tpeople. Southlander community", "OUR Southlander heroes, Northlander people", "Greater   Nordia", "greater nordia", "Occupation regime",
    "Northlander people. our people", "Northlander people.\n\nour people", "our people and our Northland", "our people, tour Northland",
    "our people xNorthlander people", "our people. Northlander\npeople", "Sud Land  people: our country", "our country. Sud Land'", "a. b. our Northlanders",
    "occupying Northland", "the occupying\nSouthlander forces", "occupied  by Nordia", "war crimes by Sud Land", "terror of\tThirdia",
    "occupying forces of Northland", "occupation by x Northland", "Xaggression of Southland",
])
def test_edges(text):
    assert FRAMING.find(text) == reference_framing_find(FRAMING, text)
    _same(text)
    _same(text, {k: v for k, v in SIDES.items() if k != "third"})


# ------------------------------------------------------------------------- the scan helpers themselves

from source_stance.builder.annotate import perspective as _p  # noqa: E402
from source_stance.builder.annotate.perspective_scan import (  # noqa: E402
    AGGRESSION_STARTS, HARM_STARTS, ingroup_within, name_scanner, name_starts, of_starts, sentence_around, sentence_ends,
    sentence_spans, trigger_starts,
)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(rf"(?:{_p._AGGRESSION_NOUNS})|occupying|occupied", fullmatch=True))
def test_every_aggression_alternative_starts_with_a_trigger(s):
    assert s.startswith(AGGRESSION_STARTS)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(rf"(?:{_p._HARM})", fullmatch=True))
def test_every_harm_alternative_starts_with_a_trigger(s):
    assert s.startswith(HARM_STARTS)


def test_scan_helpers_on_small_cases():
    text = "of Northland; xNorthland, Nordia. of the Republic of Northland and of\tthe  Republic of Nordia; ofNordia"
    starts = name_starts(text, name_scanner(("Northland", "Nordia")))
    assert [text[i:i + 3] for i in starts] == ["Nor"] * len(starts)
    assert len(starts) == 6
    assert [text[i:i + 6] for i in of_starts(text, starts)] == ["of Nor", "of the", "of Nor", "of\tthe", "of Nor"]
    agg, harm = trigger_starts("war crimes; killed, warlike occupied held")
    assert agg == [0, 20, 28] and harm == [12, 37]


def reference_of_starts(text: str, name_at: list[int]) -> list[int]:
    """``of_starts`` as first written: the whitespace run before every name start walked back."""
    from source_stance.builder.annotate.perspective_scan import _before_space

    out = []
    for q in name_at:
        if q < 3 or not text[q - 1].isspace():
            continue
        j = _before_space(text, q)
        if j < 2 or not text.startswith("of", j - 2):
            continue
        out.append(j - 2)
        k = j - 2
        for word in ("Republic", "the", "of"):
            k = _before_space(text, k)
            if k < len(word) or not text.startswith(word, k - len(word)):
                break
            k -= len(word)
        else:
            out.append(k)
    return sorted(set(out))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["of", "Of", "o", "f", "the", "Republic", "N", " ", "  ", "\t", "\n", "\u2003", "x", "."]), max_size=30).map("".join))
def test_of_starts_equals_the_plain_walk(text):
    name_at = [i for i, c in enumerate(text) if c in "N."]
    assert of_starts(text, name_at) == reference_of_starts(text, name_at)
    every = list(range(len(text) + 1))
    assert of_starts(text, every) == reference_of_starts(text, every)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b.", "!", "?", ".", " ", "\n", "\n\n", "\t", "\u2003", "\r", "x", "\x1c", "\x85"]), max_size=40).map("".join))
def test_sentence_end_pattern_equals_the_plain_one(text):
    assert list(sentence_ends(text)) == [m.span() for m in _SENTENCE_END.finditer(text)]


def reference_sentence_around(text: str, pos: int) -> Optional[tuple[int, int, int]]:
    """What ``text_cues`` first read from the list of all sentences: the sentence holding ``pos`` (the
    last starting at or before it) and the start of the one before (its own for the first)."""
    sents = sentence_spans(text)
    starts = [a for a, _ in sents]
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return None
    return sents[max(0, i - 1)][0], sents[i][0], sents[i][1]


_SENTENCE_PIECES = ["a", "bc", "b.", "!", "?", ".", " ", "  ", "\n", "\n\n", "\t", "\u2003", "\r", "x", "\x1c", "\x85", ". ", ".\n", "?\n \n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=60).map("".join), st.sampled_from([1, 2, 3, 5, 256]))
def test_sentence_around_equals_the_list_of_all_sentences(text, window):
    for pos in range(-1, len(text) + 2):
        got = sentence_around(text, pos, before=True, window=window)
        if not 0 <= pos < len(text) or text[pos].isspace():
            assert got is None
            continue
        assert got == reference_sentence_around(text, pos), (text, pos)
        assert sentence_around(text, pos, window=window)[1:] == got[1:]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=60).map("".join), st.sampled_from([1, 2, 5]),
       st.sampled_from([1, 3, 8, 20]))
def test_sentence_around_gives_up_beyond_most_or_is_exact(text, window, most):
    for pos in range(len(text)):
        for before in (False, True):
            got = sentence_around(text, pos, before=before, window=window, most=most)
            if got is not None:
                want = reference_sentence_around(text, pos)
                assert got[1:] == want[1:] and (not before or got == want), (text, pos)


def test_sentence_around_gives_up_in_a_sentence_longer_than_most():
    text = "A. " + "word " * 50 + "end. B"
    assert sentence_around(text, 100, most=20) is None
    assert sentence_around(text, 100) == (0, 3, len(text) - 2)


_NAMED = compile_sides({"pro_north": ("Northland", "Northlander")})["pro_north"]
_N = _p._names_rx(("Northland", "Northlander"))


@pytest.mark.parametrize("src", [
    *(rx.pattern for rx, _, _ in _NAMED.aggression if rx.pattern.startswith(r"\b(?:North")), _NAMED.officials.pattern,
    rf"\b{_N}\s+(?:{_p._VICTIM_NOUNS})\b[^.!?\n]{{0,80}}\b(?:{_p._HARM})\b",
])
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_name_first_match_passes_the_named_check(src, data):
    s = data.draw(st.from_regex(re.compile(src), fullmatch=True))
    assert _NAMED.named.match(s), s


def test_named_check_covers_reported_speech_after_a_name():
    for verb in ("says", "said", "stated", "denies", "denied"):
        assert _NAMED.named.match(f"Northland {verb} it")


_OFFICIAL_PIECES = ["Foreign", "Deputy", "Prime", "Minister", "MINISTERS", "Ministry", "ministry", "of", "Azeria", "Defence",
                    "Presidential", "Administration", "MFA", "Ombudsman", "official", "Officials", "government", "authorities",
                    "ambassador", "Embassy", "leadership", "side", "delegation", "envoy", "Spokeswoman", "spokesperson",
                    "the", "x", " ", "  ", "\n", "\t", ".", "ſide", "sıde", "İ", "\u212a", "é", "officialx", "besides"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_OFFICIAL_PIECES), max_size=14).map(" ".join) | st.lists(st.sampled_from(_OFFICIAL_PIECES), max_size=14).map("".join))
def test_official_before_equals_the_plain_search(text):
    for start in {len(text), max(0, len(text) - 3), len(text) // 2}:
        got, want = _p._official_before(text, start), _OFFICIAL_BEFORE_OF.search(text, max(0, start - 50), start)
        assert (got and got.span()) == (want and want.span()), (text, start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", "«", "»", '"', "„", "x", " ", "\n", "ab"]), max_size=40).map("".join))
def test_quoted_spans_equal_the_plain_scan(text):
    from source_stance.builder.annotate.perspective_scan import quoted_spans

    assert quoted_spans(text) == _quoted_mask(text)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(_QUOTE_SPANS, fullmatch=True))
def test_every_quote_span_starts_with_an_opener(s):
    from source_stance.builder.annotate.perspective_scan import QUOTE_OPENERS

    assert s.startswith(QUOTE_OPENERS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), max_size=8).map(sorted), st.integers(0, 31), st.integers(0, 31))
def test_starts_within(at, lo, hi):
    from source_stance.builder.annotate.perspective_scan import starts_within

    assert starts_within(at, lo, hi) == any(lo <= p < hi for p in at)
    assert starts_within(None, lo, hi)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_ingroup_within_equals_the_search_of_the_window(text):
    """Tried at the names and the index's "our" words from a sentence start, as searched in the slice."""
    compiled = compile_sides(SIDES)
    hits = _index_hits(text, SIDES)
    if hits is None:
        return
    sents = sentence_spans(text)
    for s, sp in compiled.items():
        at = hits.starts_of(sp.index_names) if sp.index_names else name_starts(text, sp.scanner)
        for i, (lo, _) in enumerate(sents):
            for _, hi in sents[i: i + 3]:
                want = bool(sp.ingroup.search(text[lo:hi]))
                assert ingroup_within(sp.ingroup, text, lo, hi, at, hits.words.get("our", [])) == want, (text, lo, hi)
                assert ingroup_within(sp.ingroup, text, lo, hi, None, None) == want



_NAME_PIECES = ["North", "land", "er", "s", "Nord", "ia", "İ", "ı", "Σ", "-", "_", "1", "é", "K", "\u212a", "'", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=5).map("".join), min_size=1, max_size=5),
       st.lists(st.sampled_from(_NAME_PIECES + [" ", "\n", "x"]), max_size=40).map("".join))
def test_fewest_names_find_the_starts_of_all_the_names(names, text):
    """The index's starts of the fewest names are those of all the names."""
    from source_stance.builder.annotate.candidates import LiteralIndex
    from source_stance.builder.annotate.perspective_scan import fewest_names, indexed_names

    names = tuple(n for n in dict.fromkeys(names) if indexed_names((n,)))  # the names an index may hold
    fewest = fewest_names(names)
    assert set(fewest) <= set(names) and (not names or fewest)
    lower = fold(text)
    if lower is None or not names:
        return
    hits = LiteralIndex.build(starts=names).scan(lower)
    assert LiteralIndex.build(starts=fewest).scan(lower).starts_of(fewest) == hits.starts_of(names)


def test_fewest_names_of_the_sides():
    from source_stance.builder.annotate.perspective_scan import fewest_names

    assert fewest_names(("Northland", "Northlander", "Northlanders", "Nordia")) == ("Northland", "Nordia")
    assert fewest_names(("Azeri", "azeri", "Azerbaijan")) == ("Azeri", "azeri", "Azerbaijan")
    assert compile_sides(SIDES)["pro_north"].index_names == ("Northland", "Nordia")


def test_a_word_two_readers_read_is_reported_everywhere():
    """document_index narrows a word to its phrases only for its one reader: "in" (a document-type
    start word with phrases) is also the first word of a framing term here."""
    framing = FramingMatcher.build((FramingTerm("in exile", "c", "shared", _term_pattern("in exile", None)),))
    res = DocumentResources(sides=tuple(SIDES), side_names=SIDES, framing=framing, side_patterns=compile_sides(SIDES))
    text = "in x, in exile; in my view"
    assert document_index(res).scan(text).words["in"] == [0, 6, 16]
    assert framing.find(text, document_index(res).scan(text)) == framing.find(text)
    alone = DocumentResources(sides=tuple(SIDES), side_names=SIDES, framing=FRAMING, side_patterns=compile_sides(SIDES))
    assert document_index(alone).scan(text).words["in"] == [16]  # "in my": the document-type phrases only
