"""Attribution: quotation structure, reporting verbs, agentless reports, document issuers."""

from __future__ import annotations

from source_stance.builder.annotate.claims_attribution import attribute, quote_regions
from source_stance.builder.segment import sentence_spans


def attr(text: str, persons=()):
    spans = sentence_spans(text)
    return [(text[s:e], a) for (s, e), a in zip(spans, attribute(text, spans, persons))]


def test_indirect_speech_with_reporting_verb():
    ((_, a),) = attr("The foreign ministry said on Monday that the talks had stalled.")
    assert (a.speaker, a.speaker_kind, a.quote_type, a.cue) == ("foreign ministry said on Monday".split(" said")[0], "named_source", "indirect", "said")


def test_auxiliaries_and_adverbs_between_subject_and_cue():
    ((_, a),) = attr("The Western Community has sharply condemned the visit.")
    assert a.speaker == "Western Community" and a.cue == "condemned"


def test_postposed_direct_quote():
    ((_, a),) = attr('"We will not retreat," the defence minister told reporters.')
    assert (a.speaker, a.quote_type, a.cue) == ("defence minister", "direct", "told")


def test_said_before_name_direct_quote():
    ((_, a),) = attr('"The talks were productive," said Foreign Minister Anna Berg.')
    assert (a.speaker, a.quote_type) == ("Foreign Minister Anna Berg", "direct")


def test_according_to():
    ((_, a),) = attr("According to the United Nations, 100,000 people fled.")
    assert (a.speaker, a.quote_type, a.cue) == ("United Nations", "indirect", "According to")


def test_agentless_report_is_unnamed_source():
    ((_, a),) = attr("It was noted that the bridge had been repaired.")
    assert (a.speaker, a.speaker_kind, a.quote_type) == (None, "unnamed_source", "indirect")


def test_it_should_be_noted_is_the_author():
    ((_, a),) = attr("It should be noted that the bridge had been repaired.")
    assert a.speaker_kind == "author" and a.quote_type == "none"


def test_first_person_report_is_the_author():
    ((_, a),) = attr("I said that the figures were wrong.")
    assert a.speaker_kind == "author"


def test_nouns_that_look_like_cues_are_not_cues():
    for text in (
        "Aid arrived from the United States and Canada.",
        "Along with the protests, the strikes continued.",
        "Activists from nearby cities and states, including Ohio, took part.",
    ):
        ((_, a),) = attr(text)
        assert a.speaker_kind == "author", text


def test_multi_sentence_quotation_inherits_statement_issuer():
    text = (
        "The Farmers Union issued a statement on Friday. The statement reads:\n\n"
        '"Prices have collapsed. We cannot survive another season. The ministry must act now.\n\n'
        'We call on parliament to intervene."\n\nThe ministry did not comment.'
    )
    got = attr(text)
    quoted = [a for s, a in got if s.startswith(('"Prices', "We cannot", "The ministry must", "We call"))]
    assert len(quoted) == 4
    for a in quoted:
        assert (a.speaker, a.speaker_kind, a.quote_type, a.cue) == ("Farmers Union", "named_source", "direct", "The statement reads")
        assert text[a.speaker_start : a.speaker_end] == "Farmers Union"
    last = got[-1][1]
    assert last.speaker_kind == "author"


def test_letter_on_behalf_of_and_quote_opened_mid_sentence():
    text = (
        "On behalf of the Parents Association, a letter was sent to the mayor. "
        "The letter says: “We object to the closure. The school serves 400 families. "
        "We ask you to reconsider.” The mayor has not replied."
    )
    got = attr(text)
    speakers = [a.speaker for _, a in got]
    assert speakers[1:4] == ["Parents Association"] * 3
    assert got[4][1].speaker_kind == "author"


def test_scare_quotes_do_not_make_a_quotation():
    ((_, a),) = attr("The so-called “experts” were not invited to the hearing at all.")
    assert a.quote_type == "none"


def test_pronoun_resolves_to_last_person_mentioned():
    text = "Ambassador Ana Ruiz met the delegation. She said that the visa rules would change."
    spans = sentence_spans(text)
    i = text.index("Ana Ruiz")
    (_, a2) = attribute(text, spans, [(i, i + len("Ana Ruiz"), "Ana Ruiz")])
    assert (a2.speaker, a2.speaker_start) == ("Ana Ruiz", i)


def test_quote_regions_pair_mismatched_marks_and_nested_quotes():
    text = 'the “Stop Now!" campaign and "a "nested" phrase" end'
    regions = quote_regions(text)
    assert [text[s:e] for s, e in regions] == ['“Stop Now!"', '"a "nested" phrase"']


def test_unclosed_quote_ends_at_paragraph():
    text = '"This never closes.\n\nNext paragraph.'
    ((s, e),) = quote_regions(text)
    assert text[s:e] == '"This never closes.'


def test_previous_sentence_report_does_not_claim_the_next_quotation():
    text = 'Troops withdrew on Monday, the ministry said.\n"We are ready to talk," the prime minister told parliament.'
    (_, a1), (_, a2) = attr(text)
    assert a1.speaker == "ministry" and a1.quote_type == "indirect"
    assert (a2.speaker, a2.quote_type) == ("prime minister", "direct")


def test_postposed_report_with_lowercase_subject():
    ((_, a),) = attr("The blockade has caused severe shortages of food, aid groups warned.")
    assert (a.speaker, a.cue, a.quote_type) == ("aid groups", "warned", "indirect")


def test_according_to_at_the_end():
    ((_, a),) = attr("At least 200 people were killed, according to officials in the capital.")
    assert a.speaker == "officials in the capital"


def test_appositive_after_the_name():
    ((_, a),) = attr("Norway, a long-time mediator, welcomed the announcement.")
    assert a.speaker == "Norway"
    ((_, a),) = attr("The ministry's spokeswoman, Ana Ruiz, said the claims were absurd.")
    assert a.speaker == "Ana Ruiz"


def test_said_the_president():
    ((_, a),) = attr('"This is a historic day," said the president.')
    assert (a.speaker, a.quote_type) == ("president", "direct")


def test_he_without_gazetteer_goes_to_last_person_like_speaker():
    text = "Foreign Minister Anna Berg said the border would reopen. He added that talks would continue."
    (_, a1), (_, a2) = attr(text)
    assert a1.speaker == "Foreign Minister Anna Berg"
    assert (a2.speaker, a2.speaker_start) == ("Foreign Minister Anna Berg", a1.speaker_start)


def test_he_is_not_resolved_to_an_organisation():
    text = "The Defence Ministry said the border would reopen. He added that talks would continue."
    (_, a2) = attr(text)[1]
    assert a2.speaker == "He"


def test_paragraph_style_quotation_continues_without_closing_mark():
    text = 'The envoy said: "The talks went well.\n\n"We expect a deal soon."\n\nMarkets rose.'
    got = attr(text)
    assert [a.speaker for _, a in got[:2]] == ["envoy"] * 2
    assert got[-1][1].speaker_kind == "author"


def test_next_quoted_sentence_continues_the_speaker():
    text = '"The situation is tense," a local resident told reporters by phone. "We have been in the basement since morning."'
    (_, a1), (_, a2) = attr(text)
    assert a1.speaker == a2.speaker == "local resident" and a2.quote_type == "direct"


def test_relative_clause_after_the_subject():
    ((_, a),) = attr("Norway, which hosted the talks, called for restraint.")
    assert (a.speaker, a.cue) == ("Norway", "called for")


# ------------------------------------------------- resolve_issuer: the narrowed scan finds the same issuer

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate import claims_attribution  # noqa: E402
from source_stance.builder.annotate.lexicon import FIRST_PERSON, ISSUING_VERBS  # noqa: E402


def reference_resolve_issuer(text, before, noun):
    """resolve_issuer as first written: every pattern scans the whole window."""
    ca = claims_attribution
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
                 "a statement from Anna Berg,", "the letter signed by The Council.", "We issued a statement"]
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
    assert claims_attribution.resolve_issuer(text, before, noun) == reference_resolve_issuer(text, before, noun)


def test_resolve_issuer_hand_written():
    text = "On behalf of the Council, a letter was sent. The Ministry issued  a statement. The statement reads"
    before = text.rindex("The statement")
    assert claims_attribution.resolve_issuer(text, before, "statement") == reference_resolve_issuer(text, before, "statement")
    assert claims_attribution.resolve_issuer(text, before, "letter") == reference_resolve_issuer(text, before, "letter")
    assert claims_attribution.resolve_issuer(text, before, "statement")[2] == "Ministry"
    assert claims_attribution.resolve_issuer("no such noun here", 17, "letter") is None


# ------------------------------------------------- subject_before: faster scans, same subject

def reference_subject_before(text, lo, cue_start):
    """subject_before as first written (whole-window _AUX_ADV search, _NP_STOP on the text itself)."""
    ca = claims_attribution
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
    assert claims_attribution.subject_before(text, lo, cue_start) == reference_subject_before(text, lo, cue_start)


def test_np_stop_twin_and_aux_characters():
    ca = claims_attribution
    all_chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert {m.group(0) for m in re.finditer(r"[\sa-z]", all_chars)} == set(ca._AUX_CHARS)
    text = "That is, which-way whole WHO but-end obut the- and - X — who?whIle (when) BUT"
    assert [m.span() for m in ca._NP_STOP.finditer(text)] == [m.span() for m in ca._NP_STOP_FOLDED.finditer(text.lower())]
