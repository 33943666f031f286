"""Corpus resources of the claim annotator: the gazetteer and the framing lexicon, loaded from the
YAML files that ``corpus.yaml`` names, validated once, and compiled into matchers.

Matching is a pure function of (text, span, compiled resources): whole-word, longest match first,
non-overlapping.  Names with a capital letter match case-sensitively; lower-case lexicon terms match
in any case (``Genocide`` and ``genocide``).

Per document, ``span_layers(text, spans)`` (or ``person_mentions`` + ``actors_by_span`` +
``framing_terms_by_span``) finds where the names of both matchers stand in one Aho-Corasick pass
(:class:`.span_scan.LiteralScan`), tries the patterns only there, and gives exactly what the
per-sentence ``actors(text, s, e)`` / ``framing_terms(text, s, e)`` give.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from source_stance.builder.annotate.casefold import ignorecase_key
from source_stance.builder.annotate.claims_layers import actor_layers, clean_bounds, term_records_by_span
from source_stance.builder.annotate.span_scan import (
    LiteralScan,
    fold_case,
    literal_alternation,
    literal_anchors,
    prefix_free,
    spans_at_anchors,
)
from source_stance.builder.corpus import load_resource
from source_stance.builder.errors import ConfigError
from source_stance.schema.config import CorpusConfig
from source_stance.schema.lexicon import SHARED_VOCABULARY, FramingLexicon, Gazetteer

GAZETTEER_ANNOTATOR = "rule:claims.gazetteer.v2"  # v2: a case-insensitive name spelled with İ matches as re.IGNORECASE takes it
FRAMING_ANNOTATOR = "rule:claims.framing_lexicon.v3"  # v2: matches with specially folded letters (ı, İ, ſ) are kept; v3: so are names spelled with İ
#: Whole-word matches of listed name variants: a name can still denote something else (a person
#: sharing a country's name, an organisation's acronym used otherwise).
GAZETTEER_CONFIDENCE = 0.9
#: A framing-lexicon match only says that the listed wording occurs, which an exact match shows.
FRAMING_CONFIDENCE = 1.0


def simple_fold(s: str) -> str:
    """Character by character: the one-character case fold (``ſ`` -> ``s``), else the first
    character of the lower case (``İ`` -> ``i``): how ``re.IGNORECASE`` compares characters."""
    out = []
    for c in s:
        f = c.casefold()
        out.append(f if len(f) == 1 else c.lower()[0])
    return "".join(out)


def _lower(name: str) -> str:
    """A listed name's lower case, one character per character: ``İ`` -> ``i`` (``str.lower`` gives
    ``i`` + a combining dot, which ``re.IGNORECASE`` would not take for the ``İ`` of the name)."""
    return name.replace("İ", "i").lower()


_BOUNDARY = r"[\w-]"  # a name must not continue a word or a hyphenated compound
_AFTER = r"(?![\w-]*\w)"


@dataclass(frozen=True)
class Matcher:
    """A compiled whole-word matcher over names -> entry index.

    ``pattern``/``pattern_ci`` are the reference patterns; ``fast``/``fast_ci`` match exactly the
    same (see :mod:`.span_scan`): ``fast`` over the text, ``fast_ci`` over its :func:`fold_case`
    (None when a lower-case name is not ASCII: then ``pattern_ci`` is used)."""

    pattern: re.Pattern | None
    pattern_ci: re.Pattern | None
    entry_of: dict[str, int]  # matched surface (as listed; lower-cased for ci names) -> entry index
    fast: re.Pattern | None = None
    fast_ci: re.Pattern | None = None
    anchors_ci: tuple[str, ...] = ()  # every lower-case name begins with one of these
    entry_of_folded: dict[str, int] = field(default_factory=dict)  # simple_fold(name) -> entry, for lower-case names
    #: ignorecase_key(name) -> entry, for lower-case names (the first in ``names`` order)
    entry_of_ignorecase_key: dict[str, int] = field(default_factory=dict)
    names_cs: tuple[str, ...] = ()  # the case-sensitive names (``fast``'s alternatives)

    @classmethod
    def build(cls, names: Sequence[tuple[str, int, bool]]) -> "Matcher":
        cs = sorted({n for n, _, sens in names if sens}, key=len, reverse=True)
        ci = sorted({_lower(n) for n, _, sens in names if not sens}, key=len, reverse=True)
        entry_of: dict[str, int] = {}
        for n, i, sens in names:
            entry_of.setdefault(n if sens else _lower(n), i)

        def compile_(alts: list[str], flags: int) -> re.Pattern | None:
            if not alts:
                return None
            return re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(re.escape(a) for a in alts), flags)

        def compile_fast(alts: list[str]) -> re.Pattern | None:
            return re.compile(literal_alternation(alts, lookbehind=_BOUNDARY) + _AFTER) if alts else None

        fast_ci = compile_fast(ci) if all(a.isascii() for a in ci) else None
        anchors = tuple(literal_anchors(ci)) if fast_ci is not None else ()
        folded = {simple_fold(_lower(n)): i for n, i, sens in reversed(names) if not sens}
        by_key = {ignorecase_key(_lower(n)): i for n, i, sens in reversed(names) if not sens}
        return cls(compile_(cs, 0), compile_(ci, re.IGNORECASE), entry_of, compile_fast(cs), fast_ci, anchors, folded, by_key, tuple(cs))

    def entry_ci(self, surface: str) -> int | None:
        """Entry of a case-insensitive match.  ``re.IGNORECASE`` also equates characters whose
        ``str.lower()`` differs from the listed name's (``İ`` with ``i``, ``ſ`` with ``s``), so a
        match whose lower-case form is not listed is looked up by :func:`simple_fold`, and failing
        that (``dıspuTed`` for ``disputed``: ``ı`` folds to itself) by
        :func:`.casefold.ignorecase_key`, on which a match and the name it matched always agree.
        The first two lookups come first so that no entry found before changes."""
        i = self.entry_of.get(surface.lower())
        if i is None:
            i = self.entry_of_folded.get(simple_fold(surface))
            if i is None:
                i = self.entry_of_ignorecase_key.get(ignorecase_key(surface))
        return i

    def _select(self, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, int]] = []
        last = -1
        for h in hits:
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """Non-overlapping (start, end, entry index) in ``text[start:end]``, longest first."""
        hits: list[tuple[int, int, int]] = []
        if self.fast is not None:
            for m in self.fast.finditer(text, start, end):
                hits.append((m.start(), m.end(), self.entry_of[m.group(0)]))
        if self.pattern_ci is not None:
            for m in self.pattern_ci.finditer(text, start, end):
                if (i := self.entry_ci(m.group(0))) is not None:
                    hits.append((m.start(), m.end(), i))
        if len(hits) < 2:
            return hits
        return self._select(hits)

    def document_hits(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
        """Raw ``(start, end)`` matches of the case-sensitive and the case-insensitive names over the
        whole text (None when the case-insensitive ones cannot be matched on the folded text)."""
        ci: list[tuple[int, int]] = []
        if self.pattern_ci is not None:
            low = fold_case(text) if self.fast_ci is not None else None
            if low is None:
                return None
            ci = spans_at_anchors(self.fast_ci, low, self.anchors_ci)
        cs = [m.span() for m in self.fast.finditer(text)] if self.fast is not None else []
        return cs, ci

    def scan_slots(self) -> list[tuple[re.Pattern | None, list[str] | tuple[str, ...], bool]] | None:
        """Two :class:`.span_scan.LiteralScan` slots that give :meth:`document_hits` when the text
        folds: ``fast`` over the text, tried where a case-sensitive name's fold stands in the folded
        text (a name stands in the text there; none holds ``Σ``, whose lower case depends on what
        follows), and ``fast_ci`` over the fold, tried at its anchors; both match only after a
        character that is not ``[\w-]``, as the scan requires.  None when a name rules that out
        (an empty name, which matches anywhere, ``Σ``, a fold of another length, lower-case names
        ``fast_ci`` cannot take)."""
        if "" in self.entry_of:  # an empty name matches without the lookbehind the scan relies on
            return None
        cs: list[str] = []
        for n in self.names_cs:
            folded = fold_case(n) if n and "Σ" not in n else None
            if not folded:
                return None
            cs.append(folded)
        if self.pattern_ci is not None and self.fast_ci is None:
            return None
        # a name's start is found by the fold of any name it begins with
        return [(self.fast, prefix_free(cs), False), (self.fast_ci, self.anchors_ci, True)]

    def _keyed(self, text: str, cs: Sequence[tuple[int, int]], ci: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
        hits = [(a, b, self.entry_of[text[a:b]]) for a, b in cs]
        if ci:
            hits += [(a, b, i) for a, b in ci if (i := self.entry_ci(text[a:b])) is not None]
            if cs:
                hits = self._select(hits)
        return hits

    def find_document(self, text: str, hits: tuple | None = None) -> list[tuple[int, int, int]]:
        """``self.find(text, 0, len(text))`` (``hits``: :meth:`document_hits` if already known)."""
        hits = hits or self.document_hits(text)
        return self.find(text, 0, len(text)) if hits is None else self._keyed(text, *hits)

    def find_by_span(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        hits: tuple | None = None,
        layout: "SpanLayout | None" = None,
        keyed: list[tuple[int, int, int]] | None = None,
    ) -> list[list[tuple[int, int, int]]]:
        """``[self.find(text, s, e) for s, e in spans]`` from one scan of the whole text.

        A span gets the whole-text matches that lie in it when none runs across its start or end
        and the character after it cannot continue a name (so the lookahead stops there as at the
        end of a string): the scan then meets the same text at every position of the span.  Other
        spans are scanned on their own.  ``layout``: :func:`span_layout` of ``(text, spans)`` if
        known; ``keyed``: :meth:`find_document` of ``(text, hits)`` if known."""
        hits = hits or self.document_hits(text)
        if hits is None:
            return [self.find(text, s, e) for s, e in spans]
        cs, ci = hits
        starts, ends, ordered, open_ends = layout or span_layout(text, spans)
        if not ordered:
            return self._find_by_span_bucketed(text, spans, cs, ci)
        out: list[list[tuple[int, int, int]]] = [[] for _ in spans]
        rescan = set(open_ends)  # and, below, the spans a match runs across
        if not ci:  # no case-insensitive match to choose against: a span's matches are the keyed whole-text ones in it
            parts = _split_by_span(self._keyed(text, cs, ci) if keyed is None else keyed, starts, ends, rescan)
            for k in rescan:
                out[k] = self.find(text, spans[k][0], ends[k])
            for k, part in parts.items():
                if k not in rescan:
                    out[k] = part
            return out
        cs_parts = _split_by_span(cs, starts, ends, rescan)
        ci_parts = _split_by_span(ci, starts, ends, rescan)
        for k in rescan:
            out[k] = self.find(text, spans[k][0], ends[k])
        for k in cs_parts.keys() | ci_parts.keys():
            if k not in rescan:
                out[k] = self._keyed(text, cs_parts.get(k, ()), ci_parts.get(k, ()))
        return out

    def _find_by_span_bucketed(
        self, text: str, spans: Sequence[tuple[int, int]], cs: list[tuple[int, int]], ci: list[tuple[int, int]]
    ) -> list[list[tuple[int, int, int]]]:
        """:meth:`find_by_span` for spans in any order (each bucketed on its own)."""
        cs_parts = _bucket(cs, spans)
        ci_parts = _bucket(ci, spans)
        n = len(text)
        out: list[list[tuple[int, int, int]]] = []
        for (s, e), part_cs, part_ci in zip(spans, cs_parts, ci_parts):
            if part_cs is None or part_ci is None or (e < n and (text[e].isalnum() or text[e] in "_-")):
                out.append(self.find(text, s, e))
            else:
                out.append(self._keyed(text, part_cs, part_ci) if part_cs or part_ci else [])
        return out


class SpanLayout(NamedTuple):
    """What :meth:`Matcher.find_by_span` reads of a document's spans (the same for every matcher)."""

    starts: list[int]
    ends: list[int]
    ordered: bool  #: sorted and disjoint
    open_ends: frozenset[int]  #: (when ordered) spans whose next character could continue a name


def span_layout(text: str, spans: Sequence[tuple[int, int]]) -> SpanLayout:
    """The :class:`SpanLayout` of ``spans`` over ``text``."""
    starts = [sp[0] for sp in spans]
    ends = [sp[1] for sp in spans]
    if not all(map(operator.le, ends[:-1], starts[1:])):
        return SpanLayout(starts, ends, False, frozenset())
    n = len(text)
    return SpanLayout(starts, ends, True, frozenset(k for k, e in enumerate(ends) if e < n and (text[e].isalnum() or text[e] in "_-")))


def _split_by_span(raw: list[tuple], starts: list[int], ends: list[int], crossed: set[int]) -> dict[int, list[tuple]]:
    """The non-overlapping sorted matches ``raw`` (``(start, end, ...)``) of the spans (sorted,
    disjoint) that hold one, by span index; adds to ``crossed`` every span a match runs across (at
    its start or its end)."""
    parts: dict[int, list[tuple]] = {}
    n = len(starts)
    for h in raw:
        a = h[0]
        b = h[1]
        k = bisect.bisect_right(starts, a) - 1
        if k >= 0 and a < ends[k]:
            if b <= ends[k]:
                if k in parts:
                    parts[k].append(h)
                else:
                    parts[k] = [h]
                continue
            crossed.add(k)  # runs across the end of the span it starts in
        k += 1
        while k < n and starts[k] < b:
            if starts[k] > a:
                crossed.add(k)  # runs across the start
            k += 1
    return parts


def _bucket(raw: list[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list:
    """Per span, the non-overlapping sorted matches ``raw`` that lie in it; None for a span that a
    match runs across (at its start or its end)."""
    if not raw:
        return [()] * len(spans)
    starts = [h[0] for h in raw]
    out: list = []
    for s, e in spans:
        j = bisect.bisect_left(starts, s)
        if j and raw[j - 1][1] > s:
            out.append(None)
            continue
        k = bisect.bisect_left(starts, e, j)
        out.append(None if k > j and raw[k - 1][1] > e else raw[j:k])
    return out


@dataclass(frozen=True)
class SpanLayers:
    """The gazetteer and lexicon layers of one document: people mentioned anywhere in it (for
    pronoun resolution), and the actors and framing terms of each sentence span."""

    person_mentions: list[tuple[int, int, str]]
    actors: list[list[dict[str, Any]]]
    framing_terms: list[list[dict[str, Any]]]


@dataclass(frozen=True)
class ClaimResources:
    """Everything the claim annotator needs besides the text; built once per build."""

    gazetteer: Gazetteer
    lexicon: FramingLexicon
    actor_matcher: Matcher
    term_matcher: Matcher
    gazetteer_file: str | None = None
    lexicon_file: str | None = None
    #: Both matchers' :meth:`Matcher.document_hits` from one pass over a document (None: each
    #: matcher scans on its own).
    scan: LiteralScan | None = field(default=None, compare=False, repr=False)
    #: (text, (actor hits, term hits)) of the last document: ``person_mentions``, ``actors_by_span``
    #: and ``framing_terms_by_span`` of one document share one scan.  Replaced as a whole tuple
    #: (thread-safe).
    _last_scan: list = field(default_factory=lambda: [None], init=False, compare=False, repr=False)
    #: Per gazetteer entry ``(canonical, kind)``; per lexicon term ``(canonical, category,
    #: vocabulary_of)``: what their records hold (set from the models after init).
    _actor_info: tuple = field(default=(), init=False, compare=False, repr=False)
    _term_info: tuple = field(default=(), init=False, compare=False, repr=False)

    @classmethod
    def empty(cls) -> "ClaimResources":
        return cls.from_models(Gazetteer(), FramingLexicon(categories={}))

    @classmethod
    def from_models(cls, gazetteer: Gazetteer, lexicon: FramingLexicon, gazetteer_file: str | None = None, lexicon_file: str | None = None) -> "ClaimResources":
        actor_names = [(n, i, True) for i, a in enumerate(gazetteer.actors) for n in a.names()]
        term_names = []
        for i, t in enumerate(lexicon.terms):
            for n in t.names():
                sens = t.case_sensitive if t.case_sensitive is not None else n != n.lower()
                term_names.append((n, i, sens))
        actor_matcher, term_matcher = Matcher.build(actor_names), Matcher.build(term_names)
        actor_slots, term_slots = actor_matcher.scan_slots(), term_matcher.scan_slots()
        scan = LiteralScan.build(actor_slots + term_slots) if actor_slots and term_slots else None
        return cls(gazetteer, lexicon, actor_matcher, term_matcher, gazetteer_file, lexicon_file, scan)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_actor_info", tuple((a.canonical, a.kind) for a in self.gazetteer.actors))
        object.__setattr__(self, "_term_info", tuple((t.canonical, t.category, t.vocabulary_of) for t in self.lexicon.terms))

    def _actor_records(self, text: str, hits: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
        actors = self.gazetteer.actors
        return [
            {"name": text[s:e], "canonical": (a := actors[i]).canonical, "kind": a.kind, "start": s, "end": e} for s, e, i in hits
        ]

    def _term_records(self, text: str, hits: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
        terms = self.lexicon.terms
        return [
            {"term": text[s:e], "canonical": (t := terms[i]).canonical, "category": t.category, "vocabulary_of": t.vocabulary_of, "start": s, "end": e}
            for s, e, i in hits
        ]

    def _document_hits(self, text: str) -> tuple:
        """``(actor_matcher.document_hits(text), term_matcher.document_hits(text))``, from one
        :attr:`scan` when the text folds (kept for the last text)."""
        last = self._last_scan[0]
        if last is not None and last[0] is text:
            return last[1]
        folded = fold_case(text) if self.scan is not None else None
        if folded is None:
            hits = (self.actor_matcher.document_hits(text), self.term_matcher.document_hits(text))
        else:
            actor_cs, actor_ci, term_cs, term_ci = self.scan.spans(text, folded)
            hits = ((actor_cs, actor_ci), (term_cs, term_ci))
        self._last_scan[0] = (text, hits)
        return hits

    def actors(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        return self._actor_records(text, self.actor_matcher.find(text, start, end))

    def framing_terms(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        return self._term_records(text, self.term_matcher.find(text, start, end))

    def actors_by_span(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[dict[str, Any]]]:
        """``[self.actors(text, s, e) for s, e in spans]`` with one scan of the document."""
        return [self._actor_records(text, hits) if hits else [] for hits in self.actor_matcher.find_by_span(text, spans, self._document_hits(text)[0])]

    def framing_terms_by_span(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[dict[str, Any]]]:
        """``[self.framing_terms(text, s, e) for s, e in spans]`` with one scan of the document."""
        return [self._term_records(text, hits) if hits else [] for hits in self.term_matcher.find_by_span(text, spans, self._document_hits(text)[1])]

    def person_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of every person the gazetteer finds in ``text``."""
        return self._persons(self.actor_matcher.find_document(text, self._document_hits(text)[0]))

    def _persons(self, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, str]]:
        actors = self.gazetteer.actors
        return [(s, e, actors[i].canonical) for s, e, i in hits if actors[i].kind == "person"]

    def span_layers(self, text: str, spans: Sequence[tuple[int, int]]) -> SpanLayers:
        """``person_mentions(text)``, ``actors_by_span`` and ``framing_terms_by_span`` at once, with
        one scan of the text.  When the spans are sorted, disjoint and clean
        (:func:`.claims_layers.clean_bounds`), each matcher's whole-text matches are keyed once and
        their records put straight into the span that holds them (:mod:`.claims_layers`); otherwise
        via :meth:`Matcher.find_by_span`."""
        actor_hits, term_hits = self._document_hits(text)
        # (gazetteer names are case-sensitive: there are no case-insensitive actor hits)
        if actor_hits is not None and term_hits is not None and not actor_hits[1]:
            bounds = clean_bounds(text, spans, term_hits)  # actor_layers checks the actor hits
            if bounds is not None:
                starts, ends = bounds
                layers = actor_layers(text, starts, ends, actor_hits[0], self.actor_matcher.entry_of, self._actor_info)
                if layers is not None:
                    terms = self.term_matcher._keyed(text, *term_hits)
                    return SpanLayers(*layers, term_records_by_span(text, starts, ends, terms, self._term_info))
        layout = span_layout(text, spans)
        actor_records, term_records = self._actor_records, self._term_records
        actors = self.actor_matcher.find_document(text, actor_hits)
        return SpanLayers(
            self._persons(actors),
            [actor_records(text, h) if h else [] for h in self.actor_matcher.find_by_span(text, spans, actor_hits, layout, actors)],
            [term_records(text, h) if h else [] for h in self.term_matcher.find_by_span(text, spans, term_hits, layout)],
        )


def load_claim_resources(config: CorpusConfig, raw_dir: Path) -> ClaimResources:
    """Load and validate the gazetteer and framing lexicon named in ``config`` (either may be absent)."""
    raw_dir = Path(raw_dir)
    gaz = load_resource(raw_dir, config.gazetteer, Gazetteer, "gazetteer") if config.gazetteer else Gazetteer()
    lex = load_resource(raw_dir, config.framing_lexicon, FramingLexicon, "framing lexicon") if config.framing_lexicon else FramingLexicon(categories={})
    allowed = tuple(s.id for s in config.sides) + (SHARED_VOCABULARY,)
    bad = lex.vocabulary_errors(allowed)
    if bad:
        term, value = bad[0]
        raise ConfigError(
            f"term {term!r}: vocabulary_of {value!r} is not a side or {SHARED_VOCABULARY!r}",
            path=config.framing_lexicon,
            fix=f"use one of: {', '.join(allowed)}",
        )
    return ClaimResources.from_models(gaz, lex, config.gazetteer, config.framing_lexicon)
