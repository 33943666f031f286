import re

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.clean import clean, is_furniture, split_lines


def assert_exact_map(raw, mapped):
    for ts, rs, n in mapped.pieces:
        assert mapped.text[ts : ts + n] == raw[rs : rs + n]


WORDPRESS = """My post title

First paragraph of the post. It has two sentences.

Second paragraph.

Categories: News, Letters

Tags: , , ,

3 replies

  1. Alice says:
    Great post, thank you.

    Second paragraph of the comment.

    • Bob
      March 13, 2014 at 10:02 am
      I disagree with Alice.
      Reply

Leave a Reply

Fill in your details below or click an icon to log in: Logo

You are commenting using your Facebook account. Log Out /  Change )

Connecting to %s

%d bloggers like this:
"""


def test_wordpress_body_comments_and_furniture():
    c = clean(WORDPRESS)
    assert c.title == "My post title"
    assert c.body.text == "My post title\n\nFirst paragraph of the post. It has two sentences.\n\nSecond paragraph."
    assert [x.author for x in c.comments] == ["Alice", "Bob"]
    assert c.comments[0].text.text == "Great post, thank you.\n\nSecond paragraph of the comment."
    assert c.comments[1].text.text == "I disagree with Alice."
    everything = c.body.text + "".join(x.text.text for x in c.comments)
    for furniture in ("Categories", "Tags:", "replies", "Leave a Reply", "Log Out", "bloggers like", "Connecting", "Reply", "2014"):
        assert furniture not in everything
    assert_exact_map(WORDPRESS, c.body)
    for x in c.comments:
        assert_exact_map(WORDPRESS, x.text)


def test_blogger_and_news_furniture_lines():
    for line in (
        "Posted by Anna at 10:15 AM",
        "Labels: politics, history",
        "Newer Post Older Post Home",
        "Subscribe to: Post Comments (Atom)",
        "Share this:",
        "Copyright © 2020 Some Agency. All rights reserved.",
        "Follow us on Twitter",
        "Read more: https://example.org/x",
        "Advertisement",
    ):
        assert is_furniture(line), line
    for line in (
        "The ministry said the talks would resume on Monday.",
        "Tags were found on the bodies, officials said, and the inquiry continues into the case this week and beyond.",
        "Share prices fell 3% on Tuesday.",
        "Comments by the minister drew criticism.",
    ):
        assert not is_furniture(line), line


def test_news_text_without_furniture_is_unchanged_but_for_blank_runs():
    raw = "Title here\r\n\r\n\r\nBody line one.\r\nBody line two.\r\n"
    c = clean(raw)
    assert c.body.text == "Title here\n\nBody line one.\nBody line two."
    assert c.comments == ()
    assert_exact_map(raw, c.body)


def test_comment_header_without_markers_makes_one_comment():
    raw = "Post text here.\n\n1 Comment\n\nNice article, I learned a lot.\n"
    c = clean(raw)
    assert c.body.text == "Post text here."
    assert [x.text.text for x in c.comments] == ["Nice article, I learned a lot."]


def test_empty_and_whitespace():
    for raw in ("", "   ", "\n\n\r\n", "\ufeff"):
        c = clean(raw)
        assert c.body.text.strip() == c.body.text
        assert c.comments == ()


def test_split_lines_handles_all_line_ends():
    assert split_lines("a\r\nb\rc\nd") == [(0, "a"), (3, "b"), (5, "c"), (7, "d")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_map_is_exact_and_cleaning_is_idempotent(raw):
    c = clean(raw)
    assert_exact_map(raw, c.body)
    for x in c.comments:
        assert_exact_map(raw, x.text)
    again = clean(c.body.text)
    assert again.body.text == c.body.text


def _reference_split_lines(raw):
    """The readable form: one regex match per line (what split_lines does when a \\r is present)."""
    out = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)?", raw):
        if m.group():
            out.append((m.start(), m.group().rstrip("\r\n")))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", " ", "\n", "\n\n", "\r", "\r\n", "\t", "\u2028", "\x0b", "é"]), max_size=30).map("".join) | st.text(max_size=40))
def test_split_lines_equals_the_regex_split(raw):
    assert split_lines(raw) == _reference_split_lines(raw)
    no_cr = raw.replace("\r", "")  # the str.split path
    assert split_lines(no_cr) == _reference_split_lines(no_cr)
