"""Publisher-kind annotator: the registry entry's kind, else the page's structure.

Pure core :func:`annotate_publisher_kind`.  Signals, strongest first:

1. the resolved registry entry's ``kind``;
2. a government web domain (``.gov``, ``.gov.xx``, ``.gouv.xx``, ``.gob.xx``, ``.mil``) -> government_body;
3. a site on a blog platform (``*.wordpress.com``, ``*.blogspot.com``, ...) or blog furniture in
   the raw page (comment form, "bloggers like this", "Posted by … at 10:31", first-person writing
   with a comment section) -> personal_blog;
4. else unknown (source ``none``).
"""

from __future__ import annotations

import re
from typing import Optional

from source_stance.builder.annotate.candidates import matches_at
from source_stance.builder.annotate.publisher import platform_of
from source_stance.builder.document import Label
from source_stance.schema.registry import Publisher

ANNOTATOR = "rule:publisher_kind.v1"

_GOV_HOST = re.compile(r"(?:^|\.)(?:gov|gouv|gob|govt|mil)(?:\.[a-z]{2})?$")
#: Furniture that blog engines (WordPress, Blogger, LiveJournal...) print, and news sites rarely do.
BLOG_FURNITURE = re.compile(
    r"^\s*(?:"
    r"(?:%d|\d+)\s+bloggers?\s+likes?\s+this"
    r"|you\s+are\s+commenting\s+using\s+your\b.*"
    r"|leave\s+a\s+(?:reply|comment)(?:\s+cancel\s+reply)?"
    r"|blog\s+at\s+wordpress\.com.*"
    r"|powered\s+by\s+(?:wordpress|blogger).*"
    r"|posted\s+by\s+.{1,60}\s+at\s+\d{1,2}:\d{2}\s*(?:am|pm)?"
    r"|email\s+this\s*blogthis!.*"
    r"|newer\s+post\s+older\s+post\s+home"
    r"|\d+\s+thoughts?\s+on\s+.+"
    r"|(?:about\s+the\s+)?blog(?:roll|\s+archive)\s*:?"
    r")\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)

#: The first character of every ``BLOG_FURNITURE`` alternative (none starts with whitespace), for
#: :func:`furniture_starts`; the flags are the pattern's, so case folds the same way.
_FURNITURE_FIRST = r"[%\dylbpena]"
_FURNITURE_AFTER_NEWLINE = re.compile(r"\n(?=\s*" + _FURNITURE_FIRST + ")", re.IGNORECASE)
_FURNITURE_AT_START = re.compile(r"\s*" + _FURNITURE_FIRST, re.IGNORECASE)


def furniture_starts(text: str) -> list[int]:
    """The line starts where a ``BLOG_FURNITURE`` match may start, in order: after ``^\\s*`` the
    pattern needs one of ``_FURNITURE_FIRST``, so only line starts followed by whitespace and one are kept."""
    out = [m.end() for m in _FURNITURE_AFTER_NEWLINE.finditer(text)]
    if _FURNITURE_AT_START.match(text):
        out.insert(0, 0)
    return out


def blog_cues(raw_text: str, host: Optional[str]) -> list[str]:
    """Structural signs that a page is a blog, quoted (empty if none)."""
    cues = []
    platform = platform_of(host)
    if platform:
        cues.append(f"url host {host!r} is a site on {platform}")
    for m in matches_at(BLOG_FURNITURE, raw_text, furniture_starts(raw_text)):  # it starts with ^ (MULTILINE)
        cues.append(f"blog furniture {' '.join(m.group(0).split())[:60]!r}")
        if len(cues) >= 3:
            break
    return cues


def annotate_publisher_kind(
    *, entry: Optional[Publisher], host: Optional[str], raw_text: str, blog: Optional[list[str]] = None
) -> Label:
    """``blog``: ``blog_cues(raw_text, host)`` if the caller has it already."""
    if entry is not None and entry.kind != "unknown":
        return Label(entry.kind, "rule", 0.9, ANNOTATOR, f"registry entry {entry.id} has kind {entry.kind}")
    if host and _GOV_HOST.search(host):
        return Label("government_body", "rule", 0.8, ANNOTATOR, f"url host {host!r} is a government domain")
    cues = blog_cues(raw_text, host) if blog is None else blog
    if cues:
        conf = 0.75 if len(cues) >= 2 else 0.6
        return Label("personal_blog", "rule", conf, ANNOTATOR, "; ".join(cues))
    why = f"registry entry {entry.id} leaves its kind unknown" if entry is not None else "publisher not in the registry"
    return Label("unknown", "none", 0.0, ANNOTATOR, f"{why} and no structural cue to its kind")
