"""Publisher kind: registry entry first, then government domains and blog structure, else unknown."""

from __future__ import annotations

from source_stance.builder.annotate.publisher_kind import annotate_publisher_kind, blog_cues
from source_stance.schema.registry import Publisher

AGENCY = Publisher(
    id="x_agency", name="X Agency", kind="state_media", alignment="unknown", alignment_basis="not_assessed"
)

WORDPRESS_TAIL = """My trip to the border villages was short.

Leave a Reply

You are commenting using your WordPress.com account. Log Out /  Change )

%d bloggers like this:"""

BLOGGER_TAIL = """What I saw at the rally.

Posted by Narek at 10:31 PM

Newer Post Older Post Home"""

NEWS = """The ministry said on Monday that the border crossing would reopen.
Officials from both governments met in Vienna. Copyright 2024 Daily Bugle."""


def test_registry_entry_kind_wins():
    lab = annotate_publisher_kind(entry=AGENCY, host="en.example.org", raw_text=WORDPRESS_TAIL)
    assert (lab.value, lab.source) == ("state_media", "rule") and "x_agency" in lab.evidence


def test_government_domains():
    for host in ("mfa.gov.xx", "state.gov", "diplomatie.gouv.fr", "army.mil"):
        assert annotate_publisher_kind(entry=None, host=host, raw_text="x").value == "government_body", host
    assert annotate_publisher_kind(entry=None, host="governance-review.org", raw_text="x").value == "unknown"


def test_blog_structure_wordpress_blogger_and_platform_host():
    for raw, host in ((WORDPRESS_TAIL, None), (BLOGGER_TAIL, None), ("I went there.", "someone.blogspot.com")):
        lab = annotate_publisher_kind(entry=None, host=host, raw_text=raw)
        assert (lab.value, lab.source) == ("personal_blog", "rule"), raw
        assert lab.evidence and 0 < lab.confidence < 1


def test_news_page_without_cues_is_unknown_none():
    lab = annotate_publisher_kind(entry=None, host="dailybugle.example", raw_text=NEWS)
    assert (lab.value, lab.source, lab.confidence) == ("unknown", "none", 0.0)


def test_blog_cues_quote_what_fired():
    cues = blog_cues(WORDPRESS_TAIL, None)
    assert any("Leave a Reply" in c for c in cues) and any("bloggers like this" in c for c in cues)
    assert blog_cues(NEWS, "dailybugle.example") == []


def test_registry_entry_without_a_kind_falls_back_to_structure():
    entry = Publisher(id="y", name="Y", kind="unknown")
    lab = annotate_publisher_kind(entry=entry, host="y.example", raw_text=NEWS)
    assert (lab.value, lab.source) == ("unknown", "none") and "registry entry y" in lab.evidence
    assert annotate_publisher_kind(entry=entry, host="y.example", raw_text=WORDPRESS_TAIL).value == "personal_blog"


# --- blog furniture is only looked for at line starts: same cues as a plain scan -----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate.publisher_kind import BLOG_FURNITURE, blog_cues  # noqa: E402

_LINES = ["3 bloggers like this", "Leave a Reply", "Posted by Jo at 10:31 pm", "Blog at WordPress.com.", "  ", "x",
          "Newer Post Older Post Home", "12 thoughts on x", "Blogroll:", "\n", "\n\n", "you are commenting using your", "İ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=12).map(lambda parts: "".join(parts)) |
       st.lists(st.sampled_from(_LINES), max_size=12).map("\n".join))
def test_blog_cues_equal_a_plain_scan(raw):
    plain = [f"blog furniture {' '.join(m.group(0).split())[:60]!r}" for m in BLOG_FURNITURE.finditer(raw)][:3]
    assert blog_cues(raw, None) == plain


# --- furniture_starts: the line starts where a furniture match can start --------------------------

import re  # noqa: E402

from hypothesis import HealthCheck  # noqa: E402

from source_stance.builder.annotate.candidates import matches_at  # noqa: E402
from source_stance.builder.annotate.publisher_kind import _FURNITURE_FIRST, furniture_starts  # noqa: E402

_ODD = ["\u212a", "K", "ſ", "ı", "İ", "٣", "Ａ", "\t", "\r", "\x0b", "\u2028", "\x85", "%D", "%d", "E", "n", "P", "y", "b", "L"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(BLOG_FURNITURE, fullmatch=True))
def test_every_furniture_match_starts_with_a_first_character(s):
    head = s.lstrip()
    assert head and re.match(_FURNITURE_FIRST, head[0], BLOG_FURNITURE.flags), s


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINES + _ODD) | st.text(max_size=3), max_size=14).map("".join)
       | st.lists(st.sampled_from(_LINES + _ODD), max_size=14).map("\n".join))
def test_furniture_starts_give_the_plain_matches(raw):
    for t in (raw, raw.upper(), raw.lower()):
        assert [m.span() for m in matches_at(BLOG_FURNITURE, t, furniture_starts(t))] == [m.span() for m in BLOG_FURNITURE.finditer(t)], t
