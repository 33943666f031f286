"""Quotation marks: found by ``str.find``, the same offsets as the character-class scan."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate import claims_quotes


def reference_quote_marks(text: str) -> list[int]:
    """quote_marks as first written: one character-class scan."""
    return [m.start() for m in re.finditer("[" + claims_quotes.QUOTES + "]", text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(claims_quotes.QUOTES) + list("a '\n‘’é") + ["\U0001f600"]), max_size=40))
@example("")
@example('plain "ascii" text')
@example("„Mixed“ «marks» \"here\"")
def test_quote_marks_equal_the_character_class_scan(text):
    assert claims_quotes.quote_marks(text) == reference_quote_marks(text)


def test_quote_regions_pair_marks():
    assert claims_quotes.quote_regions('He said "yes" and “no”.') == [(8, 13), (18, 22)]
