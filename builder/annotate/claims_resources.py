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


@dataclass(frozen=True)
class Matcher:
    """A compiled whole-word matcher over names -> entry index."""

    pattern: re.Pattern | None
    pattern_ci: re.Pattern | None
    entry_of: dict[str, int]  # matched surface (as listed; lower-cased for ci names) -> entry index

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

        return cls(compile_(cs, 0), compile_(ci, re.IGNORECASE), entry_of)

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """Non-overlapping (start, end, entry index) in ``text[start:end]``, longest first."""
        hits: list[tuple[int, int, int]] = []
        for pat, fold in ((self.pattern, False), (self.pattern_ci, True)):
            if pat is None:
                continue
            for m in pat.finditer(text, start, end):
                key = m.group(0).lower() if fold else m.group(0)
                hits.append((m.start(), m.end(), self.entry_of[key]))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, int]] = []
        last = -1
        for h in hits:
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out


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

    def actors(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        out = []
        for s, e, i in self.actor_matcher.find(text, start, end):
            a = self.gazetteer.actors[i]
            out.append({"name": text[s:e], "canonical": a.canonical, "kind": a.kind, "start": s, "end": e})
        return out

    def framing_terms(self, text: str, start: int, end: int) -> list[dict[str, Any]]:
        out = []
        for s, e, i in self.term_matcher.find(text, start, end):
            t = self.lexicon.terms[i]
            out.append(
                {"term": text[s:e], "canonical": t.canonical, "category": t.category, "vocabulary_of": t.vocabulary_of, "start": s, "end": e}
            )
        return out

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
