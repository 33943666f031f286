"""Reporting cues and agentless-report patterns of the attribution rules, and where they can occur
in a document, found from each sentence's keywords (see :mod:`.claims_keys`).

:func:`span_cues` gives, per sentence span, exactly the ``(start, end)`` of every
:data:`REPORTING_CUE` match that ``REPORTING_CUE.finditer(text, start, end)`` gives, and which of
:data:`ACCORDING`, :data:`PASSIVE` and :data:`PASSIVE_DEMAND` the sentence can match at all (a necessary
condition: the words each of their matches needs stand in the sentence), so the attribution rules
search those patterns only there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from source_stance.builder.annotate.claims_keys import CUE_BIT, CUE_KEYS_B, RARE_BIT, RARE_PAIRS, Keys, word_starts
from source_stance.builder.annotate.lexicon import REPORTING_PHRASES, REPORTING_VERBS
from source_stance.builder.annotate.span_scan import literal_alternation

_CUE_ALTERNATIVES = [*REPORTING_PHRASES, *sorted(REPORTING_VERBS, key=len, reverse=True)]
REPORTING_CUE = re.compile(
    r"\b(?:%s|%s)\b" % ("|".join(re.escape(p) for p in REPORTING_PHRASES), "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))),
    re.IGNORECASE,
)
#: REPORTING_CUE's source written as a prefix tree: the same matches under the same flags, faster
#: inside larger patterns.
REPORTING_CUE_TREE = r"\b" + literal_alternation(_CUE_ALTERNATIVES) + r"\b"
PASSIVE = re.compile(
    r"\b(?:it|this)\s+(?:was|has\s+been|is|had\s+been|were)\s+(?:also\s+)?"
    r"(noted|stated|said|reported|recalled|claimed|emphasi[sz]ed|stressed|announced|alleged|mentioned|underlined|"
    r"pointed\s+out|added|declared|argued|suggested|explained)\b",
    re.IGNORECASE,
)
PASSIVE_DEMAND = re.compile(
    r"\b(?:were|was|have\s+been|has\s+been)\s+(?:also\s+)?(?:demanded|urged|called\s+(?:on|upon)|asked|requested)\s+to\b"
    r"|\b(?:demands|calls|appeals|requests)\s+(?:were|was|have\s+been|had\s+been)\s+made\b",
    re.IGNORECASE,
)
ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)

_CUE_AT = re.compile(REPORTING_CUE_TREE, re.IGNORECASE)
#: Bits of :func:`span_cues`' second list: which of ACCORDING, PASSIVE and PASSIVE_DEMAND may match.
MAY_ACCORDING, MAY_PASSIVE, MAY_DEMAND = 1, 2, 4
MAY_ANY = MAY_ACCORDING | MAY_PASSIVE | MAY_DEMAND
#: The pattern bit of each of claims_keys.RARE_PAIRS (PASSIVE's, then PASSIVE_DEMAND's two
#: alternatives), and the pair as the bytes keywords are.
_RARE_PAIRS = tuple(
    (bit, frozenset(w.encode() for w in a), frozenset(w.encode() for w in b))
    for bit, (a, b) in zip((MAY_PASSIVE, MAY_DEMAND, MAY_DEMAND), RARE_PAIRS, strict=True)
)
_ACCORDING_KEY = b"according"
_CUE_OR_RARE = 1 << CUE_BIT | 1 << RARE_BIT


def span_cues(text: str, spans: Sequence[tuple[int, int]], keys_of: Sequence[Keys]) -> tuple[list[list[tuple[int, int]]], list[int]]:
    """Per span: the REPORTING_CUE matches ``(start, end)`` (exactly those of
    ``REPORTING_CUE.finditer(text, start, end)``) and which of ACCORDING, PASSIVE and
    PASSIVE_DEMAND can match ``text[start:end]`` (``MAY_*`` bits; a clear bit: that pattern
    cannot).  ``keys_of``: the
    :func:`.claims_keys.sentence_keys` of each span's text.

    Every cue match starts at a run of letters that is the first word of a cue, with a non-letter
    on either side (a space in the keys' runs), so the cue pattern is tried only at those words,
    left to right, skipping words inside the previous match, as ``finditer`` does.  Each of the
    other patterns needs a word of ``RARE_KEYS`` and one of its subjects or auxiliaries.
    """
    cues_of: list[list[tuple[int, int]]] = []
    rare_of: list[int] = []
    match = _CUE_AT.match
    for (s, e), keys in zip(spans, keys_of):
        mask = keys.mask
        if not mask & _CUE_OR_RARE:  # neither a cue's first word nor a RARE_KEYS word
            cues_of.append([])
            rare_of.append(0)
            continue
        if keys.low is None:  # no prefilter: scan the span
            cues_of.append([m.span() for m in _CUE_AT.finditer(text, s, e)])
            rare_of.append(MAY_ANY)
            continue
        found: list[tuple[int, int]] = []
        if mask >> CUE_BIT & 1:
            last = s
            for p in word_starts(keys, keys.words & CUE_KEYS_B):
                p += s
                if p >= last and (m := match(text, p, e)):
                    found.append(m.span())
                    last = m.end()
        cues_of.append(found)
        rare = 0
        if mask >> RARE_BIT & 1:
            words = keys.words
            if _ACCORDING_KEY in words:
                rare = MAY_ACCORDING
            for bit, a, b in _RARE_PAIRS:
                if not a.isdisjoint(words) and not b.isdisjoint(words):
                    rare |= bit
        rare_of.append(rare)
    return cues_of, rare_of


_CAPITAL_OK_BEFORE = re.compile(r"(?:^|[.!?:\n]\s*)$")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_PUNCT_AFTER = re.compile(r"\s*[,.;)]")
_NOUN_MARKERS = frozenset("the a an and or of with its their our his her these those this that such many several no".split())


_ASCII_WORD = "".join(c for c in map(chr, range(128)) if c.isalnum() or c == "_")
_ASCII_NON_WORD = "".join(c for c in map(chr, range(128)) if c not in _ASCII_WORD)


def _word_before(window: str) -> str | None:
    """``_WORD_BEFORE.search(window).group(1)``: the last run of word characters, followed by
    nothing but non-word characters (None without one); found with two ``rstrip`` over ASCII."""
    if not window.isascii():
        m = _WORD_BEFORE.search(window)
        return m.group(1) if m else None
    head = window.rstrip(_ASCII_NON_WORD)
    return head[len(head.rstrip(_ASCII_WORD)) :] or None


def is_verb_cue_at(text: str, start: int, end: int) -> bool:
    """Is the reporting-verb match ``text[start:end]`` a verb (not `the United States`, `the
    protests`, `cities and states,`)?"""
    word = text[start:end]
    if start > 0 and text[start - 1] in "-‐":
        return False  # "so-called"
    if word[0].isupper() and not _CAPITAL_OK_BEFORE.search(text[max(0, start - 3) : start]):
        return False
    prev = _word_before(text[max(0, start - 30) : start])
    if prev and prev.lower() in _NOUN_MARKERS:
        return False
    if word.lower().endswith("s") and _PUNCT_AFTER.match(text[end : end + 3]):
        return False
    return True


def is_verb_cue(text: str, cue: re.Match) -> bool:
    """:func:`is_verb_cue_at` for a match object."""
    return is_verb_cue_at(text, cue.start(), cue.end())
