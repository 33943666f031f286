"""Corpus resources of the claim annotator: the gazetteer and the framing lexicon, loaded from the
YAML files that ``corpus.yaml`` names, validated once, and compiled into matchers.

Matching is a pure function of (text, span, compiled resources): whole-word, longest match first,
non-overlapping.  Names with a capital letter match case-sensitively; lower-case lexicon terms match
in any case (``Genocide`` and ``genocide``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from source_stance.builder.annotate.span_scan import (
    HYPHEN_EDGE,
    SEPARATOR,
    WORD_EDGE,
    fold_case,
    join_spans,
    literal_alternation,
    span_offsets,
)
from source_stance.builder.corpus import load_resource
from source_stance.builder.errors import ConfigError
from source_stance.schema.config import CorpusConfig
from source_stance.schema.lexicon import SHARED_VOCABULARY, FramingLexicon, Gazetteer

GAZETTEER_ANNOTATOR = "rule:claims.gazetteer.v1"
FRAMING_ANNOTATOR = "rule:claims.framing_lexicon.v1"
#: Whole-word matches of listed name variants: a name can still denote something else (a person
#: sharing a country's name, an organisation's acronym used otherwise).
GAZETTEER_CONFIDENCE = 0.9
#: A framing-lexicon match only says that the listed wording occurs, which an exact match shows.
FRAMING_CONFIDENCE = 1.0


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
    joinable: bool = False  # names allow one scan per document (see span_scan.join_spans)

    @classmethod
    def build(cls, names: Sequence[tuple[str, int, bool]]) -> "Matcher":
        cs = sorted({n for n, _, sens in names if sens}, key=len, reverse=True)
        ci = sorted({n.lower() for n, _, sens in names if not sens}, key=len, reverse=True)
        entry_of: dict[str, int] = {}
        for n, i, sens in names:
            entry_of.setdefault(n if sens else n.lower(), i)

        def compile_(alts: list[str], flags: int) -> re.Pattern | None:
            if not alts:
                return None
            return re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(re.escape(a) for a in alts), flags)

        def compile_fast(alts: list[str]) -> re.Pattern | None:
            return re.compile(literal_alternation(alts, lookbehind=_BOUNDARY) + _AFTER) if alts else None

        fast_ci = compile_fast(ci) if all(a.isascii() for a in ci) else None
        joinable = not any(a[:1] in (WORD_EDGE, HYPHEN_EDGE) or SEPARATOR in a for a in cs + ci)
        return cls(compile_(cs, 0), compile_(ci, re.IGNORECASE), entry_of, compile_fast(cs), fast_ci, joinable)

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
                hits.append((m.start(), m.end(), self.entry_of[m.group(0).lower()]))
        if len(hits) < 2:
            return hits
        return self._select(hits)

    def find_by_span(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
        """``[self.find(text, s, e) for s, e in spans]``, scanning the document once per pattern."""
        if not self.joinable or (self.pattern_ci is not None and self.fast_ci is None):
            return [self.find(text, s, e) for s, e in spans]
        per_span: list[list[tuple[int, int, int]]] = [[] for _ in spans]
        if self.fast is not None:
            joined, starts = join_spans(text, spans)
            for k, offsets in enumerate(span_offsets(self.fast, joined, starts, spans)):
                per_span[k] = [(a, b, self.entry_of[text[a:b]]) for a, b in offsets]
        if self.fast_ci is not None:
            low = fold_case(text)
            if low is None:
                return [self.find(text, s, e) for s, e in spans]
            joined, starts = join_spans(low, spans)
            for k, offsets in enumerate(span_offsets(self.fast_ci, joined, starts, spans)):
                if offsets:
                    hits = per_span[k] + [(a, b, self.entry_of[text[a:b].lower()]) for a, b in offsets]
                    per_span[k] = self._select(hits) if len(hits) > 1 else hits
        return per_span


@dataclass(frozen=True)
class ClaimResources:
    """Everything the claim annotator needs besides the text; built once per build."""

    gazetteer: Gazetteer
    lexicon: FramingLexicon
    actor_matcher: Matcher
    term_matcher: Matcher
    gazetteer_file: str | None = None
    lexicon_file: str | None = None

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
        return cls(gazetteer, lexicon, Matcher.build(actor_names), Matcher.build(term_names), gazetteer_file, lexicon_file)

    def _actor_record(self, text: str, s: int, e: int, i: int) -> dict[str, Any]:
        a = self.gazetteer.actors[i]
        return {"name": text[s:e], "canonical": a.canonical, "kind": a.kind, "start": s, "end": e}

    def _term_record(self, text: str, s: int, e: int, i: int) -> dict[str, Any]:
        t = self.lexicon.terms[i]
        return {"term": text[s:e], "canonical": t.canonical, "category": t.category, "vocabulary_of": t.vocabulary_of, "start": s, "end": e}

    def actors(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        return [self._actor_record(text, s, e, i) for s, e, i in self.actor_matcher.find(text, start, end)]

    def framing_terms(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        return [self._term_record(text, s, e, i) for s, e, i in self.term_matcher.find(text, start, end)]

    def actors_by_span(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[dict[str, Any]]]:
        """``[self.actors(text, s, e) for s, e in spans]`` with one scan of the document."""
        return [[self._actor_record(text, s, e, i) for s, e, i in hits] for hits in self.actor_matcher.find_by_span(text, spans)]

    def framing_terms_by_span(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[dict[str, Any]]]:
        """``[self.framing_terms(text, s, e) for s, e in spans]`` with one scan of the document."""
        return [[self._term_record(text, s, e, i) for s, e, i in hits] for hits in self.term_matcher.find_by_span(text, spans)]

    def person_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of every person the gazetteer finds in ``text``."""
        return [
            (s, e, self.gazetteer.actors[i].canonical)
            for s, e, i in self.actor_matcher.find(text, 0, len(text))
            if self.gazetteer.actors[i].kind == "person"
        ]


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
