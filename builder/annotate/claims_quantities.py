"""Quantities in a sentence: numerals and English number words, with the counted thing or unit.

Pure core: ``find_quantities(text, start, end) -> list[Quantity]`` with offsets into ``text``
(code points, end-exclusive).  Dates, years, decades, ordinals, clock times, hyphenated
identifiers (``COVID-19``), compound adjectives (``76-year-old``, ``one-sided``) and labels such as
``Section 907`` are not quantities.  Vague amounts (``dozens of``, ``hundreds of thousands``) are
kept with ``value=None``; :func:`is_precise` tells them apart.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from source_stance.builder.annotate.claims_keys import (
    DIGIT_BIT,
    NUMBER_BIT,
    NUMBER_KEYS_B,
    SCALE_KEYS_B,
    Keys,
    sentence_keys,
    word_starts,
)

ANNOTATOR = "rule:claims.quantities.v4"  # v2: the counted word is looked for within the sentence only; v3: so are the words that make a number a date, year, age or "one" a pronoun; v4: a number word next to a digit or "$" ("one$") is found, as the regex finds it
#: Numerals and number words are unambiguous to find; the counted thing is the weaker part.
CONFIDENCE = 0.9

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12}
_SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands|millions|billions)"
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)
_MONTHS = r"(?:%s)\.?" % "|".join(_MONTH_NAMES)
_WORD_NUM = r"(?:%s|%s)(?:[- ](?:%s))?" % ("|".join(_TENS), "|".join(_UNITS), "|".join(k for k in _UNITS if k != "zero"))
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_FRACTION = r"\b(?:a|one|two|three|four)[\s-]+(?:half|thirds?|quarters?|fifths?|tenths?)\b(?=\s+of\b)|(?<!first\s)(?<!second\s)(?<!the\s)(?<!latter\s)(?<!other\s)\bhalf\b(?=\s+of\b)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?P<cur>[$€£¥₽])?"
    rf"(?P<num>(?:{_DIGITS})(?:\s*(?:{'|'.join(_SCALES)})s?\b|(?:{'|'.join(_SCALE_ABBR)})\b)?"
    rf"|\b(?:a|one|{_WORD_NUM})\s+(?:{'|'.join(_SCALES)})\b(?:\s+(?:and\s+)?{_WORD_NUM}\b)?"
    rf"|\ba\s+dozen\b|\b{_VAGUE}\b(?=\s+of\b)|{_FRACTION}|\b{_WORD_NUM}\b)",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"\b(more than|less than|fewer than|at least|at most|over|under|about|around|approximately|nearly|almost|"
    r"some|up to|roughly|an estimated|as many as|as few as|just|only|a total of)\s*$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(%|per\s?cent\b|percent\b|percentage points?\b)", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\s+([A-Za-z][\w'’-]*|\d+[-‐][A-Za-z][\w'’-]*)")
_FUNCTION = frozenset(
    "of in on at to and or but by from for with as than that which who whom whose were was are is be been "
    "have has had took take takes did do does will would could should may might must out per each".split()
)
_NOT_COUNT_AFTER_ONE = frozenset("of another other day time way side hand thing".split())
_NOT_COUNT_BEFORE_ONE = frozenset("no any every some the this that which anyone someone each".split())
_PLURALISH = frozenset("people children men women police staff personnel".split())
_ADJ_LIKE = re.compile(r"^(?:[A-Z][a-z]+(?:i|ian|ish|ese|an)|[a-z]+(?:al|ive|ous|ed|ic))$")


class Quantity(NamedTuple):  # a tuple: cheaper to build than a frozen dataclass
    value: float | None
    qualifier: str | None
    text: str
    unit_or_counted: str | None
    start: int
    end: int

    def as_record(self) -> dict:
        return {
            "value": self.value,
            "qualifier": self.qualifier,
            "text": self.text,
            "unit_or_counted": self.unit_or_counted,
            "start": self.start,
            "end": self.end,
        }


_new_quantity = tuple.__new__


def is_precise(q: Quantity) -> bool:
    """A stated number (not a vague ``dozens of``)."""
    return q.value is not None


_WORD_SPLIT = re.compile(r"[\s-]+")
_VAGUE_FULL = re.compile(_VAGUE, re.IGNORECASE)
_FRACTION_VALUE = re.compile(r"(?:(a|one|two|three|four)[\s-]+)?(half|third|quarter|fifth|tenth)s?")
_DIGITS_VALUE = re.compile(rf"({_DIGITS})\s*([A-Za-z]*)$")


def _word_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    for w in _WORD_SPLIT.split(words.lower()):
        if w in ("and", ""):
            continue
        if w == "a":
            current = max(current, 1)
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w.rstrip("s") in _SCALES:
            scale = _SCALES[w.rstrip("s")]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
    return total + current


def _value(num: str) -> float | None:
    if num.isdecimal():
        return float(num)  # plain digits (the common case): what _digits_value gives them
    if num[0].isdecimal():  # digits (vague amounts and fractions are words)
        m = _DIGITS_VALUE.match(num)
        if m:
            return _digits_value(m)
        return _word_value(num)
    if _VAGUE_FULL.fullmatch(num):
        return None
    frac = _FRACTION_VALUE.fullmatch(num.lower())
    if frac:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get(frac.group(1) or "a", 1)
        return n * _FRACTIONS[frac.group(2)]
    m = _DIGITS_VALUE.match(num)
    if m:
        return _digits_value(m)
    return _word_value(num)


def _digits_value(m: re.Match) -> float:
    v = float(m.group(1).replace(",", ""))
    suffix = m.group(2).lower().rstrip("s") if m.group(2) else ""
    if suffix in _SCALES:
        v *= _SCALES[suffix]
    elif suffix in _SCALE_ABBR:
        v *= _SCALE_ABBR[suffix]
    return v


# What makes a number a date or a label, looked at in the 16 characters after it ...
_DATE_AFTER = re.compile(
    rf"\s*(?:st|nd|rd|th)?\s+{_MONTHS}"  # "20 January"
    r"|(?:st|nd|rd|th)\b|s\b|'s\b"  # ordinals, decades ("1990s")
    r"|[-‐–]\w"  # "76-year-old", "2020-21"
    r"|[:.]\d|(?i:\s*(?:a\.m\.|p\.m\.|am|pm)\b)"  # clock times, version numbers
)
# ... and in the 24 before it,
_LABELS = ("Section", "Article", "Resolution", "No.", "Number", "Chapter", "Paragraph", "Law", "Decree", "Act")
_DATE_BEFORE = re.compile(
    rf"\b{_MONTHS}\s*$"  # "January 20"
    r"|(?:\w[-‐–/]|\d[:.])$"  # "COVID-19"
    r"|\b(?:%s)\s*$" % "|".join(re.escape(w) for w in _LABELS)
)
# which can only match where the text before ends with one of these words (then white space) ...
_DATE_BEFORE_WORDS = _MONTH_NAMES + tuple(m + "." for m in _MONTH_NAMES) + _LABELS
# ... or with one of these characters (then at most a newline).
_DATE_BEFORE_JOINERS = "-‐–/:."
_COMMA_BEFORE = re.compile(r"\w,\s*$")
_COMMA_AFTER = re.compile(r"\s*,")
_YEAR_COUNTED = re.compile(r"\s+([a-z]{3,}s|people)\b")
_LINE_START_BEFORE = re.compile(r"(?:^|\n)\s*$")
_LIST_MARKER_AFTER = re.compile(r"[.)]\s")


def _is_date_or_label(text: str, s: int, e: int, num: str, end: int | None = None) -> bool:
    """Whether the number ``text[s:e]`` is a date, time, age, year or label, from the 24 characters
    before it and the 16 after it; words are read no further than ``end`` (the sentence's end)."""
    after = text[e : min(e + 16, len(text) if end is None else end)]
    year = len(num) == 4 and num.isdigit() and 1000 <= int(num) <= 2100
    if year and not ((m := _YEAR_COUNTED.match(after)) and m.group(1) not in _FUNCTION):
        return True  # a year (not "1200 people"): what the checks below find first is True too
    before = text[max(0, s - 24) : s]
    if _DATE_AFTER.match(after):
        return True
    bare = before.rstrip()  # what the patterns' trailing \s* skips
    last = before[-2:-1] if before.endswith("\n") else before[-1:]
    if (bare.endswith(_DATE_BEFORE_WORDS) or (last and last in _DATE_BEFORE_JOINERS)) and _DATE_BEFORE.search(before):
        return True
    if bare.endswith(",") and num.isdigit() and int(num) < 120 and _COMMA_BEFORE.search(before) and _COMMA_AFTER.match(after):
        return True  # an age in apposition: "the suspect, 34, was"
    if year:
        return False  # "1200 people" (a year otherwise, found above)
    if num.isdigit() and _LIST_MARKER_AFTER.match(text, e) and _LINE_START_BEFORE.search(before):
        # the marker's white space may be the sentence boundary itself: not bounded by ``end``
        return True  # list marker "1. "
    return False


def _counted(text: str, e: int, end: int) -> tuple[str | None, int]:
    """The unit or counted thing after a number ending at ``e``, read no further than ``end`` (the
    sentence's end: on an unpunctuated line the next line's first word is not what it counts)."""
    pm = _PERCENT.match(text, e, end)
    if pm:
        return pm.group(1), e + pm.end()
    words: list[str] = []
    pos = e
    while len(words) < 3:
        m = _UNIT_WORD.match(text, pos, end)
        if not m:
            break
        w = m.group(1)
        lw = w.lower()
        if lw in _FUNCTION:
            break
        words.append(w)
        pos = m.end()
        if w[0].isdigit():
            continue  # "one 76-year-old civilian"
        if (lw.endswith("s") and not lw.endswith("ss")) or lw in _PLURALISH or not _ADJ_LIKE.match(w):
            break
    if not words:
        return None, e
    return " ".join(words), pos


_NUM_CHAR = re.compile(r"[\d$€£¥₽]")  # one character: re scans for it fast
_HYPHEN_AFTER = re.compile(r"[-‐–]\w")
_PREV_WORD = re.compile(r"(\w+)\s*$")
_NEXT_WORD = re.compile(r"[\s-]*(\w+)")
_HYPHEN = re.compile(r"[-‐]")
_OF = re.compile(r"\s+of(?:\s+(?:the|its|their|his|her|our|all))?\b")
#: The key bits without which a sentence holds no quantity: a caller with the keys may skip
#: :func:`find_quantities` when both are clear (it would find nothing: no number word to try, no
#: digit or currency sign to search for).
NUMBER_BITS = 1 << NUMBER_BIT | 1 << DIGIT_BIT


_QUALIFIERS = tuple(_QUALIFIER.pattern.split("(", 1)[1].split(")", 1)[0].split("|"))
_LONGEST_QUALIFIER = max(len(q) for q in _QUALIFIERS)


def _qualifier(text: str, start: int, s: int) -> re.Match | None:
    """``_QUALIFIER.search(text, start, s)``: a qualifier (written with plain spaces) followed by
    nothing but white space up to ``s``, so the search starts just before that white space, and
    only when the text there ends with a qualifier."""
    j = s
    while j > start and text[j - 1].isspace():
        j -= 1
    lo = max(start, j - _LONGEST_QUALIFIER)
    tail = text[lo:j]
    if tail.isascii() and not tail.lower().endswith(_QUALIFIERS):
        return None
    return _QUALIFIER.search(text, lo, s)


def _word_candidates(start: int, keys: Keys) -> list[int]:
    """Sorted positions (offsets into the text; the sentence starts at ``start``) where a
    spelled-out quantity may start: every number word standing as a run of letters in the
    lower-cased sentence (see :mod:`.claims_keys`) and an "a" before "hundred", "dozen", "third", ..."""
    words = keys.words & NUMBER_KEYS_B
    if not words:
        return []
    low = keys.low
    cands = [start + i for i in word_starts(keys, words)]
    scaled = words & SCALE_KEYS_B
    for i in word_starts(keys, scaled) if scaled else ():
        k = i - 1
        while k >= 0 and (low[k].isspace() or low[k] == "-"):
            k -= 1
        if 0 <= k < i - 1 and low[k] == "a":
            cands.append(start + k)
    cands.sort()
    return cands


def _number_matches(text: str, start: int, end: int, keys: Keys | None) -> list[re.Match]:
    """``list(_NUMBER.finditer(text, start, end))``, trying only where a match may start: at a
    digit or currency sign (the next one is searched for), or at a number word (see
    :func:`_word_candidates`)."""
    if keys is None:
        keys = sentence_keys(text[start:end])
    if keys.low is None:
        return list(_NUMBER.finditer(text, start, end))
    digits = keys.mask >> DIGIT_BIT & 1
    words = _word_candidates(start, keys)
    out: list[re.Match] = []
    pos, k, n = start, 0, len(words)
    while True:
        while k < n and words[k] < pos:
            k += 1
        c = words[k] if k < n else end
        if digits and (d := _NUM_CHAR.search(text, pos, c)):
            c = d.start()
        elif c == end:
            return out
        m = _NUMBER.match(text, c, end)
        if m is None:
            pos = c + 1
        else:
            out.append(m)
            pos = m.end()


def find_quantities(
    text: str, start: int = 0, end: int | None = None, keys: Keys | None = None
) -> list[Quantity]:
    """Quantities in ``text[start:end]`` (offsets into ``text``).

    ``keys``: :func:`.claims_keys.sentence_keys` of ``text[start:end]`` if the caller has it.
    """
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in _number_matches(text, start, end, keys):
        s, e = m.span("num")
        num = text[s:e]
        low = num.lower()
        if low == "one":
            prev = _PREV_WORD.search(text[max(start, s - 20) : s])
            nxt = _NEXT_WORD.match(text[e : min(e + 20, end)])
            if (
                (prev and prev.group(1).lower() in _NOT_COUNT_BEFORE_ONE)
                or (nxt and nxt.group(1).lower() in _NOT_COUNT_AFTER_ONE)
                or _HYPHEN.match(text[e : min(e + 1, end)])
                or not nxt
            ):
                continue
        if "a" <= low[0] <= "z":
            if _HYPHEN_AFTER.match(text, e, min(e + 2, end)):
                continue  # "one-sided", "three-day"
        elif _is_date_or_label(text, s, e, num, end):
            continue
        value = _value(num)
        qual = _qualifier(text, start, s)
        if (cs := m.start("cur")) >= 0:  # the sign is the unit (what follows is not read)
            unit = text[cs]
            s = cs
        else:
            unit = _counted(text, e, end)[0]
        if value is None or value < 1:
            of = _OF.match(text, e, end)
            if of:  # "thousands of displaced persons", "a third of the population"
                unit = _counted(text, of.end(), end)[0]
        qualifier = qual.group(1).lower() if qual and qual.end() >= s - 1 else None
        # Quantity(value, qualifier, text, unit_or_counted, start, end) without the keyword handling
        out.append(_new_quantity(Quantity, (value, qualifier, text[s:e], unit, s, e)))
    return out
