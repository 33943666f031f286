import re

import nupunkt
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder import segment
from source_stance.builder.segment import sentence_spans


def sents(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_quoted_exclamation_inside_sentence_is_not_split():
    text = 'A rally was organised by the “Karabakh is Azerbaijan!" National Platform in Istanbul. It ended.'
    assert sents(text) == [
        'A rally was organised by the “Karabakh is Azerbaijan!" National Platform in Istanbul.',
        "It ended.",
    ]


def test_quoted_utterance_after_speech_verb_still_ends_sentence():
    assert sents('He said "Stop!" Then he left.') == ['He said "Stop!"', "Then he left."]


def test_list_markers_and_headings_stay_apart():
    assert sents("1. Hello\n2. World is big. Yes.") == ["1. Hello", "2. World is big.", "Yes."]
    assert sents("A heading without a full stop\n\nThe body starts here. It goes on.") == [
        "A heading without a full stop",
        "The body starts here.",
        "It goes on.",
    ]


def test_line_end_after_final_punctuation_ends_a_sentence():
    text = "The talks resume in Washington next month.\nThe ministry denied it. Officials said so.\nThey met."
    assert sents(text) == [
        "The talks resume in Washington next month.",
        "The ministry denied it.",
        "Officials said so.",
        "They met.",
    ]
    # a hard-wrapped line without final punctuation does not end the sentence
    assert sents("The minister met with\nthe delegation on Monday.") == ["The minister met with\nthe delegation on Monday."]
    assert sents('He said: "We will stay."\nThen he left.') == ['He said: "We will stay."', "Then he left."]


def test_abbreviations_and_initials():
    assert sents("E.Abdurrahmanli and S.Tankishi spoke. Mr. Smith agreed.") == [
        "E.Abdurrahmanli and S.Tankishi spoke.",
        "Mr. Smith agreed.",
    ]


def test_empty_and_whitespace_only():
    assert sentence_spans("") == []
    assert sentence_spans(" \n\t\r\n ") == []


TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["Hello.", " ", "\n", "\r\n", "\ufeff", '"Yes!"', "Dr.", "1.", "word", "?", "\u200b"]), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_spans_in_bounds_ordered_nonoverlapping_trimmed(text):
    spans = sentence_spans(text)
    last = 0
    for s, e in spans:
        assert 0 <= last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e
    # nothing but whitespace is left out
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


# --- the readable post-processing the fast one replaced, as a reference ---------------------------

_ENDS_QUOTED_BANG = re.compile(rf"[!?][{segment._QUOTE_CLOSE}]$")


def _reference_repair(text, spans):
    out = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            nxt = text[s : s + 1]
            if (
                "\n" not in gap
                and _ENDS_QUOTED_BANG.search(text, ps, pe)
                and (nxt.islower() or nxt.isupper())
                and segment._quoted_phrase_inside(text, ps, pe)
            ):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def reference_sentence_spans(text):
    if not text or text.isspace():
        return []
    raw = sorted(nupunkt.sentence_spans(text, line_breaks=True))
    spans = []
    last = 0
    for s0, e0 in raw:
        s0, e0 = max(int(s0), last, 0), min(int(e0), len(text))
        for s, e in segment._paragraph_pieces(text, s0, e0):
            s, e = segment._trim(text, s, e)
            if s < e:
                spans.append((s, e))
                last = e
    return segment._cap(text, _reference_repair(text, spans))


_PIECES = [
    "Hello.", "The war", "began", " ", "  ", "\n", "\n\n", " \n \n", "\r\n", "\t", "said", "He said", ":", ",",
    '"Stop!"', "“Karabakh is Azerbaijan!”", "'Go?'", "«Non!»", "‘no!’", "!", "?", "!\"", "?’", "»", "…",
    "Dr.", "1.", "word", "Word", "the", "campaign", "\u200b", "\ufeff", ")", "]", ".", "x" * 700,
]
SEGMENT_TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_PIECES), max_size=80).map("".join),
    st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join),
)


@settings(max_examples=500, deadline=None)
@given(SEGMENT_TEXTS)
def test_spans_equal_the_readable_post_processing(text):
    assert sentence_spans(text) == reference_sentence_spans(text)


@settings(max_examples=500, deadline=None)
@given(SEGMENT_TEXTS | TEXTS)
def test_nupunkt_spans_equal_nupunkts_own_sentence_spans(text):
    """segment.nupunkt_spans composes nupunkt's layout blocks and Punkt as nupunkt does: same spans."""
    assert segment.nupunkt_spans(text) == nupunkt.sentence_spans(text, line_breaks=True)


def test_nupunkt_spans_on_layout_edge_cases():
    for text in ["", " ", "\n\n", "Title\nFirst line. Second.\n\n- item one\n- item two", "A.\n\n\nB!  \n  C?", "x" * 5000]:
        assert segment.nupunkt_spans(text) == nupunkt.sentence_spans(text, line_breaks=True)
