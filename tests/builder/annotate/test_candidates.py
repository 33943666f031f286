"""candidates: matches_at over a superset of the match starts is finditer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.candidates import line_starts, matches_at, occurrences

PATTERNS = [r"\bNor\w+(?: Nor\w+)?", r"^\s*No\w*", r"ab|aba|bab", r"(?<=x)ab+"]


def test_small_cases():
    rx = re.compile(r"\bNor\w+(?: Nor\w+)?")
    t = "Northland Nordia Northland"
    assert [m.span() for m in matches_at(rx, t, [0, 10, 17])] == [m.span() for m in rx.finditer(t)]
    assert line_starts("a\nb\n") == [0, 2, 4] and line_starts("") == [0]
    assert occurrences("abab", ("ab", "bab", "x")) == [0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Norab x\n", max_size=40))
def test_every_offset_as_candidates_gives_finditer(text):
    for src in PATTERNS:
        rx = re.compile(src, re.MULTILINE)
        assert [m.span() for m in matches_at(rx, text, list(range(len(text) + 1)))] == [m.span() for m in rx.finditer(text)]
    rx = re.compile(r"^\s*No\w*", re.MULTILINE)
    assert [m.span() for m in matches_at(rx, text, line_starts(text))] == [m.span() for m in rx.finditer(text)]
    rx = re.compile(r"ab|aba|bab")
    assert [m.span() for m in matches_at(rx, text, occurrences(text, ("ab", "bab")))] == [m.span() for m in rx.finditer(text)]
