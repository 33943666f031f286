"""Normalise stage: cleaned text -> the document text (NFC, invisible controls removed), with an
exact map back to the cleaned text and through it to the raw file.

Pure core: :func:`normalize_text` (a string) and :func:`normalize` (a cleaned :class:`MappedText`).

Decisions (also in the dataset card's field docs, ``schema/records.py``):

* The document ``text`` is Unicode **NFC**; ``char_start``/``char_end`` index it.  Raw offsets
  (``raw_char_*``, ``raw_byte_*``) index the raw file as it is (NFD stays NFD there).
* **Removed** from the document text (kept in the raw file): C0/C1 control characters other than
  tab and line ends (NUL, ESC, ...), zero-width space U+200B, word joiner U+2060, zero-width
  no-break space / stray BOM U+FEFF, soft hyphen U+00AD, and the bidirectional formatting controls
  (LRM/RLM/ALM, embeddings, overrides, isolates).  They carry no letters, break search, duplicate
  detection and tokenisers, and bidi overrides can make a text display differently from what it
  contains.  Text direction is a property of the script and survives without them.
* **Kept**: zero-width joiner and non-joiner (U+200D, U+200C) — they change spelling in Persian,
  Indic scripts and emoji sequences — and variation selectors.
* Vertical tab, form feed, NEL (U+0085), line and paragraph separators become ``\\n``.

Offsets stay exact: the text is cut into chunks at boundaries where normalisation cannot reach
across (around spaces and line ends, and between grapheme starters whose normalised forms concatenate); a
chunk that normalisation leaves alone maps character by character, a chunk it changes maps as a
whole (a sentence that starts or ends inside it gets the whole chunk's raw span).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Protocol

NORMALIZER_ID = "normalize.nfc_strip_invisible.v1"

_DROP = "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_DROP_RE = re.compile(_DROP)
_CHANGE_RE = re.compile(f"{_DROP}|[{_BREAKS}]")
_BREAK_TABLE = str.maketrans({c: "\n" for c in _BREAKS})
_WORDS = re.compile(r"[ \t\n\r]+|[^ \t\n\r]+")  # runs of spaces/line ends, and the runs between
_MAX_CHUNK = 256


class TextMap(Protocol):
    text: str

    def to_raw(self, start: int, end: int) -> tuple[int, int]: ...

    def spans_to_raw(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]: ...


def normalize_text(s: str) -> str:
    """The document-text form of ``s``: invisible controls removed, breaks as ``\\n``, NFC."""
    if not removes_or_breaks(s):  # the common case; str.translate alone costs ~40 ns a character
        return unicodedata.normalize("NFC", s)
    return unicodedata.normalize("NFC", _DROP_RE.sub("", s.translate(_BREAK_TABLE)))


#: Deleting these bytes from UTF-8 leaves only the ASCII characters :data:`_CHANGE_RE` matches.
_KEEP_ASCII = bytes(c for c in range(256) if c >= 128 or not _CHANGE_RE.match(chr(c)))
_ASCII = bytes(range(128))


def removes_or_breaks(s: str) -> bool:
    """Does :func:`normalize_text` do more to ``s`` than NFC (remove a control, make a line end)?

    Same answer as ``_CHANGE_RE.search(s)``, in a third of the time on long texts: the ASCII part
    by one byte deletion, the regex only over the distinct non-ASCII characters."""
    try:
        data = s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return _CHANGE_RE.search(s) is not None
    if ascii_removes_or_breaks(data):
        return True
    if s.isascii():
        return False
    return any_removes_or_breaks(non_ascii_chars(data))


def ascii_removes_or_breaks(data: bytes) -> bool:
    """Does UTF-8 ``data`` hold an ASCII character that :func:`normalize_text` removes or turns
    into a line end (one byte deletion, no regex)?"""
    return bool(data.translate(None, _KEEP_ASCII))


def non_ascii_chars(data: bytes) -> set[str]:
    """The distinct non-ASCII characters of UTF-8 ``data``."""
    return set(data.translate(None, _ASCII).decode("utf-8"))


def any_removes_or_breaks(chars: Iterable[str]) -> bool:
    """Is any of ``chars`` one that :func:`normalize_text` removes or turns into a line end?"""
    return _CHANGE_RE.search("".join(chars)) is not None


def _needs_work(s: str) -> bool:
    return removes_or_breaks(s) or not unicodedata.is_normalized("NFC", s)


def _starts_cluster(c: str) -> bool:
    """A character after which nothing earlier can be reordered or composed, except by composing
    with it (checked pairwise in :func:`_chunks`): kept, combining class 0, and not decomposing
    into a non-starter (e.g. U+0F73)."""
    return (
        not _DROP_RE.match(c)
        and unicodedata.combining(c) == 0
        and unicodedata.combining(unicodedata.normalize("NFD", c)[0]) == 0
    )


def _clusters(s: str) -> list[str]:
    """Cut before every character that starts a cluster (see :func:`_starts_cluster`)."""
    out: list[str] = []
    start = 0
    for i in range(1, len(s)):
        if _starts_cluster(s[i]):
            out.append(s[start:i])
            start = i
    out.append(s[start:])
    return out


def _chunks(word: str) -> list[str]:
    """Pieces of ``word`` whose normalised forms concatenate to the normalised word."""
    chunks: list[str] = []
    cur = ""
    for c in _clusters(word):
        if not cur:
            cur = c
        elif len(cur) < _MAX_CHUNK and normalize_text(cur + c) != normalize_text(cur) + normalize_text(c):
            cur += c
        else:
            chunks.append(cur)
            cur = c
    if cur:
        chunks.append(cur)
    return chunks


@dataclass(frozen=True)
class NormalizedText:
    """The document text and its map to a base text (the cleaned :class:`MappedText`).

    ``segments`` are ``(start, end, base_start, base_end, same)`` covering both texts in order;
    ``same`` segments are identical in both (map character by character), the others were changed
    by normalisation and map as a whole.
    """

    text: str
    base: TextMap
    segments: tuple[tuple[int, int, int, int, bool], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s[0] for s in self.segments))
        object.__setattr__(self, "_ends", tuple(s[1] for s in self.segments))

    def to_base(self, start: int, end: int) -> tuple[int, int]:
        return self._point(start, is_end=False), self._point(end, is_end=True)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of ``text[start:end]`` (a non-empty span)."""
        return self.base.to_raw(*self.to_base(start, end))

    def spans_to_raw(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``[self.to_raw(s, e) for s, e in spans]`` in one call: a text that normalisation left
        as it was (one unchanged segment) maps by one shift, without a lookup per offset."""
        segments, point = self.segments, self._point
        if len(segments) == 1 and segments[0][4]:
            s0, e0, bs, _, _ = segments[0]
            shift = bs - s0  # what _point adds to an offset inside the segment
            base = [
                (s + shift, e + shift) if s0 <= s <= e0 and s0 <= e <= e0 else (point(s, is_end=False), point(e, is_end=True))
                for s, e in spans
            ]
        else:
            base = [(point(s, is_end=False), point(e, is_end=True)) for s, e in spans]
        return self.base.spans_to_raw(base)

    def _point(self, off: int, is_end: bool) -> int:
        if not self.segments:
            return off
        if is_end:  # the segment with start < off <= end
            i = bisect.bisect_left(self._ends, off)
        else:  # the segment with start <= off < end
            i = bisect.bisect_right(self._ends, off)
        i = min(i, len(self.segments) - 1)
        s, e, bs, be, same = self.segments[i]
        if same:
            return bs + min(max(off - s, 0), e - s)
        return be if is_end else bs


def _identity(base: TextMap) -> NormalizedText:
    n = len(base.text)
    return NormalizedText(base.text, base, ((0, n, 0, n, True),) if n else ())


def normalize(base: TextMap) -> NormalizedText:
    """Normalise ``base.text`` (see module doc), keeping an exact map back to ``base``."""
    text = base.text
    if not _needs_work(text):
        return _identity(base)
    segments: list[tuple[int, int, int, int, bool]] = []
    parts: list[str] = []
    pos = 0

    def add(src_start: int, src: str, out: str) -> None:
        nonlocal pos
        same = src == out
        if segments and same and segments[-1][4]:
            s, _, bs, _, _ = segments[-1]
            segments[-1] = (s, pos + len(out), bs, src_start + len(src), True)
        elif src:
            segments.append((pos, pos + len(out), src_start, src_start + len(src), same))
        parts.append(out)
        pos += len(out)

    for m in _WORDS.finditer(text):
        word = m.group()
        if not word:
            continue
        if not _needs_work(word):
            add(m.start(), word, word)
            continue
        at = m.start()
        for chunk in _chunks(word):
            out = normalize_text(chunk)
            if out == _DROP_RE.sub("", chunk.translate(_BREAK_TABLE)):  # only removals/breaks: map per character
                for i, ch in enumerate(chunk):
                    add(at + i, ch, normalize_text(ch))
            else:
                add(at, chunk, out)
            at += len(chunk)
    out = "".join(parts)
    if out != normalize_text(text):  # a case the chunking does not cover: keep the text as it is
        return _identity(base)
    return NormalizedText(out, base, tuple(segments))
