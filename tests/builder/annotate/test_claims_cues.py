"""The cues found at each sentence's keywords are exactly those a scan per sentence finds, every
sentence that can match an agentless or 'according to' pattern is flagged; attribution is unchanged
by it."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate import claims_attribution
from source_stance.builder.annotate.claims_cues import (
    _CUE_ALTERNATIVES,
    ACCORDING,
    MAY_ACCORDING,
    MAY_ANY,
    MAY_DEMAND,
    MAY_PASSIVE,
    PASSIVE,
    PASSIVE_DEMAND,
    REPORTING_CUE,
    REPORTING_CUE_TREE,
    span_cues,
)
from source_stance.builder.annotate.claims_keys import sentence_keys
from source_stance.builder.segment import sentence_spans

_WORDS = [
    "said", "Said", "SAID", "says", "states", "States", "according", "According", "to", "It", "it", "this", "was",
    "noted", "has", "have", "been", "also", "calls", "Calls", "were", "made", "demanded", "asked", "urged", "on",
    "pointed", "out", "called", "for", "The", "the", "ministry", "Ministry", "statement", "issued", "a", "he", "He",
    "she", "I", "we", "by", "Anna", "Berg", "so-called", "reported", "told", "wrote", "letter", "reads", "X",
    "İt", "ſaid", "accordİng", "ıt", "WAS", "Noted", "saidx", "xsaid", "behalf", "of", "reports", "that",
    "5said", "said5", "_said", "saïd", "éstated", "Emphasised", "requests", "Appeals", "demands", "THIS",
    "underlined", "request", "requested", "upon", "Made", "é", "“Said", "naïve", "point", "issues",
    "$said", "said$", "5", "$", "$according", "it$", "$5", "States5", "£said",
]
_SEPS = ["", " ", "  ", " ", ", ", ". ", ": ", "\n", "\n\n", ' "', '" ', "“", "”", "-", " (", ") "]
#: Characters that glue words together without white space (digits, "$", currency signs, ...).
_GLUE = ["", "$", "5", "$5", "£", "€", "%", "_", "'", "/", "é"]


@st.composite
def documents(draw):
    seps = draw(st.sampled_from((_SEPS, _GLUE, _SEPS + _GLUE)))
    parts = draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(seps)), max_size=30))
    text = "".join(w + s for w, s in parts)
    if draw(st.booleans()):
        spans = sentence_spans(text)
    else:  # arbitrary cuts, also inside words and without whitespace between spans
        cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
        bounds = [0, *cuts, len(text)]
        spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]
        if spans and draw(st.booleans()):
            spans = [(min(s + 1, e), e) for s, e in spans]  # a gap before each span
    return text, spans


def cues_per_span(text, spans):
    return span_cues(text, spans, [sentence_keys(text[s:e]) for s, e in spans])


@settings(max_examples=400, deadline=None)
@given(documents())
@example(("He paid $said it. X said$5 and 5said.", [(0, 37)]))
@example(("£said$according to$it was noted5", [(0, 32)]))
def test_span_cues_equal_a_scan_per_sentence(doc):
    text, spans = doc
    cues, rare = cues_per_span(text, spans)
    assert cues == [[m.span() for m in REPORTING_CUE.finditer(text, s, e)] for s, e in spans]
    for (s, e), flags in zip(spans, rare):
        sent = text[s:e]
        for pattern, bit in ((ACCORDING, MAY_ACCORDING), (PASSIVE, MAY_PASSIVE), (PASSIVE_DEMAND, MAY_DEMAND)):
            if pattern.search(sent):
                assert flags & bit, (sent, pattern.pattern)


@settings(max_examples=300, deadline=None)
@given(documents())
def test_attribution_with_document_scan_equals_attribution_per_sentence(doc):
    text, spans = doc
    fast = claims_attribution.attribute(text, spans, ())
    original = claims_attribution.span_cues
    # every sentence scanned on its own, for cues and for the other patterns
    claims_attribution.span_cues = lambda text, spans, keys: ([None] * len(spans), [MAY_ANY] * len(spans))
    try:
        slow = claims_attribution.attribute(text, spans, ())
    finally:
        claims_attribution.span_cues = original
    assert fast == slow


@settings(max_examples=200, deadline=None)
@given(documents())
def test_cue_tree_matches_like_the_flat_cue_pattern(doc):
    text, _ = doc
    for flags in (0, re.IGNORECASE):
        flat, tree = re.compile(REPORTING_CUE.pattern, flags), re.compile(REPORTING_CUE_TREE, flags)
        assert [m.span() for m in flat.finditer(text)] == [m.span() for m in tree.finditer(text)]


def test_hand_written_edges():
    text = 'It was noted that X said so.The ministry says:"We left," he said.According to Anna Berg, it ended.'
    spans = sentence_spans(text)
    cues, rare = cues_per_span(text, spans)
    assert cues == [[m.span() for m in REPORTING_CUE.finditer(text, s, e)] for s, e in spans]
    assert rare[0] and rare[-1]
    # a span starting inside a word: "aid" of "said" is no cue, and a cue at position 0
    assert cues_per_span("said it", [(1, 4), (0, 7)])[0] == [[], [(0, 4)]]
    assert cues_per_span("xsaid said", [(1, 5), (6, 10)])[0] == [[], [(6, 10)]]
    # a digit or "$" next to a cue (a tab, not a space, in the keys' runs)
    text = "He paid $said it. X said$5 and 5said."
    assert cues_per_span(text, [(0, len(text))])[0] == [[(9, 13), (20, 24)]]


def test_cue_alternatives_are_ascii_words():
    # the folded, prefix-tree cue pattern relies on this (see claims_cues)
    assert all(a.isascii() and a[0].isalpha() and a[-1].isalpha() for a in _CUE_ALTERNATIVES)


def test_rare_keys_name_every_word_the_patterns_need():
    # each participle of PASSIVE, verb of PASSIVE_DEMAND and "according" is a RARE_KEYS word, which
    # is what lets span_cues leave a sentence without one unsearched
    from source_stance.builder.annotate.claims_keys import RARE_KEYS, RARE_OTHER_KEYS

    participles = re.search(r"\((noted\|.*?)\)\\b", PASSIVE.pattern).group(1)
    words = set(re.sub(r"\\s\+out|emphasi\[sz\]ed", "", participles).split("|")) - {""} | {"emphasized", "emphasised"}
    assert words <= RARE_KEYS
    assert {"demanded", "urged", "called", "asked", "requested", "made", "according"} <= RARE_KEYS
    assert {"it", "this", "was", "were", "has", "have", "demands", "calls", "appeals", "requests"} <= RARE_OTHER_KEYS


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ_5 .,-'\n\t\u00a0é’“"), max_size=30))
def test_word_before_equals_the_regex(window):
    from source_stance.builder.annotate.claims_cues import _WORD_BEFORE, _word_before

    m = _WORD_BEFORE.search(window)
    assert _word_before(window) == (m.group(1) if m else None)
