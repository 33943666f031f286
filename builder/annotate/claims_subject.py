"""Speaker noun phrases for the attribution rules (:mod:`.claims_attribution`): the subject just
before a reporting cue, whether a phrase is a plausible speaker, and who issued a document
("The statement reads" -> whoever issued the statement earlier in the text).  Pure functions.
"""

from __future__ import annotations

import re

from source_stance.builder.annotate.lexicon import (
    CLAUSE_WORDS,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    ISSUING_VERBS,
    NP_FUNCTION_WORDS,
)
from source_stance.builder.annotate.span_scan import fold_case, literal_alternation, match_spans

_AUX_ADV = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|will|would|also|again|once|then|later|further|previously|"
    r"already|repeatedly|recently|publicly|openly|[a-z]+ly))*\s*$"
)
_NP_STOP = re.compile(r"[,;:()\[\]\"“”«»„—–]|\s-\s|\bthat\b|\bwhich\b|\bwho\b|\bwhile\b|\bwhen\b|\bbut\b", re.IGNORECASE)
#: _NP_STOP's twin over ``fold_case`` of the text: the same matches (its alternatives cannot match
#: at the same position, so their order does not matter), but ``re`` skips to the characters that
#: can begin one.
_NP_STOP_FOLDED = re.compile(
    r"[,;:()\[\]\"“”«»„—–\stwb](?:(?<=[,;:()\[\]\"“”«»„—–])|(?<=\s)-\s|(?<=t)(?<!\wt)hat\b|(?<=w)(?<!\ww)h(?:ich|o|ile|en)\b|(?<=b)(?<!\wb)ut\b)"
)
#: The rightmost match of each (the one starting last): ``.*`` backtracks from the end of the text.
_LAST_NP_STOP = re.compile(r"(?s:.*)(" + _NP_STOP.pattern + ")", re.IGNORECASE)
_LAST_NP_STOP_FOLDED = re.compile(r"(?s:.*)(" + _NP_STOP_FOLDED.pattern + ")")
#: Every character _AUX_ADV can match (a-z and what ``\s`` matches): its match ends the window, so
#: it cannot begin before the last other character.
_AUX_CHARS = "abcdefghijklmnopqrstuvwxyz\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_LEADING_ADVERBIAL = re.compile(
    r"^(?:however|moreover|meanwhile|also|later|earlier|furthermore|finally|then|instead|thus|yet|and|but|so|"
    r"in\s+addition|in\s+turn|on\s+\w+day|on\s+the\s+other\s+hand)\s+",
    re.IGNORECASE,
)
_REFLEXIVE = re.compile(r"\s+(?:himself|herself|themselves|itself)$", re.IGNORECASE)
_APPOSITIVE = re.compile(r"(?:(?:a|an|the)\s+[a-z]|(?:which|who|whose)\b)", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)



def _plausible_np(np: str, allow_lower: bool = False) -> bool:
    words = np.split()
    if len(words) == 1 and words[0].lower() in ("he", "she", "they", "i", "we"):
        return True
    if not 1 <= len(words) <= 16:
        return False
    if words[0].lower() in ("it", "there", "this", "which", "what"):
        return False
    for w in words:
        lw = w.lower().strip(".'’")
        if lw in CLAUSE_WORDS:
            return False
        if w[0].islower() and lw not in NP_FUNCTION_WORDS and (lw.endswith("ed") or lw.endswith("ing")):
            return False
    if words[-1].lower() in NP_FUNCTION_WORDS:
        return False
    if allow_lower and len(words) <= 6 and words[0][0].isalpha():
        return True
    return words[0][0].isupper() or words[0][0].isdigit() or words[0].lower() in NP_FUNCTION_WORDS


_MAX_SUBJECT_LOOKBACK = 400


def subject_before(text: str, lo: int, cue_start: int) -> tuple[int, int] | None:
    """Span of the noun phrase ending just before a reporting cue at ``cue_start``.

    Looks back at most ``_MAX_SUBJECT_LOOKBACK`` characters (from a word boundary), so the cost per
    cue is bounded and a sentence with many cues stays linear.
    """
    if cue_start - lo > _MAX_SUBJECT_LOOKBACK:
        cut = cue_start - _MAX_SUBJECT_LOOKBACK
        space = text.find(" ", cut, cue_start)
        lo = space + 1 if space >= 0 else cut
    window = text[lo:cue_start]
    aux = _AUX_ADV.search(window, len(window.rstrip(_AUX_CHARS)))
    end_rel = aux.start() if aux else len(window)
    before_strip = end_rel
    while end_rel > 0 and (window[end_rel - 1].isspace() or window[end_rel - 1] == ","):
        end_rel -= 1
    appositive_closed = "," in window[end_rel:before_strip]  # "X, a close ally, said"
    left = window[:end_rel]
    folded = fold_case(left)
    np_stop, scanned = (_NP_STOP, left) if folded is None else (_NP_STOP_FOLDED, folded)
    last = _last_stop(np_stop, scanned, folded is not None)  # (end, text) of the last stop
    start_rel = last[0] if last else 0
    # "Turkey, a close ally of X, welcomed" / "Russia, which has troops there, called":
    # the subject is the name before the appositive or relative clause
    c2 = left.rfind(",")
    if appositive_closed and c2 >= 0 and _APPOSITIVE.match(left[c2 + 1 :].lstrip()):
        c1 = max(left.rfind(",", 0, c2), max((m.end() - 1 for m in np_stop.finditer(scanned, 0, c2)), default=-1))
        head = left[c1 + 1 : c2]
        if head.strip() and head.strip()[0].isupper() and _plausible_np(head.strip()):
            start_rel = c1 + 1 + (len(head) - len(head.lstrip()))
            end_rel = c2
            last = None  # the last stop that ends by the new start
            for m in np_stop.finditer(scanned):
                if m.end() > start_rel:
                    break
                last = m.end(), m.group(0)
    while start_rel < end_rel and left[start_rel].isspace():
        start_rel += 1
    np = left[start_rel:end_rel]
    while m := _LEADING_ADVERBIAL.match(np):
        start_rel += m.end()
        np = left[start_rel:end_rel]
    if rm := _REFLEXIVE.search(np):
        end_rel = start_rel + rm.start()
        np = left[start_rel:end_rel]
    comma_bounded = last is None or last[1] in (",", ";", "—", "–")
    if not np or not _plausible_np(np, allow_lower=comma_bounded):
        return None
    return lo + start_rel, lo + end_rel


def _last_stop(np_stop: re.Pattern, scanned: str, folded: bool) -> tuple[int, str] | None:
    """(end, text) of the last match of ``np_stop.finditer(scanned)``, None without one.

    That is the match that starts last, found from the right, unless it is an `` - `` that
    another `` - `` could overlap (`` - - ``, where ``finditer`` takes the left one): then the
    matches are listed from the left."""
    m = (_LAST_NP_STOP_FOLDED if folded else _LAST_NP_STOP).match(scanned)
    if m is None:
        return None
    start = m.start(1)
    if start and scanned[start - 1] == "-":
        stops = list(np_stop.finditer(scanned))
        return stops[-1].end(), stops[-1].group(0)
    return m.end(1), m.group(1)


def _strip_determiner(text: str, s: int, e: int) -> tuple[int, int]:
    m = _DETERMINER.match(text[s:e])
    return (s + m.end(), e) if m and s + m.end() < e else (s, e)


def _head_is_document(np: str) -> bool:
    words = np.lower().split()
    return bool(words) and words[-1] in DOCUMENT_NOUNS and len(words) <= 4


#: Where an issuing verb stands in a folded text.  ``finditer`` skips a verb that starts inside
#: another one found, but that one is inside a word, where the issuing pattern's ``\b`` fails.
_ISSUING_VERB = re.compile(literal_alternation(ISSUING_VERBS))
#: How far back (code points) to look for whoever issued "the statement": keeps long documents linear.
ISSUER_WINDOW = 4000


def _sentence_start(text: str, lo: int, pos: int) -> int:
    return max(lo, *(text.rfind(c, lo, pos) + 1 for c in ".!?\n"))


def _words_back(text: str, lo: int, pos: int, runs: int) -> int:
    """The smallest ``p >= lo`` such that ``text[p:pos]`` holds only word characters, hyphens and
    at most ``runs`` stretches of whitespace."""
    p = pos
    in_space = False
    while p > lo:
        c = text[p - 1]
        if c.isspace():
            if not in_space:
                if runs == 0:
                    break
                runs -= 1
                in_space = True
        elif c.isalnum() or c in "_-":
            in_space = False
        else:
            break
        p -= 1
    return p


def resolve_issuer(text: str, before: int, noun: str) -> tuple[int, int, str] | None:
    """Who issued "the <noun>" (statement, letter, ...) mentioned before ``before``: the nearest of
    "on behalf of X, a <noun>", "X issued/sent/... a <noun>", "a <noun> from/by X", within
    :data:`ISSUER_WINDOW` code points."""
    lo = max(0, before - ISSUER_WINDOW)
    stem = re.escape(noun.lower().rstrip("s"))
    doc_nouns = rf"{stem}s?"
    verbs = "|".join(ISSUING_VERBS)
    behalf = re.compile(rf"\bon\s+behalf\s+of\s+(?P<np>[^,;:.]{{2,120}}?)\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{doc_nouns})\b", re.I)
    issued = re.compile(rf"\b(?:{verbs})\s+(?:(?:a|an|the|its|their|his|her|this)\s+)?(?:[\w-]+\s+){{0,3}}?(?:{doc_nouns})\b", re.I)
    by = re.compile(
        rf"\b(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?:{doc_nouns})\s+(?:from|by|of|signed\s+by|on\s+behalf\s+of)\s+"
        rf"(?P<np>(?-i:[A-Z])[^,;:.\n]{{1,100}}?)(?=[,;:.\n]|\s+(?:to|was|were|is|has|on|in)\b)",
        re.I,
    )
    # Where each pattern can first match: every match contains the noun (and "on behalf of" its
    # "behalf") after at most a few words; starting the scan there finds the same matches.
    start_behalf = start_by = start_issued = lo
    window = fold_case(text[lo:before]) if stem.isascii() else None
    if window is not None:
        first = window.find(noun.lower().rstrip("s"))
        if first < 0:
            return None
        first += lo
        start_by, start_issued = _words_back(text, lo, first, 3), _words_back(text, lo, first, 5)
        b = window.find("behalf")
        start_behalf = before if b < 0 else _words_back(text, lo, lo + b, 1)
    found: list[tuple[int, int, int]] = []  # (match start, np start, np end)
    for pat, start in ((behalf, start_behalf), (by, start_by)):
        for m in pat.finditer(text, start, before):
            found.append((m.start(), *m.span("np")))
    if window is None:
        issued_spans = [m.span() for m in issued.finditer(text, start_issued, before)]
    else:  # every match starts at an issuing verb, whose fold stands in the folded window there
        verbs_at = [lo + v.start() for v in _ISSUING_VERB.finditer(window, start_issued - lo)]
        issued_spans = match_spans(issued, text, verbs_at, before)
    for ms, _ in issued_spans:
        subj = subject_before(text, _sentence_start(text, lo, ms), ms)
        if subj and text[subj[0] : subj[1]].split()[0].lower() not in FIRST_PERSON:
            found.append((ms, *subj))
    if not found:
        return None
    _, s, e = max(found)
    s, e = _strip_determiner(text, s, e)
    return s, e, text[s:e]
