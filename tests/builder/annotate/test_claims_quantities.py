"""Quantities: numerals and number words with what they count; dates, years and labels excluded."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate.claims_quantities import find_quantities, is_precise


def _q(text):
    return [(q.text, q.value, q.qualifier, q.unit_or_counted) for q in find_quantities(text)]


def test_three_counts_with_qualifiers_and_counted_things():
    got = _q("71 events were held in just 26 countries, involving more than 25,000 people.")
    assert got == [("71", 71.0, None, "events"), ("26", 26.0, "just", "countries"), ("25,000", 25000.0, "more than", "people")]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("The company hired three hundred and twenty workers.", 320.0, "workers"),
        ("Inflation rose to 4.5% in March.", 4.5, "%"),
        ("Inflation rose to 4.5 percent in March.", 4.5, "percent"),
        ("The fund raised $2.3 billion last year.", 2.3e9, "$"),
        ("Twenty-five soldiers were wounded.", 25.0, "soldiers"),
        ("A dozen villages were evacuated.", 12.0, "villages"),
        ("About 1,200 people attended.", 1200.0, "people"),
    ],
)
def test_number_forms(text, value, unit):
    (q,) = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert q.unit_or_counted == unit


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed on 20 January 2021 at 10:30 a.m.",
        "The law was passed in 1992 and amended in 2001.",
        "Section 907 of the act was waived.",
        "The COVID-19 pandemic delayed the vote.",
        "It was the 3rd meeting of the 1990s.",
        "A 76-year-old man and a one-sided deal.",
        "No one came; one of them left.",
        "Police said the suspect, 34, was arrested.",
    ],
)
def test_not_quantities(text):
    assert [q.text for q in find_quantities(text) if is_precise(q)] == []


def test_vague_amounts_are_kept_without_value():
    got = _q("Hundreds of thousands of displaced persons and dozens of webinars.")
    assert got == [("Hundreds of thousands", None, None, "displaced persons"), ("dozens", None, None, "webinars")]


def test_offsets_index_the_document_and_respect_bounds():
    doc = "Intro line.\nAt least 11 servicemen died. Then 40 more."
    start = doc.index("At")
    end = doc.index(" Then")
    qs = find_quantities(doc, start, end)
    assert [doc[q.start : q.end] for q in qs] == ["11"]
    assert qs[0].qualifier == "at least"


def test_fractions_and_what_they_count():
    got = _q("Half of the villages were destroyed; two-thirds of residents fled.")
    assert [(t, round(v, 3), u) for t, v, _, u in got] == [("Half", 0.5, "villages"), ("two-thirds", 0.667, "residents")]
    assert _q("The first half of the year. He said half the time.") == []


# --- the counted word is looked for within the sentence's span only ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.mark.parametrize(
    "sentence, rest",
    [
        ("Casualties were 300", "\nSoldiers arrived later."),  # an unpunctuated line, then the next
        ("The toll rose to 12", " people said"),  # a span that ends right after the number
        ("Turnout was 40", "\n% of voters said so."),  # percent sign past the end
        ("They reported a third of", " the population left."),  # "of" in the span, its noun past it
    ],
)
def test_counted_word_is_not_read_past_the_sentence_end(sentence, rest):
    text = sentence + rest
    (q,) = find_quantities(text, 0, len(sentence))
    assert q.end <= len(sentence)
    assert q.unit_or_counted is None


@pytest.mark.parametrize(
    "sentence, rest",
    [
        ("Talks resumed in 2020", "\npeople gathered outside."),  # a year, whatever the next line says
        ("Casualties: one", "\nsoldier was named later."),  # "one" with nothing after it in the sentence
    ],
)
def test_what_makes_a_number_a_year_or_one_a_pronoun_is_read_within_the_sentence(sentence, rest):
    assert find_quantities(sentence + rest, 0, len(sentence)) == []
    assert find_quantities(sentence + ".", 0, len(sentence)) == []  # the same sentence alone


def test_a_list_marker_at_the_sentence_end_is_still_a_marker():
    text = "Points:\n1. Talks resumed."
    s = text.index("1")
    assert find_quantities(text, s, s + 2) == []  # "1." is its own sentence here


def test_counted_word_inside_the_span_is_still_read():
    text = "Casualties were 300 soldiers\nCivilians fled."
    (q,) = find_quantities(text, 0, text.index("\n"))
    assert q.unit_or_counted == "soldiers"


_PIECES = ("300", "12", "2020", "one", "January", ",", "two hundred", "a third of", "thousands of", "soldiers", "people", "Armed",
           "civilians", "%", "per cent", "the", "of", "were", "\n", " ", " ", ".", "years", "Soldiers")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_quantities_do_not_depend_on_text_after_the_span(inside, after):
    sentence = " ".join(inside)
    end = len(sentence)
    alone = {(q.start, q.end): q.unit_or_counted for q in find_quantities(sentence + " ", 0, end)}
    followed = {(q.start, q.end): q.unit_or_counted for q in find_quantities(sentence + " " + " ".join(after), 0, end)}
    assert alone == followed  # nothing past the sentence end decides what is a quantity, or what it counts
    for span in alone:
        unit = alone[span]
        if unit and unit[0] not in "$€£¥₽":
            assert unit.split()[-1] in sentence[span[1] : end]


def reference_find_quantities(text, start=0, end=None, keys=None):
    """find_quantities as written before its fast paths (every step for every match, in order)."""
    from source_stance.builder.annotate import claims_quantities as cq

    end = len(text) if end is None else end
    out = []
    for m in cq._number_matches(text, start, end, keys):
        s, e = m.start("num"), m.end("num")
        num = m.group("num")
        low = num.lower()
        if low == "one":
            prev = cq._PREV_WORD.search(text[max(start, s - 20) : s])
            nxt = cq._NEXT_WORD.match(text[e : min(e + 20, end)])
            if (
                (prev and prev.group(1).lower() in cq._NOT_COUNT_BEFORE_ONE)
                or (nxt and nxt.group(1).lower() in cq._NOT_COUNT_AFTER_ONE)
                or cq._HYPHEN.match(text[e : min(e + 1, end)])
                or not nxt
            ):
                continue
        if "a" <= low[0] <= "z":
            if cq._HYPHEN_AFTER.match(text, e, min(e + 2, end)):
                continue
        elif cq._is_date_or_label(text, s, e, num, end):
            continue
        value = cq._value(num)
        qual = cq._qualifier(text, start, s)
        unit, _ = cq._counted(text, e, end)
        if m.group("cur"):
            unit = m.group("cur")
            s = m.start("cur")
        of = cq._OF.match(text, e, end)
        if of and (value is None or value < 1):
            unit, _ = cq._counted(text, e + len(of.group(0)), end)
        qualifier = qual.group(1).lower() if qual and qual.end() >= s - 1 else None
        out.append(cq.Quantity(value, qualifier, text[s:e], unit, s, e))
    return out


_AROUND = _PIECES + (
    "$", "€", "$5m", "£2bn", "3,000", "1.5", "١٢", "about", "more than", "nearly ", "half of", "a dozen", "dozens of",
    "one of", "no one", "one-sided", "one day", "One", "ONE", "ſix", "percent", "K", "5k", "-", "7)", "3 ", "2020s",
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_AROUND), max_size=14), st.sampled_from((" ", "", "  ", "\n")), st.data())
def test_find_quantities_equals_the_reference(pieces, sep, data):
    text = sep.join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    from source_stance.builder.annotate.claims_keys import sentence_keys

    for keys in (None, sentence_keys(text[start:end])):
        assert find_quantities(text, start, end, keys) == reference_find_quantities(text, start, end, keys)
