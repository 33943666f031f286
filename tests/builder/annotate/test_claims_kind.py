"""is_claim and claim_kind rules on inline sentences (seed-independent wire-news style too)."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate import claims_keys
from source_stance.builder.annotate.claims_kind import claim_kind, is_claim
from source_stance.builder.annotate.claims_quantities import Quantity, find_quantities


def kind(sentence: str) -> str:
    return claim_kind(sentence, find_quantities(sentence)).value


@pytest.mark.parametrize(
    "sentence, alone",
    [
        ("Will the ceasefire hold?", False),
        ("Hello", True),
        ("Dear Sir,", True),
        ("Thanks for your comment.", False),
        ("Thank you for your efforts, may God bless you.", False),
        ("Kind regards,", True),
        ("If I may add a point about the photos.", False),
        ("Talks Resume in Geneva as Ceasefire Holds", True),
        ("The statement reads:", False),
        ("—", False),
    ],
)
def test_non_claims(sentence, alone):
    assert is_claim(sentence, alone).value is False


@pytest.mark.parametrize(
    "sentence, alone",
    [
        ("The army said it had withdrawn from two villages.", False),
        ("Hi-tech exports grew last year.", False),  # starts like a greeting, is not one
        ("Talks resumed in Geneva on Monday.", True),  # alone on its line but a full sentence
        ("Sorry to be blunt, but the government has failed to deliver on every promise it made.", False),
    ],
)
def test_claims(sentence, alone):
    assert is_claim(sentence, alone).value is True


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The government must release the detainees immediately.", "prescriptive"),
        ("The EU called on both sides to return to talks.", "prescriptive"),
        ("Let no one doubt our resolve.", "prescriptive"),
        ("The central bank is expected to raise rates next month.", "predictive"),
        ("Prices will rise further in the coming months.", "predictive"),
        ("At least 14 people were killed and 40 injured in the blast.", "statistical"),
        ("Unemployment fell to 4.1% in May.", "statistical"),
        ("The decision was unacceptable.", "evaluative"),
        ("I think the plan is a mistake and a disgrace.", "evaluative"),
        ("The delegation arrived in Vienna on Tuesday.", "factual"),
        ("The ceasefire was a victory for diplomacy.", "evaluative"),
        ("The minister is scheduled to visit Brussels on Thursday.", "predictive"),
        ("Negotiations could resume as early as next week.", "predictive"),
        ("About a third of the population lives below the poverty line.", "statistical"),
        ("The two countries signed the agreement.", "factual"),  # a reference, not a count
        ("They have lived there for 30 years.", "factual"),  # a duration, not a statistic
        ("Negotiators made phone calls on Monday.", "factual"),  # "calls on" without "to": not a call to act
        ("You will note that the report does not mention it.", "factual"),
        ("The political will of the parties was tested.", "factual"),
    ],
)
def test_kinds(sentence, expected):
    assert kind(sentence) == expected


def test_decision_order_prescriptive_beats_statistical():
    assert kind("The 27 member states must agree by Friday.") == "prescriptive"


def test_condemnation_cue_makes_it_evaluative():
    s = "The ministry condemned the strike on the village."
    assert claim_kind(s, find_quantities(s), 0, "condemned").value == "evaluative"
    assert claim_kind(s, find_quantities(s), 0, None).value == "factual"


def test_quoted_question_with_attribution_is_not_a_claim():
    assert is_claim('"Where will we go?" asked one woman.', False).value is False
    assert is_claim('"Where will we go?" asked one woman, adding that the shelters were full and cold.', False).value is True


# --- the judgement window after a copula ends on a word boundary --------------------------------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate import claims_kind  # noqa: E402


@pytest.mark.parametrize(
    "sentence",
    [
        "It was x " + "q" * 31 + " mistakes.",  # the 40-character window ends inside "mistakes"
        "It was x " + "q" * 32 + " 5falsehood.",  # ... inside "falsehood" ("false" is a judgement word)
        "It was x " + "q" * 26 + " peace-lovingly.",  # ... inside "peace-lovingly"
        "The vote was x " + "q" * 31 + " mistake's end.",
    ],
)
def test_a_word_cut_by_the_window_is_not_read_as_its_prefix(sentence):
    assert claims_kind._evaluative_signal(sentence) is None
    assert kind(sentence) != "evaluative"


def test_a_judgement_word_that_starts_in_the_window_is_read_whole():
    sentence = "It was x " + "q" * 34 + " terrible."  # "terrible" starts 38 characters after "x"
    assert kind(sentence) == "evaluative"
    assert "'terrible'" in claims_kind._evaluative_signal(sentence)


_WINDOW_TEXT = st.text(alphabet=st.sampled_from("ab5_-'’ .,\n\u00e9"), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_WINDOW_TEXT, st.integers(0, 80))
def test_window_words_are_whole_words_starting_in_the_window(text, start):
    start = min(start, len(text))
    tail = text[start:]
    want = [m for m in claims_kind._WORD.finditer(tail) if m.start() < claims_kind._WINDOW][:3]
    assert claims_kind._window_words(text, start) == [m.group() for m in want]
    for m in want:  # never half a word: no character a word continues with follows it
        assert not re.match(r"[\w'’-]", tail[m.end() : m.end() + 1])


def reference_counts(q, sentence_start, sentence):
    """_counts as first written: the whole text before the number, lower-cased and searched."""
    if q.value is None:
        return False
    unit = (q.unit_or_counted or "").lower().split()
    if unit and unit[-1] in claims_kind.DURATION_UNITS:
        return False
    before = sentence[: q.start - sentence_start].rstrip().lower()
    if claims_kind._REFERENCE_BEFORE.search(before):
        return False
    if q.value == 1 and not any(c.isdigit() for c in q.text):
        return False
    return True


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "The", "THESE", "those", "both", "its", "İts", "their", "our", "his", "her", "x", "İ", "K", "Σ", "ς",
                              "ſ", "a", "1", "-", "bathe", "\u0307"]), max_size=6),
    st.lists(st.sampled_from([" ", "", "\n", "\u00a0", "-"]), min_size=6, max_size=6),
    st.sampled_from([1.0, 2.0, None]),
    st.integers(0, 3),
)
def test_counts_reads_only_the_tail_before_the_number(words, seps, value, sentence_start):
    prefix = "".join(w + s for w, s in zip(words, seps))
    sentence = prefix + "two people"
    q = Quantity(value, None, "two", "people", sentence_start + len(prefix), sentence_start + len(prefix) + 3)
    assert claims_kind._counts(q, sentence_start, sentence) == reference_counts(q, sentence_start, sentence)


_JUDGED_PIECES = st.sampled_from(
    ["false", "False", "FALSE", "peace", "loving", "peace-loving", "terrible", "mistake", "x", "a", "é", "²", "5", "_", "'", "’", "-",
     " ", "  ", ".", ",", "$", "\n", "١"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_JUDGED_PIECES, max_size=16).map("".join))
def test_judgement_words_from_their_offsets_equal_findall(sentence):
    """The words findall would list, read only at the judgement words' offsets: whatever joins a
    word to what is before it (a letter, a digit, "_", an apostrophe, a hyphen, "²")."""
    keys = claims_keys.sentence_keys(sentence)
    if keys.low is None:
        return
    judged = claims_keys.word_starts(keys, keys.words & claims_keys.EVALUATIVE_KEYS_B)
    want = [w for w in claims_kind._WORD.findall(sentence) if w.lower() in claims_kind.EVALUATIVE_WORDS]
    assert claims_kind._judgement_words(sentence, judged) == want
