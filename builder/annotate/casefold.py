"""Case-insensitive matching without ``re.IGNORECASE``'s per-character cost.

Python's ``re`` is about three times slower on a case-insensitive pattern than on the same pattern
without the flag.  An ``IGNORECASE`` pattern run on a text finds exactly the matches (same offsets)
of its lower-cased, case-sensitive twin run on ``text.lower()``, provided that lower-casing keeps
every character in place and that ``re``'s case folding agrees with ``str.lower`` on every character
of the text that the pattern can tell apart.  Both hold except for three characters: ``İ`` (whose
lower case is two characters) and ``ı`` / ``ſ`` (which ``re`` folds together with ``i`` / ``s``).
:func:`fold` returns ``None`` for a text containing one of them, and the caller then runs the
original pattern.  (Context-dependent lower-casing, Greek final sigma, only matters to patterns
that name such letters, which :func:`folded` refuses.)

:func:`folded` derives the twin of a pattern mechanically (letters outside backslash escapes
lower-cased), so a pattern is written once.  It refuses patterns it cannot fold exactly (inline
flags, letters that ``re`` folds together with another letter).
"""

from __future__ import annotations

import re
from typing import Optional

#: Characters on which ``re.IGNORECASE`` and ``str.lower`` disagree (see the module docstring).
UNSAFE = ("\u0130", "\u0131", "\u017f")
_GROUP_NAME = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)")
_TOKEN = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|(?P<letter>[^\W\d_])", re.DOTALL)


def fold(text: str) -> Optional[str]:
    """``text.lower()`` (same length, same offsets), or None if folded matching is not exact on it."""
    if text.isascii():
        return text.lower()
    for ch in UNSAFE:
        if ch in text:
            return None
    return text.lower()


def _extra_cases() -> frozenset[int]:
    """Code points ``re`` folds together with another one beyond ``lower()`` (``i``/``ı``, ``s``/``ſ``, ``µ``/``μ``...)."""
    try:
        from re._casefix import _EXTRA_CASES  # Python >= 3.11
    except ImportError:  # pragma: no cover - older Pythons: treat every non-ASCII letter as unsafe
        return frozenset(range(0x80, 0x110000))
    return frozenset(_EXTRA_CASES)


def ignorecase_key(text: str) -> str:
    """A string of ``text``'s length on which two texts agree exactly when ``re.IGNORECASE`` takes
    them for one another character by character: each character's one-character lower case
    (``İ`` -> ``i``), then the first of the letters ``re`` folds together with it (``ı`` -> ``i``,
    ``ſ`` -> ``s``, ``ς`` -> ``σ``...).  For looking up what a case-insensitive pattern matched."""
    if text.isascii():
        return text.lower()
    try:
        from re._casefix import _EXTRA_CASES  # Python >= 3.11
    except ImportError:  # pragma: no cover - older Pythons: lower case only
        _EXTRA_CASES = {}
    out = []
    for c in text:
        low = c.lower()[0]  # re compares one-character lower cases: "İ" is "i", not "i̇"
        same = _EXTRA_CASES.get(ord(low))
        out.append(chr(min(ord(low), *same)) if same else low)
    return "".join(out)


def folded(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of the case-insensitive ``rx``, to be run on :func:`fold` ``(text)``.

    Group names are kept; a match's groups then hold lower-cased text (slice the original by span).
    """
    src = rx.pattern
    if not rx.flags & re.IGNORECASE:
        raise ValueError(f"not a case-insensitive pattern: {src!r}")
    plain = _GROUP_NAME.sub("", src)
    for opener in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
        plain = plain.replace(opener, "")
    if "(?" in plain:
        raise ValueError(f"cannot fold a pattern with inline flags: {src!r}")
    extra = _extra_cases()
    if any(not c.isascii() and (ord(c) in extra or ord(c.lower()[0]) in extra or len(c.lower()) != 1) for c in src):
        raise ValueError(f"cannot fold a pattern with a letter re folds specially: {src!r}")
    body = _TOKEN.sub(lambda m: m.group(0).lower() if m.group("letter") else m.group(0), src)
    return re.compile(body, rx.flags & ~re.IGNORECASE)
