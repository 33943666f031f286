"""Is a sentence a claim, and of which kind?  Pure rules over one sentence.

Decision order (``ANNOTATION_GUIDELINES.md`` explains it):

1. not a claim: no letters, a question, a greeting / thanks / blessing, a sign-off, a discourse
   move ("If I may ..."), or a heading (alone on its line, no final punctuation);
2. prescriptive: obligation modals, calls and demands, imperatives;
3. predictive: future tense and forecasts;
4. statistical: at least one stated number (not a vague "dozens of");
5. evaluative: a stance marker, a judgement adjective as predicate, or two judgement words;
6. factual: everything else.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from source_stance.builder.annotate.claims_keys import (
    COPULA_BIT,
    COPULA_KEYS_B,
    EVALUATIVE_BIT,
    EVALUATIVE_KEYS_B,
    PATTERN_KEYS_B,
    PATTERN_RUNS,
    STARTS_AT_KEY,
    Keys,
    PREDICTIVE_BIT,
    PRESCRIPTIVE_BIT,
    STANCE_BIT,
    STANCE_KEYS_B,
    ascii_like,
    sentence_keys,
    word_starts,
)
from source_stance.builder.annotate.claims_quantities import Quantity
from source_stance.builder.annotate.span_scan import literal_alternation
from source_stance.builder.annotate.lexicon import (
    DISCOURSE_OPENERS,
    DURATION_UNITS,
    EVALUATIVE_REPORTING,
    EVALUATIVE_WORDS,
    GREETINGS,
    PREDICTIVE_PATTERNS,
    PRESCRIPTIVE_PATTERNS,
    SIGN_OFFS,
    STANCE_MARKERS,
    THANKS,
)

IS_CLAIM_ANNOTATOR = "rule:claims.is_claim.v1"
KIND_ANNOTATOR = "rule:claims.kind.v3"  # v2: the judgement window after a copula ends on a word boundary; v3: a keyword next to a digit or "$" ("$should", "5false") counts, as the regexes find it

_TRAILING_CLOSERS = "\"'”’»)]} \t"
_QUOTED_QUESTION = re.compile(r"^[\"“«][^\"“”«»]+\?[\"”»]\s*,?\s*(?:\S+\s+){0,7}\S+$")
_QUOTE_OPENERS = frozenset('"“«')  # what _QUOTED_QUESTION starts with
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PRESCRIPTIVE = tuple(re.compile(p, re.IGNORECASE) for p in PRESCRIPTIVE_PATTERNS)
_PREDICTIVE = tuple(re.compile(p, re.IGNORECASE) for p in PREDICTIVE_PATTERNS)
#: Pattern of each bit of the claims_keys mask: the prescriptive ones, then the predictive ones.
_KIND_PATTERNS = _PRESCRIPTIVE + _PREDICTIVE
_KIND_BITS = (1 << len(_KIND_PATTERNS)) - 1
_SIGNAL_BITS = 1 << STANCE_BIT | 1 << EVALUATIVE_BIT
#: ``\b(?:marker|...)\b`` over the stance markers, written as a prefix tree (the same matches; the
#: flat alternation is the tests' reference), and how far before its last word a match can start.
_STANCE_TREE = re.compile(r"\b" + literal_alternation(STANCE_MARKERS) + r"\b", re.IGNORECASE)
_LONGEST_STANCE = max(map(len, STANCE_MARKERS))
_COPULA_EVAL = re.compile(
    r"\b(?:is|are|was|were|be|been|being|seems?|seemed|remains?|remained|became|becomes?|looks?)\s+"
    r"(?:\w+ly\s+)?(?:not\s+)?(?:so\s+|very\s+|too\s+|more\s+|most\s+|quite\s+)?[\"“'‘]?([\w-]+)",
    re.IGNORECASE,
)
#: Characters after a copula's predicate in which a judgement word may start (see _window_words).
_WINDOW = 40
_REFERENCE_BEFORE = re.compile(r"\b(?:the|these|those|both|its|their|our|his|her)$")
_REFERENCE_REACH = 6  # the longest of those words and one character


class Decision(NamedTuple):  # a tuple: built twice per sentence, cheaper than a frozen dataclass
    value: object
    confidence: float
    evidence: str


# The decisions that carry nothing of the sentence, built once (tuples: safe to share).
_NO_WORDS = Decision(False, 0.95, "no words")
_QUESTION = Decision(False, 0.85, "question mark")
_QUOTED_QUESTION_DECISION = Decision(False, 0.75, "a quoted question with its attribution")
_INTRODUCES = Decision(False, 0.7, "introduces what follows (ends with ':')")
_HEADING = Decision(False, 0.8, "heading: alone on its line without final punctuation")
_FRAGMENT = Decision(False, 0.7, "fragment of at most two words")
_DECLARATIVE = Decision(True, 0.7, "declarative sentence")
_SHORT_DECLARATIVE = Decision(True, 0.55, "declarative sentence")
_FACTUAL = Decision("factual", 0.55, "declarative, no prescriptive/predictive/numeric/evaluative marker")


class _Opener(NamedTuple):
    pattern: re.Pattern
    first_letters: frozenset[str]  # a text starting otherwise cannot match


def _opener(phrases: Sequence[str]) -> _Opener:
    pattern = re.compile(r"(%s)(?![\w-])" % "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    return _Opener(pattern, frozenset(p[0] for p in phrases))


_GREETING, _THANKS, _SIGN_OFF, _DISCOURSE = (_opener(x) for x in (GREETINGS, THANKS, SIGN_OFFS, DISCOURSE_OPENERS))
#: Matches where any of the four openers does: a sentence it does not match skips their checks.
_ANY_OPENER = _opener((*GREETINGS, *THANKS, *SIGN_OFFS, *DISCOURSE_OPENERS)).pattern
_OPENER_REACH = max(map(len, (*GREETINGS, *THANKS, *SIGN_OFFS, *DISCOURSE_OPENERS))) + 1


def _starts_with(low: str, opener: _Opener) -> str | None:
    if low[:1] not in opener.first_letters:
        return None
    m = opener.pattern.match(low)
    return m.group(1) if m else None


# An ASCII sentence's words of _WORD are its runs of [A-Za-z0-9_'-] holding a letter: drop the
# digits, "_", "'" and "-", turn letters into "a" and everything else into spaces, and count.
_WORD_RUNS = bytes.maketrans(bytes(range(256)), bytes(97 if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256)))
_WORD_JOINERS = b"0123456789_'-"


_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")  # a letter, digit or "_" outside ASCII


def _word_count(sentence: str) -> int:
    """``len(_WORD.findall(sentence))``."""
    if not sentence.isascii():
        if not ascii_like(sentence) and _NON_ASCII_WORD.search(sentence):
            return len(_WORD.findall(sentence))
        # "’" joins like "'"; every other non-ASCII character separates words, as its UTF-8 bytes do
        sentence = sentence.replace("’", "'")
    return (b" " + sentence.encode().translate(_WORD_RUNS, _WORD_JOINERS)).count(b" a")  # runs of a's


def is_claim(sentence: str, alone_on_line: bool) -> Decision:
    """Does ``sentence`` assert something that can be true, false or disputed?

    ``alone_on_line``: the sentence is the whole of its line (a heading candidate).
    """
    n_words = _word_count(sentence)
    if not n_words:
        return _NO_WORDS
    stripped = sentence.rstrip(_TRAILING_CLOSERS)
    bare = sentence.strip()
    # the openers read at most _OPENER_REACH characters (a phrase and the one after it); lower()
    # maps each character on its own but for a final sigma, which the cut could only make the last
    low = bare.lstrip("\"'“‘«(-–—•*").strip()[:_OPENER_REACH + 1].lower()
    if stripped.endswith("?"):
        return _QUESTION
    if bare[:1] in _QUOTE_OPENERS and _QUOTED_QUESTION.match(bare):
        return _QUOTED_QUESTION_DECISION
    if _ANY_OPENER.match(low):
        if (g := _starts_with(low, _GREETING)) and n_words <= 6:
            return Decision(False, 0.9, f"greeting {g!r}")
        if g := _starts_with(low, _THANKS):
            return Decision(False, 0.8, f"thanks/blessing {g!r}")
        if (g := _starts_with(low, _SIGN_OFF)) and n_words <= 6:
            return Decision(False, 0.9, f"sign-off {g!r}")
        if (g := _starts_with(low, _DISCOURSE)) and (n_words <= 12 or g != "sorry"):
            if g != "sorry" or n_words <= 8:
                return Decision(False, 0.7, f"discourse move {g!r}")
    right = sentence.rstrip()
    if right.endswith(":") and n_words <= 6:
        return _INTRODUCES
    if alone_on_line and not _TERMINAL.search(right) and n_words <= 25:
        return _HEADING
    if n_words <= 2 and not _TERMINAL.search(right):
        return _FRAGMENT
    return _DECLARATIVE if n_words >= 5 else _SHORT_DECLARATIVE


def _copula_matches(sentence: str, keys: Keys) -> list[re.Match]:
    """``list(_COPULA_EVAL.finditer(sentence))``, trying only at the copula words."""
    if keys.low is None:
        return list(_COPULA_EVAL.finditer(sentence))
    out = []
    pos = 0
    for i in word_starts(keys, keys.words & COPULA_KEYS_B):
        if i >= pos and (m := _COPULA_EVAL.match(sentence, i)):
            out.append(m)
            pos = m.end()
    return out


def _window_words(sentence: str, start: int) -> list[str]:
    """The first three ``_WORD`` words that start within ``_WINDOW`` characters from ``start``, each
    whole: the window ends on a word boundary, so "mistakes" is never read as "mistake"."""
    out: list[str] = []
    end = start + _WINDOW
    for w in _WORD.finditer(sentence, start):
        if w.start() >= end:
            break
        out.append(w.group())
        if len(out) == 3:
            break
    return out


def _evaluative_signal(sentence: str, keys: Keys | None = None) -> str | None:
    # A judgement word of EVALUATIVE_WORDS stands in the sentence as a run of letters whose first
    # part (before any hyphen) is one of the EVALUATIVE bit's words (their offsets: ``judged``).
    # A copula's window holds one only if such a run starts in it (its words are whole, see
    # _window_words); other windows are skipped.
    if keys is None:
        keys = sentence_keys(sentence)
    mask = keys.mask
    if mask >> STANCE_BIT & 1:
        # every match ends with a STANCE_KEYS word standing between spaces in keys.runs: start
        # from the first one
        pos = 0
        if keys.low is not None:
            pos = max(0, word_starts(keys, keys.words & STANCE_KEYS_B)[0] - _LONGEST_STANCE)
        if m := _STANCE_TREE.search(sentence, pos):
            return f"stance marker {m.group(0)!r}"
    low = keys.low
    if low is not None and not mask >> EVALUATIVE_BIT & 1:
        return None  # no judgement word: nothing below can be found
    judged = word_starts(keys, keys.words & EVALUATIVE_KEYS_B) if low is not None and mask >> EVALUATIVE_BIT & 1 else []
    if mask >> COPULA_BIT & 1:
        for m in _copula_matches(sentence, keys):
            if low is not None:
                k = bisect_left(judged, m.start(1))
                if k == len(judged) or judged[k] >= m.end() + _WINDOW:
                    continue
            following = [m.group(1)] + _window_words(sentence, m.end())
            hit = next((w for w in following if w.lower() in EVALUATIVE_WORDS), None)
            if hit:
                return f"judgement predicate {m.group(0)!r} ... {hit!r}"
    if low is None:
        hits = [w for w in _WORD.findall(sentence) if w.lower() in EVALUATIVE_WORDS]
    elif len(judged) < 2:
        return None  # fewer than two judgement words
    else:
        hits = _judgement_words(sentence, judged)
    if len(hits) >= 2:
        return f"judgement words {', '.join(repr(h) for h in hits[:3])}"
    return None


def _judgement_words(sentence: str, judged: Sequence[int]) -> list[str]:
    """``[w for w in _WORD.findall(sentence) if w.lower() in EVALUATIVE_WORDS]`` from ``judged``,
    the sorted offsets of the EVALUATIVE bit's words as runs of letters (see _evaluative_signal):
    such a word starts at one of them.  ``findall`` reads a run of ``[\w'’-]`` as one word from
    its first letter (``[^\W\d_]``), so an offset after a letter of its run is no word's start."""
    out = []
    for p in judged:
        q = p - 1
        while q >= 0:
            c = sentence[q]
            if c.isalnum():  # \w but "_"
                if not c.isdecimal():  # a letter of [^\W\d_]: p is inside its word
                    break
            elif c not in "_'’-":
                q = -1  # the run starts at p
                break
            q -= 1
        if q < 0 and (w := _WORD.match(sentence, p).group()).lower() in EVALUATIVE_WORDS:
            out.append(w)
    return out


def _counts(q: Quantity, sentence_start: int, sentence: str) -> bool:
    """Does this quantity state a count or amount (not a duration, age or definite reference)?"""
    if q.value is None:
        return False
    unit = (q.unit_or_counted or "").lower().split()
    if unit and unit[-1] in DURATION_UNITS:
        return False
    # the text before, its last _REFERENCE_REACH characters: room for the longest word and the
    # character before it that ``\b`` reads (lower() maps them one by one but for Σ, whose
    # lower-case forms are alike to the pattern)
    before = sentence[: q.start - sentence_start].rstrip()[-_REFERENCE_REACH:].lower()
    if _REFERENCE_BEFORE.search(before):
        return False  # "the two countries": a reference, not a count
    if q.value == 1 and not any(c.isdigit() for c in q.text):
        return False  # "one" alone rarely states a statistic
    return True


def claim_kind(
    sentence: str, quantities: Sequence[Quantity], sentence_start: int = 0, cue: str | None = None, keys: Keys | None = None
) -> Decision:
    """Kind of a sentence already known to be a claim (see module doc for the order).

    ``quantities`` carry offsets into the document; ``sentence_start`` is the sentence's offset there.
    ``cue``: the reporting cue attribution found, if any (a condemnation reports a judgement).
    ``keys``: :func:`.claims_keys.sentence_keys` of ``sentence`` if the caller has it.
    """
    if keys is None:
        keys = sentence_keys(sentence)
    bits = keys.mask & _KIND_BITS
    while bits:  # set bits from the lowest: the patterns in the rules' order
        lowest = bits & -bits
        bits ^= lowest
        i = lowest.bit_length() - 1
        pat = _KIND_PATTERNS[i]
        if i in PATTERN_RUNS and keys.low is not None and not PATTERN_RUNS[i].search(keys.runs):
            continue  # its words are there, but not in the sequence a match needs
        if i in STARTS_AT_KEY and keys.low is not None:  # try where a match can start, leftmost first
            m = None
            for start in word_starts(keys, keys.words & PATTERN_KEYS_B[i]):
                if m := pat.match(sentence, start):
                    break
        else:
            m = pat.search(sentence)
        if m:
            if i < PREDICTIVE_BIT:
                return Decision("prescriptive", 0.7, f"obligation/call {m.group(0).strip()!r}")
            return Decision("predictive", 0.65, f"future marker {m.group(0).strip()!r}")
    if quantities and (stated := [q for q in quantities if _counts(q, sentence_start, sentence)]):
        shown = ", ".join(repr(q.text) for q in stated[:3])
        return Decision("statistical", 0.75 if len(stated) > 1 else 0.65, f"stated numbers {shown}")
    if cue and cue.lower() in EVALUATIVE_REPORTING:
        return Decision("evaluative", 0.6, f"reports a judgement ({cue!r})")
    # without a stance or judgement word (and with the prefilter) _evaluative_signal finds nothing
    if (keys.low is None or keys.mask & _SIGNAL_BITS) and (sig := _evaluative_signal(sentence, keys)):
        return Decision("evaluative", 0.6, sig)
    return _FACTUAL
