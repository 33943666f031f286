"""Clean stage: separate body text from page furniture, and reader comments from the post.

Pure core: :func:`clean` takes the decoded raw text and returns the post body and the comments,
each a :class:`MappedText` that knows where every character came from in the raw text.

The rules describe *page structure* common to blog engines (WordPress, Blogger) and news sites, not
any particular file:

* furniture lines: taxonomy lines (``Categories:``, ``Tags:``, ``Labels:``, ``Filed under``), share
  and like widgets, comment-form boilerplate (``Leave a Reply``, ``Log Out / Change``, ``You are
  commenting using your … account``), navigation, ads, copyright and newsletter lines;
* a comment section starts at a header such as ``2 replies``, ``14 Comments``, ``Responses`` or
  ``3 thoughts on "…"``; inside it a comment starts at a list marker (``1.``, ``•``) or an
  ``<name> says:`` line, and the comment form that follows is furniture.

Each kept line is one piece of the output text, lines joined by ``\\n``; runs of blank lines
collapse to one blank line (a paragraph break), and each line's surrounding whitespace is dropped.
Where a line was removed, the text on either side is separated by a paragraph break, and the
segmenter treats paragraph breaks as hard sentence boundaries.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_MAX_FURNITURE_LEN = 200

_FURNITURE = re.compile(
    r"""^(?:
      (?:categories|category|filed\ under|posted\ in|tags|tagged(?:\ with)?|labels|topics)\s*:.*
    | share\ this(?:\ (?:post|article|story))?\s*:?
    | (?:like|likes)\ this\s*:?
    | like\ loading\.*
    | (?:%d|\d+)\ bloggers?\ likes?\ this\s*:?
    | be\ the\ first\ to\ like\ this\.?
    | (?:related|related\ (?:posts|articles|stories)|you\ may\ also\ like|more\ from\ .{1,40})\s*:?
    | (?:read\ more|read\ also|see\ also)\s*:.*
    | (?:leave\ a\ (?:reply|comment)|post\ a\ comment|add\ a\ comment)(?:\s+cancel\ reply)?\s*:?
    | fill\ in\ your\ details\ below\ or\ click\ an\ icon\ to\ log\ in\s*:?.*
    | you\ are\ commenting\ using\ your\ .{0,40}account.*
    | log\ out\s*/\s*change\s*\)?
    | connecting\ to\ %s
    | (?:twitter|facebook|google|wordpress\.com|linkedin)\ (?:picture|photo)
    | notify\ me\ of\ (?:new\ |follow-up\ )?(?:comments|posts).*
    | save\ my\ name,\ email.*
    | (?:previous|next|older|newer)\ (?:post|article|story|entry)\b.{0,150}
    | post\ navigation | advertisements? | report\ this\ ad | sponsored(?:\ content)?
    | (?:blog\ at|powered\ by)\ (?:wordpress|blogger)(?:\.com)?\.?.{0,40}
    | subscribe(?:\ to:?\ .*|\ now|\ to\ our\ newsletter.*)?
    | newer\ post\s+older\ post\s+home
    | email\ this\s*blogthis!.*
    | share\ (?:to|on)\ (?:twitter|facebook|pinterest|linkedin|whatsapp|telegram).*
    | click\ to\ (?:share|email|print)\b.*
    | posted\ by\ .{1,60}\ at\ \d{1,2}:\d{2}\s*(?:am|pm)?
    | (?:no|\d+)\ comments?\s*:
    | (?:copyright\b|©).{0,160}
    | all\ rights\ reserved\.?
    | follow\ us\ on\ .*
    | sign\ up\ for\ (?:our|the)\ newsletter.*
    | (?:share|tweet|e-?mail|print|pin\ it|whatsapp|telegram)(?:\s*[|•·,]?\s*(?:share|tweet|e-?mail|print|pin\ it|whatsapp|telegram))*
    | reblog | reply | comment | loading\.\.\. | search\ for\s*: | skip\ to\ content | menu | home
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_NUMBER_WORDS = r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)"
_COMMENTS_HEADER = re.compile(
    rf"""^(?:
      {_NUMBER_WORDS}\ (?:replies|reply|comments?|responses?)(?:\ (?:to|on)\ .{{1,150}})?
    | {_NUMBER_WORDS}\ thoughts?\ on\ .{{1,150}}
    | (?:reader\ )?(?:comments|responses|replies)(?:\s*\(\d+\))?
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
_FORM_START = re.compile(
    r"^(?:leave\ a\ (?:reply|comment)|post\ a\ comment|add\ a\ comment)(?:\s+cancel\ reply)?\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)
_COMMENT_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•◦▪‣●*–-])\s+(?=\S)")
_SAYS = re.compile(r"^(?P<name>\S.{0,60}?)(?:\s+on\s+.{4,40}?)?\s+(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)
# Timestamp lines inside comment blocks ("March 13, 2014 at 10:02 am", "13/03/2014 10:02").
_COMMENT_DATE = re.compile(
    r"^(?:[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
    r"(?:\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:am|pm)?)?$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^[^\W\d][\w.'’-]*(?:\s+[\w.'’-]+){0,3}$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
#: Stands in for a dropped line: text on either side of removed furniture is never joined into one
#: line, so no sentence can span content that is not in the document.
_BREAK = (0, "")


@dataclass(frozen=True)
class MappedText:
    """A text built from slices of a raw text, with the map back.

    ``pieces`` are ``(text_start, raw_start, length)``: ``text[ts:ts+n] == raw[rs:rs+n]``.
    Characters between pieces (the ``\\n`` joining lines) have no raw counterpart of their own.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p[0] for p in self.pieces))

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of ``text[start:end]`` (a non-empty span that starts and ends in pieces)."""
        return self._point(start, is_end=False), self._point(end, is_end=True)

    def _point(self, off: int, is_end: bool) -> int:
        i = bisect.bisect_right(self._starts, off - 1 if is_end else off) - 1
        if i < 0:
            return self.pieces[0][1] if self.pieces else 0
        ts, rs, n = self.pieces[i]
        return rs + min(max(off - ts, 0), n)

    def spans_to_raw(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``[self.to_raw(s, e) for s, e in spans]``, with the lookups inlined (one call per text)."""
        starts, pieces = self._starts, self.pieces
        first = pieces[0][1] if pieces else 0
        out = []
        find = bisect.bisect_right
        for s, e in spans:
            i = find(starts, s) - 1
            if i < 0:
                a = first
            else:
                ts, rs, n = pieces[i]
                d = s - ts
                a = rs + (0 if d < 0 else n if d > n else d)  # rs + min(max(d, 0), n)
            i = find(starts, e - 1) - 1
            if i < 0:
                b = first
            else:
                ts, rs, n = pieces[i]
                d = e - ts
                b = rs + (0 if d < 0 else n if d > n else d)
            out.append((a, b))
        return out


@dataclass(frozen=True)
class Comment:
    text: MappedText
    author: str | None


@dataclass(frozen=True)
class Cleaned:
    body: MappedText
    title: str | None
    comments: tuple[Comment, ...]
    furniture_lines: int  # how many non-blank lines were dropped as furniture


def split_lines(raw: str) -> list[tuple[int, str]]:
    """``(raw_start, content)`` per line; content excludes the line terminator (\\r\\n, \\r or \\n)."""
    out: list[tuple[int, str]] = []
    if "\r" not in raw:  # lines end in \n only: str.split, no match object per line
        pos = 0
        for line in raw.split("\n"):
            out.append((pos, line))
            pos += len(line) + 1
        if out[-1][1] == "":  # nothing after the last \n (or an empty text): not a line
            out.pop()
        return out
    for m in _LINE.finditer(raw):
        s = m.group()
        if not s:
            continue
        out.append((m.start(), s.rstrip("\r\n")))
    return out


def is_furniture(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= _MAX_FURNITURE_LEN and bool(_FURNITURE.match(s))


def _assemble(lines: list[tuple[int, str]]) -> MappedText:
    """Join stripped lines with \\n, collapsing blank runs, trimming leading/trailing blanks."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0
    pending_blank = False
    for raw_start, content in lines:
        stripped = content.strip()
        if not stripped:
            pending_blank = bool(parts)
            continue
        if parts:
            sep = "\n\n" if pending_blank else "\n"
            parts.append(sep)
            pos += len(sep)
        pending_blank = False
        lead = len(content) - len(content.lstrip())
        pieces.append((pos, raw_start + lead, len(stripped)))
        parts.append(stripped)
        pos += len(stripped)
    return MappedText("".join(parts), tuple(pieces))


def _title(body: MappedText) -> str | None:
    first = body.text.split("\n", 1)[0].strip()
    if first and len(first) <= 200 and first[-1] not in ".!?:;,\"”'" and "\n" in body.text:
        return first
    return None


def _split_comments(lines: list[tuple[int, str]]) -> tuple[list[Comment], int]:
    """Split a comment-section region into comments; the comment form and timestamps are furniture."""
    comments: list[list[tuple[int, str]]] = []
    authors: list[str | None] = []
    dropped = 0
    in_form = False
    for raw_start, content in lines:
        s = content.strip()
        if not s:
            if comments and not in_form:
                comments[-1].append((raw_start, content))
            continue
        if _FORM_START.match(s):
            in_form = True
        if in_form or is_furniture(s):
            dropped += 1
            if comments:
                comments[-1].append(_BREAK)
            continue
        if _COMMENT_DATE.match(s):
            dropped += 1
            block = comments[-1] if comments else []
            if block:
                block.append(_BREAK)
            content_lines = [c for _, c in block if c.strip()]
            # "<name>" directly above the timestamp is the commenter's handle
            if len(content_lines) == 1 and authors[-1] is None and _NAME_LINE.match(content_lines[0].strip()):
                authors[-1] = content_lines[0].strip()
                block.clear()
            continue
        lead = len(content) - len(content.lstrip())
        marker = _COMMENT_MARKER.match(s)
        says = _SAYS.match(s[marker.end() :] if marker else s)
        if marker or says or not comments:
            comments.append([])
            authors.append(None)
            if marker:
                lead += marker.end()
                s = s[marker.end() :]
            if says:
                authors[-1] = says.group("name").strip()
                dropped += 1
                continue
        elif says and not any(c.strip() for _, c in comments[-1]):
            authors[-1] = says.group("name").strip()
            dropped += 1
            continue
        comments[-1].append((raw_start + lead, s))
    out = []
    for block, author in zip(comments, authors):
        mapped = _assemble(block)
        if mapped.text:
            out.append(Comment(mapped, author))
    return out, dropped


def clean(raw: str) -> Cleaned:
    """Split ``raw`` into body text (furniture removed) and reader comments."""
    lines = split_lines(raw)
    body_lines: list[tuple[int, str]] = []
    dropped = 0
    comment_region: list[tuple[int, str]] | None = None
    in_form = False
    for raw_start, content in lines:
        s = content.strip()
        if comment_region is not None:
            comment_region.append((raw_start, content))
            continue
        if s and len(s) <= _MAX_FURNITURE_LEN and _COMMENTS_HEADER.match(s):
            comment_region = []
            in_form = False
            dropped += 1
            continue
        if s and _FORM_START.match(s):
            in_form = True
        if in_form:
            dropped += bool(s)
            continue
        if is_furniture(s):
            dropped += 1
            body_lines.append(_BREAK)
            continue
        body_lines.append((raw_start, content))
    comments: list[Comment] = []
    if comment_region is not None:
        comments, more = _split_comments(comment_region)
        dropped += more
    body = _assemble(body_lines)
    return Cleaned(body=body, title=_title(body), comments=tuple(comments), furniture_lines=dropped)
