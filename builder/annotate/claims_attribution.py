"""Who makes each claim: quotation structure and reporting verbs.  Pure rules over one document.

``attribute(text, spans, person_mentions)`` returns one :class:`Attribution` per sentence span.
All offsets index ``text`` (code points, end-exclusive).

1. **Quote regions.**  Double quotation marks (straight or curly, even mismatched) are classified
   as opening or closing by their neighbours and paired; a quote left open runs to the next closing
   mark, so a statement quoted over several paragraphs is one region.  Single quotes are scare
   quotes or apostrophes and are ignored.
2. **Region speaker.**  The introducer is found before the opening mark (``X said: "``, ``The
   letter says: “``, or a previous sentence ending in ``:``) or after the closing mark
   (``", X said.``).  A document noun as subject ("The statement reads") is resolved to whoever
   issued it earlier in the text ("X issued a statement", "On behalf of X, a letter ...").
3. **Sentences inside a region** (it covers most of the sentence) inherit the region's speaker
   as a direct quote, so every sentence of a quoted letter belongs to the letter's author.  A
   region without an introducer continues the previous region's speaker when it is the next
   paragraph of an unclosed quotation, or the next quoted sentence of the same paragraph.
4. **Other sentences:** ``According to X``, ``X (has) said/condemned/... (that)`` (indirect),
   agentless ``It was noted that`` (unnamed source), first person (the author's own voice).
   ``he``/``she`` are resolved to the last person mentioned before (from the gazetteer), else to
   the last named speaker that looks like a person (two capitalised words, no organisation word).
5. Otherwise the claim is the author's.

Helpers: :mod:`.claims_quotes` (quote regions), :mod:`.claims_cues` (reporting cues, found once per
document), :mod:`.claims_subject` (speaker noun phrases, document issuers).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from typing import NamedTuple

from source_stance.builder.annotate.claims_cues import ACCORDING as _ACCORDING
from source_stance.builder.annotate.claims_cues import PASSIVE as _PASSIVE
from source_stance.builder.annotate.claims_cues import PASSIVE_DEMAND as _PASSIVE_DEMAND
from source_stance.builder.annotate.claims_cues import REPORTING_CUE as _CUE
from source_stance.builder.annotate.claims_cues import REPORTING_CUE_TREE
from source_stance.builder.annotate.claims_cues import MAY_ACCORDING, MAY_ANY, MAY_DEMAND, MAY_PASSIVE
from source_stance.builder.annotate.claims_cues import is_verb_cue, is_verb_cue_at, span_cues  # noqa: F401 (is_verb_cue re-exported)
from source_stance.builder.annotate.claims_keys import Keys, sentence_keys
from source_stance.builder.annotate.claims_quotes import QUOTES as _QUOTES
from source_stance.builder.annotate.claims_quotes import quote_regions
from source_stance.builder.annotate.claims_subject import (  # noqa: F401 (ISSUER_WINDOW, resolve_issuer, subject_before re-exported)
    _REFLEXIVE,
    ISSUER_WINDOW,
    _head_is_document,
    _plausible_np,
    _strip_determiner,
    resolve_issuer,
    subject_before,
)
from source_stance.builder.annotate.lexicon import FIRST_PERSON

ANNOTATOR = "rule:claims.attribution.v1"


class Attribution(NamedTuple):  # a tuple: several are built per document, cheaper than a frozen dataclass
    speaker: str | None
    speaker_kind: str  # author | named_source | unnamed_source
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    quote_type: str  # direct | indirect | none
    confidence: float
    evidence: str


def author_voice(evidence: str = "no reporting structure: the author's own voice", confidence: float = 0.6) -> Attribution:
    return Attribution(None, "author", None, None, None, None, None, "none", confidence, evidence)


# --------------------------------------------------------------------------- noun phrases


# --------------------------------------------------------------------------- speakers


def _named(text: str, s: int, e: int, person_mentions: Sequence[tuple[int, int, str]]) -> tuple[str | None, str, int | None, int | None, str]:
    """Turn a subject span into (speaker, kind, start, end, note), resolving pronouns and documents."""
    np = text[s:e]
    low = np.lower()
    if low in FIRST_PERSON:
        return None, "author", None, None, "first person"
    if low in ("he", "she"):
        k = bisect.bisect_right([m[1] for m in person_mentions], s)
        if k:
            ps, pe, _canon = person_mentions[k - 1]
            return text[ps:pe], "named_source", ps, pe, f"pronoun {np!r} -> last person mentioned"
        return np, "named_source", s, e, "unresolved pronoun"
    if _head_is_document(np):
        issuer = resolve_issuer(text, s, np.split()[-1])
        if issuer:
            return text[issuer[0] : issuer[1]], "named_source", issuer[0], issuer[1], f"{np!r} issued by {text[issuer[0]:issuer[1]]!r}"
        return None, "unnamed_source", None, None, f"{np!r} without a named issuer"
    s, e = _strip_determiner(text, s, e)
    return text[s:e], "named_source", s, e, "subject of the reporting cue"


def _cues_before(text: str, lo: int, end: int, span_cues: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """``_CUE`` matches in ``text[lo:end]``.  ``span_cues``: the matches in the whole span that
    starts at ``lo`` and ends at or after ``end``, if known; they are the same up to ``end`` when
    ``end`` is followed by a non-word character and no match runs across it."""
    if span_cues is not None and (end >= len(text) or not (text[end].isalnum() or text[end] == "_")):
        if not any(a < end < b for a, b in span_cues):
            return [c for c in span_cues if c[1] <= end]
    return [m.span() for m in _CUE.finditer(text, lo, end)]


def _intro_before(
    text: str, lo: int, hi: int, person_mentions, confidence: float, span_cues: Sequence[tuple[int, int]] | None = None
) -> Attribution | None:
    """`X said: "` / `The letter says: “` in ``text[lo:hi]`` (the stretch before an opening mark).
    ``span_cues``: the ``_CUE`` matches of the sentence span starting at ``lo``, if known."""
    intro = text[lo:hi].rstrip()
    if not intro:
        return None
    end = lo + len(intro)
    cues = [c for c in _cues_before(text, lo, end, span_cues) if is_verb_cue_at(text, *c)]
    if not cues:
        return None
    cue_start, cue_end = cues[-1]
    if len(text[cue_end:end].strip(" :,—–")) > 40:
        return None  # the cue is not what introduces the quote
    subj = subject_before(text, lo, cue_start)
    if not subj:
        return None
    speaker, kind, ss, se, note = _named(text, *subj, person_mentions)
    if kind == "author":
        return None
    is_doc = _head_is_document(text[subj[0] : subj[1]])
    cue_s = subj[0] if is_doc else cue_start
    return Attribution(speaker, kind, ss, se, text[cue_s:cue_end], cue_s, cue_end, "direct", confidence,
                       f"quotation introduced by {text[subj[0]:cue_end]!r}; {note}")


_POST_NP = r"(?P<np>(?:[Tt]he\s+|[Aa]n?\s+)?[A-Za-z][\w.'’-]*(?:\s+(?!(?:on|in|at|to|of|after|before|during|yesterday|today|late|earlier)\b)[A-Za-z][\w.'’-]*){0,5})"
_NP_THEN_CUE = re.compile(r"\s*,?\s*(?P<np>(?:[Tt]he\s+|[Aa]n?\s+)?[A-Za-z][^,.;:\n\"“”]{0,80}?)\s+(?P<cue>" + REPORTING_CUE_TREE + r")")
_CUE_THEN_NP = re.compile(r"\s*,?\s*(?P<cue>" + REPORTING_CUE_TREE + r")\s+" + _POST_NP)
_FINAL_INITIAL = re.compile(r"\b[A-Z]\.$")


def _intro_after(text: str, qe: int, after_end: int, person_mentions) -> Attribution | None:
    """`"…," X said.` or `"…," said X.` right after the closing mark (up to ``after_end``)."""
    tail = text[qe:after_end]
    m = _NP_THEN_CUE.match(tail)
    if m and _plausible_np(m.group("np"), allow_lower=True):
        s, e = qe + m.start("np"), qe + m.end("np")
        speaker, kind, ss, se, note = _named(text, s, e, person_mentions)
        if kind != "author":
            return Attribution(speaker, kind, ss, se, m.group("cue"), qe + m.start("cue"), qe + m.end("cue"), "direct", 0.75,
                               f"quotation followed by {m.group(0).strip()!r}; {note}")
    m = _CUE_THEN_NP.match(tail)
    if m:
        s, e = qe + m.start("np"), qe + m.end("np")
        while e > s and text[e - 1] == "." and not _FINAL_INITIAL.search(text[s:e]):
            e -= 1  # sentence-final period, not an initial
        s, e = _strip_determiner(text, s, e)
        if s < e and _plausible_np(text[s:e], allow_lower=True):
            return Attribution(text[s:e], "named_source", s, e, m.group("cue"), qe + m.start("cue"), qe + m.end("cue"), "direct", 0.75,
                               f"quotation followed by {m.group(0).strip()!r}")
    return None


def _span_at(spans: Sequence[tuple[int, int]], starts: Sequence[int], pos: int, inclusive_end: bool = False) -> int | None:
    """Index of the span containing ``pos`` (spans sorted, non-overlapping), else None."""
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and (pos < spans[k][1] or (inclusive_end and pos == spans[k][1])):
        return k
    return None


def _region_introducer(
    text: str, region: tuple[int, int], spans: Sequence[tuple[int, int]], starts: Sequence[int], person_mentions, cues_of: Sequence | None = None
) -> Attribution | None:
    """Speaker of a quotation: introduced in its own sentence, after it, or by a previous sentence ending in ':'.
    ``cues_of``: per span, its ``_CUE`` matches if known (else None)."""
    qs, qe = region
    k = _span_at(spans, starts, qs)
    if k is not None and (a := _intro_before(text, spans[k][0], qs, person_mentions, 0.8, cues_of[k] if cues_of else None)):
        return a
    j = _span_at(spans, starts, qe, inclusive_end=True)
    if a := _intro_after(text, qe, spans[j][1] if j is not None else min(len(text), qe + 80), person_mentions):
        return a
    p = bisect.bisect_right(starts, qs) - 1  # last span starting at or before the quote
    while p >= 0 and spans[p][1] > qs:
        p -= 1
    if p >= 0 and (k is None or spans[k][0] >= qs - 1):
        ps, pe = spans[p]
        if text[ps:pe].rstrip().endswith(":"):
            return _intro_before(text, ps, pe, person_mentions, 0.8, cues_of[p] if cues_of else None)
    return None


_ACCORDING_NP = re.compile(r"(?P<np>[^,;:]{1,80}?)\s*(?:,|[.!?]?[\"”']?\s*$)")
_PASSIVE_AFTER = re.compile(r"\s+(?:by|to\s+be|as)\b")
_AUTHOR_VOICE = author_voice()


def _sentence_attribution(
    text: str, s: int, e: int, person_mentions, cues: Sequence[tuple[int, int]] | None = None, rare: int = MAY_ANY
) -> Attribution:
    """Attribution of the sentence ``text[s:e]`` from its own wording.  ``cues``: the reporting-cue
    matches in it if already known (else found here); ``rare``: the ``claims_cues.MAY_*`` bits of
    'according to' and the agentless patterns that may match it (the others are not searched)."""
    if rare:
        sent = text[s:e]
        if rare & MAY_ACCORDING and (m := _ACCORDING.search(sent)):
            np_m = _ACCORDING_NP.match(sent, m.end())
            if np_m:
                ns, ne = s + np_m.start("np"), s + np_m.end("np")
                if rm := _REFLEXIVE.search(text, ns, ne):
                    ne = rm.start()
                if not _plausible_np(text[ns:ne], allow_lower=True) or text[ns:ne].split()[0].lower() in ("modern", "recent", "some", "many", "most"):
                    rest = s + m.end()
                    rest_cues = None if cues is None or any(a < rest < b for a, b in cues) else [c for c in cues if c[0] >= rest]
                    return _sentence_attribution(text, rest, e, person_mentions, rest_cues)
                speaker, kind, ss, se, note = _named(text, ns, ne, person_mentions)
                if kind != "author":
                    cue = m.group(0).rstrip()  # "according to", without the whitespace after it
                    return Attribution(speaker, kind, ss, se, cue, s + m.start(), s + m.start() + len(cue), "indirect", 0.75, f"'according to' {note}")
        if rare & MAY_PASSIVE and (m := _PASSIVE.search(sent)):
            if m.start() <= 40:
                return Attribution(None, "unnamed_source", None, None, m.group(0), s + m.start(), s + m.end(), "indirect", 0.7, f"agentless report {m.group(0)!r}")
        if rare & MAY_DEMAND and (m := _PASSIVE_DEMAND.search(sent)):
            return Attribution(None, "unnamed_source", None, None, m.group(0), s + m.start(), s + m.end(), "indirect", 0.6, f"agentless demand {m.group(0)!r}")
    if cues is None:
        cues = [cm.span() for cm in _CUE.finditer(text, s, e)]
    for c_start, c_end in cues:
        if not is_verb_cue_at(text, c_start, c_end):
            continue
        subj = subject_before(text, s, c_start)
        if not subj:
            continue
        cue = text[c_start:c_end]
        if cue.lower().endswith("ed") and _PASSIVE_AFTER.match(text[c_end:c_end + 8]):
            continue  # passive participle: "was reported by", "is called as"
        speaker, kind, ss, se, note = _named(text, *subj, person_mentions)
        if kind == "author":
            return author_voice(f"first-person report {text[subj[0]:c_end]!r}", 0.65)
        return Attribution(speaker, kind, ss, se, cue, c_start, c_end, "indirect", 0.7 if kind == "named_source" else 0.6, f"reporting cue {text[subj[0]:c_end]!r}; {note}")
    return _AUTHOR_VOICE


def attribute(
    text: str,
    spans: Sequence[tuple[int, int]],
    person_mentions: Sequence[tuple[int, int, str]] = (),
    keys: Sequence[Keys] | None = None,
) -> list[Attribution]:
    """One attribution per sentence span (see module doc).  ``person_mentions``: (start, end,
    canonical) of people mentioned in ``text``, in order, used to resolve he/she.  ``keys``: the
    :func:`.claims_keys.sentence_keys` of each span's text, if the caller has them."""
    regions = quote_regions(text)
    starts = [sp[0] for sp in spans]
    if keys is None:
        keys = [sentence_keys(text[s:e]) for s, e in spans]
    cues_of: Sequence[Sequence[tuple[int, int]] | None]
    cues_of, rare_of = span_cues(text, spans, keys)
    region_attr = {r: _region_introducer(text, r, spans, starts, person_mentions, cues_of) for r in regions}
    for prev, r in zip(regions, regions[1:]):
        if region_attr[r] is not None or region_attr[prev] is None:
            continue
        gap = text[prev[1] : r[0]]
        if text[prev[1] - 1] not in _QUOTES and not gap.strip():
            region_attr[r] = region_attr[prev]  # paragraph-style quoting: left open, continued next paragraph
        elif "\n\n" not in gap and len(gap) <= 200 and r[0] in starts:
            region_attr[r] = region_attr[prev]  # `"…," X said. "…"`: the next quoted sentence is X's too
    region_ends = [r[1] for r in regions]
    n_regions = len(regions)
    out: list[Attribution] = []
    for k, (s, e) in enumerate(spans):
        inside = None
        i = bisect.bisect_right(region_ends, s) if n_regions else 0  # regions ending after the sentence starts
        while i < n_regions:
            r = regions[i]
            i += 1
            if r[0] >= e:
                break
            overlap = min(e, r[1]) - max(s, r[0])
            if overlap > 0 and overlap >= 0.5 * (e - s):
                inside = r
                break
            a = region_attr.get(r)
            if a is not None and a.cue_start is not None and s <= a.cue_start < e and overlap >= 0.3 * (e - s):
                inside = r  # `X said: "…` or `"…," X said.` within this sentence
                break
        if inside is not None:
            a = region_attr[inside]
            if a is not None:
                out.append(a)
                continue
            own = _sentence_attribution(text, s, e, person_mentions, cues_of[k], rare_of[k])
            if own.speaker_kind != "author":
                out.append(own)
            else:
                out.append(Attribution(None, "unnamed_source", None, None, None, None, None, "direct", 0.5, "inside quotation marks without an identifiable speaker"))
            continue
        cues = cues_of[k]
        if cues is not None and not cues and not rare_of[k]:
            out.append(_AUTHOR_VOICE)  # what _sentence_attribution finds without cues or patterns
        else:
            out.append(_sentence_attribution(text, s, e, person_mentions, cues, rare_of[k]))
    return _resolve_pronouns(text, out)


_ORG_WORDS = frozenset(
    "ministry council committee community union association agency office department government army police "
    "party parliament court commission organization organisation group company bank news press service "
    "embassy mission platform center centre institute foundation university network".split()
)


def _person_like(name: str) -> bool:
    words = name.split()
    caps = [w for w in words if w[:1].isupper()]
    return len(caps) >= 2 and not any(w.lower().strip(".,") in _ORG_WORDS for w in words)


_EVIDENCE = operator.attrgetter("evidence")


def _resolve_pronouns(text: str, out: list[Attribution]) -> list[Attribution]:
    """he/she left unresolved by the gazetteer -> the last person-like named speaker before it."""
    # (the note holds no NUL, so it is found in the NUL-joined evidence only within one of them)
    if "unresolved pronoun" not in "\0".join(map(_EVIDENCE, out)):
        return out  # the loop below would change nothing
    last: Attribution | None = None
    resolved = []
    for a in out:
        if a.speaker_kind != "named_source" or not a.speaker:
            resolved.append(a)
            continue
        if a.speaker.lower() in ("he", "she"):
            if "unresolved pronoun" in a.evidence and last is not None:
                a = Attribution(last.speaker, "named_source", last.speaker_start, last.speaker_end, a.cue, a.cue_start, a.cue_end,
                                a.quote_type, min(a.confidence, 0.55), f"{a.evidence}; -> last person-like speaker {last.speaker!r}")
        elif _person_like(a.speaker):
            last = a
        resolved.append(a)
    return resolved
