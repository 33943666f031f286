"""The gazetteer and lexicon layers of a document's sentence spans from its whole-text matches: pure
functions used by :meth:`.claims_resources.ClaimResources.span_layers`.

A span gets exactly the whole-text matches that lie in it (what a scan of the span alone finds)
when :func:`clean_bounds` says so; the records are then built straight into the span that holds
each match, one pass over the matches.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from itertools import chain, islice, repeat
from typing import Any


def clean_bounds(
    text: str, spans: Sequence[tuple[int, int]], raw: Sequence[Sequence[tuple[int, int]]]
) -> tuple[list[int], list[int]] | None:
    """``(starts, ends)`` of ``spans`` when the whole-text matches ``raw`` (lists of ``(start,
    end)``) give each span exactly what a scan of the span alone gives: the spans are sorted and
    disjoint (each ``start <= end``), no span end is followed by a character that could continue a
    name, and no match has a span bound strictly inside it (it neither runs across a span's start
    nor its end).  Else None.  The checks run in C (``map``/``bisect``)."""
    if not spans:
        return [], []
    bounds = list(chain.from_iterable(spans))
    if not all(map(operator.le, bounds, islice(bounds, 1, None))):
        return None  # not sorted, or a span ending before it starts
    starts, ends = bounds[::2], bounds[1::2]
    n = len(text)
    if ends[-1] > n:
        return None
    after = "".join(map(text.__getitem__, islice(ends, bisect.bisect_left(ends, n))))
    if "_" in after or "-" in after or any(map(str.isalnum, after)):
        return None  # a span end that a name could run across
    for hits in raw:
        if hits and any(
            map(
                operator.ne,
                map(bisect.bisect_right, repeat(bounds), map(_FIRST, hits)),
                map(bisect.bisect_left, repeat(bounds), map(_SECOND, hits)),
            )
        ):
            return None  # a bound lies strictly inside a match
    return starts, ends


_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


def actor_layers(
    text: str, starts: list[int], ends: list[int], cs: list[tuple[int, int]], entry_of: dict[str, int], info: Sequence[tuple[str, str]]
) -> tuple[list[tuple[int, int, str]], list[list[dict[str, Any]]]] | None:
    """The person mentions and, per span (``starts``/``ends``, sorted, disjoint), the actor records
    of the whole-text case-sensitive matches ``cs`` (sorted, non-overlapping), keyed by
    ``entry_of`` as :meth:`.claims_resources.Matcher._keyed` keys them when there is no
    case-insensitive match; ``info``: per entry ``(canonical, kind)``.  None when a match runs
    across a span bound."""
    persons: list[tuple[int, int, str]] = []
    out: list[list[dict[str, Any]]] = [[] for _ in starts]
    bisect_right = bisect.bisect_right
    last = len(starts) - 1
    for a, b in cs:
        name = text[a:b]
        canonical, kind = info[entry_of[name]]
        if kind == "person":
            persons.append((a, b, canonical))
        k = bisect_right(starts, a) - 1
        if k >= 0 and a < ends[k]:
            if b > ends[k]:
                return None  # runs across the end of its span
            out[k].append({"name": name, "canonical": canonical, "kind": kind, "start": a, "end": b})
        elif k < last and b > starts[k + 1]:
            return None  # runs across the start of the next span
    return persons, out


def term_records_by_span(
    text: str, starts: list[int], ends: list[int], hits: list[tuple[int, int, int]], info: Sequence[tuple[str, str, str]]
) -> list[list[dict[str, Any]]]:
    """Per span, the framing-term records of the keyed whole-text ``hits`` (sorted, none across a
    span bound) that lie in it; ``info``: per term ``(canonical, category, vocabulary_of)``."""
    out: list[list[dict[str, Any]]] = [[] for _ in starts]
    bisect_right = bisect.bisect_right
    for a, b, i in hits:
        k = bisect_right(starts, a) - 1
        if k >= 0 and a < ends[k]:
            canonical, category, vocabulary_of = info[i]
            out[k].append({"term": text[a:b], "canonical": canonical, "category": category, "vocabulary_of": vocabulary_of, "start": a, "end": b})
    return out
