"""Trying a pattern only where a match can start: what ``finditer`` finds, for a fraction of the work.

An annotator that knows every offset where its pattern can start (where a literal occurs, where
a line starts) tries ``re.match`` there instead of letting ``re`` attempt every offset;
:func:`matches_at` then yields exactly what ``finditer`` would.  Each caller states (and its tests
pin) why its offsets are a superset of the match starts.
"""

from __future__ import annotations

import re
from typing import Iterator


def matches_at(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What ``rx.finditer(text)`` yields, given every offset where a match may start (sorted).

    ``finditer`` returns the leftmost match, then searches on from its end; trying ``rx.match`` at
    the candidate offsets in order, skipping those inside the last match, does the same.  ``rx``
    must not match the empty string.
    """
    end = 0
    for p in starts:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            yield m
            end = m.end()


def occurrences(text: str, words: tuple[str, ...]) -> list[int]:
    """Every offset where one of ``words`` occurs in ``text`` (overlaps included), sorted."""
    out = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    out.sort()
    return out


def line_starts(text: str) -> list[int]:
    """Every offset where ``^`` matches under ``re.MULTILINE``: 0 and after each newline."""
    out = [0]
    i = text.find("\n")
    while i >= 0:
        out.append(i + 1)
        i = text.find("\n", i + 1)
    return out
