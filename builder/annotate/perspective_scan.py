"""Where the perspective annotator's side patterns can match, found without scanning the text once
per pattern and side.

Every side pattern of ``perspective`` holds one of the side's names, and starts either with that
name, with a trigger word (an aggression noun, a harm verb), or with "of" right before the name.
So instead of one ``re.finditer`` per pattern over the whole text, the names are found with one
scan per side and the trigger words with ``str.find``, and each pattern is tried (``re.match``)
only at those offsets: ``candidates.matches_at`` then yields exactly what ``finditer`` would.

The sentences the cues are weighed in are here too (:func:`sentence_spans`), with
:func:`sentence_around`, which finds the one around an offset without listing all of them.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator, Optional

from source_stance.builder.annotate.candidates import LiteralIndex, matches_at, occurrences, search_at, skeleton

#: Quotations, whose cues are the quoted speaker's (weighed less by ``perspective``).
QUOTE_SPANS = re.compile(r"“[^”]{1,3000}”|«[^»]{1,3000}»|\"[^\"\n]{1,3000}\"|„[^“”]{1,3000}[“”]")
#: The characters every ``QUOTE_SPANS`` match starts with.
QUOTE_OPENERS = ("“", "«", '"', "„")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``QUOTE_SPANS.finditer(text)``, tried only at the opening marks (``str.find`` is faster)."""
    return [m.span() for m in matches_at(QUOTE_SPANS, text, occurrences(text, QUOTE_OPENERS))]


def in_spans(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``pos`` is in one of ``spans`` (sorted, not overlapping; ``starts``: their starts)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


#: Literal beginnings of every alternative that can start an aggression pattern ("aggression of X",
#: "occupied by X") and of every harm verb that can start a victim pattern ("killed ... X civilians").
AGGRESSION_STARTS = (
    "aggress", "occup", "provocation", "attack", "shelling", "invasion", "ethnic", "war", "atrocities", "terror",
    "vandalism", "separatist", "militants", "armed",
)
HARM_STARTS = (
    "killed", "died", "murdered", "wounded", "injured", "massacred", "martyred", "deported", "displaced", "expelled",
    "tortured", "suffered", "held", "taken",
)
#: The first word of every alternative of ``perspective._ATTRIBUTION`` (each a whole word: "said", "according to").
ATTRIBUTION_WORDS = (
    "said", "says", "told", "according", "claimed", "claims", "alleged", "alleges", "accused", "accuses", "reported",
    "stated", "insisted", "insists",
)
_WORD_ONLY = re.compile(r"\w+")
#: What the perspective annotator reads from a ``candidates.LiteralIndex`` scan, besides the names.
INDEX_STARTS = frozenset(AGGRESSION_STARTS + HARM_STARTS)
INDEX_WORDS = frozenset(("our",) + ATTRIBUTION_WORDS)


def name_scanner(names: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern whose matches start at every offset where one of ``names`` starts (see :func:`name_starts`).

    ``names`` must not be empty or hold an empty name.  Names made of word characters only cannot
    start at a word boundary inside one another's occurrence, so a consuming scan finds all those
    that matter; other names are looked for at every offset.
    """
    alts = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    if all(_WORD_ONLY.fullmatch(n) for n in names):
        return re.compile(alts)
    return re.compile(f"(?=(?:{alts}))")


def name_starts(text: str, scanner: re.Pattern[str]) -> list[int]:
    """Every offset where a name starts in ``text`` (``scanner`` from :func:`name_scanner`), in order.

    A pattern that starts with ``\\b`` and a name can only match at one of these.
    """
    return [m.start() for m in scanner.finditer(text)]


def trigger_starts(text: str) -> tuple[list[int], list[int]]:
    """(offsets of aggression triggers, offsets of harm triggers), each sorted.

    Every occurrence of a trigger word is listed (``str.find`` is faster here than one regex scan);
    a pattern alternative that starts with ``\\b`` and one of these words can only match at one.
    """
    return occurrences(text, AGGRESSION_STARTS), occurrences(text, HARM_STARTS)


def indexed_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` if an index scan can stand in for :func:`name_starts` with them, else ().

    Each must start with a word character (``\\b`` before it is then "no word character before
    it") and be one a ``LiteralIndex`` holds.
    """
    ok = names and all(n and n == n.strip() and (n[0].isalnum() or n[0] == "_") and LiteralIndex.holds(n) for n in names)
    return names if ok else ()


def fewest_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The ``names`` (of :func:`indexed_names`) whose starts an index scan needs, in their order.

    A name whose index key (``candidates.skeleton`` of its lower case) begins with another name's
    key stands only where that one does ("Azerbaijanis", "Azerbaijani" at "Azerbaijan"), so
    ``Hits.starts_of`` the rest gives the same offsets, from fewer hits.  Names without an ASCII
    letter (found by ``str.find``, not by key) are all kept.
    """
    keys = {n: skeleton(n.lower()) for n in names}
    lead = [k for k in keys.values() if k.strip()]
    return tuple(n for n, k in keys.items() if not k.strip() or not any(k != a and k.startswith(a) for a in lead))


def of_starts(text: str, name_at: list[int]) -> list[int]:
    """Offsets where ``of\\s+(?:the\\s+Republic\\s+of\\s+)?`` ends right at one of ``name_at``, in order.

    For each name start, walk back over the whitespace run (the ``\\s+`` before a name that does not
    itself start with whitespace is that whole run) and the words of the optional part.
    """
    out = []
    for q in name_at:
        if q < 3:  # no room for "of "
            continue
        c = text[q - 1]
        if c == " " and not text[q - 2].isspace():  # most names: one space before them, then the word before
            if text[q - 3: q - 1] != "of":
                continue
            j = q - 1
        elif not c.isspace():
            continue
        else:
            j = _before_space(text, q)
        if j < 2 or not text.startswith("of", j - 2):
            continue
        out.append(j - 2)
        k = j - 2
        for word in ("Republic", "the", "of"):
            k = _before_space(text, k)
            if k < len(word) or not text.startswith(word, k - len(word)):
                break
            k -= len(word)
        else:
            out.append(k)
    return sorted(set(out))


#: ``(?<=[.!?])\s+|\n+``, written to start with one of ``.!?\n`` so that ``re`` skips to those
#: quickly: a newline's run, or a mark's following whitespace (group 1; the mark is not part of it).
SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\n*|(\s+))")
_TWO_NON_SPACE = re.compile(r"\S\S")


def sentence_ends(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``(?<=[.!?])\\s+|\\n+`` in ``text``, as ``finditer`` finds them."""
    for m in SENTENCE_END.finditer(text):
        yield m.span(1) if m.start(1) >= 0 else m.span()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The spans between :func:`sentence_ends` (none empty), in order."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):  # sentence_ends, inline
        a, b = m.span(1)
        if a < 0:
            a, b = m.span()
        if a > start:
            out.append((start, a))
        start = b
    if start < len(text):
        out.append((start, len(text)))
    return out


def sentence_around(
    text: str, pos: int, before: bool = False, window: int = 256, most: int = 1 << 14
) -> Optional[tuple[int, int, int]]:
    """(start of the sentence before it, start, end) of the last sentence starting at or before ``pos``
    (of :func:`sentence_spans`), or None where ``text[pos]`` is whitespace, ``pos`` is out of range,
    or the sentence reaches further than ``most`` characters from ``pos`` (the caller then lists
    them all, once).  The first value is the start itself for the first sentence, and only exact
    with ``before`` (else it may be any earlier start).

    Only the separators from a little before ``pos`` are found, not all of them: a match of the
    pattern holds only whitespace after its first character, so none runs across an offset ``lo``
    with non-whitespace at ``lo - 1`` and ``lo``, and a scan from there finds the same ones after it.
    The window grows until it holds the sentence starts wanted (or reaches the text's start).
    """
    n = len(text)
    if not 0 <= pos < n or text[pos].isspace():
        return None
    limit = min(n, pos + most)  # a separator found before it is found as in the whole text
    while True:
        lo = max(0, pos - window)
        safe = 0
        if lo > 0:
            m = _TWO_NON_SPACE.search(text, lo, pos + 1)
            safe = -1 if m is None else m.start() + 1  # text[safe - 1] and text[safe]: no whitespace
        if safe >= 0:
            starts: list[int] = []
            end, lead = n, False
            for m in SENTENCE_END.finditer(text, safe, limit):
                a, b = m.span(1)
                if a < 0:
                    a, b = m.span()
                if a > pos:  # a separator is whitespace: none holds pos
                    end = a
                    break
                lead = lead or a == 0
                starts.append(b)
            else:
                if limit < n:  # no separator after pos within reach
                    return None
            if safe == 0 and not lead:
                starts.insert(0, 0)  # the first sentence starts the text
            if safe == 0 or len(starts) >= (2 if before else 1):
                return (starts[-2] if len(starts) > 1 else starts[-1]), starts[-1], end
        if window >= most:
            return None
        window *= 4


def ingroup_within(
    rx: re.Pattern[str], text: str, lo: int, hi: int, name_at: Optional[list[int]], our_at: Optional[list[int]]
) -> bool:
    """Whether a side's in-group pattern ``rx`` matches in ``text[lo:hi]``, ``lo`` a sentence start.

    Every match starts at one of the side's names or at the word "our": given where those may start
    (``name_at``, ``our_at``, sorted), ``rx`` is tried there, with ``hi`` as endpos (the slice's end);
    ``text[lo - 1]`` is a separator's whitespace, so ``\\b`` reads at ``lo`` as at the slice's start.
    """
    if name_at is None or our_at is None:
        return bool(rx.search(text[lo:hi]))
    return search_at(rx, text, name_at, lo, hi) or search_at(rx, text, our_at, lo, hi)


def starts_within(at: Optional[list[int]], lo: int, hi: int) -> bool:
    """Whether one of ``at`` (sorted) is in ``[lo, hi)``; True if ``at`` is None (not known)."""
    if at is None:
        return True
    i = bisect.bisect_left(at, lo)
    return i < len(at) and at[i] < hi


def _before_space(text: str, q: int) -> int:
    """The start of the (non-empty) whitespace run ending at ``q``, or -1 if ``text[q-1]`` is not whitespace."""
    j = q
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j if j < q else -1
