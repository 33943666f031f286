"""Reporting cues and agentless-report patterns of the attribution rules, and where they can occur
in a document, found with one scan per document (see :mod:`.span_scan`).

:func:`document_cues` gives, per sentence span, exactly the ``(start, end)`` of every
:data:`REPORTING_CUE` match that ``REPORTING_CUE.finditer(text, start, end)`` gives, and whether the
sentence can match :data:`ACCORDING`, :data:`PASSIVE` or :data:`PASSIVE_DEMAND` at all (a necessary
condition: each of their matches begins with one of a few words, followed by what
``_RARE_FIRST_WORDS`` requires), so the attribution rules search those patterns only there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from source_stance.builder.annotate.lexicon import REPORTING_PHRASES, REPORTING_VERBS
from source_stance.builder.annotate.span_scan import fold_case, join_spans, literal_alternation

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

_PASSIVE_REST = (
    r"\s+(?:was|has\s+been|is|had\s+been|were)\s+(?:also\s+)?(?:noted|stated|said|reported|recalled|claimed|emphasi[sz]ed|"
    r"stressed|announced|alleged|mentioned|underlined|pointed\s+out|added|declared|argued|suggested|explained)"
)
#: The first word of every ACCORDING / PASSIVE / PASSIVE_DEMAND match, with (a relaxation of) what
#: must follow it, over folded text.
_RARE_FIRST_WORDS: tuple[tuple[str, str], ...] = (
    ("according", r"\s+to\s"),
    ("it", _PASSIVE_REST),
    ("this", _PASSIVE_REST),
    *((w, r"\s+(?:been\s+)?(?:also\s+)?(?:demanded|urged|called\s+(?:on|upon)|asked|requested)\s+to") for w in ("were", "was", "have", "has")),
    *((w, r"\s+(?:were|was|have\s+been|had\s+been)\s+made") for w in ("demands", "calls", "appeals", "requests")),
)
_CUE_WORDS = frozenset(a.lower() for a in _CUE_ALTERNATIVES)
#: First words that are also cues: found as cues, then checked with what must follow.
_RARE_AFTER_CUE = {w: re.compile(rest) for w, rest in _RARE_FIRST_WORDS if w in _CUE_WORDS}
#: One scan over ``fold_case(text)`` joined by span: group 1 is a REPORTING_CUE match, group 2 the
#: first word of a possible 'according to' / agentless match.  Every cue begins and ends with a
#: letter, and so does each of those words, so the leading ``\b`` of those patterns is a non-word
#: character before the word, which cannot belong to the previous match and which ``join_spans``
#: provides at a span start (the edge character); ``re`` skips ahead to non-word characters.  No
#: cue can begin inside another cue or such a word, nor such a word inside a cue, and the words
#: that are cues are tried as cues first (``_RARE_AFTER_CUE``), so one scan finds both.
_CUE_OR_RARE = re.compile(
    r"\W(?:(%s)\b|(%s))"
    % (
        literal_alternation([a.lower() for a in _CUE_ALTERNATIVES]),
        "|".join(f"{w}(?={rest})" for w, rest in _RARE_FIRST_WORDS if w not in _CUE_WORDS),
    )
)


def document_cues(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[list[tuple[int, int]]], list[bool]] | None:
    """Per span: the REPORTING_CUE matches ``(start, end)`` (exactly those of
    ``REPORTING_CUE.finditer(text, start, end)``) and whether ACCORDING, PASSIVE or PASSIVE_DEMAND
    can match ``text[start:end]`` (False only when none can).  None when the text cannot be
    case-folded in place."""
    low = fold_case(text)
    if low is None:
        return None
    joined, starts = join_spans(low, spans)
    cues: list[list[tuple[int, int]]] = [[] for _ in spans]
    # a span starting just after a word character: its first word has no \W before it in the
    # joined text, but the patterns see the span on its own (a \b at its start)
    rare = [0 < s <= len(low) and (low[s - 1].isalnum() or low[s - 1] == "_") for s, _ in spans]
    n = len(starts)
    k = 0
    shift = spans[0][0] - starts[0] if n else 0
    for m in _CUE_OR_RARE.finditer(joined):
        p = m.start() + 1
        if k + 1 < n and starts[k + 1] <= p:
            while k + 1 < n and starts[k + 1] <= p:
                k += 1
            shift = spans[k][0] - starts[k]
        cue = m.group(1)
        if cue is None:
            rare[k] = True
            continue
        end = m.end()
        cues[k].append((p + shift, end + shift))
        after = _RARE_AFTER_CUE.get(cue)
        if after is not None and after.match(joined, end):
            rare[k] = True
    return cues, rare


_CAPITAL_OK_BEFORE = re.compile(r"(?:^|[.!?:\n]\s*)$")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_PUNCT_AFTER = re.compile(r"\s*[,.;)]")
_NOUN_MARKERS = frozenset("the a an and or of with its their our his her these those this that such many several no".split())


def is_verb_cue_at(text: str, start: int, end: int) -> bool:
    """Is the reporting-verb match ``text[start:end]`` a verb (not `the United States`, `the
    protests`, `cities and states,`)?"""
    word = text[start:end]
    if start > 0 and text[start - 1] in "-‐":
        return False  # "so-called"
    if word[0].isupper() and not _CAPITAL_OK_BEFORE.search(text[max(0, start - 3) : start]):
        return False
    prev = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    if prev and prev.group(1).lower() in _NOUN_MARKERS:
        return False
    if word.lower().endswith("s") and _PUNCT_AFTER.match(text[end : end + 3]):
        return False
    return True


def is_verb_cue(text: str, cue: re.Match) -> bool:
    """:func:`is_verb_cue_at` for a match object."""
    return is_verb_cue_at(text, cue.start(), cue.end())
