"""Quantities in a sentence: numerals and English number words, with the counted thing or unit.

Pure core: ``find_quantities(text, start, end) -> list[Quantity]`` with offsets into ``text``
(code points, end-exclusive).  Dates, years, decades, ordinals, clock times, hyphenated
identifiers (``COVID-19``), compound adjectives (``76-year-old``, ``one-sided``) and labels such as
``Section 907`` are not quantities.  Vague amounts (``dozens of``, ``hundreds of thousands``) are
kept with ``value=None``; :func:`is_precise` tells them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANNOTATOR = "rule:claims.quantities.v1"
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
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
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


@dataclass(frozen=True)
class Quantity:
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


def is_precise(q: Quantity) -> bool:
    """A stated number (not a vague ``dozens of``)."""
    return q.value is not None


def _word_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    for w in re.split(r"[\s-]+", words.lower()):
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
    if re.fullmatch(_VAGUE, num, re.IGNORECASE):
        return None
    frac = re.fullmatch(r"(?:(a|one|two|three|four)[\s-]+)?(half|third|quarter|fifth|tenth)s?", num.lower())
    if frac:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get(frac.group(1) or "a", 1)
        return n * _FRACTIONS[frac.group(2)]
    m = re.match(rf"({_DIGITS})\s*([A-Za-z]*)$", num)
    if m:
        v = float(m.group(1).replace(",", ""))
        suffix = m.group(2).lower().rstrip("s") if m.group(2) else ""
        if suffix in _SCALES:
            v *= _SCALES[suffix]
        elif suffix in _SCALE_ABBR:
            v *= _SCALE_ABBR[suffix]
        return v
    return _word_value(num)


def _is_date_or_label(text: str, s: int, e: int, num: str) -> bool:
    before = text[max(0, s - 24) : s]
    after = text[e : e + 16]
    if re.search(rf"\b{_MONTHS}\s*$", before) or re.match(rf"\s*(?:st|nd|rd|th)?\s+{_MONTHS}", after):
        return True  # "January 20", "20 January"
    if re.match(r"(?:st|nd|rd|th)\b|s\b|'s\b", after):
        return True  # ordinals, decades ("1990s")
    if re.match(r"[-‐–]\w", after) or re.search(r"(?:\w[-‐–/]|\d[:.])$", before):
        return True  # "76-year-old", "COVID-19", "2020-21"
    if re.match(r"[:.]\d", after) or re.match(r"\s*(?:a\.m\.|p\.m\.|am|pm)\b", after, re.IGNORECASE):
        return True  # clock times, version numbers
    if re.search(r"\w,\s*$", before) and re.match(r"\s*,", after) and num.isdigit() and int(num) < 120:
        return True  # an age in apposition: "the suspect, 34, was"
    if re.search(r"\b(?:Section|Article|Resolution|No\.|Number|Chapter|Paragraph|Law|Decree|Act)\s*$", before):
        return True
    if num.isdigit() and len(num) == 4 and 1000 <= int(num) <= 2100:
        m = re.match(r"\s+([a-z]{3,}s|people)\b", after)
        return not (m and m.group(1) not in _FUNCTION)  # a year, unless "1200 people"
    if num.isdigit() and re.search(r"(?:^|\n)\s*$", before) and re.match(r"[.)]\s", after):
        return True  # list marker "1. "
    return False


def _counted(text: str, e: int) -> tuple[str | None, int]:
    pm = _PERCENT.match(text, e)
    if pm:
        return pm.group(1), e + pm.end()
    words: list[str] = []
    pos = e
    while len(words) < 3:
        m = _UNIT_WORD.match(text, pos)
        if not m:
            break
        w = m.group(1)
        if w.lower() in _FUNCTION:
            break
        words.append(w)
        pos = m.end()
        lw = w.lower()
        if w[0].isdigit():
            continue  # "one 76-year-old civilian"
        if (lw.endswith("s") and not lw.endswith("ss")) or lw in _PLURALISH or not _ADJ_LIKE.match(w):
            break
    if not words:
        return None, e
    return " ".join(words), pos


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text, start, end):
        s, e = m.start("num"), m.end("num")
        num = m.group("num")
        low = num.lower()
        if low in ("one", "a dozen") or low == "a":
            prev = re.search(r"(\w+)\s*$", text[max(start, s - 20) : s])
            nxt = re.match(r"[\s-]*(\w+)", text[e : e + 20])
            if low == "one" and (
                (prev and prev.group(1).lower() in _NOT_COUNT_BEFORE_ONE)
                or (nxt and nxt.group(1).lower() in _NOT_COUNT_AFTER_ONE)
                or re.match(r"[-‐]", text[e : e + 1])
                or not nxt
            ):
                continue
        if not re.match(r"[a-z]", low) and _is_date_or_label(text, s, e, num):
            continue
        if re.match(r"[a-z]", low) and re.match(r"[-‐–]\w", text[e : e + 2]):
            continue  # "one-sided", "three-day"
        value = _value(num)
        qual = _QUALIFIER.search(text, start, s)
        unit, _ = _counted(text, e)
        if m.group("cur"):
            unit = m.group("cur")
            s = m.start("cur")
        if value is None and unit is None:
            unit = None
        of = re.match(r"\s+of(?:\s+(?:the|its|their|his|her|our|all))?\b", text[e:])
        if of and (value is None or value < 1):  # "thousands of displaced persons", "a third of the population"
            unit, _ = _counted(text, e + len(of.group(0)))
        out.append(
            Quantity(
                value=value,
                qualifier=qual.group(1).lower() if qual and qual.end() >= s - 1 else None,
                text=text[s:e],
                unit_or_counted=unit,
                start=s,
                end=e,
            )
        )
    return out
