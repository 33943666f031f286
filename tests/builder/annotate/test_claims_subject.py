"""Speaker noun phrases: the faster scans find the same subject and the same issuer as the
straightforward versions (reference copies below)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate import claims_subject
from source_stance.builder.annotate.lexicon import FIRST_PERSON, ISSUING_VERBS

# ------------------------------------------------- resolve_issuer: the narrowed scan finds the same issuer


def reference_resolve_issuer(text, before, noun):
    """resolve_issuer as first written: every pattern scans the whole window."""
    ca = claims_subject
    lo = max(0, before - ca.ISSUER_WINDOW)
    doc_nouns = rf"{re.escape(noun.lower().rstrip('s'))}s?"
    verbs = "|".join(ISSUING_VERBS)
    behalf = re.compile(rf"\bon\s+behalf\s+of\s+(?P<np>[^,;:.]{{2,120}}?)\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{doc_nouns})\b", re.I)
    issued = re.compile(rf"\b(?:{verbs})\s+(?:(?:a|an|the|its|their|his|her|this)\s+)?(?:[\w-]+\s+){{0,3}}?(?:{doc_nouns})\b", re.I)
    by = re.compile(
        rf"\b(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?:{doc_nouns})\s+(?:from|by|of|signed\s+by|on\s+behalf\s+of)\s+"
        rf"(?P<np>(?-i:[A-Z])[^,;:.\n]{{1,100}}?)(?=[,;:.\n]|\s+(?:to|was|were|is|has|on|in)\b)",
        re.I,
    )
    found = []
    for pat in (behalf, by):
        for m in pat.finditer(text, lo, before):
            found.append((m.start(), *m.span("np")))
    for m in issued.finditer(text, lo, before):
        subj = ca.subject_before(text, ca._sentence_start(text, lo, m.start()), m.start())
        if subj and text[subj[0] : subj[1]].split()[0].lower() not in FIRST_PERSON:
            found.append((m.start(), *subj))
    if not found:
        return None
    _, s, e = max(found)
    s, e = ca._strip_determiner(text, s, e)
    return s, e, text[s:e]


_ISSUER_WORDS = ["The", "the", "a", "an", "ministry", "Ministry", "issued", "ISSUED", "sent", "statement", "Statement",
                 "statements", "STATEMENT", "ſtatement", "letter", "open", "on", "On", "behalf", "BEHALF", "of", "by", "from",
                 "Anna", "Berg", "we", "I", "signed", "to", "was", "misstatement", "co-signed", "X",
                 "The Council issued a new open statement", "sent their  joint open  letter", "On behalf of Anna Berg, an open letter",
                 "a statement from Anna Berg,", "the letter signed by The Council.", "We issued a statement",
                 "İssued", "ıssued", "presented", "Sent", "made", "MADE", "remade", "wrote", "postedissued"]
_ISSUER_SEPS = [" ", "  ", ", ", ". ", "\n", "-", "", " \t", ": "]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_ISSUER_WORDS), st.sampled_from(_ISSUER_SEPS)), max_size=25),
    st.sampled_from(["statement", "Statement", "statements", "letter", "communiqué"]),
    st.data(),
)
def test_resolve_issuer_equals_the_full_window_scan(parts, noun, data):
    text = "".join(w + s for w, s in parts)
    before = data.draw(st.integers(0, len(text)))
    assert claims_subject.resolve_issuer(text, before, noun) == reference_resolve_issuer(text, before, noun)


def test_resolve_issuer_hand_written():
    text = "On behalf of the Council, a letter was sent. The Ministry issued  a statement. The statement reads"
    before = text.rindex("The statement")
    assert claims_subject.resolve_issuer(text, before, "statement") == reference_resolve_issuer(text, before, "statement")
    assert claims_subject.resolve_issuer(text, before, "letter") == reference_resolve_issuer(text, before, "letter")
    assert claims_subject.resolve_issuer(text, before, "statement")[2] == "Ministry"
    assert claims_subject.resolve_issuer("no such noun here", 17, "letter") is None


# ------------------------------------------------- subject_before: faster scans, same subject

def reference_subject_before(text, lo, cue_start):
    """subject_before as first written (whole-window _AUX_ADV search, _NP_STOP on the text itself)."""
    ca = claims_subject
    if cue_start - lo > ca._MAX_SUBJECT_LOOKBACK:
        cut = cue_start - ca._MAX_SUBJECT_LOOKBACK
        space = text.find(" ", cut, cue_start)
        lo = space + 1 if space >= 0 else cut
    window = text[lo:cue_start]
    aux = ca._AUX_ADV.search(window)
    end_rel = aux.start() if aux else len(window)
    before_strip = end_rel
    while end_rel > 0 and (window[end_rel - 1].isspace() or window[end_rel - 1] == ","):
        end_rel -= 1
    appositive_closed = "," in window[end_rel:before_strip]
    left = window[:end_rel]
    stops = list(ca._NP_STOP.finditer(left))
    start_rel = stops[-1].end() if stops else 0
    c2 = left.rfind(",")
    if appositive_closed and c2 >= 0 and ca._APPOSITIVE.match(left[c2 + 1 :].lstrip()):
        c1 = max(left.rfind(",", 0, c2), max((m.end() - 1 for m in ca._NP_STOP.finditer(left, 0, c2)), default=-1))
        head = left[c1 + 1 : c2]
        if head.strip() and head.strip()[0].isupper() and ca._plausible_np(head.strip()):
            start_rel = c1 + 1 + (len(head) - len(head.lstrip()))
            end_rel = c2
            stops = [m for m in stops if m.end() <= start_rel]
    while start_rel < end_rel and left[start_rel].isspace():
        start_rel += 1
    np = left[start_rel:end_rel]
    while m := ca._LEADING_ADVERBIAL.match(np):
        start_rel += m.end()
        np = left[start_rel:end_rel]
    if rm := ca._REFLEXIVE.search(np):
        end_rel = start_rel + rm.start()
        np = left[start_rel:end_rel]
    comma_bounded = not stops or stops[-1].group(0) in (",", ";", "—", "–")
    if not np or not ca._plausible_np(np, allow_lower=comma_bounded):
        return None
    return lo + start_rel, lo + end_rel


_SUBJ_WORDS = ["The", "ministry", "Turkey", "a", "close", "ally", "of", "X", "which", "WHICH", "Which", "that", "THAT", "who",
               "while", "when", "But", "but", "butter", "whole", "has", "also", "repeatedly", "publicly", "Has", "himself",
               "and", "Anna", "Berg", "İt", "ſo", "thatcher", "Who", "-", "—", "(", ")", '"', "“", "whenever", "obut"]
_SUBJ_SEPS = [" ", "  ", ", ", " - ", "", "\n", "\u2003", "\u00a0", "; ", ": ", "\t"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SUBJ_WORDS), st.sampled_from(_SUBJ_SEPS)), max_size=20), st.data())
def test_subject_before_equals_the_reference(parts, data):
    text = "".join(w + s for w, s in parts) + "said"
    cue_start = len(text) - 4
    lo = data.draw(st.integers(0, cue_start))
    assert claims_subject.subject_before(text, lo, cue_start) == reference_subject_before(text, lo, cue_start)


def test_np_stop_twin_and_aux_characters():
    ca = claims_subject
    all_chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert {m.group(0) for m in re.finditer(r"[\sa-z]", all_chars)} == set(ca._AUX_CHARS)
    text = "That is, which-way whole WHO but-end obut the- and - X — who?whIle (when) BUT"
    assert [m.span() for m in ca._NP_STOP.finditer(text)] == [m.span() for m in ca._NP_STOP_FOLDED.finditer(text.lower())]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["-", " ", " - ", "\u2003", ",", "that", "When", "wHo", "butt", "x", "ſ", "—", "a"]), max_size=14))
def test_last_stop_is_the_last_finditer_match(parts):
    text = "".join(parts)
    folded = claims_subject.fold_case(text)
    for pattern, scanned, on_folded in ((claims_subject._NP_STOP, text, False), (claims_subject._NP_STOP_FOLDED, folded, True)):
        stops = list(pattern.finditer(scanned))
        expected = (stops[-1].end(), stops[-1].group(0)) if stops else None
        assert claims_subject._last_stop(pattern, scanned, on_folded) == expected


def test_last_stop_of_overlapping_dashes_is_the_one_finditer_takes():
    assert claims_subject._last_stop(claims_subject._NP_STOP, "a - - b", False) == (4, " - ")
