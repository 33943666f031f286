"""Which rule keywords a sentence contains: an exact prefilter for the claim rules' regexes.

Every claim-kind pattern in :mod:`.lexicon` (prescriptive, predictive, stance markers), the number
finder of :mod:`.claims_quantities` and the judgement-word checks of :mod:`.claims_kind` can only
match where one of a few words stands as a whole run of letters: ``\\bshould\\b`` needs the word
*should*, ``\\bwill\\s+...`` the word *will*, a spelled-out number one of the number words, and so
on.  :func:`sentence_keys` splits the lower-cased sentence into runs of ``a-z`` once and returns
(in :class:`Keys`) a bit mask of the patterns whose word is there, plus a bit for digits and
currency signs; a pattern whose bit is clear cannot match, so the rules skip it.
:func:`word_starts` gives where those words stand, for rules that can only match starting there.
The result is the same as searching every pattern everywhere, only faster.

Exactness rests on lower-casing: an ``IGNORECASE`` regex matches an ASCII letter only by that
letter in either case, except for four characters (``İ ı ſ K``) that Python's case folding maps to
``i``/``s``/``k``.  A sentence holding one of them (or whose lower-cased form changes length) gets
:data:`NO_PREFILTER`, and the rules then search every pattern as before.

The word lists below are aligned index by index with ``PRESCRIPTIVE_PATTERNS`` and
``PREDICTIVE_PATTERNS``; ``tests/builder/annotate/test_claims_keys.py`` checks that alignment
against the patterns themselves.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from source_stance.builder.annotate.lexicon import (
    EVALUATIVE_WORDS,
    PREDICTIVE_PATTERNS,
    PRESCRIPTIVE_PATTERNS,
    REPORTING_PHRASES,
    REPORTING_VERBS,
)

_CASEFOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")

#: The word (any one of the words) each prescriptive pattern needs, in pattern order; ``None``: the
#: pattern is tried always.
PRESCRIPTIVE_KEYS: tuple[tuple[str, ...] | None, ...] = (
    ("should",),
    ("must",),
    ("ought",),
    ("need", "needs"),
    ("has", "have"),
    ("had",),
    ("call", "calls", "called", "calling"),
    ("urge", "urges", "urged", "urging"),
    ("demand", "demands", "demanded", "demanding"),
    ("appeal", "appeals", "appealed", "appealing"),
    ("necessary", "imperative", "essential", "vital", "time"),
    ("let", "please", "kindly", "stop", "join", "do", "don", "never"),  # the first word ("don't": the run "don")
    ("ask", "request", "call"),
    ("tribute",),
)
#: The same for the predictive patterns.
PREDICTIVE_KEYS: tuple[tuple[str, ...] | None, ...] = (
    ("will",),
    ("shall",),
    ("won",),
    ("going",),
    ("expected", "likely", "unlikely", "set", "poised", "due", "scheduled", "planned", "slated"),
    ("plan", "plans", "intend", "intends", "aim", "aims"),
    ("next", "tomorrow", "soon", "later"),
    ("forecast", "forecasts", "predict", "predicts"),
    ("coming",),
)
#: The last word of every stance marker (``STANCE_MARKERS``).
STANCE_KEYS: tuple[str, ...] = (
    "think", "believe", "feel", "view", "opinion", "seems", "appears", "clearly", "obviously",
    "undoubtedly", "course", "unfortunately", "fortunately", "sadly", "regrettably", "regret", "amazed",
    "surprisingly", "fact", "certainly", "doubt",
)
#: Words a copula of ``claims_kind._COPULA_EVAL`` starts with.
COPULA_KEYS: frozenset[str] = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "seem", "seems", "seemed", "remain", "remains",
    "remained", "became", "become", "becomes", "look", "looks",
))
#: Judgement words as runs of letters ("peace-loving" is the runs "peace" and "loving").
EVALUATIVE_KEYS: frozenset[str] = frozenset(w.split("-")[0] for w in EVALUATIVE_WORDS)
#: Words a spelled-out quantity starts with (besides "a", which needs one of the SCALE_KEYS next).
NUMBER_KEYS: frozenset[str] = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety tens "
    "hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "dozen dozens scores half third thirds quarter quarters fifth fifths tenth tenths".split()
)
#: Number words that "a" may precede ("a hundred", "a dozen", "a third of").
SCALE_KEYS: frozenset[str] = frozenset(
    "hundred thousand million billion trillion dozen half third thirds quarter quarters fifth fifths tenth tenths".split()
)

#: The first word of every reporting cue (``claims_cues.REPORTING_CUE``).
CUE_KEYS: frozenset[str] = frozenset(c.split()[0].lower() for c in (*REPORTING_PHRASES, *REPORTING_VERBS))
#: Words one of which every 'according to' / agentless match of :mod:`.claims_cues` holds
#: (``ACCORDING``, the participle of ``PASSIVE``, the verb or "made" of ``PASSIVE_DEMAND``).
#: The agentless patterns as (subjects or auxiliaries, one of which stands before, verbs or "made",
#: one of which follows): what must stand beside a RARE_KEYS word for them to match.
RARE_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        ("it this", "noted stated said reported recalled claimed emphasized emphasised stressed announced alleged "
                    "mentioned underlined pointed added declared argued suggested explained"),
        ("were was have has", "demanded urged called asked requested"),
        ("demands calls appeals requests", "made"),
    )
)
RARE_KEYS: frozenset[str] = frozenset({"according"}.union(*(b for _, b in RARE_PAIRS)))
#: Other words those patterns need (their subjects and auxiliaries): keywords without a bit.
RARE_OTHER_KEYS: frozenset[str] = frozenset().union(*(a for a, _ in RARE_PAIRS))

PRESCRIPTIVE_BIT = 0  # bits 0 .. len(PRESCRIPTIVE_PATTERNS) - 1
PREDICTIVE_BIT = len(PRESCRIPTIVE_PATTERNS)
#: Indices (prescriptive, then predictive) of the patterns whose every match starts at one of their
#: words, so trying ``match`` at those words finds what ``search`` finds.
STARTS_AT_KEY: frozenset[int] = frozenset(
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13} | {PREDICTIVE_BIT + i for i in (0, 1, 2, 3, 5, 7)}
)
#: For a few patterns whose words alone rarely let them match: the pattern's word sequence over
#: :attr:`Keys.runs` (each word between spaces, ``\s+`` one or more spaces).  Every match of the
#: pattern shows there as such a sequence, so a sentence whose runs lack it need not be tried.
#: Indices as in ``STARTS_AT_KEY``.
PATTERN_RUNS: dict[int, re.Pattern[bytes]] = {
    PRESCRIPTIVE_BIT + 4: re.compile(rb" ha(?:s|ve) +to "),  # \b(?:has|have)\s+to\b
    PRESCRIPTIVE_BIT + 10: re.compile(rb" it +is +(?:necessary|imperative|essential|vital|time) "),
    PREDICTIVE_BIT + 4: re.compile(rb" (?:is|are|was|were) +(?:expected|likely|unlikely|set|poised|due|scheduled|planned|slated) +to "),
}
STANCE_BIT = PREDICTIVE_BIT + len(PREDICTIVE_PATTERNS)
COPULA_BIT = STANCE_BIT + 1
EVALUATIVE_BIT = STANCE_BIT + 2
NUMBER_BIT = STANCE_BIT + 3
#: Set when the sentence holds a digit or a currency sign.
DIGIT_BIT = STANCE_BIT + 4
CUE_BIT = STANCE_BIT + 5
RARE_BIT = STANCE_BIT + 6
#: Every bit set: what a sentence gets when the prefilter cannot be used.
ALL = (1 << (RARE_BIT + 1)) - 1



class Keys(NamedTuple):
    """What :func:`sentence_keys` found in one sentence."""

    mask: int  #: bits of the patterns that may match
    low: str | None  #: the lower-cased sentence; None: no prefilter (then ``mask`` is ALL)
    words: frozenset[bytes]  #: the keywords among its a-z runs (ASCII bytes)
    runs: bytes  #: its UTF-8 bytes with every byte outside a-z made a space, between two spaces
    utf8: bytes | None  #: ``low`` as UTF-8 when it is not ASCII (to turn byte offsets into str offsets)


# Keywords are looked up as bytes: UTF-8 keeps ASCII letters as they are and turns every other
# character into bytes outside a-z, so the a-z runs of the encoded text are those of the text.
# Digits and "$" become tabs first (a sign of a number: ``9 in runs`` sets DIGIT_BIT), then spaces
# like every other byte outside a-z: each of them ends a word for the rules' regexes (``$`` is no
# word character; a digit is one, so ``\b`` fails between it and a letter, but a candidate too
# many only costs a failed ``match``), and word_starts finds a word only between two spaces.
_AZ_ONLY = bytes.maketrans(
    bytes(range(256)), bytes(c if 97 <= c <= 122 else 9 if chr(c) in "0123456789$" else 32 for c in range(256))
)
_NUMBER_SIGN = re.compile(r"[\d$€£¥₽]")


def _key_masks() -> tuple[dict[bytes, int], int]:
    masks: dict[bytes, int] = {}
    always = 0

    def add(words: tuple[str, ...] | frozenset[str] | None, bit: int) -> None:
        nonlocal always
        if words is None:
            always |= 1 << bit
            return
        for w in words:
            masks[w.encode()] = masks.get(w.encode(), 0) | 1 << bit

    for i, words in enumerate(PRESCRIPTIVE_KEYS):
        add(words, PRESCRIPTIVE_BIT + i)
    for i, words in enumerate(PREDICTIVE_KEYS):
        add(words, PREDICTIVE_BIT + i)
    add(STANCE_KEYS, STANCE_BIT)
    add(COPULA_KEYS, COPULA_BIT)
    add(EVALUATIVE_KEYS, EVALUATIVE_BIT)
    add(NUMBER_KEYS, NUMBER_BIT)
    add(CUE_KEYS, CUE_BIT)
    add(RARE_KEYS, RARE_BIT)
    for w in RARE_OTHER_KEYS:
        masks.setdefault(w.encode(), 0)
    return masks, always


_MASKS, _ALWAYS = _key_masks()
_ALWAYS_DIGIT = _ALWAYS | 1 << DIGIT_BIT
_KEYWORDS = frozenset(_MASKS)
_PADDED = {w: b" " + w + b" " for w in _KEYWORDS}  # how a keyword stands in Keys.runs
NUMBER_KEYS_B = frozenset(w.encode() for w in NUMBER_KEYS)
COPULA_KEYS_B = frozenset(w.encode() for w in COPULA_KEYS)
EVALUATIVE_KEYS_B = frozenset(w.encode() for w in EVALUATIVE_KEYS)
SCALE_KEYS_B = frozenset(w.encode() for w in SCALE_KEYS)
CUE_KEYS_B = frozenset(w.encode() for w in CUE_KEYS)
STANCE_KEYS_B = frozenset(w.encode() for w in STANCE_KEYS)
#: The words of each prescriptive, then predictive pattern (None: none needed), as bytes.
PATTERN_KEYS_B: tuple[frozenset[bytes] | None, ...] = tuple(
    None if words is None else frozenset(w.encode() for w in words) for words in PRESCRIPTIVE_KEYS + PREDICTIVE_KEYS
)


#: The keys of a sentence whose patterns must all be searched.
NO_PREFILTER = Keys(ALL, None, frozenset(), b"", None)


def sentence_keys(sentence: str) -> Keys:
    """The keywords of ``sentence`` and the mask of the patterns that may match it (see module doc);
    :data:`NO_PREFILTER` when a character folds under ``IGNORECASE`` unlike under ``lower()``."""
    low = sentence.lower()
    utf8 = None
    if sentence.isascii():
        runs = low.encode("ascii").translate(_AZ_ONLY)
        sign = 9 in runs  # digits and "$" became tabs
    elif ascii_like(sentence, raw := sentence.encode("ascii", "replace")):
        # its other characters change under neither lower() nor IGNORECASE into letters or digits:
        # one byte each (no offsets to convert), none a letter, digit or currency sign
        runs = raw.lower().translate(_AZ_ONLY)
        sign = 9 in runs
    else:
        if len(low) != len(sentence) or _CASEFOLD_SPECIAL.search(sentence):
            return NO_PREFILTER
        utf8 = low.encode()
        runs = utf8.translate(_AZ_ONLY)
        sign = _NUMBER_SIGN.search(sentence) is not None
    if sign:  # a number sign; its tabs (digits, "$") are the edges of words like any other non-letter
        mask = _ALWAYS_DIGIT
        runs = runs.replace(b"\t", b" ")
    else:
        mask = _ALWAYS
    words = _KEYWORDS.intersection(runs.split())
    for w in words:
        mask |= _MASKS[w]
    return _new_keys(Keys, (mask, low, words, b" " + runs + b" ", utf8))


def ascii_like(sentence: str, raw: bytes | None = None) -> bool:
    """Whether no character of ``sentence`` outside ASCII is a word character (``\\w``: a letter, a
    digit) or a currency sign of ``_NUMBER_SIGN``.  ``raw``: ``sentence.encode("ascii",
    "replace")`` if known (each of those characters is a ``?`` there)."""
    if raw is None:
        raw = sentence.encode("ascii", "replace")
    i = raw.find(63)  # "?"
    while i >= 0:
        c = sentence[i]
        if c.isalnum() or c in "€£¥₽":  # str.isalnum is what re's \w tests outside ASCII
            return False
        i = raw.find(63, i + 1)
    return True


_new_keys = tuple.__new__  # Keys(...) without the generated __new__'s keyword handling


def word_starts(keys: Keys, words: frozenset[bytes]) -> list[int]:
    """Sorted offsets in the sentence of every a-z run that is one of ``words`` (found in
    ``keys.runs``, where each run stands between spaces)."""
    runs = keys.runs
    out: list[int] = []
    for w in words:
        padded = _PADDED[w]
        step = len(w) + 1
        i = runs.find(padded)
        while i >= 0:
            out.append(i)  # the run starts at i + 1 in runs, at i in the sentence's bytes
            i = runs.find(padded, i + step)
    if keys.utf8 is not None:
        utf8 = keys.utf8
        out = [len(utf8[:i].decode()) for i in out]
    out.sort()
    return out
