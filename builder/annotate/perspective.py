"""Perspective annotator: the document's own perspective, the publisher's source alignment, and
whether the two agree.  Three notions are kept apart (the third, a claim's speaker, is per sentence):

* **source alignment**: whom the *publisher* is tied to, from the registry (ownership, funding,
  affiliation, mission) -> ``source_alignment``;
* **document perspective**: whose side the *text* takes in its own voice -> ``perspective``;
* their relation -> ``perspective_agreement`` (agree, disagree, text_only, publisher_only, none).

Text cues, each scored for a side (side names come from ``sides[].names`` in corpus.yaml, loaded
terms from the framing lexicon; nothing about any conflict is written here):

1. framing vocabulary: a lexicon term whose ``vocabulary_of`` is a side, used in the text's own
   voice (counts less inside quotation marks); ``shared`` terms count towards neutral;
2. first-person-plural identification: "our <Name> compatriots", or "our people / our country /
   our compatriots" next to one side's in-group wording ("<Name> people", "<Name> community");
3. whose aggression and whose victims the text asserts in its own voice: "<Name> aggression /
   occupation / provocation / propaganda / lobby", "<Name> attacked / shelled / occupied"
   (-> the *other* side; with three or more sides, shared equally by the other sides the text
   names, or by all the others if it names none), "<Name> civilians were killed", "martyrs" (-> that side);
   (a cue in a sentence that reports someone's speech, "X said Y attacked", counts less);
4. whose officials it quotes approvingly ("<Name> President stressed / underlined / rightly noted")
   or at a distance ("<Name> officials claimed / alleged", "so-called").  Officials of both sides
   quoted with plain "said" count towards neutral.

The text's verdict is a side when one side has most of the score, ``mixed`` when both have much,
``neutral`` when only neutral cues fired, else nothing.  It is then combined with the publisher's
alignment; a disagreement is recorded, never silently resolved.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterator, Optional

from source_stance.builder.annotate.casefold import fold, folded
from source_stance.builder.annotate.candidates import Hits, matches_at, occurrences, search_at
from source_stance.builder.annotate.perspective_scan import (
    AGGRESSION_STARTS, ATTRIBUTION_WORDS, HARM_STARTS, fewest_names, in_spans, indexed_names, ingroup_within, name_scanner, name_starts,
    of_starts, quoted_spans, sentence_around, sentence_spans, starts_within, trigger_starts,
)
from source_stance.builder.annotate.resources import FramingMatcher, FramingTerm
from source_stance.builder.document import Label
from source_stance.schema.registry import Publisher

ANNOTATOR = "rule:perspective.v2"  # v2: framing matches with specially folded letters (ı, İ, ſ) are counted
ALIGNMENT_ANNOTATOR = "rule:source_alignment.v1"
AGREEMENT_ANNOTATOR = "rule:perspective_agreement.v1"

#: How much a registry alignment is worth, by its basis.
BASIS_CONFIDENCE: dict[str, float] = {
    "ownership": 0.85,
    "state_funding": 0.8,
    "affiliation": 0.8,
    "stated_mission": 0.8,
    "editorial_line": 0.65,
    "no_tie": 0.7,
}
#: Minimum side score for the text to take a side, and share of the score the winner needs.
MIN_SIDE_SCORE = 1.5
WIN_SHARE = 0.7
QUOTED_WEIGHT = 0.3
#: How many cues the evidence names (the first ones found); a cue's text is only built while there is room.
MAX_EVIDENCE = 8
#: Weight of an aggression or victim cue in a sentence that reports someone's speech.
ATTRIBUTED_WEIGHT = 0.3
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according\s+to|claimed|claims|alleged|alleges|accused|accuses|reported|stated|insisted|insists)\b"
)

_INGROUP_NOUNS = (
    r"people|peoples|compatriots|nation|country|homeland|motherland|lands?|territor(?:y|ies)|soldiers|army|"
    r"servicemen|martyrs|heroes|diaspora|community|communities|brothers|sisters|youth|state|citizens|capital|"
    r"history|culture|heritage|ancestors"
)
_OUR = re.compile(r"\bour\s+(?:(?P<adj>[A-Z][\w'’-]+)\s+)?(?P<noun>" + _INGROUP_NOUNS + r")\b", re.IGNORECASE)
_OUR_FOLDED = folded(_OUR)
_AGGRESSION_NOUNS = (
    r"aggression|occupation|occupiers|occupying\s+forces|provocations?|attacks?|shelling|invasion|aggressors?|"
    r"ethnic\s+cleansing|war\s+crimes|atrocities|terror(?:ism|ists)?|vandalism|separatists?|militants|"
    r"armed\s+forces\s+(?:attacked|shelled|violated)"
)
_DISCREDIT_NOUNS = r"propaganda|lobby|lobbyists|disinformation|lies|falsifications?|fabrications?|myths?|deception|manipulations?"
_AGGRESSION_VERBS = r"attacked|shelled|occupied|invaded|bombarded|bombed|violated|destroyed|looted|massacred|provoked|ethnically\s+cleansed"
_VICTIM_NOUNS = r"civilians|servicemen|soldiers|children|refugees|victims|villagers|women|families|people|population|residents|captives|hostages|prisoners"
_HARM = r"killed|died|murdered|wounded|injured|massacred|martyred|deported|displaced|expelled|tortured|suffered|held\s+hostage|taken\s+hostage"
_OFFICIALS = (
    r"(?:(?:Foreign|Defen[cs]e|Interior|Deputy\s+Foreign|Deputy|Prime)\s+)?(?:Ministers?|Ministry)(?:\s+of\s+[A-Z]\w+(?:\s+[A-Z]\w+)?)?|"
    r"President|Presidential\s+Administration|MFA|Ombudsman|officials?|government|authorities|ambassador|Embassy|"
    r"leadership|side|delegation|envoy|spokes(?:man|woman|person)"
)
_APPROVING = r"stressed|emphasi[sz]ed|underlined|underscored|highlighted|pointed\s+out|rightly\s+(?:said|noted|stated)|reiterated|drew\s+attention|recalled|noted"
_DISTANCING = r"claimed|alleged|purported|insisted|so-called|falsely"
_NEUTRAL_SPEECH = r"said|says|say|told|stated|according\s+to|accused|denied|denies|announced|added"
_OFFICIAL_BEFORE_OF = re.compile(rf"\b(?i:{_OFFICIALS})\s*$")
#: How every ``_OFFICIALS`` alternative ends, lower-cased, but those holding "minist" ("Ministry of X").
_OFFICIAL_ENDS = (
    "minister", "ministers", "ministry", "president", "administration", "mfa", "ombudsman", "official", "officials",
    "government", "authorities", "ambassador", "embassy", "leadership", "side", "delegation", "envoy", "spokesman",
    "spokeswoman", "spokesperson",
)
_DISTANCING_RX = re.compile(rf"\b(?:{_DISTANCING})\b")
_APPROVING_AFTER = re.compile(rf"[^.!?\n]{{0,60}}\b(?:{_APPROVING})\b")
_NEUTRAL_AFTER = re.compile(rf"[^.!?\n]{{0,40}}\b(?:{_NEUTRAL_SPEECH})\b")


@dataclass
class TextCues:
    """Scores per side and for neutral, with quoted evidence."""

    side: dict[str, float] = field(default_factory=dict)
    neutral: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def room(self) -> bool:
        """Whether the evidence takes another cue (callers build a cue's text only then)."""
        return len(self.evidence) < MAX_EVIDENCE

    def add(self, side: Optional[str], weight: float, what: str) -> None:
        if side is None:
            self.neutral += weight
        else:
            self.side[side] = self.side.get(side, 0.0) + weight
        if len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(f"{what} -> {side or 'neutral'}")

    def add_among(self, sides: list[str], weight: float, what: str) -> None:
        """``weight`` shared equally by ``sides`` (one evidence line; no side: nothing added)."""
        if len(sides) == 1:
            self.add(sides[0], weight, what)
            return
        for side in sides:
            self.side[side] = self.side.get(side, 0.0) + weight / len(sides)
        if sides and len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(f"{what} -> {' / '.join(sides)}")


def _our_matches(text: str, hits: Optional[Hits] = None) -> Iterator[tuple[int, int, Optional[str]]]:
    """(start, end, adjective or None) of every ``_OUR`` match, in order.

    On the lower-cased text, the pattern is only tried where "our" occurs (see ``casefold`` and
    ``candidates.matches_at``), or where an index scan (``hits``) has the word "our"; the adjective
    is read from the text itself.
    """
    lower = fold(text) if hits is None else hits.lower
    if lower is None:
        for m in _OUR.finditer(text):
            yield m.start(), m.end(), m.group("adj")
        return
    at = occurrences(lower, ("our",)) if hits is None else hits.words.get("our", [])
    for m in matches_at(_OUR_FOLDED, lower, at):
        a = m.start("adj")
        yield m.start(), m.end(), (text[a: m.end("adj")] if a >= 0 else None)


def _official_before(text: str, start: int) -> Optional[re.Match[str]]:
    """``_OFFICIAL_BEFORE_OF.search(text, max(0, start - 50), start)``, not run where it cannot match.

    A match ends the window but for whitespace, with the last word of an ``_OFFICIALS`` alternative
    (or holds "minist"); on the lower-cased window (``casefold``) that is a plain string test.
    """
    lo = max(0, start - 50)
    low = fold(text[lo:start])
    if low is not None and "minist" not in low and not low.rstrip().endswith(_OFFICIAL_ENDS):
        return None
    return _OFFICIAL_BEFORE_OF.search(text, lo, start)


def _names_rx(names: tuple[str, ...]) -> Optional[str]:
    if not names:
        return None
    return r"(?:" + "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)) + r")(?:'s|’s)?"


@dataclass(frozen=True)
class SidePatterns:
    """One side's text-cue patterns, compiled once per corpus (:func:`compile_sides`)."""

    name: str  # the names alternative, as a pattern string
    aggression: tuple[tuple[re.Pattern[str], float, str], ...]  # (pattern, weight, what), in cue order
    victim: re.Pattern[str]
    officials: re.Pattern[str]
    of_name: re.Pattern[str]  # "Minister of X"
    adjective: re.Pattern[str]  # a name, for "our <Name> ..."
    ingroup: re.Pattern[str]  # in-group wording next to "our people"
    scanner: Optional[re.Pattern[str]]  # where the names start (None: names unfit, scan the whole text)
    #: What every pattern that starts with a name needs there: the name, whitespace and one of the
    #: words that can follow it in those patterns (most name mentions have none).
    named: re.Pattern[str]
    #: The names an index scan finds the starts of all of them by (``perspective_scan.indexed_names``,
    #: ``fewest_names``).
    index_names: tuple[str, ...] = ()


def compile_sides(side_names: dict[str, tuple[str, ...]]) -> dict[str, SidePatterns]:
    """The patterns of every side that has names, in ``side_names`` order."""
    out = {}
    for s, names in side_names.items():
        name = _names_rx(names)
        if not name:
            continue
        out[s] = SidePatterns(
            name=name,
            aggression=(
                (re.compile(rf"\b{name}\s+(?:{_AGGRESSION_NOUNS})\b"), 1.0, "aggression"),
                (re.compile(rf"\b(?:{_AGGRESSION_NOUNS})\s+(?:of|by)\s+{name}\b|\boccupying\s+{name}\b|\boccupied\s+by\s+{name}\b"), 1.0, "aggression"),
                (re.compile(rf"\b{name}\s+(?:{_DISCREDIT_NOUNS})\b"), 0.8, "discrediting"),
                (re.compile(rf"\b{name}\s+(?:(?:armed\s+forces|army|troops|forces|military)\s+)?(?:{_AGGRESSION_VERBS})\b"), 1.0, "aggression verb"),
            ),
            victim=re.compile(
                rf"\b{name}\s+(?:{_VICTIM_NOUNS})\b[^.!?\n]{{0,80}}\b(?:{_HARM})\b|\b(?:{_HARM})\b[^.!?\n]{{0,40}}\b{name}\s+(?:{_VICTIM_NOUNS})\b"
            ),
            officials=re.compile(rf"\b{name}\s+(?i:{_OFFICIALS})\b|\b{name}(?=\s+(?:says|said|stated|denies|denied)\b)"),
            of_name=re.compile(rf"\bof\s+(?:the\s+Republic\s+of\s+)?{name}\b"),
            adjective=re.compile(name),
            ingroup=re.compile(rf"\b{name}\s+(?:{_INGROUP_NOUNS}|youth|diaspora|community|compatriots)\b|\bour\s+{name}"),
            # offsets where a pattern may start are only used with names that are not empty and
            # neither start nor end with whitespace (see perspective_scan)
            scanner=name_scanner(names) if all(n and n == n.strip() for n in names) else None,
            named=re.compile(
                rf"\b{name}\s+(?:{_AGGRESSION_NOUNS}|{_DISCREDIT_NOUNS}|armed|army|troops|forces|military|{_AGGRESSION_VERBS}|"
                rf"{_VICTIM_NOUNS}|(?i:{_OFFICIALS})|says|said|stated|denies|denied)"
            ),
            index_names=fewest_names(indexed_names(names)),
        )
    return out


def _clip(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return repr(s if len(s) <= n else s[: n - 1] + "…")


def text_cues(
    text: str,
    side_names: dict[str, tuple[str, ...]],
    framing: FramingMatcher | tuple[FramingTerm, ...] = (),
    compiled: Optional[dict[str, SidePatterns]] = None,
    hits: Optional[Hits] = None,
) -> TextCues:
    """Score every cue of the module docstring over ``text``.

    ``compiled``: ``compile_sides(side_names)``, if the caller keeps it (else it is built here).
    ``hits``: the scan of ``fold(text)`` by an index holding ``perspective_scan.INDEX_STARTS`` /
    ``INDEX_WORDS``, the sides' ``index_names`` and the framing matcher's ``index_words``, if the
    caller has one (the patterns are then tried where it says their first words stand).
    """
    cues = TextCues()
    quoted = quoted_spans(text)
    quoted_at = [a for a, _ in quoted]
    sides = list(side_names)
    # 1. framing vocabulary
    matcher = framing if isinstance(framing, FramingMatcher) else FramingMatcher.build(tuple(framing))
    counts: dict[int, tuple[FramingTerm, list[int]]] = {}  # by id: find() gives one object per term
    for term, start in matcher.find(text, hits):
        counts.setdefault(id(term), (term, [0, 0]))[1][1 if quoted and in_spans(start, quoted, quoted_at) else 0] += 1
    for term, (own, inq) in counts.values():
        side = term.vocabulary_of if term.vocabulary_of in side_names else None
        w = (1.0 if side else 0.3) * (min(own, 3) + QUOTED_WEIGHT * min(inq, 3))
        cues.add(side, w, f"framing term {term.term!r} ({term.category}; {own} own voice{f', {inq} quoted' if inq else ''})" if cues.room() else "")
    rx = compile_sides(side_names) if compiled is None else compiled
    if not rx:
        return cues

    named: list[set[str]] = []  # the sides whose names the text holds, found once when needed

    def others(s: str) -> list[str]:
        """Whom a cue against ``s`` points to: the other side, or with three or more sides the
        other sides the text names (all the others if it names none)."""
        rest = [o for o in sides if o != s]
        if len(rest) < 2:
            return rest
        if not named:
            named.append({o for o, sp in rx.items() if re.search(rf"(?<!\w)(?:{sp.name})(?!\w)", text)})
        return [o for o in rest if o in named[0]] or rest

    sentence_cache: list[tuple[list[tuple[int, int]], list[int]]] = []

    def sentences() -> tuple[list[tuple[int, int]], list[int]]:
        """The sentences (found once, when first needed) and their starts."""
        if not sentence_cache:
            sents = sentence_spans(text)
            sentence_cache.append((sents, [a for a, _ in sents]))
        return sentence_cache[0]

    local: list[int] = []  # one entry per sentence found around its offset, before they are all listed

    def around_of(pos: int, before: bool = False) -> Optional[tuple[int, int, int]]:
        """``sentence_around`` for the first few offsets (most texts have few cues); then the list."""
        if sentence_cache or len(local) >= 8:
            return None
        local.append(pos)
        return sentence_around(text, pos, before)

    attribution_at: list[list[int]] = []  # where the index has a word of ATTRIBUTION_WORDS, found once

    def attributed(pos: int) -> bool:
        """Whether the sentence holding ``pos`` reports someone's speech (not the text's own voice)."""
        if hits is not None:
            if not attribution_at:
                attribution_at.append(hits.words_of(ATTRIBUTION_WORDS))
            # a sentence holds no newline (each is in a separator): where pos is on a word, its
            # sentence is within its line (a newline is looked for up to 4,096 characters away), and
            # with none of the words there it reports no speech
            if 0 <= pos < len(text) and not text[pos].isspace():
                lo, hi = text.rfind("\n", max(0, pos - 4096), pos) + 1, text.find("\n", pos, pos + 4096)
                if not starts_within(attribution_at[0], lo, len(text) if hi < 0 else hi):
                    return False
        around = around_of(pos)
        if around is not None:
            _, a, b = around
        else:
            sents, starts = sentences()
            i = bisect.bisect_right(starts, pos) - 1
            if i < 0:
                return False
            a, b = sents[i]
        if hits is None:
            return bool(_ATTRIBUTION.search(text, a, b))
        return search_at(_ATTRIBUTION, text, attribution_at[0], a, b)  # tried where one of its words stands

    def weight(pos: int, w: float) -> tuple[float, str]:
        return (w * ATTRIBUTED_WEIGHT, " (in reported speech)") if attributed(pos) else (w, "")

    said_sides: set[str] = set()
    triggers: list[tuple[list[int], list[int]]] = []  # aggression and harm trigger offsets, found once
    name_at: dict[str, list[int]] = {}  # side -> where its names may start (sides with a scanner)
    for s, sp in rx.items():
        # Where each pattern may start (see perspective_scan); None: scan the whole text.
        if sp.scanner is not None:
            if hits is not None and sp.index_names:  # a superset: the patterns check the names
                names_at = hits.starts_of(sp.index_names)
            else:
                names_at = name_starts(text, sp.scanner)
            name_at[s] = names_at
            if not names_at:  # every pattern below needs one of the side's names
                continue
            if not triggers:
                triggers.append(
                    trigger_starts(text) if hits is None else (hits.starts_of(AGGRESSION_STARTS), hits.starts_of(HARM_STARTS))
                )
            aggression_at, harm_at = triggers[0]
            at: Optional[list[int]] = [q for q in names_at if sp.named.match(text, q)]
            starts_of = [at, aggression_at, at, at]
            # every victim match holds a harm word: none in the text, no match
            victim_at: Optional[list[int]] = sorted(set(at).union(harm_at)) if harm_at else []
            of_at: Optional[list[int]] = of_starts(text, names_at)
        else:
            at = victim_at = of_at = None
            starts_of = [None, None, None, None]

        def found(compiled_rx: re.Pattern[str], where: Optional[list[int]]) -> Iterator[re.Match[str]]:
            return compiled_rx.finditer(text) if where is None else matches_at(compiled_rx, text, where)

        for (pat, w, what), where in zip(sp.aggression, starts_of):
            for m in found(pat, where):
                if in_spans(m.start(), quoted, quoted_at):
                    continue
                ww, note = weight(m.start(), w)
                cues.add_among(others(s), ww, f"{what} attributed to {s}{note} {_clip(m.group(0))}" if cues.room() else "")
        for m in islice(found(sp.victim, victim_at), 3):
            if not in_spans(m.start(), quoted, quoted_at):
                ww, note = weight(m.start(), 0.5)
                cues.add(s, ww, f"{s} victims asserted{note} {_clip(m.group(0))}" if cues.room() else "")
        spans = [(m.start(), m.end()) for m in found(sp.officials, at)]
        for m in found(sp.of_name, of_at):
            head = _official_before(text, m.start())
            if head:
                spans.append((head.start(), m.end()))
        for start, end in sorted(spans):
            said = text[start:end]
            window = text[end: end + 120]
            before = text[max(0, start - 40): start]
            if _DISTANCING_RX.search(before + " " + window[:60]):
                cues.add_among(others(s), 0.6, f"{s} officials reported at a distance {_clip(said + window[:40])}" if cues.room() else "")
            elif _APPROVING_AFTER.match(window):
                cues.add(s, 0.8, f"{s} officials quoted approvingly {_clip(said + window[:40])}" if cues.room() else "")
            elif _NEUTRAL_AFTER.match(window):
                said_sides.add(s)
    if len(said_sides) >= 2:
        cues.add(None, 1.0, "officials of several sides quoted with plain 'said'")
    # 2. first-person-plural identification
    our_at = hits.words.get("our", []) if hits is not None else None
    counted = 0
    for start, end, adj in _our_matches(text, hits):
        if counted >= 4:
            break
        if in_spans(start, quoted, quoted_at):
            continue
        side = next((s for s, sp in rx.items() if adj and sp.adjective.fullmatch(adj)), None)
        if side is None:
            around = around_of(start, before=True)  # the sentence holding start and the one before
            if around is not None:
                lo, _, hi = around
            else:
                sents, starts = sentences()
                idx = bisect.bisect_right(starts, start) - 1  # the sentence holding start, else 0
                if idx < 0 or start >= sents[idx][1]:
                    idx = 0
                lo = sents[max(0, idx - 1)][0] if sents else 0
                hi = sents[idx][1] if sents else len(text)
            # every ingroup match holds one of the side's names: not searched where none starts
            ingroup = {
                s for s, sp in rx.items()
                if starts_within(name_at.get(s), lo, hi) and ingroup_within(sp.ingroup, text, lo, hi, name_at.get(s), our_at)
            }
            if len(ingroup) != 1:
                continue
            side = ingroup.pop()
        counted += 1
        cues.add(side, 1.0, f"first-person plural {_clip(text[start:end])}" if cues.room() else "")
    return cues


def text_verdict(cues: TextCues) -> tuple[Optional[str], float, str]:
    """(perspective or None, confidence, evidence) from the text alone."""
    total = sum(cues.side.values())
    ev = "; ".join(cues.evidence) or "no perspective cue in the text"
    if total < MIN_SIDE_SCORE:
        if cues.neutral >= 1.0:
            return "neutral", round(min(0.7, 0.3 + 0.15 * cues.neutral), 3), ev
        return None, 0.0, ev
    best = max(sorted(cues.side), key=lambda s: cues.side[s])
    share = cues.side[best] / total
    strength = min(1.0, total / 6.0)
    if share >= WIN_SHARE:
        return best, round(min(0.9, 0.3 + 0.6 * share * strength), 3), ev
    return "mixed", round(0.3 + 0.3 * strength, 3), ev


@dataclass(frozen=True)
class PerspectiveResult:
    perspective: Label
    source_alignment: Label
    agreement: Label


def source_alignment(entry: Optional[Publisher]) -> Label:
    if entry is None or entry.alignment == "unknown":
        why = "publisher not in the registry" if entry is None else f"registry entry {entry.id} has no assessed alignment"
        return Label("unknown", "none", 0.0, ALIGNMENT_ANNOTATOR, why)
    conf = BASIS_CONFIDENCE.get(entry.alignment_basis, 0.5)
    return Label(
        entry.alignment, "rule", conf, ALIGNMENT_ANNOTATOR,
        f"registry {entry.id} ({entry.alignment_basis}): {entry.alignment_evidence}",
    )


def combine(text_value: Optional[str], text_conf: float, text_ev: str, alignment: Label) -> tuple[Label, Label]:
    """(perspective, perspective_agreement) from the text verdict and the publisher's alignment."""
    pub = alignment.value if alignment.source != "none" else None
    pc = alignment.confidence

    def lab(value: str, conf: float, why: str) -> Label:
        return Label(value, "rule", round(min(conf, 0.95), 3), ANNOTATOR, f"{why}. text: {text_ev}")

    def agr(value: str, why: str) -> Label:
        return Label(value, "rule", 0.9, AGREEMENT_ANNOTATOR, why)

    if text_value is None and pub is None:
        return (
            Label("unknown", "none", 0.0, ANNOTATOR, f"no cue in the text and no publisher alignment. text: {text_ev}"),
            Label("none", "none", 0.0, AGREEMENT_ANNOTATOR, "neither the text nor the publisher gave evidence"),
        )
    if text_value is None:
        return (
            lab(pub, pc * 0.7, f"from the publisher's alignment only ({pub})"),
            agr("publisher_only", f"publisher aligned {pub}; the text gives no cue"),
        )
    if pub is None:
        return lab(text_value, text_conf, f"from the text only ({text_value})"), agr("text_only", f"text {text_value}; publisher alignment unknown")
    if text_value == pub:
        return (
            lab(text_value, 1 - (1 - text_conf) * (1 - pc), f"text and publisher agree ({pub})"),
            agr("agree", f"text {text_value}, publisher {pub}"),
        )
    if text_value == "mixed" and pub == "neutral":
        return lab("mixed", text_conf, "text mixed, publisher neutral"), agr("agree", "text mixed (both sides' cues), publisher neutral")
    return (
        lab(text_value, text_conf * 0.85, f"text says {text_value} although the publisher is aligned {pub}; the text's own framing is kept"),
        agr("disagree", f"text {text_value}, publisher {pub}"),
    )


def annotate_perspective(
    text: str,
    *,
    side_names: dict[str, tuple[str, ...]],
    framing: FramingMatcher | tuple[FramingTerm, ...] = (),
    publisher: Optional[Publisher] = None,
    compiled: Optional[dict[str, SidePatterns]] = None,
    hits: Optional[Hits] = None,
) -> PerspectiveResult:
    """``compiled``, ``hits``: see :func:`text_cues`."""
    cues = text_cues(text, side_names, framing, compiled, hits)
    value, conf, ev = text_verdict(cues)
    alignment = source_alignment(publisher)
    persp, agreement = combine(value, conf, ev, alignment)
    return PerspectiveResult(persp, alignment, agreement)
