"""Publisher annotator: who published a document, from its URL, its crawler metadata and its text.

Pure core :func:`annotate_publisher`.  Signals, strongest first (the first that fires wins):

1. the URL's host is a registry domain or a subdomain of one (``en.example.org``);
2. the crawler's ``site_name`` (a registry name, else taken as written, less sure);
3. the URL's host itself when it is not in the registry (the site is the publisher; a blog
   platform's host only after the text's signals);
4. the text's own signals: a wire dateline ``CITY, Date (Name) —`` or ``CITY, DATE, NAME.``, a
   statement heading (``Statement by Name``), a byline or credit line naming
   an outlet (``By Jane Doe, Name``, ``By Name Staff``, ``special to Name``), the outlet's own
   formula (``Name reports``, ``Name informs``, ``told Name``, ``Name's correspondent``), a
   copyright sign-off (``© 2024 Name``), and on a blog page the blog's author (``Author: …``,
   ``Posted by …``);
5. else no value (source ``none``).

Where the URL or site name wins, whom the text credits (a wire dateline, "X reports") is added to
the evidence: a wire story republished on another site keeps the site as its publisher.

Every label says which signal fired and quotes it.  No outlet name lives here: names come from the
registry, or from the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from source_stance.builder.annotate.candidates import Hits, line_starts, matches_at, occurrences
from source_stance.builder.annotate.casefold import fold
from source_stance.builder.annotate.resources import Registry, host_of
from source_stance.builder.document import Label
from source_stance.schema.registry import Publisher

ANNOTATOR = "rule:publisher.v1"

#: Shared blog and publishing platforms: a subdomain of one is a site of its own, not the platform.
BLOG_PLATFORMS: tuple[str, ...] = (
    "wordpress.com", "blogspot.com", "medium.com", "substack.com", "livejournal.com", "tumblr.com",
    "typepad.com", "blogger.com", "wixsite.com", "weebly.com", "ghost.io",
)

_HEAD_CHARS = 1500
_TAIL_CHARS = 1500

_NAME = r"[A-Z][\w&.'’/-]*(?:\s+(?:of|the|for|and|de|&|[A-Z][\w&.'’/-]*)){0,5}"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Za-z][A-Za-z .'’-]{1,30}){0,2}(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\((?P<name>[A-Z][\w .&/’'-]{0,40}?)\)\s*[-—–:]",
    re.MULTILINE,
)
#: Agency dateline without parentheses: ``CITY, MONTH DAY, AGENCY.`` / ``City. 12 July. Agency.``
_AGENCY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z'’-]{2,30}[,.]\s*(?:[A-Z][A-Za-z]{2,30},\s*)?(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9})[,.]\s*"
    r"(?:\d{4}[,.]\s*)?(?P<name>[A-Z][\w.&’'-]{1,30}(?:[ \t]+[A-Z][\w.&’'-]{1,30}){0,2})[ \t]*(?:[./:—–-]|\n|$)"
    r"|^\s*[A-Z][A-Za-z'’-]{2,30}\s*[—–-]\s*(?P<name2>[A-Z][\w.&’'-]{1,30})\s*[.:]",
)
_STATEMENT_HEADING = re.compile(
    r"^\s*(?:statement|press\s+release|declaration|communiqu[eé]|appeal|open\s+letter)\s+(?:by|of|from)\s+(?:the\s+)?(?P<name>[^\n]{3,90}?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_BYLINE_BY = r"^\s*(?:By|BY|Written by|Words by)\s+[^\n]{1,80}?(?:,|\||—|–|-|/|\bfor\b|\bof\b)\s*(?P<name>" + _NAME + r")\s*$"
_BYLINE_STAFF = r"^\s*(?:By\s+)?(?P<staff>" + _NAME + r")\s+(?:Staff|Staff Reporter|Newsroom|News Desk|Editorial Board)\s*$"
_BYLINE_SPECIAL = r"^\s*[^\n]{1,80}?,?\s+(?:special\s+to|exclusively\s+for|for)\s+(?:the\s+)?(?P<special>" + _NAME + r")\s*$"
_BYLINE_OUTLET = re.compile(f"{_BYLINE_BY}|{_BYLINE_STAFF}|{_BYLINE_SPECIAL}", re.MULTILINE | re.IGNORECASE)
#: ``_BYLINE_OUTLET`` without its staff alternative, whose every match holds one of ``_STAFF_WORDS``
#: once lower-cased: on a (foldable) zone without them, it finds the same matches, faster.
_BYLINE_NO_STAFF = re.compile(f"{_BYLINE_BY}|{_BYLINE_SPECIAL}", re.MULTILINE | re.IGNORECASE)
_STAFF_WORDS = ("staff", "newsroom", "news desk", "editorial board")
#: A word of each of ``_STAFF_WORDS`` that the staff alternative has right after whitespace: where an
#: index scan of the lower-cased text has none of them at a word start, the alternative cannot match.
INDEX_STARTS = frozenset({"staff", "newsroom", "desk", "board"})
_FORMULA = re.compile(
    r"(?:^|(?<=[.!?\"”]\s)|(?<=\n))(?P<name>" + _NAME + r")\s+(?:reports|reported|informs|has\s+learned|learned)\b"
    r"|(?<=, )(?P<clause>" + _NAME + r")\s+(?:reports|informs)\s+(?:citing|with\s+reference\s+to)\b"
    r"|\b(?:told|informed)\s+(?P<told>" + _NAME + r")\b"
    r"|\b(?:an?\s+|the\s+)?(?P<corr>" + _NAME + r")(?:'s|’s)\s+(?:correspondent|reporter|news\s+service)\b"
    r"|\bcorrespondent\s+of\s+(?P<of>" + _NAME + r")\s+reports\b"
    r"|\bnot\s+necessarily\s+reflect\s+(?:the\s+)?(?:views\s+of\s+|editorial\s+\w+\s+of\s+)?(?P<disc>" + _NAME + r")(?:'s|’s)?\b",
)
#: Every match of ``_FORMULA`` contains one of these (case-sensitive): a zone without them is skipped.
_FORMULA_NEEDS = ("report", "informs", "learned", "told", "informed", "correspondent", "news", "necessarily")
#: The verbs of the name and clause alternatives of ``_FORMULA`` ("X reports", "..., X informs citing").
_FORMULA_VERBS = ("reports", "reported", "informs", "learned")
#: Where a name of those alternatives can start: after a newline (a line start) or after a mark and one character.
_FORMULA_HEADS = (("\n", 1), (".", 2), ("!", 2), ("?", 2), ('"', 2), ("”", 2), (", ", 2))
#: Every character a ``_NAME`` and the whitespace before its verb can hold (matched backwards, on the reversed zone).
_NAME_RUN = re.compile(r"[\w&.'’/\s-]*")
#: How the correspondent alternative of ``_FORMULA`` ends (right after its name).
_CORRESPONDENT_TAIL = re.compile(r"(?:'s|’s)\s+(?:correspondent|reporter|news\s+service)\b")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>" + _NAME + r")",
    re.IGNORECASE,
)
#: Every match of ``_COPYRIGHT`` contains one of these once lower-cased (see ``casefold``).
_COPYRIGHT_NEEDS = ("©", "(c)", "copyright")
_BLOG_AUTHOR = re.compile(r"^\s*(?:Author|Posted by|Written by|Blog by)\s*:?\s+(?P<name>[^\n,|]{2,60}?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PublisherResult:
    """The publisher label, and the registry entry it resolved to (if any)."""

    label: Label
    entry: Optional[Publisher] = None
    host: Optional[str] = None


def _clip(s: str, n: int = 120) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def platform_of(host: Optional[str]) -> Optional[str]:
    """The blog platform ``host`` is a site on (``someone.wordpress.com`` -> ``wordpress.com``)."""
    if not host:
        return None
    return next((p for p in BLOG_PLATFORMS if host == p or host.endswith("." + p)), None)


def _registry_hit(name: str, registry: Registry) -> Optional[Publisher]:
    """The registry entry named by ``name`` or by a leading/trailing part of it."""
    hit = registry.for_name(name)
    if hit:
        return hit
    words = name.split()
    for k in range(len(words) - 1, 0, -1):  # "Reuters Staff" -> "Reuters"; "the Asbarez" -> "Asbarez"
        for part in (" ".join(words[:k]), " ".join(words[-k:])):
            hit = registry.for_name(part)
            if hit:
                return hit
    return None


def _bylines(zone: str, low: Optional[str] = None, staff: Optional[bool] = None) -> Iterator[re.Match[str]]:
    """What ``_BYLINE_OUTLET.finditer(zone)`` yields (the staff group is absent when it cannot match).

    Every alternative starts with ``^`` (MULTILINE), so the pattern is only tried at line starts;
    where the staff alternative cannot match, the other two find the same matches.  ``low``: the
    zone lower-cased (``fold``), if the caller has it (only its ASCII letters and whitespace are
    read); ``staff``: whether the staff alternative may match, if the caller knows.
    """
    if low is None:
        low = fold(zone)
    if staff is None:
        staff = low is None or any(w in low for w in _STAFF_WORDS)
    if staff:
        return matches_at(_BYLINE_OUTLET, zone, line_starts(zone))
    return matches_at(_BYLINE_NO_STAFF, zone, _byline_starts(low))  # type: ignore[arg-type]


_NON_SPACE = re.compile(r"\S")


def _byline_starts(low: str) -> list[int]:
    """The line starts of the lower-cased zone ``low`` where ``_BYLINE_NO_STAFF`` may match, in order.

    After ``^\\s*``, the byline alternative starts with "by", "written" or "words" at the first
    non-space ``q``.  The "special to" alternative needs "for", "special" or "exclusively" after
    ``[^\\n]{1,80}?,?\\s+``: starting at ``q`` at the earliest (``\\s*`` gives back a blank line), and
    at the latest at the first non-space from ``q + 82`` (the lazy run and the comma end by ``q + 81``,
    only whitespace follows them).
    """
    out = []
    for p in line_starts(low):
        m = _NON_SPACE.search(low, p)
        if m is None:  # only whitespace left: every alternative needs more
            break
        q = m.start()
        if low.startswith(("by", "written", "words"), q):
            out.append(p)
            continue
        m = _NON_SPACE.search(low, q + 82)
        last = m.start() if m is not None else len(low)
        if low.find("for", q, last + 3) >= 0 or low.find("special", q, last + 7) >= 0 or low.find("exclusively", q, last + 11) >= 0:
            out.append(p)
    return out


def _formula_starts(zone: str) -> list[int]:
    """Every offset where a ``_FORMULA`` match may start in ``zone`` (sorted; duplicates possible).

    By alternative: a name at the start, after a newline or after ``.!?"”`` and a space ("X
    reports"), after ", " ("..., X reports citing"), where only a name's characters and whitespace
    stand between it and a verb of ``_FORMULA_VERBS``; "told"/"informed"; "correspondent" ("...
    of X reports"); "not" ("not necessarily reflect"); and for "X's correspondent", every offset of
    the (at most seven) whitespace-separated runs before each "'s correspondent/reporter/news service".
    An alternative whose literals are absent adds nothing.
    """
    out: list[int] = []
    verbs = occurrences(zone, _FORMULA_VERBS)
    if verbs:
        # [r, k): where a name followed by the verb at k can start (the run of name characters before k)
        rev, n = zone[::-1], len(zone)
        for k in verbs:
            r = k - (_NAME_RUN.match(rev, n - k).end() - (n - k))
            if r == 0:
                out.append(0)
            for mark, after in _FORMULA_HEADS:
                i = zone.find(mark, max(0, r - 2), k)
                while i >= 0:
                    if r <= i + after < k:
                        out.append(i + after)
                    i = zone.find(mark, i + 1, k)
    if "told" in zone or "informed" in zone:
        out += occurrences(zone, ("told", "informed"))
    if "correspondent" in zone:
        out += occurrences(zone, ("correspondent",))
    if "necessarily" in zone:
        out += occurrences(zone, ("not",))
    if any(lit in zone for lit in ("correspondent", "reporter", "news")):
        for k in occurrences(zone, ("'s", "’s")):
            if _CORRESPONDENT_TAIL.match(zone, k):
                out.extend(range(_runs_back(zone, k, 7), k))
    out.sort()
    return out


def _runs_back(text: str, k: int, n: int) -> int:
    """The start of the ``n``-th whitespace-separated run counting back from the one ending at ``k``."""
    j = k
    for i in range(n):
        while j > 0 and not text[j - 1].isspace():
            j -= 1
        if i == n - 1:
            break
        while j > 0 and text[j - 1].isspace():
            j -= 1
    return j


def _text_signals(
    text: str, raw_text: str, registry: Registry, is_blog: bool, hits: Optional[Hits] = None
) -> Optional[PublisherResult]:
    head, tail = text[:_HEAD_CHARS], text[-_TAIL_CHARS:]
    raw_tail = raw_text[-_TAIL_CHARS:]
    found: list[tuple[float, str, Optional[Publisher], str]] = []  # (confidence, value, entry, evidence)

    def add(name: str, signal: str, quote: str, conf_registry: float, conf_free: Optional[float]) -> None:
        name = re.split(r"\.\s|\s+(?:All|Some)\s+rights\b|\s+[|—–]\s", name.strip())[0].strip().strip(".,;:").strip()
        name = re.sub(r"['’]s$", "", name)
        if not name:
            return
        entry = _registry_hit(name, registry)
        if entry is not None:
            found.append((conf_registry, entry.name, entry, f"{signal} {_clip(quote)!r} names registry publisher {entry.id}"))
        elif conf_free is not None:
            found.append((conf_free, name, None, f"{signal} {_clip(quote)!r} (not in the registry)"))

    # it starts with ^ (MULTILINE), and every match holds "("
    m = next(matches_at(_DATELINE, head, line_starts(head)), None) if "(" in head else None
    if m:
        city = m.group(0).split("(")[0].split(",")[0].strip()
        # an unregistered name is only trusted in a wire-style dateline (city in capitals)
        add(m.group("name"), "wire dateline", m.group(0), 0.85, 0.6 if city.isupper() else None)
    m = _AGENCY_DATELINE.match(head)
    if m:
        add(m.group("name") or m.group("name2"), "agency dateline", m.group(0), 0.85, None)
    m = _STATEMENT_HEADING.search(head[:400])
    if m:
        add(m.group("name"), "statement heading", m.group(0), 0.75, 0.45)
    if hits is not None:  # the zones' lower-cased text, and whether a staff word stands in the text
        zones = ((head, hits.lower[:_HEAD_CHARS]), (tail, hits.lower[-_TAIL_CHARS:]))
        # none in the text: the staff alternative cannot match; else each zone is looked at
        staff: Optional[bool] = None if any(w in hits.starts for w in INDEX_STARTS) else False
    else:
        zones, staff = ((head, None), (tail, None)), None
    for zone, low in zones:
        for m in _bylines(zone, low, staff):
            name = m.group("name") or m.groupdict().get("staff") or m.group("special")
            add(name, "byline", m.group(0), 0.8, None)
    zone = head + "\n" + tail if len(text) > _HEAD_CHARS else head
    for m in matches_at(_FORMULA, zone, _formula_starts(zone)):
        name = m.group("name") or m.group("clause") or m.group("told") or m.group("corr") or m.group("of") or m.group("disc")
        conf = 0.55 if m.group("told") else 0.7
        add(name, "outlet formula", m.group(0), conf, None)
    lower = fold(raw_tail)
    for m in _COPYRIGHT.finditer(raw_tail) if lower is None or any(lit in lower for lit in _COPYRIGHT_NEEDS) else ():
        add(m.group("name"), "copyright line", m.group(0), 0.75, 0.5)
    if is_blog:
        for zone in (head, raw_tail):
            m = _BLOG_AUTHOR.search(zone)
            if m:
                found.append((0.5, m.group("name").strip(), None, f"blog author line {_clip(m.group(0))!r} on a blog page"))
                break
    if not found:
        return None
    conf, value, entry, evidence = max(found, key=lambda f: f[0])  # stable: first of equals wins
    return PublisherResult(Label(value, "rule", conf, ANNOTATOR, evidence), entry)


def annotate_publisher(
    text: str,
    *,
    registry: Registry,
    url: Optional[str] = None,
    site_name: Optional[str] = None,
    raw_text: Optional[str] = None,
    is_blog: bool = False,
    hits: Optional[Hits] = None,
) -> PublisherResult:
    """The publisher of one document (``text`` is the cleaned body; ``raw_text`` keeps the furniture).

    ``hits``: the scan of ``fold(text)`` by an index holding :data:`INDEX_STARTS`, if the caller has one.

    Where the document was published (URL, site name) wins over whom its text credits: a wire story
    on another site is that site's document.  The text's credit is then added to the evidence.
    """
    raw_text = raw_text if raw_text is not None else text
    host = host_of(url)
    platform = platform_of(host)
    found = _text_signals(text, raw_text, registry, is_blog or platform is not None, hits)

    def credit(value: Optional[str]) -> str:
        if found is None or found.label.value == value:
            return ""
        return f"; the text credits {found.label.value!r} ({found.label.evidence})"

    def site(value: str, conf: float, ev: str, entry: Optional[Publisher]) -> PublisherResult:
        return PublisherResult(Label(value, "rule", conf, ANNOTATOR, ev + credit(value)), entry, host)

    hit = registry.for_host(host)
    if hit:
        entry, domain = hit
        how = "is" if host == domain else "is a subdomain of"
        return site(entry.name, 0.95, f"url host {host!r} {how} registry domain {domain!r} ({entry.id})", entry)
    if site_name and site_name.strip():
        entry = registry.for_name(site_name) or (registry.for_host(host_of(site_name)) or (None,))[0]
        if entry:
            return site(entry.name, 0.9, f"site name {site_name!r} is a registry name ({entry.id})", entry)
        name = " ".join(site_name.split())
        return site(name, 0.75, f"site name {site_name!r} from the input (not in the registry)", None)
    if host and not platform:
        return site(host, 0.7, f"url host {host!r} (web site not in the registry)", None)
    if found:
        return PublisherResult(found.label, found.entry, host)
    if host:
        return site(host, 0.6, f"url host {host!r} (site on the {platform} platform, not in the registry)", None)
    return PublisherResult(Label(None, "none", 0.0, ANNOTATOR, "no url, site name or text signal names a publisher"), None, host)
