"""casefold: an IGNORECASE pattern on a text == its folded twin on the lower-cased text."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.casefold import UNSAFE, fold, folded, ignorecase_key

ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_lower_keeps_length_except_on_the_unsafe_characters():
    long = {c for c in ALL if len(c.lower()) != 1}
    assert long <= set(UNSAFE)


def test_ignorecase_literal_and_class_semantics_agree_with_str_lower():
    """The premise, checked on every code point: for the characters a pattern may name (ASCII and the
    few non-ASCII letters the annotators use), (?i)x matches c exactly when c.lower() == x.lower(), and
    lower-casing never changes \\w, \\s or \\d membership."""
    safe = "".join(c for c in ALL if c not in UNSAFE)
    low = safe.lower()
    assert len(low) == len(safe)
    for x in string.printable + "éÉ’“”«»—–ʼ":
        hit = {m.start() for m in re.finditer("(?i)" + re.escape(x), safe)}
        want = {i for i, c in enumerate(low) if c == x.lower()}
        assert hit == want, x
    for cls in (r"\w", r"\s", r"\d"):
        a = [m.start() for m in re.finditer(cls, safe)]
        b = [m.start() for m in re.finditer(cls, low)]
        assert a == b, cls


def test_fold_refuses_unsafe_texts():
    assert fold("Straße said") == "straße said"
    for ch in UNSAFE:
        assert fold("said " + ch) is None


def test_folded_refuses_what_it_cannot_fold():
    with pytest.raises(ValueError):
        folded(re.compile("said"))
    for special in ("xocalı", "ſaid", "µm", "İt"):
        with pytest.raises(ValueError):
            folded(re.compile(special, re.I))
    assert folded(re.compile(r"(?P<Adj>[A-Z]\w+) (?P=Adj) É", re.I)).pattern == r"(?P<Adj>[a-z]\w+) (?P=Adj) é"
    with pytest.raises(ValueError):
        folded(re.compile(r"a(?-i:B)", re.I))
    assert folded(re.compile(r"\bSaid\S\W[A-Z]", re.I)).pattern == r"\bsaid\S\W[a-z]"


PATTERNS = [
    r"\b(?:said|says|according\s+to)\b",
    r"^\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+is\s+an?\s+(?:\w+\s+){0,3}(?:fellow|Professor)\b",
    r"\bcommuniqu[eé]\b|\bIS\b|[^.!?\n]{0,10}\bKILLED\b",
]
PIECES = ["said", "SAID", "Says", "according  to", "İ", "ı", "ſ", "K", "Σ", "ς", "É", "é", "’", "\n", " ", ".",
          "Professor", "fellow", "is", "an", "Communiqué", "killed", "x", "_", "7", "Ǆ", "ǅ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40))
def test_folded_twin_finds_the_same_matches(parts):
    text = "".join(parts)
    for src in PATTERNS:
        rx = re.compile(src, re.IGNORECASE | re.MULTILINE)
        low = fold(text)
        if low is None:
            assert any(ch in text for ch in UNSAFE)
            continue
        assert [m.span() for m in folded(rx).finditer(low)] == [m.span() for m in rx.finditer(text)]


# --- ignorecase_key: agrees exactly where re.IGNORECASE equates characters ------------------------

#: Characters re.IGNORECASE equates with another beyond lower(), their partners, and plain letters.
_SPECIAL = "iIıİsSſkK\u212aµμΜσςΣβϐεϵθϑϴκϰπϖρϱφϕωΩΩвᲀтᲄᲅßẞﬅﬆaAéÉ"


def _re_equal(a: str, b: str) -> bool:
    return re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None


@pytest.mark.parametrize("a, b", [("ı", "i"), ("İ", "i"), ("İ", "I"), ("ſ", "S"), ("\u212a", "k"), ("ς", "Σ"), ("µ", "Μ")])
def test_ignorecase_key_equates_what_re_equates(a, b):
    assert _re_equal(a, b)
    assert ignorecase_key(a) == ignorecase_key(b)


def test_ignorecase_key_keeps_length_and_apart_what_re_keeps_apart():
    assert ignorecase_key("DİSPUTED dıspuTed") == "disputed disputed"
    assert ignorecase_key("ß") != ignorecase_key("ss")  # re does not equate them either
    assert not _re_equal("ß", "ss")


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_SPECIAL) | st.characters(exclude_categories=("Cs",)),
       st.sampled_from(_SPECIAL) | st.characters(exclude_categories=("Cs",)))
def test_ignorecase_key_agrees_with_re_on_any_two_characters(a, b):
    assert (ignorecase_key(a) == ignorecase_key(b)) == _re_equal(a, b), (a, b)
    assert len(ignorecase_key(a + b)) == 2


def test_ignorecase_key_agrees_with_re_on_every_character_and_its_cases():
    for c in map(chr, range(0x250)):  # Latin, with ı, İ, ſ
        for other in {c.lower()[0], c.upper()[0], c.casefold()[0]}:
            assert (ignorecase_key(c) == ignorecase_key(other)) == _re_equal(c, other), (c, other)
