"""Document type from structure and wording; each genre on examples written for this test."""

from __future__ import annotations

import re

import pytest

from source_stance.builder.annotate.document_type import annotate_document_type, scores

WIRE = """YEREVAN, Sept 21 (Reuters) - Armenia's prime minister said on Thursday that his government had not been
consulted before the ceasefire was announced. Officials in Baku said the operation had ended.
According to local authorities, thousands of people gathered at the border crossing. A spokesperson for the
International Committee of the Red Cross told reporters that aid convoys were waiting."""

AGENCY_AZ = """Baku hosts international conference on mine action

An international conference on humanitarian demining was held in Baku on Monday.
Representatives of 40 countries took part in the event. It was noted that more than 300 civilians were killed
or injured by landmines since 2020. It was stressed that mine clearance is a priority.
The minister said that the work would continue."""

STATEMENT = """Statement of the Ministry of Foreign Affairs on the anniversary of the ceasefire

We strongly condemn the attacks on civilian infrastructure and call on the international community to
respond. We reaffirm our commitment to the negotiation process. The Ministry hereby declares that any
further violation will be raised at the UN Security Council."""

LETTER = """Dear Mayor Johnson,

We are writing on behalf of our community to express our deep concern about the decision announced last week.
We urge you to reconsider and to meet with community representatives.

Sincerely,
The Board of the Community Association"""

PRESS_RELEASE = """FOR IMMEDIATE RELEASE

Media contact: press@example.org

The organisation welcomes the resolution adopted today by the Parliament."""

BLOG = """My trip to Shusha, and what I learned

I finally made it to the town I had read about for years. My guide was a retired teacher, and I asked him
about the houses on the hill. I think I understood more in one afternoon than in all my reading. In this post
I share my notes and photos; in my previous post I wrote about the road.

Posted by Lilit at 9:14 PM"""

OPINION = """Opinion | The peace deal will not hold without guarantees

The agreement signed last month is fragile. Both governments should stop treating the talks as a contest.
Why would anyone trust a deal with no monitoring? In my view, the mediators must insist on observers.
However, neither side has an incentive to accept them; therefore, outside pressure is needed.

The views expressed in this article are the author's own and do not necessarily reflect the editorial policy.
Jane Doe is a senior fellow at the Institute for Regional Studies."""

REFERENCE = """Lachin corridor

The Lachin corridor is a mountain road located in the South Caucasus.

History

The road was built in the twentieth century.

See also

References

External links"""

REPORT = """Executive summary

This report examines the humanitarian situation.

Methodology

We interviewed 60 displaced people.

Recommendations

To all parties: allow humanitarian access."""


@pytest.mark.parametrize(
    "text, expected",
    [
        (WIRE, "news_report"),
        (AGENCY_AZ, "news_report"),
        (STATEMENT, "official_statement"),
        (LETTER, "official_statement"),
        (PRESS_RELEASE, "official_statement"),
        (BLOG, "blog_post"),
        (OPINION, "opinion_analysis"),
        (REFERENCE, "other"),
        (REPORT, "other"),
    ],
)
def test_genres(text, expected):
    lab = annotate_document_type(text)
    assert (lab.value, lab.source) == (expected, "rule"), lab.evidence
    assert lab.annotator == "rule:doctype.v1" and 0 < lab.confidence < 1
    assert lab.evidence.startswith(expected)


def test_comment_from_structure_and_short_replies():
    assert annotate_document_type("Anything at all.", is_comment=True).value == "comment"
    lab = annotate_document_type("Thank you for this article, very informative!")
    assert lab.value == "comment" and lab.confidence < 0.9
    # a long text opening with thanks is not a comment
    assert annotate_document_type("Thank you. " + WIRE * 3).value != "comment"


def test_blog_structure_counts_even_without_first_person():
    raw = "The border was quiet today.\n\nLeave a Reply\n\n%d bloggers like this:"
    lab = annotate_document_type("The border was quiet today. Villagers said so.", raw_text=raw)
    assert lab.value == "blog_post" and "blog furniture" in lab.evidence


def test_publisher_kind_helps():
    text = "The Ministry states that the ceasefire holds. We call on all sides to respect it."
    assert annotate_document_type(text, publisher_kind="government_body").value == "official_statement"


def test_first_person_quotes_in_news_do_not_make_a_blog():
    text = WIRE + '\n"I saw the tanks," said one resident. "My house is gone."'
    assert annotate_document_type(text).value == "news_report"


def test_no_cue_is_unknown_none():
    for text in ("", "   ", "Lorem ipsum dolor sit amet."):
        lab = annotate_document_type(text)
        assert (lab.value, lab.source, lab.confidence) == ("unknown", "none", 0.0)


def test_scores_name_the_cues():
    sc, fired = scores(STATEMENT)
    assert sc["official_statement"] > sc.get("news_report", 0)
    assert any("organisational we" in c for c in fired["official_statement"])


# --- the fast cue counter (prefilter literals, folded patterns, early stop) is exact -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate.casefold import fold  # noqa: E402
from source_stance.builder.annotate.document_type import CUES, start_words  # noqa: E402


@pytest.mark.parametrize("cue", [c for c in CUES if c.needs], ids=lambda c: c.name)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_contains_one_of_the_needed_literals(cue, data):
    s = data.draw(st.from_regex(cue.pattern))
    assert cue.pattern.search(s)
    hay = s.lower() if cue.folded is not None else s
    assert any(lit in hay for lit in cue.needs), (cue.name, s)


_WORDS = [w for c in CUES for w in re.findall(r"[A-Za-z]{2,}", c.pattern.pattern)] + [
    "I", "me", "My", "İ", "ı", "ſ", "K", "’", "?", " ", "  ", "\n", ".", ",", "-", "—", "(AP)", "12", "2024", "MOSCOW"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.sampled_from([" ", "\n"]) | st.text(max_size=2), max_size=60).map("".join)
       | st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join).map(lambda t: t.replace(" s", "\n")))
def test_cue_count_equals_the_plain_findall_count(text):
    for t in (text, text.upper(), text.title()):
        low = fold(t)
        words = start_words(low) if low is not None else None
        for cue in CUES:
            want = min(len(cue.pattern.findall(t)), cue.max_hits)
            assert cue.count(t, low) == want, (cue.name, t)
            assert cue.count(t, low, words) == want, (cue.name, t)


def test_cue_count_edges():
    by = {c.name: c for c in CUES}
    for text in ("said", "SAID. Said said", "İt was noted that", "It was noted that", "unsaid", "hereby", "HEREBY İ",
                 "press   release", "PRESS\nRELEASE ſ", "Why? Why?\tWhy?", "why?x", "\nJohn Doe is a senior fellow at X",
                 "x John Doe is a fellow", "The views expressed\nJane Roe is an analyst", "in my view.In my opinion",
                 "I think; i argue", "Communiqué. communique", "the Ministry hereby states", "On the one hand, in contrast",
                 "it was\nnoted that", "were held on Sunday and took  part", "we strongly condemn", "my previous post",
                 "x\nReferences\nSee also", "Intro\nOpinion: x\n\nAnalysis", "A\nDear Sir,\nSincerely,\n",
                 "a\nMOSCOW, March 3 (AP) - b", "I'm me, my I", "x\nWhereas y\nhereby", "x the  Ministry states",
                 "the\nembassy hereby declares", "x The views expressed", "thethe ministry states", "the ministryx states",
                 "x.AP reports", "Mr.Smith \n informs", "(A_B.C reports", "AP  REPORTS that", "told AP on", "Xreports", "é.AP reports"):
        for cue in by.values():
            low = fold(text)
            words = start_words(low) if low is not None else None
            assert cue.count(text, low, words) == min(len(cue.pattern.findall(text)), cue.max_hits), (cue.name, text)


def test_blog_cues_passed_in_give_the_same_scores():
    from source_stance.builder.annotate.publisher_kind import blog_cues

    raw = "My trip\nI went there. 3 bloggers like this\nLeave a reply\n"
    for text, host in ((raw, None), (raw, "someone.wordpress.com"), ("Officials said on Monday.", "example.org")):
        assert scores(text, raw, host=host, blog=blog_cues(raw, host)) == scores(text, raw, host=host)


@pytest.mark.parametrize("cue", [c for c in CUES if c.starts or c.marks or c.line_starts or c.after_the or c.before], ids=lambda c: c.name)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_starts_where_the_cue_is_tried(cue, data):
    """A match not at a line start begins with one of the cue's start words or marks."""
    rx = cue.folded or cue.pattern
    s = data.draw(st.from_regex(rx, fullmatch=True))
    text = "x " + s  # offset 2 is not a line start
    if rx.match(text, 2) is None:
        assert cue.line_starts  # only a line-start alternative matched s
        return
    word = re.match(r"\w*", s).group(0)
    the = re.match(r"the\s+(\w+)", s)
    before = re.match(r"[\w.]+\s+(\w+)", s)
    assert (word.lower() in cue.starts or s.startswith(cue.marks)
            or (the is not None and the.group(1) in cue.after_the)
            or (before is not None and before.group(1).lower() in cue.before)), (cue.name, s)


# --- the index path (one LiteralIndex scan per document) gives the same scores -------------------

from source_stance.builder.annotate import document_type as _dt  # noqa: E402
from source_stance.builder.annotate.candidates import LiteralIndex  # noqa: E402
from source_stance.builder.annotate.lexicon import EVALUATIVE_WORDS  # noqa: E402

INDEX = LiteralIndex.build(words=_dt.INDEX_WORDS, starts=_dt.INDEX_STARTS, phrases=_dt.START_PHRASES)
_EVAL = sorted(EVALUATIVE_WORDS)[::7] + ["peace-loving", "lies", "best"]
_TRICKY = ["3", "_", "'", "-", "’", "é", "ß", "K", "\u212a", "x", "I", "i", "me", "my", "MY", "I'm", "Me"]
_INDEX_TEXTS = (
    st.lists(st.sampled_from(_WORDS + _EVAL + _TRICKY) | st.sampled_from([" ", "\n"]) | st.text(max_size=2), max_size=60).map("".join)
    | st.lists(st.sampled_from(_WORDS + _EVAL + _TRICKY), max_size=40).map(" ".join)
)


@settings(max_examples=400, deadline=None)
@given(_INDEX_TEXTS)
def test_scores_with_an_index_scan_equal_the_plain_ones(text):
    for t in (text, text.upper(), text.title()):
        low = fold(t)
        if low is None:  # the caller only scans a foldable text
            continue
        hits = INDEX.scan(low)
        assert _dt._evaluative_count(hits) == sum(map(EVALUATIVE_WORDS.__contains__, _dt._WORD.findall(low))), t
        assert _dt._first_person_count(t, hits) == len(_dt._FIRST_PERSON.findall(t)), t
        assert scores(t, hits=hits) == scores(t), t
        assert scores(t, publisher_kind="news_agency", hits=hits) == scores(t, publisher_kind="news_agency"), t


def test_scores_with_an_index_scan_edges():
    for text in ("I said my view: I, me, my. MY me-too I'm", "3lies _lies lies' 'lies -lies--best best-x peace-loving",
                 "o'lies lies'x x'lies ablies liesx LIES é-lies", "I think I must say I am. " * 3, "",
                 "In  conclusion, in\ncontrast in, other words in\u00a0my view; In This post", "On\tMonday on  the other hand; on, the",
                 "It  was noted that. it\nis stressed that", "were\n\nheld, was  signed, WAS KILLED, was-held", "This  blog; for\timmediate release",
                 "The  Ministry\nof X states; the embassy hereby  declares; community, states", "We  strongly condemn; we\ncall on",
                 "do\nnot necessarily reflect; The views  and opinions expressed; Joint\tstatement; media  advisory; reported, that"):
        hits = INDEX.scan(fold(text))
        assert scores(text, hits=hits) == scores(text), text


@pytest.mark.parametrize("cue", [c for c in CUES if c.line_words], ids=lambda c: c.name)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_line_start_match_begins_with_a_line_word(cue, data):
    """A match at a line start, not at a start word, has one of the cue's line words first."""
    rx = cue.folded or cue.pattern
    s = data.draw(st.from_regex(rx, fullmatch=True))
    if re.match(r"\w*", s).group(0).lower() in cue.starts:
        return
    assert _dt._LINE_HEAD.match(s.lower()).group(1) in cue.line_words, (cue.name, s)


@pytest.mark.parametrize("cue", [c for c in CUES if c.word_needs], ids=lambda c: c.name)
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_starts_a_word_with_one_of_the_word_needs(cue, data):
    """The index stands in for ``needs``: a word_needs literal starts a word (no ASCII letter before)."""
    s = data.draw(st.from_regex(cue.pattern, fullmatch=True))
    low = s.lower()
    assert any(
        low.startswith(w, i) and (i == 0 or not ("a" <= low[i - 1] <= "z"))
        for w in cue.word_needs for i in range(len(low))
    ), (cue.name, s)
    assert set(cue.word_needs) <= _dt.INDEX_STARTS


@pytest.mark.parametrize("cue", [c for c in CUES if c.start_needs], ids=lambda c: c.name)
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_at_a_guarded_start_word_holds_one_of_its_needs(cue, data):
    """A match starting with a start word that has ``start_needs`` has one of them at a word start."""
    s = data.draw(st.from_regex(cue.pattern, fullmatch=True))
    low = s.lower()
    word = re.match(r"\w*", low).group(0)
    if word not in cue.start_needs:
        return
    assert any(
        low.startswith(w, i) and i > 0 and not ("a" <= low[i - 1] <= "z")
        for w in cue.start_needs[word] for i in range(len(low))
    ), (cue.name, s)
    assert set(cue.start_needs[word]) <= _dt.INDEX_STARTS


def test_guarded_start_words_edges():
    for text in ("In other words, on the other hand", "in my view", "I think so", "It was held on Monday and they took part",
                 "in this post, my blog", "in  my\nopinion", "on\tthe one hand", "was sent", "were signed", "on sunday"):
        for t in (text, text.upper()):
            hits = INDEX.scan(fold(t))
            assert scores(t, hits=hits) == scores(t), t


def reference_line_heads(lower: str) -> dict[str, list[int]]:
    """line_heads as first written: every line start, and each under its first run of [a-z] after whitespace."""
    from source_stance.builder.annotate.candidates import line_starts

    out: dict[str, list[int]] = {_dt.LINE_STARTS: line_starts(lower)}
    for p in out[_dt.LINE_STARTS]:
        word = _dt._LINE_HEAD.match(lower, p).group(1)
        if word:
            out.setdefault(_dt.LINE_STARTS + word, []).append(p)
    return out


_LINE_PIECES = sorted(_dt.LINE_WORDS) + ["x", "tox", "to-do", "be2", "\n", "\n\n", " ", "\t", "\u2003", "é", "-", "1", "op-ed", "dearest"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join) | st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map(" ".join))
def test_line_heads_equal_the_plain_ones_for_every_line_word(text):
    low = text.lower()
    got: dict[str, list[int]] = {}
    _dt.line_heads(low, got)
    want = reference_line_heads(low)
    assert got[_dt.LINE_STARTS] == want[_dt.LINE_STARTS]
    for w in _dt.LINE_WORDS:
        assert got.get(_dt.LINE_STARTS + w, []) == want.get(_dt.LINE_STARTS + w, []), (w, text)


# --- line starts tried only where a line_reach literal can be reached --------------------------

_DISCLAIMER = next(c for c in CUES if c.line_reach)
_REACH_PIECES = [
    "John", "Smith", "Mary", "O'Neil", "Jr.", "al-Haq", "Ann’s", "is", "a", "an", "senior", "visiting", "at", "the",
    "views", "expressed", "does", "not", "necessarily", "reflect", "do", *_DISCLAIMER.line_reach, "fellowship", "Xfellow",
    ",", ":", "(", ")", "?", "“", "é", "_", "1", "-", ".", "'", "’", "\u2003",
]
_SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\t", " , ", "(", " - ", ".", "“"])
#: Lines shaped like the line-start alternative (names, "is a", up to a few words, a noun), pieces spliced in anywhere.
_REACH_LINE = st.tuples(
    st.lists(st.sampled_from(_REACH_PIECES[:6]), min_size=1, max_size=5), st.sampled_from(["is a", "is an", "is", "a"]),
    st.lists(st.sampled_from(["senior", "visiting", "research", "the", "at"]), max_size=4), st.sampled_from(_REACH_PIECES),
).map(lambda t: [*t[0], t[1], *t[2], t[3]])
_REACH_TEXTS = st.lists(
    st.lists(_REACH_LINE.flatmap(lambda ws: st.lists(_SEPARATORS, min_size=len(ws), max_size=len(ws)).map(lambda ss: "".join(w + s for w, s in zip(ws, ss))))
             | st.sampled_from(_REACH_PIECES) | st.text(max_size=2), max_size=6).map("".join),
    max_size=6,
).map("\n".join) | st.lists(st.sampled_from(_REACH_PIECES + ["\n"]), max_size=30).map(" ".join)


def _reach_cases(text: str) -> list[str]:
    return [t for t in (text, text.title(), text.upper(), "\n".join(text.title().split(" . "))) if fold(t) is not None]


def _check_reach(t: str):
    """The disclaimer counted with the index's starts equals the plain count; returns the hits."""
    low = fold(t)
    hits = INDEX.scan(low)
    words = dict(hits.words)
    _dt.line_heads(low, words)
    expected = min(len(_DISCLAIMER.pattern.findall(t)), _DISCLAIMER.max_hits)
    assert _DISCLAIMER.count(t, low, words, hits.starts) == expected, t
    assert _DISCLAIMER.count(t, low, words) == expected, t
    return hits


@settings(max_examples=500, deadline=None)
@given(_REACH_TEXTS)
def test_line_reach_keeps_every_line_start_match(text):
    for t in _reach_cases(text):
        _check_reach(t)


def test_line_reach_edges():
    long_name = "John " + "Smith-" * 60 + "Jones"  # a run longer than _run_start's first window
    for text in (
        "x\nJohn Smith is a senior fellow at X", "John Smith is a fellow", "John, Smith is a fellow", "A\nB\nJohn\nSmith is an expert",
        "(John Smith is a writer)", "John Smith is a\n\nresearcher", f"{long_name} is a director", f"a, {long_name} is a director",
        "Mary Ann is a visiting senior research fellow", "John Smith is a writer, John Smith is a lecturer", "",
    ):
        for t in _reach_cases(text):
            hits = _check_reach(t)
            assert scores(t, hits=hits) == scores(t), t


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ,.\n-’", max_size=700), st.integers(min_value=0, max_value=700))
def test_run_start_is_after_the_last_stop(text, end):
    end = min(end, len(text))
    back = _DISCLAIMER.reach_back
    stops = [i for i in range(end) if not re.match(r"[\w\s.'’-]", text[i])]
    assert _dt._run_start(text, end, back) == (stops[-1] + 1 if stops else 0)


@pytest.mark.parametrize("cue", [c for c in CUES if set(c.starts + c.after_the) & set(_dt.START_PHRASES)], ids=lambda c: c.name)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_match_starting_with_a_phrased_start_word_goes_on_with_one_of_its_phrases(cue, data):
    s = data.draw(st.from_regex(cue.folded or cue.pattern, fullmatch=True)).lower()
    word = re.match(r"\w*", s).group(0)
    the = re.match(r"the\s+(\w+)", s)
    if word in _dt.START_PHRASES and word in cue.starts:
        assert re.match(rf"{word}\s+(?:{'|'.join(_dt.START_PHRASES[word])})", s), (cue.name, s)
    if the is not None and the.group(1) in _dt.START_PHRASES and the.group(1) in cue.after_the:
        w = the.group(1)
        assert re.match(rf"the\s+{w}\s+(?:{'|'.join(_dt.START_PHRASES[w])})", s), (cue.name, s)


def test_phrased_start_words_are_read_only_as_start_words():
    """Their index hits are narrowed: no cue may look before them, nor the first-person count at them."""
    assert not set(_dt.START_PHRASES) & ({w for c in CUES for w in c.before} | set(_dt._FIRST_PERSON_WORDS))
    assert set(_dt.START_PHRASES) <= _dt.START_WORDS
