"""Document-type annotator: genre from the text's structure and wording.

Pure core :func:`annotate_document_type`.  Each genre collects weighted cues (general English and
page structure, nothing about any conflict); the genre with the highest score wins, its confidence
grows with its margin over the runner-up, and the evidence lists the cues that fired.

* news_report: a wire dateline, the outlet's own formula ("X reports", "told X"), reported speech
  ("said", "according to"), third-person event wording ("was held", "took part", "It was noted that");
* official_statement: "press release", "statement by/of", a letter's salutation and sign-off,
  resolutions ("hereby", "resolves", "Whereas"), an organisation speaking as "we" (condemn, call on, demand);
* blog_post: blog furniture, a blog host or publisher kind, first-person singular narration;
* opinion_analysis: labels ("Opinion", "Op-ed", "Analysis", "Commentary"), author disclaimers
  ("The views expressed…", "X is a senior fellow at…"), argument markers (should/must, rhetorical
  questions, "in my view");
* comment: a reader-comment document (set by the clean stage) or a short reply addressing someone;
* other: reference works and reports (sections such as "See also", "References", "Executive
  summary", "Table of contents", "Methodology").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Collection, Iterable, Iterator, Optional

from source_stance.builder.annotate.casefold import fold, folded
from source_stance.builder.annotate.lexicon import EVALUATIVE_WORDS
from source_stance.builder.annotate.candidates import Hits, count_at, line_starts, occurrences
from source_stance.builder.annotate.publisher_kind import blog_cues
from source_stance.builder.document import Label

ANNOTATOR = "rule:doctype.v1"


def _present(words: dict[str, list[int]], wanted: Collection[str]) -> Iterable[str]:
    """Of ``wanted``, those ``words`` may hold: of many, only those it holds (one intersection in C;
    any order, the callers sort the offsets); of a few, all of them (cheaper than the set)."""
    return words.keys() & wanted if len(wanted) > 4 else wanted


@dataclass(frozen=True)
class Cue:
    genre: str
    name: str
    pattern: re.Pattern[str]
    weight: float
    max_hits: int = 1  # occurrences that count (more add nothing)
    #: Lower-case literals one of which every match contains (a text with none cannot match, and is
    #: not scanned); () = no such filter.  Not needed where the cue is only tried at its ``starts``.
    needs: tuple[str, ...] = ()
    #: ``pattern`` for the lower-cased text (case-insensitive cues; see ``casefold``).
    folded: Optional[re.Pattern[str]] = None
    #: Where a match can start: at one of these whole words (lower-cased: for a case-sensitive cue,
    #: a superset), at one of ``marks`` (characters), or, with ``line_starts``, at the start of a
    #: line.  None of the three: anywhere.  The cue is then only tried at those offsets (the words are
    #: found once per text, in the lower-cased text, whose offsets are the text's).
    starts: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    line_starts: bool = False
    #: Also where "the" and whitespace end right before one of these words (so that the very common
    #: "the" need not be a start word).
    after_the: tuple[str, ...] = ()
    #: Also at every offset of the run of word characters and dots that ends at the whitespace right
    #: before one of these words ("X reports": the name before a start word).
    before: tuple[str, ...] = ()
    #: With ``line_starts``: only the line starts whose first run of ``[a-z]`` after whitespace (in
    #: the lower-cased text) is one of these (() = every line start).
    line_words: tuple[str, ...] = ()
    #: Lower-case literals one of which starts a word (no ASCII letter right before it) in every
    #: match: where an index scan has none of them, the cue is not tried (``needs`` for the index).
    word_needs: tuple[str, ...] = ()
    #: start word -> lower-case literals one of which starts a word in every match that starts with
    #: that word: where an index scan has none of them, the word's offsets are not tried.
    start_needs: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: ``LINE_STARTS`` + each of ``line_words``: their keys in :func:`line_heads`.
    line_keys: tuple[str, ...] = field(default=(), compare=False)
    #: With ``line_starts`` (no ``line_words``): lower-case literals one of which every match at a
    #: line start reaches, starting a word there, over characters ``reach_back`` does not stop at;
    #: with an index scan, only the line starts from which one can be reached are tried (:func:`_reaching`).
    line_reach: tuple[str, ...] = ()
    #: ``(?s:.*)`` and a class of the characters such a match cannot hold before that literal.
    reach_back: Optional[re.Pattern[str]] = field(default=None, compare=False)

    def count(
        self, text: str, lower: Optional[str], words: Optional[dict[str, list[int]]] = None,
        starts: Optional[dict[str, list[int]]] = None,
    ) -> int:
        """min(number of matches of ``pattern`` in ``text``, max_hits).

        ``lower`` is ``casefold.fold(text)``; ``words`` maps each start word of every cue to its offsets
        in ``lower`` (:func:`start_words`), or is None; ``starts``: ``Hits.starts`` of an index scan of
        ``lower`` holding every cue's ``word_needs``, or None.
        """
        if starts is not None and self.word_needs and starts.keys().isdisjoint(self.word_needs):
            return 0
        rx, subject = self.pattern, text
        if self.folded is not None and lower is not None:
            rx, subject = self.folded, lower
        if (self.starts or self.marks or self.line_starts or self.after_the or self.before) and words is not None and lower is not None:
            return count_at(rx, subject, self._candidates(lower, words, starts), self.max_hits)
        else:
            # a case-insensitive cue's literals are looked up in the lower-cased text (exact only when folding is)
            hay = text if self.folded is None else lower
            if self.needs and hay is not None and not any(lit in hay for lit in self.needs):
                return 0
            found: Iterator[re.Match[str]] = rx.finditer(subject)
        n = 0
        for _ in found:
            n += 1
            if n >= self.max_hits:
                break
        return n

    def _candidates(self, lower: str, words: dict[str, list[int]], starts: Optional[dict[str, list[int]]] = None) -> list[int]:
        out: list[int] = []
        guards = self.start_needs if starts is not None else {}
        for w in _present(words, self.starts):
            at = words.get(w)
            if at:
                need = guards.get(w)
                if need is None or not starts.keys().isdisjoint(need):  # type: ignore[union-attr]
                    out.extend(at)
        if self.line_starts and not self.line_words:
            if self.line_reach and starts is not None:
                out.extend(_reaching(lower, words[LINE_STARTS], starts, self.line_reach, self.reach_back))  # type: ignore[arg-type]
            else:
                out.extend(words[LINE_STARTS])
        for key in _present(words, self.line_keys):
            at = words.get(key)
            if at:
                out.extend(at)
        for w in _present(words, self.after_the):
            for q in words.get(w, ()):
                j = q
                while j > 0 and lower[j - 1].isspace():
                    j -= 1
                if 3 <= j < q and lower.startswith("the", j - 3):
                    out.append(j - 3)
        for w in self.before:
            for q in words.get(w, ()):
                j = q
                while j > 0 and lower[j - 1].isspace():
                    j -= 1
                k = j
                while k > 0 and (lower[k - 1].isalnum() or lower[k - 1] in "_."):
                    k -= 1
                if j < q:
                    out.extend(range(k, j))
        if self.marks:
            out.extend(occurrences(lower, self.marks))
        out.sort()
        return out


#: How far back :func:`_run_start` first looks for a character that stops a run.
_RUN_WINDOW = 256


def _run_start(lower: str, end: int, back: re.Pattern[str]) -> int:
    """Where the run of characters ``back`` does not stop at that ends at ``end`` starts: one past
    the last character before ``end`` that ``back`` stops at (``back`` is ``(?s:.*)`` + a class), else 0."""
    lo = max(0, end - _RUN_WINDOW)
    m = back.match(lower, lo, end)
    if m is None and lo > 0:
        m = back.match(lower, 0, end)
    return m.end() if m is not None else 0


def _reaching(
    lower: str, cands: list[int], starts: dict[str, list[int]], reach: tuple[str, ...], back: re.Pattern[str]
) -> list[int]:
    """The offsets of ``cands`` (sorted) from which a run that ``back`` does not stop in reaches an
    offset of one of ``reach`` in ``starts`` (an index scan's ``Hits.starts``), sorted, once each.

    A match that runs over such characters only from its start to one of those literals starts in
    ``[_run_start(t), t]`` for that literal's offset ``t``.
    """
    out: list[int] = []
    ends = [t for w in reach for t in starts.get(w, ())]
    for t in ends:
        out.extend(cands[bisect.bisect_left(cands, _run_start(lower, t, back)): bisect.bisect_right(cands, t)])
    return sorted(set(out)) if len(ends) > 1 else out


def _c(
    genre: str, name: str, rx: str, weight: float, max_hits: int = 1, flags: int = re.IGNORECASE | re.MULTILINE,
    needs: tuple[str, ...] = (), starts: tuple[str, ...] = (), marks: tuple[str, ...] = (), line_starts: bool = False,
    after_the: tuple[str, ...] = (), before: tuple[str, ...] = (), line_words: tuple[str, ...] = (),
    word_needs: tuple[str, ...] = (), start_needs: Optional[dict[str, tuple[str, ...]]] = None,
    line_reach: tuple[str, ...] = (), reach_stops: str = "",
) -> Cue:
    pattern = re.compile(rx, flags)
    twin = folded(pattern) if flags & re.IGNORECASE else None
    return Cue(
        genre, name, pattern, weight, max_hits, needs, twin, starts, marks, line_starts or bool(line_words), after_the, before,
        line_words, word_needs, start_needs or {}, tuple(LINE_STARTS + w for w in line_words),
        line_reach, re.compile(rf"(?s:.*)[{reach_stops}]") if line_reach else None,
    )


#: Key of the line starts in :func:`start_words` (and, followed by a word, of the line starts that
#: word follows: :func:`line_heads`).
LINE_STARTS = "\n"

_ISSUERS = (
    "ministry", "embassy", "committee", "council", "office", "mission", "government", "parliament", "assembly", "community",
    "association", "society", "organisation", "organization", "union", "congress", "center", "centre", "foundation", "platform",
)

_EVENT_VERBS = ("held", "organi", "attended", "killed", "injured", "wounded", "detained", "arrested", "launched", "sent", "signed")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DISCLAIMER_NOUNS = ("fellow", "professor", "analyst", "researcher", "journalist", "expert", "director", "lecturer", "writer")
_DISCLAIMER_NEEDS = ("expressed", "necessarily") + _DISCLAIMER_NOUNS

CUES: tuple[Cue, ...] = (
    # news report
    _c("news_report", "wire dateline", r"^\s*[A-Z][A-Z .'’-]{2,30}(?:,\s*[A-Za-z .]{2,30})?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .&/-]{1,30}\))?\s*[—–-]\s", 2.5, flags=re.MULTILINE, line_starts=True),
    _c("news_report", "outlet formula", r"\b(?:reports|reported|informs)\s+(?:that|citing)\b|\b[A-Z][\w.]+\s+(?:reports|informs)\b|\btold\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?\s+(?:on|in|that|,)", 2.0, flags=re.MULTILINE, needs=("report", "informs", "told"),
       starts=("reports", "reported", "informs", "told"), before=("reports", "informs"), word_needs=("report", "informs", "told")),
    _c("news_report", "reported speech", r"\b(?:said|says|say|told|stated|announced|according\s+to|added|noted|accused|denied|denies|confirmed)\b", 0.4, max_hits=6,
       starts=("said", "says", "say", "told", "stated", "announced", "according", "added", "noted", "accused", "denied", "denies", "confirmed")),
    _c("news_report", "event wording", r"\b(?:was|were)\s+(?:held|organized|organised|attended|killed|injured|wounded|detained|arrested|launched|sent|signed)\b|\btook\s+part\b|\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", 0.6, max_hits=4,
       needs=("held", "organi", "attended", "killed", "injured", "wounded", "detained", "arrested", "launched", "sent", "signed", "took", "day"),
       starts=("was", "were", "took", "on"),
       start_needs={"was": _EVENT_VERBS, "were": _EVENT_VERBS, "took": ("part",), "on": _WEEKDAYS},
       word_needs=_EVENT_VERBS + ("took",) + _WEEKDAYS),
    _c("news_report", "impersonal reporting", r"\bit\s+(?:was|should\s+be|is)\s+(?:noted|stated|reported|recalled|emphasized|emphasised|stressed)\s+that\b", 0.8, max_hits=3,
       needs=("noted", "stated", "reported", "recalled", "emphasi", "stressed"), starts=("it",),
       word_needs=("noted", "stated", "reported", "recalled", "emphasi", "stressed")),
    # official statement
    _c("official_statement", "press-release label", r"\b(?:press\s+release|for\s+immediate\s+release|media\s+(?:contact|advisory)|communiqu[eé]|joint\s+statement)\b", 3.0, needs=("release", "media", "communiqu", "joint"),
       starts=("press", "for", "media", "communique", "communiqué", "joint"), word_needs=("release", "media", "communiqu", "joint")),
    _c("official_statement", "statement heading", r"^\s*(?:statement|declaration|resolution|open\s+letter|appeal)\s+(?:by|of|from|on|to)\b.{0,150}$", 2.5,
       line_words=("statement", "declaration", "resolution", "open", "appeal")),
    _c("official_statement", "letter salutation", r"^\s*(?:dear|to)\s+(?:mr|mrs|ms|dr|sir|madam|mayor|president|secretary|minister|ambassador|members|colleagues|excellency)\b.{0,80}[,:]?\s*$", 2.5, line_words=("dear", "to")),
    _c("official_statement", "letter sign-off", r"^\s*(?:sincerely|yours\s+(?:sincerely|faithfully|truly)|respectfully(?:\s+yours)?|with\s+(?:respect|best\s+regards))\s*,?\s*$", 2.0,
       line_words=("sincerely", "yours", "respectfully", "with")),
    _c("official_statement", "resolution wording", r"^\s*(?:whereas|resolved|be\s+it\s+resolved|now,?\s+therefore)\b|\bhereby\b", 2.0, needs=("whereas", "resolved", "therefore", "hereby"),
       starts=("hereby",), line_words=("whereas", "resolved", "be", "now"), word_needs=("whereas", "resolved", "therefore", "hereby")),
    _c("official_statement", "organisational we", r"\bwe\s+(?:strongly\s+|firmly\s+|resolutely\s+)?(?:condemn|call\s+(?:on|upon)|demand|urge|reaffirm|express\s+(?:our\s+)?(?:deep\s+)?(?:concern|solidarity|condolences)|welcome|reject|declare)\b", 1.2, max_hits=3,
       needs=("condemn", "call", "demand", "urge", "reaffirm", "express", "welcome", "reject", "declare"), starts=("we",),
       word_needs=("condemn", "call", "demand", "urge", "reaffirm", "express", "welcome", "reject", "declare")),
    _c("official_statement", "issuing body", r"\b(?:the\s+)?(?:ministry|embassy|committee|council|office|mission|government|parliament|assembly|community|association|society|organi[sz]ation|union|congress|cent(?:er|re)|foundation|platform)\s+(?:of\s+[\w ]{2,40}\s+)?(?:hereby\s+)?(?:states|declares|informs|announces|condemns)\b", 1.0,
       needs=("states", "declares", "informs", "announces", "condemns"),
       starts=_ISSUERS, after_the=_ISSUERS, word_needs=("states", "declares", "informs", "announces", "condemns")),
    # blog post
    _c("blog_post", "first-person singular", r"\b(?:I|my|me|I'm|I’ve|I've)\b", 0.25, max_hits=12, flags=re.MULTILINE,
       starts=("i", "my", "me")),
    _c("blog_post", "blog wording", r"\b(?:this\s+blog|my\s+blog|blog\s+post|in\s+this\s+post|my\s+(?:previous|last|earlier)\s+(?:post|article))\b", 2.0, needs=("blog", "post", "article"), starts=("this", "my", "blog", "in"),
       word_needs=("blog", "post", "article"), start_needs={"this": ("blog", "post"), "my": ("blog", "post", "article"), "in": ("post",)}),
    # opinion / analysis
    _c("opinion_analysis", "genre label", r"^\s*(?:opinion|op-ed|analysis|commentary|editorial|viewpoint|perspective|column)\s*(?:[:|—–-].*)?$", 3.0,
       line_words=("opinion", "op", "analysis", "commentary", "editorial", "viewpoint", "perspective", "column")),
    _c("opinion_analysis", "author disclaimer", r"\bthe\s+views\s+(?:and\s+opinions\s+)?expressed\b|\bdo(?:es)?\s+not\s+necessarily\s+reflect\b|^\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+is\s+an?\s+(?:\w+\s+){0,3}(?:fellow|professor|analyst|researcher|journalist|expert|director|lecturer|writer)\b", 2.5,
       needs=_DISCLAIMER_NEEDS,
       starts=("do", "does"), line_starts=True, after_the=("views",), word_needs=_DISCLAIMER_NEEDS,
       line_reach=_DISCLAIMER_NOUNS, reach_stops=r"^\w\s.'’-"),
    _c("opinion_analysis", "argument marker", r"\b(?:should|must|ought\s+to)\b|\b(?:in\s+my\s+(?:view|opinion)|i\s+(?:believe|think|argue))\b|\?\s", 0.3, max_hits=8,
       starts=("should", "must", "ought", "in", "i"), marks=("?",),
       start_needs={"in": ("view", "opinion"), "i": ("believe", "think", "argue")}),
    _c("opinion_analysis", "analytic wording", r"\b(?:therefore|however|moreover|furthermore|consequently|in\s+(?:other\s+words|conclusion|contrast)|on\s+the\s+(?:one|other)\s+hand|thus)\b", 0.3, max_hits=6,
       starts=("therefore", "however", "moreover", "furthermore", "consequently", "in", "on", "thus"),
       start_needs={"in": ("words", "conclusion", "contrast"), "on": ("hand",)}),
    # other (reference works, reports)
    _c("other", "reference sections", r"^\s*(?:see\s+also|references|external\s+links|further\s+reading|bibliography|notes)\s*$", 2.0, max_hits=2,
       line_words=("see", "references", "external", "further", "bibliography", "notes")),
    _c("other", "report sections", r"^\s*(?:executive\s+summary|table\s+of\s+contents|methodology|recommendations|key\s+findings|annex(?:\s+\w+)?|appendix(?:\s+\w+)?)\s*$", 1.5, max_hits=3,
       line_words=("executive", "table", "methodology", "recommendations", "key", "annex", "appendix")),
    _c("other", "encyclopedic wording", r"\bis\s+an?\s+(?:\w+\s+){0,3}(?:located|situated)\s+in\b|\bretrieved\s+(?:on\s+)?\d{1,2}\s+\w+\s+\d{4}\b", 1.5, needs=("located", "situated", "retrieved"), word_needs=("located", "situated", "retrieved")),
)

_WORD = re.compile(r"[a-z][a-z'-]*")
_LINE_HEAD = re.compile(r"\s*([a-z]*)")


def line_heads(lower: str, out: dict[str, list[int]]) -> None:
    """Add the line starts of the lower-cased text to ``out``: all under ``LINE_STARTS``, and those
    whose first run of ``[a-z]`` after whitespace is a cue's line word under ``LINE_STARTS`` + that
    word (``^\\s*`` may cross lines: the line starts of a blank run share their word)."""
    out[LINE_STARTS] = line_starts(lower)
    m = _LINE_WORD_AT_START.match(lower)
    if m is not None:
        out[LINE_STARTS + m.group(1)] = [0]
    for m in _LINE_WORD_AFTER_NEWLINE.finditer(lower):
        got = out.get(key := LINE_STARTS + m.group(1))
        if got is None:
            out[key] = [m.end()]
        else:
            got.append(m.end())


def _words_pattern(words: set[str]) -> re.Pattern[str]:
    """Whole words out of ``words`` (word characters only), grouped by first letter so ``re`` tries few."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile(r"\b(?:" + "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()) + r")\b")


#: Every cue's line words, and where a line starts with one (after whitespace, as a whole run of
#: ``[a-z]``, as ``_LINE_HEAD`` reads it): at the text's start, or right after a newline.
LINE_WORDS = frozenset(w for c in CUES for w in c.line_words)
_LINE_WORD = "(" + "|".join(sorted(LINE_WORDS, key=len, reverse=True)) + ")(?![a-z])"
_LINE_WORD_AT_START = re.compile(r"\s*" + _LINE_WORD)
_LINE_WORD_AFTER_NEWLINE = re.compile(r"\n(?=\s*" + _LINE_WORD + ")")
#: Every cue's start words (they are word characters: whole-word matches cannot overlap).
START_WORDS = frozenset(w for c in CUES for w in c.starts + c.after_the + c.before)
_START_WORDS = _words_pattern(START_WORDS)
#: The evaluative words a ``_WORD`` token can equal (the others can never count).
EVALUATIVE_TOKENS = frozenset(w for w in EVALUATIVE_WORDS if _WORD.fullmatch(w))
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'-")
_FIRST_PERSON_WORDS = ("i", "my", "me")
#: What :func:`scores` reads from a ``candidates.LiteralIndex`` scan: build the index with these.
INDEX_WORDS = START_WORDS | frozenset(_FIRST_PERSON_WORDS)
#: Common start words and what follows them, after whitespace, in every match of a cue that starts
#: with them (the start of a word): the index may report them only there (``LiteralIndex.build``'s
#: ``phrases``), for far fewer hits.
START_PHRASES: dict[str, tuple[str, ...]] = {
    "in": ("other", "conclusion", "contrast", "this", "my"), "on": _WEEKDAYS + ("the",), "was": _EVENT_VERBS,
    "were": _EVENT_VERBS, "this": ("blog",), "it": ("was", "should", "is"), "for": ("immediate",), "took": ("part",),
    "we": ("strongly", "firmly", "resolutely", "condemn", "call", "demand", "urge", "reaffirm", "express", "welcome", "reject", "declare"),
    "do": ("not",), "does": ("not",), "views": ("and", "expressed"), "press": ("release",), "media": ("contact", "advisory"),
    "joint": ("statement",), "reported": ("that", "citing"),
    **{w: ("of", "hereby", "states", "declares", "informs", "announces", "condemns") for w in _ISSUERS},
}
INDEX_STARTS = EVALUATIVE_TOKENS | frozenset(w for c in CUES for w in c.word_needs + tuple(x for ws in c.start_needs.values() for x in ws))


def start_words(lower: str) -> dict[str, list[int]]:
    """Offsets of every cue start word in the lower-cased text, by word, and of the line starts."""
    out: dict[str, list[int]] = {}
    for m in _START_WORDS.finditer(lower):
        out.setdefault(m.group(), []).append(m.start())
    line_heads(lower, out)
    return out


def _evaluative_count(hits: Hits) -> int:
    """How many ``_WORD`` tokens of ``hits.lower`` are evaluative words, from the index's candidates.

    A token is a maximal run of ``[a-z'-]`` from its first letter: ``w`` at ``s`` is one when
    nothing of ``[a-z'-]`` follows it and no letter precedes the run of ``'``/``-`` before it.
    """
    lower, n = hits.lower, 0
    for w, at in hits.starts.items():
        if w not in EVALUATIVE_TOKENS:
            continue
        for s in at:
            e = s + len(w)
            if not lower.startswith(w, s) or (e < len(lower) and lower[e] in _TOKEN_CHARS):
                continue
            j = s
            while j > 0 and lower[j - 1] in "'-":
                j -= 1
            if j == 0 or not "a" <= lower[j - 1] <= "z":
                n += 1
    return n


_FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b")


def _first_person_count(text: str, hits: Optional[Hits]) -> int:
    """``len(_FIRST_PERSON.findall(text))``; with ``hits``, tried only where the index has i / my / me."""
    if hits is None:
        return len(_FIRST_PERSON.findall(text))
    return sum(1 for w in _FIRST_PERSON_WORDS for p in hits.words.get(w, ()) if _FIRST_PERSON.match(text, p))


_REPLY_OPENERS = re.compile(r"^\s*(?:@\w+|thank(?:s| you)\b|great\s+(?:post|article)|i\s+(?:agree|disagree)\b|well\s+said\b)", re.IGNORECASE)


def scores(
    text: str, raw_text: Optional[str] = None, *, publisher_kind: Optional[str] = None, host: Optional[str] = None,
    blog: Optional[list[str]] = None, hits: Optional[Hits] = None,
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Score per genre and the cues that fired (for tests and evidence).

    ``blog``: ``blog_cues(raw_text or text, host)`` if the caller has it already.  ``hits``: the
    scan of ``fold(text)`` by an index holding :data:`INDEX_WORDS` and :data:`INDEX_STARTS`, if the
    caller has one (the start words, evaluative words and first-person words are then read from it).
    """
    sc: dict[str, float] = {}
    fired: dict[str, list[str]] = {}
    if hits is not None:
        lower: Optional[str] = hits.lower
        words: Optional[dict[str, list[int]]] = dict(hits.words)
        line_heads(hits.lower, words)
    else:
        lower = fold(text)
        words = start_words(lower) if lower is not None else None
    for cue in CUES:
        n = cue.count(text, lower, words, hits.starts if hits is not None else None)
        if not n:
            continue
        sc[cue.genre] = sc.get(cue.genre, 0.0) + cue.weight * n
        fired.setdefault(cue.genre, []).append(f"{cue.name}" + (f" ×{n}" if n > 1 else ""))
    if hits is not None:
        evaluative = _evaluative_count(hits)
    else:
        evaluative = sum(map(EVALUATIVE_WORDS.__contains__, _WORD.findall(text.lower() if lower is None else lower)))
    if evaluative:
        n = min(evaluative, 8)
        sc["opinion_analysis"] = sc.get("opinion_analysis", 0.0) + 0.25 * n
        fired.setdefault("opinion_analysis", []).append("evaluative wording" + (f" ×{n}" if n > 1 else ""))
    if blog is None:
        blog = blog_cues(raw_text if raw_text is not None else text, host)
    if blog:
        sc["blog_post"] = sc.get("blog_post", 0.0) + 3.0
        fired.setdefault("blog_post", []).append(blog[0])
    kind_genre = {"personal_blog": "blog_post", "government_body": "official_statement"}.get(publisher_kind or "")
    if kind_genre:
        sc[kind_genre] = sc.get(kind_genre, 0.0) + 1.5
        fired.setdefault(kind_genre, []).append(f"publisher kind {publisher_kind}")
    # First-person singular only marks a blog when the page is not a news text quoting someone.
    if "blog_post" in sc and not blog and not kind_genre:
        density = _first_person_count(text, hits) / max(1, len(text.split()))
        if density < 0.01:
            sc["blog_post"] *= 0.3
    return sc, fired


def annotate_document_type(
    text: str,
    *,
    raw_text: Optional[str] = None,
    is_comment: bool = False,
    publisher_kind: Optional[str] = None,
    host: Optional[str] = None,
    blog: Optional[list[str]] = None,
    hits: Optional[Hits] = None,
) -> Label:
    """``hits``: see :func:`scores`."""
    if is_comment:
        return Label("comment", "rule", 0.95, ANNOTATOR, "reader comment split from its post by the clean stage")
    if not text.strip():
        return Label("unknown", "none", 0.0, ANNOTATOR, "empty text")
    if len(text) < 600 and _REPLY_OPENERS.match(text):
        return Label("comment", "rule", 0.55, ANNOTATOR, f"short reply opening {text.strip()[:30]!r}")
    sc, fired = scores(text, raw_text, publisher_kind=publisher_kind, host=host, blog=blog, hits=hits)
    if not sc:
        return Label("unknown", "none", 0.0, ANNOTATOR, "no genre cue fired")
    ranked = sorted(sc.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < 1.0:
        return Label("unknown", "none", 0.0, ANNOTATOR, f"cues too weak (best {best} {top:.1f}: {', '.join(fired[best])})")
    margin = (top - second) / top
    conf = round(min(0.95, 0.3 + 0.35 * margin + 0.075 * min(top, 4.0)), 3)
    runner = f"; runner-up {ranked[1][0]} {second:.1f}" if len(ranked) > 1 else ""
    return Label(best, "rule", conf, ANNOTATOR, f"{best} {top:.1f} ({', '.join(fired[best])}){runner}")
