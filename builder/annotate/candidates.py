"""Trying a pattern only where a match can start: what ``finditer`` finds, for a fraction of the work.

An annotator that knows every offset where its pattern can start (where a literal occurs, where
a line starts) tries ``re.match`` there instead of letting ``re`` attempt every offset;
:func:`matches_at` then yields exactly what ``finditer`` would.  Each caller states (and its tests
pin) why its offsets are a superset of the match starts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional


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


def search_at(rx: re.Pattern[str], text: str, starts: list[int], pos: int, endpos: int) -> bool:
    """Whether ``rx.search(text, pos, endpos)`` finds a match, given every offset where one may start
    (``starts``, sorted): ``rx.match`` is tried at those in ``[pos, endpos)``."""
    j = bisect.bisect_left(starts, pos)
    while j < len(starts) and starts[j] < endpos:
        if rx.match(text, starts[j], endpos):
            return True
        j += 1
    return False


def count_at(rx: re.Pattern[str], text: str, starts: list[int], limit: int) -> int:
    """``min(limit, len(list(matches_at(rx, text, starts))))``, without a generator (``limit`` >= 1)."""
    n = end = 0
    for p in starts:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            n += 1
            if n >= limit:
                break
            end = m.end()
    return n


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


#: ``bytes.translate`` table of :func:`skeleton`: ASCII letters lower-cased, every other byte a space.
_SKELETON = bytes(c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256))


def skeleton(text: str) -> str:
    """``text`` with its ASCII letters lower-cased and every other character a space (same offsets)."""
    return text.encode("ascii", "replace").translate(_SKELETON).decode("ascii")


@dataclass(frozen=True)
class Hits:
    """Candidate offsets of an index's literals in one lower-cased text (see :class:`LiteralIndex`)."""

    lower: str  # the text scanned
    #: literal -> sorted offsets where it may stand as a whole word (only literals with offsets)
    words: dict[str, list[int]]
    #: literal -> sorted offsets where it may start a word (only literals with offsets)
    starts: dict[str, list[int]]

    def starts_of(self, literals: Iterable[str]) -> list[int]:
        """Every offset where one of ``literals`` (``starts`` literals) may start, sorted, once each."""
        return _union(self.starts, literals)

    def words_of(self, literals: Iterable[str]) -> list[int]:
        """Every offset where one of ``literals`` (``words`` literals) may stand, sorted, once each."""
        return _union(self.words, literals)


def _union(found: dict[str, list[int]], literals: Iterable[str]) -> list[int]:
    """The sorted union of ``found``'s lists for ``literals`` (each list sorted, without repeats)."""
    lists = [found[w] for w in found.keys() & literals]  # in C; the order does not matter (sorted below)
    if len(lists) == 1:
        return list(lists[0])
    return sorted(set().union(*lists))


@dataclass(frozen=True)
class LiteralIndex:
    """Where many literals stand in a text, found in one Aho-Corasick pass (``pyahocorasick``).

    For a lower-cased text ``lower``, :meth:`scan` gives, for each ``starts`` literal ``w``, every
    offset where ``w.lower()`` occurs in ``lower`` with no ASCII letter right before it, and for each
    ``words`` literal also with none right after it: a superset of where a pattern starting with
    ``\\b`` (or ``(?<!\\w)``) and a word character of ``w``, or a whole word ``w``, can match (it is
    a superset, so each caller still tries its pattern at these offsets).  The pass runs over the
    text's :func:`skeleton` padded with a space at each end, looking for each literal's skeleton
    with a space before it (and after it, for ``words``); a literal without an ASCII letter is found
    with ``str.find`` instead.

    A ``words`` literal with an ASCII letter given ``phrases`` (the words one of which, after
    whitespace, follows it in every match its caller looks for) is only reported where one character
    that is no ASCII letter and the skeleton of one of them follow it, or two such characters do:
    still a superset, from fewer hits where the literal is a common word ("in" of "in conclusion").
    Every caller reading that literal must be one whose matches go on so.
    """

    automaton: Any
    #: (literal, kind) of the literals without an ASCII letter: found with ``str.find``
    plain: tuple[tuple[str, int], ...]

    @staticmethod
    def holds(lit: str) -> bool:
        """Whether an index can hold ``lit``: it has an ASCII letter, or is ASCII and not empty
        (``str.find`` on the lower-cased text then finds it exactly)."""
        return bool(skeleton(lit.lower()).strip()) or (lit.isascii() and lit != "")

    @classmethod
    def build(
        cls, words: Iterable[str] = (), starts: Iterable[str] = (), phrases: Optional[dict[str, tuple[str, ...]]] = None,
    ) -> "LiteralIndex":
        """Raises ``ValueError`` for a literal it cannot hold (see :meth:`holds`), or phrases of no ``words`` literal."""
        import ahocorasick  # only where an index is built

        words, starts = frozenset(words), frozenset(starts)
        phrases = phrases or {}
        if not words.issuperset(phrases):
            raise ValueError(f"phrases of no words literal: {sorted(set(phrases) - words)}")
        keys: dict[str, list[tuple[int, str]]] = {}
        plain = []
        for kind, lits in ((_WORDS, words), (_STARTS, starts)):
            for lit in sorted(lits):
                if not cls.holds(lit):
                    raise ValueError(f"an index cannot hold {lit!r}: it needs an ASCII letter or only ASCII")
                skel = skeleton(lit.lower())
                if not skel.strip():
                    plain.append((lit, kind))
                    continue
                for key in phrase_keys(skel, phrases[lit]) if kind == _WORDS and lit in phrases else (" " + skel + (" " if kind == _WORDS else ""),):
                    keys.setdefault(key, []).append((kind, lit))
        automaton = ahocorasick.Automaton()
        for key, tags in keys.items():
            # a hit's end offset in the padded skeleton, less this, is the literal's offset in the text
            automaton.add_word(key, (len(key) - 1, tuple(tags)))
        automaton.make_automaton()
        return cls(automaton, tuple(plain))

    def scan(self, lower: str) -> Hits:
        """Candidate offsets of every literal in ``lower`` (a lower-cased text, e.g. ``casefold.fold``'s)."""
        found: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        if len(self.automaton):
            for end, (back, tags) in self.automaton.iter(" " + skeleton(lower) + " "):
                p = end - back
                for kind, lit in tags:
                    got = found[kind].get(lit)
                    if got is None:
                        found[kind][lit] = [p]
                    else:
                        got.append(p)
        for lit, kind in self.plain:
            at = occurrences(lower, (lit.lower(),))
            if at:
                found[kind][lit] = at
        return Hits(lower, found[_WORDS], found[_STARTS])


_WORDS, _STARTS = 0, 1


def phrase_keys(skel: str, then: tuple[str, ...]) -> list[str]:
    """The automaton keys of a ``words`` literal (its skeleton ``skel``) followed by one of ``then``:
    a space and each one's skeleton, and two spaces; none a prefix of another (a hit is reported once)."""
    keys = {" " + skel + " " + skeleton(t.lower()) for t in then} | {" " + skel + "  "}
    return sorted(k for k in keys if not any(o != k and k.startswith(o) for o in keys))
