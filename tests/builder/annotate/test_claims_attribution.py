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



def test_according_to_cue_offsets_cover_the_cue_whatever_the_spacing():
    """The cue's end was its start + match length - 1, which kept a space when two followed."""
    for gap in (" ", "  ", " \n"):
        text = f"According to{gap}the ministry, the talks failed."
        (a,) = attribute(text, [(0, len(text))])
        assert a.speaker == "ministry" and a.quote_type == "indirect"
        assert text[a.cue_start : a.cue_end] == a.cue == "According to"
