"""The keyword prefilter (claims_keys) must give exactly what searching every regex gives.

Small reference implementations of the straightforward rules live here; hypothesis compares them
with the prefiltered paths on sentences built from words that trip the rules (number words, modals,
judgement words, case variants, the case-folding specials ``İ ı ſ K``, hyphens, digits, currency).
Half the sentences glue their words together with digits, currency signs, ``$``, punctuation or
nothing at all: a keyword touching such a character must be found as the regexes find it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate import claims_keys, claims_kind, claims_quantities
from source_stance.builder.annotate.claims_keys import ALL, NO_PREFILTER, PREDICTIVE_KEYS, PRESCRIPTIVE_KEYS, sentence_keys
from source_stance.builder.annotate.claims_kind import claim_kind
from source_stance.builder.annotate.claims_quantities import find_quantities
from source_stance.builder.annotate.lexicon import EVALUATIVE_WORDS, PREDICTIVE_PATTERNS, PRESCRIPTIVE_PATTERNS, STANCE_MARKERS


#: The stance pattern as first written (a flat alternation): claims_kind uses its prefix tree.
_STANCE = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(m) for m in STANCE_MARKERS), re.IGNORECASE)


def reference_evaluative(sentence: str) -> str | None:
    if m := _STANCE.search(sentence):
        return f"stance marker {m.group(0)!r}"
    for m in claims_kind._COPULA_EVAL.finditer(sentence):
        # the words that start within 40 characters after the predicate, each whole
        following = [m.group(1)] + [w.group() for w in claims_kind._WORD.finditer(sentence[m.end() :]) if w.start() < 40][:3]
        hit = next((w for w in following if w.lower() in EVALUATIVE_WORDS), None)
        if hit:
            return f"judgement predicate {m.group(0)!r} ... {hit!r}"
    hits = [w for w in claims_kind._WORD.findall(sentence) if w.lower() in EVALUATIVE_WORDS]
    if len(hits) >= 2:
        return f"judgement words {', '.join(repr(h) for h in hits[:3])}"
    return None


def reference_first(patterns: tuple[re.Pattern, ...], sentence: str) -> tuple[int, str] | None:
    for i, pat in enumerate(patterns):
        if m := pat.search(sentence):
            return i, m.group(0)
    return None


def prefiltered_first(patterns: tuple[re.Pattern, ...], first_bit: int, sentence: str) -> tuple[int, str] | None:
    mask = sentence_keys(sentence)[0]
    for i, pat in enumerate(patterns):
        if mask >> (first_bit + i) & 1 and (m := pat.search(sentence)):
            return i, m.group(0)
    return None


WORDS = (
    # numbers and what they touch
    "one", "One", "ONE", "two", "Three", "ten", "tens", "often", "someone", "twenty-one", "seventy",
    "a", "A", "hundred", "hundreds", "thousand", "thousands", "million", "Billion", "dozen", "dozens",
    "scores", "half", "Half", "third", "thirds", "quarter", "fifth", "of", "the", "first", "and",
    "5", "12", "1,200", "3.5", "2020", "19", "$", "€", "%", "per cent", "bn", "k", "m", "people",
    "civilians", "years", "January", "-", "–", "/", ":", ",", ".", "(", ")", "'s", "s",
    # modals, calls, future
    "should", "Should", "must", "MUST", "ought", "to", "need", "needs", "has", "have", "had", "act",
    "call", "called", "on", "for", "urge", "urged", "demand", "appeal", "it", "is", "necessary", "time",
    "let", "Please", "Stop", "kindly", "don't", "Do not", "never", "join", "do", "we", "ask", "tribute", "will", "Will", "won't", "shall", "going", "expected",
    "likely", "set", "plans", "could", "may", "next", "week", "soon", "forecast", "predicts", "in",
    "coming", "days", "be", "noted", "over", "about", "nearly", "at least", "More than", "up to",
    # stance and judgement
    "I", "think", "believe", "my", "view", "seems", "clearly", "Unfortunately", "of course", "fact", "In fact", "There is no doubt", "fact$", "$clearly",
    "no", "doubt", "was", "are", "were", "been", "remains", "looks", "not", "very", "so", "false",
    "False", "falsehood", "mistake", "mistakes", "peace-loving", "peace", "loving", "terrible",
    "unacceptable", "best", "bestow", "important", "significantly", "shame", "shameless", "'", "’", "\"",
    "falsehood", "5falsehood", "x'falsehood", "peace-lovingly", "mistake's", "false_x", "is", "was", "seems",
    # openers, headings, questions
    "Hello", "thanks", "Thank you", "Sincerely", "sorry", "Sorry", "If I may", "let me", "Dear", ":", "?", "“",
    "«", "”", "»", "•", "*",
    # case-folding specials and other scripts
    "\u0130t", "\u0131s", "\u017fhould", "\u212a", "wi\u017f", "naïve", "Ελλάδα", "١٢",
    "word", "statement", "x", "_", "__init__", "–", "\u00a0", "•", "£5", "“said”", "said’s",
)
SEPARATORS = (" ", " ", " ", "  ", "\n", "\t", "\u00a0", "", "-")
#: What glues words together without white space: a keyword next to a digit or "$" (a word
#: character and not), a currency sign, punctuation, "_" or a non-ASCII letter or digit.
GLUE = ("", "", "$", "$", "5", "12", "£", "€", "¥", "₽", "%", ",", ".", "'", "’", "_", "/", "(", ")", "\"", "#", "é", "١", "$5", "5$", " $", "$ ")


@st.composite
def sentences(draw, max_words: int = 18) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=max_words))
    pool = draw(st.sampled_from((SEPARATORS, GLUE, SEPARATORS + GLUE)))
    seps = draw(st.lists(st.sampled_from(pool), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps)) + draw(st.sampled_from(("", ".", "!", "?", " ")))


@settings(max_examples=400, deadline=None)
@given(sentences())
@example("$should")
@example("one one one one one one one one one one one one $forecast ")
@example("We2will 5must$go")
def test_prescriptive_and_predictive_prefilter_keeps_the_first_matching_pattern(sentence):
    assert prefiltered_first(claims_kind._PRESCRIPTIVE, claims_keys.PRESCRIPTIVE_BIT, sentence) == reference_first(
        claims_kind._PRESCRIPTIVE, sentence
    )
    assert prefiltered_first(claims_kind._PREDICTIVE, claims_keys.PREDICTIVE_BIT, sentence) == reference_first(
        claims_kind._PREDICTIVE, sentence
    )


@settings(max_examples=400, deadline=None)
@given(sentences(max_words=30))
@example("£5false terrible")
@example("It was$terrible")
@example("5false$terrible")
def test_evaluative_signal_equals_the_reference(sentence):
    assert claims_kind._evaluative_signal(sentence) == reference_evaluative(sentence)


@settings(max_examples=500, deadline=None)
@given(sentences())
@example("HAS\u00a0 TO act")
@example("It  is\ntime.")
@example("They were set\tto$5 meet")
@example("has to5")
def test_pattern_runs_hold_every_match_of_their_pattern(sentence):
    """Where a pattern matches, its word sequence stands in the keys' runs (so claim_kind may skip
    a sentence whose runs lack it)."""
    keys = sentence_keys(sentence)
    if keys.low is None:
        return
    for i, runs_rx in claims_keys.PATTERN_RUNS.items():
        if claims_kind._KIND_PATTERNS[i].search(sentence):
            assert runs_rx.search(keys.runs), (i, sentence)


def test_pattern_runs_name_patterns_that_need_their_words():
    assert set(claims_keys.PATTERN_RUNS) <= set(range(len(claims_kind._KIND_PATTERNS)))
    for i, text in ((4, "She has to decide."), (10, "It is time."), (claims_keys.PREDICTIVE_BIT + 4, "The vote is expected to pass.")):
        assert claims_kind._KIND_PATTERNS[i].search(text)
        assert claims_keys.PATTERN_RUNS[i].search(sentence_keys(text).runs)


@settings(max_examples=300, deadline=None)
@given(sentences())
@example("one one one one one one one one one one one one $forecast ")
@example("£5false terrible")
@example("$should")
@example("They$ should$ act")
@example("one$ ")
def test_claim_kind_with_keys_equals_claim_kind_without_prefilter(sentence):
    qs = find_quantities(sentence)
    fast = claim_kind(sentence, qs, 0, None)
    slow = claim_kind(sentence, qs, 0, None, NO_PREFILTER)
    assert fast == slow


@st.composite
def documents(draw) -> tuple[str, list[tuple[int, int]]]:
    parts = draw(st.lists(sentences(max_words=10), min_size=1, max_size=5))
    text = "".join(parts)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))) | {0, len(text)})
    return text, [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]


@settings(max_examples=400, deadline=None)
@given(documents())
@example(("one$ ", [(0, 5)]))
@example(("$one hundred5two", [(0, 16)]))
@example(("5a dozen$ a5 hundred", [(0, 20), (1, 9)]))
def test_number_matches_equal_finditer_on_any_span(doc):
    """Spans cut anywhere (inside words, digit runs, between "a" and "hundred")."""
    text, spans = doc
    for s, e in spans:
        want = [(m.span(), m.group(0)) for m in claims_quantities._NUMBER.finditer(text, s, e)]
        got = [(m.span(), m.group(0)) for m in claims_quantities._number_matches(text, s, e, None)]
        assert got == want
        assert find_quantities(text, s, e, sentence_keys(text[s:e])) == find_quantities(text, s, e, NO_PREFILTER)


def test_keys_align_with_the_patterns():
    # claims_kind reads the mask's low bits as its prescriptive-then-predictive pattern list
    assert claims_keys.PRESCRIPTIVE_BIT == 0 and claims_keys.PREDICTIVE_BIT == len(PRESCRIPTIVE_PATTERNS)
    assert len(claims_kind._KIND_PATTERNS) == claims_keys.STANCE_BIT
    assert len(PRESCRIPTIVE_KEYS) == len(PRESCRIPTIVE_PATTERNS)
    assert len(PREDICTIVE_KEYS) == len(PREDICTIVE_PATTERNS)
    for keys, pattern in zip(PRESCRIPTIVE_KEYS + PREDICTIVE_KEYS, PRESCRIPTIVE_PATTERNS + PREDICTIVE_PATTERNS):
        if keys is None:
            assert pattern.startswith("^")
        else:
            assert any(k[:3] in pattern for k in keys), (keys, pattern)


def test_case_folding_specials_switch_the_prefilter_off():
    # "ſhould" matches \bshould\b under IGNORECASE; lower() keeps the long s, so no prefilter.
    assert sentence_keys("They \u017fhould go.")[0] == ALL
    assert claim_kind("They \u017fhould go.", []).value == "prescriptive"
    assert sentence_keys("\u212a is here.")[0] == ALL


def test_hand_picked_edges():
    # a number word at position 0 and at the very end; "a" before a scale; mid digit run after a match
    assert [q.text for q in find_quantities("one hundred people came")] == ["one hundred"]
    assert [q.text for q in find_quantities("They counted a   hundred")] == ["a   hundred"]
    for text in ("1,2345 and 7", "$5bn", "€ 3 million", "ends with one", "A dozen"):
        want = [m.span() for m in claims_quantities._NUMBER.finditer(text)]
        assert [m.span() for m in claims_quantities._number_matches(text, 0, len(text), None)] == want
    text = "Costs rose.Twenty-one people"
    assert find_quantities(text, 11, len(text)) == find_quantities(text, 11, len(text), NO_PREFILTER)
    # a window after a copula that ends inside "mistakes" reads the whole word, as the reference does
    for s in ("It was x " + "q" * 31 + " mistakes.", "It was x " + "q" * 26 + " peace-lovingly.", "It was x " + "q" * 32 + " 5falsehood."):
        assert claims_kind._evaluative_signal(s) == reference_evaluative(s) is None
    s = "It was x " + "q" * 34 + " terrible."  # the window ends inside "terrible": still found
    assert claims_kind._evaluative_signal(s) == reference_evaluative(s) is not None


@settings(max_examples=400, deadline=None)
@given(sentences(max_words=30))
def test_word_count_equals_findall(sentence):
    assert claims_kind._word_count(sentence) == len(claims_kind._WORD.findall(sentence))
    assert claims_kind._word_count(sentence.encode("ascii", "replace").decode()) == len(
        claims_kind._WORD.findall(sentence.encode("ascii", "replace").decode())
    )


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_qualifier_window_finds_what_the_whole_sentence_search_finds(doc, data):
    text, spans = doc
    text = data.draw(st.sampled_from(("", "more than", "at least  ", "Approximately\n", "a total of"))) + " " + text
    for s in range(len(text) + 1):
        for start in {0, max(0, s - 3)}:
            got = claims_quantities._qualifier(text, start, s)
            want = claims_quantities._QUALIFIER.search(text, start, s)
            assert (got and got.span()) == (want and want.span())


_MONTHS_REF = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)


def reference_is_date_or_label(text: str, s: int, e: int, num: str) -> bool:
    """claims_quantities._is_date_or_label as first written: one regex per condition, in order."""
    before = text[max(0, s - 24) : s]
    after = text[e : e + 16]
    if re.search(rf"\b{_MONTHS_REF}\s*$", before) or re.match(rf"\s*(?:st|nd|rd|th)?\s+{_MONTHS_REF}", after):
        return True
    if re.match(r"(?:st|nd|rd|th)\b|s\b|'s\b", after):
        return True
    if re.match(r"[-‐–]\w", after) or re.search(r"(?:\w[-‐–/]|\d[:.])$", before):
        return True
    if re.match(r"[:.]\d", after) or re.match(r"\s*(?:a\.m\.|p\.m\.|am|pm)\b", after, re.IGNORECASE):
        return True
    if re.search(r"\w,\s*$", before) and re.match(r"\s*,", after) and num.isdigit() and int(num) < 120:
        return True
    if re.search(r"\b(?:Section|Article|Resolution|No\.|Number|Chapter|Paragraph|Law|Decree|Act)\s*$", before):
        return True
    if num.isdigit() and len(num) == 4 and 1000 <= int(num) <= 2100:
        m = re.match(r"\s+([a-z]{3,}s|people)\b", after)
        return not (m and m.group(1) not in claims_quantities._FUNCTION)
    if num.isdigit() and re.search(r"(?:^|\n)\s*$", before) and re.match(r"[.)]\s", after):
        return True
    return False


NEAR_NUMBERS = (
    "January", "Jan.", "Sept", "May", "Section", "No.", "Act", "Law", "COVID-", "2020-", "v", "x/", "3:", "4.",
    ",", "the suspect,", "\n", "\n  ", " ", "  ", "-", "‐", "–", "/", ":", ".", ")", "st", "th", "s", "'s", "am",
    "P.M.", "people", "years", "of", "a.m.", "was", "Jan", "1.", "—",
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NEAR_NUMBERS), max_size=4), st.sampled_from(("5", "34", "119", "2020", "1200", "7", "150")),
       st.lists(st.sampled_from(NEAR_NUMBERS), max_size=4), st.sampled_from(("", " ", "\n")), st.sampled_from(("", " ", "\n")))
def test_date_or_label_equals_the_reference(before, num, after, sep1, sep2):
    head = sep1.join(before) + sep2
    text = head + num + sep2.join(after)
    s, e = len(head), len(head) + len(num)
    assert claims_quantities._is_date_or_label(text, s, e, num) == reference_is_date_or_label(text, s, e, num)


def reference_is_claim(sentence: str, alone_on_line: bool) -> tuple:
    """claims_kind.is_claim as first written (findall word list, every opener regex tried)."""
    words = claims_kind._WORD.findall(sentence)
    if not words:
        return (False, 0.95, "no words")
    stripped = sentence.rstrip(claims_kind._TRAILING_CLOSERS)
    low = sentence.strip().lstrip("\"'“‘«(-–—•*").strip().lower()

    def starts(opener):
        m = opener.pattern.match(low)
        return m.group(1) if m else None

    if stripped.endswith("?"):
        return (False, 0.85, "question mark")
    if claims_kind._QUOTED_QUESTION.match(sentence.strip()):
        return (False, 0.75, "a quoted question with its attribution")
    if (g := starts(claims_kind._GREETING)) and len(words) <= 6:
        return (False, 0.9, f"greeting {g!r}")
    if g := starts(claims_kind._THANKS):
        return (False, 0.8, f"thanks/blessing {g!r}")
    if (g := starts(claims_kind._SIGN_OFF)) and len(words) <= 6:
        return (False, 0.9, f"sign-off {g!r}")
    if (g := starts(claims_kind._DISCOURSE)) and (len(words) <= 12 or g != "sorry"):
        if g != "sorry" or len(words) <= 8:
            return (False, 0.7, f"discourse move {g!r}")
    if sentence.rstrip().endswith(":") and len(words) <= 6:
        return (False, 0.7, "introduces what follows (ends with ':')")
    if alone_on_line and not claims_kind._TERMINAL.search(sentence.rstrip()) and len(words) <= 25:
        return (False, 0.8, "heading: alone on its line without final punctuation")
    if len(words) <= 2 and not claims_kind._TERMINAL.search(sentence.rstrip()):
        return (False, 0.7, "fragment of at most two words")
    return (True, 0.7 if len(words) >= 5 else 0.55, "declarative sentence")


@settings(max_examples=400, deadline=None)
@given(sentences(max_words=12), st.booleans())
def test_is_claim_equals_the_reference(sentence, alone):
    assert tuple(claims_kind.is_claim(sentence, alone)) == reference_is_claim(sentence, alone)


@pytest.mark.parametrize(
    "sentence",
    [
        "They should act now.", "It should be noted that prices rose.", "We must stop this.", "Tribute must be paid.",
        "They ought to leave.", "He needs to go.", "She has to decide.", "They had to respond quickly.",
        "They called on the council to act.", "He calls for the release of prisoners.", "We urge restraint.",
        "They demanded answers.", "He appealed to the court.", "It is time to talk.", "It is necessary to act.",
        "Let them speak.", "We ask for calm.", "We call on everyone.", "The will of the people is clear.",
        "They will never agree.", "We shall see.", "They won't come.", "They are going to vote.",
        "The vote is expected to pass.", "Talks are unlikely to resume.", "He plans to resign.",
        "Prices could rise sharply next week.", "Experts forecast growth.", "In the coming months, talks resume.",
        "HAS TO BE DONE.", "It Is Time.", "They were set to meet.", "It is vital.", "Free will matters.",
    ],
)
def test_each_kind_pattern_gives_what_searching_everything_gives(sentence):
    assert claim_kind(sentence, []) == claim_kind(sentence, [], 0, None, NO_PREFILTER)


def reference_ascii_like(sentence: str) -> bool:
    return not re.search(r"[^\x00-\x7f](?<=[\w€£¥₽])", sentence)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ_5 ?'’“”–•\u00a0é١€£$K\u212a\u0130ıſΣⒶ"), max_size=20))
def test_ascii_like_equals_the_reference(sentence):
    assert claims_keys.ascii_like(sentence) == reference_ascii_like(sentence)


@settings(max_examples=400, deadline=None)
@given(sentences(max_words=30))
def test_keys_of_a_sentence_with_plain_non_ascii_characters_equal_the_utf8_keys(sentence):
    # the ascii_like path (one "?" byte per character) finds the words at the offsets the UTF-8 path
    # finds them at, after converting its byte offsets
    keys = sentence_keys(sentence)
    if keys.low is None or sentence.isascii() or not claims_keys.ascii_like(sentence):
        return
    utf8 = keys.low.encode()
    slow = claims_keys.Keys(keys.mask, keys.low, keys.words, b" " + utf8.translate(claims_keys._AZ_ONLY).replace(b"\t", b" ") + b" ", utf8)
    assert keys.utf8 is None
    for words in (keys.words, claims_keys.NUMBER_KEYS_B, claims_keys.CUE_KEYS_B):
        assert claims_keys.word_starts(keys, words & keys.words) == claims_keys.word_starts(slow, words & keys.words)
    digits = bool(claims_keys._NUMBER_SIGN.search(sentence))
    assert bool(keys.mask >> claims_keys.DIGIT_BIT & 1) == digits


@settings(max_examples=300, deadline=None)
@given(sentences(max_words=30))
def test_stance_tree_from_the_first_key_finds_what_the_flat_search_finds(sentence):
    keys = sentence_keys(sentence)
    if keys.mask >> claims_keys.STANCE_BIT & 1:
        want = _STANCE.search(sentence)
        got = claims_kind._evaluative_signal(sentence, keys)
        assert (got == f"stance marker {want.group(0)!r}") if want else not (got or "").startswith("stance")


@settings(max_examples=500, deadline=None)
@given(sentences(max_words=30))
@example("one$ ")
@example("£5false terrible")
@example("$should 5should should5 _should é should")
def test_word_starts_are_the_keyword_runs_of_the_lowered_sentence(sentence):
    """What every rule relies on: word_starts gives every a-z run of the lower-cased sentence that is
    one of the words, whatever character (digit, "$", currency sign, punctuation, none) is next to it."""
    keys = sentence_keys(sentence)
    if keys.low is None:
        return
    runs = [(m.start(), m.group().encode()) for m in re.finditer("[a-z]+", keys.low)]
    assert keys.words == {w for _, w in runs} & claims_keys._KEYWORDS
    for words in (keys.words, claims_keys.NUMBER_KEYS_B, claims_keys.STANCE_KEYS_B, claims_keys.EVALUATIVE_KEYS_B):
        words &= keys.words
        assert claims_keys.word_starts(keys, words) == [i for i, w in runs if w in words]
    assert bool(keys.mask >> claims_keys.DIGIT_BIT & 1) == bool(claims_keys._NUMBER_SIGN.search(sentence))


@pytest.mark.parametrize("glue", ["$", "5", "£", "€", "¥", "₽", "%", ",", "_", "'", "(", "é", "١", "\t", ""])
def test_a_keyword_glued_to_any_character_is_found_as_the_regexes_find_it(glue):
    for sentence in (f"They{glue}should{glue}act.", f"{glue}one{glue} people", f"x{glue}false{glue}terrible{glue}",
                     f"Prices{glue}will{glue}rise", f"It{glue}is{glue}terrible.", f"one hundred{glue}forecast{glue}"):
        keys = sentence_keys(sentence)
        assert claim_kind(sentence, find_quantities(sentence), 0, None, keys) == claim_kind(
            sentence, find_quantities(sentence, keys=NO_PREFILTER), 0, None, NO_PREFILTER
        ), sentence
        assert find_quantities(sentence, keys=keys) == find_quantities(sentence, keys=NO_PREFILTER), sentence
        assert claims_kind._evaluative_signal(sentence, keys) == reference_evaluative(sentence), sentence
    assert claim_kind("$should", []).value == "prescriptive"
    assert claims_kind._evaluative_signal("£5false terrible") == "judgement words 'false', 'terrible'"
    assert [m.group() for m in claims_quantities._number_matches("one$ ", 0, 5, None)] == ["one"]
    assert [q.text for q in find_quantities("two$ people")] == ["two"]


def test_stance_marker_touched_by_a_digit_or_dollar():
    for s in ("Paid 5 in fact$ 3.", "x in my view$ clearly5", "$clearly so", "the fact5 in fact"):
        assert claims_kind._evaluative_signal(s) == reference_evaluative(s) is not None


@pytest.mark.parametrize(
    "sentence",
    ["Yours faithfully, Anna", "yours faithfullyx", "Good afternoon everyone", "GOOD AFTERNOON", "“Thank you all.”",
     "İf I may add", "If I may add something here, please", "Best regards", "Sorry, sorry, sorry, sorry, sorry, sorry",
     "Good afternoonΣ", "Kind regardsΣΣ", "Hello-world", "Welcome_"],
)
def test_is_claim_with_long_openers_equals_the_reference(sentence):
    for alone in (False, True):
        assert tuple(claims_kind.is_claim(sentence, alone)) == reference_is_claim(sentence, alone)
