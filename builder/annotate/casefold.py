"""Case-insensitive matching without ``re.IGNORECASE``'s per-character cost.

Python's ``re`` is about three times slower on a case-insensitive pattern than on the same pattern
without the flag.  An ``IGNORECASE`` pattern run on a text finds exactly the matches (same offsets)
of its lower-cased, case-sensitive twin run on ``text.lower()``, provided that lower-casing keeps
every character in place and that ``re``'s case folding agrees with ``str.lower`` on every character
of the text.  Both hold except for three characters: ``İ`` (whose lower case is two characters)
and ``ı`` / ``ſ`` (which ``re`` folds together with ``i`` / ``s``).  :func:`fold` returns ``None``
for a text containing one of them, and the caller then runs the original pattern.

:func:`folded` derives the twin of a pattern mechanically (letters outside backslash escapes
lower-cased), so a pattern is written once.  It refuses patterns it cannot fold exactly (inline
flags, named groups, non-ASCII upper-case letters).
"""

from __future__ import annotations

import re
from typing import Optional

#: Characters on which ``re.IGNORECASE`` and ``str.lower`` disagree (see the module docstring).
UNSAFE = ("\u0130", "\u0131", "\u017f")
_ESCAPE_OR_UPPER = re.compile(r"\\.|[A-Z]", re.DOTALL)


def fold(text: str) -> Optional[str]:
    """``text.lower()`` (same length, same offsets), or None if folded matching is not exact on it."""
    if text.isascii():
        return text.lower()
    for ch in UNSAFE:
        if ch in text:
            return None
    return text.lower()


def folded(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of the case-insensitive ``rx``, to be run on :func:`fold` ``(text)``."""
    src = rx.pattern
    if not rx.flags & re.IGNORECASE:
        raise ValueError(f"not a case-insensitive pattern: {src!r}")
    if "(?" in src.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace("(?<=", "").replace("(?<!", ""):
        raise ValueError(f"cannot fold a pattern with inline flags or named groups: {src!r}")
    if any(not c.isascii() and c.lower() != c for c in src):
        raise ValueError(f"cannot fold a pattern with non-ASCII upper-case letters: {src!r}")
    body = _ESCAPE_OR_UPPER.sub(lambda m: m.group(0) if len(m.group(0)) == 2 else m.group(0).lower(), src)
    return re.compile(body, rx.flags & ~re.IGNORECASE)
