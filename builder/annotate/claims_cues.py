"""Reporting cues and agentless-report patterns of the attribution rules, and where they can occur
in a document, found with one scan per document (see :mod:`.span_scan`).

:func:`document_cues` gives, per sentence span, exactly the ``(start, end)`` of every
:data:`REPORTING_CUE` match that ``REPORTING_CUE.finditer(text, start, end)`` gives, and whether the
sentence can match :data:`ACCORDING`, :data:`PASSIVE` or :data:`PASSIVE_DEMAND` at all (a necessary
condition: each of those matches begins with a word that :data:`_RARE_ANCHOR` finds, followed by
what its lookahead requires; an anchor consumes one word only, and no match of those patterns can
begin inside such a word, so one scan of the document finds every sentence that can match).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from source_stance.builder.annotate.lexicon import REPORTING_PHRASES, REPORTING_VERBS
from source_stance.builder.annotate.span_scan import fold_case, join_spans, literal_alternation, span_offsets

_CUE_ALTERNATIVES = [*REPORTING_PHRASES, *sorted(REPORTING_VERBS, key=len, reverse=True)]
REPORTING_CUE = re.compile(
    r"\b(?:%s|%s)\b" % ("|".join(re.escape(p) for p in REPORTING_PHRASES), "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))),
    re.IGNORECASE,
)
#: REPORTING_CUE's twin over ``fold_case(text)`` joined by span (group 1 is the cue).  Every cue
#: begins and ends with a letter, so the leading ``\b`` is a non-word character before it, which
#: cannot belong to the previous match, and which ``join_spans`` always provides (the edge
#: character) at a span start; ``re`` skips ahead to non-word characters.
_CUE_FOLDED = re.compile(r"\W(" + literal_alternation([a.lower() for a in _CUE_ALTERNATIVES]) + r")\b")

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

#: First word of a possible ACCORDING / PASSIVE / PASSIVE_DEMAND match (over folded text joined
#: by span), after the character before it (not a letter: those patterns begin with ``\b``; at a
#: span start the edge character), with (a relaxation of) the rest as a lookahead.
_RARE_ANCHOR = re.compile(
    "[^a-z](%s)" % "|".join(
        [r"according(?=\s+to\s)"]
        + [
            w + r"(?=\s+(?:was|has\s+been|is|had\s+been|were)\s+(?:also\s+)?(?:noted|stated|said|reported|recalled|claimed|"
            r"emphasi[sz]ed|stressed|announced|alleged|mentioned|underlined|pointed\s+out|added|declared|argued|suggested|explained))"
            for w in ("it", "this")
        ]
        + [w + r"(?=\s+(?:been\s+)?(?:also\s+)?(?:demanded|urged|called\s+(?:on|upon)|asked|requested)\s+to)" for w in ("were", "was", "have", "has")]
        + [w + r"(?=\s+(?:were|was|have\s+been|had\s+been)\s+made)" for w in ("demands", "calls", "appeals", "requests")]
    )
)


def document_cues(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[list[tuple[int, int]]], list[bool]] | None:
    """Per span: the reporting-cue matches ``(start, end)`` and whether an agentless or 'according to'
    pattern can match in it.  None when the text cannot be case-folded in place."""
    low = fold_case(text)
    if low is None:
        return None
    joined, starts = join_spans(low, spans)
    cues = span_offsets(_CUE_FOLDED, joined, starts, spans, group=1)
    rare = [bool(hits) for hits in span_offsets(_RARE_ANCHOR, joined, starts, spans, group=1)]
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
