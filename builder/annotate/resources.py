"""What the document annotators know about a corpus, loaded once per build from its config files.

* the publisher registry (``publishers:`` in corpus.yaml), compiled into a domain index and a
  name matcher;
* the sides' identifying names (``sides[].names``);
* the framing lexicon (``framing_lexicon:``), if the corpus has one: terms and whose vocabulary
  they are;
* the corpus language and what to do with texts in other languages.

Loading validates everything before any text is read; a problem is a :class:`ConfigError`.
The annotators themselves stay pure: they get these plain objects as arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from source_stance.builder.annotate.candidates import Hits, LiteralIndex, matches_at
from source_stance.builder.annotate.casefold import fold, folded, ignorecase_key
from source_stance.builder.corpus import Corpus, load_resource, read_yaml, validate_model
from source_stance.builder.errors import ConfigError
from source_stance.schema.registry import Publisher, PublisherRegistry


def host_of(url: Optional[str]) -> Optional[str]:
    """Lower-case host of a URL without ``www.``, or None ("example.org/a" without scheme works too)."""
    if not url or not url.strip():
        return None
    u = url.strip()
    if "://" not in u:
        u = "//" + u
    try:
        host = urlsplit(u).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.lower().rstrip(".").removeprefix("www.")


def _name_pattern(names: list[str]) -> Optional[re.Pattern[str]]:
    if not names:
        return None
    alts = sorted({re.escape(n) for n in names if n.strip()}, key=len, reverse=True)
    # Whole-word match: not inside a longer word, not followed by ".xx" (a domain-like token).
    return re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?![\w]|\.[A-Za-z])")


@dataclass(frozen=True)
class Registry:
    """The publisher registry, indexed for lookups."""

    publishers: tuple[Publisher, ...] = ()
    by_domain: dict[str, Publisher] = field(default_factory=dict)
    by_name: dict[str, Publisher] = field(default_factory=dict)  # casefolded name -> publisher
    name_pattern: Optional[re.Pattern[str]] = None

    @classmethod
    def build(cls, publishers: tuple[Publisher, ...]) -> "Registry":
        by_domain = {d: p for p in publishers for d in p.domains}
        by_name = {n.casefold(): p for p in publishers for n in p.names()}
        names = [n for p in publishers for n in p.names()]
        return cls(publishers, by_domain, by_name, _name_pattern(names))

    def for_host(self, host: Optional[str]) -> Optional[tuple[Publisher, str]]:
        """The publisher whose domain is ``host`` or a parent of it (longest match), and that domain."""
        if not host:
            return None
        parts = host.split(".")
        for i in range(len(parts) - 1):
            cand = ".".join(parts[i:])
            if cand in self.by_domain:
                return self.by_domain[cand], cand
        return None

    def for_name(self, name: Optional[str]) -> Optional[Publisher]:
        """The publisher one of whose names equals ``name`` (case-insensitive, outer space/punctuation ignored)."""
        if not name:
            return None
        key = name.strip().strip(".,;:—–-|()[]\"'“”").strip().casefold()
        return self.by_name.get(key)


@dataclass(frozen=True)
class FramingTerm:
    """A framing-lexicon term, compiled: whose vocabulary it is and a matcher."""

    term: str
    category: str
    vocabulary_of: str  # a side id, or "shared"
    pattern: re.Pattern[str]


_FIRST_TOKEN = re.compile(r"\\.|.", re.DOTALL)


def _whole_words(bodies: list[str], case_sensitive: bool) -> str:
    """A pattern matching exactly what ``(?<!\\w)(?:b1|b2|...)(?!\\w)`` matches, faster.

    The alternatives are grouped by their first character, in their order (at one position only one
    group can match, so the same alternative wins).  Case-sensitively, the ``(?<!\\w)`` test moves
    after that first character (``A(?<!\\wA)...``): ``re`` then skips straight to positions holding a
    first character.  Case-insensitively, grouping is only exact when the first characters are
    ASCII (``re`` folds some letters together, e.g. ``i``/``ı``); otherwise the plain form is kept.
    """
    firsts = [_FIRST_TOKEN.match(b).group(0) for b in bodies]  # type: ignore[union-attr]
    if not case_sensitive and not all(f.isascii() for f in firsts):
        return r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)"
    groups: dict[str, list[str]] = {}
    for first, body in zip(firsts, bodies):
        groups.setdefault(first, []).append(body[len(first):])
    if case_sensitive:
        alts = [f"{first}(?<!\\w{first})(?:{'|'.join(rest)})" for first, rest in groups.items()]
        return r"(?:" + "|".join(alts) + r")(?!\w)"
    alts = [f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()]
    return r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"


@dataclass(frozen=True)
class FramingMatcher:
    """All framing terms in two alternations (case-sensitive, case-insensitive): one scan per text.

    At one position the longest term wins, so a term inside a longer one ("X" in "X massacre") is
    counted once, as the longer term.  A case-insensitive match is looked up by its case fold, and
    failing that by :func:`.casefold.ignorecase_key` (``re`` also equates ``ı``/``İ`` with ``i``,
    ``ſ`` with ``s``), so every match found is counted.
    """

    terms: tuple[FramingTerm, ...] = ()
    #: (pattern, its casefold twin or None, key -> term, case-sensitive)
    patterns: tuple[tuple[re.Pattern[str], Optional[re.Pattern[str]], dict[str, FramingTerm], bool], ...] = ()
    #: per pattern: ignorecase_key(key) -> term, the first in the pattern's order (empty if case-sensitive)
    by_ignorecase_key: tuple[dict[str, FramingTerm], ...] = ()
    #: per pattern: the first words of its terms, with which every match starts (in the text, or
    #: in the lower-cased text for a twin) as a whole word (whitespace or the term's end follows),
    #: to be looked up in a ``candidates.LiteralIndex`` scan (``words``); None where the pattern
    #: runs on the text with IGNORECASE or an index cannot hold a word.
    first_words: tuple[Optional[tuple[str, ...]], ...] = ()

    @classmethod
    def build(cls, terms: tuple[FramingTerm, ...]) -> "FramingMatcher":
        groups: dict[bool, dict[str, FramingTerm]] = {True: {}, False: {}}
        for t in terms:
            cs = not (t.pattern.flags & re.IGNORECASE)
            key = " ".join(t.term.split())
            groups[cs].setdefault(key if cs else key.casefold(), t)
        patterns = []
        by_key = []
        first_words: list[Optional[tuple[str, ...]]] = []
        for cs, lookup in groups.items():
            if not lookup:
                continue
            keys = sorted(lookup, key=lambda k: len(r"\s+".join(re.escape(w) for w in k.split())), reverse=True)
            bodies = [r"\s+".join(re.escape(w) for w in k.split()) for k in keys]  # the pattern's order
            first: dict[str, FramingTerm] = {}
            for k in keys if not cs else ():
                first.setdefault(ignorecase_key(k), lookup[k])
            by_key.append(first)
            rx = re.compile(_whole_words(bodies, cs), 0 if cs else re.IGNORECASE)
            twin = None
            if not cs:
                try:
                    twin = folded(rx)
                except ValueError:  # a term with a letter re folds specially: keep IGNORECASE
                    twin = None
            patterns.append((rx, twin, lookup, cs))
            firsts = tuple(sorted({(k.split() or [""])[0] for k in keys}))
            first_words.append(firsts if (cs or twin is not None) and all(map(LiteralIndex.holds, firsts)) else None)
        return cls(tuple(terms), tuple(patterns), tuple(by_key), tuple(first_words))

    @property
    def index_words(self) -> frozenset[str]:
        """What :meth:`find` reads from a ``LiteralIndex`` scan (``words``): build the index with these."""
        return frozenset(w for ws in self.first_words if ws for w in ws)

    @property
    def index_phrases(self) -> dict[str, tuple[str, ...]]:
        """Of :attr:`index_words`, those that only begin terms of two or more words, each with those
        terms' second words (``LiteralIndex.build``'s ``phrases``: whitespace and one of them follow
        it in every match that starts with it)."""
        then: dict[str, set[str]] = {}
        single: set[str] = set()
        for (_, _, lookup, _), firsts in zip(self.patterns, self.first_words):
            for words in (k.split() for k in lookup) if firsts is not None else ():
                if len(words) > 1:
                    then.setdefault(words[0], set()).add(words[1])
                else:
                    single.update(words)
        return {w: tuple(sorted(t)) for w, t in then.items() if w not in single}

    def find(self, text: str, hits: Optional[Hits] = None) -> list[tuple[FramingTerm, int]]:
        """(term, start) of every match, in text order.

        ``hits``: the scan of ``fold(text)`` by an index holding :attr:`index_words`, if the caller
        has one: a pattern is then only tried where one of its first words stands as a whole word
        (an index ``words`` literal: no ASCII letter after it, a superset of ``(?!\\w)`` and ``\\s``).
        """
        out = []
        lower = hits.lower if hits is not None else None
        for (rx, twin, lookup, cs), by_key, firsts in zip(self.patterns, self.by_ignorecase_key, self.first_words):
            subject = text
            if twin is not None:
                lower = fold(text) if lower is None else lower
                if lower is not None:
                    rx, subject = twin, lower
            if hits is not None and firsts is not None:
                found: Iterator[re.Match[str]] = matches_at(rx, subject, hits.words_of(firsts))
            else:
                found = rx.finditer(subject)
            for m in found:
                start = m.start()
                said = text[start: m.end()]
                # a key holds single spaces only: a match that is one (as written, or case-folded)
                # is its own whitespace-normalised form
                term = lookup.get(said if cs else said.casefold())
                if term is None:
                    key = " ".join(said.split())
                    term = lookup.get(key if cs else key.casefold())
                    if term is None and not cs:  # "dıspuTed" for "disputed": matched as re folds it
                        term = by_key.get(ignorecase_key(key))
                if term is not None:
                    out.append((term, start))
        out.sort(key=lambda x: x[1])
        return out


@dataclass(frozen=True)
class DocumentResources:
    """Everything the document annotators need, for one corpus."""

    sides: tuple[str, ...]
    side_names: dict[str, tuple[str, ...]]
    registry: Registry = field(default_factory=Registry)
    framing: FramingMatcher = field(default_factory=FramingMatcher)
    language: Optional[str] = None
    other_languages: str = "reject"
    notes: tuple[str, ...] = ()  # what was missing (e.g. no framing lexicon), for the build summary
    #: ``perspective.compile_sides(side_names)``, compiled once per build (None: each call compiles).
    side_patterns: Optional[dict[str, Any]] = None
    #: ``documents.document_index(self)``: the literals the annotators look up, found in one pass
    #: per document; built from these same fields (None: each annotator scans on its own).
    index: Optional[LiteralIndex] = None


def _term_pattern(name: str, case_sensitive: Optional[bool]) -> re.Pattern[str]:
    cs = case_sensitive if case_sensitive is not None else any(c.isupper() for c in name)
    body = r"\s+".join(re.escape(w) for w in name.split())
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", 0 if cs else re.IGNORECASE)


def load_registry(corpus: Corpus) -> Registry:
    rel = corpus.config.publishers
    if not rel:
        return Registry()
    reg = load_resource(corpus.raw_dir, rel, PublisherRegistry, "publisher registry", empty={})
    for pid, value, allowed in reg.alignment_errors(corpus.vocabs):
        raise ConfigError(
            f"publisher {pid!r}: unknown alignment {value!r}; allowed values: {', '.join(allowed)}",
            path=rel,
            fix="use a side id from corpus.yaml, `neutral` or `unknown`",
        )
    return Registry.build(reg.publishers)


def load_framing(corpus: Corpus) -> tuple[tuple[FramingTerm, ...], Optional[str]]:
    """The framing lexicon's terms, or () and a note saying why there are none."""
    rel = corpus.config.framing_lexicon
    if not rel:
        return (), "no framing lexicon configured: document perspective uses no framing vocabulary"
    path = corpus.raw_dir / rel
    if not path.is_file():
        return (), f"framing lexicon {rel!r} not found: document perspective uses no framing vocabulary"
    from source_stance.schema.lexicon import FramingLexicon

    lex = validate_model(FramingLexicon, read_yaml(path, rel) or {}, rel, "framing lexicon")
    terms = []
    for t in lex.terms:
        for name in t.names():
            terms.append(FramingTerm(name, t.category, t.vocabulary_of, _term_pattern(name, t.case_sensitive)))
    return tuple(terms), None


def load_resources(corpus: Corpus) -> DocumentResources:
    cfg = corpus.config
    framing, note = load_framing(corpus)
    notes = [note] if note else []
    if not any(s.names for s in cfg.sides):
        notes.append("no side has `names` in corpus.yaml: document perspective uses no text cues about sides")
    # both import this module
    from source_stance.builder.annotate.documents import document_index
    from source_stance.builder.annotate.perspective import compile_sides

    side_names = {s.id: tuple(s.names) for s in cfg.sides}
    res = DocumentResources(
        sides=tuple(s.id for s in cfg.sides),
        side_names=side_names,
        side_patterns=compile_sides(side_names),
        registry=load_registry(corpus),
        framing=FramingMatcher.build(framing),
        language=cfg.language,
        other_languages=cfg.other_languages,
        notes=tuple(notes),
    )
    return replace(res, index=document_index(res))
