"""Quotation regions of a document (used by :mod:`.claims_attribution`).

Double quotation marks (straight or curly, even mismatched) are classified as opening or closing by
their neighbours and paired; a quote left open runs to the next closing mark, or to the end of its
paragraph when a new paragraph opens another quote.  Single quotes are scare quotes or apostrophes
and are ignored.
"""

from __future__ import annotations

from source_stance.builder.annotate.candidates import occurrences

QUOTES = "\"“”«»„"
_OPEN_BEFORE = set(" \t\n([{—–-/:") | {""}


def _is_opening(text: str, i: int) -> bool | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    opens_ctx = (prev in _OPEN_BEFORE or prev in QUOTES) and nxt and not nxt.isspace()
    closes_ctx = prev and not prev.isspace() and (not nxt or nxt.isspace() or nxt in ".,;:!?)]}—–-" or nxt in QUOTES)
    if opens_ctx and not closes_ctx:
        return True
    if closes_ctx and not opens_ctx:
        return False
    if ch in "“«„":
        return True
    if ch in "”»":
        return False
    return None


def quote_marks(text: str) -> list[int]:
    """Sorted offsets of the marks of :data:`QUOTES` in ``text`` (what a scan for the
    character class ``[QUOTES]`` finds), each mark found by ``str.find``, which skips ahead much faster
    than a character class; an ASCII text can only hold the straight one."""
    return occurrences(text, tuple(QUOTES[:1] if text.isascii() else QUOTES))


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as ``(start, end)``: from the opening mark to just after the closing one."""
    regions: list[tuple[int, int]] = []
    stack: list[int] = []
    for i in quote_marks(text):
        role = _is_opening(text, i)
        if role is None:
            continue
        if role:
            if len(stack) == 1 and text.find("\n\n", stack[0], i) >= 0:
                # a new paragraph opens a quote while one is open: paragraph-style quoting
                para_end = text.rfind("\n\n", stack[0], i)
                regions.append((stack[0], para_end))
                stack.clear()
            if len(stack) < 3:
                stack.append(i)
        elif stack:
            s = stack.pop()
            if not stack:
                regions.append((s, i + 1))
    if stack:
        s = stack[0]
        para_end = text.find("\n\n", s)
        regions.append((s, len(text) if para_end < 0 else para_end))
    return sorted(regions)
