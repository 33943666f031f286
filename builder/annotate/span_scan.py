"""Faster regex scans that find exactly what the plain scan finds.  Pure functions; used by the
claim annotators.

* :func:`fold_case` lower-cases a text without changing its length, so that an ``IGNORECASE``
  pattern made only of ASCII literals, ``\\w``/``\\s``/``\\b`` and ``-`` matches the original text
  at exactly the positions where the same pattern with lower-case literals and no flag matches the
  folded text (``İ``/``ı`` fold to ``i``, ``ſ`` to ``s``, the Kelvin sign to ``k``, as ``re`` does).
* :func:`literal_alternation` writes ``(?:a|b|...)`` over literal strings as a prefix tree that
  ``re`` scans much faster and that matches exactly what the flat alternation matches (the first
  alternative in order that lets the whole pattern match).
* :func:`literal_anchors` + :func:`spans_at_anchors`: a pattern that can only match where one of
  a few literal prefixes occurs is tried only there (``str.find``), giving what ``finditer`` gives.
* :class:`LiteralScan`: the same for several patterns at once, their literals found at word
  starts in one Aho-Corasick pass over the folded text (:func:`word_start_text`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from source_stance.builder.annotate.candidates import occurrences


def fold_case(text: str) -> str | None:
    """Lower-case ``text`` character by character as ``re.IGNORECASE`` compares ASCII letters (None
    in the unexpected case that lower-casing changes the length)."""
    if "İ" in text:
        text = text.replace("İ", "i")
    low = text.lower()
    if "ı" in low:
        low = low.replace("ı", "i")
    if "ſ" in low:
        low = low.replace("ſ", "s")
    return low if len(low) == len(text) else None


def literal_alternation(alternatives: Iterable[str], lookbehind: str | None = None) -> str:
    """Regex source matching like ``(?:a|b|...)`` over the literal ``alternatives`` (tried in the
    given order), written as a prefix tree.  Alternatives that begin with different characters
    cannot both match at one position, so grouping them by first character keeps the order that
    matters; an alternative that ends where others continue keeps its place among them.

    ``lookbehind``: a one-character class (e.g. ``[\\w-]``) that must NOT match just before the
    match start, written after the first character (``c(?<!CLASSc)``) so that the pattern begins
    with a literal and ``re`` can skip to the characters that can start a match."""
    seen: set[str] = set()
    alts = [a for a in alternatives if not (a in seen or seen.add(a))]
    if not alts:
        return "(?!)"
    return _tree(alts, lookbehind)


def _tree(alts: list[str], lookbehind: str | None) -> str:
    if "" in alts:
        i = alts.index("")
        parts = ([_tree(alts[:i], lookbehind)] if i else []) + [""] + ([_tree(alts[i + 1 :], lookbehind)] if i + 1 < len(alts) else [])
        return "(?:%s)" % "|".join(parts)
    groups: dict[str, list[str]] = {}
    for a in alts:
        groups.setdefault(a[0], []).append(a[1:])
    parts = []
    for c, rests in groups.items():
        head = re.escape(c)
        if lookbehind is not None:
            head += f"(?<!{lookbehind}{re.escape(c)})"
        if len(rests) == 1:
            parts.append(head + re.escape(rests[0]))
        else:
            parts.append(head + _tree(rests, None))
    return parts[0] if len(parts) == 1 else "(?:%s)" % "|".join(parts)


def literal_anchors(alternatives: Iterable[str], min_len: int = 4) -> list[str]:
    """Prefixes such that every alternative begins with one of them: each as long as the
    alternatives under it share, and at least ``min_len`` characters unless an alternative is
    shorter.  Few, long anchors make :func:`spans_at_anchors` cheap."""
    alts = sorted({a for a in alternatives if a})
    out: list[str] = []

    def walk(prefix: str, group: list[str]) -> None:
        while all(len(a) > len(prefix) for a in group) and len({a[len(prefix)] for a in group}) == 1:
            prefix += group[0][len(prefix)]
        if len(prefix) >= min_len or any(len(a) == len(prefix) for a in group):
            out.append(prefix)
            return
        by_next: dict[str, list[str]] = {}
        for a in group:
            by_next.setdefault(a[len(prefix)], []).append(a)
        for c, sub in by_next.items():
            walk(prefix + c, sub)

    if alts:
        walk("", alts)
    return out


def prefix_free(literals: Iterable[str]) -> list[str]:
    """The literals (sorted, without repeats) that do not begin with another of them: where any of
    ``literals`` stands, one of these stands, so they find the same start positions with fewer hits."""
    out: list[str] = []
    for lit in sorted(set(literals)):
        # in sorted order, a literal's kept prefix (if any) is the last kept literal
        if not out or not lit.startswith(out[-1]):
            out.append(lit)
    return out


def spans_at_anchors(pattern: re.Pattern, text: str, anchors: Sequence[str]) -> list[tuple[int, int]]:
    """``[m.span() for m in pattern.finditer(text)]`` for a pattern that can only match where one of
    ``anchors`` occurs (in ``text`` as given): the match is tried only there, in order, skipping
    positions inside the previous match, exactly as ``finditer`` would."""
    return match_spans(pattern, text, occurrences(text, tuple(anchors)))


def match_spans(pattern: re.Pattern, text: str, candidates: Iterable[int], endpos: int = sys.maxsize) -> list[tuple[int, int]]:
    """``[m.span() for m in pattern.finditer(text, min(candidates), endpos)]`` when every match
    starts at one of ``candidates`` (any order, repeats allowed): each is tried in order, skipping
    positions inside the previous match, as ``finditer`` would.  Unlike
    :func:`~source_stance.builder.annotate.candidates.matches_at` (match objects, sorted offsets,
    no empty match) it gives spans only, and allows empty matches and an ``endpos``."""
    out: list[tuple[int, int]] = []
    last = 0
    match = pattern.match
    for p in sorted(set(candidates)):
        if p >= last and (m := match(text, p, endpos)):
            out.append(span := m.span())
            last = span[1] if span[1] > p else p + 1
    return out


#: ``bytes.translate`` table of :func:`word_start_text`: ``[\w-]`` ASCII characters kept, every
#: other byte a space.
_NOT_WORD_TO_SPACE = bytes(c if chr(c).isalnum() and chr(c).isascii() or chr(c) in "_-" else 32 for c in range(256))


def word_start_text(folded: str) -> str:
    """``" " + folded`` with every character but the ASCII ``[\w-]`` ones made a space (one
    character each, so offsets shift by one): a literal that stands in ``folded`` at a position not
    preceded by a ``[\w-]`` character (or at 0) stands there in this text after a space.  Case is
    kept (``folded`` has no ASCII capital)."""
    return " " + folded.encode("ascii", "replace").translate(_NOT_WORD_TO_SPACE).decode("ascii")


@dataclass(frozen=True)
class LiteralScan:
    """The ``finditer`` spans of several patterns over one text, from one Aho-Corasick pass
    (``pyahocorasick``) over its :func:`fold_case`.

    Each slot is a pattern, literals and where it matches: the text itself or its fold.  The
    pattern must only match where one of its literals stands in the *folded* text (for a pattern
    over the text: where the literal's :func:`fold_case` stands, which holds for a match of that
    literal itself as long as it has no ``Σ``, the one letter ``str.lower`` lowers by context),
    and only where the character before is not ``[\w-]`` (or at the start), as a pattern starting
    with ``(?<![\w-])`` does: the pass reads :func:`word_start_text` for a space and the literal
    (every character of both made a space but the ASCII ``[\w-]`` ones), so that a literal inside
    a word is not a candidate.  :meth:`spans` tries each pattern at its candidates
    (:func:`match_spans`)."""

    automaton: Any  # None: no literals
    slots: tuple[tuple[re.Pattern | None, bool], ...]  # (pattern, matched over the folded text)

    @classmethod
    def build(cls, slots: Sequence[tuple[re.Pattern | None, Iterable[str], bool]]) -> "LiteralScan":
        tags: dict[str, list[tuple[int, int]]] = {}
        for k, (pattern, literals, _) in enumerate(slots):
            for lit in literals:
                if not lit or pattern is None:
                    raise ValueError(f"slot {k}: a literal must be non-empty and have a pattern")
                # ends at ``end`` in word_start_text: starts at end - len(lit) in the folded text
                where = tags.setdefault(word_start_text(lit), [])
                if (k, len(lit)) not in where:
                    where.append((k, len(lit)))
        automaton = None
        if tags:
            import ahocorasick  # only where a scan is built

            automaton = ahocorasick.Automaton()
            for key, where in tags.items():
                automaton.add_word(key, tuple(where))  # (slot, literal length): end - it = start
            automaton.make_automaton()
        return cls(automaton, tuple((pattern, folded) for pattern, _, folded in slots))

    def spans(self, text: str, folded: str) -> list[list[tuple[int, int]]]:
        """Per slot, ``[m.span() for m in pattern.finditer(...)]`` over ``text`` or ``folded``
        (``fold_case(text)``, not None)."""
        starts: list[list[int]] = [[] for _ in self.slots]
        if self.automaton is not None:
            for end, where in self.automaton.iter(word_start_text(folded)):
                for k, back in where:
                    starts[k].append(end - back)
        return [
            match_spans(pattern, folded if on_folded else text, found) if found else []
            for (pattern, on_folded), found in zip(self.slots, starts)
        ]
